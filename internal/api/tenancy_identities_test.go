package api_test

import (
	"net/http"

	"github.com/lintel-dev/lintel/internal/provider"
)

// identityCrossCases name A's ids in each id parameter of the connected
// account, system, user identity, client session and event routes; A first
// gets a client session and an event.
func identityCrossCases(s *testServer) []crossCase {
	t := s.t
	a, b := s.A.APIKey, s.B.APIKey
	aSession := bodyObj(t, s.postOK("/client_sessions/create", a, map[string]any{
		"user_identity_id": s.A.Systems[0].UserIdentityIDs[0]}), "client_session")["client_session_id"].(string)
	s.ok(s.call(http.MethodPost, "/acs/users/delete", a, map[string]any{"acs_user_id": s.A.Systems[1].AcsUserIDs[2]}))
	aEvent := bodyList(t, s.postOK("/events/list", a, map[string]any{"since": "2000-01-01T00:00:00.000Z"}), "events")[0]["event_id"].(string)
	bSession := bodyObj(t, s.postOK("/client_sessions/create", b, map[string]any{}), "client_session")["client_session_id"].(string)
	aIdent, aUser, aSys := s.A.Systems[0].UserIdentityIDs[1], s.A.Systems[0].AcsUserIDs[1], s.A.Systems[0].AcsSystemID
	bIdent, bUser := s.B.Systems[0].UserIdentityIDs[1], s.B.Systems[0].AcsUserIDs[2]
	// A's identity has access to A's lock, so that a revoke from B would
	// have a link to remove.
	aLock := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true).Devices[0].DeviceID
	bLock := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true).Devices[0].DeviceID
	s.ok(s.call(http.MethodPut, "/user_identities/grant_access_to_device", a, map[string]any{"user_identity_id": aIdent, "device_id": aLock}))
	identAndDevice := func(ident, device string) map[string]any {
		return map[string]any{"user_identity_id": ident, "device_id": device}
	}
	return []crossCase{
		{"/connected_accounts/get", "connected_account_id",
			func(id string) map[string]any { return map[string]any{"connected_account_id": id} }, s.A.ConnectedAccountID, "connected_account_not_found"},
		{"/acs/systems/get", "acs_system_id",
			func(id string) map[string]any { return map[string]any{"acs_system_id": id} }, aSys, "acs_system_not_found"},
		{"/user_identities/create", "acs_system_ids",
			func(id string) map[string]any { return map[string]any{"acs_system_ids": []string{id}} }, aSys, "acs_system_not_found"},
		{"/user_identities/get", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/user_identities/update", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id, "full_name": "Mallory"} }, aIdent, "user_identity_not_found"},
		{"/user_identities/delete", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/user_identities/add_acs_user", "acs_user_id",
			func(id string) map[string]any { return map[string]any{"acs_user_id": id, "user_identity_id": bIdent} }, aUser, "acs_user_not_found"},
		{"/user_identities/add_acs_user", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"acs_user_id": bUser, "user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/user_identities/remove_acs_user", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"acs_user_id": bUser, "user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/user_identities/remove_acs_user", "acs_user_id",
			func(id string) map[string]any { return map[string]any{"acs_user_id": id, "user_identity_id": bIdent} }, aUser, "acs_user_not_found"},
		{"/user_identities/list_acs_users", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/user_identities/list_acs_systems", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/user_identities/list_accessible_entrances", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/user_identities/grant_access_to_device", "user_identity_id",
			func(id string) map[string]any { return identAndDevice(id, bLock) }, aIdent, "user_identity_not_found"},
		{"/user_identities/grant_access_to_device", "device_id",
			func(id string) map[string]any { return identAndDevice(bIdent, id) }, aLock, "device_not_found"},
		{"/user_identities/revoke_access_to_device", "user_identity_id",
			func(id string) map[string]any { return identAndDevice(id, bLock) }, aIdent, "user_identity_not_found"},
		{"/user_identities/revoke_access_to_device", "device_id",
			func(id string) map[string]any { return identAndDevice(bIdent, id) }, aLock, "device_not_found"},
		{"/user_identities/list_accessible_devices", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/client_sessions/create", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/client_sessions/create", "user_identity_ids",
			func(id string) map[string]any { return map[string]any{"user_identity_ids": []string{id}} }, aIdent, "user_identity_not_found"},
		{"/client_sessions/create", "connected_account_ids",
			func(id string) map[string]any { return map[string]any{"connected_account_ids": []string{id}} }, s.A.ConnectedAccountID, "connected_account_not_found"},
		{"/client_sessions/get_or_create", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/client_sessions/get", "client_session_id",
			func(id string) map[string]any { return map[string]any{"client_session_id": id} }, aSession, "client_session_not_found"},
		{"/client_sessions/revoke", "client_session_id",
			func(id string) map[string]any { return map[string]any{"client_session_id": id} }, aSession, "client_session_not_found"},
		{"/client_sessions/delete", "client_session_id",
			func(id string) map[string]any { return map[string]any{"client_session_id": id} }, aSession, "client_session_not_found"},
		{"/client_sessions/grant_access", "client_session_id",
			func(id string) map[string]any {
				return map[string]any{"client_session_id": id, "user_identity_id": bIdent}
			}, aSession, "client_session_not_found"},
		{"/client_sessions/grant_access", "user_identity_id",
			func(id string) map[string]any {
				return map[string]any{"client_session_id": bSession, "user_identity_id": id}
			}, aIdent, "user_identity_not_found"},
		{"/client_sessions/grant_access", "connected_account_ids",
			func(id string) map[string]any {
				return map[string]any{"client_session_id": bSession, "connected_account_ids": []string{id}}
			}, s.A.ConnectedAccountID, "connected_account_not_found"},
		{"/events/get", "event_id",
			func(id string) map[string]any { return map[string]any{"event_id": id} }, aEvent, "event_not_found"},
		{"/acs/systems/list", "connected_account_id", one("connected_account_id"), s.A.ConnectedAccountID, ""},
		{"/user_identities/list", "user_identity_ids", func(id string) map[string]any {
			return map[string]any{"user_identity_ids": []string{id}}
		}, aIdent, ""},
		{"/user_identities/list", "credential_manager_acs_system_id", one("credential_manager_acs_system_id"), aSys, ""},
		{"/client_sessions/list", "user_identity_id", one("user_identity_id"), s.A.Systems[0].UserIdentityIDs[0], ""},
		{"/client_sessions/list", "client_session_id", one("client_session_id"), aSession, ""},
		{"/events/list", "acs_user_id", func(id string) map[string]any {
			return map[string]any{"since": "2000-01-01T00:00:00.000Z", "acs_user_id": id}
		}, s.A.Systems[1].AcsUserIDs[2], ""},
		{"/events/list", "event_ids", func(id string) map[string]any {
			return map[string]any{"since": "2000-01-01T00:00:00.000Z", "event_ids": []string{id}}
		}, aEvent, ""},
	}
}

// one is the params of a route called with a single parameter.
func one(key string) func(id string) map[string]any {
	return func(id string) map[string]any { return map[string]any{key: id} }
}
