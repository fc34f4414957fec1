-- +goose Up
-- Webhooks: where a workspace wants its events delivered. The signing
-- secret is sealed with the server key (associated data: the webhook id),
-- never stored in clear. disabled_at is set when the receiver answered 410.
CREATE TABLE webhooks (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    webhook_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    event_types TEXT NOT NULL DEFAULT '["*"]',
    secret_sealed TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
);
CREATE INDEX webhooks_ws ON webhooks (workspace_id, created_at, webhook_id);

-- Mutations handed to the job queue and not yet finished or failed, one row
-- per job. The worker applies the mutations of one subject (a user on its
-- access system) in job order, and finishes each one exactly once: the row
-- is deleted in the transaction that finishes or fails it.
CREATE TABLE queued_mutations (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    job_id BIGINT PRIMARY KEY,
    acs_system_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    object_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX queued_mutations_subject ON queued_mutations (subject, job_id);
CREATE INDEX queued_mutations_system ON queued_mutations (acs_system_id);

-- +goose Down
DROP TABLE queued_mutations;
DROP TABLE webhooks;
