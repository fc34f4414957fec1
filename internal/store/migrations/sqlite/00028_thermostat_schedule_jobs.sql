-- +goose Up
-- The River jobs of a thermostat schedule's start and end (river_job.id),
-- so that moving or deleting the schedule cancels them in its transaction.
ALTER TABLE thermostat_schedules ADD COLUMN start_job_id BIGINT;
ALTER TABLE thermostat_schedules ADD COLUMN end_job_id BIGINT;
-- A bridge client session's Tailscale auth key and telemetry token, which
-- bridge_client_sessions/get returns: sealed with the server key, like its
-- token; refreshing one replaces it.
ALTER TABLE bridge_client_sessions ADD COLUMN tailscale_auth_key_sealed TEXT;
ALTER TABLE bridge_client_sessions ADD COLUMN telemetry_token_sealed TEXT;
ALTER TABLE bridge_client_sessions ADD COLUMN telemetry_token_expires_at BIGINT;

-- +goose Down
ALTER TABLE bridge_client_sessions DROP COLUMN telemetry_token_expires_at;
ALTER TABLE bridge_client_sessions DROP COLUMN telemetry_token_sealed;
ALTER TABLE bridge_client_sessions DROP COLUMN tailscale_auth_key_sealed;
ALTER TABLE thermostat_schedules DROP COLUMN end_job_id;
ALTER TABLE thermostat_schedules DROP COLUMN start_job_id;
