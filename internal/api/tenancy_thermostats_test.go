package api_test

import "github.com/lintel-dev/lintel/internal/provider"

// thermostatCrossCases covers thermostats: A connects Jane's ecobee with a
// schedule and a daily program, B its own ecobee; B names A's thermostat,
// account, webview, schedule and program in every slot.
func thermostatCrossCases(s *testServer) []crossCase {
	ecobee := s.connect(s.A.WorkspaceID, "ecobee", provider.JaneEmail, true)
	device, account := ecobee.Devices[0].DeviceID, ecobee.ConnectedAccountID
	webview := s.webviewThatConnected(s.A.WorkspaceID, account)
	own := s.connect(s.B.WorkspaceID, "ecobee", provider.JaneEmail, true).Devices[0].DeviceID
	schedule := s.postOK("/thermostats/schedules/create", s.A.APIKey, map[string]any{"device_id": device,
		"climate_preset_key": "home", "starts_at": "2031-01-01T00:00:00Z", "ends_at": "2031-01-02T00:00:00Z",
	})["thermostat_schedule"].(map[string]any)["thermostat_schedule_id"].(string)
	periods := []map[string]any{{"starts_at_time": "07:00:00", "climate_preset_key": "home"}}
	program := s.postOK("/thermostats/daily_programs/create", s.A.APIKey, map[string]any{"device_id": device,
		"name": "Weekday", "periods": periods})["thermostat_daily_program"].(map[string]any)["thermostat_daily_program_id"].(string)

	byDevice := func(extra map[string]any) func(id string) map[string]any {
		return func(id string) map[string]any {
			p := map[string]any{"device_id": id}
			for k, v := range extra {
				p[k] = v
			}
			return p
		}
	}
	preset := map[string]any{"climate_preset_key": "home"}
	cases := []crossCase{
		{path: "/thermostats/list", slot: "connected_account_id", foreign: account, errType: "connected_account_not_found",
			params: func(id string) map[string]any { return map[string]any{"connected_account_id": id} }},
		{path: "/thermostats/list", slot: "connect_webview_id", foreign: webview,
			params: func(id string) map[string]any { return map[string]any{"connect_webview_id": id} }},
		{path: "/thermostats/schedules/get", slot: "thermostat_schedule_id", foreign: schedule, errType: "thermostat_schedule_not_found",
			params: func(id string) map[string]any { return map[string]any{"thermostat_schedule_id": id} }},
		{path: "/thermostats/schedules/update", slot: "thermostat_schedule_id", foreign: schedule, errType: "thermostat_schedule_not_found",
			params: func(id string) map[string]any { return map[string]any{"thermostat_schedule_id": id, "name": "x"} }},
		{path: "/thermostats/schedules/delete", slot: "thermostat_schedule_id", foreign: schedule, errType: "thermostat_schedule_not_found",
			params: func(id string) map[string]any { return map[string]any{"thermostat_schedule_id": id} }},
		{path: "/thermostats/daily_programs/update", slot: "thermostat_daily_program_id", foreign: program,
			errType: "thermostat_daily_program_not_found", params: func(id string) map[string]any {
				return map[string]any{"thermostat_daily_program_id": id, "name": "x", "periods": periods}
			}},
		{path: "/thermostats/daily_programs/delete", slot: "thermostat_daily_program_id", foreign: program,
			errType: "thermostat_daily_program_not_found",
			params:  func(id string) map[string]any { return map[string]any{"thermostat_daily_program_id": id} }},
	}
	for _, day := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		slot := day + "_program_id"
		cases = append(cases, crossCase{path: "/thermostats/update_weekly_program", slot: slot, foreign: program,
			errType: "thermostat_daily_program_not_found",
			params:  func(id string) map[string]any { return map[string]any{"device_id": own, slot: id} }})
	}
	for path, extra := range map[string]map[string]any{
		"/thermostats/get":                         nil,
		"/thermostats/heat":                        {"heating_set_point_celsius": 21},
		"/thermostats/cool":                        nil,
		"/thermostats/heat_cool":                   nil,
		"/thermostats/off":                         nil,
		"/thermostats/set_hvac_mode":               {"hvac_mode_setting": "off"},
		"/thermostats/set_fan_mode":                {"fan_mode_setting": "on"},
		"/thermostats/set_temperature_threshold":   {"upper_limit_celsius": 30},
		"/thermostats/create_climate_preset":       {"climate_preset_key": "guest", "hvac_mode_setting": "off"},
		"/thermostats/update_climate_preset":       {"climate_preset_key": "home", "name": "x"},
		"/thermostats/delete_climate_preset":       preset,
		"/thermostats/activate_climate_preset":     preset,
		"/thermostats/set_fallback_climate_preset": preset,
		"/thermostats/schedules/create": {"climate_preset_key": "home", "starts_at": "2032-01-01T00:00:00Z",
			"ends_at": "2032-01-02T00:00:00Z"},
		"/thermostats/schedules/list":               nil,
		"/thermostats/daily_programs/create":        {"name": "x", "periods": periods},
		"/thermostats/update_weekly_program":        nil,
		"/thermostats/simulate/hvac_mode_adjusted":  {"hvac_mode": "off"},
		"/thermostats/simulate/temperature_reached": {"temperature_celsius": 30},
	} {
		cases = append(cases, crossCase{path: path, slot: "device_id", params: byDevice(extra), foreign: device,
			errType: "device_not_found"})
	}
	return cases
}
