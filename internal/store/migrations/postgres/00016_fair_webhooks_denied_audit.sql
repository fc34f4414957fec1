-- +goose Up
-- Webhook deliveries waiting for their receiver, one row per event and
-- webhook, in the order they were made. A delivered one is deleted; one
-- whose every attempt failed keeps failed_at. Each webhook's deliveries are
-- worked by one job of its own (internal/job), so one receiver's backlog or
-- failures never stand in front of another's. leased_until is when the
-- attempt of a worker that claimed the delivery counts as lost.
CREATE TABLE webhook_deliveries (
    delivery_id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    webhook_id TEXT NOT NULL REFERENCES webhooks (webhook_id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    leased_until BIGINT NOT NULL DEFAULT 0,
    failed_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (webhook_id, next_attempt_at, delivery_id) WHERE failed_at IS NULL;
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE failed_at IS NULL;

-- A webhook whose receiver keeps failing is backed off as a whole:
-- failures counts its attempts failed in a row (0 once one succeeds),
-- backoff_until is when it is tried again, disabled_reason says why
-- disabled_at was set (a 410, or every attempt of the schedule failed).
ALTER TABLE webhooks ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhooks ADD COLUMN backoff_until BIGINT;
ALTER TABLE webhooks ADD COLUMN disabled_reason TEXT;

-- Why an action was refused (outcome 'denied'): 401, 404, 400.
ALTER TABLE audit_log ADD COLUMN reason TEXT;

-- +goose Down
ALTER TABLE audit_log DROP COLUMN reason;
ALTER TABLE webhooks DROP COLUMN disabled_reason;
ALTER TABLE webhooks DROP COLUMN backoff_until;
ALTER TABLE webhooks DROP COLUMN failures;
DROP TABLE webhook_deliveries;
