package api_test

import (
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestThermostatThresholdEvents: the threshold events carry every limit
// the spec requires, null for a limit not set, and the event of a
// threshold lifted while exceeded names the limit that was passed.
func TestThermostatThresholdEvents(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		eco := s.connect(s.A.WorkspaceID, "ecobee", provider.JaneEmail, true).Devices[0].DeviceID
		s.ok(s.call(http.MethodPost, "/thermostats/simulate/temperature_reached", s.A.APIKey,
			map[string]any{"device_id": eco, "temperature_celsius": 23}))
		last := func(eventType string) map[string]any {
			t.Helper()
			evs := s.deviceEvents(t, eco, eventType)
			if len(evs) != 1 {
				t.Fatalf("%d %s events, want 1", len(evs), eventType)
			}
			return evs[0]
		}
		wantLimits := func(e map[string]any, lowerC, upperC any) {
			t.Helper()
			for _, k := range []string{"lower_limit_celsius", "lower_limit_fahrenheit", "upper_limit_celsius", "upper_limit_fahrenheit"} {
				if _, ok := e[k]; !ok {
					t.Errorf("%s: %s is missing (the spec requires it, null when not set)", e["event_type"], k)
				}
			}
			if e["lower_limit_celsius"] != lowerC || e["upper_limit_celsius"] != upperC {
				t.Errorf("%s: limits %v..%v °C, want %v..%v", e["event_type"], e["lower_limit_celsius"], e["upper_limit_celsius"], lowerC, upperC)
			}
			if upperC != nil && e["upper_limit_fahrenheit"] != 69.8 {
				t.Errorf("%s: upper limit %v °F, want 69.8", e["event_type"], e["upper_limit_fahrenheit"])
			}
		}
		// Only an upper limit, which 23 °C passes.
		s.ok(s.call(http.MethodPost, "/thermostats/set_temperature_threshold", s.A.APIKey,
			map[string]any{"device_id": eco, "upper_limit_celsius": 21}))
		wantLimits(last("thermostat.temperature_threshold_exceeded"), nil, 21.0)
		// The threshold lifted: no longer exceeded, against the limit passed.
		s.ok(s.call(http.MethodPost, "/thermostats/set_temperature_threshold", s.A.APIKey,
			map[string]any{"device_id": eco}))
		wantLimits(last("thermostat.temperature_threshold_no_longer_exceeded"), nil, 21.0)
	})
}
