-- +goose Up
-- Every page a write touches is a frame in the write-ahead log, written
-- (and synced) at its commit; a user's deletion was paying for pages that
-- serve no read (bench/README.md, BenchmarkDeleteWALFrames).
--
-- Most events name no access code: indexing their NULLs cost every event a
-- write to this index for nothing. The lookups are by a code's id, which a
-- partial index serves.
DROP INDEX events_access_code;
CREATE INDEX events_access_code ON events (workspace_id, access_code_id) WHERE access_code_id IS NOT NULL;

-- No query of the server looks audit rows up by object.
DROP INDEX audit_log_object;

-- The audit log becomes WITHOUT ROWID: a row lives in its key's b-tree
-- instead of in a rowid table plus an index on the key. With the index
-- above gone, an audited write touches two b-trees instead of four.
CREATE TABLE audit_log_new (
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
    occurred_at BIGINT NOT NULL,
    reason TEXT
) WITHOUT ROWID;
DROP INDEX IF EXISTS audit_log_ws;
CREATE INDEX audit_log_ws ON audit_log_new (workspace_id, occurred_at);
INSERT INTO audit_log_new SELECT audit_id, workspace_id, action, object_type, object_id, actor_kind, actor_id,
    actor_short_token, actor_user_id, request_id, source_ip, outcome, occurred_at, reason FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;

-- +goose Down
CREATE TABLE audit_log_old (
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
    occurred_at BIGINT NOT NULL,
    reason TEXT
);
DROP INDEX IF EXISTS audit_log_ws;
CREATE INDEX audit_log_ws ON audit_log_old (workspace_id, occurred_at);
INSERT INTO audit_log_old SELECT audit_id, workspace_id, action, object_type, object_id, actor_kind, actor_id,
    actor_short_token, actor_user_id, request_id, source_ip, outcome, occurred_at, reason FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_old RENAME TO audit_log;
CREATE INDEX audit_log_object ON audit_log (object_id);
DROP INDEX events_access_code;
CREATE INDEX events_access_code ON events (workspace_id, access_code_id);
