-- +goose Up
-- No query of the server reads the audit log by workspace and time; the
-- index cost every audited write an index insert (SQLite's 00029: 1.3 pages
-- in the log per delete). The audit log is appended to and read only by an
-- operator with the object in hand.
DROP INDEX audit_log_ws;

-- +goose Down
CREATE INDEX audit_log_ws ON audit_log (workspace_id, occurred_at);
