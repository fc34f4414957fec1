package api_test

import "maps"

// mapCase is a cross-workspace case given as B's parameters with A's id
// already in slot (an array's only element there).
type mapCase struct {
	path    string
	params  map[string]any
	slot    string
	errType string
}

// crossCase turns c into a crossCase whose slot takes any id.
func (c mapCase) crossCase() crossCase {
	foreign, _ := c.params[c.slot].(string)
	ids, isList := c.params[c.slot].([]string)
	if isList {
		foreign = ids[0]
	}
	return crossCase{path: c.path, slot: c.slot, foreign: foreign, errType: c.errType, params: func(id string) map[string]any {
		out := maps.Clone(c.params)
		if isList {
			out[c.slot] = []string{id}
		} else {
			out[c.slot] = id
		}
		return out
	}}
}

// acsCrossCases name each of A's ids in each id parameter of the
// credential, access group and entrance routes.
func acsCrossCases(s *testServer) []crossCase {
	aCards, aCodes := s.A.Systems[0], s.A.Systems[1]
	bCards, bCodes := s.B.Systems[0], s.B.Systems[1]
	aUser, aIdent := aCodes.AcsUserIDs[0], aCodes.UserIdentityIDs[0]
	aCred := aCodes.CredentialIDs[aUser][0]
	aGroup, aDoor := aCodes.AccessGroupIDs[0], aCodes.EntranceIDs[0]
	bUser, bIdent := bCodes.AcsUserIDs[0], bCodes.UserIdentityIDs[0]
	bCred := bCodes.CredentialIDs[bUser][0]
	bGroup, bDoor := bCodes.AccessGroupIDs[0], bCodes.EntranceIDs[0]
	cases := []mapCase{
		// credentials/create: every id of the body.
		{"/acs/credentials/create", map[string]any{"acs_user_id": aUser, "access_method": "code"}, "acs_user_id", "acs_user_not_found"},
		{"/acs/credentials/create", map[string]any{"user_identity_id": bIdent, "acs_system_id": aCodes.AcsSystemID, "access_method": "code"},
			"acs_system_id", "acs_system_not_found"},
		{"/acs/credentials/create", map[string]any{"user_identity_id": aIdent, "acs_system_id": bCodes.AcsSystemID, "access_method": "code"},
			"user_identity_id", "user_identity_not_found"},
		{"/acs/credentials/create", map[string]any{"acs_user_id": bUser, "acs_system_id": aCodes.AcsSystemID, "access_method": "code"},
			"acs_system_id", "acs_user_not_found"},
		{"/acs/credentials/create", map[string]any{"acs_user_id": bUser, "access_method": "code", "allowed_acs_entrance_ids": []string{aDoor}},
			"allowed_acs_entrance_ids", "acs_entrance_not_found"},
		{"/acs/credentials/create", map[string]any{"acs_user_id": bCards.AcsUserIDs[0], "access_method": "mobile_key",
			"credential_manager_acs_system_id": aCards.AcsSystemID}, "credential_manager_acs_system_id", "acs_system_not_found"},
		{"/acs/credentials/get", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},
		{"/acs/credentials/list", map[string]any{"acs_system_id": aCodes.AcsSystemID}, "acs_system_id", "acs_system_not_found"},
		{"/acs/credentials/list", map[string]any{"acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
		{"/acs/credentials/list", map[string]any{"user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
		{"/acs/credentials/update", map[string]any{"acs_credential_id": aCred, "code": "999999"}, "acs_credential_id", "acs_credential_not_found"},
		{"/acs/credentials/delete", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},
		{"/acs/credentials/assign", map[string]any{"acs_credential_id": aCred, "acs_user_id": bUser}, "acs_credential_id", "acs_credential_not_found"},
		{"/acs/credentials/assign", map[string]any{"acs_credential_id": bCred, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
		{"/acs/credentials/assign", map[string]any{"acs_credential_id": bCred, "user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
		{"/acs/credentials/unassign", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},
		{"/acs/credentials/unassign", map[string]any{"acs_credential_id": bCred, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
		{"/acs/credentials/unassign", map[string]any{"acs_credential_id": bCred, "user_identity_id": aIdent}, "user_identity_id", "acs_user_not_found"},
		{"/acs/credentials/list_accessible_entrances", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},

		{"/acs/access_groups/get", map[string]any{"acs_access_group_id": aGroup}, "acs_access_group_id", "acs_access_group_not_found"},
		{"/acs/access_groups/list", map[string]any{"acs_system_id": aCodes.AcsSystemID}, "acs_system_id", "acs_system_not_found"},
		{"/acs/access_groups/list", map[string]any{"acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
		{"/acs/access_groups/list", map[string]any{"user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
		{"/acs/access_groups/add_user", map[string]any{"acs_access_group_id": aGroup, "acs_user_id": bUser}, "acs_access_group_id", "acs_access_group_not_found"},
		{"/acs/access_groups/add_user", map[string]any{"acs_access_group_id": bGroup, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
		{"/acs/access_groups/add_user", map[string]any{"acs_access_group_id": bGroup, "user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
		{"/acs/access_groups/remove_user", map[string]any{"acs_access_group_id": aGroup, "acs_user_id": bUser}, "acs_access_group_id", "acs_access_group_not_found"},
		{"/acs/access_groups/remove_user", map[string]any{"acs_access_group_id": bGroup, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
		{"/acs/access_groups/remove_user", map[string]any{"acs_access_group_id": bGroup, "user_identity_id": aIdent}, "user_identity_id", "acs_user_not_found"},
		{"/acs/access_groups/list_users", map[string]any{"acs_access_group_id": aGroup}, "acs_access_group_id", "acs_access_group_not_found"},
		{"/acs/access_groups/list_accessible_entrances", map[string]any{"acs_access_group_id": aGroup}, "acs_access_group_id", "acs_access_group_not_found"},
		{"/acs/access_groups/delete", map[string]any{"acs_access_group_id": aGroup}, "acs_access_group_id", "acs_access_group_not_found"},

		{"/acs/entrances/get", map[string]any{"acs_entrance_id": aDoor}, "acs_entrance_id", "acs_entrance_not_found"},
		{"/acs/entrances/list", map[string]any{"acs_system_id": aCodes.AcsSystemID}, "acs_system_id", "acs_system_not_found"},
		{"/acs/entrances/list", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},
		{"/acs/entrances/list", map[string]any{"connected_account_id": s.A.ConnectedAccountID}, "connected_account_id", "connected_account_not_found"},
		{"/acs/entrances/list", map[string]any{"acs_entrance_ids": []string{aDoor}}, "acs_entrance_ids", "acs_entrance_not_found"},
		{"/acs/entrances/grant_access", map[string]any{"acs_entrance_id": aDoor, "acs_user_id": bUser}, "acs_entrance_id", "acs_entrance_not_found"},
		{"/acs/entrances/grant_access", map[string]any{"acs_entrance_id": bDoor, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
		{"/acs/entrances/grant_access", map[string]any{"acs_entrance_id": bDoor, "user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
		{"/acs/entrances/list_credentials_with_access", map[string]any{"acs_entrance_id": aDoor}, "acs_entrance_id", "acs_entrance_not_found"},

		{"/acs/users/list_accessible_entrances", map[string]any{"acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
		{"/acs/users/list_accessible_entrances", map[string]any{"user_identity_id": aIdent, "acs_system_id": bCodes.AcsSystemID},
			"user_identity_id", "acs_user_not_found"},
		{"/acs/users/list_accessible_entrances", map[string]any{"user_identity_id": bIdent, "acs_system_id": aCodes.AcsSystemID},
			"acs_system_id", "acs_user_not_found"},
		{"/acs/users/revoke_access_to_all_entrances", map[string]any{"acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
		{"/acs/users/revoke_access_to_all_entrances", map[string]any{"user_identity_id": aIdent, "acs_system_id": bCodes.AcsSystemID},
			"user_identity_id", "acs_user_not_found"},
		{"/acs/users/revoke_access_to_all_entrances", map[string]any{"user_identity_id": bIdent, "acs_system_id": aCodes.AcsSystemID},
			"acs_system_id", "acs_user_not_found"},
	}

	out := make([]crossCase, len(cases))
	for i, c := range cases {
		out[i] = c.crossCase()
	}
	return out
}
