package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps SQLite statements prepared, one per SQL text, for the
// group writer's pool. The SQLite driver otherwise parses and plans every statement on
// every call, which is most of the cost of the small statements a request
// runs (measured: about half of a delete's time on the writer).
//
// A statement is prepared outside any transaction: the writer pool has a
// single connection, which a transaction holds, so preparing through the
// pool inside one would wait for itself. A text first seen inside a
// transaction runs unprepared and is queued; prepareQueued prepares the
// queue once the caller has let go of its connection, and later
// transactions bind the prepared statement to their connection.
//
// PostgreSQL needs none of this: pgx caches prepared statements per
// connection itself.
type stmtCache struct {
	db *sql.DB
	// max bounds the cache: texts built at run time (IN lists of varying
	// length) beyond it simply run unprepared.
	max int

	mu     sync.RWMutex
	stmts  map[string]*sql.Stmt
	queued map[string]struct{}
}

func newStmtCache(db *sql.DB, max int) *stmtCache {
	return &stmtCache{db: db, max: max, stmts: map[string]*sql.Stmt{}, queued: map[string]struct{}{}}
}

// maxCachedText is the longest text the cache prepares. Longer ones are
// built at run time for one call (a long IN list, many rows at once): their
// parse is paid once either way, and preparing them again would hold the
// connection for nothing.
const maxCachedText = 16 << 10

// lookup returns the prepared statement for query, or nil after queueing
// it for preparation.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	if len(query) > maxCachedText {
		return nil
	}
	c.mu.RLock()
	st := c.stmts[query]
	_, queued := c.queued[query]
	full := len(c.stmts)+len(c.queued) >= c.max
	c.mu.RUnlock()
	if st != nil || queued || full {
		return st
	}
	c.mu.Lock()
	if len(c.stmts)+len(c.queued) < c.max {
		c.queued[query] = struct{}{}
	}
	c.mu.Unlock()
	return nil
}

// prepareQueued prepares the queued texts. The caller must hold no
// connection of the pool. A text that fails to prepare is dropped; it will
// keep running unprepared, and fail there if it is wrong.
func (c *stmtCache) prepareQueued(ctx context.Context) {
	c.mu.RLock()
	n := len(c.queued)
	c.mu.RUnlock()
	if n == 0 {
		return
	}
	c.mu.Lock()
	texts := make([]string, 0, len(c.queued))
	for q := range c.queued {
		texts = append(texts, q)
	}
	c.mu.Unlock()
	for _, q := range texts {
		st, err := c.db.PrepareContext(ctx, q)
		c.mu.Lock()
		delete(c.queued, q)
		if err == nil && c.stmts[q] == nil {
			c.stmts[q] = st
			st = nil
		}
		c.mu.Unlock()
		if st != nil {
			st.Close()
		}
	}
}

// close releases every prepared statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
}

// cachedTx runs the group writer's statements through the cache, without
// their context's cancellation (see detach).
type cachedTx struct {
	tx    *sql.Tx
	cache *stmtCache
}

// detach drops ctx's cancellation: a statement run on a cancellable
// context costs two goroutines on SQLite (database/sql's watch on its rows
// and the driver's, which would interrupt it), and every goroutine started
// wakes an idle core to look for work, which on a small machine shared with
// the client costs more than the statement (BenchmarkServe's
// goroutines/op). Two kinds of statement do without it: a write transaction
// the group writer has begun, which runs to its end whether or not its
// caller is still there (never stopping at whichever statement the
// cancellation reached), and a reader's single-row lookups, which take
// microseconds (readerQuerier).
func detach(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

func (q cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = detach(ctx)
	if st := q.cache.lookup(query); st != nil {
		return q.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return q.tx.ExecContext(ctx, query, args...)
}

func (q cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = detach(ctx)
	if st := q.cache.lookup(query); st != nil {
		return q.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return q.tx.QueryContext(ctx, query, args...)
}

func (q cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = detach(ctx)
	if st := q.cache.lookup(query); st != nil {
		return q.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return q.tx.QueryRowContext(ctx, query, args...)
}
