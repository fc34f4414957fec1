// Command suite runs the delete benchmark on this machine in one go: lintel
// on SQLite and on PostgreSQL, Seam's fake and the in-memory ceiling, each
// at several concurrencies and several times, then lintel on SQLite with a
// growing number of users present. It prints the medians and the ratios,
// and stops every process it started. bench/run.sh builds what it needs and
// calls it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/bench/load"
)

type suite struct {
	out        io.Writer
	work       string
	lintel     string
	lintelArgs []string
	ceiling    string
	seedusers  string
	fakeDir    string
	preload    string
	pg         *postgres

	runs        int
	users       int
	background  int
	credentials int
	groups      int
	method      string
	conc        []int
	scaling     []int
	scalingConc int
	phaseLimit  time.Duration

	// only holds the names of the table's servers to run.
	only    map[string]bool
	results []record
}

// record is one loadgen run, kept for results.json.
type record struct {
	Series      string      `json:"series"` // "table" or "scaling"
	Target      string      `json:"target"`
	Run         int         `json:"run"`
	Concurrency int         `json:"concurrency"`
	Present     int         `json:"present"` // background users present
	Result      load.Result `json:"result"`
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("suite", flag.ContinueOnError)
	s := &suite{out: os.Stdout}
	var conc, scaling, only, pgURL, lintelArgs, targets string
	fs.StringVar(&s.work, "work", "bench/out", "scratch folder for databases, logs and results.json")
	fs.StringVar(&s.lintel, "lintel", "bench/out/bin/lintel", "lintel binary")
	fs.StringVar(&lintelArgs, "lintel-args", "", "extra arguments for lintel serve, space-separated")
	fs.StringVar(&s.ceiling, "ceiling", "bench/out/bin/ceiling", "ceiling server binary")
	fs.StringVar(&s.seedusers, "seedusers", "bench/out/bin/seedusers", "seedusers binary")
	fs.StringVar(&s.fakeDir, "fake-dir", "bench/out/fake", "folder where @seamapi/fake-seam-connect is installed (empty: skip the fake)")
	fs.StringVar(&s.preload, "preload", "bench/loopback.mjs", "Node preload that binds the fake to 127.0.0.1 (relative to the working directory)")
	fs.StringVar(&pgURL, "pg", os.Getenv("LINTEL_BENCH_DATABASE_URL"), "PostgreSQL server URL (empty: skip PostgreSQL)")
	fs.IntVar(&s.runs, "runs", 3, "runs of each measurement; the table shows medians")
	fs.IntVar(&s.users, "n", 5000, "users created and deleted per measurement")
	fs.IntVar(&s.background, "p", 2000, "background users present in the comparison table")
	fs.IntVar(&s.credentials, "k", 2, "credentials per user")
	fs.IntVar(&s.groups, "g", 1, "access groups per user")
	fs.StringVar(&s.method, "method", "post", "delete by post or delete")
	fs.StringVar(&conc, "c", "1,16,64", "delete concurrencies of the comparison table")
	fs.StringVar(&scaling, "scaling", "0,10000,100000,1000000", "users present in the scaling series (SQLite)")
	fs.IntVar(&s.scalingConc, "scaling-c", 16, "delete concurrency of the scaling series")
	fs.DurationVar(&s.phaseLimit, "phase-limit", 90*time.Second, "wall-time cap of each phase")
	fs.StringVar(&only, "only", "", "run only \"table\" or \"scaling\"")
	fs.StringVar(&targets, "targets", "lintel-sqlite,lintel-postgres,fake,ceiling", "servers of the comparison table")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var err error
	if s.conc, err = intList(conc); err != nil {
		fmt.Fprintln(os.Stderr, "suite: -c:", err)
		return 2
	}
	if s.scaling, err = intList(scaling); err != nil {
		fmt.Fprintln(os.Stderr, "suite: -scaling:", err)
		return 2
	}
	s.lintelArgs = strings.Fields(lintelArgs)
	s.only = map[string]bool{}
	for _, t := range strings.Split(targets, ",") {
		s.only[strings.TrimSpace(t)] = true
	}
	if pgURL != "" {
		s.pg = &postgres{base: pgURL}
	}
	for _, p := range []*string{&s.work, &s.lintel, &s.ceiling, &s.seedusers, &s.fakeDir, &s.preload} {
		if *p != "" {
			if *p, err = filepath.Abs(*p); err != nil {
				fmt.Fprintln(os.Stderr, "suite:", err)
				return 1
			}
		}
	}
	if err := os.MkdirAll(s.work, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "suite:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if s.pg != nil {
		defer s.pg.dropAll(context.WithoutCancel(ctx))
	}

	status := 0
	if only == "" || only == "table" {
		if err := s.table(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "suite: table:", err)
			status = 1
		}
	}
	if only == "" || only == "scaling" {
		if err := s.scalingSeries(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "suite: scaling:", err)
			status = 1
		}
	}
	if err := s.saveResults(); err != nil {
		fmt.Fprintln(os.Stderr, "suite:", err)
		status = 1
	}
	return status
}

func intList(v string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(strings.ReplaceAll(f, "_", ""))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%q is not a count", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// targets lists the servers of the comparison table that can run here.
func (s *suite) targets() []target {
	var ts []target
	for _, t := range []target{s.lintelSQLite(), s.lintelPostgres(), s.fake(), s.ceilingTarget()} {
		switch {
		case !s.only[t.name]:
		case t.name == "lintel-postgres" && s.pg == nil:
		case t.name == "fake" && s.fakeDir == "":
		default:
			ts = append(ts, t)
		}
	}
	return ts
}

// measure runs the generator once against p.
func (s *suite) measure(ctx context.Context, p *process, conc, background int) (load.Result, error) {
	cfg := load.Config{
		BaseURL: p.url, Key: "seam_apikey1_token", PID: p.Pid(),
		Background: background, Credentials: s.credentials, Groups: s.groups,
		Users: s.users, Concurrency: conc, SetupConcurrency: 16,
		Method: s.method, PhaseLimit: s.phaseLimit,
	}
	if p.seeded != nil {
		// seedusers put the background users in already.
		cfg.Background = 0
		cfg.SystemID, cfg.GroupIDs = p.seeded.systemID, p.seeded.groupIDs
	}
	return load.Run(ctx, cfg)
}

// table measures every target at every concurrency, runs times, each run on
// a freshly started server holding the background users.
func (s *suite) table(ctx context.Context) error {
	fmt.Fprintf(s.out, "== deletes: %d users with %d credentials and %d group(s) each, %d background users present, %d runs\n",
		s.users, s.credentials, s.groups, s.background, s.runs)
	for run := range s.runs {
		for _, t := range s.targets() {
			if err := s.tableRun(ctx, t, run); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
		}
	}
	s.printTable()
	return nil
}

func (s *suite) tableRun(ctx context.Context, t target, run int) error {
	p, err := t.start(ctx, run)
	if err != nil {
		return err
	}
	defer p.stop()
	for i, c := range s.conc {
		bg := 0
		if i == 0 {
			bg = s.background // seeded once per server start, then left in place
		}
		res, err := s.measure(ctx, p, c, bg)
		if err != nil {
			return err
		}
		d := res.Phase("delete")
		fmt.Fprintf(s.out, "run %d %-16s c=%-3d %8.0f deletes/s  p99 %6.2f ms  errors %d  rss max %.0f MB  cpu %.0f µs/delete\n",
			run+1, t.name, c, d.PerSecond, d.P99, d.Errors, res.Memory.MaxMB, d.ServerCPUus)
		for _, n := range res.Notes {
			if run == 0 && i == 0 {
				fmt.Fprintf(s.out, "    note (%s): %s\n", t.name, n)
			}
		}
		s.results = append(s.results, record{Series: "table", Target: t.name, Run: run, Concurrency: c,
			Present: s.background, Result: res})
	}
	return nil
}

// stat is the median over runs of one target at one setting.
type stat struct {
	perSecond, p99, rss float64
	errors, runs        int
}

func (s *suite) median(series, target string, conc, present int) stat {
	var ops, p99, rss []float64
	var st stat
	for _, r := range s.results {
		if r.Series != series || r.Target != target || r.Concurrency != conc || r.Present != present {
			continue
		}
		d := r.Result.Phase("delete")
		ops, p99, rss = append(ops, d.PerSecond), append(p99, d.P99), append(rss, r.Result.Memory.MaxMB)
		st.errors += d.Errors
		st.runs++
	}
	st.perSecond, st.p99, st.rss = med(ops), med(p99), slices.Max(append(rss, 0))
	return st
}

func med(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func (s *suite) printTable() {
	fmt.Fprintf(s.out, "\nDeletes/s (median of %d runs), p99 ms, max RSS MB; %d users deleted per run, %d present besides\n",
		s.runs, s.users, s.background)
	fmt.Fprintf(s.out, "%-4s %-16s %10s %9s %8s %7s %11s %15s\n", "C", "server", "deletes/s", "p99 ms", "RSS MB", "errors", "÷ fake", "÷ ceiling")
	for _, c := range s.conc {
		fake := s.median("table", "fake", c, s.background)
		ceil := s.median("table", "ceiling", c, s.background)
		for _, t := range s.targets() {
			m := s.median("table", t.name, c, s.background)
			if m.runs == 0 {
				continue
			}
			fmt.Fprintf(s.out, "%-4d %-16s %10.0f %9.2f %8.0f %7d %11s %15s\n", c, t.name, m.perSecond, m.p99, m.rss, m.errors,
				ratio(m.perSecond, fake.perSecond), ratio(m.perSecond, ceil.perSecond))
		}
	}
}

func (s *suite) saveResults() error {
	if len(s.results) == 0 {
		return nil
	}
	b, err := json.MarshalIndent(s.results, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(s.work, "results.json")
	fmt.Fprintln(s.out, "\nevery run:", path)
	return os.WriteFile(path, b, 0o644)
}
