package job

import (
	"math/rand/v2"
	"time"
)

// Backoff is the retry policy of queued connector mutations: exponential
// delays with jitter, and a budget of attempts after which the mutation is
// failed and the object says so.
type Backoff struct {
	// Base is the delay after the first failed attempt; each further
	// failure doubles it.
	Base time.Duration
	// Max caps one delay.
	Max time.Duration
	// Attempts is the retry budget: how many attempts are made in all.
	Attempts int
	// Jitter spreads each delay by up to this fraction either way, so that
	// mutations failed together do not retry together.
	Jitter float64
}

// DefaultMutationBackoff retries for about nine hours: 2 s, 4 s, … up to an
// hour between attempts, 20 attempts in all.
var DefaultMutationBackoff = Backoff{Base: 2 * time.Second, Max: time.Hour, Attempts: 20, Jitter: 0.2}

// Delay is the wait after the given failed attempt (1 for the first).
func (b Backoff) Delay(attempt int) time.Duration {
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	return jitter(min(d, b.Max), b.Jitter)
}

// Schedule is the delivery schedule of webhook events: Delays[i] is the
// wait before attempt i+1, counted from the previous attempt, so
// len(Delays) is the number of attempts. Delays[0] is normally zero.
type Schedule struct {
	Delays []time.Duration
	// Jitter spreads each delay by up to this fraction either way.
	Jitter float64
}

// DefaultWebhookSchedule is Svix's: at once, then after 5 seconds, 5
// minutes, 30 minutes, 2 hours, 5 hours, 10 hours and 10 hours.
var DefaultWebhookSchedule = Schedule{Delays: []time.Duration{0, 5 * time.Second, 5 * time.Minute,
	30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}, Jitter: 0.1}

// Delay is the wait after the given failed attempt (1 for the first).
func (s Schedule) Delay(attempt int) time.Duration {
	if attempt < 1 || attempt >= len(s.Delays) {
		return 0
	}
	return jitter(s.Delays[attempt], s.Jitter)
}

// Scaled returns the schedule with every delay multiplied by f: tests run
// the real schedule in a fraction of its time.
func (s Schedule) Scaled(f float64) Schedule {
	out := Schedule{Delays: make([]time.Duration, len(s.Delays)), Jitter: s.Jitter}
	for i, d := range s.Delays {
		out.Delays[i] = time.Duration(float64(d) * f)
	}
	return out
}

func jitter(d time.Duration, frac float64) time.Duration {
	if frac <= 0 || d <= 0 {
		return d
	}
	return time.Duration(float64(d) * (1 + frac*(2*rand.Float64()-1)))
}
