package store

import (
	"context"
	"database/sql"
	"log/slog"
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
// the writer to finish the checkpoint itself, between two batches, when
// little is left to copy.
type checkpointer struct {
	db     *sql.DB
	writer *groupWriter
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

func newCheckpointer(db *sql.DB, writer *groupWriter, log *slog.Logger) *checkpointer {
	c := &checkpointer{db: db, writer: writer, log: log, stop: make(chan struct{})}
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
			if frames := c.checkpoint("PASSIVE"); frames > restartFrames {
				c.writer.checkpointDue.Store(true)
			}
		}
	}
}

// checkpoint runs one checkpoint and returns the size of the log in pages.
func (c *checkpointer) checkpoint(mode string) int {
	return walCheckpoint(c.db, mode, c.log)
}

// walCheckpoint runs a checkpoint on db and returns the log's size in pages.
func walCheckpoint(db *sql.DB, mode string, log *slog.Logger) int {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var busy, frames, done int
	err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &frames, &done)
	if err != nil {
		log.Warn("wal checkpoint failed", "mode", mode, "err", err)
	}
	return frames
}

// close stops the loop and makes a last checkpoint; closing twice is fine,
// like Store.Close.
func (c *checkpointer) close() {
	c.closed.Do(func() {
		close(c.stop)
		c.wg.Wait()
		c.checkpoint("PASSIVE")
		c.db.Close()
	})
}
