package client

import "encoding/json"

// ThermostatCapabilities are what a thermostat can do, on its Device
// (absent on other devices).
type ThermostatCapabilities struct {
	CanHvacHeat                                    bool `json:"can_hvac_heat,omitempty"`
	CanHvacCool                                    bool `json:"can_hvac_cool,omitempty"`
	CanHvacHeatCool                                bool `json:"can_hvac_heat_cool,omitempty"`
	CanTurnOffHvac                                 bool `json:"can_turn_off_hvac,omitempty"`
	CanRunThermostatPrograms                       bool `json:"can_run_thermostat_programs,omitempty"`
	CanProgramThermostatProgramsAsSameEachDay      bool `json:"can_program_thermostat_programs_as_same_each_day,omitempty"`
	CanProgramThermostatProgramsAsWeekdayWeekend   bool `json:"can_program_thermostat_programs_as_weekday_weekend,omitempty"`
	CanProgramThermostatProgramsAsDifferentEachDay bool `json:"can_program_thermostat_programs_as_different_each_day,omitempty"`
}

// ThermostatProperties are a thermostat's properties, in its Device's
// properties (absent on other devices). Every temperature is given in
// Celsius and in Fahrenheit, the one computed from the other.
type ThermostatProperties struct {
	AvailableHvacModeSettings   []string        `json:"available_hvac_mode_settings,omitzero"`
	AvailableFanModeSettings    []string        `json:"available_fan_mode_settings,omitzero"`
	AvailableClimatePresetModes []string        `json:"available_climate_preset_modes,omitzero"`
	AvailableClimatePresets     []ClimatePreset `json:"available_climate_presets,omitzero"`
	CurrentClimateSetting       *ClimatePreset  `json:"current_climate_setting,omitempty"`
	FallbackClimatePresetKey    *string         `json:"fallback_climate_preset_key,omitempty"`
	// FanModeSetting is the current fan mode (Seam keeps it beside
	// current_climate_setting).
	FanModeSetting string `json:"fan_mode_setting,omitempty"`
	IsHeating      *bool  `json:"is_heating,omitempty"`
	IsCooling      *bool  `json:"is_cooling,omitempty"`
	IsFanRunning   *bool  `json:"is_fan_running,omitempty"`

	MinHeatingSetPointCelsius                    *float64                 `json:"min_heating_set_point_celsius,omitempty"`
	MinHeatingSetPointFahrenheit                 *float64                 `json:"min_heating_set_point_fahrenheit,omitempty"`
	MaxHeatingSetPointCelsius                    *float64                 `json:"max_heating_set_point_celsius,omitempty"`
	MaxHeatingSetPointFahrenheit                 *float64                 `json:"max_heating_set_point_fahrenheit,omitempty"`
	MinCoolingSetPointCelsius                    *float64                 `json:"min_cooling_set_point_celsius,omitempty"`
	MinCoolingSetPointFahrenheit                 *float64                 `json:"min_cooling_set_point_fahrenheit,omitempty"`
	MaxCoolingSetPointCelsius                    *float64                 `json:"max_cooling_set_point_celsius,omitempty"`
	MaxCoolingSetPointFahrenheit                 *float64                 `json:"max_cooling_set_point_fahrenheit,omitempty"`
	MinHeatingCoolingDeltaCelsius                *float64                 `json:"min_heating_cooling_delta_celsius,omitempty"`
	MinHeatingCoolingDeltaFahrenheit             *float64                 `json:"min_heating_cooling_delta_fahrenheit,omitempty"`
	TemperatureCelsius                           *float64                 `json:"temperature_celsius,omitempty"`
	TemperatureFahrenheit                        *float64                 `json:"temperature_fahrenheit,omitempty"`
	RelativeHumidity                             *float64                 `json:"relative_humidity,omitempty"`
	TemperatureThreshold                         *TemperatureThreshold    `json:"temperature_threshold,omitempty"`
	ActiveThermostatScheduleID                   *string                  `json:"active_thermostat_schedule_id,omitempty"`
	ActiveThermostatSchedule                     *ThermostatSchedule      `json:"active_thermostat_schedule,omitempty"`
	ThermostatDailyPrograms                      []ThermostatDailyProgram `json:"thermostat_daily_programs,omitzero"`
	ThermostatWeeklyProgram                      *ThermostatWeeklyProgram `json:"thermostat_weekly_program,omitempty"`
	MaxThermostatDailyProgramPeriodsPerDay       *int                     `json:"max_thermostat_daily_program_periods_per_day,omitempty"`
	ThermostatDailyProgramPeriodPrecisionMinutes *int                     `json:"thermostat_daily_program_period_precision_minutes,omitempty"`
}

// ClimatePreset is a named climate setting of a thermostat; as a
// thermostat's current_climate_setting, the setting it is in (with the key
// of the preset it came from, if any).
type ClimatePreset struct {
	ClimatePresetKey                  string          `json:"climate_preset_key,omitempty"`
	Name                              *string         `json:"name,omitempty"`
	DisplayName                       string          `json:"display_name,omitempty"`
	ClimatePresetMode                 string          `json:"climate_preset_mode,omitempty"`
	HvacModeSetting                   string          `json:"hvac_mode_setting,omitempty"`
	FanModeSetting                    string          `json:"fan_mode_setting,omitempty"`
	HeatingSetPointCelsius            *float64        `json:"heating_set_point_celsius,omitempty"`
	HeatingSetPointFahrenheit         *float64        `json:"heating_set_point_fahrenheit,omitempty"`
	CoolingSetPointCelsius            *float64        `json:"cooling_set_point_celsius,omitempty"`
	CoolingSetPointFahrenheit         *float64        `json:"cooling_set_point_fahrenheit,omitempty"`
	ManualOverrideAllowed             *bool           `json:"manual_override_allowed,omitempty"`
	CanEdit                           *bool           `json:"can_edit,omitempty"`
	CanDelete                         *bool           `json:"can_delete,omitempty"`
	CanUseWithThermostatDailyPrograms *bool           `json:"can_use_with_thermostat_daily_programs,omitempty"`
	EcobeeMetadata                    *EcobeeMetadata `json:"ecobee_metadata,omitempty"`
}

// EcobeeMetadata is what an ecobee calls a climate preset.
type EcobeeMetadata struct {
	ClimateRef  string `json:"climate_ref,omitempty"`
	IsOptimized bool   `json:"is_optimized,omitempty"`
	Owner       string `json:"owner,omitempty"`
}

// TemperatureThreshold is the range of temperatures outside which a
// thermostat reports thermostat.temperature_threshold_exceeded; a null
// limit is no limit.
type TemperatureThreshold struct {
	LowerLimitCelsius    *float64 `json:"lower_limit_celsius"`
	LowerLimitFahrenheit *float64 `json:"lower_limit_fahrenheit"`
	UpperLimitCelsius    *float64 `json:"upper_limit_celsius"`
	UpperLimitFahrenheit *float64 `json:"upper_limit_fahrenheit"`
}

// ThermostatSchedule puts a thermostat in a climate preset from starts_at
// to ends_at.
type ThermostatSchedule struct {
	ThermostatScheduleID     string                    `json:"thermostat_schedule_id" v:"uuid"`
	DeviceID                 string                    `json:"device_id" v:"uuid"`
	WorkspaceID              string                    `json:"workspace_id" v:"uuid"`
	Name                     *string                   `json:"name"`
	ClimatePresetKey         string                    `json:"climate_preset_key"`
	StartsAt                 Time                      `json:"starts_at"`
	EndsAt                   Time                      `json:"ends_at"`
	MaxOverridePeriodMinutes *int                      `json:"max_override_period_minutes"`
	IsOverrideAllowed        *bool                     `json:"is_override_allowed,omitempty"`
	Errors                   []ThermostatScheduleError `json:"errors"`
	CreatedAt                Time                      `json:"created_at"`
}

// ThermostatScheduleError is why a schedule could not take effect.
type ThermostatScheduleError struct {
	ErrorCode string `json:"error_code"`
	Message   string `json:"message"`
	CreatedAt Time   `json:"created_at"`
}

// ThermostatDailyProgram is a named day of a thermostat's program: at each
// period's start time the thermostat takes the period's climate preset.
type ThermostatDailyProgram struct {
	ThermostatDailyProgramID string                         `json:"thermostat_daily_program_id" v:"uuid"`
	DeviceID                 string                         `json:"device_id" v:"uuid"`
	WorkspaceID              string                         `json:"workspace_id" v:"uuid"`
	Name                     *string                        `json:"name"`
	Periods                  []ThermostatDailyProgramPeriod `json:"periods"`
	CreatedAt                Time                           `json:"created_at"`
}

// ThermostatDailyProgramPeriod starts a climate preset at a time of day
// ("07:30:00").
type ThermostatDailyProgramPeriod struct {
	StartsAtTime     string `json:"starts_at_time"`
	ClimatePresetKey string `json:"climate_preset_key"`
}

// ThermostatWeeklyProgram names the daily program of each day of the week
// (null: none that day).
type ThermostatWeeklyProgram struct {
	MondayProgramID    *string `json:"monday_program_id"`
	TuesdayProgramID   *string `json:"tuesday_program_id"`
	WednesdayProgramID *string `json:"wednesday_program_id"`
	ThursdayProgramID  *string `json:"thursday_program_id"`
	FridayProgramID    *string `json:"friday_program_id"`
	SaturdayProgramID  *string `json:"saturday_program_id"`
	SundayProgramID    *string `json:"sunday_program_id"`
	CreatedAt          Time    `json:"created_at"`
}

// ThermostatsListParams are the parameters of /thermostats/list: the
// devices that are thermostats.
type ThermostatsListParams struct {
	ConnectedAccountID string   `json:"connected_account_id,omitempty" v:"uuid"`
	ConnectWebviewID   string   `json:"connect_webview_id,omitempty" v:"uuid"`
	DeviceType         string   `json:"device_type,omitempty" v:"enum=ecobee_thermostat|nest_thermostat|honeywell_resideo_thermostat|tado_thermostat|sensi_thermostat|smartthings_thermostat"`
	DeviceTypes        []string `json:"device_types,omitempty" v:"enum=ecobee_thermostat|nest_thermostat|honeywell_resideo_thermostat|tado_thermostat|sensi_thermostat|smartthings_thermostat"`
	Manufacturer       string   `json:"manufacturer,omitempty" v:"enum=ecobee|honeywell_resideo|nest|sensi|smartthings|tado"`
	CustomerKey        string   `json:"customer_key,omitempty" v:"min=1"`
}

// ThermostatsGetParams are the parameters of /thermostats/get: the
// thermostat's id, or its name.
type ThermostatsGetParams struct {
	DeviceID string `json:"device_id,omitempty" v:"uuid"`
	Name     string `json:"name,omitempty" v:"min=1"`
}

// ThermostatsHeatParams are the parameters of /thermostats/heat: the
// heating set point in Celsius or in Fahrenheit (absent: the current one).
type ThermostatsHeatParams struct {
	DeviceID                  string   `json:"device_id" v:"required,uuid"`
	HeatingSetPointCelsius    *float64 `json:"heating_set_point_celsius,omitempty"`
	HeatingSetPointFahrenheit *float64 `json:"heating_set_point_fahrenheit,omitempty"`
	Sync                      bool     `json:"sync,omitempty"`
}

// ThermostatsCoolParams are the parameters of /thermostats/cool.
type ThermostatsCoolParams struct {
	DeviceID                  string   `json:"device_id" v:"required,uuid"`
	CoolingSetPointCelsius    *float64 `json:"cooling_set_point_celsius,omitempty"`
	CoolingSetPointFahrenheit *float64 `json:"cooling_set_point_fahrenheit,omitempty"`
	Sync                      bool     `json:"sync,omitempty"`
}

// ThermostatsHeatCoolParams are the parameters of /thermostats/heat_cool.
type ThermostatsHeatCoolParams struct {
	DeviceID                  string   `json:"device_id" v:"required,uuid"`
	HeatingSetPointCelsius    *float64 `json:"heating_set_point_celsius,omitempty"`
	HeatingSetPointFahrenheit *float64 `json:"heating_set_point_fahrenheit,omitempty"`
	CoolingSetPointCelsius    *float64 `json:"cooling_set_point_celsius,omitempty"`
	CoolingSetPointFahrenheit *float64 `json:"cooling_set_point_fahrenheit,omitempty"`
	Sync                      bool     `json:"sync,omitempty"`
}

// ThermostatsOffParams are the parameters of /thermostats/off.
type ThermostatsOffParams struct {
	DeviceID string `json:"device_id" v:"required,uuid"`
	Sync     bool   `json:"sync,omitempty"`
}

// ThermostatsSetHvacModeParams are the parameters of
// /thermostats/set_hvac_mode: the mode and the set points it uses.
type ThermostatsSetHvacModeParams struct {
	DeviceID                  string   `json:"device_id" v:"required,uuid"`
	HvacModeSetting           string   `json:"hvac_mode_setting" v:"required,enum=off|heat|cool|heat_cool|eco"`
	HeatingSetPointCelsius    *float64 `json:"heating_set_point_celsius,omitempty"`
	HeatingSetPointFahrenheit *float64 `json:"heating_set_point_fahrenheit,omitempty"`
	CoolingSetPointCelsius    *float64 `json:"cooling_set_point_celsius,omitempty"`
	CoolingSetPointFahrenheit *float64 `json:"cooling_set_point_fahrenheit,omitempty"`
	Sync                      bool     `json:"sync,omitempty"`
}

// ThermostatsSetFanModeParams are the parameters of
// /thermostats/set_fan_mode (fan_mode is the deprecated name of
// fan_mode_setting).
type ThermostatsSetFanModeParams struct {
	DeviceID       string `json:"device_id" v:"required,uuid"`
	FanModeSetting string `json:"fan_mode_setting,omitempty" v:"enum=auto|on|circulate"`
	FanMode        string `json:"fan_mode,omitempty" v:"enum=auto|on|circulate"`
	Sync           bool   `json:"sync,omitempty"`
}

// ThermostatsSetTemperatureThresholdParams are the parameters of
// /thermostats/set_temperature_threshold; an absent limit is no limit.
type ThermostatsSetTemperatureThresholdParams struct {
	DeviceID             string   `json:"device_id" v:"required,uuid"`
	LowerLimitCelsius    *float64 `json:"lower_limit_celsius,omitempty"`
	LowerLimitFahrenheit *float64 `json:"lower_limit_fahrenheit,omitempty"`
	UpperLimitCelsius    *float64 `json:"upper_limit_celsius,omitempty"`
	UpperLimitFahrenheit *float64 `json:"upper_limit_fahrenheit,omitempty"`
}

// ThermostatsClimatePresetParams are the parameters of
// /thermostats/create_climate_preset and /thermostats/update_climate_preset:
// the preset's key and its setting (on update, absent fields keep their
// value).
type ThermostatsClimatePresetParams struct {
	DeviceID                  string          `json:"device_id" v:"required,uuid"`
	ClimatePresetKey          string          `json:"climate_preset_key" v:"required,nonempty,max=255"`
	Name                      *string         `json:"name,omitempty" v:"max=255"`
	ClimatePresetMode         string          `json:"climate_preset_mode,omitempty" v:"enum=home|away|wake|sleep|occupied|unoccupied"`
	HvacModeSetting           string          `json:"hvac_mode_setting,omitempty" v:"enum=off|heat|cool|heat_cool|eco"`
	FanModeSetting            string          `json:"fan_mode_setting,omitempty" v:"enum=auto|on|circulate"`
	HeatingSetPointCelsius    *float64        `json:"heating_set_point_celsius,omitempty"`
	HeatingSetPointFahrenheit *float64        `json:"heating_set_point_fahrenheit,omitempty"`
	CoolingSetPointCelsius    *float64        `json:"cooling_set_point_celsius,omitempty"`
	CoolingSetPointFahrenheit *float64        `json:"cooling_set_point_fahrenheit,omitempty"`
	ManualOverrideAllowed     *bool           `json:"manual_override_allowed,omitempty"`
	EcobeeMetadata            *EcobeeMetadata `json:"ecobee_metadata,omitempty"`
}

// ThermostatsClimatePresetKeyParams are the parameters of the routes that
// name one climate preset of a thermostat: delete_climate_preset,
// activate_climate_preset and set_fallback_climate_preset.
type ThermostatsClimatePresetKeyParams struct {
	DeviceID         string `json:"device_id" v:"required,uuid"`
	ClimatePresetKey string `json:"climate_preset_key" v:"required,nonempty,max=255"`
}

// ThermostatSchedulesCreateParams are the parameters of
// /thermostats/schedules/create.
type ThermostatSchedulesCreateParams struct {
	DeviceID                 string  `json:"device_id" v:"required,uuid"`
	ClimatePresetKey         string  `json:"climate_preset_key" v:"required,nonempty,max=255"`
	StartsAt                 string  `json:"starts_at" v:"required,datetime"`
	EndsAt                   string  `json:"ends_at" v:"required,datetime"`
	Name                     *string `json:"name,omitempty" v:"max=255"`
	MaxOverridePeriodMinutes *int    `json:"max_override_period_minutes,omitempty" v:"min=0"`
	IsOverrideAllowed        *bool   `json:"is_override_allowed,omitempty"`
}

// ThermostatScheduleIDParams are the parameters of
// /thermostats/schedules/get and /thermostats/schedules/delete.
type ThermostatScheduleIDParams struct {
	ThermostatScheduleID string `json:"thermostat_schedule_id" v:"required,uuid"`
}

// ThermostatSchedulesListParams are the parameters of
// /thermostats/schedules/list.
type ThermostatSchedulesListParams struct {
	DeviceID          string `json:"device_id" v:"required,uuid"`
	UserIdentifierKey string `json:"user_identifier_key,omitempty" v:"min=1"`
}

// ThermostatSchedulesUpdateParams are the parameters of
// /thermostats/schedules/update; absent fields keep their value.
type ThermostatSchedulesUpdateParams struct {
	ThermostatScheduleID     string  `json:"thermostat_schedule_id" v:"required,uuid"`
	ClimatePresetKey         string  `json:"climate_preset_key,omitempty" v:"max=255"`
	StartsAt                 string  `json:"starts_at,omitempty" v:"datetime"`
	EndsAt                   string  `json:"ends_at,omitempty" v:"datetime"`
	Name                     *string `json:"name,omitempty" v:"max=255"`
	MaxOverridePeriodMinutes *int    `json:"max_override_period_minutes,omitempty" v:"min=0"`
	IsOverrideAllowed        *bool   `json:"is_override_allowed,omitempty"`
}

// ThermostatDailyProgramsCreateParams are the parameters of
// /thermostats/daily_programs/create. Periods is an array of
// {starts_at_time, climate_preset_key}.
type ThermostatDailyProgramsCreateParams struct {
	DeviceID string          `json:"device_id" v:"required,uuid"`
	Name     string          `json:"name" v:"required,max=255"`
	Periods  json.RawMessage `json:"periods" v:"required"`
}

// ThermostatDailyProgramsUpdateParams are the parameters of
// /thermostats/daily_programs/update.
type ThermostatDailyProgramsUpdateParams struct {
	ThermostatDailyProgramID string          `json:"thermostat_daily_program_id" v:"required,uuid"`
	Name                     string          `json:"name" v:"required,max=255"`
	Periods                  json.RawMessage `json:"periods" v:"required"`
}

// ThermostatDailyProgramIDParams are the parameters of
// /thermostats/daily_programs/delete.
type ThermostatDailyProgramIDParams struct {
	ThermostatDailyProgramID string `json:"thermostat_daily_program_id" v:"required,uuid"`
}

// ThermostatsUpdateWeeklyProgramParams are the parameters of
// /thermostats/update_weekly_program: a daily program per day (absent or
// null: none that day).
type ThermostatsUpdateWeeklyProgramParams struct {
	DeviceID           string           `json:"device_id" v:"required,uuid"`
	MondayProgramID    Nullable[string] `json:"monday_program_id,omitzero" v:"uuid"`
	TuesdayProgramID   Nullable[string] `json:"tuesday_program_id,omitzero" v:"uuid"`
	WednesdayProgramID Nullable[string] `json:"wednesday_program_id,omitzero" v:"uuid"`
	ThursdayProgramID  Nullable[string] `json:"thursday_program_id,omitzero" v:"uuid"`
	FridayProgramID    Nullable[string] `json:"friday_program_id,omitzero" v:"uuid"`
	SaturdayProgramID  Nullable[string] `json:"saturday_program_id,omitzero" v:"uuid"`
	SundayProgramID    Nullable[string] `json:"sunday_program_id,omitzero" v:"uuid"`
}

// ThermostatsSimulateHvacModeAdjustedParams are the parameters of
// /thermostats/simulate/hvac_mode_adjusted: someone at the thermostat
// changed its mode and set points.
type ThermostatsSimulateHvacModeAdjustedParams struct {
	DeviceID                  string   `json:"device_id" v:"required,uuid"`
	HvacMode                  string   `json:"hvac_mode" v:"required,enum=off|heat|cool|heat_cool|eco"`
	HeatingSetPointCelsius    *float64 `json:"heating_set_point_celsius,omitempty"`
	HeatingSetPointFahrenheit *float64 `json:"heating_set_point_fahrenheit,omitempty"`
	CoolingSetPointCelsius    *float64 `json:"cooling_set_point_celsius,omitempty"`
	CoolingSetPointFahrenheit *float64 `json:"cooling_set_point_fahrenheit,omitempty"`
}

// ThermostatsSimulateTemperatureReachedParams are the parameters of
// /thermostats/simulate/temperature_reached: the thermostat now measures
// this temperature.
type ThermostatsSimulateTemperatureReachedParams struct {
	DeviceID              string   `json:"device_id" v:"required,uuid"`
	TemperatureCelsius    *float64 `json:"temperature_celsius,omitempty"`
	TemperatureFahrenheit *float64 `json:"temperature_fahrenheit,omitempty"`
}
