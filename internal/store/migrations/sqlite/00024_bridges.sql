-- +goose Up
-- A Seam Bridge client's session: the software on a machine inside a
-- building's network that reaches an on-premises access system for the
-- cloud. It starts in no workspace, showing a pairing code; an operator
-- pairs it with a workspace by that code (`lintel pair-bridge`), which
-- makes a bridge of that workspace. The session's token is kept as short
-- token + hash of the long token (to authenticate) and sealed with the
-- server key, because bridge_client_sessions/get returns it.
CREATE TABLE bridge_client_sessions (
    bridge_client_session_id TEXT PRIMARY KEY,
    short_token TEXT NOT NULL UNIQUE,
    long_token_hash BLOB NOT NULL,
    token_sealed TEXT NOT NULL,
    bridge_client_name TEXT NOT NULL,
    bridge_client_time_zone TEXT NOT NULL,
    bridge_client_machine_identifier_key TEXT NOT NULL,
    tailscale_hostname TEXT NOT NULL,
    pairing_code TEXT NOT NULL,
    pairing_code_expires_at BIGINT NOT NULL,
    is_tailscale_connected BOOLEAN,
    tailscale_ip_v4 TEXT,
    last_status_report_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX bridge_client_sessions_pairing_code ON bridge_client_sessions (pairing_code, pairing_code_expires_at);

-- A bridge: a bridge client session paired with a workspace, once.
CREATE TABLE bridges (
    bridge_id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    bridge_client_session_id TEXT NOT NULL UNIQUE REFERENCES bridge_client_sessions (bridge_client_session_id),
    created_at BIGINT NOT NULL
);
CREATE INDEX bridges_ws ON bridges (workspace_id, created_at, bridge_id);

-- The bridge through which an on-premises account is reached, if any: a
-- bridge of the same workspace (the store checks it; no foreign key, so that
-- SQLite can drop the column again).
ALTER TABLE connected_accounts ADD COLUMN bridge_id TEXT;

-- +goose Down
ALTER TABLE connected_accounts DROP COLUMN bridge_id;
DROP TABLE bridges;
DROP TABLE bridge_client_sessions;
