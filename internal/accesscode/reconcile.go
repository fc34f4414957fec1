package accesscode

import (
	"context"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// ReconcileDevice compares the codes a lock holds (onLock, as its
// connector lists them) with what lintel wants there, in tx, and repairs
// the difference (device.DeviceReconciler: the device reconciliation calls
// it for every managed device still on its account):
//   - a managed code that should be on the lock and is not (someone took it
//     off, or the lock never took it) is programmed again;
//   - a code lintel is removing that the lock no longer holds is removed
//     (its deletion finishes); one the lock still holds after a failed
//     removal is removed again;
//   - a code on the lock that lintel does not know becomes an unmanaged
//     code (access_code.unmanaged.created); an unmanaged code gone from
//     the lock goes (access_code.unmanaged.removed).
//
// A code still setting without a failure is left alone: its mutation is on
// its way.
func (s *Service) ReconcileDevice(ctx context.Context, tx *store.Tx, d store.Device, onLock []connector.ProviderAccessCode) error {
	if !d.CanProgramOnlineAccessCodes {
		return nil // its codes are offline ones, computed, never on a list
	}
	codes, err := tx.AccessCodesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	held := map[string]bool{}
	for _, pc := range onLock {
		held[pc.ExternalID] = true
	}
	known := map[string]bool{}
	now := s.clock()
	for _, c := range codes {
		known[c.ExternalID] = true
		there := held[c.ExternalID]
		switch {
		case !c.IsManaged && !there:
			if err := s.removed(ctx, tx, d, c, now); err != nil {
				return err
			}
		case !c.IsManaged:
		case c.Status == statusRemoving && !there:
			if err := s.removed(ctx, tx, d, c, now); err != nil {
				return err
			}
		case c.Status == statusRemoving && hasIssue(c.Errors, errFailedToRemove):
			if err := s.takeOff(ctx, tx, d, c, ""); err != nil {
				return err
			}
		case c.IsOfflineAccessCode || c.Status == statusRemoving:
		case (c.Status == statusSet || c.OnDevice) && !there,
			c.Status == statusSetting && hasIssue(c.Errors, errFailedToSet):
			if c.Status == statusSet {
				c.Status = statusSetting
			}
			c.OnDevice = false
			if err := tx.UpdateAccessCode(ctx, d.WorkspaceID, c); err != nil {
				return err
			}
			if err := s.program(ctx, tx, d, c, ""); err != nil {
				return err
			}
		}
	}
	for _, pc := range onLock {
		if known[pc.ExternalID] {
			continue
		}
		if _, err := s.found(ctx, tx, d, pc); err != nil {
			return err
		}
	}
	return nil
}

// CodeID is the access code lintel holds for a code on d by its id on the
// lock (externalID), "" if none: the keypad simulations name the code that
// was typed (device.CodeIDs).
func (s *Service) CodeID(ctx context.Context, tx *store.Tx, d store.Device, externalID string) (string, error) {
	codes, err := tx.AccessCodesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return "", err
	}
	for _, c := range codes {
		if c.ExternalID == externalID {
			return c.AccessCodeID, nil
		}
	}
	return "", nil
}
