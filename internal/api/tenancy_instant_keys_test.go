package api_test

// instantKeyCrossCases: B generates for, gets, lists by and deletes A's
// identity's instant key and A's identity; A's key stays whole.
func instantKeyCrossCases(s *testServer) []crossCase {
	t := s.t
	aIdent := s.A.Systems[0].UserIdentityIDs[0]
	aKey := bodyObj(t, s.postOK("/user_identities/generate_instant_key", s.A.APIKey, map[string]any{"user_identity_id": aIdent}),
		"instant_key")["instant_key_id"].(string)
	return []crossCase{
		{"/user_identities/generate_instant_key", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, "user_identity_not_found"},
		{"/instant_keys/get", "instant_key_id",
			func(id string) map[string]any { return map[string]any{"instant_key_id": id} }, aKey, "instant_key_not_found"},
		{"/instant_keys/list", "user_identity_id",
			func(id string) map[string]any { return map[string]any{"user_identity_id": id} }, aIdent, ""},
		{"/instant_keys/delete", "instant_key_id",
			func(id string) map[string]any { return map[string]any{"instant_key_id": id} }, aKey, "instant_key_not_found"},
	}
}
