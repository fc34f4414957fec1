package instantkey_test

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
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// env is lintel's real HTTP handler (API and pages) on a real store,
// listening on loopback, with two workspaces, A and B, each with an
// August account (two locks) and a Yale account (one lock), and in A a
// guest whose access grant names the first August lock and the Yale.
type env struct {
	t    *testing.T
	st   *store.Store
	app  *app.App
	srv  *httptest.Server
	logs *browsertest.LogBuffer
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
	logs := &browsertest.LogBuffer{}
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
	return browsertest.API(e.t, e.srv.URL, path, token, params, out)
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
type page = browsertest.Page

var formRe = regexp.MustCompile(`(?s)<form method="post" action="([^"]*)">(.*?)</form>`)

// unlockForm returns where the Unlock form of a lock posts and its fields.
func unlockForm(t *testing.T, p page, deviceID string) (string, url.Values) {
	t.Helper()
	for _, m := range formRe.FindAllStringSubmatch(p.Body, -1) {
		if action, fields := p.Form(t, m[1], m[2]); fields.Get("device_id") == deviceID {
			return action, fields
		}
	}
	t.Fatalf("no Unlock form for %s on the page: %s", deviceID, p.Body)
	return "", nil
}

// pages fetches the pages, following redirects (an Unlock answers with one).
func (e *env) pages() browsertest.Pages { return browsertest.Pages{T: e.t, FollowRedirects: true} }

func (e *env) do(req *http.Request) page { e.t.Helper(); return e.pages().Do(req) }

// open GETs a page.
func (e *env) open(u string) page { e.t.Helper(); return e.pages().Open(u) }

// unlock presses the Unlock button of a lock on p.
func (e *env) unlock(p page, deviceID string) page {
	e.t.Helper()
	action, form := unlockForm(e.t, p, deviceID)
	return e.post(action, form)
}

func (e *env) post(action string, form url.Values) page {
	e.t.Helper()
	return e.pages().Post(action, form)
}
