package job_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestThermostatProgramsOnARemoteDevice: programs pushed to a thermostat
// in remote mode take effect once a worker has reached it; a push the
// thermostat refuses for good (offline unbeknown to lintel) ends its
// attempt in device_offline and leaves the daily and weekly programs as
// they were.
func TestThermostatProgramsOnARemoteDevice(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{users: 1})
		ctx := context.Background()
		p := principal(e.A)
		svc := e.app.Thermostats
		d := e.connectEcobee(connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: 20})
		program, err := svc.CreateDailyProgram(ctx, p, client.ThermostatDailyProgramsCreateParams{DeviceID: d.DeviceID,
			Name: "Weekday", Periods: json.RawMessage(`[{"starts_at_time":"07:00:00","climate_preset_key":"home"}]`)})
		if err != nil {
			t.Fatal(err)
		}
		id := program.ThermostatDailyProgramID
		// settled(want)(attempt, err) waits for a pushed attempt to end and
		// checks how it ended.
		settled := func(want string) func(client.ActionAttempt, error) client.ActionAttempt {
			return func(a client.ActionAttempt, err error) client.ActionAttempt {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
				if a.Status != client.ActionAttemptStatusPending {
					t.Fatalf("attempt %+v, want pending", a)
				}
				e.eventually("the attempt ended", func() (bool, error) {
					a, err = e.app.Attempts.Get(ctx, p, a.ActionAttemptID)
					return a.Status != client.ActionAttemptStatusPending, err
				})
				if a.Status != want {
					t.Fatalf("attempt %+v, want %s", a, want)
				}
				return a
			}
		}
		programs := func() (name, firstPreset string, week *client.ThermostatWeeklyProgram) {
			t.Helper()
			props := e.thermostat(d.DeviceID)
			if len(props.ThermostatDailyPrograms) != 1 {
				t.Fatalf("daily programs %+v", props.ThermostatDailyPrograms)
			}
			dp := props.ThermostatDailyPrograms[0]
			return *dp.Name, dp.Periods[0].ClimatePresetKey, props.ThermostatWeeklyProgram
		}
		week := client.ThermostatsUpdateWeeklyProgramParams{DeviceID: d.DeviceID,
			MondayProgramID: client.Value(id), TuesdayProgramID: client.Value(id), WednesdayProgramID: client.Value(id),
			ThursdayProgramID: client.Value(id), FridayProgramID: client.Value(id), SaturdayProgramID: client.Value(id),
			SundayProgramID: client.Value(id)}

		// Reached: the programs become the ones pushed.
		settled(client.ActionAttemptStatusSuccess)(svc.UpdateDailyProgram(ctx, p, client.ThermostatDailyProgramsUpdateParams{
			ThermostatDailyProgramID: id, Name: "Workday",
			Periods: json.RawMessage(`[{"starts_at_time":"08:00:00","climate_preset_key":"away"}]`)}))
		settled(client.ActionAttemptStatusSuccess)(svc.UpdateWeeklyProgram(ctx, p, week))
		name, preset, w := programs()
		if name != "Workday" || preset != "away" || w == nil || w.MondayProgramID == nil || *w.MondayProgramID != id {
			t.Fatalf("after the pushes: %q %q %+v", name, preset, w)
		}

		// Offline at the device: each push fails for good and changes
		// nothing.
		e.setSandboxOnline(d, false)
		a := settled(client.ActionAttemptStatusError)(svc.UpdateDailyProgram(ctx, p, client.ThermostatDailyProgramsUpdateParams{
			ThermostatDailyProgramID: id, Name: "Holiday",
			Periods: json.RawMessage(`[{"starts_at_time":"09:00:00","climate_preset_key":"sleep"}]`)}))
		if a.Error == nil || a.Error.Type != "device_offline" {
			t.Errorf("failed daily program push: %+v, want device_offline", a)
		}
		week.MondayProgramID, week.TuesdayProgramID = client.Null[string](), client.Null[string]()
		week.WednesdayProgramID, week.ThursdayProgramID = client.Null[string](), client.Null[string]()
		week.FridayProgramID, week.SaturdayProgramID = client.Null[string](), client.Null[string]()
		week.SundayProgramID = client.Null[string]()
		settled(client.ActionAttemptStatusError)(svc.UpdateWeeklyProgram(ctx, p, week))
		name, preset, w = programs()
		if name != "Workday" || preset != "away" || w == nil || w.MondayProgramID == nil || *w.MondayProgramID != id {
			t.Errorf("after the failed pushes: %q %q %+v; want Workday, away, the program every day", name, preset, w)
		}
	})
}

// setSandboxOnline takes a simulated device offline or back online, at the
// device: lintel does not know until it tries to reach it.
func (e *env) setSandboxOnline(d store.Device, online bool) {
	e.t.Helper()
	ctx := context.Background()
	err := e.st.InTx(ctx, func(tx *store.Tx) error {
		sd, err := tx.SandboxDevice(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
		if err != nil {
			return err
		}
		sd.Online = online
		return tx.SandboxPutDevice(ctx, d.WorkspaceID, sd)
	})
	if err != nil {
		e.t.Fatal(err)
	}
}
