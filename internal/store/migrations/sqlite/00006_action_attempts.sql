-- +goose Up
-- Action attempts: operations carried out on an access system on the
-- caller's behalf (unlocking an entrance), which callers poll until they
-- end. status is pending, success or error; result (on success) and error
-- (on error: {"type", "message"}) are JSON documents, NULL otherwise.
CREATE TABLE action_attempts (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    action_attempt_id TEXT PRIMARY KEY,
    action_type TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'success', 'error')),
    result TEXT,
    error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX action_attempts_ws ON action_attempts (workspace_id, created_at, action_attempt_id);

-- +goose Down
DROP TABLE action_attempts;
