package accesscode

import (
	"context"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// change is an update of a code, checked: nil fields keep what the code
// has.
type change struct {
	name          *client.Nullable[string]
	code          string
	ongoing       bool
	startsAt      string
	endsAt        string
	allowExternal *bool
	unmanage      bool
}

// Update changes a managed code and returns the action attempt that
// tracks the change on the lock.
func (s *Service) Update(ctx context.Context, p lintel.Principal, in client.AccessCodesUpdateParams) (client.ActionAttempt, error) {
	var aa client.ActionAttempt
	ch := change{code: in.Code, ongoing: in.Type == "ongoing", startsAt: in.StartsAt, endsAt: in.EndsAt,
		unmanage: in.IsManaged != nil && !*in.IsManaged}
	if in.Name.Set {
		ch.name = &in.Name
	}
	if in.IsExternalModificationAllowed != nil {
		ch.allowExternal = in.IsExternalModificationAllowed
	} else {
		ch.allowExternal = in.AllowExternalModification
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		c, d, err := managed(ctx, tx, p, in.AccessCodeID, in.DeviceID)
		if err != nil {
			return err
		}
		if in.Type == "time_bound" && c.StartsAt == nil && (in.StartsAt == "" || in.EndsAt == "") {
			return invalid("starts_at", "Required with type time_bound: give starts_at and ends_at")
		}
		id, err := s.update(ctx, tx, d, c, ch)
		if err != nil {
			return err
		}
		aa, err = attempt.Load(ctx, tx, p.WorkspaceID, id)
		return err
	})
	return aa, err
}

// UpdateMultiple changes the name or the window of every code sharing a
// common code key.
func (s *Service) UpdateMultiple(ctx context.Context, p lintel.Principal, in client.AccessCodesUpdateMultipleParams) error {
	ch := change{startsAt: in.StartsAt, endsAt: in.EndsAt}
	if in.Name.Set {
		ch.name = &in.Name
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListAccessCodes(ctx, p.WorkspaceID, store.AccessCodeFilter{IsManaged: true,
			CommonCodeKey: in.CommonCodeKey}, everything)
		if err != nil {
			return err
		}
		for _, r := range rows {
			c, d, err := managed(ctx, tx, p, r.AccessCodeID, "")
			if err != nil {
				continue // another client session's
			}
			if c.StartsAt == nil && (in.StartsAt == "") != (in.EndsAt == "") {
				return invalid("starts_at", "An ongoing code becomes time-bound with both starts_at and ends_at")
			}
			if _, err := s.update(ctx, tx, d, c, ch); err != nil {
				return err
			}
		}
		return nil
	})
}

// update applies ch to c and brings the lock along: a code whose window is
// open goes to the lock again if its PIN or name changed, or if it was
// not there; a code whose window moved ahead comes off (and waits); the
// jobs of its new times are scheduled and the old ones cancelled. It
// records access_code.changed and returns the action attempt's id.
func (s *Service) update(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode, ch change) (string, error) {
	ws := c.WorkspaceID
	now := s.clock()
	var v lintel.InvalidInput
	next := c
	if ch.name != nil {
		if ch.name.Null {
			next.Name = nil
		} else {
			name := ch.name.Value
			checkName(&v, name, d)
			next.Name = &name
		}
	}
	if ch.code != "" {
		checkCode(&v, "code", ch.code, d)
		code := ch.code
		next.Code = &code
	}
	if ch.allowExternal != nil {
		next.IsExternalModificationAllowed = *ch.allowExternal
	}
	switch {
	case ch.ongoing:
		next.StartsAt, next.EndsAt = nil, nil
	case ch.startsAt != "" || ch.endsAt != "":
		startsAt, endsAt := ch.startsAt, ch.endsAt
		if startsAt == "" && c.StartsAt != nil {
			startsAt = c.StartsAt.Format(time.RFC3339Nano)
		}
		if endsAt == "" && c.EndsAt != nil {
			endsAt = c.EndsAt.Format(time.RFC3339Nano)
		}
		next.StartsAt, next.EndsAt = window(&v, startsAt, endsAt, now)
	}
	if next.IsOfflineAccessCode && next.StartsAt == nil {
		v.Add("type", "An offline access code stays time-bound")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	if ch.code != "" && ch.code != deref(c.Code) {
		codes, err := tx.AccessCodesOfDevice(ctx, ws, d.DeviceID)
		if err != nil {
			return "", err
		}
		if taken(codes, ch.code, c.AccessCodeID) {
			return "", errDuplicateCode("code")
		}
	}
	if ch.unmanage {
		next.IsManaged = false
	}
	pinChanged := deref(next.Code) != deref(c.Code) || deref(next.Name) != deref(c.Name)
	timesChanged := !sameTime(next.StartsAt, c.StartsAt) || !sameTime(next.EndsAt, c.EndsAt)
	attemptID, err := attempt.StartOnDevice(ctx, tx, ws, actionUpdate, d.DeviceID)
	if err != nil {
		return "", err
	}
	if !pinChanged && !timesChanged && next.IsManaged == c.IsManaged &&
		next.IsExternalModificationAllowed == c.IsExternalModificationAllowed {
		return attemptID, s.succeed(ctx, tx, ws, attemptID, c.AccessCodeID)
	}
	if err := tx.UpdateAccessCode(ctx, ws, next); err != nil {
		return "", err
	}
	if err := s.events.Record(ctx, tx, ws, codeEvent(event.AccessCodeChanged, d, next)); err != nil {
		return "", err
	}
	// A code no longer managed is not lintel's to program or take off:
	// its jobs go with the switch.
	if c.IsManaged && !next.IsManaged {
		if err := s.forgetJobs(ctx, tx, &next); err != nil {
			return "", err
		}
	}
	// The jobs of the old times are cancelled, those of the new ones
	// scheduled; a code being deleted has none.
	if timesChanged && next.IsManaged && !hasIssue(next.Warnings, warnBeingDeleted) {
		if err := s.schedule(ctx, tx, next, &c, now); err != nil {
			return "", err
		}
	}
	if !next.IsManaged || next.Status == statusRemoving {
		return attemptID, s.succeed(ctx, tx, ws, attemptID, c.AccessCodeID)
	}
	ahead := next.StartsAt != nil && next.StartsAt.After(now)
	onLock := next.OnDevice || next.Status == statusSetting
	switch {
	case next.IsOfflineAccessCode:
		if !ahead && next.Status == statusUnset {
			next.Status = statusSet
			if err := tx.UpdateAccessCode(ctx, ws, next); err != nil {
				return "", err
			}
			if err := s.events.Record(ctx, tx, ws, codeEvent(event.AccessCodeSetOnDevice, d, next)); err != nil {
				return "", err
			}
		}
		return attemptID, s.succeed(ctx, tx, ws, attemptID, c.AccessCodeID)
	case ahead && next.PreferNativeScheduling:
		next.Status = statusUnset
	case ahead && onLock:
		return attemptID, s.takeOff(ctx, tx, d, next, attemptID)
	case ahead:
		next.Status = statusUnset
		if err := tx.UpdateAccessCode(ctx, ws, next); err != nil {
			return "", err
		}
		return attemptID, s.succeed(ctx, tx, ws, attemptID, c.AccessCodeID)
	case !onLock || pinChanged || (timesChanged && next.PreferNativeScheduling):
		next.Status = statusSetting
	default:
		return attemptID, s.succeed(ctx, tx, ws, attemptID, c.AccessCodeID)
	}
	if err := tx.UpdateAccessCode(ctx, ws, next); err != nil {
		return "", err
	}
	return attemptID, s.program(ctx, tx, d, next, attemptID)
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// Delete takes a managed code off its lock and deletes it: at once if the
// lock does not hold it, else once the lock confirms (removing until
// then); its jobs are cancelled at once. Deleting a code already being removed starts nothing new.
func (s *Service) Delete(ctx context.Context, p lintel.Principal, in client.AccessCodesDeleteParams) (client.ActionAttempt, error) {
	var aa client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		c, d, err := managed(ctx, tx, p, in.AccessCodeID, in.DeviceID)
		if err != nil {
			return err
		}
		id, err := attempt.StartOnDevice(ctx, tx, p.WorkspaceID, actionDelete, d.DeviceID)
		if err != nil {
			return err
		}
		if err := s.delete(ctx, tx, d, c, id); err != nil {
			return err
		}
		aa, err = attempt.Load(ctx, tx, p.WorkspaceID, id)
		return err
	})
	return aa, err
}

func (s *Service) delete(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode, attemptID string) error {
	ws := c.WorkspaceID
	if c.Status == statusRemoving && hasIssue(c.Warnings, warnBeingDeleted) {
		return s.succeed(ctx, tx, ws, attemptID, c.AccessCodeID)
	}
	c.Warnings = withIssue(c.Warnings, warnBeingDeleted, "The access code is being deleted", tx.Now())
	if err := s.forgetJobs(ctx, tx, &c); err != nil {
		return err
	}
	if c.IsOfflineAccessCode || (!c.OnDevice && c.Status != statusSetting) {
		if err := s.drop(ctx, tx, d, c, false); err != nil {
			return err
		}
		return s.succeed(ctx, tx, ws, attemptID, c.AccessCodeID)
	}
	return s.takeOff(ctx, tx, d, c, attemptID)
}
