package thermostat

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// state is a thermostat row with its documents read.
type state struct {
	row     store.Thermostat
	model   Model
	presets []Preset
	weekly  *weeklyProgram
}

// weeklyProgram is the JSON document of a thermostat row's weekly_program
// column: a daily program id per day (empty: none that day).
type weeklyProgram struct {
	Days      [7]string `json:"days"` // Monday first
	CreatedAt int64     `json:"created_at"`
}

// load reads the thermostat state of a device of the workspace.
func load(ctx context.Context, tx *store.Tx, workspaceID, deviceID string) (state, error) {
	row, err := tx.Thermostat(ctx, workspaceID, deviceID)
	if err != nil {
		return state{}, err
	}
	return parse(row)
}

func parse(row store.Thermostat) (state, error) {
	st := state{row: row}
	if err := json.Unmarshal([]byte(row.Model), &st.model); err != nil {
		return st, err
	}
	if err := json.Unmarshal([]byte(row.ClimatePresets), &st.presets); err != nil {
		return st, err
	}
	if row.WeeklyProgram != nil {
		st.weekly = &weeklyProgram{}
		if err := json.Unmarshal([]byte(*row.WeeklyProgram), st.weekly); err != nil {
			return st, err
		}
	}
	return st, nil
}

// save writes the documents back into the row and the row to the store.
func (st *state) save(ctx context.Context, tx *store.Tx) error {
	doc, err := json.Marshal(st.presets)
	if err != nil {
		return err
	}
	st.row.ClimatePresets = string(doc)
	st.row.WeeklyProgram = nil
	if st.weekly != nil {
		doc, err := json.Marshal(st.weekly)
		if err != nil {
			return err
		}
		s := string(doc)
		st.row.WeeklyProgram = &s
	}
	return tx.UpdateThermostat(ctx, st.row.WorkspaceID, st.row)
}

// setting is the thermostat's current climate setting.
func (st state) setting() Setting {
	return Setting{HvacMode: st.row.HvacModeSetting, FanMode: st.row.FanModeSetting, HeatingCelsius: st.row.HeatingCelsius,
		CoolingCelsius: st.row.CoolingCelsius}
}

// preset finds a preset by key.
func (st state) preset(key string) (Preset, int, bool) {
	i := slices.IndexFunc(st.presets, func(p Preset) bool { return p.Key == key })
	if i < 0 {
		return Preset{}, -1, false
	}
	return st.presets[i], i, true
}

// PresentInto adds a thermostat's capabilities and properties to its
// device as the API shows it. A device that is not a thermostat is left as
// it is.
func PresentInto(ctx context.Context, tx *store.Tx, d store.Device, out *client.Device) error {
	st, err := load(ctx, tx, d.WorkspaceID, d.DeviceID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	programs, err := tx.ThermostatDailyProgramsOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	var active *store.ThermostatSchedule
	if id := st.row.ActiveThermostatScheduleID; id != nil {
		s, err := tx.ThermostatSchedule(ctx, d.WorkspaceID, *id)
		if err == nil {
			active = &s
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	if !slices.Contains(out.CapabilitiesSupported, "thermostat") {
		out.CapabilitiesSupported = append(out.CapabilitiesSupported, "thermostat")
	}
	m := st.model
	out.ThermostatCapabilities = client.ThermostatCapabilities{CanHvacHeat: slices.Contains(m.HvacModes, ModeHeat),
		CanHvacCool: slices.Contains(m.HvacModes, ModeCool), CanHvacHeatCool: slices.Contains(m.HvacModes, ModeHeatCool),
		CanTurnOffHvac: slices.Contains(m.HvacModes, ModeOff), CanRunThermostatPrograms: m.RunsPrograms(),
		CanProgramThermostatProgramsAsSameEachDay:      m.ProgramsSameEachDay,
		CanProgramThermostatProgramsAsWeekdayWeekend:   m.ProgramsWeekdayWeekend,
		CanProgramThermostatProgramsAsDifferentEachDay: m.ProgramsDifferentEachDay}
	p := &out.Properties.ThermostatProperties
	p.AvailableHvacModeSettings = slices.Clone(m.HvacModes)
	p.AvailableFanModeSettings = slices.Clone(m.FanModes)
	p.AvailableClimatePresetModes = append([]string{}, m.ClimatePresetModes...)
	p.AvailableClimatePresets = []client.ClimatePreset{}
	for _, pr := range st.presets {
		p.AvailableClimatePresets = append(p.AvailableClimatePresets, presentPreset(pr, m))
	}
	current := presentSetting(st.setting())
	if key := st.row.ClimatePresetKey; key != nil {
		if pr, _, ok := st.preset(*key); ok {
			current = presentPreset(pr, m)
			current.HvacModeSetting, current.FanModeSetting = st.row.HvacModeSetting, st.row.FanModeSetting
		}
	}
	p.CurrentClimateSetting = &current
	p.FallbackClimatePresetKey = st.row.FallbackClimatePresetKey
	p.FanModeSetting = st.row.FanModeSetting
	heating, cooling, fan := running(st)
	p.IsHeating, p.IsCooling, p.IsFanRunning = &heating, &cooling, &fan
	p.MinHeatingSetPointCelsius, p.MinHeatingSetPointFahrenheit = both(m.MinHeatingCelsius)
	p.MaxHeatingSetPointCelsius, p.MaxHeatingSetPointFahrenheit = both(m.MaxHeatingCelsius)
	p.MinCoolingSetPointCelsius, p.MinCoolingSetPointFahrenheit = both(m.MinCoolingCelsius)
	p.MaxCoolingSetPointCelsius, p.MaxCoolingSetPointFahrenheit = both(m.MaxCoolingCelsius)
	delta, deltaF := m.MinDeltaCelsius, round1(m.MinDeltaCelsius*9/5)
	p.MinHeatingCoolingDeltaCelsius, p.MinHeatingCoolingDeltaFahrenheit = &delta, &deltaF
	p.TemperatureCelsius, p.TemperatureFahrenheit = both(st.row.TemperatureCelsius)
	p.RelativeHumidity = st.row.RelativeHumidity
	if st.row.LowerLimitCelsius != nil || st.row.UpperLimitCelsius != nil {
		th := client.TemperatureThreshold{}
		th.LowerLimitCelsius, th.LowerLimitFahrenheit = optBoth(st.row.LowerLimitCelsius)
		th.UpperLimitCelsius, th.UpperLimitFahrenheit = optBoth(st.row.UpperLimitCelsius)
		p.TemperatureThreshold = &th
	}
	if active != nil {
		s := presentSchedule(*active)
		p.ActiveThermostatScheduleID, p.ActiveThermostatSchedule = &s.ThermostatScheduleID, &s
	}
	if m.RunsPrograms() {
		p.ThermostatDailyPrograms = []client.ThermostatDailyProgram{}
		for _, pr := range programs {
			dp, err := presentProgram(pr)
			if err != nil {
				return err
			}
			p.ThermostatDailyPrograms = append(p.ThermostatDailyPrograms, dp)
		}
		if st.weekly != nil {
			w := presentWeekly(*st.weekly)
			p.ThermostatWeeklyProgram = &w
		}
		if m.MaxPeriodsPerDay > 0 {
			p.MaxThermostatDailyProgramPeriodsPerDay = &m.MaxPeriodsPerDay
		}
		if m.PeriodPrecisionMinutes > 0 {
			p.ThermostatDailyProgramPeriodPrecisionMinutes = &m.PeriodPrecisionMinutes
		}
	}
	return nil
}

// running says whether the thermostat heats, cools and runs its fan, given
// its mode, set points and temperature.
func running(st state) (heating, cooling, fan bool) {
	r := st.row
	heats := r.HvacModeSetting == ModeHeat || r.HvacModeSetting == ModeHeatCool
	cools := r.HvacModeSetting == ModeCool || r.HvacModeSetting == ModeHeatCool
	heating = heats && r.HeatingCelsius != nil && r.TemperatureCelsius < *r.HeatingCelsius
	cooling = cools && r.CoolingCelsius != nil && r.TemperatureCelsius > *r.CoolingCelsius
	return heating, cooling, heating || cooling || r.FanModeSetting == FanOn
}

// both is a temperature in Celsius and in Fahrenheit.
func both(celsius float64) (*float64, *float64) {
	c, f := celsius, Fahrenheit(celsius)
	return &c, &f
}

// optBoth is both for a temperature that may be absent.
func optBoth(celsius *float64) (*float64, *float64) {
	if celsius == nil {
		return nil, nil
	}
	return both(*celsius)
}

// presentSetting is a climate setting as the API shows it.
func presentSetting(s Setting) client.ClimatePreset {
	out := client.ClimatePreset{HvacModeSetting: s.HvacMode, FanModeSetting: s.FanMode}
	out.HeatingSetPointCelsius, out.HeatingSetPointFahrenheit = optBoth(s.HeatingCelsius)
	out.CoolingSetPointCelsius, out.CoolingSetPointFahrenheit = optBoth(s.CoolingCelsius)
	return out
}

// presentPreset is a climate preset as the API shows it.
func presentPreset(p Preset, m Model) client.ClimatePreset {
	out := presentSetting(p.Setting())
	out.ClimatePresetKey, out.Name, out.ClimatePresetMode = p.Key, p.Name, p.Mode
	out.DisplayName = p.Key
	if p.Name != nil && *p.Name != "" {
		out.DisplayName = *p.Name
	}
	yes, canDelete, programs, override := true, !p.Builtin, m.RunsPrograms(), p.ManualOverrideAllowed
	out.CanEdit, out.CanDelete, out.CanUseWithThermostatDailyPrograms, out.ManualOverrideAllowed = &yes, &canDelete, &programs, &override
	if p.EcobeeClimateRef != "" {
		out.EcobeeMetadata = &client.EcobeeMetadata{ClimateRef: p.EcobeeClimateRef, Owner: "user"}
	}
	return out
}

// presentSchedule is a schedule as the API shows it.
func presentSchedule(s store.ThermostatSchedule) client.ThermostatSchedule {
	out := client.ThermostatSchedule{ThermostatScheduleID: s.ThermostatScheduleID, DeviceID: s.DeviceID,
		WorkspaceID: s.WorkspaceID, Name: s.Name, ClimatePresetKey: s.ClimatePresetKey, StartsAt: client.NewTime(s.StartsAt),
		EndsAt: client.NewTime(s.EndsAt), MaxOverridePeriodMinutes: s.MaxOverridePeriodMinutes,
		IsOverrideAllowed: s.IsOverrideAllowed, Errors: []client.ThermostatScheduleError{}, CreatedAt: client.NewTime(s.CreatedAt)}
	for _, e := range s.Errors {
		out.Errors = append(out.Errors, client.ThermostatScheduleError{ErrorCode: e.Code, Message: e.Message,
			CreatedAt: client.NewTime(e.CreatedAt)})
	}
	return out
}

// presentProgram is a daily program as the API shows it.
func presentProgram(p store.ThermostatDailyProgram) (client.ThermostatDailyProgram, error) {
	out := client.ThermostatDailyProgram{ThermostatDailyProgramID: p.ThermostatDailyProgramID, DeviceID: p.DeviceID,
		WorkspaceID: p.WorkspaceID, Name: p.Name, Periods: []client.ThermostatDailyProgramPeriod{},
		CreatedAt: client.NewTime(p.CreatedAt)}
	return out, json.Unmarshal([]byte(p.Periods), &out.Periods)
}

// presentWeekly is a weekly program as the API shows it.
func presentWeekly(w weeklyProgram) client.ThermostatWeeklyProgram {
	day := func(i int) *string {
		if w.Days[i] == "" {
			return nil
		}
		id := w.Days[i]
		return &id
	}
	return client.ThermostatWeeklyProgram{MondayProgramID: day(0), TuesdayProgramID: day(1), WednesdayProgramID: day(2),
		ThursdayProgramID: day(3), FridayProgramID: day(4), SaturdayProgramID: day(5), SundayProgramID: day(6),
		CreatedAt: client.NewTime(time.UnixMilli(w.CreatedAt).UTC())}
}
