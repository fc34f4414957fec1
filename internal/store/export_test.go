package store

import (
	"context"
	"database/sql"
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
	var out []string
	err := s.readers.withConn(ctx, func(conn *sql.Conn) error {
		rows, err := conn.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, make([]any, n)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return err
			}
			out = append(out, detail)
		}
		return rows.Err()
	})
	return out, err
}

// withConn lends fn a connection of the read pool as it is, for what the
// tests ask SQLite outside the statements the store prepares.
func (p *readers) withConn(ctx context.Context, fn func(conn *sql.Conn) error) error {
	r, err := p.get(ctx)
	if err != nil {
		return err
	}
	err = fn(r.conn)
	p.put(r, connGone(err))
	return err
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

// WALTables returns a function that reads the write-ahead log's frames
// from and to (in the log's count, as WALFrames reports it) and counts, in
// every commit among them, the distinct pages written for each table, its
// indexes included: what each table costs a write in pages. Page 1, the
// database header (where the file's size and the free list's length are
// kept), counts as "header"; a page no b-tree owns (the free list's) as
// "free list". Owners are read from dbstat when called.
func WALTables(tb testing.TB, s *Store) func(ctx context.Context, from, to int) (map[string]int, error) {
	f, err := os.Open(s.dbFile.Name() + "-wal")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return func(ctx context.Context, from, to int) (map[string]int, error) {
		owner := map[uint32]string{1: "header"}
		err := s.readers.withConn(ctx, func(conn *sql.Conn) error {
			rows, err := conn.QueryContext(ctx, `SELECT d.pageno, COALESCE(m.tbl_name, d.name)
				FROM dbstat d LEFT JOIN sqlite_schema m ON m.name = d.name WHERE d.pageno > 1`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var page uint32
				var table string
				if err := rows.Scan(&page, &table); err != nil {
					return err
				}
				owner[page] = table
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
		var hdr [32]byte
		if _, err := f.ReadAt(hdr[:], 0); err != nil {
			return nil, err
		}
		frameSize := 24 + int64(binary.BigEndian.Uint32(hdr[8:]))
		counts := map[string]int{}
		inCommit := map[uint32]bool{}
		var fh [24]byte
		for i := from; i < to; i++ {
			if _, err := f.ReadAt(fh[:], 32+int64(i)*frameSize); err != nil {
				return nil, err
			}
			page := binary.BigEndian.Uint32(fh[0:])
			if !inCommit[page] {
				inCommit[page] = true
				name, ok := owner[page]
				if !ok {
					name = "free list"
				}
				counts[name]++
			}
			if binary.BigEndian.Uint32(fh[4:]) != 0 { // a commit's last frame
				clear(inCommit)
			}
		}
		return counts, nil
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

// ClaimAcsUserDeleteRevokingPostgres is the PostgreSQL statement of
// ClaimAcsUserDeleteRevoking, for its plan.
var ClaimAcsUserDeleteRevokingPostgres = claimAcsUserDeleteRevokingPostgres
