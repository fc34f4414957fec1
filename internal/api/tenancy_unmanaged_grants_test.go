package api_test

import "github.com/lintel-dev/lintel/internal/provider"

// unmanagedGrantCrossCases covers the unmanaged access grants and methods:
// A and B each have one, an unmanaged code found on a Schlage lock in a
// space; B's calls put one of A's ids in one slot, its own in the others.
func unmanagedGrantCrossCases(s *testServer) []crossCase {
	type side struct {
		lock, space, entrance, system, identity, grant, method string
	}
	mk := func(ws string) side {
		key := s.keyOf(ws)
		seeded := s.A
		if ws == s.B.WorkspaceID {
			seeded = s.B
		}
		out := side{lock: s.connect(ws, "schlage", provider.JaneEmail, true).Devices[0].DeviceID,
			entrance: seeded.Systems[0].EntranceIDs[0], system: seeded.Systems[0].AcsSystemID}
		out.space = s.postOK("/spaces/create", key, map[string]any{"name": "Found", "device_ids": []string{out.lock}})["space"].(map[string]any)["space_id"].(string)
		out.identity = s.postOK("/user_identities/create", key, map[string]any{"full_name": "Someone"})["user_identity"].(map[string]any)["user_identity_id"].(string)
		s.postOK("/access_codes/simulate/create_unmanaged_access_code", key, map[string]any{"device_id": out.lock, "code": "4455", "name": "Found for the tenancy cases"})
		for _, x := range s.postOK("/access_grants/unmanaged/list", key, nil)["access_grants"].([]any) {
			if g := x.(map[string]any); g["name"] == "Found for the tenancy cases" {
				out.grant, out.method = g["access_grant_id"].(string), toStrings(g["access_method_ids"])[0]
			}
		}
		return out
	}
	a, b := mk(s.A.WorkspaceID), mk(s.B.WorkspaceID)
	with := func(slot string, rest map[string]any) func(id string) map[string]any {
		return func(id string) map[string]any {
			out := map[string]any{slot: id}
			for k, v := range rest {
				out[k] = v
			}
			return out
		}
	}
	inB := map[string]any{"access_grant_id": b.grant}
	return []crossCase{
		{"/access_grants/unmanaged/get", "access_grant_id", one("access_grant_id"), a.grant, "access_grant_not_found"},
		{"/access_grants/unmanaged/update", "access_grant_id", with("access_grant_id", map[string]any{"is_managed": true}),
			a.grant, "access_grant_not_found"},
		{"/access_grants/unmanaged/list", "user_identity_id", one("user_identity_id"), a.identity, ""},
		{"/access_grants/unmanaged/list", "acs_system_id", one("acs_system_id"), a.system, ""},
		{"/access_grants/unmanaged/list", "acs_entrance_id", one("acs_entrance_id"), a.entrance, ""},
		{"/access_methods/unmanaged/get", "access_method_id", one("access_method_id"), a.method, "access_method_not_found"},
		{"/access_methods/unmanaged/list", "access_grant_id", one("access_grant_id"), a.grant, "access_grant_not_found"},
		{"/access_methods/unmanaged/list", "device_id", with("device_id", inB), a.lock, ""},
		{"/access_methods/unmanaged/list", "acs_entrance_id", with("acs_entrance_id", inB), a.entrance, "acs_entrance_not_found"},
		{"/access_methods/unmanaged/list", "space_id", with("space_id", inB), a.space, "space_not_found"},
	}
}
