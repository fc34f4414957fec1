-- +goose Up
-- The River jobs (river_job.id) of a time-bound access code's start and
-- end, and of an access grant's end, so that moving or deleting the code
-- or the grant cancels them in its transaction.
ALTER TABLE access_codes ADD COLUMN start_job_id BIGINT;
ALTER TABLE access_codes ADD COLUMN end_job_id BIGINT;
ALTER TABLE access_grants ADD COLUMN end_job_id BIGINT;

-- +goose Down
ALTER TABLE access_grants DROP COLUMN end_job_id;
ALTER TABLE access_codes DROP COLUMN end_job_id;
ALTER TABLE access_codes DROP COLUMN start_job_id;
