package cores

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"
)

// recorded is a governor whose GOMAXPROCS changes are only counted.
func recorded() (g *Governor, narrowed, widened *int) {
	narrowed, widened = new(int), new(int)
	g = newGovernor(func() { *narrowed++ }, func() { *widened++ })
	return g, narrowed, widened
}

// overlap serves two requests at once through g: the first is in flight
// while the second is served.
func overlap(g *Governor) {
	first, release := make(chan struct{}), make(chan struct{})
	held := g.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		close(first)
		<-release
	}))
	var wg sync.WaitGroup
	wg.Go(func() { serve(held) })
	<-first
	serve(g.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	close(release)
	wg.Wait()
}

func serve(h http.Handler) {
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/acs/users/get", nil))
}

func TestNarrowsWhenRequestsComeOneAtATime(t *testing.T) {
	t.Parallel()
	g, narrowed, widened := recorded()
	h := g.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for range 3 {
		serve(h)
	}
	g.look()
	if !g.Narrow() || *narrowed != 1 {
		t.Fatalf("after one request at a time: narrow %v, narrowed %d times; want one core, once", g.Narrow(), *narrowed)
	}
	serve(h)
	g.look()
	if *narrowed != 1 || *widened != 0 {
		t.Errorf("narrowed %d times, widened %d; want 1 and 0: a narrow server stays narrow", *narrowed, *widened)
	}
}

func TestWidensAtTheFirstOverlap(t *testing.T) {
	t.Parallel()
	g, narrowed, widened := recorded()
	g.look() // no request at all: narrow
	if !g.Narrow() {
		t.Fatal("an idle server did not narrow")
	}
	first := make(chan struct{})
	release := make(chan struct{})
	var wideInSecond bool
	h := g.Wrap(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/first" {
			close(first)
			<-release
			return
		}
		wideInSecond = !g.Narrow()
	}))
	var wg sync.WaitGroup
	wg.Go(func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/first", nil))
	})
	<-first
	serve(h) // overlaps the first
	if !wideInSecond || *widened != 1 {
		t.Fatalf("the overlapping request ran narrow=%v, widened %d times; want it served wide, after one widening", !wideInSecond, *widened)
	}
	g.look() // the interval saw two requests at once
	if g.Narrow() {
		t.Fatal("narrowed at the end of an interval that saw two requests at once")
	}
	close(release)
	wg.Wait()
	g.look() // an interval with no overlap of its own
	if !g.Narrow() || *narrowed != 2 {
		t.Errorf("after a quiet interval: narrow %v, narrowed %d times; want narrow, twice in all", g.Narrow(), *narrowed)
	}
}

func TestAStreakNarrowsWithoutWaitingForTheInterval(t *testing.T) {
	t.Parallel()
	g, narrowed, _ := recorded()
	h := g.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for range Streak - 2 {
		serve(h)
	}
	// The first of two overlapping requests came alone: the streak's
	// Streak-1th. The second starts it over.
	overlap(g)
	for range Streak - 1 {
		serve(h)
	}
	if len(g.streak) != 0 {
		t.Fatalf("Run woken after %d requests in a row alone; want it woken at the %dth", Streak-1, Streak)
	}
	serve(h)
	if len(g.streak) != 1 {
		t.Fatalf("Run not woken after %d requests in a row alone", Streak)
	}
	// Run, with an interval that cannot tick during the test, narrows on
	// the streak alone.
	g.interval = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { g.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	for i := 0; i < 10_000 && !g.Narrow(); i++ {
		time.Sleep(time.Millisecond)
	}
	if !g.Narrow() || *narrowed != 1 {
		t.Fatalf("after a streak: narrow %v, narrowed %d times; want one core, once", g.Narrow(), *narrowed)
	}
}

func TestAStreakBrokenBeforeRunWakesDoesNotNarrow(t *testing.T) {
	t.Parallel()
	g, narrowed, _ := recorded()
	h := g.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for range Streak {
		serve(h)
	}
	overlap(g)
	<-g.streak // as Run would take it, after the overlap
	g.afterStreak()
	if g.Narrow() || *narrowed != 0 {
		t.Errorf("narrowed %d times after a streak an overlap had broken; want none", *narrowed)
	}
}

func TestRunWidensWhenItEnds(t *testing.T) {
	t.Parallel()
	g, _, widened := recorded()
	g.look()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { g.Run(ctx); close(done) }()
	cancel()
	<-done
	if g.Narrow() || *widened != 1 {
		t.Errorf("after Run: narrow %v, widened %d times; want the server widened once", g.Narrow(), *widened)
	}
}

func TestTheOperatorsChoiceStands(t *testing.T) {
	t.Parallel()
	g := New(func(k string) string {
		if k == "GOMAXPROCS" {
			return "2"
		}
		return ""
	})
	if g != nil {
		t.Fatal("a governor with GOMAXPROCS set in the environment")
	}
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	serve(g.Wrap(next)) // a nil governor serves, and runs nothing
	g.Run(context.Background())
	if g.Narrow() {
		t.Error("a nil governor reports one core")
	}
}

// TestGOMAXPROCS moves the process's real setting: not parallel.
func TestGOMAXPROCS(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core: nothing to govern")
	}
	g := New(func(string) string { return "" })
	t.Cleanup(runtime.SetDefaultGOMAXPROCS)
	g.look()
	if n := runtime.GOMAXPROCS(0); n != 1 {
		t.Fatalf("narrow: GOMAXPROCS %d, want 1", n)
	}
	g.set(false)
	if n := runtime.GOMAXPROCS(0); n < 2 {
		t.Errorf("wide again: GOMAXPROCS %d, want the runtime's default, 2 or more here", n)
	}
}
