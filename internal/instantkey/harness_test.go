package instantkey_test

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
	"github.com/lintel-dev/lintel/internal/provider"
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
// listening on loopback, with two workspaces, A and B, each with an
// August account (two locks) and a Yale account (one lock), and in A a
// guest whose access grant names the first August lock and the Yale.
type env struct {
	t    *testing.T
	st   *store.Store
	app  *app.App
	srv  *httptest.Server
	logs *lockedBuffer
	A, B seed.Workspace
	// Workspace A's guest, the locks its grant names and one it may not
	// open; a lock of W_B.
	guest                    string
	frontDoor, gate, storage string
	bLock                    string
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
	h, err := api.New(a.APIServices(), api.Config{Logger: log, Version: "test", Pages: a.Pages, KeyPages: a.KeyPages})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st, app: a, srv: httptest.NewServer(h), logs: logs}
	t.Cleanup(e.srv.Close)
	a.InstantKeys.SetPublicURL(e.srv.URL)
	ctx := context.Background()
	var august, yale, bAugust provider.Connected
	err = st.InTx(ctx, func(tx *store.Tx) error {
		// The guest is A's seeded identity: its user's access group opens
		// two entrances of a Visionline system.
		systems := []seed.System{{Name: "Visionline", ExternalType: "visionline_system", ExternalTypeDisplayName: "Visionline System",
			AccessMethod: "card", Users: 1, CredentialsPerUser: 1, Groups: 1, Entrances: 2}}
		if e.A, err = seed.Seed(ctx, tx, seed.Options{Name: "A", IsSandbox: true, Systems: systems}); err != nil {
			return err
		}
		if e.B, err = seed.Seed(ctx, tx, seed.Options{Name: "B", IsSandbox: true}); err != nil {
			return err
		}
		connect := func(ws, brand string) (provider.Connected, error) {
			return a.Providers.ConnectTx(ctx, tx, ws, provider.ConnectRequest{Provider: brand,
				Login: provider.Login{Email: provider.JaneEmail}, AutomaticallyManageNewDevices: true})
		}
		if august, err = connect(e.A.WorkspaceID, "august"); err != nil {
			return err
		}
		if yale, err = connect(e.A.WorkspaceID, "yale"); err != nil {
			return err
		}
		bAugust, err = connect(e.B.WorkspaceID, "august")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e.frontDoor, e.storage, e.gate, e.bLock = august.Devices[0].DeviceID, august.Devices[1].DeviceID, yale.Devices[0].DeviceID,
		bAugust.Devices[0].DeviceID
	e.guest = e.A.Systems[0].UserIdentityIDs[0]
	e.call("/access_grants/create", e.A.APIKey, map[string]any{"user_identity_id": e.guest,
		"device_ids": []string{e.frontDoor, e.gate}, "requested_access_methods": []map[string]any{{"mode": "code"}}}, nil)
	e.rename(e.frontDoor, "Front door")
	e.rename(e.gate, "Garden gate")
	return e
}

// api calls a route with a JSON body and returns the status and the
// decoded answer.
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

// call is api for a call that must succeed.
func (e *env) call(path, token string, params any, out any) {
	e.t.Helper()
	if status := e.api(path, token, params, out); status != http.StatusOK {
		e.t.Fatalf("%s: status %d", path, status)
	}
}

func (e *env) rename(deviceID, name string) {
	e.t.Helper()
	e.call("/devices/update", e.A.APIKey, map[string]any{"device_id": deviceID, "name": name}, nil)
}

// generate makes an instant key of A's guest with that many uses.
func (e *env) generate(uses int) client.InstantKey {
	e.t.Helper()
	var out struct {
		InstantKey client.InstantKey `json:"instant_key"`
	}
	e.call("/user_identities/generate_instant_key", e.A.APIKey, map[string]any{"user_identity_id": e.guest, "max_use_count": uses}, &out)
	return out.InstantKey
}

// locked reads whether a lock of A is locked.
func (e *env) locked(deviceID string) bool {
	e.t.Helper()
	var out struct {
		Device client.Device `json:"device"`
	}
	e.call("/locks/get", e.A.APIKey, map[string]any{"device_id": deviceID}, &out)
	return out.Device.Properties.Locked == nil || *out.Device.Properties.Locked
}

// sessionWorks reports whether a client session's token is accepted.
func (e *env) sessionWorks(k client.InstantKey) bool {
	e.t.Helper()
	var out struct {
		ClientSession client.ClientSession `json:"client_session"`
	}
	// The workspace reads the token while the session is live ...
	if e.api("/client_sessions/get", e.A.APIKey, map[string]any{"client_session_id": k.ClientSessionID}, &out) != http.StatusOK {
		return false
	}
	// ... and the token itself must authenticate.
	return e.api("/client_sessions/get", out.ClientSession.Token, map[string]any{}, nil) == http.StatusOK
}

// page is an HTML page the server answered.
type page struct {
	URL    *url.URL
	Status int
	Header http.Header
	Body   string
}

var (
	formRe   = regexp.MustCompile(`(?s)<form method="post" action="([^"]*)">(.*?)</form>`)
	hiddenRe = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)
)

// form returns where the Unlock form of a lock posts and its fields.
func (p page) form(t *testing.T, deviceID string) (string, url.Values) {
	t.Helper()
	for _, m := range formRe.FindAllStringSubmatch(p.Body, -1) {
		fields := url.Values{}
		for _, h := range hiddenRe.FindAllStringSubmatch(m[2], -1) {
			fields.Set(h[1], html.UnescapeString(h[2]))
		}
		if fields.Get("device_id") != deviceID {
			continue
		}
		action, err := p.URL.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		return action.String(), fields
	}
	t.Fatalf("no Unlock form for %s on the page: %s", deviceID, p.Body)
	return "", nil
}

// has reports whether the page's text holds s.
func (p page) has(s string) bool { return strings.Contains(html.UnescapeString(p.Body), s) }

func (e *env) do(req *http.Request) page {
	e.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	// The url the answer came from, after any redirect.
	return page{URL: resp.Request.URL, Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
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

// unlock presses the Unlock button of a lock on p.
func (e *env) unlock(p page, deviceID string) page {
	e.t.Helper()
	action, form := p.form(e.t, deviceID)
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
