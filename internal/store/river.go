package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// migrateRiver applies the migrations of the job queue (River), whose
// tables live beside ours so that jobs commit with the changes that cause
// them.
func (s *Store) migrateRiver(ctx context.Context) error {
	cfg := &rivermigrate.Config{Logger: s.log}
	var m *rivermigrate.Migrator[*sql.Tx]
	var err error
	if s.dialect == Postgres {
		m, err = rivermigrate.New(riverdatabasesql.New(s.write), cfg)
	} else {
		m, err = rivermigrate.New(riversqlite.New(s.write), cfg)
	}
	if err != nil {
		return fmt.Errorf("job queue migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("job queue migrate: %w", err)
	}
	for _, v := range res.Versions {
		s.log.Info("job queue migration applied", "version", v.Version, "name", v.Name, "took", v.Duration)
	}
	return nil
}
