package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// deviceEvents returns W_A's events of a device, newest first, as
// /events/list shows them.
func (s *testServer) deviceEvents(t *testing.T, deviceID string, types ...string) []map[string]any {
	t.Helper()
	params := map[string]any{"since": "2000-01-01T00:00:00.000Z", "device_id": deviceID}
	if len(types) > 0 {
		params["event_types"] = types
	}
	return list(t, s.call(http.MethodPost, "/events/list", s.A.APIKey, params), "events")
}

// storedDevice reads a device of W_A as stored, and its simulated lock.
func (s *testServer) storedDevice(t *testing.T, deviceID string) (store.Device, store.SandboxDevice, error) {
	t.Helper()
	var d store.Device
	var lock store.SandboxDevice
	err := s.st.View(context.Background(), func(tx *store.Tx) error {
		var err error
		if d, err = tx.Device(context.Background(), s.A.WorkspaceID, deviceID); err != nil {
			return err
		}
		lock, err = tx.SandboxDevice(context.Background(), s.A.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
		return err
	})
	return d, lock, err
}

func TestDevicesUpdate(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		other := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
		front, back, bDevice := august.Devices[0].DeviceID, august.Devices[1].DeviceID, other.Devices[0].DeviceID
		session := s.clientSession(s.A.APIKey, map[string]any{"connected_account_ids": []string{august.ConnectedAccountID}})
		get := func(t *testing.T, id string) map[string]any {
			return obj(t, s.call(http.MethodPost, "/devices/get", s.A.APIKey, map[string]any{"device_id": id}), "device")
		}
		s.run([]apiCase{
			{name: "rename", method: http.MethodPatch, path: "/devices/update",
				params: map[string]any{"device_id": front, "name": "Porch", "custom_metadata": map[string]any{"unit": "12", "vip": true}},
				check: func(t *testing.T, r response) {
					d := get(t, front)
					if d["display_name"] != "Porch" || d["nickname"] != "Porch" || d["properties"].(map[string]any)["name"] != "Porch" {
						t.Errorf("device = %v", d)
					}
					if m := d["custom_metadata"].(map[string]any); m["unit"] != "12" || m["vip"] != true {
						t.Errorf("custom_metadata = %v", m)
					}
					if evs := s.deviceEvents(t, front, "device.name_changed"); len(evs) != 1 || evs[0]["device_name"] != "Porch" {
						t.Errorf("name_changed events = %v", evs)
					}
				}},
			{name: "merge metadata", method: http.MethodPost, path: "/devices/update",
				params: map[string]any{"device_id": front, "custom_metadata": map[string]any{"vip": nil, "floor": "2", "unit": ""}},
				check: func(t *testing.T, r response) {
					if m := get(t, front)["custom_metadata"].(map[string]any); len(m) != 1 || m["floor"] != "2" {
						t.Errorf("custom_metadata = %v, want only floor", m)
					}
				}},
			{name: "properties.name, the same name again", method: http.MethodPost, path: "/devices/update",
				params: map[string]any{"device_id": front, "properties": map[string]any{"name": "Porch"}},
				check: func(t *testing.T, r response) {
					if evs := s.deviceEvents(t, front, "device.name_changed"); len(evs) != 1 {
						t.Errorf("an unchanged name recorded an event: %v", evs)
					}
				}},
			{name: "null name gives back the provider's", method: http.MethodPost, path: "/devices/update",
				params: map[string]any{"device_id": front, "name": nil},
				check: func(t *testing.T, r response) {
					if d := get(t, front); d["display_name"] != "Front Door" {
						t.Errorf("device = %v", d)
					}
				}},
			{name: "client session updates its device", method: http.MethodPost, path: "/devices/update", token: session,
				params: map[string]any{"device_id": back, "name": "Kitchen"}},
			{name: "W_B's device", method: http.MethodPost, path: "/devices/update", params: map[string]any{"device_id": bDevice, "name": "x"},
				status: 404, errType: "device_not_found"},
			{name: "W_B updates W_A's device", method: http.MethodPost, path: "/devices/update", token: s.B.APIKey,
				params: map[string]any{"device_id": front, "name": "x"}, status: 404, errType: "device_not_found"},
			{name: "empty name", method: http.MethodPost, path: "/devices/update", params: map[string]any{"device_id": front, "name": ""},
				status: 400, errType: "invalid_input", field: "name"},
			{name: "metadata number", method: http.MethodPost, path: "/devices/update",
				params: map[string]any{"device_id": front, "custom_metadata": map[string]any{"n": 1}}, status: 400, errType: "invalid_input",
				field: "custom_metadata"},
			{name: "metadata key with a period", method: http.MethodPost, path: "/devices/update",
				params: map[string]any{"device_id": front, "custom_metadata": map[string]any{"a.b": "x"}}, status: 400, errType: "invalid_input",
				field: "custom_metadata"},
			{name: "no device_id", method: http.MethodPost, path: "/devices/update", params: map[string]any{"name": "x"},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "make it unmanaged", method: http.MethodPost, path: "/devices/update", params: map[string]any{"device_id": back, "is_managed": false},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, s.call(http.MethodPost, "/devices/list", s.A.APIKey, nil), "devices"), "device_id"); !slices.Equal(got, []string{front}) {
						t.Errorf("devices/list = %v, want only the managed one", got)
					}
					if got := ids(list(t, s.call(http.MethodPost, "/devices/unmanaged/list", s.A.APIKey, nil), "devices"), "device_id"); !slices.Equal(got, []string{back}) {
						t.Errorf("devices/unmanaged/list = %v", got)
					}
					if evs := s.deviceEvents(t, back, "device.converted_to_unmanaged"); len(evs) != 1 || evs[0]["connected_account_id"] != august.ConnectedAccountID {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "an unmanaged device is not updated as a managed one", method: http.MethodPost, path: "/devices/update",
				params: map[string]any{"device_id": back, "name": "x"}, status: 400, errType: "invalid_input", field: "device_id"},
			{name: "nor locked", method: http.MethodPost, path: "/locks/lock_door", params: map[string]any{"device_id": back},
				status: 404, errType: "device_not_found"},
			{name: "unmanaged/update of W_B", method: http.MethodPost, path: "/devices/unmanaged/update", token: s.B.APIKey,
				params: map[string]any{"device_id": back, "is_managed": true}, status: 404, errType: "device_not_found"},
			{name: "unmanaged/update of a managed device", method: http.MethodPost, path: "/devices/unmanaged/update",
				params: map[string]any{"device_id": front, "is_managed": true}, status: 404, errType: "device_not_found"},
			{name: "unmanaged/update is_managed false", method: http.MethodPost, path: "/devices/unmanaged/update",
				params: map[string]any{"device_id": back, "is_managed": false}, status: 400, errType: "invalid_input", field: "is_managed"},
			{name: "unmanaged/update makes it managed", method: http.MethodPatch, path: "/devices/unmanaged/update",
				params: map[string]any{"device_id": back, "is_managed": true, "custom_metadata": map[string]any{"k": "v"}},
				check: func(t *testing.T, r response) {
					d := get(t, back)
					if d["is_managed"] != true || d["custom_metadata"].(map[string]any)["k"] != "v" || d["display_name"] != "Kitchen" {
						t.Errorf("device = %v", d)
					}
					if evs := s.deviceEvents(t, back, "device.unmanaged.converted_to_managed"); len(evs) != 1 {
						t.Errorf("events = %v", evs)
					}
				}},
		})
		if got := s.audits(s.A.WorkspaceID, front); len(got) != 4 {
			t.Errorf("audit rows of the device = %v, want one per update", got)
		}
	})
}

func TestDevicesDeleteAndProviders(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		front := august.Devices[0].DeviceID
		s.run([]apiCase{
			{name: "W_B deletes W_A's device", method: http.MethodPost, path: "/devices/delete", token: s.B.APIKey,
				params: map[string]any{"device_id": front}, status: 404, errType: "device_not_found"},
			{name: "delete", method: http.MethodDelete, path: "/devices/delete", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					if evs := s.deviceEvents(t, front, "device.deleted"); len(evs) != 1 || evs[0]["device_name"] != "Front Door" {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "gone", method: http.MethodPost, path: "/devices/get", params: map[string]any{"device_id": front},
				status: 404, errType: "device_not_found"},
			{name: "delete again", method: http.MethodPost, path: "/devices/delete", params: map[string]any{"device_id": front},
				status: 404, errType: "device_not_found"},
			{name: "not a uuid", method: http.MethodPost, path: "/devices/delete", params: map[string]any{"device_id": "x"},
				status: 400, errType: "invalid_input", field: "device_id"},

			{name: "providers", method: http.MethodGet, path: "/devices/list_device_providers", check: func(t *testing.T, r response) {
				ps := list(t, r, "device_providers")
				if got := ids(ps, "device_provider_name"); !slices.Equal(got, provider.Keys()) {
					t.Errorf("providers = %v, want %v", got, provider.Keys())
				}
				for _, p := range ps {
					requireFields(t, p, "device_provider_name", "display_name", "image_url", "provider_categories")
					if p["device_provider_name"] == "august" && (p["can_remotely_unlock"] != true || p["display_name"] != "August") {
						t.Errorf("august = %v", p)
					}
					if p["device_provider_name"] == "igloohome" && (p["can_remotely_unlock"] != false || p["can_program_offline_access_codes"] != true) {
						t.Errorf("igloohome = %v", p)
					}
				}
			}},
			{name: "providers of a category", method: http.MethodPost, path: "/devices/list_device_providers",
				params: map[string]any{"provider_category": "access_control_systems"}, check: func(t *testing.T, r response) {
					got := ids(list(t, r, "device_providers"), "device_provider_name")
					if len(got) == 0 || slices.Contains(got, "august") || !slices.Contains(got, "salto_ks") {
						t.Errorf("providers = %v", got)
					}
				}},
			{name: "providers of a bad category", method: http.MethodPost, path: "/devices/list_device_providers",
				params: map[string]any{"provider_category": "toasters"}, status: 400, errType: "invalid_input", field: "provider_category"},
		})
		// The lock is still on the account: connecting again brings it back.
		again := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		if again.Devices[0].DeviceID == front {
			t.Error("connecting again found the deleted device")
		}
	})
}

func TestLocksLockAndUnlock(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		igloo := s.connect(s.A.WorkspaceID, "igloohome", provider.JaneEmail, true)
		yale := s.connect(s.A.WorkspaceID, "yale", provider.JaneEmail, true)
		other := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
		front, back, villa, bDevice := august.Devices[0].DeviceID, august.Devices[1].DeviceID, igloo.Devices[0].DeviceID, other.Devices[0].DeviceID
		main := yale.Devices[0].DeviceID
		session := s.clientSession(s.A.APIKey, map[string]any{"connected_account_ids": []string{august.ConnectedAccountID}})
		otherSession := s.clientSession(s.A.APIKey, map[string]any{"connected_account_ids": []string{igloo.ConnectedAccountID}})
		var unlockAttempt string
		wantLocked := func(t *testing.T, id string, want bool) {
			t.Helper()
			d, lock, err := s.storedDevice(t, id)
			if err != nil || d.Locked == nil || *d.Locked != want || lock.Locked != want {
				t.Errorf("lintel says %v, the lock %v (%v); want locked %v", d.Locked, lock.Locked, err, want)
			}
		}
		s.run([]apiCase{
			{name: "unlock", method: http.MethodPost, path: "/locks/unlock_door", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					a := obj(t, r, "action_attempt")
					unlockAttempt, _ = a["action_attempt_id"].(string)
					if a["status"] != "success" || a["action_type"] != "UNLOCK_DOOR" {
						t.Errorf("attempt = %v", a)
					}
					wantLocked(t, front, false)
					evs := s.deviceEvents(t, front, "lock.unlocked")
					if len(evs) != 1 || evs[0]["action_attempt_id"] != unlockAttempt || evs[0]["method"] != "remote" ||
						evs[0]["connected_account_id"] != august.ConnectedAccountID {
						t.Errorf("lock.unlocked events = %v", evs)
					}
					if n := s.events(s.A.WorkspaceID, "action_attempt.unlock_door.succeeded", store.EventFilter{}); n != 1 {
						t.Errorf("%d action_attempt.unlock_door.succeeded events, want 1", n)
					}
					// Different workspace: W_B does not see the attempt.
					s.wantError(s.call(http.MethodPost, "/action_attempts/get", s.B.APIKey, map[string]any{"action_attempt_id": unlockAttempt}),
						404, "action_attempt_not_found")
				}},
			{name: "the attempts of the device", method: http.MethodPost, path: "/action_attempts/list", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "action_attempts"), "action_attempt_id"); !slices.Equal(got, []string{unlockAttempt}) {
						t.Errorf("attempts of the device = %v", got)
					}
				}},
			{name: "lock", method: http.MethodPost, path: "/locks/lock_door", params: map[string]any{"device_id": front, "sync": true},
				check: func(t *testing.T, r response) {
					if a := obj(t, r, "action_attempt"); a["status"] != "success" || a["action_type"] != "LOCK_DOOR" {
						t.Errorf("attempt = %v", a)
					}
					wantLocked(t, front, true)
					if evs := s.deviceEvents(t, front, "lock.locked"); len(evs) != 1 || evs[0]["method"] != "remote" {
						t.Errorf("lock.locked events = %v", evs)
					}
					if n := s.events(s.A.WorkspaceID, "action_attempt.lock_door.succeeded", store.EventFilter{}); n != 1 {
						t.Errorf("%d action_attempt.lock_door.succeeded events, want 1", n)
					}
				}},
			{name: "a lock that cannot be reached remotely", method: http.MethodPost, path: "/locks/unlock_door", params: map[string]any{"device_id": villa},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "W_B's lock", method: http.MethodPost, path: "/locks/unlock_door", params: map[string]any{"device_id": bDevice},
				status: 404, errType: "device_not_found"},
			{name: "W_B unlocks W_A's lock", method: http.MethodPost, path: "/locks/unlock_door", token: s.B.APIKey,
				params: map[string]any{"device_id": front}, status: 404, errType: "device_not_found"},
			{name: "no device", method: http.MethodPost, path: "/locks/lock_door", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "by GET", method: http.MethodGet, path: "/locks/lock_door", params: map[string]any{"device_id": front},
				status: 405, errType: "method_not_allowed"},
			{name: "client session unlocks its lock", method: http.MethodPost, path: "/locks/unlock_door", token: session,
				params: map[string]any{"device_id": back}, check: func(t *testing.T, r response) {
					a := obj(t, r, "action_attempt")
					id, _ := a["action_attempt_id"].(string)
					got := s.call(http.MethodPost, "/action_attempts/get", session, map[string]any{"action_attempt_id": id})
					s.ok(got)
					if obj(t, got, "action_attempt")["status"] != "success" {
						t.Errorf("attempt = %s", got.Raw)
					}
					s.wantError(s.call(http.MethodPost, "/action_attempts/get", otherSession, map[string]any{"action_attempt_id": id}),
						404, "action_attempt_not_found")
					wantLocked(t, back, false)
				}},
			{name: "client session unlocks another account's lock", method: http.MethodPost, path: "/locks/unlock_door", token: otherSession,
				params: map[string]any{"device_id": back}, status: 404, errType: "device_not_found"},
			{name: "disconnect", method: http.MethodPost, path: "/devices/simulate/disconnect", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					d := obj(t, s.call(http.MethodPost, "/devices/get", s.A.APIKey, map[string]any{"device_id": front}), "device")
					if d["properties"].(map[string]any)["online"] != false || !slices.Contains(errorCodes(d), "device_disconnected") {
						t.Errorf("device = %v", d)
					}
					evs := s.deviceEvents(t, front, "device.disconnected")
					if len(evs) != 1 || len(evs[0]["device_errors"].([]any)) != 1 {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "disconnect again changes nothing", method: http.MethodPost, path: "/devices/simulate/disconnect", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					if evs := s.deviceEvents(t, front, "device.disconnected"); len(evs) != 1 {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "unlock a disconnected lock", method: http.MethodPost, path: "/locks/unlock_door", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					a := obj(t, r, "action_attempt")
					if e, _ := a["error"].(map[string]any); a["status"] != "error" || e["type"] != "device_offline" {
						t.Errorf("attempt = %v", a)
					}
					wantLocked(t, front, true)
					if n := s.events(s.A.WorkspaceID, "action_attempt.unlock_door.failed", store.EventFilter{}); n != 1 {
						t.Errorf("%d action_attempt.unlock_door.failed events, want 1", n)
					}
				}},
			{name: "connect", method: http.MethodPost, path: "/devices/simulate/connect", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					d := obj(t, s.call(http.MethodPost, "/devices/get", s.A.APIKey, map[string]any{"device_id": front}), "device")
					if d["properties"].(map[string]any)["online"] != true || len(errorCodes(d)) != 0 {
						t.Errorf("device = %v", d)
					}
					if evs := s.deviceEvents(t, front, "device.connected"); len(evs) != 2 {
						t.Errorf("device.connected events = %v, want the first connection's and this one", evs)
					}
				}},
			{name: "unlock once connected", method: http.MethodPost, path: "/locks/unlock_door", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					if a := obj(t, r, "action_attempt"); a["status"] != "success" {
						t.Errorf("attempt = %v", a)
					}
				}},
			{name: "auto-lock", method: http.MethodPost, path: "/locks/configure_auto_lock",
				params: map[string]any{"device_id": main, "auto_lock_enabled": true, "auto_lock_delay_seconds": 30},
				check: func(t *testing.T, r response) {
					if a := obj(t, r, "action_attempt"); a["status"] != "success" || a["action_type"] != "CONFIGURE_AUTO_LOCK" {
						t.Errorf("attempt = %v", a)
					}
					p := obj(t, s.call(http.MethodPost, "/locks/get", s.A.APIKey, map[string]any{"device_id": main}), "lock")["properties"].(map[string]any)
					if p["auto_lock_enabled"] != true || p["auto_lock_delay_seconds"] != 30.0 {
						t.Errorf("properties = %v", p)
					}
				}},
			{name: "auto-lock without a delay", method: http.MethodPost, path: "/locks/configure_auto_lock",
				params: map[string]any{"device_id": main, "auto_lock_enabled": true}, status: 400, errType: "invalid_input", field: "auto_lock_delay_seconds"},
			{name: "auto-lock on a lock without it", method: http.MethodPost, path: "/locks/configure_auto_lock",
				params: map[string]any{"device_id": villa, "auto_lock_enabled": false}, status: 400, errType: "invalid_input", field: "device_id"},
			{name: "manual lock via keypad", method: http.MethodPost, path: "/locks/simulate/manual_lock_via_keypad", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					if a := obj(t, r, "action_attempt"); a["status"] != "success" || a["action_type"] != "SIMULATE_MANUAL_LOCK_VIA_KEYPAD" {
						t.Errorf("attempt = %v", a)
					}
					wantLocked(t, front, true)
					evs := s.deviceEvents(t, front, "lock.locked")
					if len(evs) != 2 || evs[0]["method"] != "manual" {
						t.Errorf("lock.locked events = %v", evs)
					}
				}},
			{name: "keypad of a lock without one", method: http.MethodPost, path: "/locks/simulate/manual_lock_via_keypad", params: map[string]any{"device_id": back},
				status: 400, errType: "invalid_input", field: "device_id"},
		})
		// A code on the lock opens it from the keypad; another is refused.
		err := s.st.InTx(context.Background(), func(tx *store.Tx) error {
			return tx.SandboxPutAccessCode(context.Background(), s.A.WorkspaceID, august.ConnectedAccountID, "august-jane-front",
				store.SandboxAccessCode{ExternalID: "guest", Code: "4821"})
		})
		if err != nil {
			t.Fatal(err)
		}
		s.run([]apiCase{
			{name: "a wrong code", method: http.MethodPost, path: "/locks/simulate/keypad_code_entry", params: map[string]any{"device_id": front, "code": "1111"},
				check: func(t *testing.T, r response) {
					if a := obj(t, r, "action_attempt"); a["status"] != "success" || a["action_type"] != "SIMULATE_KEYPAD_CODE_ENTRY" {
						t.Errorf("attempt = %v", a)
					}
					wantLocked(t, front, true)
					if evs := s.deviceEvents(t, front, "lock.access_denied"); len(evs) != 1 {
						t.Errorf("access_denied events = %v", evs)
					}
				}},
			{name: "the code on the lock", method: http.MethodPost, path: "/locks/simulate/keypad_code_entry", params: map[string]any{"device_id": front, "code": "4821"},
				check: func(t *testing.T, r response) {
					wantLocked(t, front, false)
					evs := s.deviceEvents(t, front, "lock.unlocked")
					if len(evs) == 0 || evs[0]["method"] != "keycode" {
						t.Errorf("lock.unlocked events = %v", evs)
					}
				}},
			{name: "keypad code without a code", method: http.MethodPost, path: "/locks/simulate/keypad_code_entry", params: map[string]any{"device_id": front},
				status: 400, errType: "invalid_input", field: "code"},
		})
	})
}

func TestDeviceSimulations(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		front, back := august.Devices[0].DeviceID, august.Devices[1].DeviceID
		office := s.connect(s.A.WorkspaceID, "schlage", provider.JaneEmail, true).Devices[0].DeviceID
		prod := s.productionWorkspace()
		var prodLock string
		err := s.st.InTx(context.Background(), func(tx *store.Tx) error {
			c, err := s.app.Providers.ConnectTx(context.Background(), tx, prod.WorkspaceID, provider.ConnectRequest{Provider: "august",
				Login: provider.Login{Email: provider.JaneEmail}, AutomaticallyManageNewDevices: true})
			prodLock = c.Devices[0].DeviceID
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		s.run([]apiCase{
			{name: "not a sandbox", method: http.MethodPost, path: "/devices/simulate/disconnect", token: prod.APIKey,
				params: map[string]any{"device_id": prodLock}, status: 400, errType: "invalid_input"},
			{name: "W_B's simulation of W_A's device", method: http.MethodPost, path: "/devices/simulate/remove", token: s.B.APIKey,
				params: map[string]any{"device_id": front}, status: 404, errType: "device_not_found"},
			{name: "hub away", method: http.MethodPost, path: "/devices/simulate/disconnect_from_hub", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					d := obj(t, s.call(http.MethodPost, "/devices/get", s.A.APIKey, map[string]any{"device_id": front}), "device")
					if d["properties"].(map[string]any)["online"] != false || !slices.Contains(errorCodes(d), "hub_disconnected") ||
						d["can_simulate_hub_connection"] != true {
						t.Errorf("device = %v", d)
					}
					evs := s.deviceEvents(t, front, "device.disconnected")
					if len(evs) != 1 || evs[0]["error_code"] != "hub_disconnected" {
						t.Errorf("events = %v", evs)
					}
					requireFields(t, evs[0], "error_code", "connected_account_errors", "connected_account_warnings", "device_errors", "device_warnings")
				}},
			{name: "unlock without the hub", method: http.MethodPost, path: "/locks/unlock_door", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					if e, _ := obj(t, r, "action_attempt")["error"].(map[string]any); e["type"] != "device_offline" {
						t.Errorf("attempt = %s", r.Raw)
					}
				}},
			{name: "hub back", method: http.MethodPost, path: "/devices/simulate/connect_to_hub", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					d := obj(t, s.call(http.MethodPost, "/devices/get", s.A.APIKey, map[string]any{"device_id": front}), "device")
					if d["properties"].(map[string]any)["online"] != true || len(errorCodes(d)) != 0 {
						t.Errorf("device = %v", d)
					}
				}},
			{name: "hub of a lock without one", method: http.MethodPost, path: "/devices/simulate/connect_to_hub", params: map[string]any{"device_id": office},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "subscription expires", method: http.MethodPost, path: "/devices/simulate/paid_subscription",
				params: map[string]any{"device_id": front, "is_expired": true}, check: func(t *testing.T, r response) {
					d := obj(t, s.call(http.MethodPost, "/devices/get", s.A.APIKey, map[string]any{"device_id": front}), "device")
					if !slices.Contains(errorCodes(d), "subscription_required") {
						t.Errorf("device = %v", d)
					}
					if evs := s.deviceEvents(t, front, "device.error.subscription_required"); len(evs) != 1 {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "subscription paid", method: http.MethodPost, path: "/devices/simulate/paid_subscription",
				params: map[string]any{"device_id": front, "is_expired": false}, check: func(t *testing.T, r response) {
					d := obj(t, s.call(http.MethodPost, "/devices/get", s.A.APIKey, map[string]any{"device_id": front}), "device")
					if len(errorCodes(d)) != 0 {
						t.Errorf("device = %v", d)
					}
					if evs := s.deviceEvents(t, front, "device.error.subscription_required.resolved"); len(evs) != 1 {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "subscription without is_expired", method: http.MethodPost, path: "/devices/simulate/paid_subscription",
				params: map[string]any{"device_id": front}, status: 400, errType: "invalid_input", field: "is_expired"},
			{name: "remove", method: http.MethodPost, path: "/devices/simulate/remove", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					if evs := s.deviceEvents(t, front, "device.removed"); len(evs) != 1 {
						t.Errorf("events = %v", evs)
					}
					if _, _, err := s.storedDevice(t, front); err == nil {
						t.Error("the removed device is still stored")
					}
				}},
			{name: "removed", method: http.MethodPost, path: "/devices/get", params: map[string]any{"device_id": front},
				status: 404, errType: "device_not_found"},
		})
		// A disconnected account shows on its devices.
		s.run([]apiCase{
			{name: "account disconnected", method: http.MethodPost, path: "/connected_accounts/simulate/disconnect",
				params: map[string]any{"connected_account_id": august.ConnectedAccountID}},
			{name: "its device shows it", method: http.MethodPost, path: "/devices/get", params: map[string]any{"device_id": back},
				check: func(t *testing.T, r response) {
					d := obj(t, r, "device")
					errs := d["errors"].([]any)
					if len(errs) != 1 || errs[0].(map[string]any)["error_code"] != "account_disconnected" ||
						errs[0].(map[string]any)["is_connected_account_error"] != true {
						t.Errorf("errors = %v", errs)
					}
				}},
			{name: "and cannot be unlocked", method: http.MethodPost, path: "/locks/unlock_door", params: map[string]any{"device_id": back},
				check: func(t *testing.T, r response) {
					if e, _ := obj(t, r, "action_attempt")["error"].(map[string]any); e["type"] != "device_offline" {
						t.Errorf("attempt = %s", r.Raw)
					}
				}},
		})
	})
}
