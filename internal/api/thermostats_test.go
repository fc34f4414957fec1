package api_test

import (
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// climate returns the current climate setting of a thermostat as
// thermostats/get shows it.
func (s *testServer) climate(deviceID string) map[string]any {
	s.t.Helper()
	r := s.call(http.MethodGet, "/thermostats/get", s.A.APIKey, map[string]any{"device_id": deviceID})
	s.ok(r)
	props := obj(s.t, r, "thermostat")["properties"].(map[string]any)
	return props
}

// wantThermostatAttempt checks an action attempt of a type and status.
func wantThermostatAttempt(actionType, status string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		a := obj(t, r, "action_attempt")
		if a["action_type"] != actionType || a["status"] != status {
			t.Errorf("action attempt %v, want %s %s", a, actionType, status)
		}
	}
}

// setting is what a thermostat's current climate setting says of its mode
// and set points.
func setting(t *testing.T, props map[string]any) (mode string, heat, cool any) {
	t.Helper()
	c, ok := props["current_climate_setting"].(map[string]any)
	if !ok {
		t.Fatalf("no current_climate_setting in %v", props)
	}
	mode, _ = c["hvac_mode_setting"].(string)
	return mode, c["heating_set_point_celsius"], c["cooling_set_point_celsius"]
}

func TestThermostats(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		ecobee := s.connect(s.A.WorkspaceID, "ecobee", provider.JaneEmail, true)
		nest := s.connect(s.A.WorkspaceID, "nest", provider.JaneEmail, true)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		eco, eco2, nst := ecobee.Devices[0].DeviceID, ecobee.Devices[1].DeviceID, nest.Devices[0].DeviceID
		lock := august.Devices[0].DeviceID
		byDevice := map[string]any{"device_id": eco}
		events := func(eventType string) int {
			return s.events(s.A.WorkspaceID, eventType, store.EventFilter{DeviceIDs: []string{eco}})
		}
		wantSetting := func(mode string, heat, cool any) func(t *testing.T, r response) {
			return func(t *testing.T, _ response) {
				t.Helper()
				gotMode, gotHeat, gotCool := setting(t, s.climate(eco))
				if gotMode != mode || gotHeat != heat || gotCool != cool {
					t.Errorf("climate %s %v %v, want %s %v %v", gotMode, gotHeat, gotCool, mode, heat, cool)
				}
			}
		}
		s.run([]apiCase{
			{name: "list", method: http.MethodGet, path: "/thermostats/list", check: func(t *testing.T, r response) {
				wantDevices("devices", eco, eco2, nst)(t, r)
				wantDevices("thermostats", eco, eco2, nst)(t, r)
			}},
			{name: "list by type", method: http.MethodPost, path: "/thermostats/list",
				params: map[string]any{"device_type": "nest_thermostat"}, check: wantDevices("devices", nst)},
			{name: "list a type that is not a thermostat's", method: http.MethodPost, path: "/thermostats/list",
				params: map[string]any{"device_type": "august_lock"}, errType: "invalid_input", status: 400, field: "device_type"},
			{name: "get", method: http.MethodGet, path: "/thermostats/get", params: byDevice, check: func(t *testing.T, r response) {
				d := obj(t, r, "thermostat")
				requireFields(t, d, "device_id", "device_type", "capabilities_supported", "properties", "errors", "warnings")
				if d["can_hvac_heat_cool"] != true || d["can_turn_off_hvac"] != true || d["can_run_thermostat_programs"] != true {
					t.Errorf("capabilities: %v", d)
				}
				p := d["properties"].(map[string]any)
				if p["temperature_celsius"] != 21.5 || p["temperature_fahrenheit"] != 70.7 {
					t.Errorf("temperature %v °C, %v °F; want 21.5, 70.7", p["temperature_celsius"], p["temperature_fahrenheit"])
				}
				if p["min_heating_cooling_delta_celsius"] != 2.5 || p["min_heating_cooling_delta_fahrenheit"] != 4.5 {
					t.Errorf("deadband %v °C, %v °F", p["min_heating_cooling_delta_celsius"], p["min_heating_cooling_delta_fahrenheit"])
				}
				if got := toStrings(p["available_hvac_mode_settings"]); len(got) != 4 {
					t.Errorf("available_hvac_mode_settings %v", got)
				}
				if presets := p["available_climate_presets"].([]any); len(presets) != 3 {
					t.Errorf("available_climate_presets %v", presets)
				}
				c := p["current_climate_setting"].(map[string]any)
				if c["hvac_mode_setting"] != "heat_cool" || c["heating_set_point_fahrenheit"] != 68.0 || c["cooling_set_point_fahrenheit"] != 77.0 {
					t.Errorf("current_climate_setting %v", c)
				}
			}},
			{name: "get by name", method: http.MethodPost, path: "/thermostats/get", params: map[string]any{"name": "Upstairs"},
				check: func(t *testing.T, r response) {
					if obj(t, r, "thermostat")["device_id"] != eco2 {
						t.Errorf("got %v", r.Body)
					}
				}},
			{name: "get a lock", method: http.MethodGet, path: "/thermostats/get", params: map[string]any{"device_id": lock},
				status: 404, errType: "device_not_found"},
			{name: "devices/get shows the thermostat's properties", method: http.MethodGet, path: "/devices/get", params: byDevice,
				check: func(t *testing.T, r response) {
					p := obj(t, r, "device")["properties"].(map[string]any)
					if _, ok := p["current_climate_setting"]; !ok {
						t.Errorf("no climate in %v", p)
					}
				}},

			// Modes and set points.
			{name: "heat at 22 °C", method: http.MethodPost, path: "/thermostats/heat",
				params: map[string]any{"device_id": eco, "heating_set_point_celsius": 22},
				check: func(t *testing.T, r response) {
					wantThermostatAttempt("SET_HVAC_MODE", "success")(t, r)
					wantSetting("heat", 22.0, nil)(t, r)
					if n := events("thermostat.manually_adjusted"); n != 1 {
						t.Errorf("%d thermostat.manually_adjusted, want 1", n)
					}
				}},
			{name: "heat at 70 °F", method: http.MethodPost, path: "/thermostats/heat",
				params: map[string]any{"device_id": eco, "heating_set_point_fahrenheit": 70}, check: wantSetting("heat", 21.1, nil)},
			{name: "heat above the model's bound", method: http.MethodPost, path: "/thermostats/heat",
				params: map[string]any{"device_id": eco, "heating_set_point_celsius": 30}, status: 400, errType: "invalid_input",
				field: "heating_set_point_celsius"},
			{name: "heat with disagreeing units", method: http.MethodPost, path: "/thermostats/heat",
				params: map[string]any{"device_id": eco, "heating_set_point_celsius": 20, "heating_set_point_fahrenheit": 75},
				status: 400, errType: "invalid_input", field: "heating_set_point_fahrenheit"},
			{name: "nothing changed by refused requests", method: http.MethodGet, path: "/thermostats/get", params: byDevice,
				check: wantSetting("heat", 21.1, nil)},
			{name: "heat_cool inside the deadband", method: http.MethodPost, path: "/thermostats/heat_cool",
				params: map[string]any{"device_id": eco, "heating_set_point_celsius": 21, "cooling_set_point_celsius": 22},
				status: 400, errType: "invalid_input", field: "cooling_set_point_celsius"},
			{name: "heat_cool", method: http.MethodPost, path: "/thermostats/heat_cool",
				params: map[string]any{"device_id": eco, "heating_set_point_celsius": 20, "cooling_set_point_celsius": 24},
				check:  wantSetting("heat_cool", 20.0, 24.0)},
			{name: "cool keeps the cooling set point", method: http.MethodPost, path: "/thermostats/cool", params: byDevice,
				check: wantSetting("cool", nil, 24.0)},
			{name: "set_hvac_mode to a mode the model lacks", method: http.MethodPost, path: "/thermostats/set_hvac_mode",
				params: map[string]any{"device_id": eco, "hvac_mode_setting": "eco"}, status: 400, errType: "invalid_input",
				field: "hvac_mode_setting"},
			{name: "set_hvac_mode eco on a Nest", method: http.MethodPost, path: "/thermostats/set_hvac_mode",
				params: map[string]any{"device_id": nst, "hvac_mode_setting": "eco"}, check: wantThermostatAttempt("SET_HVAC_MODE", "success")},
			{name: "set_hvac_mode heat", method: http.MethodPost, path: "/thermostats/set_hvac_mode",
				params: map[string]any{"device_id": eco, "hvac_mode_setting": "heat", "heating_set_point_celsius": 19.5},
				check:  wantSetting("heat", 19.5, nil)},
			{name: "off", method: http.MethodPost, path: "/thermostats/off", params: byDevice, check: wantSetting("off", nil, nil)},
			{name: "heat on a lock", method: http.MethodPost, path: "/thermostats/heat", params: map[string]any{"device_id": lock},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "heat without a device", method: http.MethodPost, path: "/thermostats/heat", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "device_id"},

			// The fan.
			{name: "set_fan_mode on", method: http.MethodPost, path: "/thermostats/set_fan_mode",
				params: map[string]any{"device_id": eco, "fan_mode_setting": "on"}, check: func(t *testing.T, r response) {
					wantThermostatAttempt("SET_FAN_MODE", "success")(t, r)
					if p := s.climate(eco); p["fan_mode_setting"] != "on" || p["is_fan_running"] != true {
						t.Errorf("fan %v, running %v", p["fan_mode_setting"], p["is_fan_running"])
					}
				}},
			{name: "set_fan_mode by its deprecated name", method: http.MethodPost, path: "/thermostats/set_fan_mode",
				params: map[string]any{"device_id": eco, "fan_mode": "auto"}, check: wantThermostatAttempt("SET_FAN_MODE", "success")},
			{name: "set_fan_mode the model lacks", method: http.MethodPost, path: "/thermostats/set_fan_mode",
				params: map[string]any{"device_id": nst, "fan_mode_setting": "circulate"}, status: 400, errType: "invalid_input",
				field: "fan_mode_setting"},
			{name: "set_fan_mode without a mode", method: http.MethodPost, path: "/thermostats/set_fan_mode", params: byDevice,
				status: 400, errType: "invalid_input", field: "fan_mode_setting"},

			// The temperature threshold and the simulations.
			{name: "threshold the temperature exceeds", method: http.MethodPatch, path: "/thermostats/set_temperature_threshold",
				params: map[string]any{"device_id": eco, "lower_limit_celsius": 18, "upper_limit_fahrenheit": 69.8},
				check: func(t *testing.T, r response) {
					if n := events("thermostat.temperature_threshold_exceeded"); n != 1 {
						t.Errorf("%d thermostat.temperature_threshold_exceeded, want 1", n)
					}
					th := s.climate(eco)["temperature_threshold"].(map[string]any)
					if th["upper_limit_celsius"] != 21.0 || th["lower_limit_fahrenheit"] != 64.4 {
						t.Errorf("temperature_threshold %v", th)
					}
				}},
			{name: "threshold upside down", method: http.MethodPost, path: "/thermostats/set_temperature_threshold",
				params: map[string]any{"device_id": eco, "lower_limit_celsius": 25, "upper_limit_celsius": 20},
				status: 400, errType: "invalid_input", field: "upper_limit_celsius"},
			{name: "simulate the room cooling down", method: http.MethodPost, path: "/thermostats/simulate/temperature_reached",
				params: map[string]any{"device_id": eco, "temperature_celsius": 20}, check: func(t *testing.T, r response) {
					for typ, want := range map[string]int{"thermostat.temperature_changed": 1,
						"thermostat.temperature_threshold_no_longer_exceeded": 1} {
						if n := events(typ); n != want {
							t.Errorf("%d %s, want %d", n, typ, want)
						}
					}
					if p := s.climate(eco); p["temperature_fahrenheit"] != 68.0 {
						t.Errorf("temperature %v °F", p["temperature_fahrenheit"])
					}
				}},
			{name: "simulate a temperature with no value", method: http.MethodPost, path: "/thermostats/simulate/temperature_reached",
				params: byDevice, status: 400, errType: "invalid_input", field: "temperature_celsius"},
			{name: "simulate someone heating at the wall", method: http.MethodPost, path: "/thermostats/simulate/hvac_mode_adjusted",
				params: map[string]any{"device_id": eco, "hvac_mode": "heat", "heating_set_point_celsius": 20},
				check: func(t *testing.T, r response) {
					wantSetting("heat", 20.0, nil)(t, r)
					if n := events("thermostat.manually_adjusted"); n != 9 {
						t.Errorf("%d thermostat.manually_adjusted, want 9", n)
					}
				}},
			{name: "the room reaches the set point", method: http.MethodPost, path: "/thermostats/simulate/temperature_reached",
				params: map[string]any{"device_id": eco, "temperature_fahrenheit": 68}, check: func(t *testing.T, r response) {
					if n := events("thermostat.temperature_reached_set_point"); n != 1 {
						t.Errorf("%d thermostat.temperature_reached_set_point, want 1", n)
					}
				}},

			// Climate presets.
			{name: "create a preset", method: http.MethodPost, path: "/thermostats/create_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "guest", "name": "Guest", "hvac_mode_setting": "heat_cool",
					"heating_set_point_celsius": 19, "cooling_set_point_fahrenheit": 75.2},
				check: func(t *testing.T, r response) {
					presets := s.climate(eco)["available_climate_presets"].([]any)
					if len(presets) != 4 {
						t.Fatalf("presets %v", presets)
					}
					g := presets[3].(map[string]any)
					if g["climate_preset_key"] != "guest" || g["cooling_set_point_celsius"] != 24.0 || g["can_delete"] != true ||
						g["display_name"] != "Guest" {
						t.Errorf("guest preset %v", g)
					}
				}},
			{name: "create a preset whose key exists", method: http.MethodPost, path: "/thermostats/create_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "guest", "hvac_mode_setting": "off"},
				status: 400, errType: "invalid_input", field: "climate_preset_key"},
			{name: "create a preset out of bounds", method: http.MethodPost, path: "/thermostats/create_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "sauna", "hvac_mode_setting": "heat",
					"heating_set_point_celsius": 40}, status: 400, errType: "invalid_input", field: "heating_set_point_celsius"},
			{name: "update a preset", method: http.MethodPatch, path: "/thermostats/update_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "guest", "heating_set_point_celsius": 20.5}},
			{name: "update a preset into the deadband", method: http.MethodPatch, path: "/thermostats/update_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "guest", "cooling_set_point_celsius": 21},
				status: 400, errType: "invalid_input", field: "cooling_set_point_celsius"},
			{name: "update a preset that does not exist", method: http.MethodPost, path: "/thermostats/update_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "nope"}, status: 400, errType: "invalid_input",
				field: "climate_preset_key"},
			{name: "activate a preset", method: http.MethodPost, path: "/thermostats/activate_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "guest"}, check: func(t *testing.T, r response) {
					wantThermostatAttempt("ACTIVATE_CLIMATE_PRESET", "success")(t, r)
					wantSetting("heat_cool", 20.5, 24.0)(t, r)
					c := s.climate(eco)["current_climate_setting"].(map[string]any)
					if c["climate_preset_key"] != "guest" {
						t.Errorf("current_climate_setting %v", c)
					}
					if n := events("thermostat.climate_preset_activated"); n != 1 {
						t.Errorf("%d thermostat.climate_preset_activated, want 1", n)
					}
				}},
			{name: "activate a preset that does not exist", method: http.MethodPost, path: "/thermostats/activate_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "nope"}, status: 400, errType: "invalid_input",
				field: "climate_preset_key"},
			{name: "set the fallback preset", method: http.MethodPost, path: "/thermostats/set_fallback_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "guest"}, check: func(t *testing.T, r response) {
					if p := s.climate(eco); p["fallback_climate_preset_key"] != "guest" {
						t.Errorf("fallback %v", p["fallback_climate_preset_key"])
					}
				}},
			{name: "delete the fallback preset", method: http.MethodDelete, path: "/thermostats/delete_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "guest"}, status: 400, errType: "invalid_input",
				field: "climate_preset_key"},
			{name: "delete a built-in preset", method: http.MethodPost, path: "/thermostats/delete_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "home"}, status: 400, errType: "invalid_input",
				field: "climate_preset_key"},
			{name: "fallback back to home", method: http.MethodPost, path: "/thermostats/set_fallback_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "home"}},
			{name: "delete a preset", method: http.MethodDelete, path: "/thermostats/delete_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "guest"}, check: func(t *testing.T, r response) {
					if presets := s.climate(eco)["available_climate_presets"].([]any); len(presets) != 3 {
						t.Errorf("presets after delete %v", presets)
					}
				}},
		})

		// An offline thermostat ends the attempt in device_offline and
		// keeps its setting.
		s.postOK("/devices/simulate/disconnect", s.A.APIKey, map[string]any{"device_id": nst})
		s.run([]apiCase{
			{name: "heat an offline thermostat", method: http.MethodPost, path: "/thermostats/heat",
				params: map[string]any{"device_id": nst, "heating_set_point_celsius": 22}, check: func(t *testing.T, r response) {
					a := obj(t, r, "action_attempt")
					if a["status"] != "error" || a["error"].(map[string]any)["type"] != "device_offline" {
						t.Errorf("attempt %v", a)
					}
				}},
		})
	})
}

func TestThermostatSchedulesAndPrograms(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		ecobee := s.connect(s.A.WorkspaceID, "ecobee", provider.JaneEmail, true)
		nest := s.connect(s.A.WorkspaceID, "nest", provider.JaneEmail, true)
		eco, nst := ecobee.Devices[0].DeviceID, nest.Devices[0].DeviceID
		stay := s.postOK("/thermostats/schedules/create", s.A.APIKey, map[string]any{"device_id": eco, "name": "Stay",
			"climate_preset_key": "home", "starts_at": "2031-06-01T15:00:00.000Z", "ends_at": "2031-06-05T11:00:00.000Z",
			"max_override_period_minutes": 90, "is_override_allowed": true})["thermostat_schedule"].(map[string]any)
		requireFields(t, stay, "thermostat_schedule_id", "device_id", "name", "climate_preset_key", "starts_at", "ends_at",
			"workspace_id", "created_at", "errors")
		id := stay["thermostat_schedule_id"].(string)
		byID := map[string]any{"thermostat_schedule_id": id}
		schedule := func(check func(t *testing.T, sch map[string]any)) func(t *testing.T, r response) {
			return func(t *testing.T, _ response) {
				t.Helper()
				r := s.call(http.MethodGet, "/thermostats/schedules/get", s.A.APIKey, byID)
				s.ok(r)
				check(t, obj(t, r, "thermostat_schedule"))
			}
		}
		var program string
		s.run([]apiCase{
			{name: "get a schedule", method: http.MethodGet, path: "/thermostats/schedules/get", params: byID,
				check: schedule(func(t *testing.T, sch map[string]any) {
					if sch["starts_at"] != "2031-06-01T15:00:00.000Z" || sch["max_override_period_minutes"] != 90.0 ||
						sch["name"] != "Stay" || sch["is_override_allowed"] != true {
						t.Errorf("schedule %v", sch)
					}
				})},
			{name: "list schedules", method: http.MethodGet, path: "/thermostats/schedules/list",
				params: map[string]any{"device_id": eco}, check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "thermostat_schedules"), "thermostat_schedule_id"); len(got) != 1 || got[0] != id {
						t.Errorf("schedules %v", got)
					}
				}},
			{name: "list the schedules of a thermostat with none", method: http.MethodGet, path: "/thermostats/schedules/list",
				params: map[string]any{"device_id": nst}, check: func(t *testing.T, r response) {
					if got := list(t, r, "thermostat_schedules"); len(got) != 0 {
						t.Errorf("schedules %v", got)
					}
				}},
			{name: "create an overlapping schedule", method: http.MethodPost, path: "/thermostats/schedules/create",
				params: map[string]any{"device_id": eco, "climate_preset_key": "away", "starts_at": "2031-06-04T00:00:00Z",
					"ends_at": "2031-06-08T00:00:00Z"}, status: 400, errType: "invalid_input", field: "starts_at"},
			{name: "create a schedule that ends before it starts", method: http.MethodPost, path: "/thermostats/schedules/create",
				params: map[string]any{"device_id": eco, "climate_preset_key": "away", "starts_at": "2031-07-04T00:00:00Z",
					"ends_at": "2031-07-03T00:00:00Z"}, status: 400, errType: "invalid_input", field: "ends_at"},
			{name: "create a schedule of a preset the thermostat lacks", method: http.MethodPost, path: "/thermostats/schedules/create",
				params: map[string]any{"device_id": eco, "climate_preset_key": "nope", "starts_at": "2031-07-04T00:00:00Z",
					"ends_at": "2031-07-05T00:00:00Z"}, status: 400, errType: "invalid_input", field: "climate_preset_key"},
			{name: "create a schedule without times", method: http.MethodPost, path: "/thermostats/schedules/create",
				params: map[string]any{"device_id": eco, "climate_preset_key": "away"}, status: 400, errType: "invalid_input",
				field: "starts_at"},
			{name: "move a schedule", method: http.MethodPatch, path: "/thermostats/schedules/update",
				params: map[string]any{"thermostat_schedule_id": id, "starts_at": "2031-06-02T15:00:00Z", "climate_preset_key": "away",
					"name": "Longer stay"},
				check: schedule(func(t *testing.T, sch map[string]any) {
					if sch["starts_at"] != "2031-06-02T15:00:00.000Z" || sch["climate_preset_key"] != "away" || sch["name"] != "Longer stay" {
						t.Errorf("schedule %v", sch)
					}
				})},
			{name: "move a schedule's end before its start", method: http.MethodPatch, path: "/thermostats/schedules/update",
				params: map[string]any{"thermostat_schedule_id": id, "ends_at": "2031-06-01T00:00:00Z"}, status: 400,
				errType: "invalid_input", field: "ends_at"},
			{name: "a party preset", method: http.MethodPost, path: "/thermostats/create_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "party", "hvac_mode_setting": "cool",
					"cooling_set_point_celsius": 21}},
			{name: "schedule the party", method: http.MethodPost, path: "/thermostats/schedules/create",
				params: map[string]any{"device_id": eco, "climate_preset_key": "party", "starts_at": "2031-08-01T18:00:00Z",
					"ends_at": "2031-08-01T23:00:00Z"}},
			{name: "the party preset is in use", method: http.MethodDelete, path: "/thermostats/delete_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "party"}, status: 400, errType: "invalid_input",
				field: "climate_preset_key"},
			{name: "delete a schedule", method: http.MethodDelete, path: "/thermostats/schedules/delete", params: byID},
			{name: "a deleted schedule is gone", method: http.MethodGet, path: "/thermostats/schedules/get", params: byID,
				status: 404, errType: "thermostat_schedule_not_found"},
			{name: "delete it again", method: http.MethodPost, path: "/thermostats/schedules/delete", params: byID,
				status: 404, errType: "thermostat_schedule_not_found"},

			// Daily and weekly programs.
			{name: "create a daily program", method: http.MethodPost, path: "/thermostats/daily_programs/create",
				params: map[string]any{"device_id": eco, "name": "Weekday", "periods": []map[string]any{
					{"starts_at_time": "06:30:00", "climate_preset_key": "home"},
					{"starts_at_time": "09:00:00", "climate_preset_key": "away"},
					{"starts_at_time": "22:00:00", "climate_preset_key": "sleep"}}},
				check: func(t *testing.T, r response) {
					p := obj(t, r, "thermostat_daily_program")
					requireFields(t, p, "thermostat_daily_program_id", "device_id", "name", "periods", "workspace_id", "created_at")
					program = p["thermostat_daily_program_id"].(string)
					if periods := p["periods"].([]any); len(periods) != 3 {
						t.Errorf("periods %v", periods)
					}
				}},
			{name: "a period at a time that is not one", method: http.MethodPost, path: "/thermostats/daily_programs/create",
				params: map[string]any{"device_id": eco, "name": "x", "periods": []map[string]any{
					{"starts_at_time": "25:00:00", "climate_preset_key": "home"}}},
				status: 400, errType: "invalid_input", field: "periods"},
			{name: "a period of a preset the thermostat lacks", method: http.MethodPost, path: "/thermostats/daily_programs/create",
				params: map[string]any{"device_id": eco, "name": "x", "periods": []map[string]any{
					{"starts_at_time": "07:00:00", "climate_preset_key": "home"}, {"starts_at_time": "08:00:00", "climate_preset_key": "nope"}}},
				status: 400, errType: "invalid_input", field: "periods"},
			{name: "periods out of order", method: http.MethodPost, path: "/thermostats/daily_programs/create",
				params: map[string]any{"device_id": eco, "name": "x", "periods": []map[string]any{
					{"starts_at_time": "09:00:00", "climate_preset_key": "home"}, {"starts_at_time": "08:00:00", "climate_preset_key": "away"}}},
				status: 400, errType: "invalid_input", field: "periods"},
			{name: "periods that are not an array", method: http.MethodPost, path: "/thermostats/daily_programs/create",
				params: map[string]any{"device_id": eco, "name": "x", "periods": "07:00"}, status: 400, errType: "invalid_input",
				field: "periods"},
			{name: "a program on a thermostat that runs none", method: http.MethodPost, path: "/thermostats/daily_programs/create",
				params: map[string]any{"device_id": nst, "name": "x", "periods": []map[string]any{}}, status: 400,
				errType: "invalid_input", field: "device_id"},
		})
		weekend := s.postOK("/thermostats/daily_programs/create", s.A.APIKey, map[string]any{"device_id": eco, "name": "Weekend",
			"periods": []map[string]any{{"starts_at_time": "08:00:00", "climate_preset_key": "home"}}})["thermostat_daily_program"].(map[string]any)["thermostat_daily_program_id"].(string)
		week := map[string]any{"device_id": eco, "monday_program_id": program, "tuesday_program_id": program,
			"wednesday_program_id": program, "thursday_program_id": program, "friday_program_id": program,
			"saturday_program_id": weekend, "sunday_program_id": weekend}
		s.run([]apiCase{
			{name: "update a daily program", method: http.MethodPatch, path: "/thermostats/daily_programs/update",
				params: map[string]any{"thermostat_daily_program_id": program, "name": "Workday", "periods": []map[string]any{
					{"starts_at_time": "07:00:00", "climate_preset_key": "home"}}},
				check: func(t *testing.T, r response) {
					wantThermostatAttempt("PUSH_THERMOSTAT_PROGRAMS", "success")(t, r)
					programs := s.climate(eco)["thermostat_daily_programs"].([]any)
					if len(programs) != 2 || programs[0].(map[string]any)["name"] != "Workday" {
						t.Errorf("programs %v", programs)
					}
				}},
			{name: "update a daily program with a bad period", method: http.MethodPatch, path: "/thermostats/daily_programs/update",
				params: map[string]any{"thermostat_daily_program_id": program, "name": "Workday", "periods": []map[string]any{
					{"starts_at_time": "7:00", "climate_preset_key": "home"}}},
				status: 400, errType: "invalid_input", field: "periods"},
			{name: "the weekly program", method: http.MethodPost, path: "/thermostats/update_weekly_program", params: week,
				check: func(t *testing.T, r response) {
					wantThermostatAttempt("PUSH_THERMOSTAT_PROGRAMS", "success")(t, r)
					w := s.climate(eco)["thermostat_weekly_program"].(map[string]any)
					if w["monday_program_id"] != program || w["sunday_program_id"] != weekend {
						t.Errorf("weekly program %v", w)
					}
				}},
			{name: "a weekly program naming a program that does not exist", method: http.MethodPost,
				path: "/thermostats/update_weekly_program", params: map[string]any{"device_id": eco,
					"monday_program_id": "00000000-0000-4000-8000-000000000000"},
				status: 404, errType: "thermostat_daily_program_not_found"},
			{name: "delete a daily program", method: http.MethodDelete, path: "/thermostats/daily_programs/delete",
				params: map[string]any{"thermostat_daily_program_id": weekend}, check: func(t *testing.T, r response) {
					w := s.climate(eco)["thermostat_weekly_program"].(map[string]any)
					if w["saturday_program_id"] != nil || w["monday_program_id"] != program {
						t.Errorf("weekly program after the delete %v", w)
					}
				}},
			{name: "delete it again", method: http.MethodPost, path: "/thermostats/daily_programs/delete",
				params: map[string]any{"thermostat_daily_program_id": weekend}, status: 404, errType: "thermostat_daily_program_not_found"},
			{name: "a preset for a program", method: http.MethodPost, path: "/thermostats/create_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "early", "hvac_mode_setting": "heat",
					"heating_set_point_celsius": 21}},
			{name: "a program of that preset", method: http.MethodPost, path: "/thermostats/daily_programs/create",
				params: map[string]any{"device_id": eco, "name": "Early", "periods": []map[string]any{
					{"starts_at_time": "05:00:00", "climate_preset_key": "early"}}}},
			{name: "a preset a program uses cannot go", method: http.MethodDelete, path: "/thermostats/delete_climate_preset",
				params: map[string]any{"device_id": eco, "climate_preset_key": "early"}, status: 400, errType: "invalid_input",
				field: "climate_preset_key"},
		})
	})
}
