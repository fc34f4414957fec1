package device

import (
	"context"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// The simulations of devices/simulate/* and locks/simulate/* act on a
// sandbox lock as the world would — the lock drops off its network, is
// taken off its account, someone types a code on its keypad — and lintel
// learns of it in the same transaction, as it would from its provider.
// They are refused outside sandbox workspaces.

// Device error codes.
const (
	errDeviceDisconnected   = "device_disconnected"
	errDeviceOfflineIssue   = "device_offline"
	errSubscriptionRequired = "subscription_required"
	errHubDisconnected      = "hub_disconnected"
)

// errNotSandbox refuses a simulation outside a sandbox workspace.
var errNotSandbox = lintel.Errorf(lintel.EInvalidInput, "Simulations are only available in sandbox workspaces; this workspace is not one")

// SimulateConnect brings a disconnected sandbox device back online:
// device.connected is recorded and its device_disconnected error leaves.
// A device that is connected already changes nothing.
func (s *Service) SimulateConnect(ctx context.Context, p lintel.Principal, deviceID string) error {
	return s.simulate(ctx, p, deviceID, "device.simulate_connect", func(tx *store.Tx, d store.Device) error {
		if !d.CanSimulateConnection {
			return invalid("device_id", "The device cannot simulate a connection")
		}
		if err := s.setSandboxOnline(ctx, tx, d, true); err != nil {
			return err
		}
		if d.Online && !hasIssue(d.Errors, errDeviceDisconnected) {
			return nil
		}
		d.Online = true
		d.Errors = withoutIssue(withoutIssue(d.Errors, errDeviceDisconnected), errDeviceOfflineIssue)
		if err := tx.UpdateDevice(ctx, d.WorkspaceID, d); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, d.WorkspaceID, s.deviceEvent(event.DeviceConnected, d))
	})
}

// SimulateDisconnect takes a sandbox device offline: it carries the
// device_disconnected error and device.disconnected is recorded, with the
// device's errors as they now are. Actions on it end in device_offline
// until it is connected again.
func (s *Service) SimulateDisconnect(ctx context.Context, p lintel.Principal, deviceID string) error {
	return s.simulate(ctx, p, deviceID, "device.simulate_disconnect", func(tx *store.Tx, d store.Device) error {
		if !d.CanSimulateDisconnection {
			return invalid("device_id", "The device cannot simulate a disconnection")
		}
		if err := s.setSandboxOnline(ctx, tx, d, false); err != nil {
			return err
		}
		if !d.Online && hasIssue(d.Errors, errDeviceDisconnected) {
			return nil
		}
		d.Online = false
		if !hasIssue(d.Errors, errDeviceDisconnected) {
			d.Errors = append(d.Errors, store.DeviceIssue{Code: errDeviceDisconnected,
				Message: "The device is disconnected from its provider", CreatedAt: tx.Now()})
		}
		if err := tx.UpdateDevice(ctx, d.WorkspaceID, d); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, d.WorkspaceID, s.errorEvent(event.DeviceDisconnected, d, errDeviceDisconnected))
	})
}

// SimulateRemove takes a sandbox device off its account, as when its owner
// removes it at the provider: the simulated lock and its codes are gone,
// lintel deletes the device and records device.removed.
func (s *Service) SimulateRemove(ctx context.Context, p lintel.Principal, deviceID string) error {
	return s.simulate(ctx, p, deviceID, "device.simulate_remove", func(tx *store.Tx, d store.Device) error {
		if !d.CanSimulateRemoval {
			return invalid("device_id", "The device cannot simulate its removal")
		}
		if err := tx.SandboxDeleteDevice(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID); err != nil {
			return err
		}
		return s.removeTx(ctx, tx, d)
	})
}

// SimulateHub cuts (connected false) or restores the connection of a
// sandbox device's hub — the bridge through which it reaches its provider,
// for the devices the catalogue gives one (an August's Connect bridge).
// Without its hub the lock is offline: it carries the hub_disconnected
// error and device.disconnected is recorded (error_code
// hub_disconnected); with it back, device.connected. A device without a
// hub is invalid input.
func (s *Service) SimulateHub(ctx context.Context, p lintel.Principal, deviceID string, connected bool) error {
	return s.simulate(ctx, p, deviceID, "device.simulate_hub", func(tx *store.Tx, d store.Device) error {
		if !hasHub(d) {
			return invalid("device_id", "The device is not connected through a hub")
		}
		if hasIssue(d.Errors, errHubDisconnected) != connected {
			return nil // as asked already
		}
		if err := s.setSandboxOnline(ctx, tx, d, connected); err != nil {
			return err
		}
		d.Online = connected
		e := s.deviceEvent(event.DeviceConnected, d)
		if connected {
			d.Errors = withoutIssue(d.Errors, errHubDisconnected)
		} else {
			d.Errors = append(d.Errors, store.DeviceIssue{Code: errHubDisconnected,
				Message: "The hub through which the device reaches its provider is disconnected", CreatedAt: tx.Now()})
			e = s.errorEvent(event.DeviceDisconnected, d, errHubDisconnected)
		}
		if err := tx.UpdateDevice(ctx, d.WorkspaceID, d); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, d.WorkspaceID, e)
	})
}

// SimulatePaidSubscription makes a sandbox device's paid subscription
// expired (it carries the subscription_required error) or paid again,
// recording device.error.subscription_required or its .resolved event when
// that changes.
func (s *Service) SimulatePaidSubscription(ctx context.Context, p lintel.Principal, in client.DevicesSimulatePaidSubscriptionParams) error {
	return s.simulate(ctx, p, in.DeviceID, "device.simulate_paid_subscription", func(tx *store.Tx, d store.Device) error {
		expired := *in.IsExpired
		if expired == hasIssue(d.Errors, errSubscriptionRequired) {
			return nil
		}
		eventType := "device.error.subscription_required.resolved"
		d.Errors = withoutIssue(d.Errors, errSubscriptionRequired)
		if expired {
			eventType = "device.error.subscription_required"
			d.Errors = append(d.Errors, store.DeviceIssue{Code: errSubscriptionRequired,
				Message: "The device's paid subscription has expired", CreatedAt: tx.Now()})
		}
		if err := tx.UpdateDevice(ctx, d.WorkspaceID, d); err != nil {
			return err
		}
		e := s.errorEvent(eventType, d, "")
		if !expired {
			e = s.deviceEvent(eventType, d)
		}
		return s.events.Record(ctx, tx, d.WorkspaceID, e)
	})
}

// SimulateKeypadCodeEntry types a code on an August lock's keypad. A code
// that is on the lock and valid now unlocks it (lock.unlocked, method
// keycode, naming the access code when lintel knows it); any other is
// refused at the door (lock.access_denied). Either way the attempt
// (SIMULATE_KEYPAD_CODE_ENTRY) succeeds: the entry was simulated.
func (s *Service) SimulateKeypadCodeEntry(ctx context.Context, p lintel.Principal, in client.LocksSimulateKeypadCodeEntryParams) (client.ActionAttempt, error) {
	return s.simulateOnKeypad(ctx, p, in.DeviceID, "SIMULATE_KEYPAD_CODE_ENTRY", func(tx *store.Tx, d store.Device) error {
		codes, err := tx.SandboxAccessCodes(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
		if err != nil {
			return err
		}
		now := tx.Now()
		i := slices.IndexFunc(codes, func(c store.SandboxAccessCode) bool {
			return c.Code == in.Code && (c.StartsAt == nil || !now.Before(*c.StartsAt)) && (c.EndsAt == nil || now.Before(*c.EndsAt))
		})
		if i < 0 {
			e := s.deviceEvent(event.LockAccessDenied, d)
			return s.events.Record(ctx, tx, d.WorkspaceID, e)
		}
		e := s.deviceEvent(event.LockUnlocked, d)
		e.Method = "keycode"
		if s.codeIDs != nil {
			if e.AccessCodeID, err = s.codeIDs(ctx, tx, d, codes[i].ExternalID); err != nil {
				return err
			}
		}
		return s.setLocked(ctx, tx, d, false, e)
	})
}

// SimulateManualLockViaKeypad locks an August lock from its keypad:
// lock.locked with method manual.
func (s *Service) SimulateManualLockViaKeypad(ctx context.Context, p lintel.Principal, deviceID string) (client.ActionAttempt, error) {
	return s.simulateOnKeypad(ctx, p, deviceID, "SIMULATE_MANUAL_LOCK_VIA_KEYPAD", func(tx *store.Tx, d store.Device) error {
		e := s.deviceEvent(event.LockLocked, d)
		e.Method = "manual"
		return s.setLocked(ctx, tx, d, true, e)
	})
}

// CodeIDs maps a code on a lock (its external id) to lintel's access code,
// for the events of codes typed on a keypad; "" if lintel has none.
type CodeIDs func(ctx context.Context, tx *store.Tx, d store.Device, externalID string) (string, error)

// SetCodeIDs wires the access codes domain's CodeIDs.
func (s *Service) SetCodeIDs(f CodeIDs) { s.codeIDs = f }

// simulate runs a simulation on a device of the caller's sandbox
// workspace, with its audit row, in one transaction.
func (s *Service) simulate(ctx context.Context, p lintel.Principal, deviceID, action string, fn func(tx *store.Tx, d store.Device) error) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.sandboxDevice(ctx, tx, p, deviceID)
		if err != nil {
			return err
		}
		if err := fn(tx, d); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, action, "device", d.DeviceID, audit.Succeeded)
	})
}

// simulateOnKeypad runs a keypad simulation on an August lock of the
// caller's sandbox workspace and returns its attempt, ended in success.
func (s *Service) simulateOnKeypad(ctx context.Context, p lintel.Principal, deviceID, actionType string, fn func(tx *store.Tx, d store.Device) error) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.sandboxDevice(ctx, tx, p, deviceID)
		if err != nil {
			return err
		}
		if d.Manufacturer != "august" || !d.HasBuiltInKeypad {
			return invalid("device_id", "Keypad simulations are only available for August locks with a keypad")
		}
		id, err := attempt.StartOnDevice(ctx, tx, p.WorkspaceID, actionType, d.DeviceID)
		if err != nil {
			return err
		}
		if err := fn(tx, d); err != nil {
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

// sandboxDevice loads a managed device the caller may see, of a sandbox
// workspace.
func (s *Service) sandboxDevice(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Device, error) {
	w, err := tx.Workspace(ctx, p.WorkspaceID)
	if err != nil {
		return store.Device{}, err
	}
	if !w.IsSandbox {
		return store.Device{}, errNotSandbox
	}
	return s.managed(ctx, tx, p, deviceID)
}

// setSandboxOnline sets whether the simulated lock behind d is online.
func (s *Service) setSandboxOnline(ctx context.Context, tx *store.Tx, d store.Device, online bool) error {
	lock, err := tx.SandboxDevice(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // taken off the account: reconciliation will remove the device
	}
	if err != nil {
		return err
	}
	lock.Online = online
	return tx.SandboxPutDevice(ctx, d.WorkspaceID, lock)
}

// setLocked records a lock locked or unlocked at the lock itself: the
// simulated lock, lintel's view and the event e.
func (s *Service) setLocked(ctx context.Context, tx *store.Tx, d store.Device, locked bool, e client.Event) error {
	lock, err := tx.SandboxDevice(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
	if err != nil {
		return err
	}
	lock.Locked = locked
	if err := tx.SandboxPutDevice(ctx, d.WorkspaceID, lock); err != nil {
		return err
	}
	d.Locked = &locked
	if err := tx.UpdateDevice(ctx, d.WorkspaceID, d); err != nil {
		return err
	}
	return s.events.Record(ctx, tx, d.WorkspaceID, e)
}

// removeTx deletes a device that is gone from its account and records
// device.removed.
func (s *Service) removeTx(ctx context.Context, tx *store.Tx, d store.Device) error {
	if err := s.goneTx(ctx, tx, d); err != nil {
		return err
	}
	if err := tx.DeleteDevice(ctx, d.WorkspaceID, d.DeviceID); err != nil {
		return err
	}
	return s.events.Record(ctx, tx, d.WorkspaceID, s.deviceEvent(event.DeviceRemoved, d))
}

// hasIssue reports whether a device's errors or warnings hold the code.
func hasIssue(issues []store.DeviceIssue, code string) bool {
	return slices.ContainsFunc(issues, func(i store.DeviceIssue) bool { return i.Code == code })
}

// withoutIssue returns the issues but those of the code.
func withoutIssue(issues []store.DeviceIssue, code string) []store.DeviceIssue {
	return slices.DeleteFunc(slices.Clone(issues), func(i store.DeviceIssue) bool { return i.Code == code })
}

// OnDeviceGone adds a hook run, in the transaction, just before a device
// is deleted from lintel (devices/delete, a simulated removal, a device
// reconciliation finds gone): the access codes domain deletes what it
// keeps of the device there, since the device row goes; the thermostats
// domain cancels its schedules' jobs.
func (s *Service) OnDeviceGone(f func(ctx context.Context, tx *store.Tx, d store.Device) error) {
	s.gone = append(s.gone, f)
}

// OnManagedChanged adds a hook run, in the transaction, just after a
// device became unmanaged (devices/update) or managed again
// (devices/unmanaged/update); d.IsManaged says which: the access codes
// domain cancels the jobs of the device's codes, or schedules them again,
// and the thermostats domain those of its schedules.
func (s *Service) OnManagedChanged(f func(ctx context.Context, tx *store.Tx, d store.Device) error) {
	s.managedChanged = append(s.managedChanged, f)
}

// managedChangedTx runs the OnManagedChanged hooks.
func (s *Service) managedChangedTx(ctx context.Context, tx *store.Tx, d store.Device) error {
	for _, f := range s.managedChanged {
		if err := f(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}

// goneTx ends the device's pending action attempts in error
// (device_removed: their queued mutations go with the device, so nothing
// else would end them) and runs the OnDeviceGone hooks.
func (s *Service) goneTx(ctx context.Context, tx *store.Tx, d store.Device) error {
	pending, err := tx.PendingActionAttemptsOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	for _, id := range pending {
		if err := attempt.Fail(ctx, tx, s.events, d.WorkspaceID, id, errDeviceRemoved,
			"The device was removed before the action was carried out"); err != nil {
			return err
		}
	}
	for _, f := range s.gone {
		if err := f(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}

// errorEvent is an event about a device's errors (device.disconnected,
// device.error.*): it carries the device's errors and warnings as they now
// are, its account's (none: an account's own disconnection has events of
// its own), and for a disconnection its cause.
func (s *Service) errorEvent(eventType string, d store.Device, errorCode string) client.Event {
	e := s.deviceEvent(eventType, d)
	shown := Present(d)
	e.DeviceErrors, e.DeviceWarnings, e.ErrorCode = shown.Errors, shown.Warnings, errorCode
	e.ConnectedAccountErrors, e.ConnectedAccountWarnings = []client.AcsError{}, []client.AcsWarning{}
	return e
}

// AccountGoneTx runs the OnDeviceGone hooks for every device of a
// connected account that is being removed (acs.Service.OnConnectedAccountGone):
// the account's removal deletes the devices' rows itself, with their
// device.deleted events.
func (s *Service) AccountGoneTx(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID string) error {
	devices, err := tx.DevicesOfConnectedAccount(ctx, workspaceID, connectedAccountID)
	if err != nil {
		return err
	}
	for _, d := range devices {
		if err := s.goneTx(ctx, tx, d); err != nil {
			return err
		}
	}
	return nil
}
