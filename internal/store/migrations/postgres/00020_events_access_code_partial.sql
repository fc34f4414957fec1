-- +goose Up
-- Most events name no access code: indexing their NULLs cost every event a
-- write to this index for nothing. The lookups are by a code's id, which a
-- partial index serves.
DROP INDEX events_access_code;
CREATE INDEX events_access_code ON events (workspace_id, access_code_id) WHERE access_code_id IS NOT NULL;

-- +goose Down
DROP INDEX events_access_code;
CREATE INDEX events_access_code ON events (workspace_id, access_code_id);
