-- +goose Up
-- The devices a user identity was granted directly
-- (user_identities/grant_access_to_device). A link goes with its identity
-- or its device, whichever path deletes it (a device deleted, its
-- connected account removed, the workspace reset: ON DELETE CASCADE). The
-- key leads with the workspace; the two indexes serve the cascades, which
-- look a link up by the identity or by the device alone.
CREATE TABLE user_identity_devices (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    user_identity_id TEXT NOT NULL REFERENCES user_identities (user_identity_id) ON DELETE CASCADE,
    device_id TEXT NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_identity_id, device_id)
);
CREATE INDEX user_identity_devices_identity ON user_identity_devices (user_identity_id);
CREATE INDEX user_identity_devices_device ON user_identity_devices (device_id);

-- +goose Down
DROP TABLE user_identity_devices;
