-- +goose Up
-- A user's credentials were indexed by (acs_user_id, invalidated_at), so
-- invalidating one moved its entry in this index: one more page written by
-- every user's deletion (BenchmarkDeleteWALFrames counts each table's pages
-- per delete). The live ones are found through acs_credentials_user_live;
-- this index now serves what needs every credential of a user, live or not
-- (reconciliation, the foreign key's checks), and no longer changes when a
-- credential is invalidated.
DROP INDEX acs_credentials_user;
CREATE INDEX acs_credentials_user ON acs_credentials (acs_user_id);

-- +goose Down
DROP INDEX acs_credentials_user;
CREATE INDEX acs_credentials_user ON acs_credentials (acs_user_id, invalidated_at);
