package api_test

// acsUserCrossCases name A's ids in each id parameter of the acs/users
// routes.
func acsUserCrossCases(s *testServer) []crossCase {
	a, b := s.A.Systems[1], s.B.Systems[1]
	aUser, aIdent, aGroup := a.AcsUserIDs[0], a.UserIdentityIDs[0], a.AccessGroupIDs[0]
	bUser, bIdent, bGroup := b.AcsUserIDs[0], b.UserIdentityIDs[0], b.AccessGroupIDs[0]
	// Each case names a route, its slot, and params built from B's own
	// objects with the slot's id replaced by A's (foreign) or by a random id.
	return []crossCase{
		{"/acs/users/get", "acs_user_id", func(id string) map[string]any { return map[string]any{"acs_user_id": id} }, aUser, "acs_user_not_found"},
		{"/acs/users/get", "user_identity_id", func(id string) map[string]any {
			return map[string]any{"user_identity_id": id, "acs_system_id": b.AcsSystemID}
		}, aIdent, "acs_user_not_found"},
		{"/acs/users/get", "acs_system_id", func(id string) map[string]any {
			return map[string]any{"user_identity_id": bIdent, "acs_system_id": id}
		}, a.AcsSystemID, "acs_user_not_found"},
		{"/acs/users/update", "acs_user_id", func(id string) map[string]any {
			return map[string]any{"acs_user_id": id, "full_name": "Mallory"}
		}, aUser, "acs_user_not_found"},
		{"/acs/users/delete", "acs_user_id", func(id string) map[string]any { return map[string]any{"acs_user_id": id} }, aUser, "acs_user_not_found"},
		{"/acs/users/delete", "user_identity_id", func(id string) map[string]any {
			return map[string]any{"user_identity_id": id, "acs_system_id": b.AcsSystemID}
		}, aIdent, "acs_user_not_found"},
		{"/acs/users/delete", "acs_system_id", func(id string) map[string]any {
			return map[string]any{"user_identity_id": bIdent, "acs_system_id": id}
		}, a.AcsSystemID, "acs_user_not_found"},
		{"/acs/users/suspend", "acs_user_id", func(id string) map[string]any { return map[string]any{"acs_user_id": id} }, aUser, "acs_user_not_found"},
		{"/acs/users/unsuspend", "acs_user_id", func(id string) map[string]any { return map[string]any{"acs_user_id": id} }, aUser, "acs_user_not_found"},
		{"/acs/users/create", "acs_system_id", func(id string) map[string]any {
			return map[string]any{"acs_system_id": id, "full_name": "Mallory"}
		}, a.AcsSystemID, "acs_system_not_found"},
		{"/acs/users/create", "user_identity_id", func(id string) map[string]any {
			return map[string]any{"acs_system_id": b.AcsSystemID, "full_name": "Mallory", "user_identity_id": id}
		}, aIdent, "user_identity_not_found"},
		{"/acs/users/create", "acs_access_group_ids", func(id string) map[string]any {
			return map[string]any{"acs_system_id": b.AcsSystemID, "full_name": "Mallory", "acs_access_group_ids": []string{id}}
		}, aGroup, "acs_access_group_not_found"},
		{"/acs/users/add_to_access_group", "acs_user_id", func(id string) map[string]any {
			return map[string]any{"acs_user_id": id, "acs_access_group_id": bGroup}
		}, aUser, "acs_user_not_found"},
		{"/acs/users/add_to_access_group", "acs_access_group_id", func(id string) map[string]any {
			return map[string]any{"acs_user_id": bUser, "acs_access_group_id": id}
		}, aGroup, "acs_access_group_not_found"},
		{"/acs/users/remove_from_access_group", "acs_user_id", func(id string) map[string]any {
			return map[string]any{"acs_user_id": id, "acs_access_group_id": bGroup}
		}, aUser, "acs_user_not_found"},
		{"/acs/users/remove_from_access_group", "user_identity_id", func(id string) map[string]any {
			return map[string]any{"user_identity_id": id, "acs_access_group_id": bGroup}
		}, aIdent, "acs_user_not_found"},
		{"/acs/users/remove_from_access_group", "acs_access_group_id", func(id string) map[string]any {
			return map[string]any{"acs_user_id": bUser, "acs_access_group_id": id}
		}, aGroup, "acs_access_group_not_found"},
		{"/acs/users/list", "acs_system_id", one("acs_system_id"), a.AcsSystemID, "acs_system_not_found"},
		{"/acs/users/list", "user_identity_id", one("user_identity_id"), aIdent, "user_identity_not_found"},
	}
}
