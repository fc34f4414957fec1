package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// postgres hands out empty schemas on one server, each dropped at the end.
type postgres struct {
	base    string
	schemas []string
}

// freshSchema creates an empty schema and returns a URL whose connections
// use it.
func (p *postgres) freshSchema(ctx context.Context) (string, error) {
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "lintel_bench_" + hex.EncodeToString(b[:])
	if err := p.exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", fmt.Errorf("create schema: %w", err)
	}
	p.schemas = append(p.schemas, schema)
	u, err := url.Parse(p.base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// dropAll drops every schema handed out.
func (p *postgres) dropAll(ctx context.Context) {
	for _, s := range p.schemas {
		_ = p.exec(ctx, "DROP SCHEMA IF EXISTS "+s+" CASCADE")
	}
	p.schemas = nil
}

func (p *postgres) exec(ctx context.Context, stmt string) error {
	db, err := sql.Open("pgx", p.base)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, stmt)
	return err
}
