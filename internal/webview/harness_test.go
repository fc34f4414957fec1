package webview_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// lockedBuffer collects the server's log lines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// env is lintel's real HTTP handler (API and pages) on a real store,
// listening on loopback, with two workspaces: A and B.
type env struct {
	t    *testing.T
	st   *store.Store
	app  *app.App
	srv  *httptest.Server
	logs *lockedBuffer
	A, B seed.Workspace
}

func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	key, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := app.Build(st, key, app.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.New(a.APIServices(), api.Config{Logger: log, Version: "test", Pages: a.Pages})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st, app: a, srv: httptest.NewServer(h), logs: logs}
	t.Cleanup(e.srv.Close)
	a.Webviews.SetPublicURL(e.srv.URL)
	ctx := context.Background()
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if e.A, err = seed.Seed(ctx, tx, seed.Options{Name: "A", IsSandbox: true}); err != nil {
			return err
		}
		e.B, err = seed.Seed(ctx, tx, seed.Options{Name: "B", IsSandbox: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// api calls a route with a JSON body and returns the decoded answer.
func (e *env) api(path, token string, params any, out any) int {
	e.t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		e.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s: %v: %s", path, err, raw)
		}
	}
	return resp.StatusCode
}

// create makes a webview of workspace A.
func (e *env) create(params client.ConnectWebviewsCreateParams) client.ConnectWebview {
	e.t.Helper()
	var out struct {
		ConnectWebview client.ConnectWebview `json:"connect_webview"`
	}
	if status := e.api("/connect_webviews/create", e.A.APIKey, params, &out); status != http.StatusOK {
		e.t.Fatalf("create: status %d", status)
	}
	return out.ConnectWebview
}

// webview gets a webview of workspace A.
func (e *env) webview(id string) client.ConnectWebview {
	e.t.Helper()
	var out struct {
		ConnectWebview client.ConnectWebview `json:"connect_webview"`
	}
	if status := e.api("/connect_webviews/get", e.A.APIKey, map[string]string{"connect_webview_id": id}, &out); status != http.StatusOK {
		e.t.Fatalf("get: status %d", status)
	}
	return out.ConnectWebview
}

// events counts workspace A's events of a type.
func (e *env) events(eventType string) []client.Event {
	e.t.Helper()
	var out []client.Event
	err := e.st.View(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.ListEvents(context.Background(), e.A.WorkspaceID, store.EventFilter{EventTypes: []string{eventType}, Limit: 100})
		for _, r := range rows {
			ev, err := event.Present(r)
			if err != nil {
				return err
			}
			out = append(out, ev)
		}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// page is an HTML page the server answered.
type page struct {
	URL    *url.URL
	Status int
	Header http.Header
	Body   string
}

var (
	actionRe = regexp.MustCompile(`<form method="post" action="([^"]*)"`)
	hiddenRe = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)
)

// form returns the page's form: where it posts, and its hidden fields.
func (p page) form(t *testing.T) (string, url.Values) {
	t.Helper()
	m := actionRe.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no form on the page: %s", p.Body)
	}
	action, err := p.URL.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	fields := url.Values{}
	for _, h := range hiddenRe.FindAllStringSubmatch(p.Body, -1) {
		fields.Set(h[1], html.UnescapeString(h[2]))
	}
	return action.String(), fields
}

// has reports whether the page's text holds s.
func (p page) has(s string) bool { return strings.Contains(html.UnescapeString(p.Body), s) }

func (e *env) do(req *http.Request) page {
	e.t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{URL: req.URL, Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
}

// open GETs a page.
func (e *env) open(u string) page {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(req)
}

// submit posts p's form with its hidden fields and the given ones.
func (e *env) submit(p page, fields map[string]string) page {
	e.t.Helper()
	action, form := p.form(e.t)
	for k, v := range fields {
		form.Set(k, v)
	}
	return e.post(action, form)
}

func (e *env) post(action string, form url.Values) page {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, action, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(req)
}
