package accesscode

import (
	"context"
	"errors"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// errNoScheduler is what a time-bound code meets when the job queue is not
// wired (a programming error).
var errNoScheduler = errors.New("accesscode: time-bound codes need the job queue, which is not wired")

// A code reaches its lock through two device mutations: SetAccessCode
// (program it, or change it) and RemoveAccessCode (take it off). The
// device path applies them inline or queued and calls back Finish once the
// lock has one, or Fail once it gave up (device.Finisher). Both run in the
// transaction that applied the mutation.

// program sends c to its lock. The row must already say what lintel wants
// (status setting, or unset for a code the lock schedules itself).
func (s *Service) program(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode, attemptID string) error {
	pc := &connector.ProviderAccessCode{ExternalID: c.ExternalID, Code: deref(c.Code), Name: c.Name}
	if c.PreferNativeScheduling {
		pc.StartsAt, pc.EndsAt = c.StartsAt, c.EndsAt
	}
	_, err := s.devices.Push(ctx, tx, d, connector.Mutation{Kind: connector.SetAccessCode, ObjectID: c.AccessCodeID,
		AccessCode: pc, ActionAttemptID: attemptID})
	return err
}

// takeOff marks c removing and sends its removal to its lock.
func (s *Service) takeOff(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode, attemptID string) error {
	c.Status = statusRemoving
	if err := tx.UpdateAccessCode(ctx, c.WorkspaceID, c); err != nil {
		return err
	}
	_, err := s.devices.Push(ctx, tx, d, connector.Mutation{Kind: connector.RemoveAccessCode, ObjectID: c.AccessCodeID,
		AccessCodeExternalID: c.ExternalID, ActionAttemptID: attemptID})
	return err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Finish makes a code's mutation final once the lock has it.
//
// A programmed code is set (access_code.set_on_device), or, if the lock
// holds it ahead of its window, stays unset (access_code.scheduled_on_device);
// one that is being removed meanwhile is left to its removal. A removed
// code is deleted (access_code.removed_from_device, then
// access_code.deleted) unless its window is still ahead, when it waits
// unset; an unmanaged code goes (access_code.unmanaged.removed).
func (s *Service) Finish(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation) error {
	c, err := tx.AccessCode(ctx, m.WorkspaceID, m.ObjectID)
	if errors.Is(err, store.ErrNotFound) {
		return s.succeed(ctx, tx, m.WorkspaceID, m.ActionAttemptID, m.ObjectID)
	}
	if err != nil {
		return err
	}
	now := s.clock()
	switch m.Kind {
	case connector.SetAccessCode:
		programmed := !c.OnDevice
		c.OnDevice = true
		c.Errors = withoutIssue(c.Errors, errFailedToSet)
		var eventType string
		switch {
		case c.Status == statusRemoving:
		case c.StartsAt != nil && c.StartsAt.After(now):
			c.Status, eventType = statusUnset, event.AccessCodeScheduledOnDevice
		default:
			c.Status, eventType = statusSet, event.AccessCodeSetOnDevice
		}
		if err := tx.UpdateAccessCode(ctx, c.WorkspaceID, c); err != nil {
			return err
		}
		if eventType != "" {
			if err := s.events.Record(ctx, tx, c.WorkspaceID, codeEvent(eventType, d, c)); err != nil {
				return err
			}
			if err := s.watched(ctx, tx, c.WorkspaceID, c.AccessCodeID, programmed); err != nil {
				return err
			}
		}
	case connector.RemoveAccessCode:
		if err := s.removed(ctx, tx, d, c, now); err != nil {
			return err
		}
	}
	return s.succeed(ctx, tx, m.WorkspaceID, m.ActionAttemptID, m.ObjectID)
}

// removed records that c is off its lock.
func (s *Service) removed(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode, now time.Time) error {
	ws := c.WorkspaceID
	if !c.IsManaged {
		if err := s.unmanagedGone(ctx, tx, c); err != nil {
			return err
		}
		if err := s.cancelJobs(ctx, tx, c.StartJobID, c.EndJobID); err != nil {
			return err
		}
		if err := tx.DeleteAccessCode(ctx, ws, c.AccessCodeID); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, ws, codeEvent(event.AccessCodeUnmanagedRemoved, d, c))
	}
	ahead := c.StartsAt != nil && c.StartsAt.After(now)
	if ahead && !hasIssue(c.Warnings, warnBeingDeleted) {
		c.Status, c.OnDevice = statusUnset, false
		c.Errors = withoutIssue(c.Errors, errFailedToRemove)
		if err := tx.UpdateAccessCode(ctx, ws, c); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, ws, codeEvent(event.AccessCodeRemovedFromDevice, d, c))
	}
	return s.drop(ctx, tx, d, c, true)
}

// drop deletes a managed code for good, and cancels its jobs; wasOn says
// it was on the lock.
func (s *Service) drop(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode, wasOn bool) error {
	if err := s.cancelJobs(ctx, tx, c.StartJobID, c.EndJobID); err != nil {
		return err
	}
	if err := tx.DeleteAccessCode(ctx, c.WorkspaceID, c.AccessCodeID); err != nil {
		return err
	}
	var events []client.Event
	if wasOn {
		events = append(events, codeEvent(event.AccessCodeRemovedFromDevice, d, c))
	}
	events = append(events, codeEvent(event.AccessCodeDeleted, d, c))
	return s.events.Record(ctx, tx, c.WorkspaceID, events...)
}

// Fail records that the lock did not take a code's mutation: the code
// carries failed_to_set_on_device (or failed_to_remove_from_device) and
// its event, and stays as it was for reconciliation to try again; its
// action attempt ends in that error.
func (s *Service) Fail(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation, cause error) error {
	code, eventType, msg := errFailedToSet, event.AccessCodeFailedToSet, "The device did not take the access code"
	if m.Kind == connector.RemoveAccessCode {
		code, eventType, msg = errFailedToRemove, event.AccessCodeFailedToRemove, "The device did not remove the access code"
	}
	if m.ActionAttemptID != "" {
		if err := attempt.Fail(ctx, tx, s.events, m.WorkspaceID, m.ActionAttemptID, code, msg); err != nil {
			return err
		}
	}
	c, err := tx.AccessCode(ctx, m.WorkspaceID, m.ObjectID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if hasIssue(c.Errors, code) {
		return nil
	}
	c.Errors = withIssue(c.Errors, code, msg, tx.Now())
	if err := tx.UpdateAccessCode(ctx, c.WorkspaceID, c); err != nil {
		return err
	}
	s.log.Warn("device did not take an access code mutation", "workspace_id", c.WorkspaceID, "device_id", c.DeviceID,
		"access_code_id", c.AccessCodeID, "kind", m.Kind, "cause", cause)
	return s.events.Record(ctx, tx, c.WorkspaceID, codeEvent(eventType, d, c))
}

// RunDue does what a time-bound code needs at one of its times. It
// returns how long to wait if that time has not come yet by the domain's
// clock (the job then runs again later). A job for a time the code no
// longer has, for a code that is gone, or for one no longer managed, does
// nothing.
func (s *Service) RunDue(ctx context.Context, due Due) (time.Duration, error) {
	var wait time.Duration
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		wait = 0
		c, err := tx.AccessCode(ctx, due.WorkspaceID, due.AccessCodeID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		at := c.StartsAt
		if due.What == DueEnd {
			at = c.EndsAt
		}
		if !c.IsManaged || at == nil || at.UnixMilli() != due.At || c.Status == statusRemoving {
			return nil
		}
		now := s.clock()
		if now.Before(*at) {
			wait = at.Sub(now)
			return nil
		}
		// This job runs now: the code forgets its id, so that nothing
		// (the code's end, its deletion) cancels it while it runs.
		if err := s.ranJob(ctx, tx, &c, due.What); err != nil {
			return err
		}
		d, err := tx.Device(ctx, c.WorkspaceID, c.DeviceID)
		if err != nil {
			return err
		}
		if due.What == DueStart {
			return s.start(ctx, tx, d, c)
		}
		return s.end(ctx, tx, d, c)
	})
	return wait, err
}

// ranJob clears the id of a code's job for what (DueStart or DueEnd).
func (s *Service) ranJob(ctx context.Context, tx *store.Tx, c *store.AccessCode, what string) error {
	id := &c.StartJobID
	if what == DueEnd {
		id = &c.EndJobID
	}
	if *id == nil {
		return nil
	}
	*id = nil
	return tx.SetAccessCodeJobs(ctx, c.WorkspaceID, c.AccessCodeID, c.StartJobID, c.EndJobID)
}

// start opens a code's window: a code the lock already holds (scheduled
// natively, or offline) is set; another goes to the lock.
func (s *Service) start(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode) error {
	if c.Status != statusUnset {
		return nil
	}
	if c.OnDevice {
		c.Status = statusSet
		if err := tx.UpdateAccessCode(ctx, c.WorkspaceID, c); err != nil {
			return err
		}
		if err := s.events.Record(ctx, tx, c.WorkspaceID, codeEvent(event.AccessCodeSetOnDevice, d, c)); err != nil {
			return err
		}
		return s.watched(ctx, tx, c.WorkspaceID, c.AccessCodeID, false)
	}
	c.Status = statusSetting
	if err := tx.UpdateAccessCode(ctx, c.WorkspaceID, c); err != nil {
		return err
	}
	return s.program(ctx, tx, d, c, "")
}

// end closes a code's window: it comes off the lock and is deleted.
func (s *Service) end(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode) error {
	if c.IsOfflineAccessCode || (!c.OnDevice && c.Status == statusUnset) {
		return s.drop(ctx, tx, d, c, c.OnDevice)
	}
	return s.takeOff(ctx, tx, d, c, "")
}

// Due is also what the start of a time-bound code needs from River: its
// time.
func (d Due) Time() time.Time { return time.UnixMilli(d.At).UTC() }

// DeviceGone deletes every code lintel holds for d, in tx, just before d
// leaves lintel (devices/delete, a simulated removal, a reconciliation
// that finds the device gone from its account; device.Service.OnDeviceGone):
// each code the API showed records its end there, instead of vanishing
// with the device's row, and its jobs are cancelled. A managed code records access_code.deleted, an
// unmanaged one access_code.unmanaged.removed; backup codes still waiting
// in the pool were never shown and go silently. Nothing is sent to the
// lock: it is gone, or no longer lintel's to change.
func (s *Service) DeviceGone(ctx context.Context, tx *store.Tx, d store.Device) error {
	codes, err := tx.AccessCodesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	var events []client.Event
	for _, c := range codes {
		if err := s.unmanagedGone(ctx, tx, c); err != nil {
			return err
		}
		if err := s.cancelJobs(ctx, tx, c.StartJobID, c.EndJobID); err != nil {
			return err
		}
		if err := tx.DeleteAccessCode(ctx, d.WorkspaceID, c.AccessCodeID); err != nil {
			return err
		}
		switch {
		case !c.IsManaged:
			events = append(events, codeEvent(event.AccessCodeUnmanagedRemoved, d, c))
		case c.IsBackup && c.PulledFor == nil:
		default:
			events = append(events, codeEvent(event.AccessCodeDeleted, d, c))
		}
	}
	return s.events.Record(ctx, tx, d.WorkspaceID, events...)
}

// DeviceManagedChanged is told, in tx, that d became unmanaged
// (devices/update with is_managed false) or managed again
// (devices/unmanaged/update; device.Service.OnManagedChanged). An
// unmanaged device is not lintel's to program, so the jobs of its codes'
// times are cancelled, as when the device leaves lintel; the codes stay.
// Managed again, its managed time-bound codes get their jobs back (an end
// already past runs at once), and one whose start passed meanwhile goes to
// the lock now.
func (s *Service) DeviceManagedChanged(ctx context.Context, tx *store.Tx, d store.Device) error {
	codes, err := tx.AccessCodesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	now := s.clock()
	for _, c := range codes {
		switch {
		case !d.IsManaged:
			err = s.forgetJobs(ctx, tx, &c)
		case c.IsManaged && c.StartsAt != nil && c.Status != statusRemoving && !hasIssue(c.Warnings, warnBeingDeleted):
			err = s.schedule(ctx, tx, c, nil, now)
			if err == nil && !c.StartsAt.After(now) && (c.EndsAt == nil || c.EndsAt.After(now)) {
				err = s.start(ctx, tx, d, c)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
