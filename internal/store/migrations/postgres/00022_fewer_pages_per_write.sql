-- +goose Up
-- Fewer index writes per write; SQLite's 00022 says why (it also makes the
-- audit log WITHOUT ROWID, a storage option PostgreSQL's heaps do not have).
DROP INDEX events_access_code;
CREATE INDEX events_access_code ON events (workspace_id, access_code_id) WHERE access_code_id IS NOT NULL;

-- No query of the server looks audit rows up by object.
DROP INDEX audit_log_object;

-- +goose Down
CREATE INDEX audit_log_object ON audit_log (object_id);
DROP INDEX events_access_code;
CREATE INDEX events_access_code ON events (workspace_id, access_code_id);
