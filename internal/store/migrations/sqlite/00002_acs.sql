-- +goose Up
-- Every table of tenant data carries workspace_id, and every query filters
-- by it. Times are Unix milliseconds; JSON documents are TEXT.

CREATE TABLE connected_accounts (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    connected_account_id TEXT PRIMARY KEY,
    account_type TEXT NOT NULL,
    account_type_display_name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    custom_metadata TEXT NOT NULL DEFAULT '{}',
    automatically_manage_new_devices BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX connected_accounts_ws ON connected_accounts (workspace_id, created_at, connected_account_id);

-- connector names how the system is reached ("sandbox"); connector_config
-- holds its settings (for the sandbox: inline or remote mode, faults).
CREATE TABLE acs_systems (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_system_id TEXT PRIMARY KEY,
    connected_account_id TEXT NOT NULL REFERENCES connected_accounts (connected_account_id),
    name TEXT NOT NULL,
    external_type TEXT NOT NULL,
    external_type_display_name TEXT NOT NULL,
    is_credential_manager BOOLEAN NOT NULL DEFAULT FALSE,
    time_zone TEXT,
    connector TEXT NOT NULL DEFAULT 'sandbox',
    connector_config TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE INDEX acs_systems_ws ON acs_systems (workspace_id, created_at, acs_system_id);

CREATE TABLE user_identities (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    user_identity_id TEXT PRIMARY KEY,
    user_identity_key TEXT,
    email_address TEXT,
    phone_number TEXT,
    full_name TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX user_identities_ws ON user_identities (workspace_id, created_at, user_identity_id);
CREATE UNIQUE INDEX user_identities_key ON user_identities (workspace_id, user_identity_key) WHERE user_identity_key IS NOT NULL;
CREATE UNIQUE INDEX user_identities_email ON user_identities (workspace_id, email_address) WHERE email_address IS NOT NULL;

-- A deleted user stays as a tombstone (deleted_at set) so that a later sync
-- from the access system never brings it back; every read filters it out.
-- delete_requested_at marks a deletion the access system has not confirmed.
CREATE TABLE acs_users (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_user_id TEXT PRIMARY KEY,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    user_identity_id TEXT REFERENCES user_identities (user_identity_id) ON DELETE SET NULL,
    external_id TEXT NOT NULL,
    full_name TEXT,
    email_address TEXT,
    phone_number TEXT,
    access_starts_at BIGINT,
    access_ends_at BIGINT,
    is_suspended BOOLEAN NOT NULL DEFAULT FALSE,
    is_managed BOOLEAN NOT NULL DEFAULT TRUE,
    errors TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    last_successful_sync_at BIGINT,
    delete_requested_at BIGINT,
    deleted_at BIGINT
);
CREATE INDEX acs_users_list ON acs_users (workspace_id, created_at, acs_user_id) WHERE deleted_at IS NULL;
CREATE INDEX acs_users_system ON acs_users (acs_system_id, created_at, acs_user_id) WHERE deleted_at IS NULL;
CREATE INDEX acs_users_identity ON acs_users (user_identity_id) WHERE user_identity_id IS NOT NULL;
CREATE INDEX acs_users_external ON acs_users (acs_system_id, external_id);

-- Credentials leave the API the moment their user is deleted: invalidated_at
-- is set in the same transaction, and every read filters it out.
CREATE TABLE acs_credentials (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_credential_id TEXT PRIMARY KEY,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    acs_user_id TEXT REFERENCES acs_users (acs_user_id),
    external_id TEXT NOT NULL,
    access_method TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    code TEXT,
    card_number TEXT,
    external_type TEXT,
    starts_at BIGINT,
    ends_at BIGINT,
    is_one_time_use BOOLEAN NOT NULL DEFAULT FALSE,
    is_multi_phone_sync_credential BOOLEAN NOT NULL DEFAULT FALSE,
    is_issued BOOLEAN NOT NULL DEFAULT FALSE,
    issued_at BIGINT,
    errors TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    invalidated_at BIGINT
);
CREATE INDEX acs_credentials_list ON acs_credentials (workspace_id, created_at, acs_credential_id) WHERE invalidated_at IS NULL;
-- Not partial: finishing a delete looks up the credentials it invalidated.
CREATE INDEX acs_credentials_user ON acs_credentials (acs_user_id, invalidated_at);

CREATE TABLE acs_access_groups (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_access_group_id TEXT PRIMARY KEY,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    external_id TEXT NOT NULL,
    name TEXT NOT NULL,
    access_group_type TEXT NOT NULL,
    access_group_type_display_name TEXT NOT NULL,
    access_starts_at BIGINT,
    access_ends_at BIGINT,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX acs_access_groups_ws ON acs_access_groups (workspace_id, created_at, acs_access_group_id) WHERE deleted_at IS NULL;

CREATE TABLE acs_access_group_members (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_access_group_id TEXT NOT NULL REFERENCES acs_access_groups (acs_access_group_id),
    acs_user_id TEXT NOT NULL REFERENCES acs_users (acs_user_id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (acs_access_group_id, acs_user_id)
);
CREATE INDEX acs_access_group_members_user ON acs_access_group_members (acs_user_id);

CREATE TABLE acs_entrances (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_entrance_id TEXT PRIMARY KEY,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    external_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    can_unlock_with_card BOOLEAN NOT NULL DEFAULT FALSE,
    can_unlock_with_code BOOLEAN NOT NULL DEFAULT FALSE,
    can_unlock_with_mobile_key BOOLEAN NOT NULL DEFAULT FALSE,
    can_unlock_with_cloud_key BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
CREATE INDEX acs_entrances_ws ON acs_entrances (workspace_id, created_at, acs_entrance_id);

-- Which access groups open which entrances.
CREATE TABLE acs_access_group_entrances (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_access_group_id TEXT NOT NULL REFERENCES acs_access_groups (acs_access_group_id),
    acs_entrance_id TEXT NOT NULL REFERENCES acs_entrances (acs_entrance_id),
    PRIMARY KEY (acs_access_group_id, acs_entrance_id)
);
CREATE INDEX acs_access_group_entrances_entrance ON acs_access_group_entrances (acs_entrance_id);

-- Entrances granted to a user directly (acs/entrances/grant_access), and
-- entrances a credential opens on systems where access is per credential.
CREATE TABLE acs_user_entrances (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_user_id TEXT NOT NULL REFERENCES acs_users (acs_user_id),
    acs_entrance_id TEXT NOT NULL REFERENCES acs_entrances (acs_entrance_id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (acs_user_id, acs_entrance_id)
);
CREATE INDEX acs_user_entrances_entrance ON acs_user_entrances (acs_entrance_id);

CREATE TABLE acs_credential_entrances (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_credential_id TEXT NOT NULL REFERENCES acs_credentials (acs_credential_id),
    acs_entrance_id TEXT NOT NULL REFERENCES acs_entrances (acs_entrance_id),
    PRIMARY KEY (acs_credential_id, acs_entrance_id)
);
CREATE INDEX acs_credential_entrances_entrance ON acs_credential_entrances (acs_entrance_id);

-- Mutations handed to a connector that the access system has not confirmed
-- yet; they show as pending_mutations on the object.
CREATE TABLE pending_mutations (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    pending_mutation_id TEXT PRIMARY KEY,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    mutation_code TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX pending_mutations_object ON pending_mutations (object_id);

-- The event log is append-only; event ids are UUIDv7, so time-ordered.
CREATE TABLE events (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    event_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    acs_system_id TEXT,
    connected_account_id TEXT,
    acs_user_id TEXT,
    acs_credential_id TEXT,
    acs_access_group_id TEXT,
    acs_entrance_id TEXT,
    acs_encoder_id TEXT,
    user_identity_id TEXT,
    payload TEXT NOT NULL
);
CREATE INDEX events_ws_time ON events (workspace_id, created_at, event_id);

-- Who did what, append-only, written in the transaction of the change.
CREATE TABLE audit_log (
    audit_id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_short_token TEXT,
    actor_user_id TEXT,
    request_id TEXT,
    source_ip TEXT,
    outcome TEXT NOT NULL,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX audit_log_ws ON audit_log (workspace_id, occurred_at);
CREATE INDEX audit_log_object ON audit_log (object_id);

-- The simulated access system behind the sandbox connector: what the
-- provider holds, keyed by the provider's own ids.
CREATE TABLE sandbox_provider_users (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    external_id TEXT NOT NULL,
    full_name TEXT,
    email_address TEXT,
    phone_number TEXT,
    is_suspended BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (acs_system_id, external_id)
);

CREATE TABLE sandbox_provider_credentials (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    external_id TEXT NOT NULL,
    user_external_id TEXT,
    access_method TEXT NOT NULL,
    code TEXT,
    card_number TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (acs_system_id, external_id)
);
CREATE INDEX sandbox_provider_credentials_user ON sandbox_provider_credentials (acs_system_id, user_external_id);

CREATE TABLE sandbox_provider_group_members (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    group_external_id TEXT NOT NULL,
    user_external_id TEXT NOT NULL,
    PRIMARY KEY (acs_system_id, group_external_id, user_external_id)
);
CREATE INDEX sandbox_provider_group_members_user ON sandbox_provider_group_members (acs_system_id, user_external_id);

-- Client sessions: scoped tokens for end users' apps. The token is sealed
-- with the server key (get returns it), and looked up by short token + hash.
CREATE TABLE client_sessions (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    client_session_id TEXT PRIMARY KEY,
    short_token TEXT NOT NULL UNIQUE,
    long_token_hash BLOB NOT NULL,
    token_sealed TEXT NOT NULL,
    user_identifier_key TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX client_sessions_ws ON client_sessions (workspace_id, created_at);

CREATE TABLE client_session_user_identities (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    client_session_id TEXT NOT NULL REFERENCES client_sessions (client_session_id) ON DELETE CASCADE,
    user_identity_id TEXT NOT NULL REFERENCES user_identities (user_identity_id) ON DELETE CASCADE,
    PRIMARY KEY (client_session_id, user_identity_id)
);
CREATE INDEX client_session_user_identities_identity ON client_session_user_identities (user_identity_id);

-- +goose Down
DROP TABLE client_session_user_identities;
DROP TABLE client_sessions;
DROP TABLE sandbox_provider_group_members;
DROP TABLE sandbox_provider_credentials;
DROP TABLE sandbox_provider_users;
DROP TABLE audit_log;
DROP TABLE events;
DROP TABLE pending_mutations;
DROP TABLE acs_credential_entrances;
DROP TABLE acs_user_entrances;
DROP TABLE acs_access_group_entrances;
DROP TABLE acs_entrances;
DROP TABLE acs_access_group_members;
DROP TABLE acs_access_groups;
DROP TABLE acs_credentials;
DROP TABLE acs_users;
DROP TABLE user_identities;
DROP TABLE acs_systems;
DROP TABLE connected_accounts;
