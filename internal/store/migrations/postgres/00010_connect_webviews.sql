-- +goose Up
-- A Connect Webview: the page through which an integrator's user connects
-- an account. Its auth token is kept as a SHA-256 hash (to find the
-- webview when its page is opened) and sealed with the server key (because
-- get and list return the url that carries it); never in full.
-- accepted_providers and accepted_capabilities are JSON arrays,
-- custom_metadata a JSON object. login_email is the sign-in that passed its
-- password and waits for its two-factor code. connected_account_id has no
-- foreign key: the webview outlives the account it connected.
CREATE TABLE connect_webviews (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    connect_webview_id TEXT PRIMARY KEY,
    auth_token_hash BYTEA NOT NULL,
    auth_token_sealed TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    accepted_providers TEXT NOT NULL,
    accepted_capabilities TEXT NOT NULL,
    any_provider_allowed BOOLEAN NOT NULL,
    device_selection_mode TEXT NOT NULL,
    custom_redirect_url TEXT,
    custom_redirect_failure_url TEXT,
    custom_metadata TEXT NOT NULL DEFAULT '{}',
    automatically_manage_new_devices BOOLEAN NOT NULL,
    wait_for_device_creation BOOLEAN NOT NULL,
    user_identifier_key TEXT,
    client_session_id TEXT,
    selected_provider TEXT,
    login_email TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    connected_account_id TEXT,
    authorized_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX connect_webviews_token ON connect_webviews (auth_token_hash);
CREATE INDEX connect_webviews_ws ON connect_webviews (workspace_id, created_at, connect_webview_id);

-- Events about a webview are found by it (events/list connect_webview_id).
ALTER TABLE events ADD COLUMN connect_webview_id TEXT;

-- +goose Down
ALTER TABLE events DROP COLUMN connect_webview_id;
DROP TABLE connect_webviews;
