-- +goose Up
-- Devices (smart locks) of connected accounts, as a sandbox sign-in or a
-- provider's sync creates them. external_id is the device's id at the
-- provider: connecting the same account again finds the same devices.
-- The columns of the lock's state (locked, online, battery_level) are what
-- lintel last knew; the code_* columns are the lock's rules for access
-- codes; errors and warnings are JSON arrays like the ACS objects'.
CREATE TABLE devices (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    device_id TEXT PRIMARY KEY,
    connected_account_id TEXT NOT NULL REFERENCES connected_accounts (connected_account_id),
    external_id TEXT NOT NULL,
    device_type TEXT NOT NULL,
    name TEXT NOT NULL,
    nickname TEXT,
    manufacturer TEXT NOT NULL,
    manufacturer_display_name TEXT NOT NULL,
    model TEXT NOT NULL,
    serial_number TEXT,
    has_built_in_keypad BOOLEAN NOT NULL DEFAULT FALSE,
    can_connect_accessory_keypad BOOLEAN NOT NULL DEFAULT FALSE,
    online BOOLEAN NOT NULL DEFAULT TRUE,
    locked BOOLEAN,
    door_open BOOLEAN,
    battery_level DOUBLE PRECISION,
    can_remotely_lock BOOLEAN NOT NULL DEFAULT FALSE,
    can_remotely_unlock BOOLEAN NOT NULL DEFAULT FALSE,
    can_program_online_access_codes BOOLEAN NOT NULL DEFAULT FALSE,
    can_program_offline_access_codes BOOLEAN NOT NULL DEFAULT FALSE,
    can_unlock_with_code BOOLEAN NOT NULL DEFAULT FALSE,
    can_simulate_removal BOOLEAN NOT NULL DEFAULT FALSE,
    can_simulate_connection BOOLEAN NOT NULL DEFAULT FALSE,
    can_simulate_disconnection BOOLEAN NOT NULL DEFAULT FALSE,
    can_configure_auto_lock BOOLEAN NOT NULL DEFAULT FALSE,
    supported_code_lengths TEXT NOT NULL DEFAULT '[]',
    max_active_codes_supported INTEGER,
    code_digits_only BOOLEAN NOT NULL DEFAULT TRUE,
    code_constraints TEXT NOT NULL DEFAULT '[]',
    code_name_max_length INTEGER,
    custom_metadata TEXT NOT NULL DEFAULT '{}',
    is_managed BOOLEAN NOT NULL DEFAULT TRUE,
    errors TEXT NOT NULL DEFAULT '[]',
    warnings TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL
);
CREATE INDEX devices_ws ON devices (workspace_id, created_at, device_id);
CREATE INDEX devices_account ON devices (connected_account_id, external_id);

-- Who a connected account was signed in as (user_identifier.email), so that
-- signing in with the same login again reconnects the same account.
ALTER TABLE connected_accounts ADD COLUMN user_identifier_email TEXT;
CREATE INDEX connected_accounts_login ON connected_accounts (workspace_id, account_type, user_identifier_email);

-- A system's id at the provider, for the same reason.
ALTER TABLE acs_systems ADD COLUMN external_id TEXT;

-- Events about a device carry its id, for events/list's device filters.
ALTER TABLE events ADD COLUMN device_id TEXT;

-- +goose Down
ALTER TABLE events DROP COLUMN device_id;
ALTER TABLE acs_systems DROP COLUMN external_id;
DROP INDEX connected_accounts_login;
ALTER TABLE connected_accounts DROP COLUMN user_identifier_email;
DROP TABLE devices;
