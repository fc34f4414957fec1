-- +goose Up
-- Access codes (PIN codes) on devices: lintel's view of each code. A
-- managed code is one lintel created (or was asked to manage); an
-- unmanaged one (is_managed FALSE) was found on the lock. status is where
-- the code is on its way to and from the lock: setting, set, unset
-- (time-bound, before starts_at or after ends_at), removing. starts_at
-- and ends_at are Unix ms, NULL for an ongoing code. external_id is the
-- code's id on the lock, for reconciliation. A backup code (is_backup) is
-- one of the device's pool, programmed ahead; pulled_for_access_code_id
-- names the code it stands in for once pulled. errors and warnings are
-- JSON arrays like the devices'.
CREATE TABLE access_codes (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    access_code_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    is_managed BOOLEAN NOT NULL,
    name TEXT,
    code TEXT,
    common_code_key TEXT,
    starts_at BIGINT,
    ends_at BIGINT,
    status TEXT NOT NULL,
    is_external_modification_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    is_one_time_use BOOLEAN NOT NULL DEFAULT FALSE,
    is_offline_access_code BOOLEAN NOT NULL DEFAULT FALSE,
    prefer_native_scheduling BOOLEAN NOT NULL DEFAULT FALSE,
    use_backup_access_code_pool BOOLEAN NOT NULL DEFAULT FALSE,
    is_backup BOOLEAN NOT NULL DEFAULT FALSE,
    pulled_for_access_code_id TEXT,
    pulled_backup_access_code_id TEXT,
    errors TEXT NOT NULL DEFAULT '[]',
    warnings TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL
);
CREATE INDEX access_codes_ws ON access_codes (workspace_id, created_at, access_code_id);
CREATE UNIQUE INDEX access_codes_device ON access_codes (device_id, external_id);
CREATE INDEX access_codes_common_key ON access_codes (workspace_id, common_code_key);

-- Events about an access code carry its id, for get_timeline and
-- events/list's access code filters.
ALTER TABLE events ADD COLUMN access_code_id TEXT;
CREATE INDEX events_access_code ON events (workspace_id, access_code_id);

-- +goose Down
DROP INDEX events_access_code;
ALTER TABLE events DROP COLUMN access_code_id;
DROP TABLE access_codes;
