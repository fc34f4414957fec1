// Command seedusers puts ACS users straight into a lintel database, for the
// scaling benchmark: a million users through HTTP would take too long, and
// the benchmark only needs them present. The users go to the workspace of
// an API key (the sandbox's seam_apikey1_token by default), each with
// credentials and access group memberships, in lintel's tables and in the
// sandbox provider's.
//
//	go run ./bench/cmd/seedusers -database bench/out/scale.db -n 1000000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/bench/seed"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "seedusers:", err)
		os.Exit(1)
	}
}

func run() error {
	database := flag.String("database", "", "SQLite file or postgres:// URL of a lintel database")
	key := flag.String("key", "seam_apikey1_token", "API key whose workspace receives the users")
	systemID := flag.String("acs-system-id", "", "sandbox ACS system for the users (default: the workspace's first)")
	n := flag.Int("n", 0, "users to add")
	k := flag.Int("k", 2, "credentials per user")
	g := flag.Int("g", 1, "access groups each user joins")
	batch := flag.Int("batch", 2000, "users per transaction")
	create := flag.Bool("create", false, "if no workspace has the key, create one with a sandbox system and 2 access groups")
	flag.Parse()
	if *database == "" || *n < 0 || *n > 10_000_000 {
		return errors.New("-database is required and -n must be in 0..10,000,000")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	st, err := store.Open(ctx, *database, store.Options{MaxBatch: 1})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	t, err := target(ctx, st, *key, *systemID, *create)
	if err != nil {
		return err
	}
	groups := make([]string, len(t.Groups))
	for i, gr := range t.Groups {
		groups[i] = gr.AcsAccessGroupID
	}
	fmt.Printf("workspace %s acs_system_id %s access groups %s\n", t.WorkspaceID, t.AcsSystemID, strings.Join(groups, ","))
	start, last := time.Now(), time.Now()
	_, err = seed.Users(ctx, st, t, *n, *k, min(*g, len(t.Groups)), *batch, false, func(done int) {
		if time.Since(last) > 10*time.Second || done == *n {
			last = time.Now()
			fmt.Printf("%d users (%.0f/s)\n", done, float64(done)/time.Since(start).Seconds())
		}
	})
	if err != nil {
		return err
	}
	// What a server that has run for a minute has: autovacuum's statistics
	// of what was loaded (PostgreSQL; nothing on SQLite).
	return st.Analyze(ctx)
}

// target finds the workspace of the key, its system and that system's
// access groups.
func target(ctx context.Context, st *store.Store, key, systemID string, create bool) (seed.Target, error) {
	tok, ok := secret.ParseToken(key)
	if !ok || tok.Kind != secret.APIKey {
		return seed.Target{}, fmt.Errorf("%q is not an API key", key)
	}
	var t seed.Target
	err := st.InTx(ctx, func(tx *store.Tx) error {
		k, err := tx.APIKeyByShortToken(ctx, tok.Short)
		if err != nil {
			return err
		}
		t, err = seed.Find(ctx, tx, k.WorkspaceID, systemID)
		return err
	})
	if errors.Is(err, store.ErrNotFound) && create {
		t, _, err = seed.NewSandbox(ctx, st, 2, key)
	}
	return t, err
}
