package device

import (
	"context"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Error types of lock and unlock attempts that end in "error"; the SDKs
// raise them as the failed attempt's error code.
const (
	errDeviceOffline = "device_offline"
	errDeviceRemoved = "device_removed"
	errNotConfirmed  = "failed_to_confirm_on_device"
)

// LockDoor locks a lock remotely and returns the action attempt
// (LOCK_DOOR) that tracks it.
func (s *Service) LockDoor(ctx context.Context, p lintel.Principal, deviceID string) (client.ActionAttempt, error) {
	return s.lockOrUnlock(ctx, p, deviceID, connector.LockDoor)
}

// UnlockDoor unlocks a lock remotely and returns the action attempt
// (UNLOCK_DOOR) that tracks it.
func (s *Service) UnlockDoor(ctx context.Context, p lintel.Principal, deviceID string) (client.ActionAttempt, error) {
	return s.lockOrUnlock(ctx, p, deviceID, connector.UnlockDoor)
}

// lockOrUnlock checks the request and acts on the lock (Act). A lock not
// of the caller is not found; a device that cannot do it remotely is
// invalid input. An inline lock's locked changes with the attempt's
// success, in this transaction.
func (s *Service) lockOrUnlock(ctx context.Context, p lintel.Principal, deviceID, kind string) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.lockOrUnlockTx(ctx, tx, p, deviceID, kind)
		return err
	})
	return out, err
}

// UnlockDoorTx is UnlockDoor within the caller's transaction, for a
// workspace: the caller has checked that whoever asks may open the lock
// (an instant key's page, for the locks of its identity's grants).
func (s *Service) UnlockDoorTx(ctx context.Context, tx *store.Tx, workspaceID, deviceID string) (client.ActionAttempt, error) {
	return s.lockOrUnlockTx(ctx, tx, lintel.Principal{Kind: lintel.AuthSystem, WorkspaceID: workspaceID}, deviceID, connector.UnlockDoor)
}

func (s *Service) lockOrUnlockTx(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID, kind string) (client.ActionAttempt, error) {
	d, err := s.managed(ctx, tx, p, deviceID)
	if err != nil {
		return client.ActionAttempt{}, err
	}
	actionType, can := attempt.LockDoor, d.CanRemotelyLock
	if kind == connector.UnlockDoor {
		actionType, can = attempt.UnlockDoor, d.CanRemotelyUnlock
	}
	if !slices.Contains(LockTypes, d.DeviceType) || !can {
		return client.ActionAttempt{}, invalid("device_id", "The device cannot be "+map[bool]string{true: "locked", false: "unlocked"}[kind == connector.LockDoor]+" remotely")
	}
	return s.Act(ctx, tx, d, actionType, connector.Mutation{Kind: kind})
}

// ManagedLocksTx presents the managed locks of the workspace among
// deviceIDs, oldest first; other ids are left out.
func (s *Service) ManagedLocksTx(ctx context.Context, tx *store.Tx, workspaceID string, deviceIDs []string) ([]client.Device, error) {
	if len(deviceIDs) == 0 {
		return []client.Device{}, nil
	}
	managed := true
	rows, err := tx.ListDevices(ctx, workspaceID, store.DeviceFilter{DeviceIDs: deviceIDs, DeviceTypes: LockTypes, IsManaged: &managed},
		page.Request{Limit: len(deviceIDs)})
	if err != nil {
		return nil, err
	}
	return present(ctx, tx, rows)
}

// lockFinisher ends lock and unlock attempts.
type lockFinisher struct{ s *Service }

// Finish records the new state of the lock, its lock.locked or
// lock.unlocked event (method remote, with the attempt's id) and ends the
// attempt in success.
func (f lockFinisher) Finish(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation) error {
	locked := m.Kind == connector.LockDoor
	d.Locked = &locked
	if err := tx.UpdateDevice(ctx, d.WorkspaceID, d); err != nil {
		return err
	}
	eventType := event.LockUnlocked
	if locked {
		eventType = event.LockLocked
	}
	if err := f.s.events.Record(ctx, tx, d.WorkspaceID, client.Event{EventType: eventType, DeviceID: d.DeviceID,
		ConnectedAccountID: d.ConnectedAccountID, ActionAttemptID: m.ObjectID, Method: "remote"}); err != nil {
		return err
	}
	return attempt.Succeed(ctx, tx, f.s.events, m.WorkspaceID, m.ObjectID, client.UnlockDoorResult{WasConfirmedByDevice: true})
}

// Fail ends the attempt in error (FailAttempt). The lock's state is left
// as it was.
func (f lockFinisher) Fail(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation, cause error) error {
	return f.s.FailAttempt(ctx, tx, m.WorkspaceID, m.ObjectID, cause)
}

// Act starts an action attempt of actionType on d and hands m, the
// action, to the device's connector (Push), with the attempt as its
// ObjectID; it returns the attempt as it stands. A device lintel knows to
// be offline, or whose account is disconnected, ends the attempt in
// device_offline at once. Otherwise an inline device confirms in tx (the
// attempt answers "success"); a remote one leaves it pending until a
// worker has the device's answer. The caller has checked that d may do it.
func (s *Service) Act(ctx context.Context, tx *store.Tx, d store.Device, actionType string, m connector.Mutation) (client.ActionAttempt, error) {
	id, err := attempt.StartOnDevice(ctx, tx, d.WorkspaceID, actionType, d.DeviceID)
	if err != nil {
		return client.ActionAttempt{}, err
	}
	offline, err := s.KnownOffline(ctx, tx, d)
	if err != nil {
		return client.ActionAttempt{}, err
	}
	if offline {
		err = attempt.Fail(ctx, tx, s.events, d.WorkspaceID, id, errDeviceOffline, "The device is offline")
	} else {
		m.ObjectID = id
		_, err = s.Push(ctx, tx, d, m)
	}
	if err != nil {
		return client.ActionAttempt{}, err
	}
	return attempt.Load(ctx, tx, d.WorkspaceID, id)
}

// KnownOffline reports whether lintel already knows the device cannot be
// reached (it is offline, or its connected account is disconnected): an
// action on it fails at once in device_offline (Act).
func (s *Service) KnownOffline(ctx context.Context, tx *store.Tx, d store.Device) (bool, error) {
	ca, err := tx.ConnectedAccount(ctx, d.WorkspaceID, d.ConnectedAccountID)
	if err != nil {
		return false, err
	}
	return !d.Online || ca.DisconnectedAt != nil, nil
}

// FailAttempt ends an action attempt on a device in error, as the device's
// failure says: device_offline or device_removed when the device said so,
// failed_to_confirm_on_device when it never answered.
func (s *Service) FailAttempt(ctx context.Context, tx *store.Tx, workspaceID, attemptID string, cause error) error {
	errType, msg := errNotConfirmed, "The device did not confirm the action"
	switch {
	case errors.Is(cause, connector.ErrDeviceOffline):
		errType, msg = errDeviceOffline, "The device is offline"
	case errors.Is(cause, connector.ErrDeviceRemoved):
		errType, msg = errDeviceRemoved, "The device is no longer on its account"
	}
	return attempt.Fail(ctx, tx, s.events, workspaceID, attemptID, errType, msg)
}

// visible loads a device of the caller's workspace that the caller may
// see (a client session: the devices of its connected accounts).
func (s *Service) visible(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Device, error) {
	d, err := tx.Device(ctx, p.WorkspaceID, deviceID)
	if err != nil {
		return d, notFound(err, errDeviceNotFound)
	}
	allowed, err := sessionAccounts(ctx, tx, p)
	if err != nil {
		return d, err
	}
	if allowed != nil && !slices.Contains(allowed, d.ConnectedAccountID) {
		return d, errDeviceNotFound
	}
	return d, nil
}

// managed loads a managed device the caller may see: an unmanaged device
// is not found by the routes that act on devices.
func (s *Service) managed(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Device, error) {
	d, err := s.visible(ctx, tx, p, deviceID)
	if err == nil && !d.IsManaged {
		err = errDeviceNotFound
	}
	return d, err
}

// invalid is the invalid_input error for one field.
func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}
