package connector

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
)

// Kinds of device mutation. A device mutation carries DeviceID and
// DeviceExternalID instead of AcsSystemID; its ObjectID is the action
// attempt (LockDoor, UnlockDoor) or lintel's access code (SetAccessCode,
// RemoveAccessCode) it is about.
const (
	LockDoor   = "lock_door"
	UnlockDoor = "unlock_door"
	// SetAccessCode programs Mutation.AccessCode on the lock, replacing a
	// code with the same external id.
	SetAccessCode = "set_access_code"
	// RemoveAccessCode takes the code Mutation.AccessCodeExternalID off the
	// lock; a code that is not there counts as removed.
	RemoveAccessCode = "remove_access_code"
)

// ErrDeviceOffline is what a device that cannot be reached answers. It is
// final: retrying the same exchange at once would not help, so the queue
// gives up on the mutation (the domain says what that means: an action
// attempt ends in device_offline; a code waits for reconciliation).
var ErrDeviceOffline = errors.New("the device is offline")

// ErrDeviceRemoved is what a provider answers about a device that is no
// longer on the account. It is final too.
var ErrDeviceRemoved = errors.New("the device is no longer on the provider's account")

// IsFinal reports whether a connector's error ends a mutation rather than
// being retried.
func IsFinal(err error) bool {
	return errors.Is(err, ErrDeviceOffline) || errors.Is(err, ErrDeviceRemoved)
}

// ProviderDevice is a device as its provider reports it, for
// reconciliation.
type ProviderDevice struct {
	ExternalID   string
	Online       bool
	Locked       bool
	DoorOpen     bool
	BatteryLevel float64
	// Climate is the setting a thermostat holds; nil for a device that is
	// not one.
	Climate *ProviderClimate
}

// ProviderAccessCode is an access code as a lock holds it: what
// SetAccessCode sends and what a listing returns. It travels inside a
// queued Mutation's JSON, so its field names (its JSON keys) must not
// change. StartsAt and EndsAt bound a time-bound code; nil for an ongoing
// one.
type ProviderAccessCode struct {
	ExternalID string
	Code       string
	Name       *string
	StartsAt   *time.Time
	EndsAt     *time.Time
}

// LogValue keeps the PIN out of logs.
func (c ProviderAccessCode) LogValue() slog.Value {
	return slog.GroupValue(slog.String("external_id", c.ExternalID))
}

// DeviceConnector reaches the devices of one kind of provider account.
// Domain packages do not call it directly: they go through
// device.Service.Push, which applies a mutation inline or queues it.
type DeviceConnector interface {
	// InlineDevice reports whether d applies mutations within the caller's
	// transaction rather than later, through the queue.
	InlineDevice(d store.Device) bool
	// ApplyDevice performs m on the device and records its effect on the
	// provider's side. tx is the caller's (inline) or the worker's
	// (queued). A device that cannot do it now answers ErrDeviceOffline
	// and changes nothing.
	ApplyDevice(ctx context.Context, tx *store.Tx, d store.Device, m Mutation) error
	// SendDevice is the network exchange of a queued mutation, outside any
	// transaction (see Sender); it must be idempotent.
	SendDevice(ctx context.Context, d store.Device, m Mutation) error
	// Devices lists the devices the provider account holds, for
	// reconciliation: a device of the account that is not listed is gone.
	Devices(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID string) ([]ProviderDevice, error)
	// AccessCodes lists the codes on a lock, in external id order.
	AccessCodes(ctx context.Context, tx *store.Tx, d store.Device) ([]ProviderAccessCode, error)
}

// deviceSubject orders the mutations of a device: the lock's own
// (locking, unlocking) in the order they were made, and those of one
// access code in theirs, independently of the lock's.
func deviceSubject(m Mutation) string {
	ext := m.AccessCodeExternalID
	if ext == "" && m.AccessCode != nil {
		ext = m.AccessCode.ExternalID
	}
	if ext != "" {
		return "device/" + m.DeviceID + "/access_code/" + ext
	}
	return "device/" + m.DeviceID + "/lock"
}
