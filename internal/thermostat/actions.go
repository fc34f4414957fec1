package thermostat

import (
	"context"
	"fmt"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// Heat puts a thermostat in heat mode, at the heating set point given (or
// its current one).
func (s *Service) Heat(ctx context.Context, p lintel.Principal, in client.ThermostatsHeatParams) (client.ActionAttempt, error) {
	return s.SetHvacMode(ctx, p, client.ThermostatsSetHvacModeParams{DeviceID: in.DeviceID, HvacModeSetting: ModeHeat,
		HeatingSetPointCelsius: in.HeatingSetPointCelsius, HeatingSetPointFahrenheit: in.HeatingSetPointFahrenheit})
}

// Cool puts a thermostat in cool mode.
func (s *Service) Cool(ctx context.Context, p lintel.Principal, in client.ThermostatsCoolParams) (client.ActionAttempt, error) {
	return s.SetHvacMode(ctx, p, client.ThermostatsSetHvacModeParams{DeviceID: in.DeviceID, HvacModeSetting: ModeCool,
		CoolingSetPointCelsius: in.CoolingSetPointCelsius, CoolingSetPointFahrenheit: in.CoolingSetPointFahrenheit})
}

// HeatCool puts a thermostat in heat_cool mode, between its two set points.
func (s *Service) HeatCool(ctx context.Context, p lintel.Principal, in client.ThermostatsHeatCoolParams) (client.ActionAttempt, error) {
	return s.SetHvacMode(ctx, p, client.ThermostatsSetHvacModeParams{DeviceID: in.DeviceID, HvacModeSetting: ModeHeatCool,
		HeatingSetPointCelsius: in.HeatingSetPointCelsius, HeatingSetPointFahrenheit: in.HeatingSetPointFahrenheit,
		CoolingSetPointCelsius: in.CoolingSetPointCelsius, CoolingSetPointFahrenheit: in.CoolingSetPointFahrenheit})
}

// Off turns a thermostat's heating and cooling off.
func (s *Service) Off(ctx context.Context, p lintel.Principal, in client.ThermostatsOffParams) (client.ActionAttempt, error) {
	return s.SetHvacMode(ctx, p, client.ThermostatsSetHvacModeParams{DeviceID: in.DeviceID, HvacModeSetting: ModeOff})
}

// SetHvacMode puts a thermostat in a mode with the set points it uses; a
// set point the request leaves out keeps its current value. The request
// is refused, naming the field, if the thermostat lacks the mode, a set
// point is outside its bounds, or the heating and cooling set points are
// closer than its deadband. It answers a SET_HVAC_MODE action attempt.
func (s *Service) SetHvacMode(ctx context.Context, p lintel.Principal, in client.ThermostatsSetHvacModeParams) (client.ActionAttempt, error) {
	var v lintel.InvalidInput
	heating := SetPoint(&v, "heating_set_point", in.HeatingSetPointCelsius, in.HeatingSetPointFahrenheit)
	cooling := SetPoint(&v, "cooling_set_point", in.CoolingSetPointCelsius, in.CoolingSetPointFahrenheit)
	if err := v.Err(); err != nil {
		return client.ActionAttempt{}, err
	}
	return s.act(ctx, p, in.DeviceID, ActionSetHvacMode, func(_ *store.Tx, _ store.Device, st state) (connector.Mutation, error) {
		set, err := Check(Setting{HvacMode: in.HvacModeSetting, HeatingCelsius: heating, CoolingCelsius: cooling},
			st.setting(), st.model.Constraints)
		if err != nil {
			return connector.Mutation{}, err
		}
		return connector.Mutation{Kind: connector.SetClimate, Climate: &connector.ProviderClimate{HvacMode: set.HvacMode,
			FanMode: st.row.FanModeSetting, HeatingCelsius: set.HeatingCelsius, CoolingCelsius: set.CoolingCelsius}}, nil
	})
}

// SetFanMode changes a thermostat's fan mode (fan_mode_setting, or its
// deprecated name fan_mode). It answers a SET_FAN_MODE action attempt.
func (s *Service) SetFanMode(ctx context.Context, p lintel.Principal, in client.ThermostatsSetFanModeParams) (client.ActionAttempt, error) {
	fan := in.FanModeSetting
	if fan == "" {
		fan = in.FanMode
	}
	if fan == "" {
		return client.ActionAttempt{}, invalid("fan_mode_setting", "Required")
	}
	return s.act(ctx, p, in.DeviceID, ActionSetFanMode, func(_ *store.Tx, _ store.Device, st state) (connector.Mutation, error) {
		if !slices.Contains(st.model.FanModes, fan) {
			return connector.Mutation{}, invalid("fan_mode_setting", fmt.Sprintf("The thermostat has no %s fan mode; it has %v",
				fan, st.model.FanModes))
		}
		c := connector.ProviderClimate{HvacMode: st.row.HvacModeSetting, FanMode: fan, HeatingCelsius: st.row.HeatingCelsius,
			CoolingCelsius: st.row.CoolingCelsius}
		return connector.Mutation{Kind: connector.SetClimate, Climate: &c}, nil
	})
}

// ActivateClimatePreset puts a thermostat in one of its climate presets
// now. It answers an ACTIVATE_CLIMATE_PRESET action attempt; the
// thermostat records thermostat.climate_preset_activated once it has it.
func (s *Service) ActivateClimatePreset(ctx context.Context, p lintel.Principal, in client.ThermostatsClimatePresetKeyParams) (client.ActionAttempt, error) {
	return s.act(ctx, p, in.DeviceID, ActionActivateClimatePreset, func(_ *store.Tx, _ store.Device, st state) (connector.Mutation, error) {
		pr, _, ok := st.preset(in.ClimatePresetKey)
		if !ok {
			return connector.Mutation{}, invalid("climate_preset_key", "The thermostat has no climate preset with this key")
		}
		c := pr.Climate(st.row.FanModeSetting)
		return connector.Mutation{Kind: connector.SetClimate, Climate: &c}, nil
	})
}

// SetTemperatureThreshold sets the range of temperatures outside which the
// thermostat reports thermostat.temperature_threshold_exceeded (an absent
// limit is no limit). The thermostat's current temperature is judged
// against the new range at once.
func (s *Service) SetTemperatureThreshold(ctx context.Context, p lintel.Principal, in client.ThermostatsSetTemperatureThresholdParams) error {
	var v lintel.InvalidInput
	lower := SetPoint(&v, "lower_limit", in.LowerLimitCelsius, in.LowerLimitFahrenheit)
	upper := SetPoint(&v, "upper_limit", in.UpperLimitCelsius, in.UpperLimitFahrenheit)
	if err := v.Err(); err != nil {
		return err
	}
	if err := CheckThreshold(lower, upper); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		d, st, err := s.thermostat(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		was := st.row
		st.row.LowerLimitCelsius, st.row.UpperLimitCelsius = lower, upper
		return s.judge(ctx, tx, d, st, was)
	})
}

// judge saves a thermostat whose temperature or threshold changed, with
// thermostat.temperature_threshold_exceeded when the temperature left the
// threshold's range and thermostat.temperature_threshold_no_longer_exceeded
// when it came back (or the limit it passed was lifted: that event names
// the limits it was judged against before, was). Both events carry every
// limit, null for none, as the spec requires.
func (s *Service) judge(ctx context.Context, tx *store.Tx, d store.Device, st state, was store.Thermostat) error {
	r := st.row
	t := r.TemperatureCelsius
	exceeded := r.LowerLimitCelsius != nil && t < *r.LowerLimitCelsius || r.UpperLimitCelsius != nil && t > *r.UpperLimitCelsius
	st.row.ThresholdExceeded = exceeded
	if err := st.save(ctx, tx); err != nil {
		return err
	}
	if exceeded == was.ThresholdExceeded {
		return nil
	}
	e := client.Event{EventType: event.ThermostatTemperatureThresholdExceeded, DeviceID: d.DeviceID,
		ConnectedAccountID: d.ConnectedAccountID}
	limits := r
	if !exceeded {
		e.EventType = event.ThermostatTemperatureThresholdCleared
		if r.LowerLimitCelsius == nil && r.UpperLimitCelsius == nil {
			limits = was
		}
	}
	e.TemperatureCelsius, e.TemperatureFahrenheit = both(t)
	e.LowerLimitCelsius, e.LowerLimitFahrenheit = nullableBoth(limits.LowerLimitCelsius)
	e.UpperLimitCelsius, e.UpperLimitFahrenheit = nullableBoth(limits.UpperLimitCelsius)
	return s.events.Record(ctx, tx, d.WorkspaceID, e)
}

// nullableBoth is a limit in °C and °F for an event, both null for none.
func nullableBoth(celsius *float64) (c, f client.Nullable[float64]) {
	if celsius == nil {
		return client.Null[float64](), client.Null[float64]()
	}
	cv, fv := both(*celsius)
	return client.Value(*cv), client.Value(*fv)
}
