package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// connect signs a sandbox login in to a workspace, as a Connect Webview
// does, and returns what it connected.
func (s *testServer) connect(ws, providerKey, email string, manage bool) provider.Connected {
	s.t.Helper()
	var out provider.Connected
	err := s.st.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = s.app.Providers.ConnectTx(context.Background(), tx, ws, provider.ConnectRequest{Provider: providerKey,
			Login: provider.Login{Email: email}, AutomaticallyManageNewDevices: manage})
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// webviewThatConnected creates a Connect Webview in the workspace and
// marks it authorized with the account, as a completed sign-in leaves it.
func (s *testServer) webviewThatConnected(ws, accountID string) string {
	s.t.Helper()
	ctx := context.Background()
	key := s.A.APIKey
	if ws == s.B.WorkspaceID {
		key = s.B.APIKey
	}
	id := s.postOK("/connect_webviews/create", key, nil)["connect_webview"].(map[string]any)["connect_webview_id"].(string)
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		w, err := tx.ConnectWebview(ctx, ws, id)
		if err != nil {
			return err
		}
		now := tx.Now()
		w.Status, w.ConnectedAccountID, w.AuthorizedAt = "authorized", &accountID, &now
		return tx.UpdateConnectWebviewProgress(ctx, ws, w)
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return id
}

func connectedIDs(cs ...provider.Connected) []string {
	var out []string
	for _, c := range cs {
		for _, d := range c.Devices {
			out = append(out, d.DeviceID)
		}
	}
	return out
}

// wantDevices checks the ids, in order, of the devices under key.
func wantDevices(key string, want ...string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		if got := ids(list(t, r, key), "device_id"); !slices.Equal(got, append([]string{}, want...)) {
			t.Errorf("%s = %v, want %v", key, got, want)
		}
	}
}

func TestDevicesAndLocks(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		schlage := s.connect(s.A.WorkspaceID, "schlage", provider.JaneEmail, true)
		igloo := s.connect(s.A.WorkspaceID, "igloohome", provider.JohnEmail, true)
		unmanaged := s.connect(s.A.WorkspaceID, "yale", provider.JohnEmail, false)
		side := unmanaged.Devices[0].DeviceID
		other := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
		all := connectedIDs(august, schlage, igloo)
		front, back, office := august.Devices[0].DeviceID, august.Devices[1].DeviceID, schlage.Devices[0].DeviceID
		shed := igloo.Devices[0].DeviceID
		bDevice := other.Devices[0].DeviceID
		session := s.clientSession(s.A.APIKey, map[string]any{"connected_account_ids": []string{august.ConnectedAccountID}})
		connectedWebview := s.webviewThatConnected(s.A.WorkspaceID, august.ConnectedAccountID)
		pendingWebview := s.postOK("/connect_webviews/create", s.A.APIKey, nil)["connect_webview"].(map[string]any)["connect_webview_id"].(string)
		var cursor string
		s.run([]apiCase{
			{name: "list by GET", method: http.MethodGet, path: "/devices/list", check: func(t *testing.T, r response) {
				wantDevices("devices", all...)(t, r)
				d := list(t, r, "devices")[0]
				requireFields(t, d, "device_id", "device_type", "space_ids", "display_name", "capabilities_supported",
					"properties", "connected_account_id", "workspace_id", "errors", "warnings", "created_at", "is_managed",
					"custom_metadata", "can_remotely_lock", "can_remotely_unlock", "can_program_online_access_codes")
				p := d["properties"].(map[string]any)
				requireFields(t, p, "online", "name", "appearance", "model", "locked", "battery_level", "battery",
					"supported_code_lengths", "max_active_codes_supported", "manufacturer")
				if d["device_type"] != "august_lock" || d["display_name"] != "Front Door" || d["is_managed"] != true ||
					d["connected_account_id"] != august.ConnectedAccountID || d["workspace_id"] != s.A.WorkspaceID ||
					d["can_remotely_unlock"] != true || p["manufacturer"] != "august" || p["locked"] != true ||
					!slices.Contains(toStrings(d["capabilities_supported"]), "lock") {
					t.Errorf("device = %v", d)
				}
				if m := p["model"].(map[string]any); m["display_name"] != "August Wi-Fi Smart Lock" || m["manufacturer_display_name"] != "August" {
					t.Errorf("model = %v", m)
				}
			}},
			{name: "list by POST", method: http.MethodPost, path: "/devices/list", check: wantDevices("devices", all...)},
			{name: "W_B sees its own", method: http.MethodPost, path: "/devices/list", token: s.B.APIKey, check: wantDevices("devices", connectedIDs(other)...)},
			{name: "by ids", method: http.MethodPost, path: "/devices/list", params: map[string]any{"device_ids": []string{office, front}},
				check: wantDevices("devices", front, office)},
			{name: "by W_B's ids", method: http.MethodPost, path: "/devices/list", params: map[string]any{"device_ids": []string{bDevice}},
				check: wantDevices("devices")},
			{name: "by type", method: http.MethodGet, path: "/devices/list", params: map[string]any{"device_type": "schlage_lock"},
				check: wantDevices("devices", office)},
			{name: "by types", method: http.MethodGet, path: "/devices/list", params: map[string]any{"device_types": []string{"schlage_lock", "igloohome_lock"}},
				check: wantDevices("devices", office, shed)},
			{name: "by manufacturer", method: http.MethodPost, path: "/devices/list", params: map[string]any{"manufacturer": "august"},
				check: wantDevices("devices", front, back)},
			{name: "by account", method: http.MethodPost, path: "/devices/list", params: map[string]any{"connected_account_id": schlage.ConnectedAccountID},
				check: wantDevices("devices", office)},
			{name: "by accounts", method: http.MethodPost, path: "/devices/list",
				params: map[string]any{"connected_account_ids": []string{schlage.ConnectedAccountID, igloo.ConnectedAccountID}},
				check:  wantDevices("devices", office, shed)},
			{name: "include_if", method: http.MethodPost, path: "/devices/list", params: map[string]any{"include_if": []string{"can_program_offline_access_codes"}},
				check: wantDevices("devices", shed)},
			{name: "exclude_if", method: http.MethodPost, path: "/devices/list", params: map[string]any{"exclude_if": []string{"can_remotely_unlock"}},
				check: wantDevices("devices", shed)},
			{name: "custom_metadata_has", method: http.MethodPost, path: "/devices/list", params: map[string]any{"custom_metadata_has": map[string]any{"unit": "12"}},
				check: wantDevices("devices")},
			{name: "custom_metadata_has null", method: http.MethodPost, path: "/devices/list", params: map[string]any{"custom_metadata_has": map[string]any{"unit": nil}},
				check: wantDevices("devices", all...)},
			{name: "created_before the first", method: http.MethodPost, path: "/devices/list", params: map[string]any{"created_before": "2000-01-01T00:00:00.000Z"},
				check: wantDevices("devices")},
			{name: "first page", method: http.MethodPost, path: "/devices/list", params: map[string]any{"limit": 3},
				check: func(t *testing.T, r response) {
					wantDevices("devices", all[:3]...)(t, r)
					pg, _ := r.Body["pagination"].(map[string]any)
					cursor, _ = pg["next_page_cursor"].(string)
					if pg["has_next_page"] != true || cursor == "" {
						t.Errorf("pagination = %v", pg)
					}
				}},
			{name: "by webview", method: http.MethodGet, path: "/devices/list", params: map[string]any{"connect_webview_id": connectedWebview},
				check: wantDevices("devices", front, back)},
			{name: "by a webview still pending", method: http.MethodPost, path: "/devices/list", params: map[string]any{"connect_webview_id": pendingWebview},
				check: wantDevices("devices")},
			{name: "by webview and another account", method: http.MethodPost, path: "/devices/list",
				params: map[string]any{"connect_webview_id": connectedWebview, "connected_account_id": schlage.ConnectedAccountID},
				check:  wantDevices("devices")},
			{name: "by W_B's webview", method: http.MethodPost, path: "/devices/list", token: s.B.APIKey,
				params: map[string]any{"connect_webview_id": connectedWebview}, check: wantDevices("devices")},
			{name: "locks/list by webview", method: http.MethodPost, path: "/locks/list", params: map[string]any{"connect_webview_id": connectedWebview},
				check: wantDevices("locks", front, back)},
			{name: "W_B's account", method: http.MethodPost, path: "/devices/list", params: map[string]any{"connected_account_id": other.ConnectedAccountID},
				status: 404, errType: "connected_account_not_found"},
			{name: "bad type", method: http.MethodPost, path: "/devices/list", params: map[string]any{"device_type": "toaster"},
				status: 400, errType: "invalid_input", field: "device_type"},
			{name: "bad id", method: http.MethodPost, path: "/devices/list", params: map[string]any{"device_ids": []string{"x"}},
				status: 400, errType: "invalid_input", field: "device_ids"},
			{name: "metadata number", method: http.MethodPost, path: "/devices/list", params: map[string]any{"custom_metadata_has": map[string]any{"n": 1}},
				status: 400, errType: "invalid_input", field: "custom_metadata_has"},
			{name: "no token", method: http.MethodPost, path: "/devices/list", token: "-", status: 401, errType: "unauthorized"},

			{name: "get", method: http.MethodPost, path: "/devices/get", params: map[string]any{"device_id": office},
				check: func(t *testing.T, r response) {
					d := obj(t, r, "device")
					p := d["properties"].(map[string]any)
					if d["device_id"] != office || d["device_type"] != "schlage_lock" || p["locked"] != false ||
						len(p["code_constraints"].([]any)) != 1 {
						t.Errorf("device = %v", d)
					}
				}},
			{name: "get by name", method: http.MethodGet, path: "/devices/get", params: map[string]any{"name": "Back Door"},
				check: func(t *testing.T, r response) {
					if d := obj(t, r, "device"); d["device_id"] != back {
						t.Errorf("device = %v", d)
					}
				}},
			{name: "get an unmanaged device", method: http.MethodGet, path: "/devices/get", params: map[string]any{"device_id": side},
				status: 404, errType: "device_not_found"},
			{name: "unmanaged/get", method: http.MethodGet, path: "/devices/unmanaged/get", params: map[string]any{"device_id": side},
				check: func(t *testing.T, r response) {
					if d := obj(t, r, "device"); d["is_managed"] != false || d["device_id"] != side {
						t.Errorf("device = %v", d)
					}
				}},
			{name: "unmanaged/get of a managed device", method: http.MethodGet, path: "/devices/unmanaged/get", params: map[string]any{"device_id": front},
				status: 404, errType: "device_not_found"},
			{name: "unmanaged/list", method: http.MethodPost, path: "/devices/unmanaged/list", check: wantDevices("devices", side)},
			{name: "unmanaged/list of W_B", method: http.MethodPost, path: "/devices/unmanaged/list", token: s.B.APIKey, check: wantDevices("devices")},
			{name: "unmanaged/list by a managed account", method: http.MethodPost, path: "/devices/unmanaged/list",
				params: map[string]any{"connected_account_id": august.ConnectedAccountID}, check: wantDevices("devices")},
			{name: "get W_B's", method: http.MethodPost, path: "/devices/get", params: map[string]any{"device_id": bDevice},
				status: 404, errType: "device_not_found"},
			{name: "get unknown", method: http.MethodPost, path: "/devices/get", params: map[string]any{"device_id": lintel.NewID()},
				status: 404, errType: "device_not_found"},
			{name: "get without id", method: http.MethodPost, path: "/devices/get", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "device_id"},

			{name: "locks/list", method: http.MethodGet, path: "/locks/list", check: func(t *testing.T, r response) {
				wantDevices("devices", all...)(t, r)
				wantDevices("locks", all...)(t, r) // Seam answers with both keys
			}},
			{name: "locks/list by account", method: http.MethodPost, path: "/locks/list", params: map[string]any{"connected_account_id": august.ConnectedAccountID},
				check: wantDevices("devices", front, back)},
			{name: "locks/list by W_B's account", method: http.MethodPost, path: "/locks/list", params: map[string]any{"connected_account_id": other.ConnectedAccountID},
				status: 404, errType: "connected_account_not_found"},
			{name: "locks/list by type", method: http.MethodPost, path: "/locks/list", params: map[string]any{"device_types": []string{"igloohome_lock"}},
				check: wantDevices("devices", shed)},
			{name: "locks/list not a lock type", method: http.MethodPost, path: "/locks/list", params: map[string]any{"device_type": "ecobee_thermostat"},
				status: 400, errType: "invalid_input", field: "device_type"},
			{name: "locks/get", method: http.MethodPost, path: "/locks/get", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					if d, l := obj(t, r, "device"), obj(t, r, "lock"); d["device_id"] != front || l["device_id"] != front {
						t.Errorf("device = %v, lock = %v", d, l)
					}
				}},
			{name: "locks/get W_B's", method: http.MethodGet, path: "/locks/get", params: map[string]any{"device_id": bDevice},
				status: 404, errType: "device_not_found"},

			{name: "events of a device", method: http.MethodPost, path: "/events/list",
				params: map[string]any{"since": "2000-01-01T00:00:00.000Z", "device_ids": []string{front}},
				check: func(t *testing.T, r response) {
					events := list(t, r, "events")
					if len(events) != 1 || events[0]["event_type"] != "device.connected" || events[0]["device_id"] != front ||
						events[0]["connected_account_id"] != august.ConnectedAccountID {
						t.Errorf("events = %v", events)
					}
				}},
			{name: "newest event of a device", method: http.MethodGet, path: "/events/get", params: map[string]any{"device_id": office},
				check: func(t *testing.T, r response) {
					if e := obj(t, r, "event"); e["event_type"] != "device.connected" || e["device_id"] != office {
						t.Errorf("event = %v", e)
					}
				}},
			{name: "W_B's device's events", method: http.MethodPost, path: "/events/list",
				params: map[string]any{"since": "2000-01-01T00:00:00.000Z", "device_id": bDevice}, check: func(t *testing.T, r response) {
					if events := list(t, r, "events"); len(events) != 0 {
						t.Errorf("events = %v", events)
					}
				}},
			{name: "client session lists its accounts' devices", method: http.MethodPost, path: "/devices/list", token: session,
				check: wantDevices("devices", front, back)},
			{name: "client session filters by another account", method: http.MethodPost, path: "/devices/list", token: session,
				params: map[string]any{"connected_account_id": schlage.ConnectedAccountID}, status: 404, errType: "connected_account_not_found"},
			{name: "client session gets another account's device", method: http.MethodPost, path: "/devices/get", token: session,
				params: map[string]any{"device_id": office}, status: 404, errType: "device_not_found"},
			{name: "client session's locks", method: http.MethodPost, path: "/locks/list", token: session,
				check: wantDevices("devices", front, back)},
		})
		s.run([]apiCase{{name: "next page", method: http.MethodPost, path: "/devices/list",
			params: map[string]any{"limit": 3, "page_cursor": cursor}, check: func(t *testing.T, r response) {
				wantDevices("devices", all[3:]...)(t, r)
				if pg, _ := r.Body["pagination"].(map[string]any); pg["has_next_page"] != false {
					t.Errorf("pagination = %v", pg)
				}
			}}})
	})
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
