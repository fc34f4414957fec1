package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"testing"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// testServer is the real HTTP handler on a real store, with two workspaces
// of identical shape: A and B.
type testServer struct {
	t    *testing.T
	st   *store.Store
	app  *app.App
	h    http.Handler
	A, B seed.Workspace
}

// testSystems is the shape seeded in both workspaces.
var testSystems = []seed.System{
	{Name: "Visionline", ExternalType: "visionline_system", ExternalTypeDisplayName: "Visionline System",
		AccessMethod: "card", Users: 3, CredentialsPerUser: 2, Groups: 1, Entrances: 2},
	{Name: "Salto KS", ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS site",
		AccessMethod: "code", Users: 3, CredentialsPerUser: 1, Groups: 2, Entrances: 2, CloudKeyEntrances: true},
}

func newTestServer(t *testing.T, st *store.Store) *testServer {
	t.Helper()
	key, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(st, key, nil)
	srv, err := api.New(a.APIServices(), api.Config{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{t: t, st: st, app: a, h: srv}
	ctx := context.Background()
	err = st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if ts.A, err = seed.Seed(ctx, tx, seed.Options{Name: "A", IsSandbox: true, Systems: testSystems}); err != nil {
			return err
		}
		ts.B, err = seed.Seed(ctx, tx, seed.Options{Name: "B", IsSandbox: true, Systems: testSystems})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// response is what a call returned.
type response struct {
	Status int
	Header http.Header
	Raw    []byte
	Body   map[string]any
}

// errType returns error.type of an error envelope.
func (r response) errType() string {
	e, _ := r.Body["error"].(map[string]any)
	s, _ := e["type"].(string)
	return s
}

// call sends params to path: as a query string for GET and DELETE, as a
// JSON body otherwise. A nil params sends no parameters.
func (s *testServer) call(method, path, token string, params map[string]any) response {
	s.t.Helper()
	var body io.Reader
	target := path
	if params != nil {
		if method == http.MethodGet || method == http.MethodDelete {
			target += "?" + encodeQuery(params)
		} else {
			b, err := json.Marshal(params)
			if err != nil {
				s.t.Fatal(err)
			}
			body = bytes.NewReader(b)
		}
	}
	req := httptest.NewRequest(method, target, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.do(req)
}

func (s *testServer) do(req *http.Request) response {
	s.t.Helper()
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	r := response{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes()}
	if err := json.Unmarshal(r.Raw, &r.Body); err != nil {
		s.t.Fatalf("%s %s: body is not a JSON object: %v: %s", req.Method, req.URL, err, r.Raw)
	}
	if r.Header.Get("seam-request-id") == "" {
		s.t.Errorf("%s %s: no seam-request-id header", req.Method, req.URL)
	}
	return r
}

// encodeQuery serialises params like the official SDK: sorted keys,
// repeated keys for arrays, _strict=true appended.
func encodeQuery(params map[string]any) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	q := url.Values{}
	for _, k := range keys {
		switch v := params[k].(type) {
		case nil:
			q.Add(k, "")
		case *string: // an id a earlier case of a table filled in
			q.Add(k, *v)
		case []string:
			if len(v) == 0 {
				q.Add(k, "")
			}
			for _, x := range v {
				q.Add(k, x)
			}
		default:
			q.Add(k, fmt.Sprint(v))
		}
	}
	return q.Encode() + "&_strict=true"
}

// ok fails the test unless r is a 200 with "ok": true.
func (s *testServer) ok(r response) {
	s.t.Helper()
	if r.Status != http.StatusOK || r.Body["ok"] != true {
		s.t.Fatalf("status %d, body %s; want 200 ok", r.Status, r.Raw)
	}
}

// wantError checks status, error type and the envelope.
func (s *testServer) wantError(r response, status int, errType string) {
	s.t.Helper()
	if r.Status != status || r.errType() != errType || r.Body["ok"] != false {
		s.t.Fatalf("got status %d body %s; want %d %s", r.Status, r.Raw, status, errType)
	}
	e := r.Body["error"].(map[string]any)
	if msg, _ := e["message"].(string); msg == "" {
		s.t.Errorf("error without message: %s", r.Raw)
	}
	if e["request_id"] != r.Header.Get("seam-request-id") {
		s.t.Errorf("error.request_id %v differs from header %q", e["request_id"], r.Header.Get("seam-request-id"))
	}
}
