package api_test

import (
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestDevicesReportProviderMetadata(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		schlage := s.connect(s.A.WorkspaceID, "schlage", provider.JaneEmail, true).Devices[0].DeviceID
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true).Devices[0].DeviceID
		bDevice := s.connect(s.B.WorkspaceID, "schlage", provider.JaneEmail, true).Devices[0].DeviceID
		session := s.clientSession(s.A.APIKey, map[string]any{"user_identifier_key": "guest"})
		report := func(entries ...map[string]any) map[string]any { return map[string]any{"devices": entries} }
		zone := func(deviceID, field string, tz any) map[string]any {
			return map[string]any{"device_id": deviceID, field: map[string]any{"time_zone": tz}}
		}
		// wantZone checks the time zone a device shows, through devices/get
		// and devices/list ("" for none).
		wantZone := func(token, deviceID, want string) func(t *testing.T, r response) {
			return func(t *testing.T, r response) {
				t.Helper()
				for _, path := range []string{"/devices/get", "/locks/get"} {
					got := s.call(http.MethodPost, path, token, map[string]any{"device_id": deviceID})
					s.ok(got)
					loc, _ := obj(t, got, "device")["location"].(map[string]any)
					if tz, _ := loc["time_zone"].(string); tz != want {
						t.Errorf("%s: location = %v, want time_zone %q", path, loc, want)
					}
				}
			}
		}
		s.run([]apiCase{
			{name: "no zone before a report", method: http.MethodPost, path: "/devices/get", params: map[string]any{"device_id": schlage},
				check: wantZone(s.A.APIKey, schlage, "")},
			{name: "report a Schlage lock's zone", method: http.MethodPost, path: "/devices/report_provider_metadata",
				params: report(zone(schlage, "schlage_metadata", "Europe/Paris")), check: wantZone(s.A.APIKey, schlage, "Europe/Paris")},
			{name: "a second report replaces it", method: http.MethodPost, path: "/devices/report_provider_metadata",
				params: report(zone(schlage, "schlage_metadata", "America/New_York")), check: func(t *testing.T, r response) {
					wantZone(s.A.APIKey, schlage, "America/New_York")(t, r)
					listed := s.call(http.MethodPost, "/devices/list", s.A.APIKey, map[string]any{"device_ids": []string{schlage, august}})
					ds := list(t, listed, "devices")
					if len(ds) != 2 || ds[1]["location"] != nil || ds[0]["location"].(map[string]any)["time_zone"] != "America/New_York" {
						t.Errorf("devices/list = %v", ds)
					}
				}},
			{name: "a device without metadata changes nothing", method: http.MethodPost, path: "/devices/report_provider_metadata",
				params: report(map[string]any{"device_id": august}), check: wantZone(s.A.APIKey, august, "")},
			{name: "no devices", method: http.MethodPost, path: "/devices/report_provider_metadata", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "devices"},
			{name: "an empty list", method: http.MethodPost, path: "/devices/report_provider_metadata", params: report(),
				status: 400, errType: "invalid_input", field: "devices"},
			{name: "not a list", method: http.MethodPost, path: "/devices/report_provider_metadata", params: map[string]any{"devices": "x"},
				status: 400, errType: "invalid_input", field: "devices"},
			{name: "not a uuid", method: http.MethodPost, path: "/devices/report_provider_metadata",
				params: report(zone("nope", "schlage_metadata", "UTC")), status: 400, errType: "invalid_input", field: "devices.0.device_id"},
			{name: "an unknown zone", method: http.MethodPost, path: "/devices/report_provider_metadata",
				params: report(zone(schlage, "schlage_metadata", "Mars/Olympus")), status: 400, errType: "invalid_input",
				field: "devices.0.schlage_metadata.time_zone"},
			{name: "the server's local zone", method: http.MethodPost, path: "/devices/report_provider_metadata",
				params: report(zone(schlage, "schlage_metadata", "Local")), status: 400, errType: "invalid_input",
				field: "devices.0.schlage_metadata.time_zone"},
			{name: "no time_zone", method: http.MethodPost, path: "/devices/report_provider_metadata",
				params: report(map[string]any{"device_id": schlage, "schlage_metadata": map[string]any{}}), status: 400,
				errType: "invalid_input", field: "devices.0.schlage_metadata.time_zone"},
			{name: "two brands", method: http.MethodPost, path: "/devices/report_provider_metadata",
				params: report(map[string]any{"device_id": schlage, "schlage_metadata": map[string]any{"time_zone": "UTC"},
					"ultraloq_metadata": map[string]any{"time_zone": "UTC"}}), status: 400, errType: "invalid_input",
				field: "devices.0.ultraloq_metadata"},
			{name: "another brand's metadata, after a good entry: nothing is recorded", method: http.MethodPost,
				path:   "/devices/report_provider_metadata",
				params: report(zone(schlage, "schlage_metadata", "Asia/Tokyo"), zone(august, "schlage_metadata", "Asia/Tokyo")),
				status: 400, errType: "invalid_input", field: "devices.1.schlage_metadata"},
			{name: "the good entry was not recorded", method: http.MethodPost, path: "/devices/get", params: map[string]any{"device_id": schlage},
				check: wantZone(s.A.APIKey, schlage, "America/New_York")},
			{name: "W_B reports on W_A's device", method: http.MethodPost, path: "/devices/report_provider_metadata", token: s.B.APIKey,
				params: report(zone(schlage, "schlage_metadata", "Asia/Tokyo")), status: 404, errType: "device_not_found"},
			{name: "W_A reports on W_B's device among its own", method: http.MethodPost, path: "/devices/report_provider_metadata",
				params: report(zone(schlage, "schlage_metadata", "Asia/Tokyo"), zone(bDevice, "schlage_metadata", "Asia/Tokyo")),
				status: 404, errType: "device_not_found"},
			{name: "neither changed", method: http.MethodPost, path: "/devices/get", params: map[string]any{"device_id": schlage},
				check: func(t *testing.T, r response) {
					wantZone(s.A.APIKey, schlage, "America/New_York")(t, r)
					wantZone(s.B.APIKey, bDevice, "")(t, r)
				}},
			{name: "a client session may not", method: http.MethodPost, path: "/devices/report_provider_metadata", token: session,
				params: report(zone(schlage, "schlage_metadata", "UTC")), status: 401, errType: "unauthorized"},
		})
	})
}
