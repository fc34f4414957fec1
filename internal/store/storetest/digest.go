package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
)

// WorkspaceRows digests, table by table, every row of every table that has
// a workspace_id column and holds workspaceID there: two digests are equal
// when nothing of the workspace was inserted, changed or deleted between
// them. A table is found by its column, so a new table is covered the day
// its migration lands. The audit rows of refused requests (outcome denied)
// are left out: they record that nothing was done.
func WorkspaceRows(t testing.TB, st *store.Store, workspaceID string) map[string]string {
	t.Helper()
	tables := `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'workspace_id' ORDER BY m.name`
	if st.Dialect() == store.Postgres {
		tables = `SELECT table_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND column_name = 'workspace_id' ORDER BY table_name`
	}
	out := map[string]string{}
	// One transaction on the store's own database handle: a consistent
	// snapshot of every table.
	err := func() error {
		tx, err := st.DB().BeginTx(context.Background(), nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		names, err := column(tx, tables)
		if err != nil {
			return err
		}
		if len(names) == 0 {
			return fmt.Errorf("no table has a workspace_id column")
		}
		for _, table := range names {
			q := `SELECT * FROM ` + table + ` WHERE workspace_id = $1`
			if table == "audit_log" {
				q += ` AND outcome <> 'denied'`
			}
			rows, err := renderRows(tx, q, workspaceID)
			if err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
			slices.Sort(rows)
			sum := sha256.Sum256([]byte(strings.Join(rows, "\n")))
			out[table] = fmt.Sprintf("%d rows %s", len(rows), hex.EncodeToString(sum[:8]))
		}
		return nil
	}()
	if err != nil {
		t.Fatalf("digest of workspace %s: %v", workspaceID, err)
	}
	return out
}

// DiffRows names the tables whose digests differ, "" when none does.
func DiffRows(before, after map[string]string) string {
	var out []string
	for table, b := range before {
		if a := after[table]; a != b {
			out = append(out, fmt.Sprintf("%s: %s → %s", table, b, a))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

func column(tx *sql.Tx, query string) ([]string, error) {
	rows, err := tx.Query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// renderRows runs query and renders each row, every column, as text.
func renderRows(tx *sql.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var b strings.Builder
		for i, v := range vals {
			if raw, ok := v.([]byte); ok {
				v = string(raw)
			}
			fmt.Fprintf(&b, "%s=%v|", cols[i], v)
		}
		out = append(out, b.String())
	}
	return out, rows.Err()
}
