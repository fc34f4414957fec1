-- +goose Up
-- Phones: the mobile phones of a workspace's app users, each belonging to a
-- user identity. A phone carries the identity's mobile keys; deactivating
-- it (a lost phone) deletes the row. The assa_abloy_* columns are what the
-- phone's credential service endpoint reports.
CREATE TABLE phones (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    device_id TEXT PRIMARY KEY,
    user_identity_id TEXT NOT NULL REFERENCES user_identities (user_identity_id) ON DELETE CASCADE,
    device_type TEXT NOT NULL,
    nickname TEXT,
    manufacturer TEXT NOT NULL,
    model TEXT NOT NULL,
    os_version TEXT NOT NULL,
    custom_sdk_installation_id TEXT,
    app_version TEXT NOT NULL,
    ble_capability BOOLEAN NOT NULL DEFAULT FALSE,
    hce_capability BOOLEAN NOT NULL DEFAULT FALSE,
    nfc_capability BOOLEAN NOT NULL DEFAULT FALSE,
    seos_applet_version TEXT NOT NULL,
    seos_tsm_endpoint_id DOUBLE PRECISION NOT NULL,
    custom_metadata TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE INDEX phones_ws ON phones (workspace_id, created_at, device_id);
CREATE INDEX phones_identity ON phones (user_identity_id);

-- Noise thresholds of noise sensors: a level (decibels, and optionally
-- NRS) in force every day between starts_daily_at and ends_daily_at
-- ("HH:MM" or "HH:MM:SS", the window may wrap past midnight).
CREATE TABLE noise_thresholds (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    noise_threshold_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    starts_daily_at TEXT NOT NULL,
    ends_daily_at TEXT NOT NULL,
    noise_threshold_decibels DOUBLE PRECISION NOT NULL,
    noise_threshold_nrs DOUBLE PRECISION,
    created_at BIGINT NOT NULL
);
CREATE INDEX noise_thresholds_device ON noise_thresholds (device_id, created_at, noise_threshold_id);

-- +goose Down
DROP TABLE noise_thresholds;
DROP TABLE phones;
