package grant

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// DeviceGone is told, in the transaction, that a device leaves lintel
// (devices/delete, a simulated removal, a device reconciliation that finds
// it gone, its connected account's removal; device.Service.OnDeviceGone),
// once its codes went with their own events. The access methods resolved
// into codes on it forget them: a method left with nothing is deleted
// (access_method.revoked if it gave access, then access_method.deleted), one
// that still lives elsewhere may now be issued; their grants warn
// underprovisioned_access.
func (s *Service) DeviceGone(ctx context.Context, tx *store.Tx, d store.Device) error {
	return s.forget(ctx, tx, d.WorkspaceID, store.AccessMethodFilter{DeviceID: d.DeviceID}, func(o store.AccessMethodObject) bool {
		return o.DeviceID != nil && *o.DeviceID == d.DeviceID
	}, "A device of the access grant was removed: the grant no longer gives access there")
}

// AccountGone is told, in the transaction, that a connected account of the
// workspace is being removed with its access systems
// (acs.Service.OnConnectedAccountGone); its devices go through DeviceGone.
// The access methods resolved into credentials and users on those systems
// forget them as DeviceGone says, and the doors of their grants there are
// lost (access_grant.access_to_door_lost).
func (s *Service) AccountGone(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID string) error {
	systems, err := tx.AcsSystems(ctx, workspaceID, connectedAccountID)
	if err != nil {
		return err
	}
	for _, sys := range systems {
		if err := s.forget(ctx, tx, workspaceID, store.AccessMethodFilter{AcsSystemID: sys.AcsSystemID}, func(o store.AccessMethodObject) bool {
			return o.AcsSystemID != nil && *o.AcsSystemID == sys.AcsSystemID
		}, "An access system of the access grant was removed: the grant no longer gives access there"); err != nil {
			return err
		}
	}
	return nil
}

// forget drops from the methods f keeps the objects gone is true of (the
// layer below removes them itself), deletes the methods left with none,
// refreshes the others, and has each grant touched warn
// underprovisioned_access and bring its doors up to date.
func (s *Service) forget(ctx context.Context, tx *store.Tx, ws string, f store.AccessMethodFilter,
	gone func(store.AccessMethodObject) bool, why string) error {
	methods, objects, err := liveMethods(ctx, tx, ws, f)
	if err != nil {
		return err
	}
	var grants []string
	for _, m := range methods {
		left := 0
		for _, o := range objects[m.AccessMethodID] {
			if !gone(o) {
				left++
				continue
			}
			if err := tx.RemoveAccessMethodObject(ctx, ws, m.AccessMethodID, o.ObjectType, o.ObjectID); err != nil {
				return err
			}
		}
		if left == 0 {
			err = s.revoke(ctx, tx, system(ws), m, true)
		} else {
			err = s.refresh(ctx, tx, m)
		}
		if err != nil {
			return err
		}
		grants = append(grants, m.AccessGrantID)
	}
	for _, id := range lintel.Distinct(grants) {
		if err := s.warnGrant(ctx, tx, ws, id, client.AccessGrantIssue{WarningCode: "underprovisioned_access", Message: why}); err != nil {
			return err
		}
		if err := s.syncDoors(ctx, tx, ws, id); err != nil {
			return err
		}
	}
	return nil
}

// warnGrant adds a warning to a live grant of the workspace, once per
// warning code and device.
func (s *Service) warnGrant(ctx context.Context, tx *store.Tx, ws, accessGrantID string, w client.AccessGrantIssue) error {
	g, err := tx.AccessGrant(ctx, ws, accessGrantID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	var is issues
	if err := json.Unmarshal([]byte(orEmpty(g.Warnings)), &is.warnings); err != nil {
		return err
	}
	n := len(is.warnings)
	if is.warn(tx.Now(), w); len(is.warnings) == n {
		return nil
	}
	b, err := json.Marshal(is.warnings)
	if err != nil {
		return err
	}
	g.Warnings = string(b)
	return tx.UpdateAccessGrant(ctx, ws, g)
}
