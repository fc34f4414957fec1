-- +goose Up
-- Instant keys: shareable links that open a page where a user identity
-- unlocks its locks, behind a client session of that identity. The link's
-- token is kept as a hash (to find the key when its page is opened) and
-- sealed with the server key (get returns the url), never in full. A key
-- whose uses are spent is expired (expires_at moves to that moment).
CREATE TABLE instant_keys (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    instant_key_id TEXT PRIMARY KEY,
    user_identity_id TEXT NOT NULL REFERENCES user_identities (user_identity_id) ON DELETE CASCADE,
    client_session_id TEXT NOT NULL REFERENCES client_sessions (client_session_id) ON DELETE CASCADE,
    token_hash BLOB NOT NULL,
    token_sealed TEXT NOT NULL,
    max_use_count INTEGER NOT NULL,
    use_count INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX instant_keys_token ON instant_keys (token_hash);
CREATE INDEX instant_keys_ws ON instant_keys (workspace_id, created_at, instant_key_id);
CREATE INDEX instant_keys_identity ON instant_keys (user_identity_id);
CREATE INDEX instant_keys_client_session ON instant_keys (client_session_id);

-- +goose Down
DROP TABLE instant_keys;
