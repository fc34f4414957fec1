package identity

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/device"
	"github.com/lintel-dev/lintel/internal/store"
)

// GrantAccessToDevice gives a user identity access to a managed device,
// both of the caller's workspace. Granting it again changes nothing: the
// identity holds one link to the device, and one audit row records the
// grant that wrote it.
func (s *Service) GrantAccessToDevice(ctx context.Context, p lintel.Principal, in client.UserIdentitiesGrantAccessToDeviceParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := identityAndDevice(ctx, tx, p.WorkspaceID, in.UserIdentityID, in.DeviceID); err != nil {
			return err
		}
		added, err := tx.GrantIdentityDevice(ctx, p.WorkspaceID, in.UserIdentityID, in.DeviceID)
		if err != nil {
			return notFound(err, errDeviceNotFound)
		}
		if !added {
			return nil // already granted
		}
		return audit.Record(ctx, tx, p, "user_identity.grant_access_to_device", "device", in.DeviceID, audit.Succeeded)
	})
}

// RevokeAccessToDevice ends a user identity's access to a device. The
// identity and the device must be of the caller's workspace (not found
// otherwise), but the access need not exist: revoking is the inverse of a
// grant that may be repeated, the spec names no error for it, and a
// client that retries a revoke whose answer it lost must not fail. Unlike
// remove_acs_user, whose acs_user_not_found tells a caller that the user
// it named is not the identity's, there is no object here to be missing
// once both ends are found.
func (s *Service) RevokeAccessToDevice(ctx context.Context, p lintel.Principal, in client.UserIdentitiesRevokeAccessToDeviceParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := identityAndDevice(ctx, tx, p.WorkspaceID, in.UserIdentityID, in.DeviceID); err != nil {
			return err
		}
		removed, err := tx.RevokeIdentityDevice(ctx, p.WorkspaceID, in.UserIdentityID, in.DeviceID)
		if err != nil || !removed {
			return err
		}
		return audit.Record(ctx, tx, p, "user_identity.revoke_access_to_device", "device", in.DeviceID, audit.Succeeded)
	})
}

// ListAccessibleDevices returns the managed devices a user identity was
// given access to, oldest first.
func (s *Service) ListAccessibleDevices(ctx context.Context, p lintel.Principal, userIdentityID string) ([]client.Device, error) {
	out := []client.Device{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if err := s.visibleIdentity(ctx, tx, p, userIdentityID); err != nil {
			return err
		}
		rows, err := tx.DevicesOfIdentity(ctx, p.WorkspaceID, userIdentityID)
		if err != nil {
			return err
		}
		managed := rows[:0]
		for _, d := range rows {
			if d.IsManaged {
				managed = append(managed, d)
			}
		}
		list, err := device.PresentTx(ctx, tx, managed)
		if list != nil {
			out = list
		}
		return err
	})
	return out, err
}

// identityAndDevice checks that the identity and the managed device are
// of the workspace; an unmanaged device is not found, as on the routes
// that act on devices.
func identityAndDevice(ctx context.Context, tx *store.Tx, workspaceID, userIdentityID, deviceID string) error {
	if _, err := tx.UserIdentity(ctx, workspaceID, userIdentityID); err != nil {
		return notFound(err, errIdentityNotFound)
	}
	d, err := tx.Device(ctx, workspaceID, deviceID)
	if err != nil {
		return notFound(err, errDeviceNotFound)
	}
	if !d.IsManaged {
		return errDeviceNotFound
	}
	return nil
}

// AccessibleDeviceIDsTx returns the ids of the devices the identity was
// given access to directly (grant_access_to_device), within the caller's
// transaction (an instant key's page).
func (s *Service) AccessibleDeviceIDsTx(ctx context.Context, tx *store.Tx, workspaceID, userIdentityID string) ([]string, error) {
	rows, err := tx.DevicesOfIdentity(ctx, workspaceID, userIdentityID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(rows))
	for i, d := range rows {
		ids[i] = d.DeviceID
	}
	return ids, nil
}
