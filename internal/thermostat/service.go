package thermostat

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// Devices is the device path (device.Service): Managed finds a managed
// device the caller may see, Push hands a mutation to its connector,
// inline or queued, Act does the same under an action attempt, and
// FailAttempt ends an attempt as the device's failure says.
type Devices interface {
	Managed(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Device, error)
	Push(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation) (queued bool, err error)
	Act(ctx context.Context, tx *store.Tx, d store.Device, actionType string, m connector.Mutation) (client.ActionAttempt, error)
	FailAttempt(ctx context.Context, tx *store.Tx, workspaceID, attemptID string, cause error) error
}

// Scheduler inserts, in tx, a job that runs Service.RunDue at a
// schedule's start or end, and cancels one (job.Queue).
type Scheduler interface {
	ScheduleThermostat(ctx context.Context, tx *store.Tx, due Due) (jobID int64, err error)
	// CancelJobs cancels the jobs ScheduleThermostat inserted whose ids
	// are given (nil ones are skipped); one that has run, or is gone, is
	// left as it is.
	CancelJobs(ctx context.Context, tx *store.Tx, jobIDs ...*int64) error
}

// Action types of this domain, as Seam's API names them.
const (
	ActionSetHvacMode            = "SET_HVAC_MODE"
	ActionSetFanMode             = "SET_FAN_MODE"
	ActionActivateClimatePreset  = "ACTIVATE_CLIMATE_PRESET"
	ActionPushThermostatPrograms = "PUSH_THERMOSTAT_PROGRAMS"
)

// Errors of this domain.
var (
	errScheduleNotFound = lintel.NotFound("thermostat_schedule", "Thermostat schedule not found")
	errProgramNotFound  = lintel.NotFound("thermostat_daily_program", "Thermostat daily program not found")
	errDeviceNotFound   = lintel.NotFound("device", "Device not found")
	errNotSandbox       = lintel.Errorf(lintel.EInvalidInput, "Only the thermostats of a sandbox workspace take simulations")
)

// Service is the thermostats domain: climate settings, presets, schedules
// and programs, pushed to each thermostat through the device path.
type Service struct {
	store   *store.Store
	events  *event.Recorder
	devices Devices
	sched   Scheduler
	log     *slog.Logger
	// now is the domain's clock: whether a schedule's time has come is
	// read from it, so tests can move time.
	now func() time.Time
}

// NewService builds the thermostats domain service. now is its clock
// (time.Now when nil).
func NewService(st *store.Store, events *event.Recorder, devices Devices, log *slog.Logger, now func() time.Time) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, events: events, devices: devices, log: log, now: now}
}

// SetScheduler wires the job queue that runs schedules' starts and ends.
func (s *Service) SetScheduler(sc Scheduler) { s.sched = sc }

// thermostat loads a managed thermostat the caller may see, and its state.
// A device of the caller that is not a thermostat is invalid input.
func (s *Service) thermostat(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Device, state, error) {
	d, err := s.devices.Managed(ctx, tx, p, deviceID)
	if err != nil {
		return d, state{}, err
	}
	st, err := load(ctx, tx, p.WorkspaceID, d.DeviceID)
	if errors.Is(err, store.ErrNotFound) {
		return d, st, invalid("device_id", "The device is not a thermostat")
	}
	return d, st, err
}

// act runs one thermostat action: it checks the request (build refuses
// what the thermostat cannot take, before anything changes) and hands the
// mutation build returns to the device under an attempt of actionType
// (device.Service.Act: device_offline at once for a thermostat known to
// be offline; "success" in this transaction on an inline one; pending on
// a remote one until a worker has the device's answer).
func (s *Service) act(ctx context.Context, p lintel.Principal, deviceID, actionType string,
	build func(tx *store.Tx, d store.Device, st state) (connector.Mutation, error)) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		d, st, err := s.thermostat(ctx, tx, p, deviceID)
		if err != nil {
			return err
		}
		m, err := build(tx, d, st)
		if err != nil {
			return err
		}
		out, err = s.devices.Act(ctx, tx, d, actionType, m)
		return err
	})
	return out, err
}

// Finish makes a thermostat mutation final once the device has it
// (device.Finisher): the thermostat's current setting becomes the one
// pushed, with its event (thermostat.climate_preset_activated for a
// preset, thermostat.manually_adjusted by "seam" otherwise), or its
// programs the ones pushed (programsTaken), and the action attempt, if
// any, succeeds.
func (s *Service) Finish(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation) error {
	if m.Kind == connector.SetClimate && m.Climate != nil {
		st, err := load(ctx, tx, m.WorkspaceID, m.DeviceID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err == nil {
			if err := s.applied(ctx, tx, d, st, m); err != nil {
				return err
			}
		}
	}
	if m.Kind == connector.PushThermostatPrograms && m.Programs != nil {
		if err := s.programsTaken(ctx, tx, m); err != nil {
			return err
		}
	}
	if m.ObjectID == "" {
		return nil
	}
	return attempt.Succeed(ctx, tx, s.events, m.WorkspaceID, m.ObjectID, struct{}{})
}

// applied records the climate a thermostat took.
func (s *Service) applied(ctx context.Context, tx *store.Tx, d store.Device, st state, m connector.Mutation) error {
	c := *m.Climate
	st.row.HvacModeSetting, st.row.FanModeSetting = c.HvacMode, c.FanMode
	st.row.HeatingCelsius, st.row.CoolingCelsius = c.HeatingCelsius, c.CoolingCelsius
	st.row.ClimatePresetKey = nil
	if c.ClimatePresetKey != "" {
		key := c.ClimatePresetKey
		st.row.ClimatePresetKey = &key
	}
	if m.ThermostatScheduleID != "" {
		if m.FallbackPreset {
			st.row.ActiveThermostatScheduleID = nil
		} else {
			id := m.ThermostatScheduleID
			st.row.ActiveThermostatScheduleID = &id
		}
	}
	if err := st.save(ctx, tx); err != nil {
		return err
	}
	e := client.Event{DeviceID: d.DeviceID, ConnectedAccountID: d.ConnectedAccountID}
	if c.ClimatePresetKey != "" {
		e.EventType, e.ClimatePresetKey = event.ThermostatClimatePresetActivated, c.ClimatePresetKey
		e.ThermostatScheduleID = client.Null[string]()
		if m.ThermostatScheduleID != "" {
			e.ThermostatScheduleID = client.Value(m.ThermostatScheduleID)
		}
		fallback := m.FallbackPreset
		e.IsFallbackClimatePreset = &fallback
	} else {
		e = adjustedEvent(d, st.setting(), "seam")
	}
	return s.events.Record(ctx, tx, d.WorkspaceID, e)
}

// adjustedEvent is thermostat.manually_adjusted for a setting, made
// through lintel ("seam") or at the device ("external").
func adjustedEvent(d store.Device, set Setting, method string) client.Event {
	e := client.Event{EventType: event.ThermostatManuallyAdjusted, DeviceID: d.DeviceID,
		ConnectedAccountID: d.ConnectedAccountID, Method: method, HvacModeSetting: set.HvacMode, FanModeSetting: set.FanMode}
	e.HeatingSetPointCelsius, e.HeatingSetPointFahrenheit = optBoth(set.HeatingCelsius)
	e.CoolingSetPointCelsius, e.CoolingSetPointFahrenheit = optBoth(set.CoolingCelsius)
	return e
}

// Fail ends a thermostat mutation the device did not take: its attempt
// ends in error (device.Service.FailAttempt); a schedule whose start or end
// did not reach the device carries the error "climate_not_applied". The
// thermostat's setting stays as it was.
func (s *Service) Fail(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation, cause error) error {
	if m.ThermostatScheduleID != "" {
		sch, err := tx.ThermostatSchedule(ctx, m.WorkspaceID, m.ThermostatScheduleID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err == nil {
			sch.Errors = append(sch.Errors, store.DeviceIssue{Code: "climate_not_applied",
				Message: "The thermostat did not take the schedule's climate preset", CreatedAt: tx.Now()})
			if err := tx.UpdateThermostatSchedule(ctx, m.WorkspaceID, sch); err != nil {
				return err
			}
		}
		s.log.Warn("thermostat did not take a schedule's climate", "workspace_id", m.WorkspaceID, "device_id", m.DeviceID,
			"thermostat_schedule_id", m.ThermostatScheduleID, "cause", cause)
	}
	if m.ObjectID == "" {
		return nil
	}
	return s.devices.FailAttempt(ctx, tx, m.WorkspaceID, m.ObjectID, cause)
}

// invalid is the invalid_input error for one field.
func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}

// notFound maps the store's ErrNotFound to a domain error.
func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

// hidden maps the device's not-found error (a device the caller may not
// see) to the not-found error of the object reached through it.
func hidden(err error, as *lintel.Error) error {
	if lintel.ErrorCode(err) == errDeviceNotFound.Code {
		return as
	}
	return err
}
