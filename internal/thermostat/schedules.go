package thermostat

import (
	"context"
	"errors"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// A schedule puts its thermostat in a climate preset from its starts_at to
// its ends_at. Two jobs, inserted in the transaction that creates the
// schedule (or moves its times), carry it out: at the start the preset is
// pushed to the thermostat and the schedule becomes its active one; at the
// end the thermostat goes back to its fallback preset, if it has one, and
// the schedule stops being active. The schedule keeps its jobs' ids:
// moving a time cancels that time's job and schedules another, deleting
// the schedule cancels both, in the same transaction, and so does
// switching its thermostat to unmanaged (managed again, the schedule gets
// jobs again). A job for a time the schedule no longer has, for a schedule
// that is gone, or for an unmanaged thermostat, does nothing (one
// scheduled before lintel kept their ids).

// Due is a time in a schedule's life at which something must happen. It
// is a scheduled job's argument, so its JSON keys do not change. At is the
// schedule's starts_at or ends_at when the job was scheduled (Unix ms).
type Due struct {
	WorkspaceID          string `json:"workspace_id"`
	ThermostatScheduleID string `json:"thermostat_schedule_id"`
	// What is DueStart or DueEnd.
	What string `json:"what"`
	At   int64  `json:"at"`
}

// What a Due job does.
const (
	DueStart = "start"
	DueEnd   = "end"
)

// Time is when the job is due.
func (d Due) Time() time.Time { return time.UnixMilli(d.At).UTC() }

var errNoScheduler = errors.New("thermostat: schedules need the job queue, which is not wired")

// CreateSchedule adds a schedule to a thermostat: one of its climate
// presets, in force from starts_at to ends_at. The schedule may not
// overlap another of the thermostat's.
func (s *Service) CreateSchedule(ctx context.Context, p lintel.Principal, in client.ThermostatSchedulesCreateParams) (client.ThermostatSchedule, error) {
	var out client.ThermostatSchedule
	starts, ends, err := window(in.StartsAt, in.EndsAt)
	if err != nil {
		return out, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		d, st, err := s.thermostat(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		sch := store.ThermostatSchedule{ThermostatScheduleID: lintel.NewID(), DeviceID: d.DeviceID, Name: in.Name,
			ClimatePresetKey: in.ClimatePresetKey, StartsAt: starts, EndsAt: ends,
			MaxOverridePeriodMinutes: in.MaxOverridePeriodMinutes, IsOverrideAllowed: in.IsOverrideAllowed,
			Errors: []store.DeviceIssue{}, CreatedAt: tx.Now()}
		if err := s.checkSchedule(ctx, tx, d, st, sch); err != nil {
			return err
		}
		sch.WorkspaceID = p.WorkspaceID
		if err := s.scheduleJobs(ctx, tx, &sch, true, true); err != nil {
			return err
		}
		if err := tx.InsertThermostatSchedule(ctx, p.WorkspaceID, sch); err != nil {
			return err
		}
		out = presentSchedule(sch)
		return nil
	})
	return out, err
}

// window reads a schedule's times; ends_at must come after starts_at.
func window(startsAt, endsAt string) (time.Time, time.Time, error) {
	var v lintel.InvalidInput
	starts, err := time.Parse(time.RFC3339Nano, startsAt)
	if err != nil {
		v.Add("starts_at", "Invalid datetime")
	}
	ends, err := time.Parse(time.RFC3339Nano, endsAt)
	if err != nil {
		v.Add("ends_at", "Invalid datetime")
	}
	if v.Empty() && !ends.After(starts) {
		v.Add("ends_at", "Must be after starts_at")
	}
	return starts.UTC().Truncate(time.Millisecond), ends.UTC().Truncate(time.Millisecond), v.Err()
}

// checkSchedule refuses a schedule whose preset the thermostat lacks or
// that overlaps another schedule of the thermostat.
func (s *Service) checkSchedule(ctx context.Context, tx *store.Tx, d store.Device, st state, sch store.ThermostatSchedule) error {
	if _, _, ok := st.preset(sch.ClimatePresetKey); !ok {
		return invalid("climate_preset_key", "The thermostat has no climate preset with this key")
	}
	others, err := tx.ThermostatSchedulesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ThermostatScheduleID != sch.ThermostatScheduleID && o.StartsAt.Before(sch.EndsAt) && sch.StartsAt.Before(o.EndsAt) {
			return invalid("starts_at", "The schedule overlaps thermostat schedule "+o.ThermostatScheduleID)
		}
	}
	return nil
}

// scheduleJobs inserts the jobs of a schedule's start and/or end, in place
// of those it had, which it cancels, and keeps their ids in sch; the
// caller writes sch.
func (s *Service) scheduleJobs(ctx context.Context, tx *store.Tx, sch *store.ThermostatSchedule, start, end bool) error {
	if s.sched == nil {
		return errNoScheduler
	}
	for _, j := range []struct {
		move bool
		what string
		at   time.Time
		id   **int64
	}{{start, DueStart, sch.StartsAt, &sch.StartJobID}, {end, DueEnd, sch.EndsAt, &sch.EndJobID}} {
		if !j.move {
			continue
		}
		if err := s.cancelJobs(ctx, tx, *j.id); err != nil {
			return err
		}
		id, err := s.sched.ScheduleThermostat(ctx, tx, Due{WorkspaceID: sch.WorkspaceID,
			ThermostatScheduleID: sch.ThermostatScheduleID, What: j.what, At: j.at.UnixMilli()})
		if err != nil {
			return err
		}
		*j.id = &id
	}
	return nil
}

// cancelJobs cancels those of a schedule's jobs whose ids are set.
func (s *Service) cancelJobs(ctx context.Context, tx *store.Tx, ids ...*int64) error {
	if s.sched == nil {
		return nil // without a queue no job was scheduled
	}
	return s.sched.CancelJobs(ctx, tx, ids...)
}

// schedule loads a schedule of a thermostat the caller may see.
func (s *Service) schedule(ctx context.Context, tx *store.Tx, p lintel.Principal, id string) (store.ThermostatSchedule, store.Device, error) {
	sch, err := tx.ThermostatSchedule(ctx, p.WorkspaceID, id)
	if err != nil {
		return sch, store.Device{}, notFound(err, errScheduleNotFound)
	}
	// A schedule of a device the caller may not see is not found.
	d, err := s.devices.Managed(ctx, tx, p, sch.DeviceID)
	return sch, d, hidden(err, errScheduleNotFound)
}

// GetSchedule returns one schedule.
func (s *Service) GetSchedule(ctx context.Context, p lintel.Principal, id string) (client.ThermostatSchedule, error) {
	var out client.ThermostatSchedule
	err := s.store.View(ctx, func(tx *store.Tx) error {
		sch, _, err := s.schedule(ctx, tx, p, id)
		out = presentSchedule(sch)
		return err
	})
	return out, err
}

// ListSchedules returns the schedules of a thermostat, by start time. A
// user_identifier_key (which lintel does not keep) matches none.
func (s *Service) ListSchedules(ctx context.Context, p lintel.Principal, in client.ThermostatSchedulesListParams) ([]client.ThermostatSchedule, error) {
	out := []client.ThermostatSchedule{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		d, _, err := s.thermostat(ctx, tx, p, in.DeviceID)
		if err != nil || in.UserIdentifierKey != "" {
			return err
		}
		rows, err := tx.ThermostatSchedulesOfDevice(ctx, p.WorkspaceID, d.DeviceID)
		for _, r := range rows {
			out = append(out, presentSchedule(r))
		}
		return err
	})
	return out, err
}

// UpdateSchedule changes a schedule; absent fields keep their value. New
// times move its jobs. The schedule is checked as on create.
func (s *Service) UpdateSchedule(ctx context.Context, p lintel.Principal, in client.ThermostatSchedulesUpdateParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		sch, d, err := s.schedule(ctx, tx, p, in.ThermostatScheduleID)
		if err != nil {
			return err
		}
		st, err := load(ctx, tx, p.WorkspaceID, d.DeviceID)
		if err != nil {
			return err
		}
		startsAt, endsAt := sch.StartsAt.Format(time.RFC3339Nano), sch.EndsAt.Format(time.RFC3339Nano)
		if in.StartsAt != "" {
			startsAt = in.StartsAt
		}
		if in.EndsAt != "" {
			endsAt = in.EndsAt
		}
		starts, ends, err := window(startsAt, endsAt)
		if err != nil {
			return err
		}
		moveStart, moveEnd := !starts.Equal(sch.StartsAt), !ends.Equal(sch.EndsAt)
		sch.StartsAt, sch.EndsAt = starts, ends
		presetChanged := in.ClimatePresetKey != "" && in.ClimatePresetKey != sch.ClimatePresetKey
		if in.ClimatePresetKey != "" {
			sch.ClimatePresetKey = in.ClimatePresetKey
		}
		if in.Name != nil {
			sch.Name = in.Name
		}
		if in.MaxOverridePeriodMinutes != nil {
			sch.MaxOverridePeriodMinutes = in.MaxOverridePeriodMinutes
		}
		if in.IsOverrideAllowed != nil {
			sch.IsOverrideAllowed = in.IsOverrideAllowed
		}
		if err := s.checkSchedule(ctx, tx, d, st, sch); err != nil {
			return err
		}
		if err := s.scheduleJobs(ctx, tx, &sch, moveStart, moveEnd); err != nil {
			return err
		}
		if err := tx.UpdateThermostatSchedule(ctx, p.WorkspaceID, sch); err != nil {
			return err
		}
		// A schedule in force whose new times no longer hold now ends now;
		// one that stays in force with another preset takes it now. (A
		// schedule whose new start is past is started by its start job.)
		if active := st.row.ActiveThermostatScheduleID; active == nil || *active != sch.ThermostatScheduleID {
			return nil
		}
		if now := s.now(); now.Before(sch.StartsAt) || !now.Before(sch.EndsAt) {
			return s.end(ctx, tx, d, sch)
		}
		if presetChanged {
			return s.start(ctx, tx, d, sch)
		}
		return nil
	})
}

// DeleteSchedule deletes a schedule and cancels its jobs. A schedule in
// force ends now, as it would have at its end.
func (s *Service) DeleteSchedule(ctx context.Context, p lintel.Principal, id string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		sch, d, err := s.schedule(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := tx.DeleteThermostatSchedule(ctx, p.WorkspaceID, sch.ThermostatScheduleID); err != nil {
			return err
		}
		if err := s.cancelJobs(ctx, tx, sch.StartJobID, sch.EndJobID); err != nil {
			return err
		}
		return s.end(ctx, tx, d, sch)
	})
}

// DeviceManagedChanged is told, in tx, that d became unmanaged
// (devices/update with is_managed false) or managed again
// (devices/unmanaged/update; device.Service.OnManagedChanged). An
// unmanaged thermostat is not lintel's to change, so the jobs of its
// schedules' times are cancelled and the schedules forget their ids; the
// schedules stay. Managed again, a schedule that has not ended gets the
// jobs of its start and its end again, at their times: a start passed
// meanwhile runs at once and pushes the preset, as a late start job does,
// unless the schedule is in force already. One in force whose end passed
// meanwhile gets the job of its end, which runs at once and ends it; one
// that ended otherwise needs none.
func (s *Service) DeviceManagedChanged(ctx context.Context, tx *store.Tx, d store.Device) error {
	schedules, err := tx.ThermostatSchedulesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil || len(schedules) == 0 {
		return err
	}
	var active string
	if d.IsManaged {
		st, err := load(ctx, tx, d.WorkspaceID, d.DeviceID)
		if err != nil {
			return err
		}
		if id := st.row.ActiveThermostatScheduleID; id != nil {
			active = *id
		}
	}
	now := s.now()
	for _, sch := range schedules {
		had := sch.StartJobID != nil || sch.EndJobID != nil
		// Jobs it still has are cancelled first: scheduleJobs replaces
		// only those it schedules again.
		if err := s.cancelJobs(ctx, tx, sch.StartJobID, sch.EndJobID); err != nil {
			return err
		}
		sch.StartJobID, sch.EndJobID = nil, nil
		if d.IsManaged {
			ended, inForce := !now.Before(sch.EndsAt), sch.ThermostatScheduleID == active
			if err := s.scheduleJobs(ctx, tx, &sch, !ended && !inForce, !ended || inForce); err != nil {
				return err
			}
		}
		if !had && sch.StartJobID == nil && sch.EndJobID == nil {
			continue
		}
		if err := tx.UpdateThermostatSchedule(ctx, sch.WorkspaceID, sch); err != nil {
			return err
		}
	}
	return nil
}

// DeviceGone cancels the jobs of a thermostat's schedules just before the
// device leaves lintel (device.Service.OnDeviceGone): the schedules go
// with its row, and their jobs would only run to find nothing.
func (s *Service) DeviceGone(ctx context.Context, tx *store.Tx, d store.Device) error {
	schedules, err := tx.ThermostatSchedulesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	for _, sch := range schedules {
		if err := s.cancelJobs(ctx, tx, sch.StartJobID, sch.EndJobID); err != nil {
			return err
		}
	}
	return nil
}

// RunDue does what a schedule needs at one of its times. It returns how
// long to wait if that time has not come yet by the domain's clock (the
// job then runs again later). A job for a time the schedule no longer
// has, for a schedule that is gone, or for one of a thermostat no longer
// managed, does nothing.
func (s *Service) RunDue(ctx context.Context, due Due) (time.Duration, error) {
	var wait time.Duration
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		wait = 0
		sch, err := tx.ThermostatSchedule(ctx, due.WorkspaceID, due.ThermostatScheduleID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		at := sch.StartsAt
		if due.What == DueEnd {
			at = sch.EndsAt
		}
		if at.UnixMilli() != due.At {
			return nil
		}
		d, err := tx.Device(ctx, sch.WorkspaceID, sch.DeviceID)
		if err != nil {
			return err
		}
		// An unmanaged thermostat's jobs were cancelled
		// (DeviceManagedChanged); one that runs anyway leaves it alone.
		if !d.IsManaged {
			return nil
		}
		if now := s.now(); now.Before(at) {
			wait = at.Sub(now)
			return nil
		}
		if due.What == DueStart {
			return s.start(ctx, tx, d, sch)
		}
		return s.end(ctx, tx, d, sch)
	})
	return wait, err
}

// start pushes a schedule's preset to its thermostat, unless the schedule
// is already over (its end job ends it).
func (s *Service) start(ctx context.Context, tx *store.Tx, d store.Device, sch store.ThermostatSchedule) error {
	if !s.now().Before(sch.EndsAt) {
		return nil
	}
	st, err := load(ctx, tx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	pr, _, ok := st.preset(sch.ClimatePresetKey)
	if !ok {
		sch.Errors = append(sch.Errors, store.DeviceIssue{Code: "climate_preset_not_found",
			Message: "The thermostat no longer has the schedule's climate preset", CreatedAt: tx.Now()})
		return tx.UpdateThermostatSchedule(ctx, sch.WorkspaceID, sch)
	}
	c := pr.Climate(st.row.FanModeSetting)
	_, err = s.devices.Push(ctx, tx, d, connector.Mutation{Kind: connector.SetClimate, Climate: &c,
		ThermostatScheduleID: sch.ThermostatScheduleID})
	return err
}

// end ends a schedule that is its thermostat's active one: the thermostat
// goes back to its fallback preset if it has one; otherwise it keeps its
// setting and simply has no active schedule.
func (s *Service) end(ctx context.Context, tx *store.Tx, d store.Device, sch store.ThermostatSchedule) error {
	st, err := load(ctx, tx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	if st.row.ActiveThermostatScheduleID == nil || *st.row.ActiveThermostatScheduleID != sch.ThermostatScheduleID {
		return nil
	}
	if key := st.row.FallbackClimatePresetKey; key != nil {
		if pr, _, ok := st.preset(*key); ok {
			c := pr.Climate(st.row.FanModeSetting)
			_, err := s.devices.Push(ctx, tx, d, connector.Mutation{Kind: connector.SetClimate, Climate: &c,
				ThermostatScheduleID: sch.ThermostatScheduleID, FallbackPreset: true})
			return err
		}
	}
	st.row.ActiveThermostatScheduleID = nil
	return st.save(ctx, tx)
}
