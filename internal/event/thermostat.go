package event

// Event types of thermostats.
const (
	ThermostatClimatePresetActivated       = "thermostat.climate_preset_activated"
	ThermostatManuallyAdjusted             = "thermostat.manually_adjusted"
	ThermostatTemperatureChanged           = "thermostat.temperature_changed"
	ThermostatTemperatureReachedSetPoint   = "thermostat.temperature_reached_set_point"
	ThermostatTemperatureThresholdExceeded = "thermostat.temperature_threshold_exceeded"
	ThermostatTemperatureThresholdCleared  = "thermostat.temperature_threshold_no_longer_exceeded"
)
