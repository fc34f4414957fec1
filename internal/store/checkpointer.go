package store

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"sync"
	"time"
)

// checkpointer copies committed pages from SQLite's write-ahead log into
// the database file in the background. Left to SQLite, the checkpoint runs
// inside the commit that crosses the WAL's size threshold, on the single
// writer: every few batches one of them also paid for copying a thousand
// pages and two more fsyncs (measured: an eighth of the writer's time under
// load, and the worst latencies). A PASSIVE checkpoint on its own
// connection never blocks the writer or the readers.
//
// Running beside the writer, it seldom catches the log fully copied, and
// SQLite starts the log over only at the first write after a complete
// checkpoint; so once the log is past restartFrames the checkpointer asks
// the writer to finish the checkpoint itself, between two batches. What the
// writer then waits for is what is left: the pages committed since the
// checkpointer's last pass, and the fsync of the database file. SQLite
// syncs the database file only after a complete checkpoint, so before the
// writer's turn the checkpointer syncs what its own passes wrote and makes
// one more pass, which leaves the writer a few hundred pages instead of
// tens of megabytes to flush (measured: the writer's pause went from ~20 ms
// to 5-7 ms, bench/README.md).
type checkpointer struct {
	db     *sql.DB
	writer *groupWriter
	// file is the database file, kept open only to fsync it. It is never
	// closed before SQLite's own connections: closing any descriptor of a
	// file drops the process's POSIX locks on it, which SQLite relies on.
	file *os.File
	// synced is what the log reported copied at the last sync: a pass
	// that copied nothing new needs none.
	synced int
	log    *slog.Logger
	stop   chan struct{}
	wg     sync.WaitGroup
	closed sync.Once
}

// checkpointEvery is how often the checkpointer runs; the WAL grows by at
// most what the writer commits in that time. A page that several commits
// changed in between is copied once: at 500 ms rather than 100 ms the server
// spent 7 % less CPU per delete and deleted 8–18 % more per second
// (bench/README.md).
const checkpointEvery = 500 * time.Millisecond

// restartFrames is the log size (in 4 KiB pages) past which the writer is
// asked to complete a checkpoint, so that the log starts over.
const restartFrames = 4096

func newCheckpointer(db *sql.DB, file *os.File, writer *groupWriter, log *slog.Logger) *checkpointer {
	c := &checkpointer{db: db, file: file, writer: writer, log: log, stop: make(chan struct{})}
	c.wg.Add(1)
	go c.loop()
	return c
}

func (c *checkpointer) loop() {
	defer c.wg.Done()
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			if c.pass().logFrames > restartFrames {
				// Leave the writer as little as possible to copy and sync.
				c.pass()
				c.writer.checkpointDue.Store(true)
			}
		}
	}
}

// pass runs one PASSIVE checkpoint and syncs what it copied. SQLite syncs
// the database file only when no commit landed while it copied, which under
// load is almost never, even when it reports the whole log copied (its
// figures are those of the log as the checkpoint began).
func (c *checkpointer) pass() walState {
	st := walCheckpoint(c.db, "PASSIVE", c.log)
	if st.copied > 0 && st.copied != c.synced && c.file != nil {
		if err := c.file.Sync(); err != nil {
			c.log.Warn("sync of the database file failed", "err", err)
			return st
		}
		c.synced = st.copied
	}
	return st
}

// walState is what a checkpoint reports: the log's size and how much of
// it is in the database file, in pages.
type walState struct{ logFrames, copied int }

// walCheckpoint runs a checkpoint on db.
func walCheckpoint(db *sql.DB, mode string, log *slog.Logger) walState {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var busy int
	var st walState
	err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &st.logFrames, &st.copied)
	if err != nil {
		log.Warn("wal checkpoint failed", "mode", mode, "err", err)
	}
	return st
}

// close stops the loop and makes a last checkpoint; closing twice is fine,
// like Store.Close.
func (c *checkpointer) close() {
	c.closed.Do(func() {
		close(c.stop)
		c.wg.Wait()
		walCheckpoint(c.db, "PASSIVE", c.log)
		c.db.Close()
	})
}
