package api_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
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

// TestBridgeSessionCreationRateLimited: bridge_client_sessions/create takes
// no credentials, so one client address may open only so many sessions:
// past its budget it gets 429 rate_limited with Retry-After and the
// envelope, and no session; another address is still served.
func TestBridgeSessionCreationRateLimited(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, storetest.SQLite(t))
	srv, err := api.New(s.app.APIServices(), api.Config{BridgeSessionRate: rate.Limit(0.001), BridgeSessionBurst: 3})
	if err != nil {
		t.Fatal(err)
	}
	s.h = srv
	open := func(addr string) response {
		req := httptest.NewRequest("POST", "/seam/bridge/v1/bridge_client_sessions/create",
			strings.NewReader(`{"bridge_client_name":"b","bridge_client_time_zone":"UTC","bridge_client_machine_identifier_key":"m"}`))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = addr
		return s.do(req)
	}
	statuses := map[int]int{}
	for range 10 {
		r := open("198.51.100.7:40000")
		statuses[r.Status]++
		if r.Status == http.StatusTooManyRequests {
			s.wantError(r, http.StatusTooManyRequests, "rate_limited")
			if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 {
				t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
			}
			if _, opened := r.Body["bridge_client_session"]; opened {
				t.Errorf("a refused request opened a session: %s", r.Body)
			}
		}
	}
	if statuses[http.StatusOK] != 3 || statuses[http.StatusTooManyRequests] != 7 {
		t.Errorf("statuses %v; want 3 × 200 then 7 × 429", statuses)
	}
	s.ok(open("203.0.113.9:40000"))
}
