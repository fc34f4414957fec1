package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a fake server: it records every request and answers with
// the next of its canned responses (the last one repeats).
type recorder struct {
	mu        sync.Mutex
	requests  []recorded
	responses []canned
}

type recorded struct {
	method, path, query, body string
	header                    http.Header
}

type canned struct {
	status int
	header map[string]string
	body   string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests = append(r.requests, recorded{req.Method, req.URL.Path, req.URL.RawQuery, string(b), req.Header.Clone()})
	resp := r.responses[min(len(r.requests), len(r.responses))-1]
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	for k, v := range resp.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(resp.status)
	io.WriteString(w, resp.body)
}

func (r *recorder) got() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.requests...)
}

// fakeServer starts a recorder and a Client pointed at it that ignores the
// environment and records its back-off pauses instead of sleeping.
func fakeServer(t *testing.T, opts []Option, responses ...canned) (*Client, *recorder, *[]time.Duration) {
	t.Helper()
	rec := &recorder{responses: responses}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	c, err := New(append([]Option{WithEnvironment(nil), WithEndpoint(srv.URL + "/"), WithAPIKey("seam_test_key")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var slept []time.Duration
	c.conn.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		slept = append(slept, d)
		mu.Unlock()
		return ctx.Err()
	}
	return c, rec, &slept
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestNewSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		opts         []Option
		wantEndpoint string
		wantHeader   map[string]string // "" means absent
		wantErr      string
	}{
		{name: "defaults", opts: []Option{WithEnvironment(nil)}, wantEndpoint: DefaultEndpoint,
			wantHeader: map[string]string{"Authorization": "", "seam-workspace": ""}},
		{name: "api key from the environment", opts: []Option{WithEnvironment(env(map[string]string{
			"SEAM_API_KEY": "seam_k_1", "SEAM_ENDPOINT": "http://a.example/", "LINTEL_ENDPOINT": "http://b.example"}))},
			wantEndpoint: "http://a.example", wantHeader: map[string]string{"Authorization": "Bearer seam_k_1", "seam-workspace": ""}},
		{name: "LINTEL_ENDPOINT when SEAM_ENDPOINT is unset", opts: []Option{WithEnvironment(env(map[string]string{
			"LINTEL_ENDPOINT": "https://b.example:8443/base"}))}, wantEndpoint: "https://b.example:8443/base"},
		{name: "pat and workspace from the environment", opts: []Option{WithEnvironment(env(map[string]string{
			"SEAM_PERSONAL_ACCESS_TOKEN": "seam_at1_x", "SEAM_WORKSPACE_ID": "ws1"}))},
			wantEndpoint: DefaultEndpoint, wantHeader: map[string]string{"Authorization": "Bearer seam_at1_x", "seam-workspace": "ws1"}},
		{name: "both credentials in the environment", opts: []Option{WithEnvironment(env(map[string]string{
			"SEAM_API_KEY": "seam_k_1", "SEAM_PERSONAL_ACCESS_TOKEN": "seam_at1_x"}))}, wantErr: "both SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN"},
		{name: "an option picks among both", opts: []Option{WithEnvironment(env(map[string]string{
			"SEAM_API_KEY": "seam_k_1", "SEAM_PERSONAL_ACCESS_TOKEN": "seam_at1_x"})), WithAPIKey("seam_k_2")},
			wantEndpoint: DefaultEndpoint, wantHeader: map[string]string{"Authorization": "Bearer seam_k_2"}},
		{name: "explicit pat without workspace ignores SEAM_WORKSPACE_ID", opts: []Option{WithEnvironment(env(map[string]string{
			"SEAM_WORKSPACE_ID": "ws1"})), WithPersonalAccessToken("seam_at1_x", "")},
			wantEndpoint: DefaultEndpoint, wantHeader: map[string]string{"seam-workspace": ""}},
		{name: "WithWorkspaceID wins in any order", opts: []Option{WithEnvironment(nil), WithWorkspaceID("ws2"),
			WithPersonalAccessToken("seam_at1_x", "ws1")}, wantEndpoint: DefaultEndpoint, wantHeader: map[string]string{"seam-workspace": "ws2"}},
		{name: "api key sends no workspace", opts: []Option{WithEnvironment(nil), WithAPIKey("seam_k_1"), WithWorkspaceID("ws2")},
			wantEndpoint: DefaultEndpoint, wantHeader: map[string]string{"seam-workspace": ""}},
		{name: "client session token", opts: []Option{WithEnvironment(nil), WithClientSessionToken("seam_cst1_x")},
			wantEndpoint: DefaultEndpoint, wantHeader: map[string]string{"Authorization": "Bearer seam_cst1_x", "client-session-token": "seam_cst1_x"}},
		{name: "the last credential option wins", opts: []Option{WithEnvironment(nil), WithClientSessionToken("seam_cst1_x"), WithAPIKey("seam_k_3")},
			wantEndpoint: DefaultEndpoint, wantHeader: map[string]string{"Authorization": "Bearer seam_k_3", "client-session-token": ""}},
		{name: "relative endpoint", opts: []Option{WithEnvironment(nil), WithEndpoint("127.0.0.1:4555")}, wantErr: "absolute http"},
		{name: "ftp endpoint", opts: []Option{WithEnvironment(nil), WithEndpoint("ftp://x")}, wantErr: "absolute http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tt.opts...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Endpoint() != tt.wantEndpoint {
				t.Errorf("endpoint = %q, want %q", c.Endpoint(), tt.wantEndpoint)
			}
			for k, v := range tt.wantHeader {
				if got := c.conn.header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestRequestShape(t *testing.T) {
	t.Parallel()
	c, rec, _ := fakeServer(t, nil,
		canned{200, nil, `{"workspace":{"workspace_id":"w1","name":"A"},"ok":true}`})
	w, err := c.Workspaces.Get(context.Background(), WorkspacesGetParams{})
	if err != nil {
		t.Fatal(err)
	}
	if w.WorkspaceID != "w1" || w.Name != "A" {
		t.Errorf("workspace = %+v", w)
	}
	if _, err := c.Workspaces.Create(context.Background(), WorkspacesCreateParams{Name: "B", IsSandbox: true}); err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := c.Do(context.Background(), "/anything", map[string]any{"a": []string{"x"}}, &out); err != nil {
		t.Fatal(err)
	}
	got := rec.got()
	if len(got) != 3 {
		t.Fatalf("%d requests", len(got))
	}
	if r := got[0]; r.method != "GET" || r.path != "/workspaces/get" || r.query != "" || r.body != "" {
		t.Errorf("get sent %+v", r)
	}
	if r := got[0]; r.header.Get("Authorization") != "Bearer seam_test_key" {
		t.Errorf("authorization = %q", r.header.Get("Authorization"))
	}
	if r := got[1]; r.method != "POST" || r.path != "/workspaces/create" || r.body != `{"name":"B","is_sandbox":true}` ||
		r.header.Get("Content-Type") != "application/json" {
		t.Errorf("create sent %+v", r)
	}
	if r := got[2]; r.method != "POST" || r.body != `{"a":["x"]}` {
		t.Errorf("Do sent %+v", r)
	}
	if out["workspace"] == nil || out["ok"] != true {
		t.Errorf("Do decoded %v", out)
	}
}

func TestMissingResponseKey(t *testing.T) {
	t.Parallel()
	c, _, _ := fakeServer(t, nil, canned{200, nil, `{"ok":true}`})
	_, err := c.Workspaces.Get(context.Background(), WorkspacesGetParams{})
	if err == nil || !strings.Contains(err.Error(), `has no "workspace"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestEncodeQuery(t *testing.T) {
	t.Parallel()
	type nested struct {
		StartsAt string  `json:"starts_at"`
		EndsAt   *string `json:"ends_at"`
	}
	type params struct {
		ID       string   `json:"acs_user_id,omitempty"`
		Types    []string `json:"event_types"`
		Empty    []string `json:"empty"`
		Email    *string  `json:"email"`
		Limit    int      `json:"limit"`
		Flag     bool     `json:"flag"`
		Schedule nested   `json:"access_schedule"`
	}
	q, err := encodeQuery(params{ID: "u1", Types: []string{"a", "b"}, Empty: []string{}, Limit: 20, Flag: true,
		Schedule: nested{StartsAt: "2026-01-01T00:00:00.000Z"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "access_schedule.ends_at=&access_schedule.starts_at=2026-01-01T00%3A00%3A00.000Z&acs_user_id=u1&email=&" +
		"empty=&event_types=a&event_types=b&flag=true&limit=20"
	if got := q.Encode(); got != want {
		t.Errorf("query\n got %s\nwant %s", got, want)
	}
	for _, bad := range []any{
		map[string]any{"a.b": 1},
		map[string]any{"a": []any{[]any{1}}},
		map[string]any{"a": []any{""}},
		json.RawMessage(`[1]`),
	} {
		if _, err := encodeQuery(bad); err == nil {
			t.Errorf("encodeQuery(%v) succeeded", bad)
		}
	}
	if q, err := encodeQuery(nil); err != nil || len(q) != 0 {
		t.Errorf("encodeQuery(nil) = %v, %v", q, err)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		resp canned
		want Error
	}{
		{"envelope", canned{404, map[string]string{"seam-request-id": "rid-header"},
			`{"error":{"type":"acs_user_not_found","message":"Not found","request_id":"rid-body","data":{"x":1}},"ok":false}`},
			Error{StatusCode: 404, Type: "acs_user_not_found", Message: "Not found", RequestID: "rid-header", Data: map[string]any{"x": 1.0}}},
		{"request id from the body without the header", canned{400, nil,
			`{"error":{"type":"invalid_input","message":"Bad","request_id":"rid-body"},"ok":false}`},
			Error{StatusCode: 400, Type: "invalid_input", Message: "Bad", RequestID: "rid-body"}},
		{"401 is always unauthorized", canned{401, nil, `{"error":{"type":"something_else","message":"No"}}`},
			Error{StatusCode: 401, Type: "unauthorized", Message: "No"}},
		{"not the envelope", canned{502, map[string]string{"Content-Type": "text/html"}, `<html>bad gateway</html>`},
			Error{StatusCode: 502, Type: "unexpected_response", Message: "502 Bad Gateway: <html>bad gateway</html>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _, _ := fakeServer(t, []Option{WithRetries(0)}, tt.resp)
			err := c.Do(context.Background(), "/x", nil, nil)
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("error\n got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestValidationErrors(t *testing.T) {
	t.Parallel()
	c, _, _ := fakeServer(t, nil, canned{400, nil, `{"error":{"type":"invalid_input","message":"2 Input Errors",` +
		`"validation_errors":{"_errors":["form"],"name":{"_errors":["Required"]},"access_schedule":{"_errors":[],"starts_at":{"_errors":["Invalid datetime"]}}}},"ok":false}`})
	_, err := c.Workspaces.Create(context.Background(), WorkspacesCreateParams{})
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	want := map[string][]string{"": {"form"}, "name": {"Required"}, "access_schedule.starts_at": {"Invalid datetime"}}
	if got := apiErr.FieldErrors(); !reflect.DeepEqual(got, want) {
		t.Errorf("FieldErrors = %v, want %v", got, want)
	}
	if !strings.Contains(apiErr.Error(), "invalid_input: 2 Input Errors (HTTP 400") {
		t.Errorf("Error() = %q", apiErr.Error())
	}
	b, _ := json.Marshal(map[string]any{"error": apiErr})
	if !strings.Contains(string(b), `"validation_errors":{"_errors":["form"]`) || strings.Contains(string(b), "StatusCode") {
		t.Errorf("JSON form = %s", b)
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	unavailable := canned{503, map[string]string{"Retry-After": "3"}, `{"error":{"type":"service_unavailable","message":"later"},"ok":false}`}
	limited := canned{429, nil, `{"error":{"type":"rate_limited","message":"slow down"},"ok":false}`}
	ok := canned{200, nil, `{"workspace":{"workspace_id":"w1"},"ok":true}`}

	t.Run("GET is retried and honours Retry-After", func(t *testing.T) {
		t.Parallel()
		c, rec, slept := fakeServer(t, nil, unavailable, limited, ok)
		if _, err := c.Workspaces.Get(context.Background(), WorkspacesGetParams{}); err != nil {
			t.Fatal(err)
		}
		if n := len(rec.got()); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
		if len(*slept) != 2 || (*slept)[0] != 3*time.Second || (*slept)[1] < 400*time.Millisecond || (*slept)[1] > 480*time.Millisecond {
			t.Errorf("pauses = %v, want [3s, 400–480ms]", *slept)
		}
	})
	t.Run("gives up after the retries", func(t *testing.T) {
		t.Parallel()
		c, rec, _ := fakeServer(t, []Option{WithRetries(1)}, limited)
		_, err := c.Workspaces.Get(context.Background(), WorkspacesGetParams{})
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.Type != "rate_limited" || apiErr.StatusCode != 429 {
			t.Fatalf("err = %v", err)
		}
		if n := len(rec.got()); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
	t.Run("POST is never retried", func(t *testing.T) {
		t.Parallel()
		c, rec, _ := fakeServer(t, nil, unavailable, ok)
		if _, err := c.Workspaces.Create(context.Background(), WorkspacesCreateParams{Name: "x"}); err == nil {
			t.Fatal("no error")
		}
		if n := len(rec.got()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("a 4xx is not retried", func(t *testing.T) {
		t.Parallel()
		c, rec, _ := fakeServer(t, nil, canned{404, nil, `{"error":{"type":"workspace_not_found","message":"no"}}`}, ok)
		if _, err := c.Workspaces.Get(context.Background(), WorkspacesGetParams{}); err == nil {
			t.Fatal("no error")
		}
		if n := len(rec.got()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("network errors are retried", func(t *testing.T) {
		t.Parallel()
		var mu sync.Mutex
		calls := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			calls++
			n := calls
			mu.Unlock()
			if n == 1 {
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
				return
			}
			io.WriteString(w, ok.body)
		}))
		t.Cleanup(srv.Close)
		c, err := New(WithEnvironment(nil), WithEndpoint(srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		c.conn.sleep = func(context.Context, time.Duration) error { return nil }
		if _, err := c.Workspaces.Get(context.Background(), WorkspacesGetParams{}); err != nil {
			t.Fatal(err)
		}
		if calls != 2 {
			t.Errorf("%d calls, want 2", calls)
		}
	})
}

func TestRetryAfterDate(t *testing.T) {
	t.Parallel()
	h := http.Header{}
	h.Set("Retry-After", time.Now().Add(20*time.Second).UTC().Format(http.TimeFormat))
	if d := retryDelay(1, h); d < 15*time.Second || d > 20*time.Second {
		t.Errorf("delay = %v, want about 20s", d)
	}
	h.Set("Retry-After", "3600")
	if d := retryDelay(1, h); d != maxRetryAfter {
		t.Errorf("delay = %v, want the cap %v", d, maxRetryAfter)
	}
}

func TestContextEndsTheCall(t *testing.T) {
	t.Parallel()
	c, _, _ := fakeServer(t, nil, canned{503, nil, `{}`})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Workspaces.Get(ctx, WorkspacesGetParams{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// pager is a fake paginated list: items 0..n-1, size per page, cursors
// "c<offset>".
func pager(t *testing.T, n, size int, loop bool) (*Client, *[]url.Values) {
	t.Helper()
	var mu sync.Mutex
	var queries []url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		mu.Lock()
		queries = append(queries, q)
		mu.Unlock()
		off := 0
		if c := q.Get("page_cursor"); c != "" {
			off = int(c[1] - '0')
		}
		var items []map[string]string
		for i := off; i < min(off+size, n); i++ {
			items = append(items, map[string]string{"workspace_id": string(rune('a' + i))})
		}
		next := off + size
		if loop {
			next = size // always the second page
		}
		pg := map[string]any{"has_next_page": next < n, "next_page_cursor": nil, "next_page_url": nil}
		if next < n {
			pg["next_page_cursor"] = "c" + string(rune('0'+next))
		}
		json.NewEncoder(w).Encode(map[string]any{"things": items, "pagination": pg, "ok": true})
	}))
	t.Cleanup(srv.Close)
	c, err := New(WithEnvironment(nil), WithEndpoint(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c, &queries
}

func TestPaginate(t *testing.T) {
	t.Parallel()
	collect := func(seq func(func(Workspace, error) bool)) (string, error) {
		var ids []string
		for w, err := range seq {
			if err != nil {
				return strings.Join(ids, ""), err
			}
			ids = append(ids, w.WorkspaceID)
		}
		return strings.Join(ids, ""), nil
	}
	t.Run("every page, original params kept", func(t *testing.T) {
		t.Parallel()
		c, queries := pager(t, 7, 3, false)
		got, err := collect(paginate[Workspace](context.Background(), c.conn, "GET", "/things/list", "things", map[string]any{"limit": 3, "tag": "x"}))
		if err != nil || got != "abcdefg" {
			t.Fatalf("items = %q, %v", got, err)
		}
		if len(*queries) != 3 {
			t.Fatalf("%d pages fetched, want 3", len(*queries))
		}
		last := (*queries)[2]
		if last.Get("limit") != "3" || last.Get("tag") != "x" || last.Get("page_cursor") != "c6" {
			t.Errorf("third page query = %v", last)
		}
	})
	t.Run("stops early when the caller does", func(t *testing.T) {
		t.Parallel()
		c, queries := pager(t, 7, 3, false)
		for w := range paginate[Workspace](context.Background(), c.conn, "GET", "/things/list", "things", nil) {
			if w.WorkspaceID == "b" {
				break
			}
		}
		if len(*queries) != 1 {
			t.Errorf("%d pages fetched, want 1", len(*queries))
		}
	})
	t.Run("a repeated cursor ends the iteration", func(t *testing.T) {
		t.Parallel()
		c, queries := pager(t, 9, 3, true)
		got, err := collect(paginate[Workspace](context.Background(), c.conn, "GET", "/things/list", "things", nil))
		if err != nil || got != "abcdef" {
			t.Fatalf("items = %q, %v", got, err)
		}
		if len(*queries) != 2 {
			t.Errorf("%d pages fetched, want 2", len(*queries))
		}
	})
	t.Run("an error is yielded", func(t *testing.T) {
		t.Parallel()
		c, _, _ := fakeServer(t, nil, canned{400, nil, `{"error":{"type":"invalid_input","message":"bad cursor"}}`})
		_, err := collect(paginate[Workspace](context.Background(), c.conn, "GET", "/things/list", "things", nil))
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.Type != "invalid_input" {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestWaitForActionAttempt(t *testing.T) {
	t.Parallel()
	pending := ActionAttempt{ActionAttemptID: "aa1", ActionType: "UNLOCK_DOOR", Status: "pending"}
	attempt := func(status, extra string) canned {
		return canned{200, nil, `{"action_attempt":{"action_attempt_id":"aa1","action_type":"UNLOCK_DOOR","status":"` + status + `"` + extra + `},"ok":true}`}
	}
	t.Run("polls until success", func(t *testing.T) {
		t.Parallel()
		c, rec, slept := fakeServer(t, nil, attempt("pending", `,"result":null,"error":null`), attempt("success", `,"result":{"x":1},"error":null`))
		a, err := c.WaitForActionAttempt(context.Background(), pending, WaitOptions{PollingInterval: time.Second, Timeout: time.Minute})
		if err != nil || a.Status != "success" || string(a.Result) != `{"x":1}` {
			t.Fatalf("attempt = %+v, %v", a, err)
		}
		got := rec.got()
		if len(got) != 2 || got[0].method != "GET" || got[0].path != "/action_attempts/get" || got[0].query != "action_attempt_id=aa1" {
			t.Errorf("requests = %+v", got)
		}
		if len(*slept) != 2 || (*slept)[0] != time.Second {
			t.Errorf("pauses = %v", *slept)
		}
	})
	t.Run("a failed attempt is an error", func(t *testing.T) {
		t.Parallel()
		c, _, _ := fakeServer(t, nil, attempt("error", `,"result":null,"error":{"type":"lock_jammed","message":"Jammed"}`))
		_, err := c.WaitForActionAttempt(context.Background(), pending, WaitOptions{})
		var failed *ActionAttemptError
		if !errors.As(err, &failed) || failed.Type != "lock_jammed" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("times out", func(t *testing.T) {
		t.Parallel()
		c, rec, _ := fakeServer(t, nil, attempt("pending", ""))
		_, err := c.WaitForActionAttempt(context.Background(), pending, WaitOptions{Timeout: time.Second, PollingInterval: 250 * time.Millisecond})
		if !errors.Is(err, ErrActionAttemptTimeout) {
			t.Fatalf("err = %v", err)
		}
		if n := len(rec.got()); n > 5 {
			t.Errorf("%d polls for a 1s budget at 250ms", n)
		}
	})
	t.Run("a finished attempt is not polled", func(t *testing.T) {
		t.Parallel()
		c, rec, _ := fakeServer(t, nil, attempt("success", ""))
		done := pending
		done.Status = "success"
		if _, err := c.WaitForActionAttempt(context.Background(), done, WaitOptions{}); err != nil {
			t.Fatal(err)
		}
		if n := len(rec.got()); n != 0 {
			t.Errorf("%d polls", n)
		}
	})
	t.Run("routes that start one wait unless told not to", func(t *testing.T) {
		t.Parallel()
		c, rec, _ := fakeServer(t, []Option{WithoutActionAttemptWait()}, attempt("pending", ""))
		a, err := c.conn.resolveActionAttempt(context.Background(), pending)
		if err != nil || a.Status != "pending" || len(rec.got()) != 0 {
			t.Fatalf("attempt = %+v, %v, %d requests", a, err, len(rec.got()))
		}
	})
}

func TestNullableParams(t *testing.T) {
	t.Parallel()
	starts := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   Nullable[AccessScheduleParams]
		want string
	}{
		{Nullable[AccessScheduleParams]{}, `{"acs_user_id":"u"}`},
		{Nullable[AccessScheduleParams]{Set: true, Null: true}, `{"acs_user_id":"u","access_schedule":null}`},
		{Nullable[AccessScheduleParams]{Set: true, Value: AccessScheduleParams{StartsAt: &starts}},
			`{"acs_user_id":"u","access_schedule":{"starts_at":"2026-01-01T00:00:00Z"}}`},
	} {
		b, err := encodeBody(AcsUsersUpdateParams{AcsUserID: "u", AccessSchedule: tt.in})
		if err != nil || string(b) != tt.want {
			t.Errorf("body = %s, %v; want %s", b, err, tt.want)
		}
	}
	q, err := encodeQuery(AcsUsersListParams{UserIdentityEmailAddress: Nullable[string]{Set: true, Null: true}, Limit: 2})
	if err != nil || q.Encode() != "limit=2&user_identity_email_address=" {
		t.Errorf("query = %s, %v", q.Encode(), err)
	}
}
