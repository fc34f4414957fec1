package job_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/thermostat"
)

// TestThermostatScheduleJobsAreCancelled: moving a schedule's time cancels
// the job of the old time (the other time's job stays), and deleting the
// schedule, or its thermostat, cancels its jobs, in the transaction of the
// change: no job is left queued for a time or a schedule that is gone.
func TestThermostatScheduleJobsAreCancelled(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{users: 1, noWorkers: true})
		ctx := context.Background()
		p := principal(e.A)
		d := e.connectEcobee(connector.SandboxConfig{})
		svc := e.app.Thermostats
		t0 := e.clock.Now().UTC().Truncate(time.Second)
		sch, err := svc.CreateSchedule(ctx, p, client.ThermostatSchedulesCreateParams{DeviceID: d.DeviceID,
			ClimatePresetKey: "away", StartsAt: t0.Add(time.Hour).Format(time.RFC3339),
			EndsAt: t0.Add(3 * time.Hour).Format(time.RFC3339)})
		if err != nil {
			t.Fatal(err)
		}
		id := sch.ThermostatScheduleID
		due := func(what string, at time.Duration) thermostat.Due {
			return thermostat.Due{WorkspaceID: e.A.WorkspaceID, ThermostatScheduleID: id, What: what, At: t0.Add(at).UnixMilli()}
		}
		states := func() map[thermostat.Due]rivertype.JobState {
			out := map[thermostat.Due]rivertype.JobState{}
			for due, j := range e.thermostatJobs(id) {
				out[due] = j.State
			}
			return out
		}
		want := func(when string, w map[thermostat.Due]rivertype.JobState) {
			t.Helper()
			got := states()
			if len(got) != len(w) {
				t.Errorf("%s: jobs %v; want %v", when, got, w)
			}
			for due, state := range w {
				if got[due] != state {
					t.Errorf("%s: job %+v is %q; want %q", when, due, got[due], state)
				}
			}
		}
		scheduled, cancelled := rivertype.JobStateScheduled, rivertype.JobStateCancelled
		want("created", map[thermostat.Due]rivertype.JobState{due(thermostat.DueStart, time.Hour): scheduled,
			due(thermostat.DueEnd, 3*time.Hour): scheduled})

		if err := svc.UpdateSchedule(ctx, p, client.ThermostatSchedulesUpdateParams{ThermostatScheduleID: id,
			StartsAt: t0.Add(2 * time.Hour).Format(time.RFC3339)}); err != nil {
			t.Fatal(err)
		}
		want("start moved", map[thermostat.Due]rivertype.JobState{due(thermostat.DueStart, time.Hour): cancelled,
			due(thermostat.DueStart, 2*time.Hour): scheduled, due(thermostat.DueEnd, 3*time.Hour): scheduled})

		// A change refused changes no job.
		err = svc.UpdateSchedule(ctx, p, client.ThermostatSchedulesUpdateParams{ThermostatScheduleID: id,
			EndsAt: t0.Add(4 * time.Hour).Format(time.RFC3339), ClimatePresetKey: "no-such-preset"})
		if err == nil {
			t.Fatal("an update to a preset the thermostat lacks was accepted")
		}
		want("update refused", map[thermostat.Due]rivertype.JobState{due(thermostat.DueStart, time.Hour): cancelled,
			due(thermostat.DueStart, 2*time.Hour): scheduled, due(thermostat.DueEnd, 3*time.Hour): scheduled})

		if err := svc.DeleteSchedule(ctx, p, id); err != nil {
			t.Fatal(err)
		}
		want("deleted", map[thermostat.Due]rivertype.JobState{due(thermostat.DueStart, time.Hour): cancelled,
			due(thermostat.DueStart, 2*time.Hour): cancelled, due(thermostat.DueEnd, 3*time.Hour): cancelled})

		// A thermostat deleted takes its schedules' jobs with it.
		sch, err = svc.CreateSchedule(ctx, p, client.ThermostatSchedulesCreateParams{DeviceID: d.DeviceID,
			ClimatePresetKey: "away", StartsAt: t0.Add(5 * time.Hour).Format(time.RFC3339),
			EndsAt: t0.Add(6 * time.Hour).Format(time.RFC3339)})
		if err != nil {
			t.Fatal(err)
		}
		id = sch.ThermostatScheduleID
		if err := e.app.Devices.Delete(ctx, p, d.DeviceID); err != nil {
			t.Fatal(err)
		}
		want("thermostat deleted", map[thermostat.Due]rivertype.JobState{due(thermostat.DueStart, 5*time.Hour): cancelled,
			due(thermostat.DueEnd, 6*time.Hour): cancelled})
	})
}
