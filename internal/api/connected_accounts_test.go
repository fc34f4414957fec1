package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestConnectedAccountsUpdate(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		acct, bAcct := s.A.ConnectedAccountID, s.B.ConnectedAccountID
		get := func(t *testing.T, token, id string) map[string]any {
			t.Helper()
			return bodyObj(t, s.postOK("/connected_accounts/get", token, map[string]any{"connected_account_id": id}), "connected_account")
		}
		before := get(t, s.A.APIKey, acct)
		bBefore := get(t, s.B.APIKey, bAcct)
		upd := func(params map[string]any) map[string]any {
			params["connected_account_id"] = acct
			return params
		}
		wantAccount := func(check func(t *testing.T, c map[string]any)) func(t *testing.T, r response) {
			return func(t *testing.T, r response) {
				c := obj(t, r, "connected_account")
				requireFields(t, c, "connected_account_id", "created_at", "account_type", "display_name", "custom_metadata",
					"automatically_manage_new_devices", "accepted_capabilities", "errors", "warnings")
				check(t, c)
				// What update answers is what get reads.
				if got := get(t, s.A.APIKey, acct); got["display_name"] != c["display_name"] ||
					got["automatically_manage_new_devices"] != c["automatically_manage_new_devices"] {
					t.Errorf("get = %v, update answered %v", got, c)
				}
			}
		}
		long := strings.Repeat("x", 501)
		s.run([]apiCase{
			{name: "rename by PATCH", method: http.MethodPatch, path: "/connected_accounts/update",
				params: upd(map[string]any{"display_name": "Front office"}),
				check: wantAccount(func(t *testing.T, c map[string]any) {
					if c["display_name"] != "Front office" || c["account_type"] != before["account_type"] {
						t.Errorf("account = %v", c)
					}
				})},
			{name: "metadata and device management by POST", method: http.MethodPost, path: "/connected_accounts/update",
				params: upd(map[string]any{"custom_metadata": map[string]any{"site": "berlin", "vip": true, "note": nil},
					"automatically_manage_new_devices": false, "accepted_capabilities": []string{"access_control"}}),
				check: wantAccount(func(t *testing.T, c map[string]any) {
					m, _ := c["custom_metadata"].(map[string]any)
					if m["site"] != "berlin" || m["vip"] != true || len(m) != 3 || c["automatically_manage_new_devices"] != false ||
						c["display_name"] != "Front office" {
						t.Errorf("account = %v", c)
					}
				})},
			{name: "metadata replaced whole", method: http.MethodPost, path: "/connected_accounts/update",
				params: upd(map[string]any{"custom_metadata": map[string]any{"floor": "3"}}),
				check: wantAccount(func(t *testing.T, c map[string]any) {
					if m, _ := c["custom_metadata"].(map[string]any); len(m) != 1 || m["floor"] != "3" {
						t.Errorf("custom_metadata = %v", c["custom_metadata"])
					}
				})},
			{name: "without id", method: http.MethodPost, path: "/connected_accounts/update", params: map[string]any{"display_name": "x"},
				status: 400, errType: "invalid_input", field: "connected_account_id"},
			{name: "bad id", method: http.MethodPost, path: "/connected_accounts/update",
				params: map[string]any{"connected_account_id": "acct"}, status: 400, errType: "invalid_input", field: "connected_account_id"},
			{name: "unknown id", method: http.MethodPost, path: "/connected_accounts/update",
				params: map[string]any{"connected_account_id": lintel.NewID(), "display_name": "x"}, status: 404, errType: "connected_account_not_found"},
			{name: "W_B's account", method: http.MethodPost, path: "/connected_accounts/update",
				params: map[string]any{"connected_account_id": bAcct, "display_name": "x"}, status: 404, errType: "connected_account_not_found"},
			{name: "empty name", method: http.MethodPost, path: "/connected_accounts/update", params: upd(map[string]any{"display_name": ""}),
				status: 400, errType: "invalid_input", field: "display_name"},
			{name: "metadata not an object", method: http.MethodPost, path: "/connected_accounts/update",
				params: upd(map[string]any{"custom_metadata": "x"}), status: 400, errType: "invalid_input", field: "custom_metadata"},
			{name: "metadata number", method: http.MethodPost, path: "/connected_accounts/update",
				params: upd(map[string]any{"custom_metadata": map[string]any{"n": 1}}), status: 400, errType: "invalid_input", field: "custom_metadata"},
			{name: "metadata string too long", method: http.MethodPost, path: "/connected_accounts/update",
				params: upd(map[string]any{"custom_metadata": map[string]any{"s": long}}), status: 400, errType: "invalid_input", field: "custom_metadata"},
			{name: "other capabilities", method: http.MethodPost, path: "/connected_accounts/update",
				params: upd(map[string]any{"accepted_capabilities": []string{"lock", "access_control"}}),
				status: 400, errType: "invalid_input", field: "accepted_capabilities"},
			{name: "unknown capability", method: http.MethodPost, path: "/connected_accounts/update",
				params: upd(map[string]any{"accepted_capabilities": []string{"door"}}), status: 400, errType: "invalid_input", field: "accepted_capabilities"},
			{name: "customer key", method: http.MethodPost, path: "/connected_accounts/update",
				params: upd(map[string]any{"customer_key": "c1"}), status: 400, errType: "invalid_input", field: "customer_key"},
			{name: "by GET", method: http.MethodGet, path: "/connected_accounts/update", params: upd(map[string]any{}),
				status: 405, errType: "method_not_allowed"},
			{name: "without token", token: "-", method: http.MethodPost, path: "/connected_accounts/update",
				params: upd(map[string]any{"display_name": "x"}), status: 401, errType: "unauthorized"},
		})
		after := get(t, s.A.APIKey, acct)
		if m, _ := after["custom_metadata"].(map[string]any); after["display_name"] != "Front office" || len(m) != 1 {
			t.Errorf("a refused update changed the account: %v", after)
		}
		if got := get(t, s.B.APIKey, bAcct); got["display_name"] != bBefore["display_name"] {
			t.Errorf("W_B's account changed: %v, was %v", got, bBefore)
		}
		if got := s.auditActions(s.A.WorkspaceID, acct); len(got) != 3 {
			t.Errorf("audit = %v, want three connected_account.update rows", got)
		}
	})
}

func TestConnectedAccountsSync(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		s.app.Workspaces.SetClientSessionResolver(clientSessions{
			"scoped": {Kind: lintel.AuthClientSession, WorkspaceID: s.A.WorkspaceID, ActorID: lintel.NewID(),
				UserIdentityIDs: []string{s.A.Systems[0].UserIdentityIDs[0]}},
		})
		sync := func(id any) map[string]any { return map[string]any{"connected_account_id": id} }
		s.run([]apiCase{
			{name: "sync", method: http.MethodPost, path: "/connected_accounts/sync", params: sync(s.A.ConnectedAccountID),
				check: func(t *testing.T, r response) {
					if len(r.Body) != 1 || r.Body["ok"] != true {
						t.Errorf("body = %s, want only ok", r.Raw)
					}
				}},
			{name: "again while queued", method: http.MethodPost, path: "/connected_accounts/sync", params: sync(s.A.ConnectedAccountID)},
			{name: "W_B's account", method: http.MethodPost, path: "/connected_accounts/sync", params: sync(s.B.ConnectedAccountID),
				status: 404, errType: "connected_account_not_found"},
			{name: "unknown account", method: http.MethodPost, path: "/connected_accounts/sync", params: sync(lintel.NewID()),
				status: 404, errType: "connected_account_not_found"},
			{name: "bad id", method: http.MethodPost, path: "/connected_accounts/sync", params: sync("acct"),
				status: 400, errType: "invalid_input", field: "connected_account_id"},
			{name: "without id", method: http.MethodPost, path: "/connected_accounts/sync", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "connected_account_id"},
			{name: "by GET", method: http.MethodGet, path: "/connected_accounts/sync", params: sync(s.A.ConnectedAccountID),
				status: 405, errType: "method_not_allowed"},
			{name: "as a client session", token: "seam_cstscoped_x1", method: http.MethodPost, path: "/connected_accounts/sync",
				params: sync(s.A.ConnectedAccountID), status: 401, errType: "unauthorized"},
			{name: "without token", token: "-", method: http.MethodPost, path: "/connected_accounts/sync",
				params: sync(s.A.ConnectedAccountID), status: 401, errType: "unauthorized"},
		})
	})
}
