-- +goose Up
-- Spaces group entrances and devices (a room, a unit, a floor) and may name
-- connected accounts. A space is deleted for good: its links go with it.
-- A link goes with its device, entrance or account too, when a connected
-- account is removed or the workspace reset (ON DELETE CASCADE).
CREATE TABLE spaces (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    space_id TEXT PRIMARY KEY,
    space_key TEXT,
    name TEXT NOT NULL,
    parent_space_id TEXT REFERENCES spaces (space_id) ON DELETE SET NULL,
    customer_key TEXT,
    customer_data TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE INDEX spaces_ws ON spaces (workspace_id, created_at, space_id);
CREATE UNIQUE INDEX spaces_key ON spaces (workspace_id, space_key) WHERE space_key IS NOT NULL;

CREATE TABLE space_devices (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    space_id TEXT NOT NULL REFERENCES spaces (space_id) ON DELETE CASCADE,
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, device_id)
) WITHOUT ROWID;
CREATE INDEX space_devices_device ON space_devices (device_id);

CREATE TABLE space_acs_entrances (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    space_id TEXT NOT NULL REFERENCES spaces (space_id) ON DELETE CASCADE,
    acs_entrance_id TEXT NOT NULL REFERENCES acs_entrances (acs_entrance_id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, acs_entrance_id)
) WITHOUT ROWID;
CREATE INDEX space_acs_entrances_entrance ON space_acs_entrances (acs_entrance_id);

CREATE TABLE space_connected_accounts (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    space_id TEXT NOT NULL REFERENCES spaces (space_id) ON DELETE CASCADE,
    connected_account_id TEXT NOT NULL REFERENCES connected_accounts (connected_account_id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, connected_account_id)
) WITHOUT ROWID;
CREATE INDEX space_connected_accounts_account ON space_connected_accounts (connected_account_id);

-- Encoders write card credentials onto cards at a front desk. They belong
-- to an access system and go with it. next_encode and next_scan hold what a
-- sandbox simulation asked the next encode or scan to do (JSON, NULL: the
-- default outcome); card_credential_id is the credential last written onto
-- the card lying on the encoder, what a scan reads.
CREATE TABLE acs_encoders (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_encoder_id TEXT PRIMARY KEY,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    next_encode TEXT,
    next_scan TEXT,
    card_credential_id TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX acs_encoders_ws ON acs_encoders (workspace_id, created_at, acs_encoder_id);
CREATE INDEX acs_encoders_system ON acs_encoders (acs_system_id, external_id);

-- An access grant: who (a user identity), where (its places), when
-- (starts_at, ends_at) and which access methods were requested (JSON).
-- state is 'scheduled' until it starts, 'active' while it gives access,
-- 'ended' after ends_at; a deleted grant keeps its row (deleted_at) so that
-- the jobs scheduled for it find it gone and do nothing.
CREATE TABLE access_grants (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    access_grant_id TEXT PRIMARY KEY,
    access_grant_key TEXT,
    user_identity_id TEXT NOT NULL REFERENCES user_identities (user_identity_id) ON DELETE CASCADE,
    name TEXT,
    reservation_key TEXT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT,
    requested_access_methods TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL DEFAULT 'scheduled',
    errors TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX access_grants_ws ON access_grants (workspace_id, created_at, access_grant_id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX access_grants_key ON access_grants (workspace_id, access_grant_key) WHERE access_grant_key IS NOT NULL AND deleted_at IS NULL;

-- Where a grant gives access, as it was asked: spaces, entrances, devices.
CREATE TABLE access_grant_places (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    access_grant_id TEXT NOT NULL REFERENCES access_grants (access_grant_id) ON DELETE CASCADE,
    place_type TEXT NOT NULL,
    place_id TEXT NOT NULL,
    PRIMARY KEY (access_grant_id, place_type, place_id)
) WITHOUT ROWID;
CREATE INDEX access_grant_places_place ON access_grant_places (place_id);

-- An access method: one way (mode) a grant's holder gets in, resolved into
-- objects of the lower layers (access_method_objects).
CREATE TABLE access_methods (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    access_method_id TEXT PRIMARY KEY,
    access_grant_id TEXT NOT NULL REFERENCES access_grants (access_grant_id) ON DELETE CASCADE,
    mode TEXT NOT NULL,
    display_name TEXT NOT NULL,
    code TEXT,
    is_issued BOOLEAN NOT NULL DEFAULT FALSE,
    issued_at BIGINT,
    is_encoding_required BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX access_methods_ws ON access_methods (workspace_id, created_at, access_method_id) WHERE deleted_at IS NULL;
CREATE INDEX access_methods_grant ON access_methods (access_grant_id);

-- The objects an access method was resolved into: ACS users and
-- credentials on access systems, access codes on locks.
CREATE TABLE access_method_objects (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    access_method_id TEXT NOT NULL REFERENCES access_methods (access_method_id) ON DELETE CASCADE,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    acs_system_id TEXT,
    device_id TEXT,
    PRIMARY KEY (access_method_id, object_type, object_id)
) WITHOUT ROWID;
CREATE INDEX access_method_objects_object ON access_method_objects (object_id);

-- Events about spaces, grants and methods carry their ids, for events/list.
ALTER TABLE events ADD COLUMN space_id TEXT;
ALTER TABLE events ADD COLUMN access_grant_id TEXT;
ALTER TABLE events ADD COLUMN access_method_id TEXT;

-- +goose Down
ALTER TABLE events DROP COLUMN access_method_id;
ALTER TABLE events DROP COLUMN access_grant_id;
ALTER TABLE events DROP COLUMN space_id;
DROP TABLE access_method_objects;
DROP TABLE access_methods;
DROP TABLE access_grant_places;
DROP TABLE access_grants;
DROP TABLE acs_encoders;
DROP TABLE space_connected_accounts;
DROP TABLE space_acs_entrances;
DROP TABLE space_devices;
DROP TABLE spaces;
