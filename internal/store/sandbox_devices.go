package store

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"
)

// The tables in this file hold the simulated devices behind the sandbox
// connector: each sandbox account's locks as the provider sees them, keyed
// by the account and the device's id at the provider, and the access codes
// programmed on each lock.

// SandboxDevice is a row of the simulated devices: the lock's own state.
type SandboxDevice struct {
	ConnectedAccountID string
	ExternalID         string
	Online             bool
	Locked             bool
	DoorOpen           bool
	BatteryLevel       float64
}

// SandboxAccessCode is an access code programmed on a simulated lock.
type SandboxAccessCode struct {
	ExternalID string
	Code       string
	Name       *string
	StartsAt   *time.Time
	EndsAt     *time.Time
}

// LogValue keeps the PIN out of logs.
func (c SandboxAccessCode) LogValue() slog.Value {
	return slog.GroupValue(slog.String("external_id", c.ExternalID))
}

// accountOfWorkspace selects the connected account within the workspace,
// so that another workspace's account id writes nothing (see
// systemOfWorkspace).
const accountOfWorkspace = ` FROM connected_accounts a WHERE a.workspace_id = $1 AND a.connected_account_id = $2`

// SandboxPutDevice creates or replaces a simulated device. Its account must
// be of the workspace; otherwise nothing is written and it returns
// ErrNotFound.
func (tx *Tx) SandboxPutDevice(ctx context.Context, workspaceID string, d SandboxDevice) error {
	return execOne(ctx, tx, `INSERT INTO sandbox_provider_devices (workspace_id, connected_account_id, external_id,
		online, locked, door_open, battery_level, updated_at)
		SELECT a.workspace_id, a.connected_account_id, $3, CAST($4 AS BOOLEAN), CAST($5 AS BOOLEAN), CAST($6 AS BOOLEAN),
		CAST($7 AS DOUBLE PRECISION), CAST($8 AS BIGINT)`+accountOfWorkspace+`
		ON CONFLICT (connected_account_id, external_id) DO UPDATE SET online = excluded.online,
		locked = excluded.locked, door_open = excluded.door_open, battery_level = excluded.battery_level,
		updated_at = excluded.updated_at`,
		workspaceID, d.ConnectedAccountID, d.ExternalID, d.Online, d.Locked, d.DoorOpen, d.BatteryLevel, ms(tx.now))
}

// SandboxAddDevice creates a simulated device unless the account already
// has one with its external id, which keeps its state (a sandbox login
// connected again finds its locks as they were).
func (tx *Tx) SandboxAddDevice(ctx context.Context, workspaceID string, d SandboxDevice) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO sandbox_provider_devices (workspace_id, connected_account_id, external_id,
		online, locked, door_open, battery_level, updated_at)
		SELECT a.workspace_id, a.connected_account_id, $3, CAST($4 AS BOOLEAN), CAST($5 AS BOOLEAN), CAST($6 AS BOOLEAN),
		CAST($7 AS DOUBLE PRECISION), CAST($8 AS BIGINT)`+accountOfWorkspace+`
		ON CONFLICT (connected_account_id, external_id) DO NOTHING`,
		workspaceID, d.ConnectedAccountID, d.ExternalID, d.Online, d.Locked, d.DoorOpen, d.BatteryLevel, ms(tx.now))
	return err
}

const sandboxDeviceColumns = `connected_account_id, external_id, online, locked, door_open, battery_level`

func scanSandboxDevice(r rowScanner) (SandboxDevice, error) {
	var d SandboxDevice
	err := r.Scan(&d.ConnectedAccountID, &d.ExternalID, &d.Online, &d.Locked, &d.DoorOpen, &d.BatteryLevel)
	return d, err
}

// SandboxDevice loads a simulated device of an account of the workspace;
// ErrNotFound if the account has none with this external id.
func (tx *Tx) SandboxDevice(ctx context.Context, workspaceID, connectedAccountID, externalID string) (SandboxDevice, error) {
	d, err := scanSandboxDevice(tx.q.QueryRowContext(ctx, `SELECT `+sandboxDeviceColumns+` FROM sandbox_provider_devices
		WHERE workspace_id = $1 AND connected_account_id = $2 AND external_id = $3`, workspaceID, connectedAccountID, externalID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// SandboxDevices lists the simulated devices of an account of the
// workspace, in external id order.
func (tx *Tx) SandboxDevices(ctx context.Context, workspaceID, connectedAccountID string) ([]SandboxDevice, error) {
	return queryList(ctx, tx, scanSandboxDevice, `SELECT `+sandboxDeviceColumns+` FROM sandbox_provider_devices
		WHERE workspace_id = $1 AND connected_account_id = $2 ORDER BY external_id`, workspaceID, connectedAccountID)
}

// SandboxDeleteDevice removes a simulated device and the codes on it from
// its account. Removing a missing device is not an error.
func (tx *Tx) SandboxDeleteDevice(ctx context.Context, workspaceID, connectedAccountID, externalID string) error {
	for _, q := range []string{
		`DELETE FROM sandbox_provider_access_codes WHERE workspace_id = $1 AND connected_account_id = $2 AND device_external_id = $3`,
		`DELETE FROM sandbox_provider_devices WHERE workspace_id = $1 AND connected_account_id = $2 AND external_id = $3`,
	} {
		if _, err := tx.q.ExecContext(ctx, q, workspaceID, connectedAccountID, externalID); err != nil {
			return err
		}
	}
	return nil
}

// SandboxPutAccessCode programs (creates or replaces) an access code on a
// simulated lock of an account of the workspace. The lock must exist;
// otherwise nothing is written and it returns ErrNotFound.
func (tx *Tx) SandboxPutAccessCode(ctx context.Context, workspaceID, connectedAccountID, deviceExternalID string, c SandboxAccessCode) error {
	return execOne(ctx, tx, `INSERT INTO sandbox_provider_access_codes (workspace_id, connected_account_id,
		device_external_id, external_id, code, name, starts_at, ends_at, updated_at)
		SELECT d.workspace_id, d.connected_account_id, d.external_id, $4, $5, $6, CAST($7 AS BIGINT), CAST($8 AS BIGINT),
		CAST($9 AS BIGINT) FROM sandbox_provider_devices d
		WHERE d.workspace_id = $1 AND d.connected_account_id = $2 AND d.external_id = $3
		ON CONFLICT (connected_account_id, device_external_id, external_id) DO UPDATE SET code = excluded.code,
		name = excluded.name, starts_at = excluded.starts_at, ends_at = excluded.ends_at, updated_at = excluded.updated_at`,
		workspaceID, connectedAccountID, deviceExternalID, c.ExternalID, c.Code, c.Name, msPtr(c.StartsAt),
		msPtr(c.EndsAt), ms(tx.now))
}

// SandboxDeleteAccessCode removes an access code from a simulated lock.
// Removing a missing code is not an error: the provider's "not found" on
// delete counts as done.
func (tx *Tx) SandboxDeleteAccessCode(ctx context.Context, workspaceID, connectedAccountID, deviceExternalID, externalID string) error {
	_, err := tx.q.ExecContext(ctx, `DELETE FROM sandbox_provider_access_codes WHERE workspace_id = $1
		AND connected_account_id = $2 AND device_external_id = $3 AND external_id = $4`,
		workspaceID, connectedAccountID, deviceExternalID, externalID)
	return err
}

// SandboxAccessCodes lists the access codes on a simulated lock, in
// external id order.
func (tx *Tx) SandboxAccessCodes(ctx context.Context, workspaceID, connectedAccountID, deviceExternalID string) ([]SandboxAccessCode, error) {
	return queryList(ctx, tx, func(r rowScanner) (SandboxAccessCode, error) {
		var c SandboxAccessCode
		var starts, ends sql.NullInt64
		err := r.Scan(&c.ExternalID, &c.Code, &c.Name, &starts, &ends)
		if starts.Valid {
			t := fromMS(starts.Int64)
			c.StartsAt = &t
		}
		if ends.Valid {
			t := fromMS(ends.Int64)
			c.EndsAt = &t
		}
		return c, err
	}, `SELECT external_id, code, name, starts_at, ends_at FROM sandbox_provider_access_codes
		WHERE workspace_id = $1 AND connected_account_id = $2 AND device_external_id = $3 ORDER BY external_id`,
		workspaceID, connectedAccountID, deviceExternalID)
}
