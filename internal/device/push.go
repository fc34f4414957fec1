package device

import (
	"context"
	"errors"
	"fmt"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// Queue hands the mutations of devices that do not apply them inline to
// background workers, in the caller's transaction (job.Queue).
type Queue interface {
	Enqueue(ctx context.Context, tx *store.Tx, m connector.Mutation) error
}

// Finisher makes a device mutation's effects final in lintel once the
// device has it, or gives up on it. A domain that pushes mutations to
// devices registers one per kind with Handle; both methods run in a
// transaction (the request's when the device is inline, a worker's
// otherwise) and record their events in it.
type Finisher interface {
	// Finish runs once the device has applied m.
	Finish(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation) error
	// Fail runs when the device refused m for good (cause wraps
	// connector.ErrDeviceOffline or connector.ErrDeviceRemoved) or never
	// confirmed it within the retry budget. d is the device as lintel
	// knows it; it may have been deleted meanwhile (then its DeviceID is
	// m.DeviceID and the rest is zero).
	Fail(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation, cause error) error
}

// Handle makes f finish the mutations of the given kinds (the access codes
// domain: connector.SetAccessCode and connector.RemoveAccessCode). Call it
// while the app is wired, before any request.
func (s *Service) Handle(f Finisher, kinds ...string) {
	for _, k := range kinds {
		s.finishers[k] = f
	}
}

// Push hands a device mutation to the device's connector, in tx, the
// transaction of the change that causes it. This is how every domain
// reaches a device:
//
//	m := connector.Mutation{Kind: connector.SetAccessCode, ObjectID: code.AccessCodeID,
//		AccessCode: &connector.ProviderAccessCode{ExternalID: …, Code: …, Name: …, StartsAt: …, EndsAt: …}}
//	queued, err := devices.Push(ctx, tx, d, m)
//
// Push fills in the device fields of m (DeviceID, DeviceExternalID,
// WorkspaceID), the time and the request id. A device that applies
// mutations inline (a sandbox lock) has it applied now, and the kind's
// Finisher runs in tx before Push returns: Finish, or Fail if the device
// refused it (offline); queued is false. Otherwise the mutation is queued
// as a River job in tx (queued true): a worker sends it, applies it and
// runs Finish in its own transaction, or Fail once the device refused it or
// the retry budget is spent. Mutations of one access code (by external id),
// and the lock's own, are applied in the order they were pushed.
func (s *Service) Push(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation) (queued bool, err error) {
	f, ok := s.finishers[m.Kind]
	if !ok {
		return false, fmt.Errorf("device mutation %q has no finisher", m.Kind)
	}
	c, err := s.connectors.ForDevice(d)
	if err != nil {
		return false, err
	}
	m.WorkspaceID, m.DeviceID, m.DeviceExternalID = d.WorkspaceID, d.DeviceID, d.ExternalID
	if m.RequestedAt == 0 {
		m.RequestedAt = tx.Now().UnixMilli()
	}
	if m.RequestID == "" {
		m.RequestID = lintel.RequestIDFrom(ctx)
	}
	if c.InlineDevice(d) {
		m.Inline = true
		err := c.ApplyDevice(ctx, tx, d, m)
		if connector.IsFinal(err) {
			return false, f.Fail(ctx, tx, d, m, err)
		}
		if err != nil {
			return false, err
		}
		return false, f.Finish(ctx, tx, d, m)
	}
	if s.queue == nil {
		return false, errors.New("device " + d.DeviceID + " needs the background queue, which is not running")
	}
	return true, s.queue.Enqueue(ctx, tx, m)
}

// A queued device mutation goes through the same three steps as an access
// system's (acs/queued.go), run by the worker: SendQueued, ApplyQueued,
// FailQueued.

// SendQueued performs the network exchange a queued mutation needs,
// outside any transaction. A device that no longer exists is
// store.ErrNotFound: the worker gives up on the mutation.
func (s *Service) SendQueued(ctx context.Context, m connector.Mutation) error {
	var d store.Device
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var err error
		d, err = tx.Device(ctx, m.WorkspaceID, m.DeviceID)
		return err
	})
	if err != nil {
		return err
	}
	c, err := s.connectors.ForDevice(d)
	if err != nil {
		return err
	}
	return c.SendDevice(ctx, d, m)
}

// ApplyQueued applies a queued mutation through the device's connector and
// finishes it, in the worker's transaction. An error the connector says is
// final (connector.IsFinal) comes back as it is: the worker then fails the
// mutation at once instead of retrying it.
func (s *Service) ApplyQueued(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	f, ok := s.finishers[m.Kind]
	if !ok {
		return fmt.Errorf("device mutation %q has no finisher", m.Kind)
	}
	d, err := tx.Device(ctx, m.WorkspaceID, m.DeviceID)
	if err != nil {
		return err
	}
	c, err := s.connectors.ForDevice(d)
	if err != nil {
		return err
	}
	if err := c.ApplyDevice(ctx, tx, d, m); err != nil {
		return err
	}
	return f.Finish(ctx, tx, d, m)
}

// FailQueued gives up on a queued mutation: its kind's Finisher says what
// that means.
func (s *Service) FailQueued(ctx context.Context, tx *store.Tx, m connector.Mutation, cause error) error {
	f, ok := s.finishers[m.Kind]
	if !ok {
		return fmt.Errorf("device mutation %q has no finisher", m.Kind)
	}
	d, err := tx.Device(ctx, m.WorkspaceID, m.DeviceID)
	if errors.Is(err, store.ErrNotFound) {
		d = store.Device{DeviceID: m.DeviceID, WorkspaceID: m.WorkspaceID}
	} else if err != nil {
		return err
	}
	s.log.Warn("device did not apply a mutation; giving up", "workspace_id", m.WorkspaceID, "device_id", m.DeviceID,
		"kind", m.Kind, "object_id", m.ObjectID, "cause", cause)
	return f.Fail(ctx, tx, d, m, cause)
}
