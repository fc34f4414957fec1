package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sort"
	"sync"
)

// readers is SQLite's read pool: connections held for the store's life,
// each with the statements it has prepared, its BEGIN and ROLLBACK among
// them. A database/sql transaction costs far more than its two statements
// on SQLite: the driver parses BEGIN and ROLLBACK anew every time, and
// database/sql starts a goroutine to watch the transaction and one more
// for every query inside it (measured: a third of an acs/users/get, network
// aside; BenchmarkServe). A read here is the same transaction, run with
// prepared statements on a connection the pool hands out whole.
type readers struct {
	db *sql.DB
	// idle holds the connections nobody uses; slots has one token per
	// connection opened, so at most cap(slots) are.
	idle  chan *reader
	slots chan struct{}
	// maxStmts bounds each connection's prepared statements: texts built
	// at run time beyond it simply run unprepared.
	maxStmts int

	// everyMu lets one caller at a time hold every connection.
	everyMu sync.Mutex

	mu sync.Mutex
	// prepared is every text some connection has prepared, for the plan
	// tests.
	prepared map[string]struct{}
	closed   bool
}

func newReaders(db *sql.DB, conns, maxStmts int) *readers {
	return &readers{
		db:       db,
		idle:     make(chan *reader, conns),
		slots:    make(chan struct{}, conns),
		maxStmts: maxStmts,
		prepared: map[string]struct{}{},
	}
}

// reader is one connection of the pool and its statements.
type reader struct {
	pool  *readers
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
}

// get hands out an idle connection, opens one if the pool has room, or
// waits for one to come back.
func (p *readers) get(ctx context.Context) (*reader, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // its caller has gone: nothing to read for
	}
	select {
	case r := <-p.idle:
		return r, nil
	default:
	}
	select {
	case r := <-p.idle:
		return r, nil
	case p.slots <- struct{}{}:
		conn, err := p.db.Conn(ctx)
		if err != nil {
			<-p.slots
			return nil, err
		}
		return &reader{pool: p, conn: conn, stmts: map[string]*sql.Stmt{}}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// put gives a connection back; broken is a connection left in a state
// the next user must not find (a transaction that would not end), which
// is closed instead.
func (p *readers) put(r *reader, broken bool) {
	p.mu.Lock()
	if !broken && !p.closed {
		p.idle <- r // never blocks: idle has room for every connection
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	defer func() { <-p.slots }()
	r.close(broken)
}

// close closes the idle connections and every one given back after it.
func (p *readers) close() {
	p.mu.Lock()
	p.closed = true // from here put closes what it is given
	p.mu.Unlock()
	for {
		select {
		case r := <-p.idle:
			r.close(false)
			<-p.slots
		default:
			return
		}
	}
}

// every holds all of the pool's connections at once, opening those not
// open yet, and calls fn on each. Callers take turns: two that each held
// half of the pool would wait for each other until their contexts ended.
func (p *readers) every(ctx context.Context, fn func(i int, conn *sql.Conn) error) error {
	p.everyMu.Lock()
	defer p.everyMu.Unlock()
	held := make([]*reader, 0, cap(p.slots))
	defer func() {
		for _, r := range held {
			p.put(r, false)
		}
	}()
	for i := range cap(p.slots) {
		r, err := p.get(ctx)
		if err != nil {
			return err
		}
		held = append(held, r)
		if err := fn(i, r.conn); err != nil {
			return err
		}
	}
	return nil
}

// texts lists every statement some connection has prepared.
func (p *readers) texts() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.prepared))
	for q := range p.prepared {
		out = append(out, q)
	}
	sort.Strings(out)
	return out
}

// close closes the connection's statements and gives it back to
// database/sql, or, if broken, has database/sql close it for good: a Conn
// closed the usual way goes back to the pool, transaction and all.
func (r *reader) close(broken bool) {
	for _, st := range r.stmts {
		st.Close()
	}
	if broken {
		_ = r.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	r.conn.Close()
}

// stmt returns query prepared on this connection, preparing it the first
// time; nil when it is not to be cached (too long, the cache full) or does
// not prepare, in which case it runs unprepared and fails there if wrong.
func (r *reader) stmt(query string) *sql.Stmt {
	if st := r.stmts[query]; st != nil {
		return st
	}
	if len(query) > maxCachedText || len(r.stmts) >= r.pool.maxStmts {
		return nil
	}
	st, err := r.conn.PrepareContext(context.Background(), query)
	if err != nil {
		return nil
	}
	r.stmts[query] = st
	r.pool.mu.Lock()
	r.pool.prepared[query] = struct{}{}
	r.pool.mu.Unlock()
	return st
}

// exec runs one of the pool's own statements (BEGIN, ROLLBACK).
func (r *reader) exec(query string) error {
	ctx := context.Background()
	if st := r.stmt(query); st != nil {
		_, err := st.ExecContext(ctx)
		return err
	}
	_, err := r.conn.ExecContext(ctx, query)
	return err
}

// view runs fn inside a read transaction on a connection of the pool.
func (p *readers) view(ctx context.Context, fn func(q querier) error) (err error) {
	r, err := p.get(ctx)
	if err != nil {
		return err
	}
	broken := true
	defer func() { p.put(r, broken) }()
	if err := r.exec("BEGIN"); err != nil {
		return err
	}
	err = fn(readerQuerier{r})
	if rbErr := r.exec("ROLLBACK"); rbErr != nil {
		return errors.Join(err, rbErr)
	}
	broken = connGone(err)
	return err
}

// read runs fn's statements on a connection of the pool, each on its own.
func (p *readers) read(ctx context.Context, fn func(q querier) error) error {
	r, err := p.get(ctx)
	if err != nil {
		return err
	}
	broken := true
	defer func() { p.put(r, broken) }()
	err = fn(readerQuerier{r})
	broken = connGone(err)
	return err
}

// connGone reports an error after which database/sql will not use the
// connection again.
func connGone(err error) bool {
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone)
}

// readerQuerier runs statements on a reader's connection, prepared. A
// single-row statement runs without its context's cancellation (see
// detach): a lookup by key takes microseconds, and a cancellable context
// costs two goroutines a statement. A query of many rows keeps it: a list
// is bounded by its page, but a filter may scan a workspace's rows to fill
// it, and a client that has gone should not keep a connection scanning.
type readerQuerier struct{ r *reader }

func (q readerQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = detach(ctx)
	if st := q.r.stmt(query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.r.conn.ExecContext(ctx, query, args...)
}

func (q readerQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := q.r.stmt(query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.r.conn.QueryContext(ctx, query, args...)
}

func (q readerQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = detach(ctx)
	if st := q.r.stmt(query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.r.conn.QueryRowContext(ctx, query, args...)
}
