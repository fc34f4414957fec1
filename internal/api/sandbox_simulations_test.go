package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// productionWorkspace seeds a workspace that is not a sandbox, with the
// test systems, and returns it.
func (s *testServer) productionWorkspace() seed.Workspace {
	s.t.Helper()
	var w seed.Workspace
	ctx := context.Background()
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		w, err = seed.Seed(ctx, tx, seed.Options{Name: "Production", IsSandbox: false, Systems: testSystems})
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return w
}

// errorCodes lists the error_code of each of an object's errors.
func errorCodes(o map[string]any) []string {
	var out []string
	errs, _ := o["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		code, _ := m["error_code"].(string)
		out = append(out, code)
	}
	return out
}

func TestConnectedAccountsSimulateDisconnect(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		prod := s.productionWorkspace()
		s.app.Workspaces.SetClientSessionResolver(clientSessions{
			"scoped": {Kind: lintel.AuthClientSession, WorkspaceID: s.A.WorkspaceID, ActorID: lintel.NewID(),
				UserIdentityIDs: []string{s.A.Systems[0].UserIdentityIDs[0]}},
		})
		acct := s.A.ConnectedAccountID
		const path = "/connected_accounts/simulate/disconnect"
		params := func(id any) map[string]any { return map[string]any{"connected_account_id": id} }
		account := func(token, id string) map[string]any {
			return bodyObj(t, s.postOK("/connected_accounts/get", token, params(id)), "connected_account")
		}
		sameNotFound(t, s.call(http.MethodPost, path, s.A.APIKey, params(lintel.NewID())),
			s.call(http.MethodPost, path, s.A.APIKey, params(s.B.ConnectedAccountID)))
		s.run([]apiCase{
			{name: "W_B's account", method: http.MethodPost, path: path, params: params(s.B.ConnectedAccountID),
				status: 404, errType: "connected_account_not_found"},
			{name: "unknown account", method: http.MethodPost, path: path, params: params(lintel.NewID()),
				status: 404, errType: "connected_account_not_found"},
			{name: "not a sandbox", token: prod.APIKey, method: http.MethodPost, path: path, params: params(prod.ConnectedAccountID),
				status: 400, errType: "invalid_input"},
			{name: "as a client session", token: "seam_cstscoped_x1", method: http.MethodPost, path: path, params: params(acct),
				status: 401, errType: "unauthorized"},
			{name: "without token", token: "-", method: http.MethodPost, path: path, params: params(acct),
				status: 401, errType: "unauthorized"},
			{name: "without id", method: http.MethodPost, path: path, params: map[string]any{},
				status: 400, errType: "invalid_input", field: "connected_account_id"},
			{name: "bad id", method: http.MethodPost, path: path, params: params("acct"),
				status: 400, errType: "invalid_input", field: "connected_account_id"},
			{name: "by DELETE", method: http.MethodDelete, path: path, params: params(acct), status: 405, errType: "method_not_allowed"},
		})
		for _, w := range []struct{ token, id string }{{s.A.APIKey, acct}, {s.B.APIKey, s.B.ConnectedAccountID},
			{prod.APIKey, prod.ConnectedAccountID}} {
			if codes := errorCodes(account(w.token, w.id)); len(codes) != 0 {
				t.Fatalf("account %s has errors %v before any disconnection", w.id, codes)
			}
		}
		s.run([]apiCase{
			{name: "disconnect", method: http.MethodPost, path: path, params: params(acct), check: func(t *testing.T, r response) {
				if len(r.Body) != 1 || r.Body["ok"] != true {
					t.Errorf("body = %s, want only ok", r.Raw)
				}
			}},
			{name: "again", method: http.MethodPost, path: path, params: params(acct)},
		})
		a := account(s.A.APIKey, acct)
		if codes := errorCodes(a); len(codes) != 1 || codes[0] != "account_disconnected" {
			t.Errorf("account errors = %v, want [account_disconnected]", a["errors"])
		}
		requireFields(t, a["errors"].([]any)[0].(map[string]any), "created_at", "message", "error_code")
		for _, sys := range s.A.Systems {
			got := bodyObj(t, s.postOK("/acs/systems/get", s.A.APIKey, map[string]any{"acs_system_id": sys.AcsSystemID}), "acs_system")
			if codes := errorCodes(got); len(codes) != 1 || codes[0] != "account_disconnected" {
				t.Errorf("system %s errors = %v, want [account_disconnected]", sys.AcsSystemID, got["errors"])
			}
		}
		// The account's objects stay readable.
		s.ok(s.call(http.MethodPost, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": s.A.Systems[0].AcsUserIDs[0]}))
		// Neither W_B nor the production workspace is touched.
		for _, w := range []struct{ token, id string }{{s.B.APIKey, s.B.ConnectedAccountID}, {prod.APIKey, prod.ConnectedAccountID}} {
			if codes := errorCodes(account(w.token, w.id)); len(codes) != 0 {
				t.Errorf("account %s has errors %v", w.id, codes)
			}
		}
		// One event each, though disconnected twice.
		if n := s.events(s.A.WorkspaceID, "connected_account.disconnected", store.EventFilter{ConnectedAccountID: acct}); n != 1 {
			t.Errorf("%d connected_account.disconnected events, want 1", n)
		}
		for _, sys := range s.A.Systems {
			if n := s.events(s.A.WorkspaceID, "acs_system.disconnected", store.EventFilter{AcsSystemIDs: []string{sys.AcsSystemID}}); n != 1 {
				t.Errorf("%d acs_system.disconnected events about %s, want 1", n, sys.AcsSystemID)
			}
		}
		evs := list(t, s.call(http.MethodPost, "/events/list", s.A.APIKey, map[string]any{"since": "2000-01-01T00:00:00Z",
			"event_types": []string{"connected_account.disconnected", "acs_system.disconnected"}}), "events")
		if len(evs) != 1+len(s.A.Systems) {
			t.Fatalf("disconnection events = %v", evs)
		}
		for _, e := range evs {
			requireFields(t, e, "connected_account_id", "connected_account_errors", "connected_account_warnings")
			if codes := errorCodes(map[string]any{"errors": e["connected_account_errors"]}); len(codes) != 1 || codes[0] != "account_disconnected" {
				t.Errorf("%v: connected_account_errors = %v", e["event_type"], e["connected_account_errors"])
			}
			if e["event_type"] == "acs_system.disconnected" {
				requireFields(t, e, "acs_system_id", "acs_system_errors", "acs_system_warnings")
			}
		}
		for _, ws := range []string{s.B.WorkspaceID, prod.WorkspaceID} {
			if n := countEvents(t, st, ws, "connected_account.disconnected"); n != 0 {
				t.Errorf("workspace %s has %d disconnected events", ws, n)
			}
		}
		if got := s.auditActions(s.A.WorkspaceID, acct); len(got) != 1 {
			t.Errorf("audit = %v, want one row", got)
		}
		// Signing in again to a disconnected account repairs it.
		salto := s.connect(s.A.WorkspaceID, "salto_ks", provider.JaneEmail, true)
		s.ok(s.call(http.MethodPost, path, s.A.APIKey, params(salto.ConnectedAccountID)))
		if codes := errorCodes(account(s.A.APIKey, salto.ConnectedAccountID)); len(codes) != 1 {
			t.Fatalf("errors after the disconnection: %v", codes)
		}
		if again := s.connect(s.A.WorkspaceID, "salto_ks", provider.JaneEmail, true); !again.Reconnected ||
			again.ConnectedAccountID != salto.ConnectedAccountID {
			t.Errorf("signing in again = %+v, want the same account reconnected", again)
		}
		if codes := errorCodes(account(s.A.APIKey, salto.ConnectedAccountID)); len(codes) != 0 {
			t.Errorf("errors after signing in again: %v", codes)
		}
		for _, sys := range salto.Systems {
			got := bodyObj(t, s.postOK("/acs/systems/get", s.A.APIKey, map[string]any{"acs_system_id": sys.AcsSystemID}), "acs_system")
			if codes := errorCodes(got); len(codes) != 0 {
				t.Errorf("system errors after signing in again: %v", codes)
			}
		}
		// A disconnected account can still be deleted.
		s.ok(s.call(http.MethodPost, "/connected_accounts/delete", s.A.APIKey, params(acct)))
	})
}

func TestWorkspacesResetSandbox(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		prod := s.productionWorkspace()
		const path = "/workspaces/reset_sandbox"
		hook := bodyObj(t, s.postOK("/webhooks/create", s.A.APIKey, map[string]any{"url": "https://hooks.example.com/lintel"}), "webhook")
		cst := s.clientSession(s.A.APIKey, map[string]any{"user_identifier_key": "resident"})
		s.ok(s.call(http.MethodPost, "/connect_webviews/create", s.A.APIKey, map[string]any{}))
		bBefore, prodBefore := storetest.WorkspaceRows(t, st, s.B.WorkspaceID), storetest.WorkspaceRows(t, st, prod.WorkspaceID)
		before := bodyObj(t, s.postOK("/workspaces/get", s.A.APIKey, nil), "workspace")

		s.run([]apiCase{
			{name: "not a sandbox", token: prod.APIKey, method: http.MethodPost, path: path, status: 400, errType: "invalid_input"},
			{name: "as a client session", token: cst, method: http.MethodPost, path: path, status: 401, errType: "unauthorized"},
			{name: "without token", token: "-", method: http.MethodPost, path: path, status: 401, errType: "unauthorized"},
			{name: "by GET", method: http.MethodGet, path: path, status: 405, errType: "method_not_allowed"},
		})
		if diff := storetest.DiffRows(prodBefore, storetest.WorkspaceRows(t, st, prod.WorkspaceID)); diff != "" {
			t.Errorf("the refused reset changed the production workspace: %s", diff)
		}
		var attemptID string
		s.run([]apiCase{{name: "reset", method: http.MethodPost, path: path, params: map[string]any{},
			check: func(t *testing.T, r response) {
				a := obj(t, r, "action_attempt")
				requireFields(t, a, attemptFields...)
				if a["action_type"] != "RESET_SANDBOX_WORKSPACE" || a["status"] != "success" || a["error"] != nil {
					t.Errorf("action_attempt = %v, want a successful RESET_SANDBOX_WORKSPACE", a)
				}
				if res, ok := a["result"].(map[string]any); !ok || len(res) != 0 {
					t.Errorf("result = %v, want {}", a["result"])
				}
				attemptID, _ = a["action_attempt_id"].(string)
			}}})
		got := bodyObj(t, s.postOK("/action_attempts/get", s.A.APIKey, map[string]any{"action_attempt_id": attemptID}), "action_attempt")
		if got["status"] != "success" {
			t.Errorf("action_attempts/get after the reset = %v", got)
		}
		// Everything the workspace held is gone …
		for _, l := range []struct{ path, key string }{{"/connected_accounts/list", "connected_accounts"},
			{"/acs/systems/list", "acs_systems"}, {"/acs/users/list", "acs_users"}, {"/acs/credentials/list", "acs_credentials"},
			{"/acs/access_groups/list", "acs_access_groups"}, {"/acs/entrances/list", "acs_entrances"},
			{"/user_identities/list", "user_identities"}, {"/client_sessions/list", "client_sessions"},
			{"/connect_webviews/list", "connect_webviews"}} {
			if items := list(t, s.call(http.MethodPost, l.path, s.A.APIKey, map[string]any{}), l.key); len(items) != 0 {
				t.Errorf("%s after the reset: %d items", l.path, len(items))
			}
		}
		if evs := list(t, s.call(http.MethodPost, "/events/list", s.A.APIKey, map[string]any{"since": "2000-01-01T00:00:00Z"}), "events"); len(evs) != 0 {
			t.Errorf("events after the reset: %v", evs)
		}
		s.wantError(s.call(http.MethodPost, "/connected_accounts/get", s.A.APIKey,
			map[string]any{"connected_account_id": s.A.ConnectedAccountID}), 404, "connected_account_not_found")
		s.wantError(s.call(http.MethodPost, "/workspaces/get", cst, nil), 401, "unauthorized")
		// … but the workspace, its key (every call above) and its webhooks stay.
		if after := bodyObj(t, s.postOK("/workspaces/get", s.A.APIKey, nil), "workspace"); after["name"] != before["name"] ||
			after["workspace_id"] != before["workspace_id"] || after["is_sandbox"] != true {
			t.Errorf("workspace after the reset = %v, was %v", after, before)
		}
		if hooks := list(t, s.call(http.MethodPost, "/webhooks/list", s.A.APIKey, nil), "webhooks"); len(hooks) != 1 ||
			hooks[0]["webhook_id"] != hook["webhook_id"] {
			t.Errorf("webhooks after the reset = %v", hooks)
		}
		if got := s.auditActions(s.A.WorkspaceID, s.A.WorkspaceID); len(got) != 1 || got[0] != "workspace.reset_sandbox:succeeded" {
			t.Errorf("audit = %v", got)
		}
		// The other workspaces saw nothing of it.
		if diff := storetest.DiffRows(bBefore, storetest.WorkspaceRows(t, st, s.B.WorkspaceID)); diff != "" {
			t.Errorf("workspace B changed: %s", diff)
		}
		if diff := storetest.DiffRows(prodBefore, storetest.WorkspaceRows(t, st, prod.WorkspaceID)); diff != "" {
			t.Errorf("the production workspace changed: %s", diff)
		}
		// A reset sandbox can be filled and reset again.
		s.ok(s.call(http.MethodPost, "/user_identities/create", s.A.APIKey, map[string]any{"user_identity_key": "again"}))
		s.ok(s.call(http.MethodPost, path, s.A.APIKey, nil))
		if items := list(t, s.call(http.MethodPost, "/user_identities/list", s.A.APIKey, nil), "user_identities"); len(items) != 0 {
			t.Errorf("identities after the second reset: %v", items)
		}
	})
}
