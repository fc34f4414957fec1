package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// scalingSeries measures lintel on SQLite with more and more users present:
// the cost of a delete must not grow with the workspace.
func (s *suite) scalingSeries(ctx context.Context) error {
	fmt.Fprintf(s.out, "\n== scaling (SQLite): %d users deleted at C=%d with P users present (each with %d credentials, %d group(s)), %d runs\n",
		s.users, s.scalingConc, s.credentials, s.groups, s.runs)
	for _, present := range s.scaling {
		db, sd, err := s.scalingDB(ctx, present)
		if err != nil {
			return err
		}
		for run := range s.runs {
			p, err := s.startLintel(ctx, "lintel-sqlite", db, fmt.Sprintf("scale-%d-%d.log", present, run))
			if err != nil {
				return err
			}
			p.seeded = sd
			res, err := s.measure(ctx, p, work{name: "full", credentials: s.credentials, groups: s.groups}, s.scalingConc, 0, 0, 0)
			p.stop()
			if err != nil {
				return err
			}
			d := res.Phase("delete")
			fmt.Fprintf(s.out, "run %d P=%-8d %8.0f deletes/s  p99 %6.2f ms  errors %d  rss max %.0f MB  cpu %.0f µs/delete\n",
				run+1, present, d.PerSecond, d.P99, d.Errors, res.Memory.MaxMB, d.ServerCPUus)
			s.results = append(s.results, record{Series: "scaling", Target: "lintel-sqlite", Work: "full", Run: run,
				Concurrency: s.scalingConc, Present: present, Result: res})
		}
	}
	s.printScaling()
	return nil
}

// scalingDB returns a SQLite database holding the sandbox workspace and
// present background users. Seeding a million users takes minutes, so a
// database seeded before with the same counts is reused; the runs leave
// only the tombstones of the users they created themselves.
func (s *suite) scalingDB(ctx context.Context, present int) (string, *seeded, error) {
	db := filepath.Join(s.work, fmt.Sprintf("scale-%d.db", present))
	marker := db + ".seeded"
	want := fmt.Sprintf("users=%d credentials=%d groups=%d\n", present, s.credentials, s.groups)
	if b, err := os.ReadFile(marker); err == nil && string(b) == want {
		if _, err := os.Stat(db); err == nil {
			sd, err := s.seed(ctx, db, 0) // finds the system and groups
			return db, sd, err
		}
	}
	removeDB(db)
	_ = os.Remove(marker)
	sd, err := s.seed(ctx, db, present)
	if err != nil {
		return "", nil, err
	}
	return db, sd, os.WriteFile(marker, []byte(want), 0o644)
}

func (s *suite) printScaling() {
	fmt.Fprintf(s.out, "\nDeletes/s at C=%d on SQLite by users present (median of %d runs)\n", s.scalingConc, s.runs)
	fmt.Fprintf(s.out, "%-10s %10s %9s %8s %7s %13s %11s\n", "present", "deletes/s", "p99 ms", "RSS MB", "errors", "÷ none", "p99 ÷ none")
	pick := func(present int) sel {
		return sel{series: "scaling", target: "lintel-sqlite", phase: "delete", conc: s.scalingConc, present: present}
	}
	base := s.median(pick(0))
	for _, present := range s.scaling {
		m := s.median(pick(present))
		if m.runs == 0 {
			continue
		}
		fmt.Fprintf(s.out, "%-10d %10.0f %9.2f %8.0f %7d %13s %11s\n", present, m.perSecond, m.p99, m.rss, m.errors,
			ratio(m.perSecond, base.perSecond), ratio(m.p99, base.p99))
	}
}
