package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestConnectedAccountsDelete deletes W_A's sandbox account, behind which
// both seeded systems are: everything under it is then not found, each live
// object's deleted event is recorded once, and W_B, which has the same
// shape, is untouched. Another workspace, a client session and a bad
// request change nothing.
func TestConnectedAccountsDelete(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		s.app.Workspaces.SetClientSessionResolver(clientSessions{
			"scoped": {Kind: lintel.AuthClientSession, WorkspaceID: s.A.WorkspaceID, ActorID: lintel.NewID(),
				UserIdentityIDs: []string{s.A.Systems[0].UserIdentityIDs[0]}},
		})
		acct := s.A.ConnectedAccountID
		var systems, users, creds, groups, entrances []string
		for _, sys := range s.A.Systems {
			systems = append(systems, sys.AcsSystemID)
			users = append(users, sys.AcsUserIDs...)
			for _, u := range sys.AcsUserIDs {
				creds = append(creds, sys.CredentialIDs[u]...)
			}
			groups = append(groups, sys.AccessGroupIDs...)
			entrances = append(entrances, sys.EntranceIDs...)
		}
		if len(users) != 6 || len(creds) != 9 || len(groups) != 3 || len(entrances) != 4 {
			t.Fatalf("seeded %d users, %d credentials, %d groups, %d entrances; the test expects 6, 9, 3, 4",
				len(users), len(creds), len(groups), len(entrances))
		}
		// One user already deleted (final, its events recorded) and one
		// credential already deleted: their events are not owed again.
		gone, goneCred := users[0], creds[len(creds)-1]
		s.ok(s.call(http.MethodPost, "/acs/users/delete", s.A.APIKey, map[string]any{"acs_user_id": gone}))
		s.ok(s.call(http.MethodPost, "/acs/credentials/delete", s.A.APIKey, map[string]any{"acs_credential_id": goneCred}))
		bBefore := storetest.WorkspaceRows(t, st, s.B.WorkspaceID)

		del := func(id any) map[string]any { return map[string]any{"connected_account_id": id} }
		random := s.call(http.MethodPost, "/connected_accounts/delete", s.A.APIKey, del(lintel.NewID()))
		other := s.call(http.MethodPost, "/connected_accounts/delete", s.A.APIKey, del(s.B.ConnectedAccountID))
		sameNotFound(t, random, other)
		s.run([]apiCase{
			{name: "W_B's account", method: http.MethodPost, path: "/connected_accounts/delete", params: del(s.B.ConnectedAccountID),
				status: 404, errType: "connected_account_not_found"},
			{name: "W_A's account with W_B's key", token: s.B.APIKey, method: http.MethodDelete, path: "/connected_accounts/delete",
				params: del(acct), status: 404, errType: "connected_account_not_found"},
			{name: "unknown account", method: http.MethodPost, path: "/connected_accounts/delete", params: del(lintel.NewID()),
				status: 404, errType: "connected_account_not_found"},
			{name: "as a client session", token: "seam_cstscoped_x1", method: http.MethodPost, path: "/connected_accounts/delete",
				params: del(acct), status: 401, errType: "unauthorized"},
			{name: "without token", token: "-", method: http.MethodPost, path: "/connected_accounts/delete",
				params: del(acct), status: 401, errType: "unauthorized"},
			{name: "without id", method: http.MethodPost, path: "/connected_accounts/delete", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "connected_account_id"},
			{name: "bad id", method: http.MethodDelete, path: "/connected_accounts/delete", params: del("acct"),
				status: 400, errType: "invalid_input", field: "connected_account_id"},
			{name: "by GET", method: http.MethodGet, path: "/connected_accounts/delete", params: del(acct),
				status: 405, errType: "method_not_allowed"},
			{name: "refused requests changed nothing", method: http.MethodPost, path: "/connected_accounts/get", params: del(acct)},
			{name: "delete by DELETE", method: http.MethodDelete, path: "/connected_accounts/delete", params: del(acct),
				check: func(t *testing.T, r response) {
					if len(r.Body) != 1 || r.Body["ok"] != true {
						t.Errorf("body = %s, want only ok", r.Raw)
					}
				}},
			{name: "again", method: http.MethodPost, path: "/connected_accounts/delete", params: del(acct),
				status: 404, errType: "connected_account_not_found"},
			{name: "get", method: http.MethodPost, path: "/connected_accounts/get", params: del(acct),
				status: 404, errType: "connected_account_not_found"},
			{name: "sync", method: http.MethodPost, path: "/connected_accounts/sync", params: del(acct),
				status: 404, errType: "connected_account_not_found"},
		})

		// Everything under the account is not found, and lists are empty.
		for _, c := range []struct {
			path, param, errType string
			ids                  []string
		}{
			{"/acs/systems/get", "acs_system_id", "acs_system_not_found", systems},
			{"/acs/users/get", "acs_user_id", "acs_user_not_found", users},
			{"/acs/credentials/get", "acs_credential_id", "acs_credential_not_found", creds},
			{"/acs/access_groups/get", "acs_access_group_id", "acs_access_group_not_found", groups},
			{"/acs/entrances/get", "acs_entrance_id", "acs_entrance_not_found", entrances},
		} {
			for _, id := range c.ids {
				s.wantError(s.call(http.MethodPost, c.path, s.A.APIKey, map[string]any{c.param: id}), 404, c.errType)
			}
		}
		for _, l := range []struct{ path, key string }{{"/acs/systems/list", "acs_systems"}, {"/acs/users/list", "acs_users"},
			{"/acs/credentials/list", "acs_credentials"}, {"/acs/access_groups/list", "acs_access_groups"},
			{"/acs/entrances/list", "acs_entrances"}, {"/connected_accounts/list", "connected_accounts"}} {
			if got := list(t, s.call(http.MethodPost, l.path, s.A.APIKey, map[string]any{}), l.key); len(got) != 0 {
				t.Errorf("%s after the delete: %v", l.path, got)
			}
		}
		for _, id := range creds {
			if credentialLive(t, st, s.A.WorkspaceID, id) {
				t.Errorf("credential %s is still valid", id)
			}
		}
		// The user identities stay, without users.
		for _, id := range s.A.Systems[0].UserIdentityIDs {
			if got := list(t, s.call(http.MethodPost, "/user_identities/list_acs_users", s.A.APIKey,
				map[string]any{"user_identity_id": id}), "acs_users"); len(got) != 0 {
				t.Errorf("identity %s still has users %v", id, got)
			}
		}

		// One deleted event per object, the already deleted ones included
		// (recorded by their own delete), none twice.
		ws := s.A.WorkspaceID
		for _, c := range []struct {
			eventType string
			ids       []string
			filter    func(id string) store.EventFilter
		}{
			{"acs_user.deleted", users, func(id string) store.EventFilter { return store.EventFilter{AcsUserID: id} }},
			{"acs_credential.deleted", creds, func(id string) store.EventFilter { return store.EventFilter{AcsCredentialID: id} }},
			{"acs_access_group.deleted", groups, func(id string) store.EventFilter { return store.EventFilter{AcsAccessGroupID: id} }},
			{"acs_entrance.removed", entrances, func(id string) store.EventFilter { return store.EventFilter{AcsEntranceID: id} }},
		} {
			for _, id := range c.ids {
				if n := s.events(ws, c.eventType, c.filter(id)); n != 1 {
					t.Errorf("%d %s events about %s, want 1", n, c.eventType, id)
				}
			}
			if n := countEvents(t, st, ws, c.eventType); n != len(c.ids) {
				t.Errorf("%d %s events in all, want %d", n, c.eventType, len(c.ids))
			}
		}
		if n := s.events(ws, "connected_account.deleted", store.EventFilter{ConnectedAccountID: acct}); n != 1 {
			t.Errorf("%d connected_account.deleted events, want 1", n)
		}
		if got := s.auditActions(ws, acct); !slices.Equal(got, []string{"connected_account.delete:succeeded"}) {
			t.Errorf("audit = %v, want one connected_account.delete", got)
		}
		// W_B saw nothing of it.
		if diff := storetest.DiffRows(bBefore, storetest.WorkspaceRows(t, st, s.B.WorkspaceID)); diff != "" {
			t.Errorf("workspace B changed: %s", diff)
		}
		for _, w := range []string{"connected_account.deleted", "acs_user.deleted"} {
			if n := countEvents(t, st, s.B.WorkspaceID, w); n != 0 {
				t.Errorf("W_B has %d %s events", n, w)
			}
		}
	})
}

// TestConnectedAccountsDeleteConnected deletes accounts connected through
// the provider catalogue: an August account's locks go with it (one
// device.deleted each), a Salto KS account's system with its entrances and
// groups; the same login in W_B is untouched, and signing in again later
// connects a new account.
func TestConnectedAccountsDeleteConnected(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		ws := s.A.WorkspaceID
		locks := s.connect(ws, "august", provider.JaneEmail, true)
		salto := s.connect(ws, "salto_ks", provider.JaneEmail, true)
		bLocks := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
		if len(locks.Devices) == 0 || len(salto.Systems) == 0 {
			t.Fatalf("connected %+v and %+v; the test needs devices and a system", locks, salto)
		}
		devices := func(w, account string) int {
			return queryInt(t, st, `SELECT COUNT(*) FROM devices WHERE workspace_id = $1 AND connected_account_id = $2`, w, account)
		}
		del := func(id string) map[string]any { return map[string]any{"connected_account_id": id} }
		s.wantError(s.call(http.MethodPost, "/connected_accounts/delete", s.B.APIKey, del(locks.ConnectedAccountID)),
			404, "connected_account_not_found")
		s.ok(s.call(http.MethodPost, "/connected_accounts/delete", s.A.APIKey, del(locks.ConnectedAccountID)))
		s.ok(s.call(http.MethodPost, "/connected_accounts/delete", s.A.APIKey, del(salto.ConnectedAccountID)))

		if n := devices(ws, locks.ConnectedAccountID); n != 0 {
			t.Errorf("%d devices left of the deleted account", n)
		}
		if n := countEvents(t, st, ws, "device.deleted"); n != len(locks.Devices) {
			t.Errorf("%d device.deleted events, want %d", n, len(locks.Devices))
		}
		for _, d := range locks.Devices {
			if n := queryInt(t, st, `SELECT COUNT(*) FROM events WHERE workspace_id = $1 AND event_type = 'device.deleted'
				AND device_id = $2`, ws, d.DeviceID); n != 1 {
				t.Errorf("%d device.deleted events about %s, want 1", n, d.DeviceID)
			}
		}
		for _, sys := range salto.Systems {
			s.wantError(s.call(http.MethodPost, "/acs/systems/get", s.A.APIKey, map[string]any{"acs_system_id": sys.AcsSystemID}),
				404, "acs_system_not_found")
			for _, e := range sys.EntranceIDs {
				s.wantError(s.call(http.MethodPost, "/acs/entrances/get", s.A.APIKey, map[string]any{"acs_entrance_id": e}),
					404, "acs_entrance_not_found")
			}
		}
		if n := countEvents(t, st, ws, "connected_account.deleted"); n != 2 {
			t.Errorf("%d connected_account.deleted events, want 2", n)
		}
		// W_B's connection of the same login is whole.
		if n := devices(s.B.WorkspaceID, bLocks.ConnectedAccountID); n != len(bLocks.Devices) {
			t.Errorf("W_B has %d devices of its August account, want %d", n, len(bLocks.Devices))
		}
		// Signing in again connects a new account, with new devices.
		again := s.connect(ws, "august", provider.JaneEmail, true)
		if again.Reconnected || again.ConnectedAccountID == locks.ConnectedAccountID {
			t.Errorf("signing in after the delete = %+v, want a new account", again)
		}
	})
}
