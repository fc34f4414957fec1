-- +goose Up
-- A write's commit copies every page it touched into the log, and a
-- b-tree is at least one page (bench/README.md, BenchmarkDeleteWALFrames).
-- audit_log_ws cost every audited write 1.3 pages, for a query no part of
-- the server makes: the audit log is appended to, and read only by an
-- operator with the object in hand. An audited write now touches one b-tree.
DROP INDEX audit_log_ws;

-- Lists and lookups narrowed to one user or one identity read that user's
-- or identity's live rows (TestNarrowListPlans): SQLite, with no statistics,
-- preferred the live-rows index of the whole workspace or system and
-- filtered it row by row, so acs/credentials/list by acs_user_id, and
-- acs/users/delete by user_identity_id and acs_system_id, cost as much as
-- the workspace or system was large. Rows without a user or an identity
-- are not in these indexes and pay nothing for them.
CREATE INDEX acs_credentials_user_live ON acs_credentials (acs_user_id, created_at, acs_credential_id)
    WHERE invalidated_at IS NULL AND acs_user_id IS NOT NULL;
CREATE INDEX acs_users_identity_live ON acs_users (user_identity_id, created_at, acs_user_id)
    WHERE deleted_at IS NULL AND user_identity_id IS NOT NULL;

-- +goose Down
DROP INDEX acs_users_identity_live;
DROP INDEX acs_credentials_user_live;
CREATE INDEX audit_log_ws ON audit_log (workspace_id, occurred_at);
