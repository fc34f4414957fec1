package accesscode

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Unmanaged codes are codes found on a lock that lintel did not put there
// (reconciliation finds them; a sandbox can simulate one). lintel shows
// them, can take them off the lock, and can take them over: converted, a
// code is managed like any other, and stays on the lock.

// unmanaged loads an unmanaged code of the workspace that the caller may
// see.
func unmanaged(ctx context.Context, tx *store.Tx, p lintel.Principal, accessCodeID string) (store.AccessCode, store.Device, error) {
	c, err := tx.AccessCode(ctx, p.WorkspaceID, accessCodeID)
	if err != nil || c.IsManaged {
		return c, store.Device{}, notFound(orNotFound(err), errAccessCodeNotFound)
	}
	d, err := device(ctx, tx, p, c.DeviceID)
	if err != nil {
		return c, d, errAccessCodeNotFound
	}
	return c, d, nil
}

// GetUnmanaged returns an unmanaged code, by id or by its device and code.
func (s *Service) GetUnmanaged(ctx context.Context, p lintel.Principal, in client.AccessCodesGetParams) (client.UnmanagedAccessCode, error) {
	var out client.UnmanagedAccessCode
	err := s.store.View(ctx, func(tx *store.Tx) error {
		id, err := findID(ctx, tx, p, in, false)
		if err != nil {
			return err
		}
		c, _, err := unmanaged(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if in.DeviceID != "" && c.DeviceID != in.DeviceID {
			return errAccessCodeNotFound
		}
		out = presentUnmanaged(c)
		return nil
	})
	return out, err
}

// ListUnmanaged returns one page of a device's unmanaged codes.
func (s *Service) ListUnmanaged(ctx context.Context, p lintel.Principal, in client.AccessCodesUnmanagedListParams) ([]client.UnmanagedAccessCode, page.Pagination, error) {
	var out []client.UnmanagedAccessCode
	var pg page.Pagination
	r, err := page.ListRequest(in, defaultUnmanagedListLimit)
	if err != nil {
		return nil, pg, err
	}
	err = s.store.View(ctx, func(tx *store.Tx) error {
		if _, err := device(ctx, tx, p, in.DeviceID); err != nil {
			return err
		}
		f := store.AccessCodeFilter{DeviceIDs: []string{in.DeviceID}, Search: in.Search}
		if in.UserIdentifierKey != "" {
			keyed, err := accountsOfKey(ctx, tx, p.WorkspaceID, in.UserIdentifierKey)
			if err != nil {
				return err
			}
			f.ConnectedAccountIDs = keyed
		}
		rows, err := tx.ListAccessCodes(ctx, p.WorkspaceID, f, r)
		if err != nil {
			return err
		}
		rows, pg = page.Result(r, rows, func(c store.AccessCode) page.Key { return page.Key{CreatedAt: c.CreatedAt, ID: c.AccessCodeID} })
		out = make([]client.UnmanagedAccessCode, len(rows))
		for i, c := range rows {
			out[i] = presentUnmanaged(c)
		}
		return nil
	})
	return out, pg, err
}

// UpdateUnmanaged converts an unmanaged code when asked with is_managed
// true; is_managed false changes nothing.
func (s *Service) UpdateUnmanaged(ctx context.Context, p lintel.Principal, in client.AccessCodesUnmanagedUpdateParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		c, d, err := unmanaged(ctx, tx, p, in.AccessCodeID)
		if err != nil || !*in.IsManaged {
			return err
		}
		return s.convert(ctx, tx, d, c, firstBool(in.IsExternalModificationAllowed, in.AllowExternalModification), "")
	})
}

// ConvertToManaged takes an unmanaged code over: lintel manages it from
// now on, on the lock as it is.
func (s *Service) ConvertToManaged(ctx context.Context, p lintel.Principal, in client.AccessCodesUnmanagedConvertParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		c, d, err := unmanaged(ctx, tx, p, in.AccessCodeID)
		if err != nil {
			return err
		}
		id, err := attempt.StartOnDevice(ctx, tx, p.WorkspaceID, actionConvert, d.DeviceID)
		if err != nil {
			return err
		}
		return s.convert(ctx, tx, d, c, firstBool(in.IsExternalModificationAllowed, in.AllowExternalModification), id)
	})
}

func (s *Service) convert(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode, allowExternal bool, attemptID string) error {
	if err := s.unmanagedGone(ctx, tx, c); err != nil {
		return err
	}
	c.IsManaged, c.IsExternalModificationAllowed = true, allowExternal
	c.OnDevice = true
	c.Status = statusSet
	if err := tx.UpdateAccessCode(ctx, c.WorkspaceID, c); err != nil {
		return err
	}
	if err := s.events.Record(ctx, tx, c.WorkspaceID, codeEvent(event.AccessCodeUnmanagedConverted, d, c)); err != nil {
		return err
	}
	if c.StartsAt != nil && c.EndsAt != nil {
		if err := s.schedule(ctx, tx, c, nil, s.clock()); err != nil {
			return err
		}
	}
	return s.succeed(ctx, tx, c.WorkspaceID, attemptID, c.AccessCodeID)
}

// DeleteUnmanaged takes an unmanaged code off its lock; it goes once the
// lock confirms.
func (s *Service) DeleteUnmanaged(ctx context.Context, p lintel.Principal, in client.AccessCodesUnmanagedDeleteParams) (client.ActionAttempt, error) {
	var aa client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		c, d, err := unmanaged(ctx, tx, p, in.AccessCodeID)
		if err != nil {
			return err
		}
		id, err := attempt.StartOnDevice(ctx, tx, p.WorkspaceID, actionDelete, d.DeviceID)
		if err != nil {
			return err
		}
		if _, err := s.devices.Push(ctx, tx, d, connector.Mutation{Kind: connector.RemoveAccessCode,
			ObjectID: c.AccessCodeID, AccessCodeExternalID: c.ExternalID, ActionAttemptID: id}); err != nil {
			return err
		}
		aa, err = attempt.Load(ctx, tx, p.WorkspaceID, id)
		return err
	})
	return aa, err
}

// SimulateCreateUnmanaged puts a code on a sandbox lock as if someone had
// typed it on the keypad, and records it as the unmanaged code lintel
// finds there (access_code.unmanaged.created).
func (s *Service) SimulateCreateUnmanaged(ctx context.Context, p lintel.Principal, in client.AccessCodesSimulateCreateUnmanagedParams) (client.UnmanagedAccessCode, error) {
	var out client.UnmanagedAccessCode
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := device(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		ws, err := tx.Workspace(ctx, p.WorkspaceID)
		if err != nil {
			return err
		}
		if !ws.IsSandbox || d.Connector != connector.SandboxName {
			return invalid("device_id", "Only a sandbox device of a sandbox workspace can simulate an unmanaged access code")
		}
		var v lintel.InvalidInput
		checkCode(&v, "code", in.Code, d)
		if err := v.Err(); err != nil {
			return err
		}
		codes, err := tx.AccessCodesOfDevice(ctx, p.WorkspaceID, d.DeviceID)
		if err != nil {
			return err
		}
		if taken(codes, in.Code, "") {
			return errDuplicateCode("code")
		}
		if err := checkRoom(d, codes, 1); err != nil {
			return err
		}
		ext := lintel.NewID()
		name := in.Name
		if err := tx.SandboxPutAccessCode(ctx, p.WorkspaceID, d.ConnectedAccountID, d.ExternalID,
			store.SandboxAccessCode{ExternalID: ext, Code: in.Code, Name: &name}); err != nil {
			return err
		}
		c, err := s.found(ctx, tx, d, connector.ProviderAccessCode{ExternalID: ext, Code: in.Code, Name: &name})
		if err != nil {
			return err
		}
		out = presentUnmanaged(c)
		return nil
	})
	return out, err
}

// found records a code found on a lock as unmanaged, with its event.
func (s *Service) found(ctx context.Context, tx *store.Tx, d store.Device, pc connector.ProviderAccessCode) (store.AccessCode, error) {
	code := pc.Code
	c := store.AccessCode{AccessCodeID: lintel.NewID(), WorkspaceID: d.WorkspaceID, DeviceID: d.DeviceID,
		ExternalID: pc.ExternalID, Name: pc.Name, Code: &code, StartsAt: pc.StartsAt, EndsAt: pc.EndsAt,
		Status: statusSet, OnDevice: true, CreatedAt: tx.Now()}
	if err := tx.InsertAccessCode(ctx, d.WorkspaceID, c); err != nil {
		return c, err
	}
	if err := s.unmanagedFound(ctx, tx, c); err != nil {
		return c, err
	}
	return c, s.events.Record(ctx, tx, d.WorkspaceID, codeEvent(event.AccessCodeUnmanagedCreated, d, c))
}
