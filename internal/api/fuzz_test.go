package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/bridge"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// fuzzState is the real handler on a SQLite store with two workspaces of
// the same shape: A makes every call, B is the other workspace.
type fuzzState struct {
	h    http.Handler
	st   *store.Store
	A, B seed.Workspace
	// PAT is a personal access token of a console user who is a member of
	// no workspace: the credential of the routes an API key may not call
	// (workspaces/create).
	PAT string
	// Bridge is the session token of a Seam Bridge client paired with A.
	Bridge string
	// digestA and digestB are the workspaces' digests when the store's
	// change count was digestsAt; serve reuses them while it stays so.
	digestA, digestB map[string]string
	digestsAt        int64
}

func newFuzzState(f *testing.F) *fuzzState { return newFuzzStateWith(f, nil) }

// newFuzzStateWith is newFuzzState with sandbox accounts (and their locks)
// connected in both workspaces.
func newFuzzStateWith(f *testing.F, accounts []seed.Account) *fuzzState {
	st := storetest.SQLite(f)
	key, err := secret.GenerateKey()
	if err != nil {
		f.Fatal(err)
	}
	srv, err := api.New(app.New(st, key, nil).APIServices(), api.Config{})
	if err != nil {
		f.Fatal(err)
	}
	fs := &fuzzState{h: srv, st: st}
	err = st.InTx(context.Background(), func(tx *store.Tx) error {
		if fs.A, err = seed.Seed(context.Background(), tx, seed.Options{Name: "A", IsSandbox: true, Systems: testSystems, Accounts: accounts}); err != nil {
			return err
		}
		if fs.B, err = seed.Seed(context.Background(), tx, seed.Options{Name: "B", IsSandbox: true, Systems: testSystems, Accounts: accounts}); err != nil {
			return err
		}
		u, err := workspace.CreateConsoleUserTx(context.Background(), tx, "fuzz@example.com", "Fuzz")
		if err != nil {
			return err
		}
		pat, err := workspace.CreatePATTx(context.Background(), tx, u.UserID, "fuzz", "")
		if err != nil {
			return err
		}
		fs.PAT = pat.Token
		// A Seam Bridge paired with A, the account of A's systems behind it.
		bcs, err := bridge.CreateSessionTx(context.Background(), tx, key, bridge.NewSession{
			BridgeClientSessionsCreateParams: client.BridgeClientSessionsCreateParams{BridgeClientName: "fuzz",
				BridgeClientTimeZone: "UTC", BridgeClientMachineIdentifierKey: "fuzz-machine"}})
		if err != nil {
			return err
		}
		fs.Bridge = bcs.BridgeClientSessionToken
		_, err = bridge.PairTx(context.Background(), tx, lintel.Principal{Kind: lintel.AuthSystem, WorkspaceID: fs.A.WorkspaceID},
			bcs.PairingCode, []string{fs.A.Systems[0].ConnectedAccountID})
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	return fs
}

// token is the credential a fuzz target calls r with: A's API key, the
// bridge client's session token on its own routes, or the console user's
// PAT where an API key is refused.
func (fs *fuzzState) token(r api.RouteInfo) string {
	if r.BridgeClient {
		return fs.Bridge
	}
	if r.APIKey {
		return fs.A.APIKey
	}
	return fs.PAT
}

// serve sends req with A's key and checks what holds whatever the input:
// an allowed status and the envelope; no row of workspace B changed (a call
// of A's, with B's ids or any others, never reaches B); and no row of A
// changed unless the answer is a 200 of a route that changes state — a 400
// or a 404 changed nothing.
//
// The digests are taken again only when a row of the database changed
// (changes): a digest of every table costs ten times the call, and a
// fuzzing worker spent its time on them, not on inputs.
func (fs *fuzzState) serve(t *testing.T, req *http.Request, changesState bool, allowed ...int) *httptest.ResponseRecorder {
	t.Helper()
	if n := fs.changes(t); fs.digestA == nil || n != fs.digestsAt {
		fs.digestA = storetest.WorkspaceRows(t, fs.st, fs.A.WorkspaceID)
		fs.digestB = storetest.WorkspaceRows(t, fs.st, fs.B.WorkspaceID)
		fs.digestsAt = n
	}
	if req.Header.Get("Authorization") == "" {
		req.Header.Set("Authorization", "Bearer "+fs.A.APIKey)
	}
	rec := httptest.NewRecorder()
	fs.h.ServeHTTP(rec, req)
	checkEnvelope(t, rec, allowed...)
	n := fs.changes(t)
	if n == fs.digestsAt {
		return rec
	}
	beforeA, beforeB := fs.digestA, fs.digestB
	fs.digestA, fs.digestB, fs.digestsAt = nil, nil, 0
	afterA, afterB := storetest.WorkspaceRows(t, fs.st, fs.A.WorkspaceID), storetest.WorkspaceRows(t, fs.st, fs.B.WorkspaceID)
	if d := storetest.DiffRows(beforeB, afterB); d != "" {
		t.Fatalf("%s %s with A's key answered %d and changed workspace B: %s", req.Method, req.URL.Path, rec.Code, d)
	}
	if rec.Code != http.StatusOK || !changesState {
		if d := storetest.DiffRows(beforeA, afterA); d != "" {
			t.Fatalf("%s %s answered %d and changed workspace A: %s\n%s", req.Method, req.URL.Path, rec.Code, d, rec.Body.Bytes())
		}
	}
	fs.digestA, fs.digestB, fs.digestsAt = afterA, afterB, n
	return rec
}

// changes is SQLite's total_changes() on the store's writer: the rows
// inserted, updated or deleted on that connection since it opened. Every
// write of the store goes through that one connection (the other pools are
// query_only), and a trigger or a cascade fires only from a direct change,
// so an equal count before and after a call means the call changed no row.
func (fs *fuzzState) changes(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := fs.st.DB().QueryRow(`SELECT total_changes()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkEnvelope asserts what every answer must be, whatever the input: an
// allowed status, JSON, and for errors the envelope with a request id.
func checkEnvelope(t *testing.T, rec *httptest.ResponseRecorder, allowed ...int) {
	t.Helper()
	if !slices.Contains(allowed, rec.Code) {
		t.Fatalf("status %d not in %v: %s", rec.Code, allowed, rec.Body.Bytes())
	}
	var body struct {
		OK    *bool `json:"ok"`
		Error *struct {
			Type      string `json:"type"`
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.OK == nil {
		t.Fatalf("answer is not the JSON envelope: %v %s", err, rec.Body.Bytes())
	}
	if *body.OK != (rec.Code == http.StatusOK) {
		t.Fatalf("status %d with ok %v: %s", rec.Code, *body.OK, rec.Body.Bytes())
	}
	if rec.Code != http.StatusOK && (body.Error == nil || body.Error.Type == "" || body.Error.Message == "" ||
		body.Error.RequestID != rec.Header().Get("seam-request-id")) {
		t.Fatalf("error without a full envelope: %s", rec.Body.Bytes())
	}
}

func postJSON(path string, body []byte) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// liveUsers reads A's live ACS users and, for each, its live credentials,
// from the store: the oracle does not go through the handler it judges.
func (fs *fuzzState) liveUsers(t *testing.T) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	err := fs.st.View(ctx, func(tx *store.Tx) error {
		users, err := tx.ListAcsUsers(ctx, fs.A.WorkspaceID, store.AcsUserFilter{}, page.Request{Limit: page.MaxLimit})
		if err != nil {
			return err
		}
		for _, u := range users {
			creds, err := tx.ListAcsCredentials(ctx, fs.A.WorkspaceID, store.AcsCredentialFilter{AcsUserID: u.AcsUserID},
				page.Request{Limit: page.MaxLimit})
			if err != nil {
				return err
			}
			out[u.AcsUserID] = []string{}
			for _, c := range creds {
				out[u.AcsUserID] = append(out[u.AcsUserID], c.AcsCredentialID)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzAcsUsersDeleteBody sends arbitrary bodies to the delete route through
// the whole handler and checks the state after each answer: a 200 deleted
// exactly one of A's users — the one the body names when it names one by
// acs_user_id — which is then not found, and whose credentials are
// invalidated and not found; a 404 never answers a body that names a live
// user of A by acs_user_id alone; a 400 or 404 changed no row of A; nothing
// changed a row of B.
func FuzzAcsUsersDeleteBody(f *testing.F) {
	fs := newFuzzState(f)
	a, b := fs.A.Systems[0], fs.B.Systems[0]
	for _, s := range []string{
		`{"acs_user_id":"` + a.AcsUserIDs[0] + `"}`,
		`{"user_identity_id":"` + a.UserIdentityIDs[1] + `","acs_system_id":"` + a.AcsSystemID + `"}`,
		`{"acs_user_id":"` + b.AcsUserIDs[0] + `"}`,
		`{"user_identity_id":"` + b.UserIdentityIDs[1] + `","acs_system_id":"` + b.AcsSystemID + `"}`,
		`{"acs_user_id":"` + a.AcsUserIDs[2] + `","acs_system_id":"` + b.AcsSystemID + `"}`,
		`{}`, ``, `{"acs_user_id":null}`, `{"acs_user_id":"x","acs_user_id":"y"}`, `{"ACS_USER_ID":"1"}`,
		`[1,2]`, `{"a":{"b":{"c":[1e400]}}}`, "\xef\xbb\xbf{}", `{"acs_user_id":"` + a.AcsUserIDs[2] + `"}{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := fs.liveUsers(t)
		rec := fs.serve(t, postJSON("/acs/users/delete", body), true,
			http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge)
		after := fs.liveUsers(t)
		var gone []string
		for id := range before {
			if _, ok := after[id]; !ok {
				gone = append(gone, id)
			}
		}
		named := namedAcsUser(body)
		switch rec.Code {
		case http.StatusOK:
			if len(gone) != 1 {
				t.Fatalf("200 deleted %d users (%v); want exactly one", len(gone), gone)
			}
			if named != "" && gone[0] != named {
				t.Fatalf("200 for %s deleted %s", named, gone[0])
			}
			fs.checkDeleted(t, gone[0], before[gone[0]])
		case http.StatusNotFound:
			if _, live := before[named]; live {
				t.Fatalf("404 for %s, a live user of the caller's workspace: %s", named, rec.Body.Bytes())
			}
		}
	})
}

// namedAcsUser is the acs_user_id of a body that is a JSON object naming a
// user by acs_user_id alone (no identity or system beside it), else "".
func namedAcsUser(body []byte) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	id, _ := m["acs_user_id"].(string)
	if _, ok := m["user_identity_id"]; ok {
		return ""
	}
	if _, ok := m["acs_system_id"]; ok {
		return ""
	}
	return id
}

// checkDeleted asserts that user is gone from the API and that each of its
// credentials is invalidated and gone too.
func (fs *fuzzState) checkDeleted(t *testing.T, user string, creds []string) {
	t.Helper()
	get := func(path, key, id string) int {
		req := httptest.NewRequest(http.MethodGet, path+"?"+key+"="+id, nil)
		req.Header.Set("Authorization", "Bearer "+fs.A.APIKey)
		rec := httptest.NewRecorder()
		fs.h.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := get("/acs/users/get", "acs_user_id", user); code != http.StatusNotFound {
		t.Fatalf("deleted user %s: get answers %d, want 404", user, code)
	}
	for _, c := range creds {
		if code := get("/acs/credentials/get", "acs_credential_id", c); code != http.StatusNotFound {
			t.Fatalf("credential %s of deleted user %s: get answers %d, want 404", c, user, code)
		}
		var live int
		if err := fs.st.DB().QueryRow(`SELECT COUNT(*) FROM acs_credentials WHERE acs_credential_id = $1 AND invalidated_at IS NULL`,
			c).Scan(&live); err != nil {
			t.Fatal(err)
		}
		if live != 0 {
			t.Fatalf("credential %s of deleted user %s is not invalidated", c, user)
		}
	}
}

// FuzzAcsUsersListQuery sends arbitrary query strings to a list route: the
// answer is sound and no row of A or B changes.
func FuzzAcsUsersListQuery(f *testing.F) {
	fs := newFuzzState(f)
	for _, s := range []string{
		"limit=2&_strict=true", "user_identity_email_address=&_strict=true", "limit=1e9", "limit=-1",
		"acs_system_id=" + fs.A.Systems[0].AcsSystemID, "acs_system_id=" + fs.B.Systems[0].AcsSystemID,
		"page_cursor=eyJ4Ijox", "search=%00", "created_before=yesterday", "limit=1&limit=2", "%zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		req := httptest.NewRequest(http.MethodGet, "/acs/users/list", nil)
		// Pairs net/url cannot parse are dropped; the answer must still be sound.
		req.URL.RawQuery = q
		// 404: a system or identity filter that names none of the
		// workspace's (a fuzzing worker seeds a workspace of its own, so
		// the seed corpus's system id is unknown there).
		fs.serve(t, req, false, http.StatusOK, http.StatusBadRequest, http.StatusNotFound)
	})
}

// isRead reports whether a route only reads: a get, a list, a health check.
func isRead(path string) bool {
	last := path[strings.LastIndex(path, "/")+1:]
	return strings.HasPrefix(path, "/health") || last == "get" || last == "list" || strings.HasPrefix(last, "list_")
}

// bodyRoutes are the routes of the table that take a JSON body (they accept
// POST and have parameters), read routes or not: new routes join the
// generic fuzz targets below by being in the table.
func bodyRoutes(read bool) []api.RouteInfo {
	var out []api.RouteInfo
	for _, r := range api.Routes() {
		if !slices.Contains(r.Methods, http.MethodPost) || r.Params.NumField() == 0 || isRead(r.Path) != read {
			continue
		}
		out = append(out, r)
	}
	return out
}

// TestEveryBodyTypeIsFuzzed: every route whose parameters may come as a
// JSON body is fuzzed through the handler by FuzzStateChangingRoutes or
// FuzzReadRoutes, whatever its domain.
func TestEveryBodyTypeIsFuzzed(t *testing.T) {
	t.Parallel()
	fuzzed := map[string]bool{}
	for _, read := range []bool{false, true} {
		for _, r := range bodyRoutes(read) {
			fuzzed[r.Path] = true
		}
	}
	n := 0
	for _, r := range api.Routes() {
		if slices.Contains(r.Methods, http.MethodPost) && r.Params.NumField() > 0 {
			n++
			if !fuzzed[r.Path] {
				t.Errorf("%s takes a JSON body that no fuzz target sends", r.Path)
			}
		}
	}
	t.Logf("%d routes with a JSON body, %d fuzzed", n, len(fuzzed))
}

// seedBodies gives every route of routes (chosen by index) an empty body,
// one of arbitrary keys, and for each workspace a body of its ids, one for
// each id parameter of the route.
func seedBodies(f *testing.F, fs *fuzzState, routes []api.RouteInfo) {
	idsOf := func(w seed.Workspace) map[string]string {
		sys := w.Systems[1]
		user := sys.AcsUserIDs[1]
		return map[string]string{
			"acs_user_id": user, "user_identity_id": sys.UserIdentityIDs[1], "acs_system_id": sys.AcsSystemID,
			"acs_access_group_id": sys.AccessGroupIDs[0], "acs_entrance_id": sys.EntranceIDs[0],
			"acs_credential_id": sys.CredentialIDs[user][0], "connected_account_id": w.ConnectedAccountID,
		}
	}
	for i, r := range routes {
		f.Add(uint8(i), []byte(`{}`))
		f.Add(uint8(i), []byte(`{"`+lintel.NewID()+`":[1,{"a":null}]}`))
		for _, w := range []seed.Workspace{fs.A, fs.B} {
			ids := idsOf(w)
			body := map[string]any{}
			for _, p := range paramNames(r) {
				name := strings.TrimSuffix(p, "s")
				id, ok := ids[name]
				if !ok {
					id, ok = ids[name[strings.Index(name, "acs_")+1:]]
				}
				switch {
				case !ok:
				case strings.HasSuffix(p, "_ids"):
					body[p] = []string{id}
				default:
					body[p] = id
				}
			}
			b, _ := json.Marshal(body)
			f.Add(uint8(i), b)
		}
	}
}

// FuzzStateChangingRoutes sends arbitrary JSON bodies to every route of the
// table that changes state — one params type each, chosen by the route
// argument — with A's key (or a console user's PAT where a key is
// refused): whatever the body, the answer is sound, a 400 or 404 changed
// no row of A, and no answer changed a row of B.
func FuzzStateChangingRoutes(f *testing.F) { fuzzBodies(f, false) }

// FuzzReadRoutes sends arbitrary JSON bodies to every get and list route
// of the table, chosen by the route argument, with A's key: whatever the
// body, the answer is sound and no row of A or B changed.
func FuzzReadRoutes(f *testing.F) { fuzzBodies(f, true) }

// fuzzBodies is the body of both generic fuzz targets.
func fuzzBodies(f *testing.F, read bool) {
	fs := newFuzzState(f)
	routes := bodyRoutes(read)
	if len(routes) == 0 {
		f.Fatal("no such route in the table")
	}
	seedBodies(f, fs, routes)
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		r := routes[int(route)%len(routes)]
		req := postJSON(r.Path, body)
		req.Header.Set("Authorization", "Bearer "+fs.token(r))
		fs.serve(t, req, !read, http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge)
	})
}

// paramNames lists the json names of a route's params fields.
func paramNames(r api.RouteInfo) []string {
	var out []string
	for f := range r.Params.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// FuzzDevicesListBody sends arbitrary bodies to devices/list, whose
// custom_metadata_has becomes SQL on both dialects: whatever the body, the
// answer is sound and lists only the workspace's own devices.
func FuzzDevicesListBody(f *testing.F) {
	st := storetest.SQLite(f)
	key, err := secret.GenerateKey()
	if err != nil {
		f.Fatal(err)
	}
	h, err := api.New(app.New(st, key, nil).APIServices(), api.Config{})
	if err != nil {
		f.Fatal(err)
	}
	var ws seed.Workspace
	err = st.InTx(context.Background(), func(tx *store.Tx) error {
		ws, err = seed.Seed(context.Background(), tx, seed.Options{Name: "F", Accounts: []seed.Account{{Provider: "august"}}})
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		`{}`, `{"limit":1}`, `{"custom_metadata_has":{"a":"b"}}`, `{"custom_metadata_has":{"a\"') OR 1=1 --":true}}`,
		`{"custom_metadata_has":{"$.a":null}}`, `{"custom_metadata_has":{"a":1}}`, `{"device_ids":["` + ws.Accounts[0].DeviceIDs[0] + `"]}`,
		`{"device_type":"august_lock","manufacturer":"august"}`, `{"include_if":["can_remotely_lock"],"exclude_if":["can_hvac_heat"]}`,
		`{"created_before":"2000-01-01T00:00:00Z"}`, `{"page_cursor":"eyJ4Ijox"}`, `{"search":"%_\\"}`,
		`{"connected_account_id":"` + ws.Accounts[0].ConnectedAccountID + `"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/devices/list", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+ws.APIKey)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		// 404: a connected account filter naming none of the workspace's.
		checkEnvelope(t, rec, http.StatusOK, http.StatusBadRequest, http.StatusNotFound)
		if rec.Code != http.StatusOK {
			return
		}
		var out struct {
			Devices []struct {
				WorkspaceID string `json:"workspace_id"`
			} `json:"devices"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Devices) > len(ws.Accounts[0].DeviceIDs) {
			t.Fatalf("answer %s: %v", rec.Body.Bytes(), err)
		}
		for _, d := range out.Devices {
			if d.WorkspaceID != ws.WorkspaceID {
				t.Fatalf("a device of another workspace: %s", rec.Body.Bytes())
			}
		}
	})
}
