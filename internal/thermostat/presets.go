package thermostat

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// CreateClimatePreset adds a climate preset to a thermostat. Its key must
// be new on the thermostat, and its setting one the thermostat can take
// (its mode, fan mode and set points, checked as SetHvacMode checks them).
func (s *Service) CreateClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetParams) error {
	return s.editPresets(ctx, p, in, func(st *state, v *lintel.InvalidInput, heating, cooling *float64) {
		if _, _, ok := st.preset(in.ClimatePresetKey); ok {
			v.Add("climate_preset_key", "The thermostat already has a climate preset with this key")
			return
		}
		pr := Preset{Key: in.ClimatePresetKey, Name: in.Name, Mode: in.ClimatePresetMode, HvacMode: in.HvacModeSetting,
			FanMode: in.FanModeSetting, HeatingCelsius: heating, CoolingCelsius: cooling, ManualOverrideAllowed: true}
		if in.ManualOverrideAllowed != nil {
			pr.ManualOverrideAllowed = *in.ManualOverrideAllowed
		}
		if in.EcobeeMetadata != nil {
			pr.EcobeeClimateRef = in.EcobeeMetadata.ClimateRef
		}
		if pr.HvacMode == "" {
			pr.HvacMode = st.row.HvacModeSetting
		}
		if checkPreset(v, &pr, st.model) {
			st.presets = append(st.presets, pr)
		}
	})
}

// UpdateClimatePreset changes a climate preset of a thermostat; absent
// fields keep their value. The preset's new setting is checked as on
// create.
func (s *Service) UpdateClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetParams) error {
	return s.editPresets(ctx, p, in, func(st *state, v *lintel.InvalidInput, heating, cooling *float64) {
		pr, i, ok := st.preset(in.ClimatePresetKey)
		if !ok {
			v.Add("climate_preset_key", "The thermostat has no climate preset with this key")
			return
		}
		if in.Name != nil {
			pr.Name = in.Name
		}
		if in.ClimatePresetMode != "" {
			pr.Mode = in.ClimatePresetMode
		}
		if in.HvacModeSetting != "" {
			pr.HvacMode = in.HvacModeSetting
		}
		if in.FanModeSetting != "" {
			pr.FanMode = in.FanModeSetting
		}
		if heating != nil {
			pr.HeatingCelsius = heating
		}
		if cooling != nil {
			pr.CoolingCelsius = cooling
		}
		if in.ManualOverrideAllowed != nil {
			pr.ManualOverrideAllowed = *in.ManualOverrideAllowed
		}
		if in.EcobeeMetadata != nil {
			pr.EcobeeClimateRef = in.EcobeeMetadata.ClimateRef
		}
		if checkPreset(v, &pr, st.model) {
			st.presets[i] = pr
		}
	})
}

// editPresets runs one change to a thermostat's presets in a transaction,
// after reading the request's set points.
func (s *Service) editPresets(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetParams,
	edit func(st *state, v *lintel.InvalidInput, heating, cooling *float64)) error {
	var v lintel.InvalidInput
	heating := SetPoint(&v, "heating_set_point", in.HeatingSetPointCelsius, in.HeatingSetPointFahrenheit)
	cooling := SetPoint(&v, "cooling_set_point", in.CoolingSetPointCelsius, in.CoolingSetPointFahrenheit)
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		_, st, err := s.thermostat(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		edit(&st, &v, heating, cooling)
		if err := v.Err(); err != nil {
			return err
		}
		return st.save(ctx, tx)
	})
}

// checkPreset checks a preset's setting against the thermostat's model,
// adding what is wrong to v; it clears the set points the preset's mode
// does not use. It reports whether the preset is good.
func checkPreset(v *lintel.InvalidInput, pr *Preset, m Model) bool {
	if pr.Mode != "" && len(m.ClimatePresetModes) > 0 && !slices.Contains(m.ClimatePresetModes, pr.Mode) {
		v.Add("climate_preset_mode", "The thermostat has no such climate preset mode")
		return false
	}
	set, err := Check(pr.Setting(), Setting{}, m.Constraints)
	if err != nil {
		merge(v, err)
		return false
	}
	pr.HeatingCelsius, pr.CoolingCelsius = set.HeatingCelsius, set.CoolingCelsius
	return true
}

// DeleteClimatePreset removes a climate preset of a thermostat. A preset
// the thermostat came with, one a schedule or a daily program uses, or the
// thermostat's fallback preset cannot be deleted.
func (s *Service) DeleteClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetKeyParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		d, st, err := s.thermostat(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		pr, i, ok := st.preset(in.ClimatePresetKey)
		switch {
		case !ok:
			return invalid("climate_preset_key", "The thermostat has no climate preset with this key")
		case pr.Builtin:
			return invalid("climate_preset_key", "The thermostat's built-in climate presets cannot be deleted")
		case st.row.FallbackClimatePresetKey != nil && *st.row.FallbackClimatePresetKey == pr.Key:
			return invalid("climate_preset_key", "The climate preset is the thermostat's fallback: set another first")
		}
		used, err := presetInUse(ctx, tx, d, pr.Key)
		if err != nil {
			return err
		}
		if used != "" {
			return invalid("climate_preset_key", "The climate preset is used by "+used)
		}
		st.presets = slices.Delete(st.presets, i, i+1)
		return st.save(ctx, tx)
	})
}

// presetInUse names what uses a preset of a thermostat: a schedule or a
// daily program ("" if nothing).
func presetInUse(ctx context.Context, tx *store.Tx, d store.Device, key string) (string, error) {
	schedules, err := tx.ThermostatSchedulesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return "", err
	}
	for _, sch := range schedules {
		if sch.ClimatePresetKey == key {
			return "thermostat schedule " + sch.ThermostatScheduleID, nil
		}
	}
	programs, err := tx.ThermostatDailyProgramsOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return "", err
	}
	for _, pr := range programs {
		periods, err := readPeriods(pr.Periods)
		if err != nil {
			return "", err
		}
		if slices.ContainsFunc(periods, func(p client.ThermostatDailyProgramPeriod) bool { return p.ClimatePresetKey == key }) {
			return "thermostat daily program " + pr.ThermostatDailyProgramID, nil
		}
	}
	return "", nil
}

// SetFallbackClimatePreset makes a preset the one a thermostat returns to
// when a schedule ends.
func (s *Service) SetFallbackClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetKeyParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		_, st, err := s.thermostat(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		if _, _, ok := st.preset(in.ClimatePresetKey); !ok {
			return invalid("climate_preset_key", "The thermostat has no climate preset with this key")
		}
		key := in.ClimatePresetKey
		st.row.FallbackClimatePresetKey = &key
		return st.save(ctx, tx)
	})
}

// merge adds the fields of an invalid_input error to v.
func merge(v *lintel.InvalidInput, err error) {
	var e *lintel.Error
	if !errors.As(err, &e) {
		v.Add("", err.Error())
		return
	}
	for _, f := range slices.Sorted(maps.Keys(e.Fields)) {
		for _, m := range e.Fields[f] {
			v.Add(f, m)
		}
	}
}
