package connector

import (
	"context"
	"errors"
	"fmt"

	"github.com/lintel-dev/lintel/internal/store"
)

// The sandbox's devices are simulated locks and thermostats whose state
// lives in the store's sandbox_provider_* tables: locked or not, online,
// battery, the codes on the lock, a thermostat's climate. A
// sandbox device is inline unless its configuration puts it in remote mode,
// where its exchanges take the configured latency and fail at the
// configured rate or during an outage; a simulated lock that is offline
// (sandbox_provider_devices.online false) refuses every mutation with
// ErrDeviceOffline.

// InlineDevice reports whether the device is in inline mode.
func (Sandbox) InlineDevice(d store.Device) bool {
	c, err := ParseSandboxConfig(d.ConnectorConfig)
	return err != nil || c.Mode != SandboxRemote
}

// SendDevice is the exchange with a remote sandbox device (see Send).
func (s Sandbox) SendDevice(ctx context.Context, d store.Device, m Mutation) error {
	return s.exchange(ctx, d.ConnectorConfig, m)
}

// ApplyDevice performs m on the simulated lock.
func (Sandbox) ApplyDevice(ctx context.Context, tx *store.Tx, d store.Device, m Mutation) error {
	ws, account := d.WorkspaceID, d.ConnectedAccountID
	lock, err := tx.SandboxDevice(ctx, ws, account, d.ExternalID)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("sandbox %s: %w", m.Kind, ErrDeviceRemoved)
	}
	if err != nil {
		return err
	}
	if !lock.Online {
		return fmt.Errorf("sandbox %s: %w", m.Kind, ErrDeviceOffline)
	}
	switch m.Kind {
	case LockDoor, UnlockDoor:
		lock.Locked = m.Kind == LockDoor
		return tx.SandboxPutDevice(ctx, ws, lock)
	case SetAccessCode:
		if m.AccessCode == nil {
			return fmt.Errorf("sandbox %s: no access code in mutation", m.Kind)
		}
		return tx.SandboxPutAccessCode(ctx, ws, account, d.ExternalID, store.SandboxAccessCode(*m.AccessCode))
	case RemoveAccessCode:
		return tx.SandboxDeleteAccessCode(ctx, ws, account, d.ExternalID, m.AccessCodeExternalID)
	case SetClimate, PushThermostatPrograms:
		return applyThermostat(ctx, tx, d, m)
	}
	return fmt.Errorf("sandbox: unknown device mutation %q", m.Kind)
}

// Devices lists the simulated devices of a sandbox account.
func (Sandbox) Devices(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID string) ([]ProviderDevice, error) {
	rows, err := tx.SandboxDevices(ctx, workspaceID, connectedAccountID)
	if err != nil {
		return nil, err
	}
	out := make([]ProviderDevice, len(rows))
	for i, r := range rows {
		out[i] = ProviderDevice{ExternalID: r.ExternalID, Online: r.Online, Locked: r.Locked, DoorOpen: r.DoorOpen,
			BatteryLevel: r.BatteryLevel}
		c, err := SandboxClimate(ctx, tx, workspaceID, connectedAccountID, r.ExternalID)
		if err == nil {
			out[i].Climate = &c
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	return out, nil
}

// AccessCodes lists the codes on a simulated lock. A remote sandbox device
// refuses during an outage and fails at the configured rate, as a real
// listing would.
func (s Sandbox) AccessCodes(ctx context.Context, tx *store.Tx, d store.Device) ([]ProviderAccessCode, error) {
	c, err := ParseSandboxConfig(d.ConnectorConfig)
	if err != nil {
		return nil, err
	}
	if c.Mode == SandboxRemote {
		if err := s.fault(c); err != nil {
			return nil, err
		}
	}
	rows, err := tx.SandboxAccessCodes(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
	if err != nil {
		return nil, err
	}
	out := make([]ProviderAccessCode, len(rows))
	for i, r := range rows {
		out[i] = ProviderAccessCode(r)
	}
	if s.ListedCodes != nil {
		s.ListedCodes(d)
	}
	return out, nil
}
