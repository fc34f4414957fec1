-- +goose Up
-- What an access grant warns about as it is resolved (devices that hold no
-- codes, a requested PIN a lock would not take), a JSON array like errors.
ALTER TABLE access_grants ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
-- events/list filters by grant, method and space.
CREATE INDEX events_access_grant ON events (workspace_id, access_grant_id) WHERE access_grant_id IS NOT NULL;
CREATE INDEX events_access_method ON events (workspace_id, access_method_id) WHERE access_method_id IS NOT NULL;
CREATE INDEX events_space ON events (workspace_id, space_id) WHERE space_id IS NOT NULL;

-- +goose Down
DROP INDEX events_space;
DROP INDEX events_access_method;
DROP INDEX events_access_grant;
ALTER TABLE access_grants DROP COLUMN warnings;
