-- +goose Up
-- Whether the workspace's publishable keys authenticate (workspaces/update
-- turns it off and on). On by default: publishable keys have always
-- worked.
ALTER TABLE workspaces ADD COLUMN is_publishable_key_auth_enabled BOOLEAN NOT NULL DEFAULT TRUE;

-- +goose Down
ALTER TABLE workspaces DROP COLUMN is_publishable_key_auth_enabled;
