package thermostat

import (
	"context"
	"errors"
	"math"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// The sandbox's simulations stand for what happens at a thermostat
// without lintel: someone changes its mode at the wall, or the room
// reaches a temperature. Only sandbox thermostats of sandbox workspaces
// take them.

// sandboxThermostat loads a thermostat for a simulation.
func (s *Service) sandboxThermostat(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Device, state, error) {
	d, st, err := s.thermostat(ctx, tx, p, deviceID)
	if err != nil {
		return d, st, err
	}
	ws, err := tx.Workspace(ctx, p.WorkspaceID)
	if err != nil {
		return d, st, err
	}
	if !ws.IsSandbox || (d.Connector != "" && d.Connector != connector.SandboxName) {
		return d, st, errNotSandbox
	}
	return d, st, nil
}

// SimulateHvacModeAdjusted changes a sandbox thermostat's mode and set
// points as someone at the device would: the device holds the new setting
// at once, lintel's view follows, and thermostat.manually_adjusted records
// it (method external). The setting is checked as SetHvacMode checks it.
func (s *Service) SimulateHvacModeAdjusted(ctx context.Context, p lintel.Principal, in client.ThermostatsSimulateHvacModeAdjustedParams) error {
	var v lintel.InvalidInput
	heating := SetPoint(&v, "heating_set_point", in.HeatingSetPointCelsius, in.HeatingSetPointFahrenheit)
	cooling := SetPoint(&v, "cooling_set_point", in.CoolingSetPointCelsius, in.CoolingSetPointFahrenheit)
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		d, st, err := s.sandboxThermostat(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		set, err := Check(Setting{HvacMode: in.HvacMode, HeatingCelsius: heating, CoolingCelsius: cooling}, st.setting(),
			st.model.Constraints)
		if err != nil {
			if e, ok := err.(*lintel.Error); ok && e.Fields["hvac_mode_setting"] != nil {
				return invalid("hvac_mode", "The thermostat has no such mode")
			}
			return err
		}
		c := connector.ProviderClimate{HvacMode: set.HvacMode, FanMode: st.row.FanModeSetting, HeatingCelsius: set.HeatingCelsius,
			CoolingCelsius: set.CoolingCelsius}
		if err := connector.SandboxSetClimate(ctx, tx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID, c); err != nil {
			return err
		}
		st.row.HvacModeSetting, st.row.HeatingCelsius, st.row.CoolingCelsius = c.HvacMode, c.HeatingCelsius, c.CoolingCelsius
		st.row.ClimatePresetKey = nil
		if err := st.save(ctx, tx); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, d.WorkspaceID, adjustedEvent(d, st.setting(), "external"))
	})
}

// ReconcileClimate makes lintel's view of a thermostat's climate the one
// the device holds, c, when they differ (device.ClimateReconciler): a
// change made at the device, which lintel learns of by reconciliation,
// records thermostat.manually_adjusted (method external), or
// thermostat.climate_preset_activated when the device took one of its
// presets. A device that is not a thermostat lintel knows is left alone.
func (s *Service) ReconcileClimate(ctx context.Context, tx *store.Tx, d store.Device, c connector.ProviderClimate) (bool, error) {
	st, err := load(ctx, tx, d.WorkspaceID, d.DeviceID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	key := ""
	if st.row.ClimatePresetKey != nil {
		key = *st.row.ClimatePresetKey
	}
	held := connector.ProviderClimate{HvacMode: st.row.HvacModeSetting, FanMode: st.row.FanModeSetting,
		HeatingCelsius: st.row.HeatingCelsius, CoolingCelsius: st.row.CoolingCelsius, ClimatePresetKey: key}
	if sameClimate(held, c) {
		return false, nil
	}
	st.row.HvacModeSetting, st.row.FanModeSetting = c.HvacMode, c.FanMode
	st.row.HeatingCelsius, st.row.CoolingCelsius = c.HeatingCelsius, c.CoolingCelsius
	st.row.ClimatePresetKey = nil
	e := adjustedEvent(d, st.setting(), "external")
	if c.ClimatePresetKey != "" {
		key := c.ClimatePresetKey
		st.row.ClimatePresetKey = &key
		fallback := false
		e = client.Event{EventType: event.ThermostatClimatePresetActivated, DeviceID: d.DeviceID,
			ConnectedAccountID: d.ConnectedAccountID, ClimatePresetKey: key, ThermostatScheduleID: client.Null[string](),
			IsFallbackClimatePreset: &fallback}
	}
	if err := st.save(ctx, tx); err != nil {
		return false, err
	}
	return true, s.events.Record(ctx, tx, d.WorkspaceID, e)
}

// sameClimate reports whether two climate settings are the same.
func sameClimate(a, b connector.ProviderClimate) bool {
	same := func(x, y *float64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return a.HvacMode == b.HvacMode && a.FanMode == b.FanMode && a.ClimatePresetKey == b.ClimatePresetKey &&
		same(a.HeatingCelsius, b.HeatingCelsius) && same(a.CoolingCelsius, b.CoolingCelsius)
}

// SimulateTemperatureReached makes a sandbox thermostat measure a
// temperature: thermostat.temperature_changed, then
// thermostat.temperature_reached_set_point if the temperature is where
// the thermostat's mode wants it, and the threshold events if it left or
// re-entered the temperature threshold.
func (s *Service) SimulateTemperatureReached(ctx context.Context, p lintel.Principal, in client.ThermostatsSimulateTemperatureReachedParams) error {
	var v lintel.InvalidInput
	t := SetPoint(&v, "temperature", in.TemperatureCelsius, in.TemperatureFahrenheit)
	if t == nil && v.Empty() {
		v.Add("temperature_celsius", "Required: give temperature_celsius or temperature_fahrenheit")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		d, st, err := s.sandboxThermostat(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		was := st.row
		st.row.TemperatureCelsius = *t
		changed := client.Event{EventType: event.ThermostatTemperatureChanged, DeviceID: d.DeviceID,
			ConnectedAccountID: d.ConnectedAccountID}
		changed.TemperatureCelsius, changed.TemperatureFahrenheit = both(*t)
		events := []client.Event{changed}
		if desired := reached(st); desired != nil {
			e := changed
			e.EventType = event.ThermostatTemperatureReachedSetPoint
			e.DesiredTemperatureCelsius, e.DesiredTemperatureFahrenheit = both(*desired)
			events = append(events, e)
		}
		if err := s.events.Record(ctx, tx, d.WorkspaceID, events...); err != nil {
			return err
		}
		return s.judge(ctx, tx, d, st, was)
	})
}

// reached returns the set point the thermostat's temperature has reached
// (within a tenth of a degree, or past it in the direction its mode
// drives), or nil.
func reached(st state) *float64 {
	r := st.row
	t := r.TemperatureCelsius
	switch r.HvacModeSetting {
	case ModeHeat:
		if r.HeatingCelsius != nil && t >= *r.HeatingCelsius-0.1 {
			return r.HeatingCelsius
		}
	case ModeCool:
		if r.CoolingCelsius != nil && t <= *r.CoolingCelsius+0.1 {
			return r.CoolingCelsius
		}
	case ModeHeatCool:
		if r.HeatingCelsius != nil && r.CoolingCelsius != nil && t >= *r.HeatingCelsius-0.1 && t <= *r.CoolingCelsius+0.1 {
			if math.Abs(t-*r.HeatingCelsius) <= math.Abs(t-*r.CoolingCelsius) {
				return r.HeatingCelsius
			}
			return r.CoolingCelsius
		}
	}
	return nil
}
