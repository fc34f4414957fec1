-- +goose Up
-- A deleted credential leaves the API at once (invalidated_at) and becomes
-- final once the access system has revoked it (deleted_at), which is when
-- acs_credential.deleted is recorded, exactly once.
ALTER TABLE acs_credentials ADD COLUMN deleted_at BIGINT;
-- The credential manager system that issued a mobile credential, if any.
ALTER TABLE acs_credentials ADD COLUMN credential_manager_acs_system_id TEXT REFERENCES acs_systems (acs_system_id);
CREATE INDEX acs_credentials_system ON acs_credentials (acs_system_id, created_at, acs_credential_id) WHERE invalidated_at IS NULL;

-- Entrances the simulated access system lets a user open directly.
CREATE TABLE sandbox_provider_user_entrances (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    acs_system_id TEXT NOT NULL REFERENCES acs_systems (acs_system_id),
    user_external_id TEXT NOT NULL,
    entrance_external_id TEXT NOT NULL,
    PRIMARY KEY (acs_system_id, user_external_id, entrance_external_id)
);

-- +goose Down
DROP TABLE sandbox_provider_user_entrances;
DROP INDEX acs_credentials_system;
ALTER TABLE acs_credentials DROP COLUMN credential_manager_acs_system_id;
ALTER TABLE acs_credentials DROP COLUMN deleted_at;
