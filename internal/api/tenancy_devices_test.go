package api_test

import "github.com/lintel-dev/lintel/internal/provider"

// deviceCrossCases covers devices and locks: A connects Jane's August, B
// names its devices and its account.
func deviceCrossCases(s *testServer) []crossCase {
	august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
	device, account := august.Devices[0].DeviceID, august.ConnectedAccountID
	byDevice := func(id string) map[string]any { return map[string]any{"device_id": id} }
	byAccount := func(id string) map[string]any { return map[string]any{"connected_account_id": id} }
	return []crossCase{
		{path: "/devices/get", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/devices/list", slot: "device_ids", foreign: device,
			params: func(id string) map[string]any { return map[string]any{"device_ids": []string{id}} }},
		{path: "/devices/list", slot: "connected_account_id", params: byAccount, foreign: account, errType: "connected_account_not_found"},
		{path: "/devices/list", slot: "connected_account_ids", foreign: account, errType: "connected_account_not_found",
			params: func(id string) map[string]any { return map[string]any{"connected_account_ids": []string{id}} }},
		{path: "/locks/get", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/locks/list", slot: "connected_account_id", params: byAccount, foreign: account, errType: "connected_account_not_found"},
		{path: "/events/get", slot: "device_id", params: byDevice, foreign: device, errType: "event_not_found"},
	}
}
