package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

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
