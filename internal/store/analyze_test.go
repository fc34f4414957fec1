package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/bench/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestAnalyze loads users with credentials into a freshly migrated
// database, as a bulk load does, and refreshes the statistics. On
// PostgreSQL every table then has them, the partial index of live
// credentials counts the rows it holds rather than the none it held when
// the migration built it, and the claim of a user's deletion finds the user
// by its key and reaches its credentials by the user, not by walking the
// workspace's live users and credentials. On SQLite
// Analyze writes no statistics: its plans are made without them.
func TestAnalyze(t *testing.T) {
	ctx := context.Background()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			st := b.Open(t)
			tgt, _, err := seed.NewSandbox(ctx, st, 1, "")
			if err != nil {
				t.Fatal(err)
			}
			ids, err := seed.Users(ctx, st, tgt, 300, 2, 1, 300, true, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Analyze(ctx); err != nil {
				t.Fatal(err)
			}
			db := st.DB()
			if st.Dialect() != store.Postgres {
				var n int
				if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != 0 {
					t.Fatalf("%d statistics tables on SQLite, want none", n)
				}
				return
			}
			var never []string
			rows, err := db.QueryContext(ctx, `SELECT relname FROM pg_stat_user_tables
				WHERE schemaname = current_schema() AND last_analyze IS NULL ORDER BY relname`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var name string
				if err := rows.Scan(&name); err != nil {
					t.Fatal(err)
				}
				never = append(never, name)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
			if len(never) > 0 {
				t.Errorf("tables without statistics after Analyze: %v", never)
			}
			var live float64
			if err := db.QueryRowContext(ctx, `SELECT reltuples FROM pg_class
				WHERE oid = to_regclass(quote_ident(current_schema()) || '.acs_credentials_list')`).Scan(&live); err != nil {
				t.Fatal(err)
			}
			if live != 600 {
				t.Errorf("acs_credentials_list counts %v rows, want the 600 live credentials", live)
			}
			plan := explain(t, db, store.ClaimAcsUserDeleteRevokingPostgres, tgt.WorkspaceID, ids[0], int64(1))
			if strings.Contains(plan, "acs_credentials_list") || !strings.Contains(plan, "using acs_credentials_user") {
				t.Errorf("the claim does not take the user's credentials by the user:\n%s", plan)
			}
			if !strings.Contains(plan, "using acs_users_pkey on acs_users") {
				t.Errorf("the claim does not find the user by its key:\n%s", plan)
			}
		})
	}
}

// explain returns PostgreSQL's plan for q with args, inside a transaction
// that is rolled back.
func explain(t *testing.T, db *sql.DB, q string, args ...any) string {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "EXPLAIN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		b.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
