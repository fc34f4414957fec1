package job_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/thermostat"
)

// connectEcobee signs Jane's ecobee in to workspace A and returns its
// first thermostat, in the sandbox configuration given.
func (e *env) connectEcobee(c connector.SandboxConfig) store.Device {
	e.t.Helper()
	return e.connectEcobeeTo(e.A, c)
}

// connectEcobeeTo signs Jane's ecobee in to a workspace and returns its
// first thermostat, in the sandbox configuration given.
func (e *env) connectEcobeeTo(ws seed.Workspace, c connector.SandboxConfig) store.Device {
	e.t.Helper()
	ctx := context.Background()
	var d store.Device
	err := e.st.InTx(ctx, func(tx *store.Tx) error {
		out, err := e.app.Providers.ConnectTx(ctx, tx, ws.WorkspaceID, provider.ConnectRequest{Provider: "ecobee",
			Login: provider.Login{Email: provider.JaneEmail}, AutomaticallyManageNewDevices: true})
		if err != nil {
			return err
		}
		id := out.Devices[0].DeviceID
		if err := tx.SetDeviceConnectorConfig(ctx, ws.WorkspaceID, id, c.String()); err != nil {
			return err
		}
		d, err = tx.Device(ctx, ws.WorkspaceID, id)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// thermostat reads a thermostat's properties as W_A's API shows them.
func (e *env) thermostat(deviceID string) client.ThermostatProperties {
	e.t.Helper()
	d, err := e.app.Devices.GetThermostat(context.Background(), principal(e.A), client.ThermostatsGetParams{DeviceID: deviceID})
	if err != nil {
		e.t.Fatal(err)
	}
	return d.Properties.ThermostatProperties
}

// presetOf is the key of the preset a thermostat is in ("" for none) and
// its active schedule ("" for none).
func presetOf(p client.ThermostatProperties) (preset, schedule string) {
	if p.CurrentClimateSetting != nil {
		preset = p.CurrentClimateSetting.ClimatePresetKey
	}
	if p.ActiveThermostatScheduleID != nil {
		schedule = *p.ActiveThermostatScheduleID
	}
	return preset, schedule
}

// thermostatJobs lists the scheduled jobs of a schedule, by what they do
// and when.
func (e *env) thermostatJobs(id string) map[thermostat.Due]*rivertype.JobRow {
	e.t.Helper()
	jobs, err := e.app.Jobs.JobsOfKind(context.Background(), "thermostat_schedule_due")
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[thermostat.Due]*rivertype.JobRow{}
	for _, j := range jobs {
		due, err := job.ThermostatDueOf(j)
		if err != nil {
			e.t.Fatal(err)
		}
		if due.ThermostatScheduleID == id {
			out[due] = j
		}
	}
	return out
}

// runThermostatDue makes the job of one of a schedule's times run now and
// waits until it has run (completed, or snoozed until its time).
func (e *env) runThermostatDue(due thermostat.Due) {
	e.t.Helper()
	j, ok := e.thermostatJobs(due.ThermostatScheduleID)[due]
	if !ok {
		e.t.Fatalf("no job for %+v", due)
	}
	before := j.AttemptedAt
	if err := e.app.Jobs.RunNow(context.Background(), j.ID); err != nil {
		e.t.Fatal(err)
	}
	e.eventually("the job ran", func() (bool, error) {
		j := e.thermostatJobs(due.ThermostatScheduleID)[due]
		ran := j.AttemptedAt != nil && (before == nil || j.AttemptedAt.After(*before))
		return ran && (j.State == rivertype.JobStateCompleted || j.State == rivertype.JobStateScheduled), nil
	})
}

// presetEvents lists W_A's thermostat.climate_preset_activated events,
// oldest first, as "key schedule fallback".
func (e *env) presetEvents(deviceID string) []string {
	e.t.Helper()
	var out []string
	e.view(func(ctx context.Context, tx *store.Tx) error {
		rows, err := tx.ListEvents(ctx, e.A.WorkspaceID, store.EventFilter{DeviceIDs: []string{deviceID},
			EventTypes: []string{"thermostat.climate_preset_activated"}, Limit: 100})
		for _, r := range rows {
			ev, err := event.Present(r)
			if err != nil {
				return err
			}
			line := ev.ClimatePresetKey + " " + ev.ThermostatScheduleID.Value
			if ev.IsFallbackClimatePreset != nil && *ev.IsFallbackClimatePreset {
				line += " fallback"
			}
			out = append(out, line)
		}
		return err
	})
	slices.Reverse(out) // the log lists the newest first
	return out
}

// TestThermostatSchedule: a schedule puts its thermostat in its preset at
// starts_at and back in the fallback preset at ends_at, by jobs scheduled
// in the transaction that created it, by the domain's clock; moving it
// moves its jobs (a job for the old time does nothing), a job that runs
// early waits, and a deleted schedule's jobs have nothing to do.
func TestThermostatSchedule(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{users: 1})
		ctx := context.Background()
		p := principal(e.A)
		d := e.connectEcobee(connector.SandboxConfig{})
		svc := e.app.Thermostats
		if err := svc.SetFallbackClimatePreset(ctx, p, client.ThermostatsClimatePresetKeyParams{DeviceID: d.DeviceID,
			ClimatePresetKey: "home"}); err != nil {
			t.Fatal(err)
		}
		t0 := e.clock.Now().UTC().Truncate(time.Second)
		starts, ends := t0.Add(time.Hour), t0.Add(3*time.Hour)
		sch, err := svc.CreateSchedule(ctx, p, client.ThermostatSchedulesCreateParams{DeviceID: d.DeviceID,
			ClimatePresetKey: "away", StartsAt: starts.Format(time.RFC3339), EndsAt: ends.Format(time.RFC3339)})
		if err != nil {
			t.Fatal(err)
		}
		id := sch.ThermostatScheduleID
		start := thermostat.Due{WorkspaceID: e.A.WorkspaceID, ThermostatScheduleID: id, What: thermostat.DueStart, At: starts.UnixMilli()}
		end := thermostat.Due{WorkspaceID: e.A.WorkspaceID, ThermostatScheduleID: id, What: thermostat.DueEnd, At: ends.UnixMilli()}
		jobs := e.thermostatJobs(id)
		if len(jobs) != 2 || jobs[start] == nil || !jobs[start].ScheduledAt.Equal(starts) || jobs[end] == nil ||
			!jobs[end].ScheduledAt.Equal(ends) {
			t.Fatalf("scheduled jobs = %v", jobs)
		}

		// Moved: the start goes to t0+2h.
		moved := t0.Add(2 * time.Hour)
		if err := svc.UpdateSchedule(ctx, p, client.ThermostatSchedulesUpdateParams{ThermostatScheduleID: id,
			StartsAt: moved.Format(time.RFC3339)}); err != nil {
			t.Fatal(err)
		}
		newStart := start
		newStart.At = moved.UnixMilli()
		if j := e.thermostatJobs(id)[newStart]; j == nil || !j.ScheduledAt.Equal(moved) {
			t.Fatalf("no job at the new start: %v", e.thermostatJobs(id))
		}
		// The old start's job was cancelled (TestThermostatScheduleJobsAreCancelled);
		// one left from before lintel kept job ids finds nothing to do.
		e.clock.Advance(time.Hour)
		if _, err := svc.RunDue(ctx, start); err != nil {
			t.Fatal(err)
		}
		if preset, active := presetOf(e.thermostat(d.DeviceID)); preset != "" || active != "" {
			t.Errorf("at the old start: preset %q, schedule %q", preset, active)
		}
		// The new start's job, run early, waits.
		e.clock.Advance(30 * time.Minute)
		e.runThermostatDue(newStart)
		if preset, active := presetOf(e.thermostat(d.DeviceID)); preset != "" || active != "" {
			t.Errorf("before the new start: preset %q, schedule %q", preset, active)
		}
		// At the new start, the thermostat takes the schedule's preset.
		e.clock.Advance(30 * time.Minute)
		e.runThermostatDue(newStart)
		props := e.thermostat(d.DeviceID)
		if preset, active := presetOf(props); preset != "away" || active != id {
			t.Errorf("at the start: preset %q, schedule %q", preset, active)
		}
		if c := props.CurrentClimateSetting; c == nil || *c.HeatingSetPointCelsius != 16 || *c.CoolingSetPointCelsius != 28 {
			t.Errorf("at the start: climate %+v", c)
		}
		// At the end, it goes back to its fallback preset.
		e.clock.Advance(time.Hour)
		e.runThermostatDue(end)
		if preset, active := presetOf(e.thermostat(d.DeviceID)); preset != "home" || active != "" {
			t.Errorf("after the end: preset %q, schedule %q", preset, active)
		}
		want := []string{"away " + id, "home " + id + " fallback"}
		if got := e.presetEvents(d.DeviceID); !slices.Equal(got, want) {
			t.Errorf("events = %q, want %q", got, want)
		}

		// A deleted schedule's jobs do nothing.
		later, err := svc.CreateSchedule(ctx, p, client.ThermostatSchedulesCreateParams{DeviceID: d.DeviceID,
			ClimatePresetKey: "sleep", StartsAt: t0.Add(5 * time.Hour).Format(time.RFC3339),
			EndsAt: t0.Add(6 * time.Hour).Format(time.RFC3339)})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.DeleteSchedule(ctx, p, later.ThermostatScheduleID); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(3 * time.Hour)
		if _, err := svc.RunDue(ctx, thermostat.Due{WorkspaceID: e.A.WorkspaceID,
			ThermostatScheduleID: later.ThermostatScheduleID, What: thermostat.DueStart,
			At: t0.Add(5 * time.Hour).UnixMilli()}); err != nil {
			t.Fatal(err)
		}
		if preset, active := presetOf(e.thermostat(d.DeviceID)); preset != "home" || active != "" {
			t.Errorf("after a deleted schedule's start: preset %q, schedule %q", preset, active)
		}

		// A schedule in force: another preset takes effect at once, and a
		// start moved past now ends it at once (back to the fallback).
		now := e.clock.Now().UTC().Truncate(time.Second)
		running, err := svc.CreateSchedule(ctx, p, client.ThermostatSchedulesCreateParams{DeviceID: d.DeviceID,
			ClimatePresetKey: "away", StartsAt: now.Add(-time.Minute).Format(time.RFC3339),
			EndsAt: now.Add(time.Hour).Format(time.RFC3339)})
		if err != nil {
			t.Fatal(err)
		}
		rid := running.ThermostatScheduleID
		e.runThermostatDue(thermostat.Due{WorkspaceID: e.A.WorkspaceID, ThermostatScheduleID: rid,
			What: thermostat.DueStart, At: now.Add(-time.Minute).UnixMilli()})
		if preset, active := presetOf(e.thermostat(d.DeviceID)); preset != "away" || active != rid {
			t.Fatalf("a running schedule: preset %q, schedule %q", preset, active)
		}
		if err := svc.UpdateSchedule(ctx, p, client.ThermostatSchedulesUpdateParams{ThermostatScheduleID: rid,
			ClimatePresetKey: "sleep"}); err != nil {
			t.Fatal(err)
		}
		if preset, active := presetOf(e.thermostat(d.DeviceID)); preset != "sleep" || active != rid {
			t.Errorf("its preset changed: preset %q, schedule %q; want sleep at once", preset, active)
		}
		if err := svc.UpdateSchedule(ctx, p, client.ThermostatSchedulesUpdateParams{ThermostatScheduleID: rid,
			StartsAt: now.Add(30 * time.Minute).Format(time.RFC3339)}); err != nil {
			t.Fatal(err)
		}
		if preset, active := presetOf(e.thermostat(d.DeviceID)); preset != "home" || active != "" {
			t.Errorf("its start moved past now: preset %q, schedule %q; want the fallback at once", preset, active)
		}
	})
}

// TestThermostatOnARemoteDevice: a thermostat in remote mode answers its
// actions with pending attempts that succeed once a worker has reached it,
// the setting changing only then; one that went offline unbeknown to
// lintel ends the attempt in device_offline and keeps its setting.
func TestThermostatOnARemoteDevice(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{users: 1})
		ctx := context.Background()
		p := principal(e.A)
		d := e.connectEcobee(connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: 50})
		heat := func(celsius float64) client.ActionAttempt {
			t.Helper()
			a, err := e.app.Thermostats.Heat(ctx, p, client.ThermostatsHeatParams{DeviceID: d.DeviceID,
				HeatingSetPointCelsius: &celsius})
			if err != nil {
				t.Fatal(err)
			}
			if a.Status != client.ActionAttemptStatusPending {
				t.Fatalf("attempt %+v, want pending", a)
			}
			return a
		}
		attemptOf := func(id string) client.ActionAttempt {
			a, err := e.app.Attempts.Get(ctx, p, id)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		a := heat(22.5)
		e.eventually("the attempt succeeded", func() (bool, error) {
			return attemptOf(a.ActionAttemptID).Status == client.ActionAttemptStatusSuccess, nil
		})
		props := e.thermostat(d.DeviceID)
		if c := props.CurrentClimateSetting; c.HvacModeSetting != "heat" || *c.HeatingSetPointCelsius != 22.5 {
			t.Errorf("after the attempt: %+v", c)
		}
		var onDevice connector.ProviderClimate
		e.view(func(ctx context.Context, tx *store.Tx) error {
			var err error
			onDevice, err = connector.SandboxClimate(ctx, tx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
			return err
		})
		if onDevice.HvacMode != "heat" || *onDevice.HeatingCelsius != 22.5 {
			t.Errorf("the simulated thermostat holds %+v", onDevice)
		}

		// Offline at the device: the worker's exchange fails for good.
		e.setSandboxOnline(d, false)
		a = heat(19)
		e.eventually("the attempt failed", func() (bool, error) {
			return attemptOf(a.ActionAttemptID).Status == client.ActionAttemptStatusError, nil
		})
		if got := attemptOf(a.ActionAttemptID); got.Error == nil || got.Error.Type != "device_offline" {
			t.Errorf("attempt %+v, want device_offline", got)
		}
		if c := e.thermostat(d.DeviceID).CurrentClimateSetting; *c.HeatingSetPointCelsius != 22.5 {
			t.Errorf("after the failed attempt: %+v", c)
		}
	})
}
