package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
)

// groupWriter serialises SQLite write transactions on one connection and
// commits the transactions waiting at the same moment together: each runs in
// its own SAVEPOINT, so one that fails rolls back alone, and all of them are
// answered after the one COMMIT that makes them durable. SQLite admits one
// writer at a time anyway; sharing the fsync is what makes this fast.
type groupWriter struct {
	db       *sql.DB
	maxBatch int
	log      *slog.Logger
	reqs     chan *writeReq
	stop     chan struct{}
	wg       sync.WaitGroup
	stmts    *stmtCache
	// checkpointDue asks the writer for a checkpoint between two batches
	// (see checkpointer).
	checkpointDue atomic.Bool
}

type writeReq struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan error
	// after holds the request's AfterCommit hooks until the batch commits.
	after []func()
}

// errPanicked is wrapped when a transaction function panicked inside the
// writer; the panic value is re-raised in the caller's goroutine.
type panicError struct{ value any }

func (p *panicError) Error() string { return fmt.Sprintf("panic in transaction: %v", p.value) }

var errWriterClosed = errors.New("store is closed")

func newGroupWriter(db *sql.DB, maxBatch int, log *slog.Logger) *groupWriter {
	w := &groupWriter{db: db, maxBatch: maxBatch, log: log,
		reqs: make(chan *writeReq, maxBatch), stop: make(chan struct{}),
		stmts: newStmtCache(db, stmtCacheSize)}
	w.wg.Add(1)
	go w.loop()
	return w
}

func (w *groupWriter) do(ctx context.Context, fn func(tx *Tx) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case w.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-w.stop:
		return errWriterClosed
	}
	// Once queued the work is not abandoned: the caller waits for the
	// outcome so that it never answers before knowing what committed.
	err := <-r.done
	var pe *panicError
	if errors.As(err, &pe) {
		panic(pe.value)
	}
	if err == nil {
		for _, f := range r.after {
			f()
		}
	}
	return err
}

func (w *groupWriter) close() {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	w.wg.Wait()
}

func (w *groupWriter) loop() {
	defer w.wg.Done()
	defer w.stmts.close()
	batch := make([]*writeReq, 0, w.maxBatch)
	for {
		select {
		case r := <-w.reqs:
			batch = append(batch[:0], r)
		case <-w.stop:
			// Answer whatever is still queued.
			for {
				select {
				case r := <-w.reqs:
					r.done <- errWriterClosed
				default:
					return
				}
			}
		}
	drain:
		for len(batch) < w.maxBatch {
			select {
			case r := <-w.reqs:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		w.run(batch)
		// The batch has let go of the connection: prepare the statements
		// it met for the first time.
		w.stmts.prepareQueued(context.Background())
		if w.checkpointDue.CompareAndSwap(true, false) {
			walCheckpoint(w.db, "PASSIVE", w.log)
		}
	}
}

// run executes one batch. If the batch cannot commit, every request that had
// succeeded inside it is retried alone, so one bad request never fails others.
func (w *groupWriter) run(batch []*writeReq) {
	results, err := w.runBatch(batch)
	if err == nil {
		for i, r := range batch {
			r.done <- results[i]
		}
		return
	}
	if len(batch) == 1 {
		batch[0].done <- err
		return
	}
	w.log.Warn("group commit failed; retrying transactions one by one", "size", len(batch), "err", err)
	for _, r := range batch {
		res, err := w.runBatch([]*writeReq{r})
		if err != nil {
			r.done <- err
		} else {
			r.done <- res[0]
		}
	}
}

func (w *groupWriter) runBatch(batch []*writeReq) ([]error, error) {
	ctx := context.Background()
	sqlTx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	q := cachedTx{tx: sqlTx, cache: w.stmts}
	results := make([]error, len(batch))
	single := len(batch) == 1
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		tx := &Tx{q: q, sqlTx: sqlTx, dialect: SQLite, now: now()}
		if !single {
			if _, err := q.ExecContext(ctx, "SAVEPOINT g"); err != nil {
				_ = sqlTx.Rollback()
				return nil, fmt.Errorf("savepoint: %w", err)
			}
		}
		ferr := callTx(r.fn, tx)
		if !single {
			if ferr != nil {
				if _, err := q.ExecContext(ctx, "ROLLBACK TO g"); err != nil {
					_ = sqlTx.Rollback()
					return nil, fmt.Errorf("rollback to savepoint: %w", err)
				}
			}
			if _, err := q.ExecContext(ctx, "RELEASE g"); err != nil {
				_ = sqlTx.Rollback()
				return nil, fmt.Errorf("release savepoint: %w", err)
			}
		}
		results[i] = ferr
		if ferr == nil {
			r.after = tx.after
		} else {
			r.after = nil
		}
	}
	if single && results[0] != nil {
		_ = sqlTx.Rollback()
		return results, nil
	}
	if err := sqlTx.Commit(); err != nil {
		_ = sqlTx.Rollback()
		return nil, fmt.Errorf("commit: %w", err)
	}
	return results, nil
}

// callTx runs fn and turns a panic into an error, so that the writer
// survives and the batch's other transactions still commit.
func callTx(fn func(tx *Tx) error, tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p}
		}
	}()
	return fn(tx)
}
