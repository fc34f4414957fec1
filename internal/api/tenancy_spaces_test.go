package api_test

import "github.com/lintel-dev/lintel/internal/provider"

// spaceCrossCases covers spaces: A and B each have a space, a device and
// entrances; B's calls put one of A's ids in one slot, its own in the
// others.
func spaceCrossCases(s *testServer) []crossCase {
	aAugust := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
	bAugust := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
	aDevice, bDevice := aAugust.Devices[0].DeviceID, bAugust.Devices[0].DeviceID
	aEntrance, bEntrance := s.A.Systems[0].EntranceIDs[0], s.B.Systems[0].EntranceIDs[0]
	aAccount, bAccount := aAugust.ConnectedAccountID, bAugust.ConnectedAccountID
	aSpace := s.postOK("/spaces/create", s.A.APIKey, map[string]any{"name": "A's unit", "device_ids": []string{aDevice}})["space"].(map[string]any)["space_id"].(string)
	bSpace := s.postOK("/spaces/create", s.B.APIKey, map[string]any{"name": "B's unit", "device_ids": []string{bDevice}})["space"].(map[string]any)["space_id"].(string)
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
	inB := map[string]any{"space_id": bSpace}
	var cases []crossCase
	for _, m := range []struct{ add, remove, slot, foreign, own, errType string }{
		{"/spaces/add_devices", "/spaces/remove_devices", "device_ids", aDevice, bDevice, "device_not_found"},
		{"/spaces/add_acs_entrances", "/spaces/remove_acs_entrances", "acs_entrance_ids", aEntrance, bEntrance, "acs_entrance_not_found"},
	} {
		for _, path := range []string{m.add, m.remove} {
			cases = append(cases,
				crossCase{path, "space_id", with("space_id", map[string]any{m.slot: []string{m.own}}), aSpace, "space_not_found"},
				crossCase{path, m.slot, withList(m.slot, inB), m.foreign, m.errType})
		}
	}
	for _, path := range []string{"/spaces/add_connected_account", "/spaces/remove_connected_account"} {
		cases = append(cases,
			crossCase{path, "space_id", with("space_id", map[string]any{"connected_account_id": bAccount}), aSpace, "space_not_found"},
			crossCase{path, "connected_account_id", with("connected_account_id", inB), aAccount, "connected_account_not_found"})
	}
	return append(cases,
		crossCase{"/spaces/get", "space_id", one("space_id"), aSpace, "space_not_found"},
		crossCase{"/spaces/delete", "space_id", one("space_id"), aSpace, "space_not_found"},
		crossCase{"/spaces/get_related", "space_ids", withList("space_ids", nil), aSpace, "space_not_found"},
		crossCase{"/spaces/update", "space_id", with("space_id", map[string]any{"name": "B was here"}), aSpace, "space_not_found"},
		crossCase{"/spaces/update", "parent_space_id", with("parent_space_id", inB), aSpace, "space_not_found"},
		crossCase{"/spaces/update", "device_ids", withList("device_ids", inB), aDevice, "device_not_found"},
		crossCase{"/spaces/update", "acs_entrance_ids", withList("acs_entrance_ids", inB), aEntrance, "acs_entrance_not_found"},
		crossCase{"/spaces/create", "device_ids", withList("device_ids", map[string]any{"name": "x"}), aDevice, "device_not_found"},
		crossCase{"/spaces/create", "acs_entrance_ids", withList("acs_entrance_ids", map[string]any{"name": "x"}), aEntrance, "acs_entrance_not_found"},
		crossCase{"/spaces/create", "connected_account_ids", withList("connected_account_ids", map[string]any{"name": "x"}), aAccount,
			"connected_account_not_found"},
		crossCase{"/spaces/list", "connected_account_id", one("connected_account_id"), aAccount, "connected_account_not_found"},
		crossCase{"/spaces/list", "parent_space_id", one("parent_space_id"), aSpace, "space_not_found"},
		crossCase{"/devices/list", "space_id", one("space_id"), aSpace, ""},
		crossCase{"/connected_accounts/list", "space_id", one("space_id"), aSpace, ""},
	)
}
