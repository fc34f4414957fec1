-- +goose Up
-- No query of the server reads the audit log by workspace and time; the
-- index cost every audited write an index insert (SQLite's 00030: 1.3 pages
-- in the log per delete). The audit log is appended to and read only by an
-- operator with the object in hand.
DROP INDEX audit_log_ws;

-- Lists and lookups narrowed to one user or one identity read that user's
-- or identity's live rows; SQLite's 00030 says how they did not.
CREATE INDEX acs_credentials_user_live ON acs_credentials (acs_user_id, created_at, acs_credential_id)
    WHERE invalidated_at IS NULL AND acs_user_id IS NOT NULL;
CREATE INDEX acs_users_identity_live ON acs_users (user_identity_id, created_at, acs_user_id)
    WHERE deleted_at IS NULL AND user_identity_id IS NOT NULL;

-- +goose Down
DROP INDEX acs_users_identity_live;
DROP INDEX acs_credentials_user_live;
CREATE INDEX audit_log_ws ON audit_log (workspace_id, occurred_at);
