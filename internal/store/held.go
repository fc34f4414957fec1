package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// A write whose outcome its caller only passes on (no rows counted, no
// error told apart) need not cost a round trip of its own. On PostgreSQL,
// execLater holds it back until the transaction runs its next statement or
// commits; then every held write goes to the server at once, as one pgx
// pipeline, and is executed in order before that statement. Nothing the
// transaction reads can miss them, and they run exactly as if sent one by
// one; only an error of theirs surfaces at the next statement instead.
// A user delete ends with three such writes (its audit row, the sandbox
// provider's rows, its events): one round trip instead of three.

// heldExec is a write held back by execLater.
type heldExec struct {
	query string
	args  []any
}

// execLater runs a write, or on PostgreSQL holds it back as described
// above. Use it only where the caller would return the write's error
// unexamined.
func (tx *Tx) execLater(ctx context.Context, query string, args ...any) error {
	if tx.conn == nil {
		_, err := tx.q.ExecContext(ctx, query, args...)
		return err
	}
	tx.pending = append(tx.pending, heldExec{query: query, args: args})
	return nil
}

// flush sends the held-back writes in one pipeline and waits for them. A
// failure is kept: the transaction is aborted and can only roll back.
func (tx *Tx) flush(ctx context.Context) error {
	return tx.flushWith(ctx, nil, "")
}

// flushWith sends the held-back writes and then, in the same pipeline, the
// query, whose rows it hands to read (nil: no query). An error of the query
// or of read is returned as the query's own would be.
func (tx *Tx) flushWith(ctx context.Context, read func(pgx.Rows) error, query string, args ...any) error {
	if tx.flushErr != nil || len(tx.pending) == 0 && read == nil {
		return tx.flushErr
	}
	held := tx.pending
	tx.pending = nil
	var queryErr error
	err := tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("postgres connection is a %T, not pgx's", dc)
		}
		var b pgx.Batch
		for _, h := range held {
			b.Queue(h.query, h.args...)
		}
		if read != nil {
			b.Queue(query, args...)
		}
		br := c.Conn().SendBatch(ctx, &b)
		for range held {
			if _, err := br.Exec(); err != nil {
				br.Close()
				return err
			}
		}
		if read != nil {
			queryErr = readRows(br, read)
		}
		return br.Close()
	})
	if queryErr != nil {
		return queryErr
	}
	tx.flushErr = err
	return err
}

func readRows(br pgx.BatchResults, read func(pgx.Rows) error) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	return read(rows)
}

// flushingTx is the querier of a PostgreSQL write transaction: it sends the
// held-back writes before each statement.
type flushingTx struct{ tx *Tx }

func (q flushingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := q.tx.flush(ctx); err != nil {
		return nil, err
	}
	return q.tx.sqlTx.ExecContext(ctx, query, args...)
}

func (q flushingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := q.tx.flush(ctx); err != nil {
		return nil, err
	}
	return q.tx.sqlTx.QueryContext(ctx, query, args...)
}

// QueryRowContext cannot return the flush's error in a *sql.Row; after a
// failed flush the transaction is aborted, so the query fails anyway, and
// InTx reports the flush's error as the cause.
func (q flushingTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	_ = q.tx.flush(ctx)
	return q.tx.sqlTx.QueryRowContext(ctx, query, args...)
}
