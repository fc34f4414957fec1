-- +goose Up
-- on_device says whether the lock has confirmed it holds the code: a code
-- scheduled natively on the lock is unset yet on the device. status stays
-- where the code is on its way to and from the lock.
ALTER TABLE access_codes ADD COLUMN on_device BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE access_codes DROP COLUMN on_device;
