// Package cores runs the Go scheduler on one core while the server answers
// one request at a time, and on all of them from the moment two overlap.
//
// One caller after another is how a test suite calls lintel, usually on
// the machine it runs on. There a second core does the server no good and
// costs it dearly: every goroutine made runnable while that core is idle
// wakes a thread that spins looking for work, taking CPU from the client.
// On two cores shared with the load generator, one core served 30 % more
// deletes per second at C=1 and used 30 % less CPU per delete; pinned to
// one core, the same server collapsed at C=16 (bench/README.md, seventh
// round). The governor takes the first without the second.
package cores

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Interval is how long the server must see no two requests at once before
// it narrows to one core.
const Interval = 250 * time.Millisecond

// Streak is how many requests in a row, each alone in flight when it came,
// narrow the server without waiting for the interval. A test suite that
// sets up in parallel and then calls one request after another gets one
// core after a few milliseconds of its calls, not up to two intervals
// later: at a few thousand calls a second, half a second of them.
const Streak = 64

// Governor counts the requests in flight and sets GOMAXPROCS: to one after
// an interval in which no two requests overlapped, or after Streak requests
// in a row that came one at a time, back to the runtime's default at the
// first overlap.
type Governor struct {
	inflight atomic.Int64
	// overlapped records two requests in flight since the last look.
	overlapped atomic.Bool
	// alone counts the requests in a row that found no other in flight;
	// its reaching Streak wakes Run through streak.
	alone  atomic.Int64
	streak chan struct{}
	// interval is Run's period: Interval, longer in tests.
	interval time.Duration
	// narrow is true while the server runs on one core.
	narrow atomic.Bool
	mu     sync.Mutex
	// narrowTo and widen set GOMAXPROCS (tests replace them).
	narrowTo func()
	widen    func()
}

// New returns a governor, or nil when there is nothing to govern: the
// runtime already runs on one core, or GOMAXPROCS was set by the person
// running the server (the environment variable), whose choice stands.
// A nil governor's methods do nothing.
func New(env func(string) string) *Governor {
	if env("GOMAXPROCS") != "" || runtime.GOMAXPROCS(0) <= 1 {
		return nil
	}
	return newGovernor(func() { runtime.GOMAXPROCS(1) }, runtime.SetDefaultGOMAXPROCS)
}

func newGovernor(narrowTo, widen func()) *Governor {
	return &Governor{narrowTo: narrowTo, widen: widen, streak: make(chan struct{}, 1), interval: Interval}
}

// Wrap counts next's requests: a request that finds another in flight
// widens the server before it is served.
func (g *Governor) Wrap(next http.Handler) http.Handler {
	if g == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g.inflight.Add(1) > 1 {
			g.overlapped.Store(true)
			g.alone.Store(0)
			if g.narrow.Load() {
				g.set(false)
			}
		} else if g.alone.Add(1) == Streak && !g.narrow.Load() {
			select {
			case g.streak <- struct{}{}:
			default: // Run has yet to take the last one
			}
		}
		defer g.inflight.Add(-1)
		next.ServeHTTP(w, r)
	})
}

// Run looks every Interval and narrows the server if no two requests
// overlapped since the last look, and narrows it at once after a streak.
// When ctx ends it widens the server again and returns.
func (g *Governor) Run(ctx context.Context) {
	if g == nil {
		return
	}
	t := time.NewTicker(g.interval)
	defer t.Stop()
	defer g.set(false)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			g.look()
		case <-g.streak:
			g.afterStreak()
		}
	}
}

// look is one tick of Run.
func (g *Governor) look() {
	if g.overlapped.Swap(false) {
		return
	}
	g.narrowUnlessBusy()
}

// afterStreak narrows the server if the streak that woke Run still holds:
// no request has overlapped another since.
func (g *Governor) afterStreak() {
	if g.alone.Load() < Streak {
		return
	}
	g.narrowUnlessBusy()
}

// narrowUnlessBusy narrows the server unless two requests are in flight.
func (g *Governor) narrowUnlessBusy() {
	if g.inflight.Load() > 1 {
		return
	}
	g.set(true)
	// A request that came in meanwhile may have found the server still
	// wide: either it sees the narrowing, or this sees it.
	if g.inflight.Load() > 1 {
		g.set(false)
	}
}

// Narrow reports whether the server runs on one core.
func (g *Governor) Narrow() bool { return g != nil && g.narrow.Load() }

func (g *Governor) set(narrow bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.narrow.Load() == narrow {
		return
	}
	if narrow {
		g.narrowTo()
	} else {
		g.widen()
	}
	g.narrow.Store(narrow)
}
