package api_test

// grantCrossCases covers access grants and access methods: A and B each
// have a grant on a lock, an entrance and a space; B's calls put one of
// A's ids in one slot, its own in the others.
func grantCrossCases(s *testServer) []crossCase {
	type side struct {
		f                         grantFixture
		grant, method, accessCode string
		system                    string
	}
	mk := func(ws string) side {
		f := s.grantFixture(ws)
		key := s.keyOf(ws)
		g := s.postOK("/access_grants/create", key, map[string]any{"user_identity_id": f.identity, "device_ids": []string{f.lock},
			"acs_entrance_ids": []string{f.codeEntrance}, "space_ids": []string{f.space},
			"requested_access_methods": []map[string]any{{"mode": "code"}}})["access_grant"].(map[string]any)
		out := side{f: f, grant: g["access_grant_id"].(string), method: toStrings(g["access_method_ids"])[0], system: f.cardSystem}
		codes := s.postOK("/access_codes/list", key, map[string]any{"device_id": f.lock})["access_codes"].([]any)
		out.accessCode = codes[0].(map[string]any)["access_code_id"].(string)
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
	withList := func(slot string, rest map[string]any) func(id string) map[string]any {
		return func(id string) map[string]any {
			out := map[string]any{slot: []string{id}}
			for k, v := range rest {
				out[k] = v
			}
			return out
		}
	}
	code := []map[string]any{{"mode": "code"}}
	create := func(without string) map[string]any {
		out := map[string]any{"user_identity_id": b.f.identity, "device_ids": []string{b.f.lock}, "requested_access_methods": code}
		delete(out, without)
		return out
	}
	inB := map[string]any{"access_grant_id": b.grant}
	return []crossCase{
		{"/access_grants/create", "user_identity_id", with("user_identity_id", create("user_identity_id")), a.f.identity, "user_identity_not_found"},
		{"/access_grants/create", "device_ids", withList("device_ids", create("device_ids")), a.f.lock, "device_not_found"},
		{"/access_grants/create", "acs_entrance_ids", withList("acs_entrance_ids", create("")), a.f.codeEntrance, "acs_entrance_not_found"},
		{"/access_grants/create", "space_ids", withList("space_ids", create("")), a.f.space, "space_not_found"},
		{"/access_grants/create", "location_ids", withList("location_ids", create("")), a.f.space, "space_not_found"},
		{"/access_grants/get", "access_grant_id", one("access_grant_id"), a.grant, "access_grant_not_found"},
		{"/access_grants/delete", "access_grant_id", one("access_grant_id"), a.grant, "access_grant_not_found"},
		{"/access_grants/update", "access_grant_id", with("access_grant_id", map[string]any{"name": "B was here"}), a.grant, "access_grant_not_found"},
		{"/access_grants/request_access_methods", "access_grant_id", with("access_grant_id", map[string]any{"requested_access_methods": code}),
			a.grant, "access_grant_not_found"},
		{"/access_grants/get_related", "access_grant_ids", withList("access_grant_ids", nil), a.grant, "access_grant_not_found"},
		{"/access_grants/list", "access_grant_ids", withList("access_grant_ids", nil), a.grant, ""},
		{"/access_grants/list", "user_identity_id", one("user_identity_id"), a.f.identity, ""},
		{"/access_grants/list", "acs_system_id", one("acs_system_id"), a.system, ""},
		{"/access_grants/list", "acs_entrance_id", one("acs_entrance_id"), a.f.codeEntrance, ""},
		{"/access_grants/list", "device_id", one("device_id"), a.f.lock, ""},
		{"/access_grants/list", "space_id", one("space_id"), a.f.space, ""},
		{"/access_grants/list", "location_id", one("location_id"), a.f.space, ""},
		{"/access_grants/list", "access_code_id", one("access_code_id"), a.accessCode, ""},
		{"/access_codes/list", "access_grant_id", one("access_grant_id"), a.grant, ""},
		{"/access_codes/list", "access_method_id", one("access_method_id"), a.method, ""},
		{"/access_methods/get", "access_method_id", one("access_method_id"), a.method, "access_method_not_found"},
		{"/access_methods/delete", "access_method_id", one("access_method_id"), a.method, "access_method_not_found"},
		{"/access_methods/delete", "access_grant_id", one("access_grant_id"), a.grant, "access_grant_not_found"},
		{"/access_methods/unlock_door", "access_method_id", with("access_method_id", map[string]any{"acs_entrance_id": b.f.codeEntrance}),
			a.method, "access_method_not_found"},
		{"/access_methods/unlock_door", "acs_entrance_id", with("acs_entrance_id", map[string]any{"access_method_id": b.method}),
			a.f.codeEntrance, "acs_entrance_not_found"},
		{"/access_methods/assign_card", "access_method_id", with("access_method_id", map[string]any{"card_number": "1"}),
			a.method, "access_method_not_found"},
		{"/access_methods/encode", "access_method_id", with("access_method_id", map[string]any{"acs_encoder_id": b.f.encoder}),
			a.method, "access_method_not_found"},
		{"/access_methods/encode", "acs_encoder_id", with("acs_encoder_id", map[string]any{"access_method_id": b.method}),
			a.f.encoder, "acs_encoder_not_found"},
		{"/access_methods/get_related", "access_method_ids", withList("access_method_ids", nil), a.method, "access_method_not_found"},
		{"/access_methods/list", "access_grant_id", one("access_grant_id"), a.grant, "access_grant_not_found"},
		{"/access_methods/list", "acs_entrance_id", one("acs_entrance_id"), a.f.codeEntrance, "acs_entrance_not_found"},
		{"/access_methods/list", "device_id", with("device_id", inB), a.f.lock, ""},
		{"/access_methods/list", "access_code_id", with("access_code_id", inB), a.accessCode, ""},
		{"/access_methods/list", "space_id", with("space_id", inB), a.f.space, "space_not_found"},
	}
}
