package accesscode

import (
	"context"
	"errors"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// This file is what access grants (internal/grant) need from the access
// codes domain, in the caller's transaction.

// Watcher is told, in the transaction that changed it, that a managed
// code reached its lock (set, or scheduled there) or that its window
// opened on the lock that held it; programmed says the code was just
// written onto the lock, not merely started there.
type Watcher func(ctx context.Context, tx *store.Tx, workspaceID, accessCodeID string, programmed bool) error

// SetWatcher wires the access grants, whose methods are issued once their
// codes are on their locks.
func (s *Service) SetWatcher(w Watcher) { s.watch = w }

// watched tells the watcher, if any, about a code.
func (s *Service) watched(ctx context.Context, tx *store.Tx, workspaceID, accessCodeID string, programmed bool) error {
	if s.watch == nil {
		return nil
	}
	return s.watch(ctx, tx, workspaceID, accessCodeID, programmed)
}

// Unmanaged is told, in the transaction that changed it, that an
// unmanaged code was found on a lock (Found), or stopped being one (Gone):
// it went from the lock, its device left lintel, or it was converted to a
// managed code. The access grants keep their unmanaged grants and methods
// with it.
type Unmanaged interface {
	UnmanagedFound(ctx context.Context, tx *store.Tx, c store.AccessCode) error
	UnmanagedGone(ctx context.Context, tx *store.Tx, workspaceID, accessCodeID string) error
}

// SetUnmanaged wires the access grants' view of unmanaged codes.
func (s *Service) SetUnmanaged(u Unmanaged) { s.unmanaged = u }

func (s *Service) unmanagedFound(ctx context.Context, tx *store.Tx, c store.AccessCode) error {
	if s.unmanaged == nil {
		return nil
	}
	return s.unmanaged.UnmanagedFound(ctx, tx, c)
}

func (s *Service) unmanagedGone(ctx context.Context, tx *store.Tx, c store.AccessCode) error {
	if s.unmanaged == nil || c.IsManaged {
		return nil
	}
	return s.unmanaged.UnmanagedGone(ctx, tx, c.WorkspaceID, c.AccessCodeID)
}

// ConvertTx takes an unmanaged code of the workspace over, as
// access_codes/unmanaged/convert_to_managed does (without its action
// attempt), for an unmanaged access grant converted to managed.
func (s *Service) ConvertTx(ctx context.Context, tx *store.Tx, workspaceID, accessCodeID string) error {
	c, err := tx.AccessCode(ctx, workspaceID, accessCodeID)
	if err != nil || c.IsManaged {
		return notFound(orNotFound(err), errAccessCodeNotFound)
	}
	d, err := tx.Device(ctx, workspaceID, c.DeviceID)
	if err != nil {
		return notFound(err, errDeviceNotFound)
	}
	return s.convert(ctx, tx, d, c, false, "")
}

// HoldsCodes reports whether a device can hold online access codes.
func HoldsCodes(d store.Device) bool { return d.CanProgramOnlineAccessCodes }

// SharedCodeTx returns a PIN every listed device accepts and none holds
// yet, for a grant that puts one code on several locks; "" if there is
// none to be found.
func SharedCodeTx(ctx context.Context, tx *store.Tx, devices []store.Device) (string, error) {
	if len(devices) == 0 {
		return "", nil
	}
	held := make([][]store.AccessCode, len(devices))
	for i, d := range devices {
		codes, err := tx.AccessCodesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
		if err != nil {
			return "", err
		}
		held[i] = codes
	}
	for range 100 {
		code, err := generate(devices[0], held[0], 0)
		if err != nil {
			return "", nil
		}
		if FitsTx(devices, held, code) {
			return code, nil
		}
	}
	return "", nil
}

// FitsTx reports whether every device accepts code and holds no code with
// it; held are the devices' codes, in order.
func FitsTx(devices []store.Device, held [][]store.AccessCode, code string) bool {
	for i, d := range devices {
		var v lintel.InvalidInput
		if checkCode(&v, "code", code, d); !v.Empty() || taken(held[i], code, "") {
			return false
		}
	}
	return true
}

// CreateForGrantTx puts a managed code on a device for an access grant,
// for its window (programmed now, or at starts_at; taken off at ends_at,
// if it has one).
// A code the device would not take is replaced by one it takes: compare
// the result's code with the one asked for.
func (s *Service) CreateForGrantTx(ctx context.Context, tx *store.Tx, d store.Device, code string, name *string, starts, ends *time.Time) (store.AccessCode, error) {
	if ends == nil && starts != nil && !starts.After(s.clock()) {
		starts = nil // open now and never ending: an ongoing code
	}
	sp := spec{name: name, code: code, starts: starts, ends: ends}
	if name != nil {
		var v lintel.InvalidInput
		if checkName(&v, *name, d); !v.Empty() {
			sp.name = nil
		}
	}
	c, _, err := s.create(ctx, tx, d, sp, false)
	if err != nil {
		return c, err
	}
	return tx.AccessCode(ctx, d.WorkspaceID, c.AccessCodeID)
}

// DeleteTx takes a managed code of the workspace off its lock and deletes
// it, as access_codes/delete does; a code already gone, or already being
// deleted, is left as it is.
func (s *Service) DeleteTx(ctx context.Context, tx *store.Tx, workspaceID, accessCodeID string) error {
	c, err := tx.AccessCode(ctx, workspaceID, accessCodeID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	d, err := tx.Device(ctx, workspaceID, c.DeviceID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.delete(ctx, tx, d, c, "")
}

// IsOnLockTx reports whether a managed code of the workspace is on its
// lock, or held there for its window (scheduled); a code gone is not.
func IsOnLockTx(ctx context.Context, tx *store.Tx, workspaceID, accessCodeID string) (bool, error) {
	c, err := tx.AccessCode(ctx, workspaceID, accessCodeID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return c.Status == statusSet || (c.OnDevice && c.Status != statusRemoving), nil
}

// codesOfGrant returns the codes of the workspace an access grant (by id
// or key) and an access method were resolved into, those of both when both
// are given; none for a grant or method that is not of the workspace.
func codesOfGrant(ctx context.Context, tx *store.Tx, ws, grantID, grantKey, methodID string) ([]string, error) {
	f := store.AccessMethodFilter{}
	if methodID != "" {
		f.AccessMethodIDs = []string{methodID}
	}
	if grantID != "" || grantKey != "" {
		g, err := tx.AccessGrant(ctx, ws, grantID)
		if grantID == "" {
			g, err = tx.AccessGrantByKey(ctx, ws, grantKey)
		}
		if errors.Is(err, store.ErrNotFound) || (err == nil && grantKey != "" && (g.AccessGrantKey == nil || *g.AccessGrantKey != grantKey)) {
			return []string{}, nil
		}
		if err != nil {
			return nil, err
		}
		f.AccessGrantIDs = []string{g.AccessGrantID}
	}
	methods, err := tx.ListAccessMethods(ctx, ws, f, page.Request{Limit: page.MaxLimit})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(methods))
	for i, m := range methods {
		ids[i] = m.AccessMethodID
	}
	objects, err := tx.AccessMethodObjects(ctx, ws, ids)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, id := range ids {
		for _, o := range objects[id] {
			if o.ObjectType == store.ObjectAccessCode {
				out = append(out, o.ObjectID)
			}
		}
	}
	return out, nil
}
