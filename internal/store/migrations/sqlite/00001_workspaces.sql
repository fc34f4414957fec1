-- +goose Up
CREATE TABLE workspaces (
    workspace_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    company_name TEXT NOT NULL,
    connect_partner_name TEXT,
    is_sandbox BOOLEAN NOT NULL DEFAULT FALSE,
    is_suspended BOOLEAN NOT NULL DEFAULT FALSE,
    organization_id TEXT,
    connect_webview_customization TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);

-- Console users: people who sign in to manage workspaces.
CREATE TABLE users (
    user_id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

CREATE TABLE workspace_members (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_user ON workspace_members (user_id);

-- Tokens are stored as their short part plus the SHA-256 of their long part;
-- the full token is shown once at creation and never stored.
CREATE TABLE api_keys (
    api_key_id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    short_token TEXT NOT NULL UNIQUE,
    long_token_hash BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

CREATE TABLE personal_access_tokens (
    pat_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    short_token TEXT NOT NULL UNIQUE,
    long_token_hash BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT
);

-- A console session is a signed JWT; this row lets it be revoked.
CREATE TABLE console_sessions (
    console_session_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE publishable_keys (
    publishable_key_id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    short_token TEXT NOT NULL UNIQUE,
    long_token_hash BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- +goose Down
DROP TABLE publishable_keys;
DROP TABLE console_sessions;
DROP TABLE personal_access_tokens;
DROP TABLE api_keys;
DROP TABLE workspace_members;
DROP TABLE users;
DROP TABLE workspaces;
