-- +goose Up
-- How lintel reaches a device: its connector and that connector's
-- configuration (for the sandbox: inline or remote, and the faults of
-- remote mode), as acs_systems has them. Every device so far is a sandbox
-- lock. auto_lock_* are the lock's auto-lock setting (NULL: never set).
ALTER TABLE devices ADD COLUMN connector TEXT NOT NULL DEFAULT 'sandbox';
ALTER TABLE devices ADD COLUMN connector_config TEXT NOT NULL DEFAULT '{}';
ALTER TABLE devices ADD COLUMN auto_lock_enabled BOOLEAN;
ALTER TABLE devices ADD COLUMN auto_lock_delay_seconds INTEGER;

-- An action attempt on a device (locking, unlocking) names it, so that
-- action_attempts/list can filter by device and a client session sees the
-- attempts on its devices.
ALTER TABLE action_attempts ADD COLUMN device_id TEXT;
CREATE INDEX action_attempts_device ON action_attempts (workspace_id, device_id);

-- A queued mutation of a device names the device; its acs_system_id is
-- then empty.
ALTER TABLE queued_mutations ADD COLUMN device_id TEXT;

-- The simulated devices behind the sandbox connector: the provider's view
-- of each sandbox account's locks, keyed by the account and the device's
-- id at the provider, like the sandbox_provider_* tables of access
-- systems. A device missing here is gone from the provider's account.
CREATE TABLE sandbox_provider_devices (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    connected_account_id TEXT NOT NULL REFERENCES connected_accounts (connected_account_id),
    external_id TEXT NOT NULL,
    online BOOLEAN NOT NULL DEFAULT TRUE,
    locked BOOLEAN NOT NULL DEFAULT TRUE,
    door_open BOOLEAN NOT NULL DEFAULT FALSE,
    battery_level DOUBLE PRECISION NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (connected_account_id, external_id)
);
CREATE INDEX sandbox_provider_devices_ws ON sandbox_provider_devices (workspace_id);

-- The access codes programmed on each simulated lock, keyed by the lock
-- and the code's id at the provider. Times are Unix ms, NULL for an
-- ongoing code.
CREATE TABLE sandbox_provider_access_codes (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    connected_account_id TEXT NOT NULL REFERENCES connected_accounts (connected_account_id),
    device_external_id TEXT NOT NULL,
    external_id TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT,
    starts_at BIGINT,
    ends_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (connected_account_id, device_external_id, external_id)
);
CREATE INDEX sandbox_provider_access_codes_ws ON sandbox_provider_access_codes (workspace_id);

-- The locks that exist already start in the state lintel last knew.
INSERT INTO sandbox_provider_devices (workspace_id, connected_account_id, external_id, online, locked, door_open,
    battery_level, updated_at)
SELECT workspace_id, connected_account_id, external_id, online, COALESCE(locked, FALSE), COALESCE(door_open, FALSE),
    COALESCE(battery_level, 1), created_at
FROM devices WHERE connector = 'sandbox';

-- +goose Down
DROP TABLE sandbox_provider_access_codes;
DROP TABLE sandbox_provider_devices;
ALTER TABLE queued_mutations DROP COLUMN device_id;
DROP INDEX action_attempts_device;
ALTER TABLE action_attempts DROP COLUMN device_id;
ALTER TABLE devices DROP COLUMN auto_lock_delay_seconds;
ALTER TABLE devices DROP COLUMN auto_lock_enabled;
ALTER TABLE devices DROP COLUMN connector_config;
ALTER TABLE devices DROP COLUMN connector;
