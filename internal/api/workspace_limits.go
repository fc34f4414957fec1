package api

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/lintel-dev/lintel"
)

// Per-workspace request budgets (RELIABILITY.md decision 9): each workspace
// has a token bucket for writes and one for reads. By default a bucket
// bites only while another workspace is waiting (has made a request within
// the last ActiveWindow): one busy workspace alone may use the whole
// server, and the moment another shows up the busy one is held to its
// budget while the newcomer is served. WorkspaceLimitAlways makes the budget
// a hard cap for every workspace at all times.

// Default budgets: far above what one workspace needs, and what the
// benchmarks reach, while other workspaces keep a share of the server.
const (
	DefaultWorkspaceWriteRate  = 2000
	DefaultWorkspaceWriteBurst = 4000
	DefaultWorkspaceReadRate   = 10000
	DefaultWorkspaceReadBurst  = 20000
	DefaultActiveWindow        = time.Second
)

// WorkspaceLimitMode says when the per-workspace budgets apply.
type WorkspaceLimitMode string

const (
	// WorkspaceLimitContended (the default) applies a workspace's budget
	// while another workspace is active.
	WorkspaceLimitContended WorkspaceLimitMode = "contended"
	// WorkspaceLimitAlways applies it at all times: an operator's cap.
	WorkspaceLimitAlways WorkspaceLimitMode = "always"
	// WorkspaceLimitOff never limits.
	WorkspaceLimitOff WorkspaceLimitMode = "off"
)

// WorkspaceLimits configures the budgets; zero fields take the defaults.
type WorkspaceLimits struct {
	Mode         WorkspaceLimitMode
	WriteRate    rate.Limit
	WriteBurst   int
	ReadRate     rate.Limit
	ReadBurst    int
	ActiveWindow time.Duration
}

func (c WorkspaceLimits) withDefaults() WorkspaceLimits {
	if c.Mode == "" {
		c.Mode = WorkspaceLimitContended
	}
	if c.WriteRate <= 0 {
		c.WriteRate = DefaultWorkspaceWriteRate
	}
	if c.WriteBurst <= 0 {
		c.WriteBurst = DefaultWorkspaceWriteBurst
	}
	if c.ReadRate <= 0 {
		c.ReadRate = DefaultWorkspaceReadRate
	}
	if c.ReadBurst <= 0 {
		c.ReadBurst = DefaultWorkspaceReadBurst
	}
	if c.ActiveWindow <= 0 {
		c.ActiveWindow = DefaultActiveWindow
	}
	return c
}

// workspaceLimiter holds the buckets of the workspaces seen recently.
type workspaceLimiter struct {
	cfg WorkspaceLimits
	now func() time.Time

	mu      sync.Mutex
	buckets map[string]*workspaceBuckets
	// recent are the last two distinct workspaces to make a request, the
	// latest first: enough to tell whether another one is active.
	recent [2]struct {
		id string
		at time.Time
	}
	sinceSweep int
}

type workspaceBuckets struct {
	read, write *rate.Limiter
	lastSeen    time.Time
}

// maxIdleBuckets bounds the map between sweeps; a sweep runs every
// sweepEvery requests or when the map reaches it, and drops buckets idle
// long enough to have refilled (dropping one then changes nothing).
const (
	maxIdleBuckets = 10_000
	sweepEvery     = 4096
)

func newWorkspaceLimiter(cfg WorkspaceLimits, now func() time.Time) *workspaceLimiter {
	return &workspaceLimiter{cfg: cfg.withDefaults(), now: now, buckets: map[string]*workspaceBuckets{}}
}

// allow takes one request of the workspace from its budget, or returns a
// rate_limited error saying when to retry.
func (l *workspaceLimiter) allow(workspaceID string, write bool) error {
	if l.cfg.Mode == WorkspaceLimitOff || workspaceID == "" {
		return nil
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[workspaceID]
	if !ok {
		if len(l.buckets) >= maxIdleBuckets {
			l.sweep(now)
		}
		b = &workspaceBuckets{read: rate.NewLimiter(l.cfg.ReadRate, l.cfg.ReadBurst),
			write: rate.NewLimiter(l.cfg.WriteRate, l.cfg.WriteBurst)}
		l.buckets[workspaceID] = b
	}
	b.lastSeen = now
	if l.recent[0].id != workspaceID {
		l.recent[1] = l.recent[0]
		l.recent[0].id = workspaceID
	}
	l.recent[0].at = now
	if l.sinceSweep++; l.sinceSweep >= sweepEvery {
		l.sweep(now)
	}
	bucket := b.read
	if write {
		bucket = b.write
	}
	r := bucket.ReserveN(now, 1)
	delay := r.DelayFrom(now)
	if delay == 0 {
		return nil
	}
	r.CancelAt(now)
	contended := l.recent[1].id != "" && now.Sub(l.recent[1].at) < l.cfg.ActiveWindow
	if l.cfg.Mode == WorkspaceLimitContended && !contended {
		return nil
	}
	secs := int(math.Ceil(delay.Seconds()))
	return &lintel.Error{Code: lintel.ERateLimited,
		Message: "Too many requests for this workspace; retry after the time in Retry-After",
		Data:    map[string]any{"retry_after_seconds": secs}}
}

// sweep drops the buckets idle for longer than they take to refill.
func (l *workspaceLimiter) sweep(now time.Time) {
	l.sinceSweep = 0
	refill := time.Duration(float64(time.Second) * math.Max(
		float64(l.cfg.WriteBurst)/float64(l.cfg.WriteRate), float64(l.cfg.ReadBurst)/float64(l.cfg.ReadRate)))
	idle := max(refill, time.Minute)
	for id, b := range l.buckets {
		if now.Sub(b.lastSeen) > idle {
			delete(l.buckets, id)
		}
	}
}

// size is the number of buckets held, for tests of the bound.
func (l *workspaceLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
