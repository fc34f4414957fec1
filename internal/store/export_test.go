package store

import (
	"context"
	"encoding/binary"
	"os"
	"regexp"
	"sort"
	"strconv"
	"testing"
)

// WriterStatements lists the SQL texts the SQLite writer has met: those it
// keeps prepared and those queued for preparing.
func WriterStatements(s *Store) []string { return s.writer.stmts.texts() }

var placeholder = regexp.MustCompile(`\$(\d+)`)

// QueryPlan returns the detail lines of SQLite's plan for q (every
// parameter NULL).
func QueryPlan(ctx context.Context, s *Store, q string) ([]string, error) {
	n := 0
	for _, m := range placeholder.FindAllStringSubmatch(q, -1) {
		if i, _ := strconv.Atoi(m[1]); i > n {
			n = i
		}
	}
	rows, err := s.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, make([]any, n)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		out = append(out, detail)
	}
	return out, rows.Err()
}

// WALFrames returns a function that reads the size of SQLite's
// write-ahead log in pages from the wal-index header in the -shm file
// (mxFrame, native byte order), rather than by a checkpoint, which would
// let the log start over. The file stays open until the test ends: closing
// a descriptor of it would drop the process's POSIX locks, SQLite's.
func WALFrames(tb testing.TB, s *Store) func() (int, error) {
	f, err := os.Open(s.dbFile.Name() + "-shm")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return func() (int, error) {
		var b [4]byte
		if _, err := f.ReadAt(b[:], 16); err != nil {
			return 0, err
		}
		return int(binary.NativeEndian.Uint32(b[:])), nil
	}
}

// ReadStatements lists the SQL texts View has prepared (or queued for
// preparing) on SQLite's readers.
func ReadStatements(s *Store) []string { return s.readers.texts() }

// ReaderConns is how many connections SQLite's read pool may open.
func ReaderConns(s *Store) int { return cap(s.readers.slots) }

// texts lists the statements the cache holds or has queued.
func (c *stmtCache) texts() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]string, 0, len(c.stmts)+len(c.queued))
	for q := range c.stmts {
		out = append(out, q)
	}
	for q := range c.queued {
		out = append(out, q)
	}
	sort.Strings(out)
	return out
}
