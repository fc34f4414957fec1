package e2e

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// durabilityModes are the durability modes `lintel serve` offers: the
// arguments that choose one and the settings every live connection must
// then report. A new mode (a relaxed one trading the last commits of a
// power cut for speed) is one more row.
var durabilityModes = []struct {
	name string
	args []string
	// sqlite holds, for every connection (writer, checkpointer, each
	// reader), the pragmas it must report.
	sqlite map[string]string
	// postgres holds what the pool's connection must report on a server
	// whose configuration is durable (LINTEL_TEST_DURABLE_DATABASE_URL);
	// nil when lintel must refuse the mode on PostgreSQL, whose durability
	// is its own settings.
	postgres map[string]string
}{
	{
		name:     "default",
		sqlite:   map[string]string{"synchronous": "FULL", "journal_mode": "wal"},
		postgres: durablePostgres,
	},
	{
		name:     "full",
		args:     []string{"--durability=full"},
		sqlite:   map[string]string{"synchronous": "FULL", "journal_mode": "wal"},
		postgres: durablePostgres,
	},
	{
		name:   "process",
		args:   []string{"--durability=process"},
		sqlite: map[string]string{"synchronous": "NORMAL", "journal_mode": "wal"},
	},
	{
		// A sandbox defaults to process on SQLite, and keeps PostgreSQL's.
		name:     "seed",
		args:     []string{"--seed"},
		sqlite:   map[string]string{"synchronous": "NORMAL", "journal_mode": "wal"},
		postgres: durablePostgres,
	},
	{
		name:     "seed-full",
		args:     []string{"--seed", "--durability=full"},
		sqlite:   map[string]string{"synchronous": "FULL", "journal_mode": "wal"},
		postgres: durablePostgres,
	},
}

var durablePostgres = map[string]string{"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}

// TestDurabilitySettings starts the real binary in each durability mode and
// reads, from its /metrics, the settings its live database connections
// report (PRAGMA synchronous and journal_mode on each SQLite connection;
// SHOW fsync, synchronous_commit, full_page_writes on PostgreSQL).
func TestDurabilitySettings(t *testing.T) {
	for _, mode := range durabilityModes {
		t.Run(mode.name+"/sqlite", func(t *testing.T) {
			srv := startServer(t, storetest.SQLiteURL(t), nil, mode.args...)
			got := scrapeDurability(t, srv)
			srv.stop(t)
			readers := 0
			for conn, settings := range got {
				if strings.HasPrefix(conn, "reader ") {
					readers++
				}
				for name, want := range mode.sqlite {
					if settings[name] != want {
						t.Errorf("%s connection: %s = %q, want %q", conn, name, settings[name], want)
					}
				}
			}
			if got["writer"] == nil || got["checkpointer"] == nil || readers == 0 {
				t.Errorf("connections reported: %v; want the writer, the checkpointer and the read pool", got)
			}
		})
		t.Run(mode.name+"/postgres", func(t *testing.T) {
			base, durable := storetest.DurablePostgresURL(), true
			if base == "" {
				base, durable = storetest.PostgresURL(), false
			}
			if base == "" {
				t.Skip("neither LINTEL_TEST_DURABLE_DATABASE_URL nor LINTEL_TEST_DATABASE_URL is set")
			}
			if !durable && os.Getenv("CI") != "" {
				t.Fatal("CI must set LINTEL_TEST_DURABLE_DATABASE_URL (.ci/run starts a durable server)")
			}
			if mode.postgres == nil {
				refused(t, storetest.SchemaURL(t, base), mode.args)
				return
			}
			srv := startServer(t, storetest.SchemaURL(t, base), nil, mode.args...)
			got := scrapeDurability(t, srv)["pool"]
			srv.stop(t)
			// What the server says to a connection of this test: lintel's
			// connections must not report less.
			server := showSettings(t, base, mode.postgres)
			for name, want := range mode.postgres {
				if !durable {
					want = server[name]
				}
				if got[name] != want {
					t.Errorf("%s = %q on lintel's connection, want %q (the server says %q; durable server: %v)",
						name, got[name], want, server[name], durable)
				}
			}
		})
	}
}

// refused checks that the binary will not serve database in a mode:
// it exits at once, non-zero, naming the flag's value.
func refused(t *testing.T, database string, args []string) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0", "--database", database}, args...)...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("lintel serve %v on PostgreSQL: %v, want a refusal\n%s", args, err, out)
	}
	if !strings.Contains(string(out), "is for SQLite") {
		t.Errorf("lintel serve %v on PostgreSQL exited %d without saying why:\n%s", args, exit.ExitCode(), out)
	}
}

var durabilityLine = regexp.MustCompile(`^lintel_database_durability_info\{(.*)\} 1$`)
var label = regexp.MustCompile(`(\w+)="([^"]*)"`)

// scrapeDurability reads lintel_database_durability_info from /metrics:
// connection → setting → value.
func scrapeDurability(t *testing.T, srv *server) map[string]map[string]string {
	t.Helper()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]map[string]string{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		m := durabilityLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		labels := map[string]string{}
		for _, l := range label.FindAllStringSubmatch(m[1], -1) {
			labels[l[1]] = l[2]
		}
		if out[labels["connection"]] == nil {
			out[labels["connection"]] = map[string]string{}
		}
		out[labels["connection"]][labels["setting"]] = labels["value"]
	}
	if len(out) == 0 {
		t.Fatalf("/metrics has no lintel_database_durability_info (status %d)", resp.StatusCode)
	}
	return out
}

// showSettings asks the server of dsn for the named settings on a
// connection of the test's own.
func showSettings(t *testing.T, dsn string, names map[string]string) map[string]string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	for name := range names {
		var v string
		if err := db.QueryRowContext(context.Background(), "SHOW "+name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		out[name] = v
	}
	return out
}
