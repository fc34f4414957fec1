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
	// works are the kinds of delete measured: "equal" (users without
	// credentials or groups, what the fake can hold) and "full" (-k
	// credentials and -g groups each).
	works       []work
	warm        int
	reads       int
	method      string
	conc        []int
	scaling     []int
	scalingConc int
	phaseLimit  time.Duration

	// only holds the names of the table's servers to run.
	only    map[string]bool
	results []record
	disk    syncLatency
}

// work is one kind of delete: each user has that many credentials and
// access group memberships.
type work struct {
	name        string
	credentials int
	groups      int
}

// record is one loadgen run, kept for results.json.
type record struct {
	Series      string      `json:"series"` // "table" or "scaling"
	Target      string      `json:"target"`
	Work        string      `json:"work"`
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
	var conc, scaling, only, pgURL, lintelArgs, targets, works string
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
	fs.StringVar(&works, "deletes", "equal,full", "kinds of delete in the table: equal (users with no credential or group, as the fake holds them) and full (-k credentials, -g groups)")
	fs.IntVar(&s.warm, "warm", 200, "users each server creates and deletes after it starts, before it is measured")
	fs.IntVar(&s.reads, "reads", 2000, "calls of each read phase (acs/users/get, acs/users/list limit 20, acs/credentials/list) per measurement; 0 skips them")
	fs.StringVar(&s.method, "method", "post", "delete by post or delete")
	fs.StringVar(&conc, "c", "1,16,64", "delete concurrencies of the comparison table")
	fs.StringVar(&scaling, "scaling", "0,10000,100000,1000000", "users present in the scaling series (SQLite)")
	fs.IntVar(&s.scalingConc, "scaling-c", 16, "delete concurrency of the scaling series")
	fs.DurationVar(&s.phaseLimit, "phase-limit", 90*time.Second, "wall-time cap of each phase")
	fs.StringVar(&only, "only", "", "run only \"table\" or \"scaling\"")
	fs.StringVar(&targets, "targets", "lintel-sqlite,lintel-sqlite-process,lintel-postgres,fake,ceiling", "servers of the comparison table (lintel-sqlite-process: --durability=process)")
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
	for _, w := range strings.Split(works, ",") {
		switch strings.TrimSpace(w) {
		case "equal":
			s.works = append(s.works, work{name: "equal"})
		case "full":
			s.works = append(s.works, work{name: "full", credentials: s.credentials, groups: s.groups})
		default:
			fmt.Fprintf(os.Stderr, "suite: -deletes: %q is neither equal nor full\n", w)
			return 2
		}
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
	for _, t := range []target{s.fake(), s.lintelSQLite(), s.lintelSQLiteProcess(), s.lintelPostgres(), s.ceilingTarget()} {
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

// measure runs the generator once against p: w's deletes, after warm
// users created and deleted, with reads read calls of each kind.
func (s *suite) measure(ctx context.Context, p *process, w work, conc, background, warm, reads int) (load.Result, error) {
	cfg := load.Config{
		BaseURL: p.url, Key: "seam_apikey1_token", PID: p.Pid(),
		Background: background, Credentials: w.credentials, Groups: w.groups,
		Users: s.users, Concurrency: conc, SetupConcurrency: 16,
		Method: s.method, PhaseLimit: s.phaseLimit, Warm: warm, Reads: reads,
	}
	if p.seeded != nil {
		// seedusers put the background users in already.
		cfg.Background = 0
		cfg.SystemID, cfg.GroupIDs = p.seeded.systemID, p.seeded.groupIDs
	}
	return load.Run(ctx, cfg)
}

// table measures every target at every concurrency, runs times, each run on
// a freshly started server holding the background users. The targets
// alternate: each run takes them in the reverse order of the run before
// (fake, lintel, …, lintel, fake), so a drift of the machine's speed
// during the run weighs on both sides.
func (s *suite) table(ctx context.Context) error {
	fmt.Fprintf(s.out, "== deletes: %d users per measurement (%s), %d background users present, %d runs; %d warm-up users; %d calls per read phase\n",
		s.users, s.workNames(), s.background, s.runs, s.warm, s.reads)
	if d, err := diskSync(s.work, 500); err == nil {
		s.disk = d
		fmt.Fprintf(s.out, "disk: 4 KiB write + fdatasync in %s: p50 %.0f µs, p99 %.0f µs (%d samples)\n", s.work, d.p50, d.p99, d.n)
	} else {
		fmt.Fprintln(s.out, "disk: fdatasync not measured:", err)
	}
	for run := range s.runs {
		ts := s.targets()
		if run%2 == 1 {
			slices.Reverse(ts)
		}
		for _, t := range ts {
			if err := s.tableRun(ctx, t, run); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
		}
	}
	s.printTable()
	return nil
}

func (s *suite) workNames() string {
	var out []string
	for _, w := range s.works {
		out = append(out, fmt.Sprintf("%s: %d credentials, %d groups each", w.name, w.credentials, w.groups))
	}
	return strings.Join(out, "; ")
}

func (s *suite) tableRun(ctx context.Context, t target, run int) error {
	p, err := t.start(ctx, run)
	if err != nil {
		return err
	}
	defer p.stop()
	first := true
	for _, w := range s.works {
		for _, c := range s.conc {
			bg, warm := 0, 0
			if first {
				// Seeded once per server start, then left in place.
				bg, warm, first = s.background, s.warm, false
			}
			res, err := s.measure(ctx, p, w, c, bg, warm, s.reads)
			if err != nil {
				return err
			}
			d := res.Phase("delete")
			fmt.Fprintf(s.out, "run %d %-22s %-5s c=%-3d %8.0f deletes/s  p50 %5.2f p99 %6.2f ms  errors %d  rss max %.0f MB  cpu %.0f µs/delete\n",
				run+1, t.name, w.name, c, d.PerSecond, d.P50, d.P99, d.Errors, res.Memory.MaxMB, d.ServerCPUus)
			for _, n := range res.Notes {
				if run == 0 {
					fmt.Fprintf(s.out, "    note (%s, %s): %s\n", t.name, w.name, n)
				}
			}
			s.results = append(s.results, record{Series: "table", Target: t.name, Work: w.name, Run: run, Concurrency: c,
				Present: s.background, Result: res})
		}
	}
	return nil
}

// stat is the median over runs of one target at one setting.
type stat struct {
	perSecond, p50, p99, rss float64
	errors, runs             int
}

// sel picks the records of a median: a series, a target, a kind of work
// ("" for any), a phase, a concurrency and the users present.
type sel struct {
	series, target, work, phase string
	conc, present               int
}

func (s *suite) median(q sel) stat {
	var ops, p50, p99, rss []float64
	var st stat
	for _, r := range s.results {
		if r.Series != q.series || r.Target != q.target || r.Concurrency != q.conc || r.Present != q.present ||
			(q.work != "" && r.Work != q.work) {
			continue
		}
		d := r.Result.Phase(q.phase)
		if d.Calls == 0 {
			continue
		}
		ops, p50, p99, rss = append(ops, d.PerSecond), append(p50, d.P50), append(p99, d.P99), append(rss, r.Result.Memory.MaxMB)
		st.errors += d.Errors
		st.runs++
	}
	st.perSecond, st.p50, st.p99, st.rss = med(ops), med(p50), med(p99), slices.Max(append(rss, 0))
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

// printTable prints the medians: the deletes of each kind of work side by
// side, then each read phase, every server against the fake and against
// the ceiling measured in the same run.
func (s *suite) printTable() {
	fmt.Fprintf(s.out, "\nMedians of %d runs; %d users deleted per run, %d present besides", s.runs, s.users, s.background)
	if s.disk.n > 0 {
		fmt.Fprintf(s.out, "; this disk's fdatasync p50 %.0f µs, p99 %.0f µs", s.disk.p50, s.disk.p99)
	}
	fmt.Fprintln(s.out)
	for _, w := range s.works {
		fmt.Fprintf(s.out, "\ndelete, %s work (%d credentials, %d groups per user)\n", w.name, w.credentials, w.groups)
		s.printRows(func(target string, c int) sel {
			return sel{series: "table", target: target, work: w.name, phase: "delete", conc: c, present: s.background}
		}, "deletes/s")
	}
	for _, phase := range []string{"get", "list", "cred_list"} {
		if s.reads == 0 {
			break
		}
		fmt.Fprintf(s.out, "\nread: %s\n", map[string]string{"get": "acs/users/get", "list": "acs/users/list, limit 20",
			"cred_list": "acs/credentials/list by user"}[phase])
		s.printRows(func(target string, c int) sel {
			return sel{series: "table", target: target, phase: phase, conc: c, present: s.background}
		}, "calls/s")
	}
}

func (s *suite) printRows(pick func(target string, c int) sel, unit string) {
	fmt.Fprintf(s.out, "%-4s %-22s %10s %8s %8s %8s %7s %9s %11s\n", "C", "server", unit, "p50 ms", "p99 ms", "RSS MB", "errors", "÷ fake", "÷ ceiling")
	for _, c := range s.conc {
		fake, ceil := s.median(pick("fake", c)), s.median(pick("ceiling", c))
		for _, t := range s.targets() {
			m := s.median(pick(t.name, c))
			if m.runs == 0 {
				continue
			}
			fmt.Fprintf(s.out, "%-4d %-22s %10.0f %8.2f %8.2f %8.0f %7d %9s %11s\n", c, t.name, m.perSecond, m.p50, m.p99, m.rss, m.errors,
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
