package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// accessibleDeviceIDs lists an identity's accessible devices by GET and
// checks that both keys of the answer hold the same devices.
func (s *testServer) accessibleDeviceIDs(token, identID string) []string {
	s.t.Helper()
	r := s.call(http.MethodGet, "/user_identities/list_accessible_devices", token, map[string]any{"user_identity_id": identID})
	s.ok(r)
	devices, legacy := bodyList(s.t, r.Body, "devices"), bodyList(s.t, r.Body, "accessible_devices")
	ids := []string{}
	for i, d := range devices {
		ids = append(ids, d["device_id"].(string))
		if i >= len(legacy) || legacy[i]["device_id"] != d["device_id"] {
			s.t.Errorf("accessible_devices %v differs from devices %v", legacy, devices)
		}
	}
	if len(legacy) != len(devices) {
		s.t.Errorf("accessible_devices has %d devices, devices %d", len(legacy), len(devices))
	}
	return ids
}

func TestUserIdentityDeviceAccess(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		a := s.A.APIKey
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		front, back := august.Devices[0].DeviceID, august.Devices[1].DeviceID
		unmanaged := s.connect(s.A.WorkspaceID, "yale", provider.JaneEmail, false).Devices[0].DeviceID
		bDevice := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true).Devices[0].DeviceID
		ident, other := s.A.Systems[0].UserIdentityIDs[0], s.A.Systems[0].UserIdentityIDs[1]
		bIdent := s.B.Systems[0].UserIdentityIDs[0]
		const unknown = "0b6c3c64-3b0e-4c2e-9d2f-7a1c1b0e9f00"
		pair := func(identID, deviceID any) map[string]any {
			return map[string]any{"user_identity_id": identID, "device_id": deviceID}
		}
		has := func(want ...string) func(t *testing.T, body map[string]any) {
			return func(t *testing.T, _ map[string]any) {
				if got := s.forT(t).accessibleDeviceIDs(a, ident); !slices.Equal(got, want) {
					t.Errorf("accessible devices = %v, want %v", got, want)
				}
			}
		}
		const grantPath, revokePath, listPath = "/user_identities/grant_access_to_device",
			"/user_identities/revoke_access_to_device", "/user_identities/list_accessible_devices"

		s.runCases(t, []routeCase{
			{name: "none at first", method: http.MethodGet, path: listPath, token: a,
				params: map[string]any{"user_identity_id": ident}, check: has()},
			{name: "grant by PUT", method: http.MethodPut, path: grantPath, token: a, params: pair(ident, front), check: has(front)},
			{name: "grant again by POST: one link", method: http.MethodPost, path: grantPath, token: a, params: pair(ident, front), check: has(front)},
			{name: "grant a second device", method: http.MethodPost, path: grantPath, token: a, params: pair(ident, back), check: has(front, back)},
			{name: "list by POST", method: http.MethodPost, path: listPath, token: a, params: map[string]any{"user_identity_id": ident},
				check: func(t *testing.T, body map[string]any) {
					d := bodyList(t, body, "devices")
					if len(d) != 2 || d[0]["device_id"] != front || d[0]["workspace_id"] != s.A.WorkspaceID || d[0]["display_name"] == nil {
						t.Errorf("devices = %v", d)
					}
					if len(bodyList(t, body, "accessible_devices")) != 2 {
						t.Errorf("accessible_devices = %v", body["accessible_devices"])
					}
				}},
			{name: "another identity sees none", method: http.MethodGet, path: listPath, token: a,
				params: map[string]any{"user_identity_id": other}, check: func(t *testing.T, body map[string]any) {
					if d := bodyList(t, body, "devices"); len(d) != 0 {
						t.Errorf("devices of another identity = %v", d)
					}
				}},

			// Not found, whatever the method; nothing changes.
			{name: "unknown identity", method: http.MethodPut, path: grantPath, token: a, params: pair(unknown, front),
				status: 404, errType: "user_identity_not_found"},
			{name: "unknown device", method: http.MethodPut, path: grantPath, token: a, params: pair(ident, unknown),
				status: 404, errType: "device_not_found"},
			{name: "unmanaged device", method: http.MethodPost, path: grantPath, token: a, params: pair(ident, unmanaged),
				status: 404, errType: "device_not_found"},
			{name: "B's device", method: http.MethodPost, path: grantPath, token: a, params: pair(ident, bDevice),
				status: 404, errType: "device_not_found"},
			{name: "B's identity", method: http.MethodPost, path: grantPath, token: a, params: pair(bIdent, front),
				status: 404, errType: "user_identity_not_found"},
			{name: "list B's identity", method: http.MethodGet, path: listPath, token: a,
				params: map[string]any{"user_identity_id": bIdent}, status: 404, errType: "user_identity_not_found"},
			{name: "revoke from an unknown identity", method: http.MethodDelete, path: revokePath, token: a,
				params: pair(unknown, front), status: 404, errType: "user_identity_not_found"},
			{name: "revoke an unknown device", method: http.MethodDelete, path: revokePath, token: a,
				params: pair(ident, unknown), status: 404, errType: "device_not_found"},
			{name: "revoke B's device", method: http.MethodPost, path: revokePath, token: a,
				params: pair(ident, bDevice), status: 404, errType: "device_not_found"},

			// Bad input: the JSON error envelope, nothing changes.
			{name: "grant without device_id", method: http.MethodPut, path: grantPath, token: a,
				params: map[string]any{"user_identity_id": ident}, status: 400, errType: "invalid_input"},
			{name: "grant without user_identity_id", method: http.MethodPost, path: grantPath, token: a,
				params: map[string]any{"device_id": back}, status: 400, errType: "invalid_input"},
			{name: "grant with a malformed device_id", method: http.MethodPost, path: grantPath, token: a,
				params: pair(ident, "front-door"), status: 400, errType: "invalid_input"},
			{name: "grant with a number for user_identity_id", method: http.MethodPost, path: grantPath, token: a,
				params: pair(42, back), status: 400, errType: "invalid_input"},
			{name: "revoke without device_id (query string)", method: http.MethodDelete, path: revokePath, token: a,
				params: map[string]any{"user_identity_id": ident}, status: 400, errType: "invalid_input"},
			{name: "revoke with a malformed user_identity_id (query string)", method: http.MethodDelete, path: revokePath, token: a,
				params: pair("x", front), status: 400, errType: "invalid_input"},
			{name: "revoke without parameters", method: http.MethodPost, path: revokePath, token: a,
				params: map[string]any{}, status: 400, errType: "invalid_input"},
			{name: "list without user_identity_id", method: http.MethodGet, path: listPath, token: a,
				params: map[string]any{}, status: 400, errType: "invalid_input"},
			{name: "list with a malformed user_identity_id", method: http.MethodPost, path: listPath, token: a,
				params: map[string]any{"user_identity_id": "nope"}, status: 400, errType: "invalid_input"},
			{name: "no credentials", method: http.MethodPost, path: grantPath, params: pair(ident, back),
				status: 401, errType: "unauthorized"},
			{name: "still both", method: http.MethodGet, path: listPath, token: a,
				params: map[string]any{"user_identity_id": ident}, check: has(front, back)},

			// Revoking: by DELETE (query string) or POST; a second revoke
			// finds nothing to do and is fine.
			{name: "revoke by DELETE", method: http.MethodDelete, path: revokePath, token: a, params: pair(ident, front), check: has(back)},
			{name: "revoke again", method: http.MethodDelete, path: revokePath, token: a, params: pair(ident, front), check: has(back)},
			{name: "revoke by POST", method: http.MethodPost, path: revokePath, token: a, params: pair(ident, back), check: has()},
			{name: "revoke what was never granted", method: http.MethodPost, path: revokePath, token: a, params: pair(other, back)},
		})

		// One audit row per change: the second grant and the second revoke
		// changed nothing.
		want := []string{"user_identity.grant_access_to_device:succeeded", "user_identity.revoke_access_to_device:succeeded"}
		if got := s.auditActions(s.A.WorkspaceID, front); !slices.Equal(got, want) {
			t.Errorf("audit of the front door = %v, want %v", got, want)
		}

		t.Run("the device deleted", func(t *testing.T) {
			s := s.forT(t)
			s.ok(s.call(http.MethodPut, grantPath, a, pair(ident, back)))
			s.ok(s.call(http.MethodPost, "/devices/delete", a, map[string]any{"device_id": back}))
			if got := s.accessibleDeviceIDs(a, ident); len(got) != 0 {
				t.Errorf("after the device's deletion: %v", got)
			}
		})
		t.Run("the device unmanaged", func(t *testing.T) {
			s := s.forT(t)
			s.ok(s.call(http.MethodPut, grantPath, a, pair(ident, front)))
			s.ok(s.call(http.MethodPost, "/devices/update", a, map[string]any{"device_id": front, "is_managed": false}))
			if got := s.accessibleDeviceIDs(a, ident); len(got) != 0 {
				t.Errorf("an unmanaged device is listed: %v", got)
			}
			s.ok(s.call(http.MethodPost, "/devices/unmanaged/update", a, map[string]any{"device_id": front, "is_managed": true}))
			if got := s.accessibleDeviceIDs(a, ident); !slices.Equal(got, []string{front}) {
				t.Errorf("managed again: %v, want [%s]", got, front)
			}
		})
		t.Run("the identity deleted", func(t *testing.T) {
			s := s.forT(t)
			s.ok(s.call(http.MethodPost, "/user_identities/delete", a, map[string]any{"user_identity_id": ident}))
			s.wantError(s.call(http.MethodGet, listPath, a, map[string]any{"user_identity_id": ident}), 404, "user_identity_not_found")
			s.wantError(s.call(http.MethodPost, grantPath, a, pair(ident, front)), 404, "user_identity_not_found")
			var n int
			if err := st.InTx(t.Context(), func(tx *store.Tx) error {
				return tx.SQL().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM user_identity_devices WHERE user_identity_id = $1`, ident).Scan(&n)
			}); err != nil || n != 0 {
				t.Errorf("links left after the identity's deletion: %d, %v", n, err)
			}
		})
	})
}
