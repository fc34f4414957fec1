package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// Setting is a setting that decides what a commit survives, as one live
// connection of the store reports it.
type Setting struct {
	// Connection names the connection: "writer", "checkpointer" or
	// "reader N" on SQLite, "pool" on PostgreSQL.
	Connection string
	Name       string
	Value      string
}

// DurabilitySettings asks the store's connections, not its configuration,
// for the settings that decide whether a commit survives a power cut: on
// SQLite the synchronous and journal_mode pragmas of the writer, the
// checkpointer and every connection of the read pool (all held at once, so
// each is a different connection); on PostgreSQL the server's fsync and
// full_page_writes and the session's synchronous_commit.
func (s *Store) DurabilitySettings(ctx context.Context) ([]Setting, error) {
	if s.dialect == Postgres {
		conn, err := s.read.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer conn.Close()
		var out []Setting
		for _, name := range []string{"fsync", "synchronous_commit", "full_page_writes"} {
			var v string
			if err := conn.QueryRowContext(ctx, "SHOW "+name).Scan(&v); err != nil {
				return nil, fmt.Errorf("SHOW %s: %w", name, err)
			}
			out = append(out, Setting{Connection: "pool", Name: name, Value: v})
		}
		return out, nil
	}
	var out []Setting
	read := func(name string, conn *sql.Conn) error {
		for _, pragma := range []string{"synchronous", "journal_mode"} {
			var v string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&v); err != nil {
				return fmt.Errorf("%s: PRAGMA %s: %w", name, pragma, err)
			}
			if pragma == "synchronous" {
				v = synchronousName(v)
			}
			out = append(out, Setting{Connection: name, Name: pragma, Value: v})
		}
		return nil
	}
	// The writer and the checkpointer hold one connection each.
	for _, c := range []struct {
		name string
		db   *sql.DB
	}{{"writer", s.write}, {"checkpointer", s.checkpointer.db}} {
		conn, err := c.db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		err = read(c.name, conn)
		conn.Close()
		if err != nil {
			return nil, err
		}
	}
	err := s.readers.every(ctx, func(i int, conn *sql.Conn) error {
		return read("reader "+strconv.Itoa(i+1), conn)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// synchronousName names PRAGMA synchronous's number as the pragma's docs do.
func synchronousName(v string) string {
	switch v {
	case "0":
		return "OFF"
	case "1":
		return "NORMAL"
	case "2":
		return "FULL"
	case "3":
		return "EXTRA"
	}
	return v
}
