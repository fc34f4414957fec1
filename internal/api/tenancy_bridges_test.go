package api_test

// bridgeCrossCases covers bridges: A pairs a Seam Bridge, and B asks for it.
func bridgeCrossCases(s *testServer) []crossCase {
	code := s.openBridgeSession("bridge_of_a")["pairing_code"].(string)
	aBridge, err := s.pairBridge(s.A.WorkspaceID, code)
	if err != nil {
		s.t.Fatal(err)
	}
	return []crossCase{
		{"/bridges/get", "bridge_id", one("bridge_id"), aBridge, "bridge_not_found"},
	}
}
