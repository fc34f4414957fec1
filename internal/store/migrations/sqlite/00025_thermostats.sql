-- +goose Up
-- Thermostats: what lintel knows of each thermostat device beside its
-- devices row. The current climate setting (HVAC mode, fan mode, set points
-- in Celsius, the climate preset it came from), the temperature and humidity
-- last reported, the temperature threshold and whether the temperature is
-- outside it, the fallback preset, the schedule in force and the weekly
-- program. model is what the thermostat's model can do (its modes, the bounds
-- of its set points, its deadband, its programs), a JSON object;
-- climate_presets is a JSON array and weekly_program a JSON object (NULL:
-- none); all three are owned by the thermostat domain. Fahrenheit is always
-- computed from Celsius, so the two cannot disagree.
CREATE TABLE thermostats (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    device_id TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    model TEXT NOT NULL DEFAULT '{}',
    hvac_mode_setting TEXT NOT NULL,
    fan_mode_setting TEXT NOT NULL,
    heating_set_point_celsius DOUBLE PRECISION,
    cooling_set_point_celsius DOUBLE PRECISION,
    climate_preset_key TEXT,
    temperature_celsius DOUBLE PRECISION NOT NULL,
    relative_humidity DOUBLE PRECISION,
    lower_limit_celsius DOUBLE PRECISION,
    upper_limit_celsius DOUBLE PRECISION,
    threshold_exceeded BOOLEAN NOT NULL DEFAULT FALSE,
    fallback_climate_preset_key TEXT,
    active_thermostat_schedule_id TEXT,
    climate_presets TEXT NOT NULL DEFAULT '[]',
    weekly_program TEXT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX thermostats_ws ON thermostats (workspace_id);

-- Thermostat schedules: a climate preset in force on a thermostat from
-- starts_at to ends_at (Unix ms). Jobs scheduled in the transaction that
-- creates or moves a schedule activate the preset at its start and end it
-- at its end; errors is a JSON array like the devices'.
CREATE TABLE thermostat_schedules (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    thermostat_schedule_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    name TEXT,
    climate_preset_key TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    max_override_period_minutes INTEGER,
    is_override_allowed BOOLEAN,
    errors TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL
);
CREATE INDEX thermostat_schedules_device ON thermostat_schedules (device_id, starts_at, thermostat_schedule_id);
CREATE INDEX thermostat_schedules_ws ON thermostat_schedules (workspace_id);

-- Daily programs of thermostats: a named list of periods, each a time of
-- day and the climate preset that starts then (a JSON array). A weekly
-- program names one daily program per day.
CREATE TABLE thermostat_daily_programs (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    thermostat_daily_program_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    name TEXT,
    periods TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL
);
CREATE INDEX thermostat_daily_programs_device ON thermostat_daily_programs (device_id, created_at, thermostat_daily_program_id);
CREATE INDEX thermostat_daily_programs_ws ON thermostat_daily_programs (workspace_id);

-- The simulated thermostats behind the sandbox connector: the climate the
-- device itself holds (a JSON object owned by the connector), keyed like
-- sandbox_provider_devices; it goes with its account.
CREATE TABLE sandbox_provider_thermostats (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    connected_account_id TEXT NOT NULL REFERENCES connected_accounts (connected_account_id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    climate TEXT NOT NULL DEFAULT '{}',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (connected_account_id, external_id)
);
CREATE INDEX sandbox_provider_thermostats_ws ON sandbox_provider_thermostats (workspace_id);

-- +goose Down
DROP TABLE sandbox_provider_thermostats;
DROP TABLE thermostat_daily_programs;
DROP TABLE thermostat_schedules;
DROP TABLE thermostats;
