package store

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// rowScanner is what a row scanner reads from: a *sql.Row, *sql.Rows or
// pgx.Rows. An alias, so that a scanner written with the literal interface
// still fits queryList.
type rowScanner = interface{ Scan(dest ...any) error }

// scanString reads a row of one text column.
func scanString(r rowScanner) (string, error) {
	var s string
	return s, r.Scan(&s)
}

// queryList runs a query and scans every row with scan.
func queryList[T any](ctx context.Context, tx *Tx, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	if len(tx.pending) > 0 {
		// The query goes in the same round trip as the held-back writes.
		var out []T
		err := tx.flushWith(ctx, func(rows pgx.Rows) (err error) {
			out, err = scanAll(rows, scan)
			return err
		}, query, args...)
		return out, err
	}
	rows, err := tx.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanAll(rows, scan)
}

// scanAll scans the rows of database/sql or of pgx.
func scanAll[T any](rows interface {
	rowScanner
	Next() bool
	Err() error
}, scan func(rowScanner) (T, error)) ([]T, error) {
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// subqueries reads each of a comma-separated column list from the one row
// of table that matches where, one scalar subquery a column.
func subqueries(table, where, columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = "(SELECT " + strings.TrimSpace(c) + " FROM " + table + " WHERE " + where + ")"
	}
	return strings.Join(parts, ", ")
}

// execOne runs a statement and reports ErrNotFound when it changed no row.
func execOne(ctx context.Context, tx *Tx, query string, args ...any) error {
	res, err := tx.q.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// withClauses joins data-modifying statements into one PostgreSQL statement:
// all but the last become WITH clauses. They share the parameters and one
// snapshot, so none may depend on another's effect.
func withClauses(stmts []string) string {
	var b strings.Builder
	for i, q := range stmts[:len(stmts)-1] {
		if i == 0 {
			b.WriteString("WITH ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString("w" + strconv.Itoa(i) + " AS (" + q + ")")
	}
	b.WriteString(" " + stmts[len(stmts)-1])
	return b.String()
}

// noLimit turns a negative limit into one no table reaches (PostgreSQL
// refuses LIMIT -1, which SQLite reads as "no limit").
func noLimit(n int) int {
	if n < 0 {
		return math.MaxInt32
	}
	return n
}
