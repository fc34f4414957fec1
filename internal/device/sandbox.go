package device

import (
	"context"
	"errors"
	"fmt"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// ErrNotSandbox refuses to configure faults on a device that is not a
// sandbox device of a sandbox workspace.
var ErrNotSandbox = errors.New("only sandbox devices of sandbox workspaces can be switched to remote mode or given faults")

// SandboxFaults is what `lintel sandbox set-faults --device_id` changes.
type SandboxFaults struct {
	// Change edits the device's connector configuration (mode, latency,
	// failure rate, outage).
	Change func(*connector.SandboxConfig)
	// Offline, when set, takes the simulated lock offline (true) or brings
	// it back (false): lintel finds out when it next reaches the lock or
	// reconciles it.
	Offline *bool
}

// ConfigureSandboxTx changes how a sandbox device behaves: inline, or
// remote with latency, failures and outage windows, and whether the
// simulated lock is reachable at all. Only devices of the sandbox
// connector in sandbox workspaces accept it. It returns the stored
// configuration and whether the simulated lock is online.
func ConfigureSandboxTx(ctx context.Context, tx *store.Tx, deviceID string, f SandboxFaults) (connector.SandboxConfig, bool, error) {
	d, err := tx.FindDevice(ctx, deviceID)
	if err != nil {
		return connector.SandboxConfig{}, false, notFound(err, errDeviceNotFound)
	}
	ws, err := tx.Workspace(ctx, d.WorkspaceID)
	if err != nil {
		return connector.SandboxConfig{}, false, err
	}
	if !ws.IsSandbox || (d.Connector != "" && d.Connector != connector.SandboxName) {
		return connector.SandboxConfig{}, false, ErrNotSandbox
	}
	c, err := connector.ParseSandboxConfig(d.ConnectorConfig)
	if err != nil {
		return c, false, err
	}
	if f.Change != nil {
		f.Change(&c)
	}
	if err := c.Check(); err != nil {
		return c, false, fmt.Errorf("device %s: %w", deviceID, err)
	}
	if err := tx.SetDeviceConnectorConfig(ctx, d.WorkspaceID, d.DeviceID, c.String()); err != nil {
		return c, false, err
	}
	lock, err := tx.SandboxDevice(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
	if err != nil {
		return c, false, fmt.Errorf("device %s has no simulated lock: %w", deviceID, err)
	}
	if f.Offline != nil {
		lock.Online = !*f.Offline
		if err := tx.SandboxPutDevice(ctx, d.WorkspaceID, lock); err != nil {
			return c, false, err
		}
	}
	return c, lock.Online, nil
}
