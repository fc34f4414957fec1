package thermostat

import (
	"encoding/json"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// Model is what a thermostat model can do: its modes and set-point rules,
// its climate preset modes and the programs it runs. It is the JSON
// document of a thermostat row's model column.
type Model struct {
	Constraints
	ClimatePresetModes []string `json:"climate_preset_modes,omitempty"`
	// The shapes of weekly program the thermostat takes: the same day
	// every day, weekdays and weekends, or each day its own.
	ProgramsSameEachDay      bool `json:"programs_same_each_day,omitempty"`
	ProgramsWeekdayWeekend   bool `json:"programs_weekday_weekend,omitempty"`
	ProgramsDifferentEachDay bool `json:"programs_different_each_day,omitempty"`
	// MaxPeriodsPerDay bounds the periods of a daily program;
	// PeriodPrecisionMinutes is the step of their start times.
	MaxPeriodsPerDay       int `json:"max_periods_per_day,omitempty"`
	PeriodPrecisionMinutes int `json:"period_precision_minutes,omitempty"`
}

// RunsPrograms reports whether the thermostat takes daily programs.
func (m Model) RunsPrograms() bool {
	return m.ProgramsSameEachDay || m.ProgramsWeekdayWeekend || m.ProgramsDifferentEachDay
}

// Preset is a climate preset of a thermostat: a named climate setting it
// can be put in at once, by hand, by a schedule or by a program. The list
// of a thermostat's presets is the JSON document of its climate_presets
// column.
type Preset struct {
	Key  string  `json:"climate_preset_key"`
	Name *string `json:"name,omitempty"`
	// Mode is Seam's climate_preset_mode (home, away, …), if any.
	Mode                  string   `json:"climate_preset_mode,omitempty"`
	HvacMode              string   `json:"hvac_mode_setting,omitempty"`
	FanMode               string   `json:"fan_mode_setting,omitempty"`
	HeatingCelsius        *float64 `json:"heating_set_point_celsius,omitempty"`
	CoolingCelsius        *float64 `json:"cooling_set_point_celsius,omitempty"`
	ManualOverrideAllowed bool     `json:"manual_override_allowed"`
	EcobeeClimateRef      string   `json:"ecobee_climate_ref,omitempty"`
	// Builtin presets come with the thermostat: they cannot be deleted.
	Builtin bool `json:"builtin,omitempty"`
}

// Setting is the preset's climate setting.
func (p Preset) Setting() Setting {
	return Setting{HvacMode: p.HvacMode, FanMode: p.FanMode, HeatingCelsius: p.HeatingCelsius, CoolingCelsius: p.CoolingCelsius}
}

// Climate is the preset as the device takes it.
func (p Preset) Climate(fan string) connector.ProviderClimate {
	if p.FanMode != "" {
		fan = p.FanMode
	}
	return connector.ProviderClimate{HvacMode: p.HvacMode, FanMode: fan, HeatingCelsius: p.HeatingCelsius,
		CoolingCelsius: p.CoolingCelsius, ClimatePresetKey: p.Key}
}

// Start is how a thermostat comes out of its box (the provider catalogue
// describes each sandbox thermostat with one).
type Start struct {
	Model              Model
	Setting            Setting
	TemperatureCelsius float64
	RelativeHumidity   float64
	Presets            []Preset
}

// Row is the stored form of a thermostat as it starts.
func (s Start) Row(deviceID string) (store.Thermostat, error) {
	model, err := json.Marshal(s.Model)
	if err != nil {
		return store.Thermostat{}, err
	}
	presets := s.Presets
	if presets == nil {
		presets = []Preset{}
	}
	doc, err := json.Marshal(presets)
	if err != nil {
		return store.Thermostat{}, err
	}
	humidity := s.RelativeHumidity
	return store.Thermostat{DeviceID: deviceID, Model: string(model), HvacModeSetting: s.Setting.HvacMode,
		FanModeSetting: s.Setting.FanMode, HeatingCelsius: s.Setting.HeatingCelsius, CoolingCelsius: s.Setting.CoolingCelsius,
		TemperatureCelsius: s.TemperatureCelsius, RelativeHumidity: &humidity, ClimatePresets: string(doc)}, nil
}

// Climate is the starting setting as the device holds it.
func (s Start) Climate() connector.ProviderClimate {
	return connector.ProviderClimate{HvacMode: s.Setting.HvacMode, FanMode: s.Setting.FanMode,
		HeatingCelsius: s.Setting.HeatingCelsius, CoolingCelsius: s.Setting.CoolingCelsius}
}
