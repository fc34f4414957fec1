package api_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"golang.org/x/time/rate"
)

// TestAuthFailuresRateLimited: once an address has failed authentication
// too often it gets 429 with Retry-After, while a caller with a valid key
// from the same address is never refused.
func TestAuthFailuresRateLimited(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, storetest.SQLite(t))
	srv, err := api.New(s.app.APIServices(), api.Config{AuthFailureRate: rate.Limit(0.001), AuthFailureBurst: 5})
	if err != nil {
		t.Fatal(err)
	}
	s.h = srv
	statuses := map[int]int{}
	for i := range 50 {
		req := httptest.NewRequest("POST", "/workspaces/get", nil)
		req.Header.Set("Authorization", "Bearer seam_guess"+string(rune('a'+i%26))+"_nope")
		r := s.do(req)
		statuses[r.Status]++
		if r.Status == http.StatusTooManyRequests {
			s.wantError(r, http.StatusTooManyRequests, "rate_limited")
			if r.Header.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
		// The valid client keeps being served.
		s.ok(s.call("POST", "/workspaces/get", s.A.APIKey, nil))
	}
	if statuses[http.StatusUnauthorized] != 5 || statuses[http.StatusTooManyRequests] != 45 {
		t.Errorf("statuses %v; want 5 × 401 then 45 × 429", statuses)
	}
}

// limitedServer is a test server with tiny per-workspace budgets: five
// writes, then one every 1,000 s.
func limitedServer(t *testing.T, mode api.WorkspaceLimitMode) *testServer {
	t.Helper()
	s := newTestServer(t, storetest.SQLite(t))
	srv, err := api.New(s.app.APIServices(), api.Config{WorkspaceLimits: api.WorkspaceLimits{
		Mode: mode, WriteRate: rate.Limit(0.001), WriteBurst: 5, ReadRate: rate.Limit(0.001), ReadBurst: 1000,
		ActiveWindow: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	s.h = srv
	return s
}

// TestWorkspaceRateLimits: while W_A is held to its budget (429 with
// Retry-After and the envelope), W_B's requests are served, and W_A's own
// reads, on their own budget, too. Counted, never timed.
func TestWorkspaceRateLimits(t *testing.T) {
	t.Parallel()
	write := func(s *testServer, key, name string) response {
		return s.call("POST", "/workspaces/update", key, map[string]any{"name": name})
	}

	t.Run("W_A is limited, W_B is served", func(t *testing.T) {
		t.Parallel()
		s := limitedServer(t, api.WorkspaceLimitContended)
		s.ok(s.call("GET", "/workspaces/get", s.B.APIKey, nil)) // W_B is there
		a := map[int]int{}
		for i := range 50 {
			r := write(s, s.A.APIKey, "A")
			a[r.Status]++
			if r.Status == http.StatusTooManyRequests {
				s.wantError(r, http.StatusTooManyRequests, "rate_limited")
				if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 {
					t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
				}
			}
			// W_B, within its own budget, is never refused.
			s.ok(s.call("GET", "/workspaces/get", s.B.APIKey, nil))
			if i%10 == 0 {
				s.ok(write(s, s.B.APIKey, "B"))
			}
			// W_A's reads have their own budget.
			s.ok(s.call("POST", "/acs/users/list", s.A.APIKey, map[string]any{"limit": 1}))
		}
		if a[http.StatusOK] != 5 || a[http.StatusTooManyRequests] != 45 {
			t.Errorf("W_A's writes: %v; want 5 × 200 then 45 × 429", a)
		}
	})

	t.Run("a workspace alone is not limited by default", func(t *testing.T) {
		t.Parallel()
		s := limitedServer(t, api.WorkspaceLimitContended)
		for range 50 {
			s.ok(write(s, s.A.APIKey, "A"))
		}
	})

	t.Run("an operator's cap applies alone too", func(t *testing.T) {
		t.Parallel()
		s := limitedServer(t, api.WorkspaceLimitAlways)
		n := 0
		for range 20 {
			if write(s, s.A.APIKey, "A").Status == http.StatusTooManyRequests {
				n++
			}
		}
		if n != 15 {
			t.Errorf("%d × 429 of 20 writes, want 15", n)
		}
	})

	t.Run("buckets of idle workspaces are evicted", func(t *testing.T) {
		t.Parallel()
		// 50,000 workspaces, one request each, a second apart: only those
		// seen within the last refill time are held.
		most := api.WorkspaceLimiterBuckets(api.WorkspaceLimits{Mode: api.WorkspaceLimitAlways}, 50_000, time.Second)
		if most > 10_000 {
			t.Errorf("held %d buckets at once", most)
		}
	})
}
