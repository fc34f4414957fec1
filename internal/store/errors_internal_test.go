package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Classify lets the external tests classify the errors they provoke with
// raw SQL, outside the store's methods.
var Classify = classify

// TestClassifyCodes maps each code the store recognises, and some it must
// leave alone, to its class.
func TestClassifyCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code int
		want error // nil: not classified
	}{
		{sqlite3.SQLITE_CONSTRAINT_UNIQUE, ErrConflict},
		{sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, ErrConflict},
		{sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, nil},
		{sqlite3.SQLITE_CONSTRAINT_NOTNULL, nil},
		{sqlite3.SQLITE_CONSTRAINT_CHECK, nil},
		{sqlite3.SQLITE_FULL, ErrUnavailable},
		{sqlite3.SQLITE_IOERR, ErrUnavailable},
		{sqlite3.SQLITE_IOERR_WRITE, ErrUnavailable},
		{sqlite3.SQLITE_IOERR_FSYNC, ErrUnavailable},
		{sqlite3.SQLITE_READONLY, ErrUnavailable},
		{sqlite3.SQLITE_BUSY, ErrUnavailable},
		{sqlite3.SQLITE_BUSY_SNAPSHOT, ErrSerialization},
		{sqlite3.SQLITE_LOCKED, ErrUnavailable},
		{sqlite3.SQLITE_NOMEM, ErrUnavailable},
		{sqlite3.SQLITE_CANTOPEN, ErrUnavailable},
		{sqlite3.SQLITE_ERROR, nil},
		{sqlite3.SQLITE_CORRUPT, nil},
	} {
		if got := sqliteClass(tc.code); got != tc.want {
			t.Errorf("SQLite code %d: class %v, want %v", tc.code, got, tc.want)
		}
	}
	for _, tc := range []struct {
		state string
		want  error
	}{
		{"23505", ErrConflict},      // unique_violation
		{"23503", nil},              // foreign_key_violation
		{"23502", nil},              // not_null_violation
		{"40001", ErrSerialization}, // serialization_failure
		{"40P01", ErrSerialization}, // deadlock_detected
		{"53100", ErrUnavailable},   // disk_full
		{"53200", ErrUnavailable},   // out_of_memory
		{"53300", ErrUnavailable},   // too_many_connections
		{"25006", ErrUnavailable},   // read_only_sql_transaction
		{"55P03", ErrUnavailable},   // lock_not_available
		{"57P01", ErrUnavailable},   // admin_shutdown
		{"57P02", ErrUnavailable},   // crash_shutdown
		{"57P03", ErrUnavailable},   // cannot_connect_now
		{"08000", ErrUnavailable},   // connection_exception
		{"08006", ErrUnavailable},   // connection_failure
		{"58030", ErrUnavailable},   // io_error
		{"57014", nil},              // query_canceled
		{"42601", nil},              // syntax_error
		{"22P02", nil},              // invalid_text_representation
	} {
		if got := postgresClass(tc.state); got != tc.want {
			t.Errorf("SQLSTATE %s: class %v, want %v", tc.state, got, tc.want)
		}
	}
}

// TestClassifyDriverErrors provokes real driver errors (on a bare SQLite
// file, and a refused PostgreSQL connection) and classifies them: the class
// is in the chain, and so is the driver's error.
func TestClassifyDriverErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "raw.db")
	open := func(pragmas string) *sql.DB {
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"+pragmas)
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		return db
	}
	db := open("")
	mustExec := func(db *sql.DB, q string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	mustExec(db, `CREATE TABLE p (id TEXT PRIMARY KEY, k TEXT UNIQUE, v TEXT NOT NULL)`)
	mustExec(db, `CREATE TABLE c (id TEXT PRIMARY KEY, p_id TEXT NOT NULL REFERENCES p (id))`)
	mustExec(db, `INSERT INTO p VALUES ('1', 'k', 'v')`)
	exec := func(db *sql.DB, q string) func() error {
		return func() error { _, err := db.ExecContext(ctx, q); return err }
	}
	readOnly := open("&_pragma=query_only(1)")
	busy := open("&_pragma=busy_timeout(0)")

	for _, tc := range []struct {
		name    string
		provoke func() error
		want    error // nil: not classified
	}{
		{"sqlite unique", exec(db, `INSERT INTO p VALUES ('2', 'k', 'v')`), ErrConflict},
		{"sqlite primary key", exec(db, `INSERT INTO p VALUES ('1', 'other', 'v')`), ErrConflict},
		{"sqlite foreign key", exec(db, `INSERT INTO c VALUES ('1', 'nobody')`), nil},
		{"sqlite not null", exec(db, `INSERT INTO p VALUES ('3', 'k3', NULL)`), nil},
		{"sqlite syntax error", exec(db, `INSERT INTO`), nil},
		{"sqlite read-only", exec(readOnly, `INSERT INTO p VALUES ('4', 'k4', 'v')`), ErrUnavailable},
		{"sqlite disk full", func() error {
			// The file may not grow: the next page it needs is refused.
			var pages int
			if err := db.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
				return err
			}
			mustExec(db, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages))
			defer mustExec(db, `PRAGMA max_page_count = 1073741823`)
			_, err := db.ExecContext(ctx, `INSERT INTO p VALUES ('5', 'k5', ?)`, string(make([]byte, 1<<20)))
			return err
		}, ErrUnavailable},
		{"sqlite busy", func() error {
			// Another connection holds the write lock; this one does not wait.
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if _, err := tx.ExecContext(ctx, `UPDATE p SET v = 'w' WHERE id = '1'`); err != nil {
				return err
			}
			_, err = busy.ExecContext(ctx, `UPDATE p SET v = 'x' WHERE id = '1'`)
			return err
		}, ErrUnavailable},
		{"sqlite busy snapshot", func() error {
			// A reader's snapshot went stale under a commit; it cannot write.
			tx, err := busy.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM p`).Scan(&n); err != nil {
				return err
			}
			mustExec(db, `UPDATE p SET v = 'y' WHERE id = '1'`)
			_, err = tx.ExecContext(ctx, `UPDATE p SET v = 'z' WHERE id = '1'`)
			return err
		}, ErrSerialization},
		{"postgres connection refused", func() error {
			// Nothing listens on port 1 of loopback.
			c, err := pgconn.Connect(ctx, "postgres://u@127.0.0.1:1/x?connect_timeout=5&sslmode=disable")
			if err == nil {
				c.Close(ctx)
			}
			return err
		}, ErrUnavailable},
		{"bad connection", func() error { return fmt.Errorf("exec: %w", driver.ErrBadConn) }, ErrUnavailable},
		{"canceled", func() error { return fmt.Errorf("query: %w", context.Canceled) }, nil},
		{"not found", func() error { return ErrNotFound }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.provoke()
			if err == nil {
				t.Fatal("no error provoked")
			}
			got := classify(err)
			for _, class := range []error{ErrConflict, ErrSerialization, ErrUnavailable} {
				if is := errors.Is(got, class); is != (class == tc.want) {
					t.Errorf("errors.Is(classify(%v), %v) = %v", err, class, is)
				}
			}
			if !errors.Is(got, err) {
				t.Errorf("classify(%v) = %v: the driver's error left the chain", err, got)
			}
			if tc.want == nil && got != err {
				t.Errorf("classify(%v) = %v, want it unchanged", err, got)
			}
			if again := classify(got); again != got {
				t.Errorf("classifying twice wrapped twice: %v", again)
			}
			var se *sqlite.Error
			if errors.As(err, &se) && !errors.As(got, &se) {
				t.Errorf("classify(%v) hides the SQLite error", err)
			}
		})
	}
}
