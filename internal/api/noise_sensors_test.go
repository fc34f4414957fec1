package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// thresholdFields are the noise threshold's required fields, from the spec.
var thresholdFields = []string{"noise_threshold_id", "device_id", "name", "starts_daily_at", "ends_daily_at",
	"noise_threshold_decibels"}

// createThreshold adds a threshold through the API and returns its id.
func (s *testServer) createThreshold(token string, params map[string]any) string {
	s.t.Helper()
	r := s.call(http.MethodPost, "/noise_sensors/noise_thresholds/create", token, params)
	s.ok(r)
	return obj(s.t, r, "noise_threshold")["noise_threshold_id"].(string)
}

// triggered returns the noise_threshold_id of every
// noise_sensor.noise_threshold_triggered event of a device, oldest first.
func (s *testServer) triggered(t *testing.T, deviceID string) []string {
	t.Helper()
	r := s.call(http.MethodGet, "/events/list", s.A.APIKey, map[string]any{"since": "2000-01-01T00:00:00Z",
		"device_id": deviceID, "event_type": "noise_sensor.noise_threshold_triggered"})
	s.ok(r)
	var out []string
	for _, e := range list(t, r, "events") {
		requireFields(t, e, "event_id", "workspace_id", "created_at", "occurred_at", "device_id", "connected_account_id", "event_type")
		if e["noise_level_decibels"] == nil {
			t.Errorf("event without noise_level_decibels: %v", e)
		}
		out = append(out, e["noise_threshold_id"].(string))
	}
	slices.Reverse(out)
	return out
}

func TestNoiseSensors(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		minut := s.connect(s.A.WorkspaceID, "minut", provider.JaneEmail, true)
		noiseaware := s.connect(s.A.WorkspaceID, "noiseaware", provider.JohnEmail, true)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		minutB := s.connect(s.B.WorkspaceID, "minut", provider.JaneEmail, true)
		living, bedroom := minut.Devices[0].DeviceID, minut.Devices[1].DeviceID
		lounge := noiseaware.Devices[0].DeviceID
		lock := august.Devices[0].DeviceID
		sensorB := minutB.Devices[0].DeviceID
		sensors := connectedIDs(minut, noiseaware)

		s.run([]apiCase{
			{name: "list the noise sensors", method: http.MethodGet, path: "/noise_sensors/list", params: map[string]any{},
				check: func(t *testing.T, r response) {
					wantDevices("devices", sensors...)(t, r)
					wantDevices("noise_sensors", sensors...)(t, r)
					for _, d := range list(t, r, "devices") {
						props := d["properties"].(map[string]any)
						if !slices.Contains(d["capabilities_supported"].([]any), any("noise_detection")) || props["locked"] != nil {
							t.Errorf("noise sensor %v", d)
						}
					}
				}},
			{name: "by device type", method: http.MethodGet, path: "/noise_sensors/list", params: map[string]any{"device_type": "minut_sensor"},
				check: wantDevices("devices", living, bedroom)},
			{name: "by manufacturer", method: http.MethodPost, path: "/noise_sensors/list", params: map[string]any{"manufacturer": "noiseaware"},
				check: wantDevices("devices", connectedIDs(noiseaware)...)},
			{name: "by connected account", method: http.MethodPost, path: "/noise_sensors/list",
				params: map[string]any{"connected_account_id": minut.ConnectedAccountID}, check: wantDevices("devices", living, bedroom)},
			{name: "another workspace's", method: http.MethodGet, path: "/noise_sensors/list", token: s.B.APIKey, params: map[string]any{},
				check: wantDevices("devices", connectedIDs(minutB)...)},
			{name: "a lock type is refused", method: http.MethodGet, path: "/noise_sensors/list", params: map[string]any{"device_type": "august_lock"},
				status: 400, errType: "invalid_input", field: "device_type"},
			{name: "locks/list leaves the sensors out", method: http.MethodGet, path: "/locks/list", params: map[string]any{},
				check: wantDevices("devices", connectedIDs(august)...)},
		})

		// Each sensor comes with its brand's built-in quiet and normal hours.
		builtins := map[string][]string{}
		for _, d := range []string{living, bedroom, lounge} {
			r := s.call(http.MethodGet, "/noise_sensors/noise_thresholds/list", s.A.APIKey, map[string]any{"device_id": d})
			s.ok(r)
			got := list(t, r, "noise_thresholds")
			if names := ids(got, "name"); !slices.Equal(names, []string{"builtin_quiet_hours", "builtin_normal_hours"}) {
				t.Fatalf("built-in thresholds of %s: %v", d, names)
			}
			builtins[d] = ids(got, "noise_threshold_id")
		}
		if n := obj(t, s.call(http.MethodGet, "/noise_sensors/noise_thresholds/get", s.A.APIKey,
			map[string]any{"noise_threshold_id": builtins[lounge][1]}), "noise_threshold"); n["noise_threshold_nrs"] != 70.0 {
			t.Errorf("NoiseAware's built-in normal hours: %v", n)
		}

		var quiet, day, zone string
		s.run([]apiCase{
			{name: "create quiet hours", method: http.MethodPost, path: "/noise_sensors/noise_thresholds/create",
				params: map[string]any{"device_id": living, "name": "builtin_quiet_hours", "starts_daily_at": "22:00:00[America/Los_Angeles]",
					"ends_daily_at": "07:00:00[America/Los_Angeles]", "noise_threshold_decibels": 60},
				check: func(t *testing.T, r response) {
					n := obj(t, r, "noise_threshold")
					requireFields(t, n, thresholdFields...)
					quiet = n["noise_threshold_id"].(string)
					if n["device_id"] != living || n["noise_threshold_decibels"] != 60.0 || n["name"] != "builtin_quiet_hours" {
						t.Errorf("noise_threshold = %v", n)
					}
					a := obj(t, r, "action_attempt")
					if a["action_type"] != "CREATE_NOISE_THRESHOLD" || a["status"] != "success" {
						t.Errorf("action_attempt = %v", a)
					}
				}},
			{name: "create day hours without a name", method: http.MethodPost, path: "/noise_sensors/noise_thresholds/create",
				params: map[string]any{"device_id": living, "starts_daily_at": "07:00:00[America/Los_Angeles]",
					"ends_daily_at": "22:00:00[America/Los_Angeles]", "noise_threshold_decibels": 70},
				check: func(t *testing.T, r response) {
					n := obj(t, r, "noise_threshold")
					day = n["noise_threshold_id"].(string)
					if n["name"] == "" {
						t.Errorf("no name: %v", n)
					}
				}},
			{name: "create on a NoiseAware sensor in NRS alone", method: http.MethodPost, path: "/noise_sensors/noise_thresholds/create",
				params: map[string]any{"device_id": lounge, "starts_daily_at": "00:00", "ends_daily_at": "00:00", "noise_threshold_nrs": 40},
				check: func(t *testing.T, r response) {
					n := obj(t, r, "noise_threshold")
					zone = n["noise_threshold_id"].(string)
					if n["noise_threshold_nrs"] != 40.0 || n["noise_threshold_decibels"] != 60.0 {
						t.Errorf("noise_threshold = %v", n)
					}
				}},
		})
		before := storetest.WorkspaceRows(t, st, s.A.WorkspaceID)
		create := "/noise_sensors/noise_thresholds/create"
		s.run([]apiCase{
			{name: "without starts_daily_at", method: http.MethodPost, path: create,
				params: map[string]any{"device_id": living, "ends_daily_at": "07:00", "noise_threshold_decibels": 60},
				status: 400, errType: "invalid_input", field: "starts_daily_at"},
			{name: "a time of day past 23:59", method: http.MethodPost, path: create,
				params: map[string]any{"device_id": living, "starts_daily_at": "25:00", "ends_daily_at": "07:00", "noise_threshold_decibels": 60},
				status: 400, errType: "invalid_input", field: "starts_daily_at"},
			{name: "an unknown time zone", method: http.MethodPost, path: create,
				params: map[string]any{"device_id": living, "starts_daily_at": "22:00", "ends_daily_at": "07:00[Mars/Olympus]", "noise_threshold_decibels": 60},
				status: 400, errType: "invalid_input", field: "ends_daily_at"},
			{name: "two time zones", method: http.MethodPost, path: create,
				params: map[string]any{"device_id": living, "starts_daily_at": "22:00[Europe/Paris]", "ends_daily_at": "07:00", "noise_threshold_decibels": 60},
				status: 400, errType: "invalid_input", field: "ends_daily_at"},
			{name: "no level", method: http.MethodPost, path: create,
				params: map[string]any{"device_id": living, "starts_daily_at": "22:00", "ends_daily_at": "07:00"},
				status: 400, errType: "invalid_input", field: "noise_threshold_decibels"},
			{name: "a level of 0 dB", method: http.MethodPost, path: create,
				params: map[string]any{"device_id": living, "starts_daily_at": "22:00", "ends_daily_at": "07:00", "noise_threshold_decibels": 0},
				status: 400, errType: "invalid_input", field: "noise_threshold_decibels"},
			{name: "NRS on a Minut sensor", method: http.MethodPost, path: create,
				params: map[string]any{"device_id": living, "starts_daily_at": "22:00", "ends_daily_at": "07:00", "noise_threshold_nrs": 30},
				status: 400, errType: "invalid_input", field: "noise_threshold_nrs"},
			{name: "on a lock", method: http.MethodPost, path: create,
				params: map[string]any{"device_id": lock, "starts_daily_at": "22:00", "ends_daily_at": "07:00", "noise_threshold_decibels": 60},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "on another workspace's sensor", method: http.MethodPost, path: create,
				params: map[string]any{"device_id": sensorB, "starts_daily_at": "22:00", "ends_daily_at": "07:00", "noise_threshold_decibels": 60},
				status: 404, errType: "device_not_found"},
			{name: "update with a bad time", method: http.MethodPatch, path: "/noise_sensors/noise_thresholds/update",
				params: map[string]any{"noise_threshold_id": quiet, "device_id": living, "starts_daily_at": "noon"},
				status: 400, errType: "invalid_input", field: "starts_daily_at"},
			{name: "update through another sensor", method: http.MethodPatch, path: "/noise_sensors/noise_thresholds/update",
				params: map[string]any{"noise_threshold_id": quiet, "device_id": bedroom, "name": "x"},
				status: 404, errType: "noise_threshold_not_found"},
			{name: "update from another workspace", method: http.MethodPut, path: "/noise_sensors/noise_thresholds/update", token: s.B.APIKey,
				params: map[string]any{"noise_threshold_id": quiet, "device_id": living, "name": "x"},
				status: 404, errType: "noise_threshold_not_found"},
			{name: "delete from another workspace", method: http.MethodDelete, path: "/noise_sensors/noise_thresholds/delete", token: s.B.APIKey,
				params: map[string]any{"noise_threshold_id": quiet, "device_id": living}, status: 404, errType: "noise_threshold_not_found"},
		})
		if diff := storetest.DiffRows(before, storetest.WorkspaceRows(t, st, s.A.WorkspaceID)); diff != "" {
			t.Errorf("refused calls changed workspace A: %s", diff)
		}

		s.run([]apiCase{
			{name: "get", method: http.MethodGet, path: "/noise_sensors/noise_thresholds/get", params: map[string]any{"noise_threshold_id": quiet},
				check: func(t *testing.T, r response) {
					if n := obj(t, r, "noise_threshold"); n["starts_daily_at"] != "22:00:00[America/Los_Angeles]" {
						t.Errorf("noise_threshold = %v", n)
					}
				}},
			{name: "get from another workspace", method: http.MethodGet, path: "/noise_sensors/noise_thresholds/get", token: s.B.APIKey,
				params: map[string]any{"noise_threshold_id": quiet}, status: 404, errType: "noise_threshold_not_found"},
			{name: "list", method: http.MethodGet, path: "/noise_sensors/noise_thresholds/list", params: map[string]any{"device_id": living},
				check: func(t *testing.T, r response) {
					want := append(slices.Clone(builtins[living]), quiet, day)
					if got := ids(list(t, r, "noise_thresholds"), "noise_threshold_id"); !slices.Equal(got, want) {
						t.Errorf("noise_thresholds = %v", got)
					}
				}},
			{name: "list another sensor's", method: http.MethodGet, path: "/noise_sensors/noise_thresholds/list", params: map[string]any{"device_id": bedroom},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "noise_thresholds"), "noise_threshold_id"); !slices.Equal(got, builtins[bedroom]) {
						t.Errorf("noise_thresholds = %v", got)
					}
				}},
			{name: "list without a device", method: http.MethodGet, path: "/noise_sensors/noise_thresholds/list", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "update the level", method: http.MethodPatch, path: "/noise_sensors/noise_thresholds/update",
				params: map[string]any{"noise_threshold_id": quiet, "device_id": living, "noise_threshold_decibels": 55},
				check: func(t *testing.T, r response) {
					if a := obj(t, r, "action_attempt"); a["action_type"] != "UPDATE_NOISE_THRESHOLD" || a["status"] != "success" {
						t.Errorf("action_attempt = %v", a)
					}
				}},
			{name: "the level changed, the hours stayed", method: http.MethodGet, path: "/noise_sensors/noise_thresholds/get",
				params: map[string]any{"noise_threshold_id": quiet},
				check: func(t *testing.T, r response) {
					n := obj(t, r, "noise_threshold")
					if n["noise_threshold_decibels"] != 55.0 || n["ends_daily_at"] != "07:00:00[America/Los_Angeles]" || n["name"] != "builtin_quiet_hours" {
						t.Errorf("noise_threshold = %v", n)
					}
				}},
		})

		// A disturbance triggers the thresholds in force at that hour
		// (the clock is the domain's, injected).
		// At 08:00 UTC the built-in normal hours (07:00 to 22:00 UTC) are in
		// force, and it is midnight in Los Angeles: quiet hours.
		clock := time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC)
		s.app.Noise.SetClock(func() time.Time { return clock })
		trigger := func(name, device string) apiCase {
			return apiCase{name: name, method: http.MethodPost, path: "/noise_sensors/simulate/trigger_noise_threshold",
				params: map[string]any{"device_id": device}}
		}
		s.run([]apiCase{trigger("at midnight in Los Angeles", living), trigger("on a sensor with its built-in thresholds", bedroom),
			trigger("on the NoiseAware sensor", lounge)})
		clock = time.Date(2026, 1, 15, 20, 0, 0, 0, time.UTC) // noon in Los Angeles: the day's threshold
		s.run([]apiCase{trigger("at noon in Los Angeles", living),
			{name: "trigger on a lock", method: http.MethodPost, path: "/noise_sensors/simulate/trigger_noise_threshold",
				params: map[string]any{"device_id": lock}, status: 400, errType: "invalid_input", field: "device_id"},
			{name: "trigger on another workspace's sensor", method: http.MethodPost, path: "/noise_sensors/simulate/trigger_noise_threshold",
				token: s.B.APIKey, params: map[string]any{"device_id": living}, status: 404, errType: "device_not_found"},
		})
		normal := func(d string) string { return builtins[d][1] }
		if got, want := s.triggered(t, living), []string{normal(living), quiet, normal(living), day}; !slices.Equal(got, want) {
			t.Errorf("triggered thresholds of the living room = %v, want %v (normal hours and LA quiet hours, then normal hours and LA day)", got, want)
		}
		if got, want := s.triggered(t, bedroom), []string{normal(bedroom)}; !slices.Equal(got, want) {
			t.Errorf("triggered thresholds of the bedroom = %v, want %v", got, want)
		}
		if got, want := s.triggered(t, lounge), []string{normal(lounge), zone}; !slices.Equal(got, want) {
			t.Errorf("triggered thresholds of the lounge = %v, want %v", got, want)
		}

		s.run([]apiCase{
			{name: "delete", method: http.MethodDelete, path: "/noise_sensors/noise_thresholds/delete",
				params: map[string]any{"noise_threshold_id": day, "device_id": living},
				check: func(t *testing.T, r response) {
					if a := obj(t, r, "action_attempt"); a["action_type"] != "DELETE_NOISE_THRESHOLD" {
						t.Errorf("action_attempt = %v", a)
					}
				}},
			{name: "deleted", method: http.MethodGet, path: "/noise_sensors/noise_thresholds/get", params: map[string]any{"noise_threshold_id": day},
				status: 404, errType: "noise_threshold_not_found"},
			{name: "delete again", method: http.MethodPost, path: "/noise_sensors/noise_thresholds/delete",
				params: map[string]any{"noise_threshold_id": day, "device_id": living}, status: 404, errType: "noise_threshold_not_found"},
			{name: "delete an unknown threshold", method: http.MethodPost, path: "/noise_sensors/noise_thresholds/delete",
				params: map[string]any{"noise_threshold_id": lintel.NewID(), "device_id": living}, status: 404, errType: "noise_threshold_not_found"},
		})
	})
}

// noiseCrossCases put A's sensor and threshold in every id parameter of the
// noise sensor routes.
func noiseCrossCases(s *testServer) []crossCase {
	aSensor := s.connect(s.A.WorkspaceID, "minut", provider.JaneEmail, true).Devices[0].DeviceID
	bSensor := s.connect(s.B.WorkspaceID, "minut", provider.JaneEmail, true).Devices[0].DeviceID
	aAccount := s.connect(s.A.WorkspaceID, "noiseaware", provider.JaneEmail, true).ConnectedAccountID
	level := map[string]any{"starts_daily_at": "22:00", "ends_daily_at": "07:00", "noise_threshold_decibels": 60}
	aThreshold := s.createThreshold(s.A.APIKey, with(level, "device_id", aSensor))
	bThreshold := s.createThreshold(s.B.APIKey, with(level, "device_id", bSensor))
	return []crossCase{
		{"/noise_sensors/list", "connected_account_id", one("connected_account_id"), aAccount, "connected_account_not_found"},
		{"/noise_sensors/noise_thresholds/create", "device_id", func(id string) map[string]any {
			return with(level, "device_id", id)
		}, aSensor, "device_not_found"},
		{"/noise_sensors/noise_thresholds/get", "noise_threshold_id", one("noise_threshold_id"), aThreshold, "noise_threshold_not_found"},
		{"/noise_sensors/noise_thresholds/list", "device_id", one("device_id"), aSensor, "device_not_found"},
		{"/noise_sensors/noise_thresholds/update", "noise_threshold_id", func(id string) map[string]any {
			return map[string]any{"noise_threshold_id": id, "device_id": bSensor, "name": "B"}
		}, aThreshold, "noise_threshold_not_found"},
		{"/noise_sensors/noise_thresholds/delete", "device_id", func(id string) map[string]any {
			return map[string]any{"noise_threshold_id": bThreshold, "device_id": id}
		}, aSensor, "noise_threshold_not_found"},
		{"/noise_sensors/simulate/trigger_noise_threshold", "device_id", one("device_id"), aSensor, "device_not_found"},
	}
}

// with returns a copy of params with one more parameter.
func with(params map[string]any, key string, value any) map[string]any {
	out := map[string]any{key: value}
	for k, v := range params {
		out[k] = v
	}
	return out
}
