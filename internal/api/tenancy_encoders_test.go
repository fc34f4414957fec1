package api_test

// encoderCrossCases covers encoders: A and B each have a Visionline hotel
// with an encoder, a user and a card; B's calls put one of A's ids in one
// slot, its own in the others.
func encoderCrossCases(s *testServer) []crossCase {
	a, b := s.encoderFixture(s.A.WorkspaceID), s.encoderFixture(s.B.WorkspaceID)
	with := func(slot string, rest map[string]any) func(id string) map[string]any {
		return func(id string) map[string]any {
			out := map[string]any{slot: id}
			for k, v := range rest {
				out[k] = v
			}
			return out
		}
	}
	onB := map[string]any{"acs_encoder_id": b.encoder}
	const notFound = "acs_encoder_not_found"
	cases := []crossCase{
		{"/acs/encoders/get", "acs_encoder_id", one("acs_encoder_id"), a.encoder, notFound},
		{"/acs/encoders/list", "acs_encoder_ids", func(id string) map[string]any {
			return map[string]any{"acs_encoder_ids": []string{id}}
		}, a.encoder, notFound},
		{"/acs/encoders/list", "acs_system_id", one("acs_system_id"), a.system, "acs_system_not_found"},
		{"/acs/encoders/encode_credential", "acs_encoder_id", with("acs_encoder_id", map[string]any{"acs_credential_id": b.card}), a.encoder, notFound},
		{"/acs/encoders/encode_credential", "acs_credential_id", with("acs_credential_id", onB), a.card, "acs_credential_not_found"},
		{"/acs/encoders/scan_credential", "acs_encoder_id", one("acs_encoder_id"), a.encoder, notFound},
		{"/acs/encoders/scan_to_assign_credential", "acs_encoder_id", with("acs_encoder_id", map[string]any{"acs_user_id": b.user}), a.encoder, notFound},
		{"/acs/encoders/scan_to_assign_credential", "acs_user_id", with("acs_user_id", onB), a.user, "acs_user_not_found"},
		{"/acs/encoders/simulate/next_credential_encode_will_fail", "acs_credential_id", with("acs_credential_id", onB), a.card, "acs_credential_not_found"},
	}
	for _, path := range []string{"/acs/encoders/simulate/next_credential_encode_will_fail", "/acs/encoders/simulate/next_credential_encode_will_succeed",
		"/acs/encoders/simulate/next_credential_scan_will_fail", "/acs/encoders/simulate/next_credential_scan_will_succeed"} {
		cases = append(cases, crossCase{path, "acs_encoder_id", one("acs_encoder_id"), a.encoder, notFound})
	}
	return cases
}
