-- +goose Up
-- The time zone reported for a device (devices/report_provider_metadata):
-- the IANA zone its lock keeps its schedules in, as the caller knows it
-- from the provider. One row per device that has one; it goes with the
-- device.
CREATE TABLE device_time_zones (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    device_id TEXT PRIMARY KEY REFERENCES devices (device_id) ON DELETE CASCADE,
    time_zone TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE device_time_zones;
