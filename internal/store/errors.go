package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The store's errors: the closed set that packages above the store test
// with errors.Is (see the package documentation).
var (
	// ErrNotFound is returned by lookups that find no row in the workspace.
	ErrNotFound = errors.New("not found")
	// ErrConflict is returned when a write would give two rows a value that
	// must be unique (a user identity's key, email address or phone number).
	ErrConflict = errors.New("conflict")
	// ErrSerialization is a transaction the database could not serialize
	// with concurrent ones (or a deadlock) that retrying did not get through.
	ErrSerialization = errors.New("serialization failure")
	// ErrUnavailable is a database that cannot serve right now: disk full,
	// read-only, an I/O error, a lock not granted in time, out of memory,
	// too many connections, a connection refused or lost.
	ErrUnavailable = errors.New("database unavailable")
)

// classify wraps a driver error the store recognises in its class, keeping
// the driver's error in the chain; any other error is returned as it is.
func classify(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// The caller gave up; that says nothing about the database.
		return err
	}
	class := classOf(err)
	if class == nil || errors.Is(err, class) {
		return err
	}
	return fmt.Errorf("%w: %w", class, err)
}

// classOf names the class of a driver error by its code, or nil.
func classOf(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return sqliteClass(se.Code())
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return postgresClass(pe.Code)
	}
	var ce *pgconn.ConnectError
	var ne *net.OpError
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) {
		return ErrUnavailable
	}
	return nil
}

// sqliteClass classifies an extended SQLite result code.
func sqliteClass(code int) error {
	switch code {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return ErrConflict
	case sqlite3.SQLITE_BUSY_SNAPSHOT:
		// A read transaction that tried to write after another writer
		// committed: SQLite's serialization failure.
		return ErrSerialization
	}
	switch code & 0xff { // the primary result code
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_BUSY,
		sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_CANTOPEN:
		return ErrUnavailable
	}
	return nil
}

// postgresClass classifies a PostgreSQL SQLSTATE.
func postgresClass(state string) error {
	switch state {
	case "23505": // unique_violation
		return ErrConflict
	case "40001", "40P01": // serialization_failure, deadlock_detected
		return ErrSerialization
	case "25006", // read_only_sql_transaction
		"55P03",                   // lock_not_available
		"57P01", "57P02", "57P03": // admin_shutdown, crash_shutdown, cannot_connect_now
		return ErrUnavailable
	}
	switch {
	case strings.HasPrefix(state, "08"), // connection exception
		strings.HasPrefix(state, "53"), // insufficient resources: disk full, out of memory, too many connections
		strings.HasPrefix(state, "58"): // system error: I/O error
		return ErrUnavailable
	}
	return nil
}
