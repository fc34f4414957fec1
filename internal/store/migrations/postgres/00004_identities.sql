-- +goose Up
-- A client session remembers the connected accounts and Connect Webviews it
-- was created for (JSON arrays of ids), to return them and to scope reads.
ALTER TABLE client_sessions ADD COLUMN connected_account_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE client_sessions ADD COLUMN connect_webview_ids TEXT NOT NULL DEFAULT '[]';
CREATE INDEX client_sessions_identifier ON client_sessions (workspace_id, user_identifier_key) WHERE user_identifier_key IS NOT NULL;

-- Phone numbers of user identities are unique per workspace, like keys and
-- email addresses.
CREATE UNIQUE INDEX user_identities_phone ON user_identities (workspace_id, phone_number) WHERE phone_number IS NOT NULL;

-- +goose Down
DROP INDEX user_identities_phone;
DROP INDEX client_sessions_identifier;
ALTER TABLE client_sessions DROP COLUMN connect_webview_ids;
ALTER TABLE client_sessions DROP COLUMN connected_account_ids;
