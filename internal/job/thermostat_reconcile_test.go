package job_test

import (
	"context"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestReconciliationTakesAThermostatsClimate: a change made at a
// thermostat, without lintel (the sandbox's state), is picked up by the
// reconciliation of its account: lintel's current climate setting becomes
// the device's, with thermostat.manually_adjusted (method external), or
// thermostat.climate_preset_activated when the device took a preset; a
// thermostat that agrees with lintel is not reported, and keeps no battery
// (it is wired to the house).
func TestReconciliationTakesAThermostatsClimate(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{users: 1})
		ctx := context.Background()
		d := e.connectEcobee(connector.SandboxConfig{})
		reconcile := func(wantDrifted int) {
			t.Helper()
			rep, err := e.app.Devices.Reconcile(ctx, e.A.WorkspaceID, d.ConnectedAccountID)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Drifted != wantDrifted {
				t.Errorf("reconciliation %+v; want %d drifted", rep, wantDrifted)
			}
		}
		atTheDevice := func(c connector.ProviderClimate) {
			t.Helper()
			err := e.st.InTx(ctx, func(tx *store.Tx) error {
				return connector.SandboxSetClimate(ctx, tx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID, c)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		events := func() []client.Event {
			t.Helper()
			evs, err := e.app.EventLog.List(ctx, principal(e.A), client.EventsListParams{Since: "2000-01-01T00:00:00.000Z",
				DeviceID: d.DeviceID, EventTypes: []string{"thermostat.manually_adjusted", "thermostat.climate_preset_activated"}})
			if err != nil {
				t.Fatal(err)
			}
			return evs
		}
		reconcile(0)
		if evs := events(); len(evs) != 0 {
			t.Fatalf("events after a reconciliation that found nothing: %+v", evs[0])
		}
		got, err := e.app.Devices.GetThermostat(ctx, principal(e.A), client.ThermostatsGetParams{DeviceID: d.DeviceID})
		if err != nil || got.Properties.Battery != nil {
			t.Errorf("after a reconciliation the thermostat has the battery %+v, %v; want none", got.Properties.Battery, err)
		}

		heating, cooling := 20.5, 25.0
		atTheDevice(connector.ProviderClimate{HvacMode: "heat_cool", FanMode: "on", HeatingCelsius: &heating,
			CoolingCelsius: &cooling})
		reconcile(1)
		c := e.thermostat(d.DeviceID).CurrentClimateSetting
		if c == nil || c.HvacModeSetting != "heat_cool" || c.FanModeSetting != "on" || c.HeatingSetPointCelsius == nil ||
			*c.HeatingSetPointCelsius != 20.5 || c.CoolingSetPointCelsius == nil || *c.CoolingSetPointCelsius != 25 ||
			c.ClimatePresetKey != "" {
			t.Errorf("climate after the reconciliation: %+v", c)
		}
		evs := events()
		if len(evs) != 1 || evs[0].EventType != "thermostat.manually_adjusted" || evs[0].Method != "external" ||
			evs[0].HvacModeSetting != "heat_cool" || evs[0].FanModeSetting != "on" {
			t.Fatalf("events = %+v; want one thermostat.manually_adjusted, external", evs)
		}
		reconcile(0)
		if evs := events(); len(evs) != 1 {
			t.Errorf("a second reconciliation recorded %d events", len(evs)-1)
		}

		away, awayCooling := 16.0, 28.0
		atTheDevice(connector.ProviderClimate{HvacMode: "heat_cool", FanMode: "auto", HeatingCelsius: &away,
			CoolingCelsius: &awayCooling, ClimatePresetKey: "away"})
		reconcile(1)
		if c := e.thermostat(d.DeviceID).CurrentClimateSetting; c == nil || c.ClimatePresetKey != "away" ||
			*c.HeatingSetPointCelsius != 16 {
			t.Errorf("climate after the device took a preset: %+v", c)
		}
		if evs := events(); len(evs) != 2 || evs[0].EventType != "thermostat.climate_preset_activated" ||
			evs[0].ClimatePresetKey != "away" {
			t.Errorf("events = %+v; want thermostat.climate_preset_activated away, newest first", evs)
		}

		// W_B's reconciliation of its own account leaves W_A's thermostat
		// alone.
		if _, err := e.app.Devices.Reconcile(ctx, e.B.WorkspaceID, d.ConnectedAccountID); err != nil {
			t.Fatal(err)
		}
		if evs := events(); len(evs) != 2 {
			t.Errorf("another workspace's reconciliation recorded events: %+v", evs)
		}
	})
}
