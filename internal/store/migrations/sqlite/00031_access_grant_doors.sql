-- +goose Up
-- The entrances an access grant has given access to (its doors): a row is
-- added when a method of the grant reaches the entrance
-- (access_grant.access_granted_to_door) and removed when no method of the
-- live grant opens it any more (access_grant.access_to_door_lost). No
-- foreign key to the entrance: a door whose entrance goes is lost, and the
-- grant says so before the row goes.
CREATE TABLE access_grant_doors (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    access_grant_id TEXT NOT NULL REFERENCES access_grants (access_grant_id) ON DELETE CASCADE,
    acs_entrance_id TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (access_grant_id, acs_entrance_id)
) WITHOUT ROWID;

-- When issuing an access method was first delayed (a mutation it waits for
-- is being retried: access_method.delay_in_issuing, the warning
-- delay_in_issuing) and when it failed for good (access_method.failed_to_issue,
-- the error failed_to_issue); both clear when the method is issued.
ALTER TABLE access_methods ADD COLUMN issue_delayed_at BIGINT;
ALTER TABLE access_methods ADD COLUMN issue_failed_at BIGINT;

-- +goose Down
ALTER TABLE access_methods DROP COLUMN issue_failed_at;
ALTER TABLE access_methods DROP COLUMN issue_delayed_at;
DROP TABLE access_grant_doors;
