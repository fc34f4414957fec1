package api

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// addressLimiter keeps a token bucket per client address, for what a
// caller may do without credentials or before they are known: failing to
// authenticate, opening a bridge client session. A caller past its bucket
// gets 429 rate_limited with Retry-After.
type addressLimiter struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// maxAddresses bounds the buckets kept; past it they start afresh (a full
// bucket for everyone), so that a flood of addresses cannot grow memory.
const maxAddresses = 100_000

func newAddressLimiter(r rate.Limit, burst int) *addressLimiter {
	return &addressLimiter{rate: r, burst: burst, buckets: map[string]*rate.Limiter{}}
}

// allow takes one token from addr's bucket. When it is empty it takes
// nothing and returns how many whole seconds until the next token.
func (l *addressLimiter) allow(addr string) (retryAfterSeconds int, ok bool) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, found := l.buckets[addr]
	if !found {
		if len(l.buckets) >= maxAddresses {
			l.buckets = map[string]*rate.Limiter{}
		}
		b = rate.NewLimiter(l.rate, l.burst)
		l.buckets[addr] = b
	}
	r := b.ReserveN(now, 1)
	delay := r.DelayFrom(now)
	if r.OK() && delay == 0 {
		return 0, true
	}
	r.CancelAt(now)
	return max(1, int(math.Ceil(delay.Seconds()))), false
}
