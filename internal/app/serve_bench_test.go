package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/bench/seed"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// BenchmarkServe is what one request costs the server, network aside: the
// handler `lintel serve` runs, over a SQLite file in --durability=process
// (the commit writes the log and does not wait for the disk, so what is
// measured is CPU), called by one caller after another, as a test suite
// calls. It is the steady meter of bench/README.md's C=1 rows, whose
// loopback figures swing with the machine: ns/op here is the server's
// share of a round trip.
//
//	go test -run '^$' -bench Serve -count 6 ./internal/app
func BenchmarkServe(b *testing.B) {
	for _, c := range []struct {
		name string
		k, g int
		path string
		body func(id string) string
		// deletes: every call takes a user of its own.
		deletes bool
	}{
		{name: "delete", path: "/acs/users/delete", deletes: true,
			body: func(id string) string { return `{"acs_user_id":"` + id + `"}` }},
		{name: "delete_full", k: 2, g: 1, path: "/acs/users/delete", deletes: true,
			body: func(id string) string { return `{"acs_user_id":"` + id + `"}` }},
		{name: "get", path: "/acs/users/get",
			body: func(id string) string { return `{"acs_user_id":"` + id + `"}` }},
		{name: "list20", path: "/acs/users/list",
			body: func(string) string { return `{"limit":20}` }},
		{name: "credentials_by_user", k: 2, path: "/acs/credentials/list",
			body: func(id string) string { return `{"acs_user_id":"` + id + `"}` }},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			st, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), store.Options{Durability: store.DurabilityProcess})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			if err := st.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			t, token, err := seed.NewSandbox(ctx, st, 2, "")
			if err != nil {
				b.Fatal(err)
			}
			n := 2000
			if c.deletes {
				n = b.N + 200
			}
			ids, err := seed.Users(ctx, st, t, n, c.k, c.g, 2000, true, nil)
			if err != nil {
				b.Fatal(err)
			}
			key, err := secret.GenerateKey()
			if err != nil {
				b.Fatal(err)
			}
			a, err := app.Build(st, key, app.Options{})
			if err != nil {
				b.Fatal(err)
			}
			srv, err := api.New(a.APIServices(), api.Config{Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			call := func(id string) {
				// net/http cancels a request's context when its client goes.
				rctx, cancel := context.WithCancel(ctx)
				defer cancel()
				r := httptest.NewRequestWithContext(rctx, http.MethodPost, c.path, strings.NewReader(c.body(id)))
				r.Header.Set("Authorization", "Bearer "+token)
				r.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					body, _ := io.ReadAll(w.Body)
					b.Fatalf("%s: %d %s", c.path, w.Code, body)
				}
			}
			// Warm the statement caches and the pages, as the suite warms
			// its servers.
			for _, id := range ids[len(ids)-200:] {
				call(id)
			}
			b.ReportAllocs()
			created := goroutinesCreated()
			b.ResetTimer()
			for i := range b.N {
				call(ids[i%(len(ids)-200)])
			}
			b.StopTimer()
			// Every goroutine started wakes the machine's other cores to
			// look for work: on a small machine shared with the client,
			// that costs more than the goroutine itself.
			b.ReportMetric(float64(goroutinesCreated()-created)/float64(b.N), "goroutines/op")
		})
	}
}

// goroutinesCreated is how many goroutines the process has started.
func goroutinesCreated() uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
