-- +goose Up
-- Idempotency-Key (Stripe's convention) on the routes that create: the key
-- is claimed per workspace in the very transaction of the create, with a
-- fingerprint of the route and its parameters; the response is recorded
-- right after, and replayed to a retry until expires_at. status is NULL
-- while the first request runs (or if it died between its commit and the
-- recording of its answer).
CREATE TABLE idempotency_keys (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER,
    response TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, idempotency_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (workspace_id, expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
