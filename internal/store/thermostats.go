package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// Thermostat is what lintel knows of a thermostat device beside its devices
// row: its current climate setting, the temperature and humidity it last
// reported, its temperature threshold, fallback preset, schedule in force
// and programs. Temperatures are in Celsius. Model (what the thermostat's
// model can do, a JSON object), ClimatePresets (a JSON array) and
// WeeklyProgram (a JSON object, nil for none) are documents the thermostat
// domain owns.
type Thermostat struct {
	DeviceID         string
	WorkspaceID      string
	Model            string
	HvacModeSetting  string
	FanModeSetting   string
	HeatingCelsius   *float64
	CoolingCelsius   *float64
	ClimatePresetKey *string
	// TemperatureCelsius and RelativeHumidity (0 to 1) are what the device
	// last reported.
	TemperatureCelsius float64
	RelativeHumidity   *float64
	// LowerLimitCelsius and UpperLimitCelsius bound the temperature
	// threshold (nil: no bound); ThresholdExceeded says the temperature was
	// outside them when last reported.
	LowerLimitCelsius          *float64
	UpperLimitCelsius          *float64
	ThresholdExceeded          bool
	FallbackClimatePresetKey   *string
	ActiveThermostatScheduleID *string
	ClimatePresets             string
	WeeklyProgram              *string
	UpdatedAt                  time.Time
}

const thermostatColumns = `device_id, workspace_id, model, hvac_mode_setting, fan_mode_setting, heating_set_point_celsius,
	cooling_set_point_celsius, climate_preset_key, temperature_celsius, relative_humidity, lower_limit_celsius,
	upper_limit_celsius, threshold_exceeded, fallback_climate_preset_key, active_thermostat_schedule_id,
	climate_presets, weekly_program, updated_at`

func scanThermostat(r rowScanner) (Thermostat, error) {
	var t Thermostat
	var heating, cooling, humidity, lower, upper sql.NullFloat64
	var preset, fallback, schedule, weekly sql.NullString
	var updated int64
	err := r.Scan(&t.DeviceID, &t.WorkspaceID, &t.Model, &t.HvacModeSetting, &t.FanModeSetting, &heating, &cooling, &preset,
		&t.TemperatureCelsius, &humidity, &lower, &upper, &t.ThresholdExceeded, &fallback, &schedule,
		&t.ClimatePresets, &weekly, &updated)
	t.HeatingCelsius, t.CoolingCelsius, t.RelativeHumidity = nullFloat(heating), nullFloat(cooling), nullFloat(humidity)
	t.LowerLimitCelsius, t.UpperLimitCelsius = nullFloat(lower), nullFloat(upper)
	t.ClimatePresetKey, t.FallbackClimatePresetKey = nullString(preset), nullString(fallback)
	t.ActiveThermostatScheduleID, t.WeeklyProgram = nullString(schedule), nullString(weekly)
	t.UpdatedAt = fromMS(updated)
	return t, err
}

func nullFloat(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	f := v.Float64
	return &f
}

// InsertThermostat stores the thermostat state of a device of the
// workspace; ErrNotFound if the device is not the workspace's.
func (tx *Tx) InsertThermostat(ctx context.Context, workspaceID string, t Thermostat) error {
	if t.ClimatePresets == "" {
		t.ClimatePresets = "[]"
	}
	if t.Model == "" {
		t.Model = "{}"
	}
	return execOne(ctx, tx, `INSERT INTO thermostats (`+thermostatColumns+`)
		SELECT $1, $2, $18, $3, $4, CAST($5 AS DOUBLE PRECISION), CAST($6 AS DOUBLE PRECISION), $7,
		CAST($8 AS DOUBLE PRECISION), CAST($9 AS DOUBLE PRECISION), CAST($10 AS DOUBLE PRECISION),
		CAST($11 AS DOUBLE PRECISION), CAST($12 AS BOOLEAN), $13, $14, $15, $16, CAST($17 AS BIGINT)
		WHERE `+inWorkspace("devices", "device_id", "$2", "$1"),
		t.DeviceID, workspaceID, t.HvacModeSetting, t.FanModeSetting, t.HeatingCelsius, t.CoolingCelsius,
		t.ClimatePresetKey, t.TemperatureCelsius, t.RelativeHumidity, t.LowerLimitCelsius, t.UpperLimitCelsius,
		t.ThresholdExceeded, t.FallbackClimatePresetKey, t.ActiveThermostatScheduleID, t.ClimatePresets, t.WeeklyProgram,
		ms(tx.now), t.Model)
}

// Thermostat loads the thermostat state of a device of the workspace;
// ErrNotFound if there is none (the device is not a thermostat, or not the
// workspace's).
func (tx *Tx) Thermostat(ctx context.Context, workspaceID, deviceID string) (Thermostat, error) {
	t, err := scanThermostat(tx.q.QueryRowContext(ctx, `SELECT `+thermostatColumns+` FROM thermostats
		WHERE workspace_id = $1 AND device_id = $2`, workspaceID, deviceID))
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// UpdateThermostat rewrites the thermostat state of a device of the
// workspace; ErrNotFound if it is not the workspace's.
func (tx *Tx) UpdateThermostat(ctx context.Context, workspaceID string, t Thermostat) error {
	if t.ClimatePresets == "" {
		t.ClimatePresets = "[]"
	}
	return execOne(ctx, tx, `UPDATE thermostats SET hvac_mode_setting = $1, fan_mode_setting = $2,
		heating_set_point_celsius = $3, cooling_set_point_celsius = $4, climate_preset_key = $5, temperature_celsius = $6,
		relative_humidity = $7, lower_limit_celsius = $8, upper_limit_celsius = $9, threshold_exceeded = $10,
		fallback_climate_preset_key = $11, active_thermostat_schedule_id = $12, climate_presets = $13,
		weekly_program = $14, updated_at = $15 WHERE workspace_id = $16 AND device_id = $17`,
		t.HvacModeSetting, t.FanModeSetting, t.HeatingCelsius, t.CoolingCelsius, t.ClimatePresetKey, t.TemperatureCelsius,
		t.RelativeHumidity, t.LowerLimitCelsius, t.UpperLimitCelsius, t.ThresholdExceeded, t.FallbackClimatePresetKey,
		t.ActiveThermostatScheduleID, t.ClimatePresets, t.WeeklyProgram, ms(tx.now), workspaceID, t.DeviceID)
}

// ThermostatSchedule is a climate preset in force on a thermostat between
// two times.
type ThermostatSchedule struct {
	ThermostatScheduleID     string
	WorkspaceID              string
	DeviceID                 string
	Name                     *string
	ClimatePresetKey         string
	StartsAt                 time.Time
	EndsAt                   time.Time
	MaxOverridePeriodMinutes *int
	IsOverrideAllowed        *bool
	Errors                   []DeviceIssue
	CreatedAt                time.Time
	// StartJobID and EndJobID are the queue's jobs (river_job.id) that
	// start and end the schedule at its times, if any.
	StartJobID *int64
	EndJobID   *int64
}

const thermostatScheduleColumns = `thermostat_schedule_id, workspace_id, device_id, name, climate_preset_key, starts_at,
	ends_at, max_override_period_minutes, is_override_allowed, errors, created_at, start_job_id, end_job_id`

func scanThermostatSchedule(r rowScanner) (ThermostatSchedule, error) {
	var s ThermostatSchedule
	var name sql.NullString
	var maxOverride sql.NullInt64
	var override sql.NullBool
	var starts, ends, created int64
	var errs string
	var startJob, endJob sql.NullInt64
	err := r.Scan(&s.ThermostatScheduleID, &s.WorkspaceID, &s.DeviceID, &name, &s.ClimatePresetKey, &starts, &ends,
		&maxOverride, &override, &errs, &created, &startJob, &endJob)
	if err != nil {
		return s, err
	}
	s.StartJobID, s.EndJobID = nullInt64(startJob), nullInt64(endJob)
	s.Name = nullString(name)
	if maxOverride.Valid {
		n := int(maxOverride.Int64)
		s.MaxOverridePeriodMinutes = &n
	}
	if override.Valid {
		s.IsOverrideAllowed = &override.Bool
	}
	s.StartsAt, s.EndsAt, s.CreatedAt = fromMS(starts), fromMS(ends), fromMS(created)
	return s, json.Unmarshal([]byte(errs), &s.Errors)
}

// InsertThermostatSchedule stores a schedule of a thermostat of the
// workspace; ErrNotFound if the device is not the workspace's.
func (tx *Tx) InsertThermostatSchedule(ctx context.Context, workspaceID string, s ThermostatSchedule) error {
	errs, err := jsonList(s.Errors)
	if err != nil {
		return err
	}
	return execOne(ctx, tx, `INSERT INTO thermostat_schedules (`+thermostatScheduleColumns+`)
		SELECT $1, $2, $3, $4, $5, CAST($6 AS BIGINT), CAST($7 AS BIGINT), CAST($8 AS INTEGER), CAST($9 AS BOOLEAN), $10,
		CAST($11 AS BIGINT), CAST($12 AS BIGINT), CAST($13 AS BIGINT) WHERE `+inWorkspace("devices", "device_id", "$2", "$3"),
		s.ThermostatScheduleID, workspaceID, s.DeviceID, s.Name, s.ClimatePresetKey, ms(s.StartsAt), ms(s.EndsAt),
		s.MaxOverridePeriodMinutes, s.IsOverrideAllowed, errs, ms(s.CreatedAt), s.StartJobID, s.EndJobID)
}

// ThermostatSchedule loads a schedule of the workspace.
func (tx *Tx) ThermostatSchedule(ctx context.Context, workspaceID, scheduleID string) (ThermostatSchedule, error) {
	s, err := scanThermostatSchedule(tx.q.QueryRowContext(ctx, `SELECT `+thermostatScheduleColumns+`
		FROM thermostat_schedules WHERE workspace_id = $1 AND thermostat_schedule_id = $2`, workspaceID, scheduleID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	return s, err
}

// ThermostatSchedulesOfDevice lists the schedules of a thermostat of the
// workspace, by start time.
func (tx *Tx) ThermostatSchedulesOfDevice(ctx context.Context, workspaceID, deviceID string) ([]ThermostatSchedule, error) {
	return queryList(ctx, tx, scanThermostatSchedule, `SELECT `+thermostatScheduleColumns+` FROM thermostat_schedules
		WHERE workspace_id = $1 AND device_id = $2 ORDER BY starts_at, thermostat_schedule_id`, workspaceID, deviceID)
}

// UpdateThermostatSchedule rewrites a schedule of the workspace (all but
// its id, device and creation time); ErrNotFound if it is not the
// workspace's.
func (tx *Tx) UpdateThermostatSchedule(ctx context.Context, workspaceID string, s ThermostatSchedule) error {
	errs, err := jsonList(s.Errors)
	if err != nil {
		return err
	}
	return execOne(ctx, tx, `UPDATE thermostat_schedules SET name = $1, climate_preset_key = $2, starts_at = $3,
		ends_at = $4, max_override_period_minutes = $5, is_override_allowed = $6, errors = $7,
		start_job_id = CAST($8 AS BIGINT), end_job_id = CAST($9 AS BIGINT)
		WHERE workspace_id = $10 AND thermostat_schedule_id = $11`,
		s.Name, s.ClimatePresetKey, ms(s.StartsAt), ms(s.EndsAt), s.MaxOverridePeriodMinutes, s.IsOverrideAllowed, errs,
		s.StartJobID, s.EndJobID, workspaceID, s.ThermostatScheduleID)
}

// DeleteThermostatSchedule deletes a schedule of the workspace; ErrNotFound
// if it is not the workspace's.
func (tx *Tx) DeleteThermostatSchedule(ctx context.Context, workspaceID, scheduleID string) error {
	return execOne(ctx, tx, `DELETE FROM thermostat_schedules WHERE workspace_id = $1 AND thermostat_schedule_id = $2`,
		workspaceID, scheduleID)
}

// ThermostatDailyProgram is a named day of a thermostat's program: Periods
// is a JSON array the thermostat domain owns.
type ThermostatDailyProgram struct {
	ThermostatDailyProgramID string
	WorkspaceID              string
	DeviceID                 string
	Name                     *string
	Periods                  string
	CreatedAt                time.Time
}

const thermostatDailyProgramColumns = `thermostat_daily_program_id, workspace_id, device_id, name, periods, created_at`

func scanThermostatDailyProgram(r rowScanner) (ThermostatDailyProgram, error) {
	var p ThermostatDailyProgram
	var name sql.NullString
	var created int64
	err := r.Scan(&p.ThermostatDailyProgramID, &p.WorkspaceID, &p.DeviceID, &name, &p.Periods, &created)
	p.Name, p.CreatedAt = nullString(name), fromMS(created)
	return p, err
}

// InsertThermostatDailyProgram stores a daily program of a thermostat of
// the workspace; ErrNotFound if the device is not the workspace's.
func (tx *Tx) InsertThermostatDailyProgram(ctx context.Context, workspaceID string, p ThermostatDailyProgram) error {
	if p.Periods == "" {
		p.Periods = "[]"
	}
	return execOne(ctx, tx, `INSERT INTO thermostat_daily_programs (`+thermostatDailyProgramColumns+`)
		SELECT $1, $2, $3, $4, $5, CAST($6 AS BIGINT) WHERE `+inWorkspace("devices", "device_id", "$2", "$3"),
		p.ThermostatDailyProgramID, workspaceID, p.DeviceID, p.Name, p.Periods, ms(p.CreatedAt))
}

// ThermostatDailyProgram loads a daily program of the workspace.
func (tx *Tx) ThermostatDailyProgram(ctx context.Context, workspaceID, programID string) (ThermostatDailyProgram, error) {
	p, err := scanThermostatDailyProgram(tx.q.QueryRowContext(ctx, `SELECT `+thermostatDailyProgramColumns+`
		FROM thermostat_daily_programs WHERE workspace_id = $1 AND thermostat_daily_program_id = $2`, workspaceID, programID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// ThermostatDailyProgramsOfDevice lists the daily programs of a thermostat
// of the workspace, oldest first.
func (tx *Tx) ThermostatDailyProgramsOfDevice(ctx context.Context, workspaceID, deviceID string) ([]ThermostatDailyProgram, error) {
	return queryList(ctx, tx, scanThermostatDailyProgram, `SELECT `+thermostatDailyProgramColumns+`
		FROM thermostat_daily_programs WHERE workspace_id = $1 AND device_id = $2
		ORDER BY created_at, thermostat_daily_program_id`, workspaceID, deviceID)
}

// UpdateThermostatDailyProgram rewrites a daily program's name and periods;
// ErrNotFound if it is not the workspace's.
func (tx *Tx) UpdateThermostatDailyProgram(ctx context.Context, workspaceID string, p ThermostatDailyProgram) error {
	return execOne(ctx, tx, `UPDATE thermostat_daily_programs SET name = $1, periods = $2
		WHERE workspace_id = $3 AND thermostat_daily_program_id = $4`, p.Name, p.Periods, workspaceID, p.ThermostatDailyProgramID)
}

// DeleteThermostatDailyProgram deletes a daily program of the workspace;
// ErrNotFound if it is not the workspace's.
func (tx *Tx) DeleteThermostatDailyProgram(ctx context.Context, workspaceID, programID string) error {
	return execOne(ctx, tx, `DELETE FROM thermostat_daily_programs WHERE workspace_id = $1 AND thermostat_daily_program_id = $2`,
		workspaceID, programID)
}

// SandboxThermostat loads the climate a simulated thermostat of an account
// of the workspace holds (a JSON document the sandbox connector owns).
func (tx *Tx) SandboxThermostat(ctx context.Context, workspaceID, connectedAccountID, externalID string) (string, error) {
	var climate string
	err := tx.q.QueryRowContext(ctx, `SELECT climate FROM sandbox_provider_thermostats
		WHERE workspace_id = $1 AND connected_account_id = $2 AND external_id = $3`,
		workspaceID, connectedAccountID, externalID).Scan(&climate)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return climate, err
}

// SandboxPutThermostat creates or replaces the climate of a simulated
// thermostat. Its account must be of the workspace; otherwise nothing is
// written and it returns ErrNotFound.
func (tx *Tx) SandboxPutThermostat(ctx context.Context, workspaceID, connectedAccountID, externalID, climate string) error {
	return execOne(ctx, tx, `INSERT INTO sandbox_provider_thermostats (workspace_id, connected_account_id, external_id,
		climate, updated_at) SELECT a.workspace_id, a.connected_account_id, $3, $4, CAST($5 AS BIGINT)`+accountOfWorkspace+`
		ON CONFLICT (connected_account_id, external_id) DO UPDATE SET climate = excluded.climate,
		updated_at = excluded.updated_at`,
		workspaceID, connectedAccountID, externalID, climate, ms(tx.now))
}
