package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// rawCall sends a hand-made request.
func (s *testServer) rawCall(method, target, token, contentType string, body []byte) response {
	s.t.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.do(req)
}

// TestEdgeDecoding covers the request rules of the edge, each asserting
// status, error type and body.
func TestEdgeDecoding(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, storetest.SQLite(t))
	user := s.A.Systems[0].AcsUserIDs[0]
	key := s.A.APIKey
	json := "application/json"
	cases := []struct {
		name, method, target, ctype, body string
		status                            int
		errType                           string
		field                             string
	}{
		{"query with _strict", "GET", "/acs/users/get?acs_user_id=" + user + "&_strict=true", "", "", 200, "", ""},
		{"POST body", "POST", "/acs/users/get", json, `{"acs_user_id":"` + user + `"}`, 200, "", ""},
		{"POST body with charset", "POST", "/acs/users/get", "application/json; charset=utf-8", `{"acs_user_id":"` + user + `"}`, 200, "", ""},
		{"unknown fields ignored", "POST", "/acs/users/get", json, `{"acs_user_id":"` + user + `","whatever":[1,{"x":2}]}`, 200, "", ""},
		{"empty POST body on a route without required params", "POST", "/workspaces/get", "", "", 200, "", ""},
		{"duplicate key", "POST", "/acs/users/get", json, `{"acs_user_id":"` + user + `","acs_user_id":"` + user + `"}`, 400, "invalid_input", "acs_user_id"},
		{"case-variant key", "POST", "/acs/users/get", json, `{"acs_user_id":"` + user + `","ACS_USER_ID":"x"}`, 400, "invalid_input", "ACS_USER_ID"},
		{"case-variant key alone is refused", "POST", "/acs/users/get", json, `{"ACS_USER_ID":"` + user + `"}`, 400, "invalid_input", "ACS_USER_ID"},
		{"trailing data", "POST", "/acs/users/get", json, `{"acs_user_id":"` + user + `"}{}`, 400, "invalid_input", ""},
		{"truncated JSON", "POST", "/acs/users/get", json, `{"acs_user_id":`, 400, "invalid_input", ""},
		{"array body", "POST", "/acs/users/get", json, `[]`, 400, "invalid_input", ""},
		{"BOM", "POST", "/acs/users/get", json, "\xef\xbb\xbf{}", 400, "invalid_input", ""},
		{"wrong type", "POST", "/acs/users/get", json, `{"acs_user_id":5}`, 400, "invalid_input", "acs_user_id"},
		{"not a uuid in query", "GET", "/acs/users/get?acs_user_id=u1", "", "", 400, "invalid_input", "acs_user_id"},
		{"scalar given twice in query", "GET", "/acs/users/get?acs_user_id=" + user + "&acs_user_id=" + user, "", "", 400, "invalid_input", "acs_user_id"},
		{"key= is null for a nullable filter", "GET", "/acs/users/list?user_identity_email_address=&_strict=true", "", "", 200, "", ""},
		{"integer coerced from the query", "GET", "/acs/users/list?limit=2", "", "", 200, "", ""},
		{"integer refused", "GET", "/acs/users/list?limit=two", "", "", 400, "invalid_input", "limit"},
		{"non-JSON content type", "POST", "/acs/users/get", "text/plain", `{"acs_user_id":"` + user + `"}`, 415, "invalid_content_type", ""},
		{"unknown path", "POST", "/no/such/route", json, `{}`, 404, "not_found", ""},
		{"spec path not implemented", "POST", api.UnimplementedSpecPath(), json, `{}`, 501, "not_implemented", ""},
		{"wrong method", "PATCH", "/acs/users/get", json, `{}`, 405, "method_not_allowed", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.target == "" {
				t.Skip("every path of the official API is served")
			}
			r := s.rawCall(c.method, c.target, key, c.ctype, []byte(c.body))
			if c.status == 200 {
				s.ok(r)
				return
			}
			s.wantError(r, c.status, c.errType)
			if c.field != "" {
				ve, _ := r.Body["error"].(map[string]any)["validation_errors"].(map[string]any)
				if _, ok := ve[c.field]; !ok {
					t.Errorf("validation_errors %v do not name %s", ve, c.field)
				}
			}
		})
	}
}

func TestEdgeBodyLimit(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, storetest.SQLite(t))
	pad := func(n int) []byte {
		prefix := `{"acs_user_id":"` + s.A.Systems[0].AcsUserIDs[0] + `","pad":"`
		b := []byte(prefix + strings.Repeat("x", n-len(prefix)-2) + `"}`)
		return b
	}
	s.ok(s.rawCall("POST", "/acs/users/get", s.A.APIKey, "application/json", pad(api.MaxBodyBytes)))
	s.wantError(s.rawCall("POST", "/acs/users/get", s.A.APIKey, "application/json", pad(api.MaxBodyBytes+1)),
		http.StatusRequestEntityTooLarge, "payload_too_large")
}

func TestEdgePanicAndStoreFailure(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	key, _ := secret.GenerateKey()
	ws := workspace.NewService(st, key, nil)
	srv, err := api.New(api.Services{Workspaces: ws}, api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv.AddPanicRoute("/test/panic")
	s := &testServer{t: t, st: st, h: srv}
	r := s.rawCall("GET", "/test/panic", "", "", nil)
	s.wantError(r, http.StatusInternalServerError, "internal_server_error")
	for _, leak := range []string{"exploded", ".go:", "goroutine", "panic"} {
		if strings.Contains(string(r.Raw), leak) {
			t.Errorf("500 body leaks %q: %s", leak, r.Raw)
		}
	}
	// The server survives.
	s.ok(s.rawCall("GET", "/health", "", "", nil))
	// A database failure is a generic 500 too, without SQL or driver text.
	st.Close()
	r = s.rawCall("POST", "/workspaces/get", "seam_abc_def", "", nil)
	s.wantError(r, http.StatusInternalServerError, "internal_server_error")
	for _, leak := range []string{"sql", "closed", "database"} {
		if strings.Contains(strings.ToLower(string(r.Raw)), leak) {
			t.Errorf("500 body leaks %q: %s", leak, r.Raw)
		}
	}
}

// TestAuthKinds covers the credentials of the foundation: API keys, PATs
// with and without membership, console sessions, and malformed tokens.
func TestAuthKinds(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		ctx := context.Background()
		var pat, outsiderPAT, userID string
		err := st.InTx(ctx, func(tx *store.Tx) error {
			u, err := workspace.CreateConsoleUserTx(ctx, tx, "member@example.com", "Member")
			if err != nil {
				return err
			}
			userID = u.UserID
			if err := tx.AddWorkspaceMember(ctx, s.A.WorkspaceID, u.UserID); err != nil {
				return err
			}
			k, err := workspace.CreatePATTx(ctx, tx, u.UserID, "t", "")
			pat = k.Token
			if err != nil {
				return err
			}
			o, err := workspace.CreateConsoleUserTx(ctx, tx, "outsider@example.com", "Outsider")
			if err != nil {
				return err
			}
			k, err = workspace.CreatePATTx(ctx, tx, o.UserID, "t", "")
			outsiderPAT = k.Token
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		jwt, err := s.app.Workspaces.CreateConsoleSession(ctx, userID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		withWS := func(token, ws string) *http.Request {
			req := httptest.NewRequest("POST", "/workspaces/get", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			if ws != "" {
				req.Header.Set("seam-workspace", ws)
			}
			return req
		}
		// Accepted.
		for name, req := range map[string]*http.Request{
			"api key":                   withWS(s.A.APIKey, ""),
			"pat of a member":           withWS(pat, s.A.WorkspaceID),
			"console session of member": withWS(jwt.Token, s.A.WorkspaceID),
		} {
			r := s.do(req)
			if r.Status != 200 || r.Body["workspace"].(map[string]any)["workspace_id"] != s.A.WorkspaceID {
				t.Errorf("%s: %d %s", name, r.Status, r.Raw)
			}
		}
		// Refused, all with the same 401 body.
		var bodies []string
		for name, req := range map[string]*http.Request{
			"no token":                  httptest.NewRequest("POST", "/workspaces/get", nil),
			"bad token":                 withWS("seam_nope_nope", ""),
			"pat of a non-member":       withWS(outsiderPAT, s.A.WorkspaceID),
			"pat on B":                  withWS(pat, s.B.WorkspaceID),
			"pat without workspace":     withWS(pat, ""),
			"pat with a non-uuid ws":    withWS(pat, "not-a-uuid"),
			"api key naming another ws": withWS(s.A.APIKey, s.B.WorkspaceID),
			"alg none":                  withWS("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwiZXhwIjo0MTAyNDQ0ODAwfQ.", s.A.WorkspaceID),
			"not a JWT":                 withWS("eyJub3QgYSBqd3Q", s.A.WorkspaceID),
			"tampered JWT":              withWS(tamper(jwt.Token), s.A.WorkspaceID),
			"huge JWT":                  withWS("ey"+strings.Repeat("A", 64<<10), s.A.WorkspaceID),
		} {
			r := s.do(req)
			if r.Status != http.StatusUnauthorized || r.errType() != "unauthorized" {
				t.Errorf("%s: %d %s; want 401 unauthorized", name, r.Status, r.Raw)
			}
			bodies = append(bodies, strings.ReplaceAll(string(r.Raw), r.Header.Get("seam-request-id"), ""))
		}
		for _, b := range bodies {
			if b != bodies[0] {
				t.Errorf("401 bodies differ: %s vs %s", b, bodies[0])
			}
		}
		// A PAT without a workspace may list and create workspaces.
		req := httptest.NewRequest("POST", "/workspaces/create", strings.NewReader(`{"name":"New"}`))
		req.Header.Set("Authorization", "Bearer "+pat)
		req.Header.Set("Content-Type", "application/json")
		r := s.do(req)
		if r.Status != 200 || r.Body["workspace"].(map[string]any)["name"] != "New" {
			t.Errorf("workspaces/create with a PAT: %d %s", r.Status, r.Raw)
		}
		req = httptest.NewRequest("GET", "/workspaces/list", nil)
		req.Header.Set("Authorization", "Bearer "+pat)
		r = s.do(req)
		if r.Status != 200 || len(r.Body["workspaces"].([]any)) != 2 {
			t.Errorf("workspaces/list with a PAT: %d %s", r.Status, r.Raw)
		}
		// An API key cannot create workspaces.
		s.wantError(s.call("POST", "/workspaces/create", s.A.APIKey, map[string]any{"name": "x"}), http.StatusUnauthorized, "unauthorized")
	})
}

// TestNoFullKeyAtRest dumps the SQLite files after issuing keys and finds
// no full key or long token in them.
func TestNoFullKeyAtRest(t *testing.T) {
	t.Parallel()
	s, st, dir := fileServer(t)
	var tokens []string
	ctx := context.Background()
	for range 20 {
		err := st.InTx(ctx, func(tx *store.Tx) error {
			k, err := workspace.CreateAPIKeyTx(ctx, tx, s.A.WorkspaceID, "k", "")
			tokens = append(tokens, k.Token)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tok := range tokens {
		s.ok(s.call("POST", "/workspaces/get", tok, nil))
	}
	dump := closeAndDump(t, st, dir)
	for _, tok := range tokens {
		parsed, _ := secret.ParseToken(tok)
		if bytes.Contains(dump, []byte(tok)) || bytes.Contains(dump, []byte(parsed.Long)) {
			t.Errorf("token %s found in the database files", parsed.Redacted())
		}
		if !bytes.Contains(dump, []byte(parsed.Short)) {
			t.Errorf("short token of %s not found: the test inspects the wrong files", parsed.Redacted())
		}
	}
}

// fileServer is a test server on a SQLite file of its own, in dir, for the
// tests that inspect the files (closeAndDump).
func fileServer(t *testing.T) (s *testServer, st *store.Store, dir string) {
	t.Helper()
	dir = t.TempDir()
	st, err := store.Open(context.Background(), dir+"/lintel.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return newTestServer(t, st), st, dir
}

// closeAndDump closes a fileServer's store and returns the bytes of its
// database file and write-ahead log.
func closeAndDump(t *testing.T, st *store.Store, dir string) []byte {
	t.Helper()
	st.Close()
	var dump []byte
	for _, f := range []string{"lintel.db", "lintel.db-wal"} {
		b, _ := readFile(dir + "/" + f)
		dump = append(dump, b...)
	}
	if len(dump) == 0 {
		t.Fatal("nothing to inspect")
	}
	return dump
}

// TestEdgeStorageUnavailable answers a write the database cannot take (a
// full disk, storage that went read-only) with 503 and the envelope, keeps
// answering reads, and serves writes again once the cause is gone.
func TestEdgeStorageUnavailable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name := strings.Repeat("x", 1000)
	for _, tc := range []struct {
		name string
		fail func(t *testing.T, st *store.Store, ws string)
		heal string
	}{
		{"disk full", func(t *testing.T, st *store.Store, ws string) {
			// The writer may not grow the file, and identities like the
			// one the request creates fill it until the next needs a page.
			exec(t, st, fmt.Sprintf("PRAGMA max_page_count = %d", queryInt(t, st, "PRAGMA page_count")))
			for {
				_, err := st.DB().ExecContext(ctx, `INSERT INTO user_identities (user_identity_id, workspace_id,
					full_name, created_at) VALUES ($1, $2, $3, $4)`, lintel.NewID(), ws, name, time.Now().UnixMilli())
				if err != nil {
					break
				}
			}
		}, "PRAGMA max_page_count = 1073741823"},
		{"read-only", func(t *testing.T, st *store.Store, ws string) {
			exec(t, st, "PRAGMA query_only = 1")
		}, "PRAGMA query_only = 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := storetest.SQLite(t)
			s := newTestServer(t, st)
			tc.fail(t, st, s.A.WorkspaceID)
			create := map[string]any{"full_name": name}
			r := s.call(http.MethodPost, "/user_identities/create", s.A.APIKey, create)
			s.wantError(r, http.StatusServiceUnavailable, "service_unavailable")
			if r.Header.Get("Retry-After") == "" {
				t.Errorf("503 without Retry-After")
			}
			for _, leak := range []string{"sqlite", "full", "readonly", "SQLITE"} {
				if strings.Contains(string(r.Raw), leak) {
					t.Errorf("503 body leaks %q: %s", leak, r.Raw)
				}
			}
			s.ok(s.call(http.MethodPost, "/user_identities/list", s.A.APIKey, map[string]any{}))
			exec(t, st, tc.heal)
			s.ok(s.call(http.MethodPost, "/user_identities/create", s.A.APIKey, create))
		})
	}
}

// exec runs a statement on the store's write pool: the writer's one
// connection, where a pragma holds.
func exec(t *testing.T, st *store.Store, q string) {
	t.Helper()
	if _, err := st.DB().ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// tamper changes one character in the middle of a JWT's signature to
// another: the signature's bytes always change. (Replacing its last two
// characters did not always: the last character of unpadded base64 carries
// bits a lenient decoder drops, so "…AB" → "…AA" could decode the same.)
func tamper(token string) string {
	i := len(token) - 10
	c := byte('A')
	if token[i] == c {
		c = 'B'
	}
	return token[:i] + string(c) + token[i+1:]
}
