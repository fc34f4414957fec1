package api_test

import "github.com/lintel-dev/lintel/internal/provider"

// deviceCrossCases covers devices and locks: A connects Jane's August, B
// names its devices and its account.
func deviceCrossCases(s *testServer) []crossCase {
	august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
	device, account := august.Devices[0].DeviceID, august.ConnectedAccountID
	yale := s.connect(s.A.WorkspaceID, "yale", provider.JohnEmail, false)
	unmanaged, unmanagedAccount := yale.Devices[0].DeviceID, yale.ConnectedAccountID
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
		{path: "/devices/update", slot: "device_id", foreign: device, errType: "device_not_found",
			params: func(id string) map[string]any { return map[string]any{"device_id": id, "name": "x"} }},
		{path: "/devices/delete", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/devices/unmanaged/get", slot: "device_id", params: byDevice, foreign: unmanaged, errType: "device_not_found"},
		{path: "/devices/unmanaged/update", slot: "device_id", foreign: unmanaged, errType: "device_not_found",
			params: func(id string) map[string]any { return map[string]any{"device_id": id, "is_managed": true} }},
		{path: "/devices/unmanaged/list", slot: "connected_account_id", params: byAccount, foreign: unmanagedAccount, errType: "connected_account_not_found"},
		{path: "/devices/unmanaged/list", slot: "connected_account_ids", foreign: unmanagedAccount, errType: "connected_account_not_found",
			params: func(id string) map[string]any { return map[string]any{"connected_account_ids": []string{id}} }},
		{path: "/devices/unmanaged/list", slot: "device_ids", foreign: unmanaged,
			params: func(id string) map[string]any { return map[string]any{"device_ids": []string{id}} }},
		{path: "/devices/simulate/connect", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/devices/simulate/disconnect", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/devices/simulate/remove", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/devices/simulate/connect_to_hub", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/devices/simulate/disconnect_from_hub", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/devices/simulate/paid_subscription", slot: "device_id", foreign: device, errType: "device_not_found",
			params: func(id string) map[string]any { return map[string]any{"device_id": id, "is_expired": true} }},
		{path: "/locks/lock_door", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/locks/unlock_door", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
		{path: "/locks/configure_auto_lock", slot: "device_id", foreign: device, errType: "device_not_found",
			params: func(id string) map[string]any { return map[string]any{"device_id": id, "auto_lock_enabled": false} }},
		{path: "/locks/simulate/keypad_code_entry", slot: "device_id", foreign: device, errType: "device_not_found",
			params: func(id string) map[string]any { return map[string]any{"device_id": id, "code": "1234"} }},
		{path: "/locks/simulate/manual_lock_via_keypad", slot: "device_id", params: byDevice, foreign: device, errType: "device_not_found"},
	}
}
