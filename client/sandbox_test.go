package client_test

import (
	"bufio"
	"context"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/lintel-dev/lintel/internal/cli"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// startSandbox runs a lintel server in this process on a seeded database
// in a temporary directory, for the examples. It returns the server's URL,
// an API key, the id of a seeded access system, and a function that stops
// the server and removes the directory.
func startSandbox() (endpoint, apiKey, acsSystemID string, stop func()) {
	dir, err := os.MkdirTemp("", "lintel-example")
	if err != nil {
		log.Fatal(err)
	}
	db := filepath.Join(dir, "lintel.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	var ws seed.Workspace
	err = st.InTx(ctx, func(tx *store.Tx) error {
		ws, err = seed.Seed(ctx, tx, seed.Options{Name: "Example", IsSandbox: true,
			Systems: []seed.System{{Name: "Visionline", ExternalType: "visionline_system", AccessMethod: "card", Users: 1}}})
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := st.Close(); err != nil {
		log.Fatal(err)
	}

	ctx, cancel := context.WithCancel(ctx)
	out, w := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		args := []string{"serve", "--addr", "127.0.0.1:0", "--database", db, "--log-level", "error"}
		cli.Run(ctx, args, func(string) string { return "" }, nil, w, io.Discard)
		w.Close()
	}()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if _, url, ok := strings.Cut(sc.Text(), " listening on "); ok {
			endpoint = url
			break
		}
	}
	if endpoint == "" {
		log.Fatal("the example server did not start")
	}
	go io.Copy(io.Discard, out)
	return endpoint, ws.APIKey, ws.Systems[0].AcsSystemID, func() {
		cancel()
		<-done
		os.RemoveAll(dir)
	}
}
