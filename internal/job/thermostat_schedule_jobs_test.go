package job_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/seed"
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

// TestUnmanagedThermostatLosesItsSchedulesJobs: a thermostat switched to
// unmanaged (devices/update with is_managed false) is not lintel's to
// change: the jobs of its schedules' times are cancelled in the switch's
// transaction and the schedules forget their ids, and a job left from
// before does nothing to it. Managed again (devices/unmanaged/update), its
// schedules that have not ended get jobs for their times again (a start
// passed meanwhile has its job at that time, which runs at once, as a
// late start job does); one in force keeps it without a new start job,
// and one in force whose end passed meanwhile gets the job of its end,
// which ends it. Another workspace's thermostat keeps its schedules' jobs.
func TestUnmanagedThermostatLosesItsSchedulesJobs(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{users: 1, noWorkers: true})
		ctx, p := context.Background(), principal(e.A)
		svc := e.app.Thermostats
		d := e.connectEcobee(connector.SandboxConfig{})
		theirDevice := e.connectEcobeeTo(e.B, connector.SandboxConfig{})
		if err := svc.SetFallbackClimatePreset(ctx, p, client.ThermostatsClimatePresetKeyParams{DeviceID: d.DeviceID,
			ClimatePresetKey: "home"}); err != nil {
			t.Fatal(err)
		}
		t0 := e.clock.Now().UTC().Truncate(time.Second)
		create := func(ws seed.Workspace, d store.Device, preset string, from, to time.Duration) (id string, start, end thermostat.Due) {
			t.Helper()
			sch, err := svc.CreateSchedule(ctx, principal(ws), client.ThermostatSchedulesCreateParams{DeviceID: d.DeviceID,
				ClimatePresetKey: preset, StartsAt: t0.Add(from).Format(time.RFC3339), EndsAt: t0.Add(to).Format(time.RFC3339)})
			if err != nil {
				t.Fatal(err)
			}
			due := func(what string, at time.Duration) thermostat.Due {
				return thermostat.Due{WorkspaceID: ws.WorkspaceID, ThermostatScheduleID: sch.ThermostatScheduleID,
					What: what, At: t0.Add(at).UnixMilli()}
			}
			return sch.ThermostatScheduleID, due(thermostat.DueStart, from), due(thermostat.DueEnd, to)
		}
		first, start1, end1 := create(e.A, d, "away", time.Hour, 3*time.Hour)
		second, start2, end2 := create(e.A, d, "sleep", 4*time.Hour, 6*time.Hour)
		theirs, theirStart, theirEnd := create(e.B, theirDevice, "away", time.Hour, 3*time.Hour)

		setManaged := func(managed bool) {
			t.Helper()
			var err error
			if managed {
				err = e.app.Devices.UpdateUnmanaged(ctx, p, client.DevicesUnmanagedUpdateParams{DeviceID: d.DeviceID,
					IsManaged: &managed})
			} else {
				err = e.app.Devices.Update(ctx, p, client.DevicesUpdateParams{DeviceID: d.DeviceID, IsManaged: &managed})
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		// wantIDs checks which of a schedule's job ids are set.
		wantIDs := func(when string, ws seed.Workspace, id string, start, end bool) {
			t.Helper()
			e.view(func(ctx context.Context, tx *store.Tx) error {
				sch, err := tx.ThermostatSchedule(ctx, ws.WorkspaceID, id)
				if err != nil {
					return err
				}
				if (sch.StartJobID != nil) != start || (sch.EndJobID != nil) != end {
					t.Errorf("%s: schedule %s has start job %v, end job %v; want set: %v, %v", when, id,
						sch.StartJobID, sch.EndJobID, start, end)
				}
				return nil
			})
		}
		// active is the thermostat's active schedule ("" for none), read
		// from the store since the API hides an unmanaged thermostat.
		active := func() string {
			t.Helper()
			var out string
			e.view(func(ctx context.Context, tx *store.Tx) error {
				row, err := tx.Thermostat(ctx, e.A.WorkspaceID, d.DeviceID)
				if row.ActiveThermostatScheduleID != nil {
					out = *row.ActiveThermostatScheduleID
				}
				return err
			})
			return out
		}

		setManaged(false)
		wantJobStates(t, "unmanaged", e.thermostatJobs(first), map[thermostat.Due]rivertype.JobState{
			start1: cancelled, end1: cancelled})
		wantJobStates(t, "unmanaged", e.thermostatJobs(second), map[thermostat.Due]rivertype.JobState{
			start2: cancelled, end2: cancelled})
		wantIDs("unmanaged", e.A, first, false, false)
		wantIDs("unmanaged", e.A, second, false, false)
		wantJobStates(t, "another workspace's thermostat", e.thermostatJobs(theirs), map[thermostat.Due]rivertype.JobState{
			theirStart: scheduled, theirEnd: scheduled})
		wantIDs("another workspace's thermostat", e.B, theirs, true, true)

		// A job left from before does nothing to the unmanaged thermostat.
		e.clock.Advance(time.Hour)
		if _, err := svc.RunDue(ctx, start1); err != nil {
			t.Fatal(err)
		}
		if got, events := active(), e.presetEvents(d.DeviceID); got != "" || len(events) != 0 {
			t.Errorf("a start's job run on the unmanaged thermostat: active schedule %q, events %q", got, events)
		}

		// Managed again: a job per time (thermostatJobs keeps the newest of
		// each), the first's start, passed meanwhile, included; run, it
		// starts the schedule.
		setManaged(true)
		wantJobStates(t, "managed again", e.thermostatJobs(first), map[thermostat.Due]rivertype.JobState{
			start1: scheduled, end1: scheduled})
		wantJobStates(t, "managed again", e.thermostatJobs(second), map[thermostat.Due]rivertype.JobState{
			start2: scheduled, end2: scheduled})
		wantIDs("managed again", e.A, first, true, true)
		wantIDs("managed again", e.A, second, true, true)
		if _, err := svc.RunDue(ctx, start1); err != nil {
			t.Fatal(err)
		}
		if preset, got := presetOf(e.thermostat(d.DeviceID)); preset != "away" || got != first {
			t.Errorf("the start passed meanwhile, run: preset %q, schedule %q", preset, got)
		}

		// Unmanaged while the first is in force and its end passes:
		// managed again, it has no start job (it started), and its end's
		// job ends it.
		setManaged(false)
		e.clock.Advance(3*time.Hour + 30*time.Minute)
		setManaged(true)
		wantJobStates(t, "managed again after the end", e.thermostatJobs(first), map[thermostat.Due]rivertype.JobState{
			start1: cancelled, end1: scheduled})
		wantIDs("managed again after the end", e.A, first, false, true)
		wantJobStates(t, "managed again after the end", e.thermostatJobs(second), map[thermostat.Due]rivertype.JobState{
			start2: scheduled, end2: scheduled})
		if _, err := svc.RunDue(ctx, end1); err != nil {
			t.Fatal(err)
		}
		if preset, got := presetOf(e.thermostat(d.DeviceID)); preset != "home" || got != "" {
			t.Errorf("the end passed meanwhile, run: preset %q, schedule %q; want the fallback", preset, got)
		}
		wantJobStates(t, "the end", e.thermostatJobs(theirs), map[thermostat.Due]rivertype.JobState{
			theirStart: scheduled, theirEnd: scheduled})
	})
}
