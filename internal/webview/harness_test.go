package webview_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/browsertest"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// env is lintel's real HTTP handler (API and pages) on a real store,
// listening on loopback, with two workspaces: A and B.
type env struct {
	t    *testing.T
	st   *store.Store
	app  *app.App
	srv  *httptest.Server
	logs *browsertest.LogBuffer
	A, B seed.Workspace
}

func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	key, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	logs := &browsertest.LogBuffer{}
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

// api calls a route with a JSON body and returns the status, the answer
// decoded into out.
func (e *env) api(path, token string, params any, out any) int {
	e.t.Helper()
	return browsertest.API(e.t, e.srv.URL, path, token, params, out)
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
type page = browsertest.Page

var actionRe = regexp.MustCompile(`<form method="post" action="([^"]*)"`)

// form returns the page's form: where it posts, and its hidden fields.
func formOf(t *testing.T, p page) (string, url.Values) {
	t.Helper()
	m := actionRe.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no form on the page: %s", p.Body)
	}
	return p.Form(t, m[1], p.Body)
}

// pages fetches the pages; a redirect is a page of its own.
func (e *env) pages() browsertest.Pages { return browsertest.Pages{T: e.t} }

func (e *env) do(req *http.Request) page { e.t.Helper(); return e.pages().Do(req) }

// open GETs a page.
func (e *env) open(u string) page { e.t.Helper(); return e.pages().Open(u) }

// submit posts p's form with its hidden fields and the given ones.
func (e *env) submit(p page, fields map[string]string) page {
	e.t.Helper()
	action, form := formOf(e.t, p)
	for k, v := range fields {
		form.Set(k, v)
	}
	return e.post(action, form)
}

func (e *env) post(action string, form url.Values) page {
	e.t.Helper()
	return e.pages().Post(action, form)
}
