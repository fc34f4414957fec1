package device

import (
	"context"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
)

// SetLogoURL sets the base of the providers' logo urls (the Connect
// Webview pages serve them: base + key + ".svg").
func (s *Service) SetLogoURL(base string) { s.logoURL = base }

// ListDeviceProviders lists the brands of the provider catalogue, in its
// order, or those of one category. A provider's capability flags are
// those at least one of its sandbox devices has.
func (s *Service) ListDeviceProviders(_ context.Context, _ lintel.Principal, in client.DevicesListDeviceProvidersParams) []client.DeviceProvider {
	out := []client.DeviceProvider{}
	for _, p := range provider.All() {
		if in.ProviderCategory != "" && !slices.Contains(p.Categories, in.ProviderCategory) {
			continue
		}
		dp := client.DeviceProvider{DeviceProviderName: p.Key, DisplayName: p.DisplayName,
			ImageURL: s.logoURL + p.Key + ".svg", ProviderCategories: publicCategories(p.Categories)}
		for _, l := range p.Logins {
			for _, d := range l.Devices {
				c := d.Capabilities
				dp.CanRemotelyLock = dp.CanRemotelyLock || c.RemotelyLock
				dp.CanRemotelyUnlock = dp.CanRemotelyUnlock || c.RemotelyUnlock
				dp.CanProgramOnlineAccessCodes = dp.CanProgramOnlineAccessCodes || c.ProgramOnlineAccessCodes
				dp.CanProgramOfflineAccessCodes = dp.CanProgramOfflineAccessCodes || c.ProgramOfflineAccessCodes
				dp.CanUnlockWithCode = dp.CanUnlockWithCode || c.UnlockWithCode
				dp.CanSimulateRemoval = dp.CanSimulateRemoval || c.SimulateRemoval
				dp.CanSimulateConnection = dp.CanSimulateConnection || c.SimulateConnection
				dp.CanSimulateDisconnection = dp.CanSimulateDisconnection || c.SimulateDisconnection
				dp.CanConfigureAutoLock = dp.CanConfigureAutoLock || c.ConfigureAutoLock
				dp.CanSimulateHubConnection = dp.CanSimulateHubConnection || c.SimulateHubConnection
				dp.CanSimulateHubDisconnection = dp.CanSimulateHubConnection
			}
		}
		out = append(out, dp)
	}
	return out
}

// publicCategories drops the categories the spec's device_provider does
// not list (internal_beta).
func publicCategories(cs []string) []string {
	out := []string{}
	for _, c := range cs {
		if c != provider.CategoryInternalBeta {
			out = append(out, c)
		}
	}
	return out
}

// ConfigureAutoLock turns a lock's auto-lock on (with its delay) or off
// and returns the attempt (CONFIGURE_AUTO_LOCK) that did it. The setting
// is the lock's own, kept on the device; a sandbox lock takes it at once.
func (s *Service) ConfigureAutoLock(ctx context.Context, p lintel.Principal, in client.LocksConfigureAutoLockParams) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	enabled := *in.AutoLockEnabled
	if enabled && in.AutoLockDelaySeconds == nil {
		return out, invalid("auto_lock_delay_seconds", "Required when auto_lock_enabled is true")
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.managed(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		if !d.CanConfigureAutoLock {
			return invalid("device_id", "The lock cannot configure auto-lock")
		}
		id, err := attempt.StartOnDevice(ctx, tx, p.WorkspaceID, "CONFIGURE_AUTO_LOCK", d.DeviceID)
		if err != nil {
			return err
		}
		d.AutoLockEnabled, d.AutoLockDelaySeconds = &enabled, nil
		if enabled {
			d.AutoLockDelaySeconds = ptr(int(*in.AutoLockDelaySeconds))
		}
		if err := tx.UpdateDevice(ctx, p.WorkspaceID, d); err != nil {
			return err
		}
		if err := attempt.Succeed(ctx, tx, s.events, p.WorkspaceID, id, struct{}{}); err != nil {
			return err
		}
		out, err = attempt.Load(ctx, tx, p.WorkspaceID, id)
		return err
	})
	return out, err
}
