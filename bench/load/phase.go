package load

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Phase is the measurement of one kind of work: every HTTP call it made,
// with its latency and outcome.
type Phase struct {
	Name        string  `json:"name"`
	Concurrency int     `json:"concurrency"`
	Calls       int     `json:"calls"`
	Errors      int     `json:"errors"`
	Seconds     float64 `json:"seconds"`
	PerSecond   float64 `json:"per_second"`
	// Latencies in milliseconds.
	P50 float64 `json:"p50_ms"`
	P90 float64 `json:"p90_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
	// ByStatus counts the calls by HTTP status; "net" counts calls that got
	// no response at all.
	ByStatus map[string]int `json:"by_status"`
	// ServerCPUus is the server's CPU time (user + system, from
	// /proc/<pid>/stat) per call of the phase, in microseconds: what the
	// work costs, which other load on the machine disturbs far less than
	// calls/s. Zero without a pid.
	ServerCPUus float64 `json:"server_cpu_us_per_call,omitempty"`
	// Truncated is set when the phase hit its time limit before its work
	// was done.
	Truncated bool `json:"truncated,omitempty"`
}

// recorder collects the calls of one phase from many workers.
type recorder struct {
	mu       sync.Mutex
	lat      []time.Duration
	byStatus map[string]int
	errors   int
}

func newRecorder(capacity int) *recorder {
	return &recorder{lat: make([]time.Duration, 0, capacity), byStatus: map[string]int{}}
}

// add records one call; ok says whether it was the expected outcome.
func (r *recorder) add(res response, err error, ok bool) {
	key := fmt.Sprint(res.status)
	if err != nil && res.status == 0 {
		key = "net"
	}
	r.mu.Lock()
	r.lat = append(r.lat, res.took)
	r.byStatus[key]++
	if !ok || err != nil {
		r.errors++
	}
	r.mu.Unlock()
}

func (r *recorder) phase(name string, conc int, took time.Duration, truncated bool) Phase {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := Phase{Name: name, Concurrency: conc, Calls: len(r.lat), Errors: r.errors,
		Seconds: took.Seconds(), ByStatus: r.byStatus, Truncated: truncated}
	if took > 0 {
		p.PerSecond = float64(len(r.lat)) / took.Seconds()
	}
	lat := slices.Clone(r.lat)
	slices.Sort(lat)
	p.P50, p.P90, p.P99 = quantile(lat, 0.50), quantile(lat, 0.90), quantile(lat, 0.99)
	if len(lat) > 0 {
		p.Max = ms(lat[len(lat)-1])
	}
	return p
}

// quantile is the nearest-rank quantile of sorted durations, in ms.
func quantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	i = min(max(i, 0), len(sorted)-1)
	return ms(sorted[i])
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// runWorkers calls work(i) for i in [0, n) from conc goroutines and stops
// early once limit has passed or ctx ends. It reports how long it ran and
// whether it stopped before all n were done.
func runWorkers(ctx context.Context, n, conc int, limit time.Duration, work func(ctx context.Context, i int)) (time.Duration, bool) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range max(conc, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				work(ctx, i)
			}
		}()
	}
	wg.Wait()
	// Every worker claims one index past n before it returns, so fewer
	// claims than n means the time limit stopped the phase.
	return time.Since(start), int(next.Load()) < n
}

// Header is the first line of the table that Row prints under.
func Header() string {
	return fmt.Sprintf("%-12s %5s %8s %7s %8s %10s %8s %8s %8s %9s  %s",
		"phase", "conc", "calls", "errors", "secs", "calls/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "by status")
}

// Row formats the phase as one line of a table.
func (p Phase) Row() string {
	keys := make([]string, 0, len(p.ByStatus))
	for k := range p.ByStatus {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var st []string
	for _, k := range keys {
		st = append(st, fmt.Sprintf("%s=%d", k, p.ByStatus[k]))
	}
	trunc := ""
	if p.Truncated {
		trunc = "  (time limit reached)"
	}
	return fmt.Sprintf("%-12s %5d %8d %7d %8.2f %10.0f %8.2f %8.2f %8.2f %9.2f  %s%s",
		p.Name, p.Concurrency, p.Calls, p.Errors, p.Seconds, p.PerSecond, p.P50, p.P90, p.P99, p.Max,
		strings.Join(st, " "), trunc)
}
