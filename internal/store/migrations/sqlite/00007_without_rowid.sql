-- +goose Up
-- Link tables and the sandbox provider's tables become WITHOUT ROWID: each
-- row lives in its primary key's b-tree instead of in a rowid table plus an
-- index on the key, so deleting a user changes fewer pages, which means
-- fewer frames in the write-ahead log and fewer pages for the checkpoint to
-- copy (bench/README.md). The provider's group members are keyed by user
-- first, the way a user's deletion finds them; without statistics SQLite
-- would otherwise search the key by system alone. The provider's
-- credentials stay a rowid table: their user may be NULL, which a key
-- cannot hold.
CREATE TABLE acs_access_group_members_new (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_access_group_id TEXT NOT NULL REFERENCES acs_access_groups (acs_access_group_id),
    acs_user_id TEXT NOT NULL REFERENCES acs_users (acs_user_id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (acs_access_group_id, acs_user_id)
) WITHOUT ROWID;
DROP INDEX IF EXISTS acs_access_group_members_user;
CREATE INDEX acs_access_group_members_user ON acs_access_group_members_new (acs_user_id);
INSERT INTO acs_access_group_members_new SELECT workspace_id, acs_access_group_id, acs_user_id, created_at FROM acs_access_group_members;
DROP TABLE acs_access_group_members;
ALTER TABLE acs_access_group_members_new RENAME TO acs_access_group_members;

CREATE TABLE acs_user_entrances_new (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_user_id TEXT NOT NULL REFERENCES acs_users (acs_user_id),
    acs_entrance_id TEXT NOT NULL REFERENCES acs_entrances (acs_entrance_id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (acs_user_id, acs_entrance_id)
) WITHOUT ROWID;
DROP INDEX IF EXISTS acs_user_entrances_entrance;
CREATE INDEX acs_user_entrances_entrance ON acs_user_entrances_new (acs_entrance_id);
INSERT INTO acs_user_entrances_new SELECT workspace_id, acs_user_id, acs_entrance_id, created_at FROM acs_user_entrances;
DROP TABLE acs_user_entrances;
ALTER TABLE acs_user_entrances_new RENAME TO acs_user_entrances;

CREATE TABLE sandbox_provider_users_new (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    external_id TEXT NOT NULL,
    full_name TEXT,
    email_address TEXT,
    phone_number TEXT,
    is_suspended BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (acs_system_id, external_id)
) WITHOUT ROWID;
INSERT INTO sandbox_provider_users_new SELECT workspace_id, acs_system_id, external_id, full_name, email_address,
    phone_number, is_suspended, updated_at FROM sandbox_provider_users;
DROP TABLE sandbox_provider_users;
ALTER TABLE sandbox_provider_users_new RENAME TO sandbox_provider_users;

CREATE TABLE sandbox_provider_group_members_new (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    group_external_id TEXT NOT NULL,
    user_external_id TEXT NOT NULL,
    PRIMARY KEY (acs_system_id, user_external_id, group_external_id)
) WITHOUT ROWID;
DROP INDEX IF EXISTS sandbox_provider_group_members_group;
CREATE INDEX sandbox_provider_group_members_group ON sandbox_provider_group_members_new (acs_system_id, group_external_id, workspace_id);
INSERT INTO sandbox_provider_group_members_new SELECT workspace_id, acs_system_id, group_external_id, user_external_id
    FROM sandbox_provider_group_members;
DROP TABLE sandbox_provider_group_members;
ALTER TABLE sandbox_provider_group_members_new RENAME TO sandbox_provider_group_members;

CREATE TABLE sandbox_provider_user_entrances_new (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    user_external_id TEXT NOT NULL,
    entrance_external_id TEXT NOT NULL,
    PRIMARY KEY (acs_system_id, user_external_id, entrance_external_id)
) WITHOUT ROWID;
INSERT INTO sandbox_provider_user_entrances_new SELECT workspace_id, acs_system_id, user_external_id, entrance_external_id
    FROM sandbox_provider_user_entrances;
DROP TABLE sandbox_provider_user_entrances;
ALTER TABLE sandbox_provider_user_entrances_new RENAME TO sandbox_provider_user_entrances;

-- +goose Down
-- Rows stay where they are: a WITHOUT ROWID table answers every query the
-- rowid table did, so going back needs no change.
SELECT 1;
