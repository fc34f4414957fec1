// Package storetest opens throwaway stores for tests: a SQLite file in a
// temporary directory always, and a fresh PostgreSQL schema when
// LINTEL_TEST_DATABASE_URL names a server.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/lintel-dev/lintel/internal/store"
)

// Backend is one database a test runs on.
type Backend struct {
	Name string
	// DSN opens a new, empty, migrated database each time it is called.
	Open func(t testing.TB) *store.Store
	// URL returns a DSN for a new empty database (for starting the binary).
	URL func(t testing.TB) string
}

// PostgresURL is the server the PostgreSQL variants of the tests use.
func PostgresURL() string { return os.Getenv("LINTEL_TEST_DATABASE_URL") }

// Backends lists SQLite, and PostgreSQL when configured.
func Backends(t testing.TB) []Backend {
	bs := []Backend{{Name: "sqlite", Open: SQLite, URL: SQLiteURL}}
	if PostgresURL() != "" {
		bs = append(bs, Backend{Name: "postgres", Open: Postgres, URL: PostgresSchemaURL})
	}
	return bs
}

// DurablePostgresURL is a PostgreSQL server that runs with fsync and
// synchronous_commit on, for the tests whose claim is that a commit
// survives (the crash tests, the durability settings test). CI sets it:
// the server of LINTEL_TEST_DATABASE_URL runs with both off, for speed.
func DurablePostgresURL() string { return os.Getenv("LINTEL_TEST_DURABLE_DATABASE_URL") }

// DurableBackends lists SQLite, and the durable PostgreSQL server. Without
// LINTEL_TEST_DURABLE_DATABASE_URL it falls back to the ordinary server
// (saying so in the log: there a crash test proves atomicity, not
// durability) — except under CI, which must provide it.
func DurableBackends(t testing.TB) []Backend {
	bs := []Backend{{Name: "sqlite", Open: SQLite, URL: SQLiteURL}}
	switch {
	case DurablePostgresURL() != "":
		url := func(t testing.TB) string { return SchemaURL(t, DurablePostgresURL()) }
		bs = append(bs, Backend{Name: "postgres-durable", Open: func(t testing.TB) *store.Store { return open(t, url(t)) }, URL: url})
	case os.Getenv("CI") != "":
		t.Fatal("CI must set LINTEL_TEST_DURABLE_DATABASE_URL to a PostgreSQL server with fsync and synchronous_commit on (.ci/run starts one)")
	case PostgresURL() != "":
		t.Log("LINTEL_TEST_DURABLE_DATABASE_URL is not set: PostgreSQL runs on LINTEL_TEST_DATABASE_URL, whose settings may not be durable")
		bs = append(bs, Backend{Name: "postgres", Open: Postgres, URL: PostgresSchemaURL})
	}
	return bs
}

// ForEach runs fn as a subtest on every backend.
func ForEach(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			fn(t, b.Open(t))
		})
	}
}

// SQLiteURL returns the path of a new SQLite file in a temporary directory.
func SQLiteURL(t testing.TB) string {
	return t.TempDir() + "/lintel.db"
}

// SQLite opens a migrated store on a new SQLite file.
func SQLite(t testing.TB) *store.Store {
	return open(t, SQLiteURL(t))
}

// PostgresSchemaURL creates a new schema on the test server and returns a
// URL whose connections use it; the schema is dropped when the test ends.
func PostgresSchemaURL(t testing.TB) string {
	base := PostgresURL()
	if base == "" {
		t.Skip("LINTEL_TEST_DATABASE_URL is not set")
	}
	return SchemaURL(t, base)
}

// SchemaURL creates a new schema on the server of base and returns a URL
// whose connections use it; the schema is dropped when the test ends.
func SchemaURL(t testing.TB, base string) string {
	schema := "t_" + strings.ReplaceAll(uuid.NewString(), "-", "")
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres opens a migrated store on a new schema of the test server.
func Postgres(t testing.TB) *store.Store {
	return open(t, PostgresSchemaURL(t))
}

// open opens and migrates dsn. A SQLite test store syncs its log at
// checkpoints, not on every commit (DurabilityProcess): a test's file lives
// as long as the test, and what survives a power cut is the subject only of
// the tests that open their stores themselves (TestDurabilitySettings, the
// kill -9 tests of internal/e2e, which run the binary in its default full
// mode). The SQL is the same either way.
func open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	ctx := context.Background()
	var opt store.Options
	if !store.IsPostgresURL(dsn) {
		opt.Durability = store.DurabilityProcess
	}
	st, err := store.Open(ctx, dsn, opt)
	if err != nil {
		t.Fatalf("open %s: %v", redact(dsn), err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return st
}

func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return fmt.Sprintf("%s://%s%s", u.Scheme, u.Host, u.Path)
	}
	return dsn
}
