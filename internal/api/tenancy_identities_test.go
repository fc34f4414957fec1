package api_test

import (
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// identitySnapshot reads everything a workspace's token can list, to prove that
// calls from another workspace changed nothing.
func (s *testServer) identitySnapshot(token string) map[string]string {
	s.t.Helper()
	out := map[string]string{}
	for _, c := range []struct {
		path   string
		params map[string]any
	}{
		{"/acs/users/list", map[string]any{"limit": 500}},
		{"/acs/systems/list", nil},
		{"/connected_accounts/list", nil},
		{"/user_identities/list", map[string]any{"limit": 500}},
		{"/client_sessions/list", nil},
		{"/events/list", map[string]any{"since": "2000-01-01T00:00:00.000Z"}},
	} {
		r := s.call(http.MethodPost, c.path, token, c.params)
		s.ok(r)
		out[c.path] = string(r.Raw)
	}
	return out
}

// TestTenancyOfIdentityRoutes calls every id parameter of the connected
// account, system, user identity, client session and event routes with
// workspace B's key and A's ids: each answers exactly as for an id that
// does not exist, and nothing of A changes.
func TestTenancyOfIdentityRoutes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		a, b := s.A.APIKey, s.B.APIKey
		// Give A a client session and some events.
		aSession := bodyObj(t, s.postOK("/client_sessions/create", a, map[string]any{
			"user_identity_id": s.A.Systems[0].UserIdentityIDs[0]}), "client_session")["client_session_id"].(string)
		s.ok(s.call(http.MethodPost, "/acs/users/delete", a, map[string]any{"acs_user_id": s.A.Systems[1].AcsUserIDs[2]}))
		aEvent := bodyList(t, s.postOK("/events/list", a, map[string]any{"since": "2000-01-01T00:00:00.000Z"}), "events")[0]["event_id"].(string)
		bSession := bodyObj(t, s.postOK("/client_sessions/create", b, map[string]any{}), "client_session")["client_session_id"].(string)

		aIdent, aUser, aSys := s.A.Systems[0].UserIdentityIDs[1], s.A.Systems[0].AcsUserIDs[1], s.A.Systems[0].AcsSystemID
		bIdent, bUser := s.B.Systems[0].UserIdentityIDs[1], s.B.Systems[0].AcsUserIDs[2]
		beforeA, beforeB := s.identitySnapshot(a), s.identitySnapshot(b)

		const random = "00000000-0000-4000-8000-00000000beef"
		type slot struct {
			name    string
			method  string
			path    string
			params  func(id string) map[string]any
			foreign string // A's id for the slot
			errType string
		}
		slots := []slot{
			{"connected account get", http.MethodGet, "/connected_accounts/get",
				func(id string) map[string]any { return map[string]any{"connected_account_id": id} }, s.A.ConnectedAccountID, "connected_account_not_found"},
			{"system get", http.MethodGet, "/acs/systems/get",
				func(id string) map[string]any { return map[string]any{"acs_system_id": id} }, aSys, "acs_system_not_found"},
			{"identity create acs_system_ids", http.MethodPost, "/user_identities/create",
				func(id string) map[string]any { return map[string]any{"acs_system_ids": []string{id}} }, aSys, "acs_system_not_found"},
			{"identity get", http.MethodGet, "/user_identities/get",
				func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
			{"identity update", http.MethodPatch, "/user_identities/update",
				func(id string) map[string]any { return map[string]any{"user_identity_id": id, "full_name": "Mallory"} }, aIdent, "user_identity_not_found"},
			{"identity delete", http.MethodDelete, "/user_identities/delete",
				func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
			{"add_acs_user acs_user_id", http.MethodPut, "/user_identities/add_acs_user",
				func(id string) map[string]any { return map[string]any{"acs_user_id": id, "user_identity_id": bIdent} }, aUser, "acs_user_not_found"},
			{"add_acs_user user_identity_id", http.MethodPut, "/user_identities/add_acs_user",
				func(id string) map[string]any { return map[string]any{"acs_user_id": bUser, "user_identity_id": id} }, aIdent, "user_identity_not_found"},
			{"remove_acs_user user_identity_id", http.MethodDelete, "/user_identities/remove_acs_user",
				func(id string) map[string]any { return map[string]any{"acs_user_id": bUser, "user_identity_id": id} }, aIdent, "user_identity_not_found"},
			{"remove_acs_user acs_user_id", http.MethodDelete, "/user_identities/remove_acs_user",
				func(id string) map[string]any { return map[string]any{"acs_user_id": id, "user_identity_id": bIdent} }, aUser, "acs_user_not_found"},
			{"list_acs_users", http.MethodGet, "/user_identities/list_acs_users",
				func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
			{"list_acs_systems", http.MethodGet, "/user_identities/list_acs_systems",
				func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
			{"list_accessible_entrances", http.MethodGet, "/user_identities/list_accessible_entrances",
				func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
			{"session create user_identity_id", http.MethodPut, "/client_sessions/create",
				func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
			{"session create user_identity_ids", http.MethodPost, "/client_sessions/create",
				func(id string) map[string]any { return map[string]any{"user_identity_ids": []string{id}} }, aIdent, "user_identity_not_found"},
			{"session create connected_account_ids", http.MethodPost, "/client_sessions/create",
				func(id string) map[string]any { return map[string]any{"connected_account_ids": []string{id}} }, s.A.ConnectedAccountID, "connected_account_not_found"},
			{"session get_or_create user_identity_id", http.MethodPost, "/client_sessions/get_or_create",
				func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
			{"session get", http.MethodGet, "/client_sessions/get",
				func(id string) map[string]any { return map[string]any{"client_session_id": id} }, aSession, "client_session_not_found"},
			{"session revoke", http.MethodPost, "/client_sessions/revoke",
				func(id string) map[string]any { return map[string]any{"client_session_id": id} }, aSession, "client_session_not_found"},
			{"session delete", http.MethodDelete, "/client_sessions/delete",
				func(id string) map[string]any { return map[string]any{"client_session_id": id} }, aSession, "client_session_not_found"},
			{"session grant_access client_session_id", http.MethodPatch, "/client_sessions/grant_access",
				func(id string) map[string]any {
					return map[string]any{"client_session_id": id, "user_identity_id": bIdent}
				}, aSession, "client_session_not_found"},
			{"session grant_access user_identity_id", http.MethodPatch, "/client_sessions/grant_access",
				func(id string) map[string]any {
					return map[string]any{"client_session_id": bSession, "user_identity_id": id}
				}, aIdent, "user_identity_not_found"},
			{"session grant_access connected_account_ids", http.MethodPost, "/client_sessions/grant_access",
				func(id string) map[string]any {
					return map[string]any{"client_session_id": bSession, "connected_account_ids": []string{id}}
				}, s.A.ConnectedAccountID, "connected_account_not_found"},
			{"event get", http.MethodGet, "/events/get",
				func(id string) map[string]any { return map[string]any{"event_id": id} }, aEvent, "event_not_found"},
		}
		for _, sl := range slots {
			t.Run(sl.name, func(t *testing.T) {
				s := s.forT(t)
				foreign := s.call(sl.method, sl.path, b, sl.params(sl.foreign))
				s.wantError(foreign, 404, sl.errType)
				missing := s.call(sl.method, sl.path, b, sl.params(random))
				s.wantError(missing, 404, sl.errType)
				fe, me := bodyObj(t, foreign.Body, "error"), bodyObj(t, missing.Body, "error")
				if fe["message"] != me["message"] || len(fe) != len(me) {
					t.Errorf("A's id and a missing id answer differently:\n%s\n%s", foreign.Raw, missing.Raw)
				}
			})
		}

		// Lists filtered by A's ids find nothing of A.
		for _, c := range []struct {
			path, key string
			params    map[string]any
		}{
			{"/acs/systems/list", "acs_systems", map[string]any{"connected_account_id": s.A.ConnectedAccountID}},
			{"/user_identities/list", "user_identities", map[string]any{"user_identity_ids": []string{aIdent}}},
			{"/user_identities/list", "user_identities", map[string]any{"credential_manager_acs_system_id": aSys}},
			{"/client_sessions/list", "client_sessions", map[string]any{"user_identity_id": s.A.Systems[0].UserIdentityIDs[0]}},
			{"/client_sessions/list", "client_sessions", map[string]any{"client_session_id": aSession}},
			{"/events/list", "events", map[string]any{"since": "2000-01-01T00:00:00.000Z", "acs_user_id": s.A.Systems[1].AcsUserIDs[2]}},
			{"/events/list", "events", map[string]any{"since": "2000-01-01T00:00:00.000Z", "event_ids": []string{aEvent}}},
		} {
			r := s.call(http.MethodGet, c.path, b, c.params)
			s.ok(r)
			if n := len(bodyList(t, r.Body, c.key)); n != 0 {
				t.Errorf("%s %v from B: %d of A's objects", c.path, c.params, n)
			}
		}

		afterA, afterB := s.identitySnapshot(a), s.identitySnapshot(b)
		for k := range beforeA {
			if beforeA[k] != afterA[k] {
				t.Errorf("A's %s changed:\nbefore %s\nafter  %s", k, beforeA[k], afterA[k])
			}
			if beforeB[k] != afterB[k] {
				t.Errorf("B's %s changed (a link to A's object?):\nbefore %s\nafter  %s", k, beforeB[k], afterB[k])
			}
		}
	})
}
