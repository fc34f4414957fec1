-- +goose Up
-- When a connected account lost its connection to the provider (or a
-- sandbox simulated it): the account, its systems and its devices then
-- carry the account_disconnected error. NULL while it is connected.
ALTER TABLE connected_accounts ADD COLUMN disconnected_at BIGINT;

-- +goose Down
ALTER TABLE connected_accounts DROP COLUMN disconnected_at;
