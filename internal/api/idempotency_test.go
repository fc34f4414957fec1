package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/idempotency"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// idempotentServer is a test server whose Idempotency-Key clock the test
// moves.
func idempotentServer(t *testing.T, st *store.Store) (*testServer, *atomic.Int64) {
	t.Helper()
	s := newTestServer(t, st)
	var offset atomic.Int64
	svc := s.app.APIServices()
	svc.Idempotency = idempotency.NewService(st, idempotency.Config{
		Now: func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }})
	h, err := api.New(svc, api.Config{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	s.h = h
	return s, &offset
}

// keyed sends a JSON body with an Idempotency-Key.
func (s *testServer) keyed(path, token, key, body string) response {
	s.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	return s.do(req)
}

// usersNamed counts the live ACS users of a workspace with a full name.
func (s *testServer) usersNamed(token, name string) int {
	s.t.Helper()
	r := s.call(http.MethodPost, "/acs/users/list", token, map[string]any{"limit": 500, "search": name})
	s.ok(r)
	n := 0
	for _, u := range r.Body["acs_users"].([]any) {
		if u.(map[string]any)["full_name"] == name {
			n++
		}
	}
	return n
}

// TestIdempotencyKey: Stripe's rules on the routes that create, on both
// databases.
func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		s, clock := idempotentServer(t, st)
		sysA, sysB := s.A.Systems[0].AcsSystemID, s.B.Systems[0].AcsSystemID
		create := func(sys, name string) string {
			return `{"acs_system_id":"` + sys + `","full_name":"` + name + `"}`
		}

		t.Run("sequential: the retry answers the same, nothing new", func(t *testing.T) {
			s := s.forT(t)
			first := s.keyed("/acs/users/create", s.A.APIKey, "seq-1", create(sysA, "Seq One"))
			s.ok(first)
			if first.Header.Get("Idempotent-Replayed") != "" {
				t.Error("first answer marked replayed")
			}
			// Other whitespace and key order are the same request.
			again := s.keyed("/acs/users/create", s.A.APIKey, "seq-1", `{ "full_name": "Seq One", "acs_system_id": "`+sysA+`" }`)
			s.ok(again)
			if again.Header.Get("Idempotent-Replayed") != "true" {
				t.Error("replay not marked Idempotent-Replayed: true")
			}
			if !bytes.Equal(first.Raw, again.Raw) {
				t.Errorf("replayed body differs:\n%s\n%s", first.Raw, again.Raw)
			}
			if n := s.usersNamed(s.A.APIKey, "Seq One"); n != 1 {
				t.Errorf("%d users created, want 1", n)
			}
			// Without a key, the same body creates again, as before.
			s.ok(s.call(http.MethodPost, "/acs/users/create", s.A.APIKey, map[string]any{"acs_system_id": sysA, "full_name": "Seq One"}))
			if n := s.usersNamed(s.A.APIKey, "Seq One"); n != 2 {
				t.Errorf("%d users, want 2", n)
			}
		})

		t.Run("the same key with another body or route is refused", func(t *testing.T) {
			s := s.forT(t)
			s.ok(s.keyed("/acs/users/create", s.A.APIKey, "reuse-1", create(sysA, "Reuse One")))
			s.wantError(s.keyed("/acs/users/create", s.A.APIKey, "reuse-1", create(sysA, "Someone Else")),
				http.StatusBadRequest, "idempotency_key_reused")
			s.wantError(s.keyed("/user_identities/create", s.A.APIKey, "reuse-1", `{"full_name":"Reuse One"}`),
				http.StatusBadRequest, "idempotency_key_reused")
			if n := s.usersNamed(s.A.APIKey, "Someone Else"); n != 0 {
				t.Errorf("%d users created with a reused key", n)
			}
		})

		t.Run("concurrent: 50 requests with one key create one object", func(t *testing.T) {
			s := s.forT(t)
			body := create(sysA, "Racer")
			var start, done sync.WaitGroup
			start.Add(1)
			answers := make([]response, 50)
			for i := range answers {
				done.Add(1)
				go func() {
					defer done.Done()
					req := httptest.NewRequest(http.MethodPost, "/acs/users/create", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+s.A.APIKey)
					req.Header.Set("Idempotency-Key", "race-1")
					start.Wait()
					rec := httptest.NewRecorder()
					s.h.ServeHTTP(rec, req)
					answers[i] = response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes()}
				}()
			}
			start.Done()
			done.Wait()
			var ok []byte
			for _, a := range answers {
				switch a.Status {
				case http.StatusOK:
					if ok != nil && !bytes.Equal(ok, a.Raw) {
						t.Errorf("two different 200 answers:\n%s\n%s", ok, a.Raw)
					}
					ok = a.Raw
				case http.StatusConflict:
					var b map[string]any
					if json.Unmarshal(a.Raw, &b) != nil || b["error"].(map[string]any)["type"] != "idempotency_key_in_use" || a.Header.Get("Retry-After") == "" {
						t.Errorf("409 answer %s (Retry-After %q)", a.Raw, a.Header.Get("Retry-After"))
					}
				default:
					t.Errorf("status %d: %s", a.Status, a.Raw)
				}
			}
			if ok == nil {
				t.Error("no request succeeded")
			}
			if n := s.usersNamed(s.A.APIKey, "Racer"); n != 1 {
				t.Errorf("%d users created by 50 requests with one key, want 1", n)
			}
			// Once the first has answered, a retry gets its answer.
			r := s.keyed("/acs/users/create", s.A.APIKey, "race-1", body)
			s.ok(r)
			if !bytes.Equal(r.Raw, ok) || r.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("retry after the race: %s", r.Raw)
			}
		})

		t.Run("two workspaces may use the same key", func(t *testing.T) {
			s := s.forT(t)
			a := s.keyed("/acs/users/create", s.A.APIKey, "shared-1", create(sysA, "Shared"))
			b := s.keyed("/acs/users/create", s.B.APIKey, "shared-1", create(sysB, "Shared"))
			s.ok(a)
			s.ok(b)
			if b.Header.Get("Idempotent-Replayed") != "" || bytes.Equal(a.Raw, b.Raw) {
				t.Errorf("B's request was answered with A's: %s", b.Raw)
			}
			if s.usersNamed(s.A.APIKey, "Shared") != 1 || s.usersNamed(s.B.APIKey, "Shared") != 1 {
				t.Error("want one user in each workspace")
			}
			rb := s.keyed("/acs/users/create", s.B.APIKey, "shared-1", create(sysB, "Shared"))
			if !bytes.Equal(rb.Raw, b.Raw) {
				t.Errorf("B's replay is not B's answer: %s", rb.Raw)
			}
		})

		t.Run("a key expires after 24 hours", func(t *testing.T) {
			s := s.forT(t)
			first := s.keyed("/acs/users/create", s.A.APIKey, "expiry-1", create(sysA, "Expiring"))
			s.ok(first)
			clock.Store(int64(23 * time.Hour))
			if r := s.keyed("/acs/users/create", s.A.APIKey, "expiry-1", create(sysA, "Expiring")); r.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("within 24 h: not replayed: %s", r.Raw)
			}
			clock.Store(int64(24*time.Hour + time.Second))
			later := s.keyed("/acs/users/create", s.A.APIKey, "expiry-1", create(sysA, "Expiring"))
			s.ok(later)
			if later.Header.Get("Idempotent-Replayed") != "" || bytes.Equal(first.Raw, later.Raw) {
				t.Errorf("after 24 h the key was still held: %s", later.Raw)
			}
			if n := s.usersNamed(s.A.APIKey, "Expiring"); n != 2 {
				t.Errorf("%d users, want 2 (the key expired in between)", n)
			}
			clock.Store(0)
		})

		t.Run("a failed request claims nothing; its retry runs again", func(t *testing.T) {
			s := s.forT(t)
			missing := "00000000-0000-4000-8000-000000000000"
			s.wantError(s.keyed("/acs/users/create", s.A.APIKey, "fail-1", create(missing, "Failing")), http.StatusNotFound, "acs_system_not_found")
			s.wantError(s.keyed("/acs/users/create", s.A.APIKey, "fail-1", create(missing, "Failing")), http.StatusNotFound, "acs_system_not_found")
		})

		t.Run("every route that creates honours the key", func(t *testing.T) {
			s := s.forT(t)
			for _, c := range []struct{ path, body, key string }{
				{"/user_identities/create", `{"full_name":"Idem Identity"}`, "user_identity"},
				{"/webhooks/create", `{"url":"https://example.com/idem"}`, "webhook"},
				{"/connect_webviews/create", `{"accepted_providers":["august"]}`, "connect_webview"},
				{"/client_sessions/create", `{"user_identifier_key":"idem-user"}`, "client_session"},
				{"/acs/credentials/create", `{"acs_user_id":"` + s.A.Systems[1].AcsUserIDs[0] + `","access_method":"code","code":"482913"}`, "acs_credential"},
			} {
				first := s.keyed(c.path, s.A.APIKey, "routes-"+c.path, c.body)
				s.ok(first)
				again := s.keyed(c.path, s.A.APIKey, "routes-"+c.path, c.body)
				if !bytes.Equal(first.Raw, again.Raw) || again.Header.Get("Idempotent-Replayed") != "true" {
					t.Errorf("%s: retry answered %s, first %s", c.path, again.Raw, first.Raw)
				}
			}
		})

		t.Run("malformed keys are refused", func(t *testing.T) {
			s := s.forT(t)
			for _, key := range []string{strings.Repeat("k", 256), "tab\tkey", "é"} {
				s.wantError(s.keyed("/acs/users/create", s.A.APIKey, key, create(sysA, "Bad Key")), http.StatusBadRequest, "invalid_input")
			}
			if n := s.usersNamed(s.A.APIKey, "Bad Key"); n != 0 {
				t.Errorf("%d users created with a malformed key", n)
			}
		})
	})
}
