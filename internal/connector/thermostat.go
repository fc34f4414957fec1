package connector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lintel-dev/lintel/internal/store"
)

// Kinds of thermostat mutation. Their ObjectID is the action attempt that
// tracks them, or empty when nobody waits on one (a schedule's start).
const (
	// SetClimate puts Mutation.Climate on the thermostat: its HVAC mode,
	// fan mode and set points, and the climate preset they come from.
	SetClimate = "set_climate"
	// PushThermostatPrograms sends the thermostat its daily and weekly
	// programs, with the change Mutation.Programs says.
	PushThermostatPrograms = "push_thermostat_programs"
)

// ProviderPrograms is the change to a thermostat's programs that
// PushThermostatPrograms carries: lintel's programs take it only once the
// thermostat has it. It travels inside a queued Mutation's JSON, so its
// JSON keys must not change.
type ProviderPrograms struct {
	// DailyProgram is the daily program changed, if one was.
	DailyProgram *ProviderDailyProgram `json:"daily_program,omitempty"`
	// WeeklyProgram names the daily program of each day, Monday first
	// ("" for none), when the week changed.
	WeeklyProgram *[7]string `json:"weekly_program,omitempty"`
}

// ProviderDailyProgram is one daily program of a thermostat: lintel's id
// for it, its name and its periods in time order.
type ProviderDailyProgram struct {
	ID      string                  `json:"id"`
	Name    string                  `json:"name"`
	Periods []ProviderProgramPeriod `json:"periods"`
}

// ProviderProgramPeriod is a time of day (HH:MM:SS) and the climate preset
// the thermostat takes then.
type ProviderProgramPeriod struct {
	StartsAtTime     string `json:"starts_at_time"`
	ClimatePresetKey string `json:"climate_preset_key"`
}

// ProviderClimate is a thermostat's climate setting as the device holds
// it, in Celsius. It travels inside a queued Mutation's JSON, so its JSON
// keys must not change.
type ProviderClimate struct {
	HvacMode       string   `json:"hvac_mode"`
	FanMode        string   `json:"fan_mode"`
	HeatingCelsius *float64 `json:"heating_celsius,omitempty"`
	CoolingCelsius *float64 `json:"cooling_celsius,omitempty"`
	// ClimatePresetKey names the preset the setting comes from; empty for
	// a setting made by hand.
	ClimatePresetKey string `json:"climate_preset_key,omitempty"`
}

// SandboxAddThermostat gives a sandbox account's device the climate of a
// simulated thermostat, unless it has one already (a sandbox login
// connected again finds its thermostats as they were).
func SandboxAddThermostat(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID, externalID string, c ProviderClimate) error {
	_, err := tx.SandboxThermostat(ctx, workspaceID, connectedAccountID, externalID)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return SandboxSetClimate(ctx, tx, workspaceID, connectedAccountID, externalID, c)
}

// SandboxSetClimate changes the climate of a simulated thermostat, as
// someone at the device would (sandbox simulations).
func SandboxSetClimate(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID, externalID string, c ProviderClimate) error {
	doc, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return tx.SandboxPutThermostat(ctx, workspaceID, connectedAccountID, externalID, string(doc))
}

// SandboxClimate reads the climate a simulated thermostat holds.
func SandboxClimate(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID, externalID string) (ProviderClimate, error) {
	var c ProviderClimate
	doc, err := tx.SandboxThermostat(ctx, workspaceID, connectedAccountID, externalID)
	if err != nil {
		return c, err
	}
	return c, json.Unmarshal([]byte(doc), &c)
}

// applyThermostat performs a thermostat mutation on a simulated
// thermostat.
func applyThermostat(ctx context.Context, tx *store.Tx, d store.Device, m Mutation) error {
	switch m.Kind {
	case SetClimate:
		if m.Climate == nil {
			return fmt.Errorf("sandbox %s: no climate in mutation", m.Kind)
		}
		return SandboxSetClimate(ctx, tx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID, *m.Climate)
	case PushThermostatPrograms:
		// The simulated thermostat runs no programs of its own: lintel's
		// schedules drive it. Taking them is all it does.
		return nil
	}
	return fmt.Errorf("sandbox: unknown device mutation %q", m.Kind)
}
