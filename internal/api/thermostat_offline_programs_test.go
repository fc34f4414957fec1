package api_test

import (
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestThermostatProgramsOnAnOfflineThermostat: pushing programs to a
// thermostat lintel knows is offline fails at once in device_offline and
// changes nothing — the daily program and the weekly program stay as they
// were — while bad input is still refused first.
func TestThermostatProgramsOnAnOfflineThermostat(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		eco := s.connect(s.A.WorkspaceID, "ecobee", provider.JaneEmail, true).Devices[0].DeviceID
		program := s.postOK("/thermostats/daily_programs/create", s.A.APIKey, map[string]any{"device_id": eco, "name": "Weekday",
			"periods": []map[string]any{{"starts_at_time": "07:00:00", "climate_preset_key": "home"}}})["thermostat_daily_program"].(map[string]any)["thermostat_daily_program_id"].(string)
		s.ok(s.call(http.MethodPost, "/devices/simulate/disconnect", s.A.APIKey, map[string]any{"device_id": eco}))

		r := s.call(http.MethodPatch, "/thermostats/daily_programs/update", s.A.APIKey, map[string]any{
			"thermostat_daily_program_id": program, "name": "Workday",
			"periods": []map[string]any{{"starts_at_time": "08:00:00", "climate_preset_key": "away"}}})
		s.ok(r)
		a := obj(t, r, "action_attempt")
		if a["status"] != "error" || a["error"].(map[string]any)["type"] != "device_offline" {
			t.Errorf("daily_programs/update on an offline thermostat: attempt %v, want error device_offline", a)
		}
		programs := s.climate(eco)["thermostat_daily_programs"].([]any)
		if len(programs) != 1 || programs[0].(map[string]any)["name"] != "Weekday" {
			t.Errorf("programs after a failed update: %v; want Weekday unchanged", programs)
		}
		s.wantError(s.call(http.MethodPatch, "/thermostats/daily_programs/update", s.A.APIKey, map[string]any{
			"thermostat_daily_program_id": program, "name": "x",
			"periods": []map[string]any{{"starts_at_time": "7:00", "climate_preset_key": "home"}}}), 400, "invalid_input")

		r = s.call(http.MethodPost, "/thermostats/update_weekly_program", s.A.APIKey, map[string]any{"device_id": eco,
			"monday_program_id": program, "tuesday_program_id": program, "wednesday_program_id": program,
			"thursday_program_id": program, "friday_program_id": program, "saturday_program_id": program, "sunday_program_id": program})
		s.ok(r)
		if a := obj(t, r, "action_attempt"); a["status"] != "error" {
			t.Errorf("update_weekly_program on an offline thermostat: attempt %v, want error", a)
		}
		if w := s.climate(eco)["thermostat_weekly_program"]; w != nil {
			t.Errorf("weekly program after a failed update: %v; want none", w)
		}
	})
}
