package store

import "context"

// GrantIdentityDevice gives a user identity of the workspace access to a
// device of the same workspace. It reports true when it wrote the link and
// false when the link was already there. An identity or a device that is
// not of the workspace writes nothing and returns ErrNotFound, as one that
// does not exist does.
func (tx *Tx) GrantIdentityDevice(ctx context.Context, workspaceID, userIdentityID, deviceID string) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO user_identity_devices (workspace_id, user_identity_id, device_id, created_at)
		SELECT i.workspace_id, i.user_identity_id, d.device_id, CAST($1 AS BIGINT) FROM user_identities i
		JOIN devices d ON d.workspace_id = i.workspace_id
		WHERE i.workspace_id = $2 AND i.user_identity_id = $3 AND d.device_id = $4
		ON CONFLICT DO NOTHING`, ms(tx.now), workspaceID, userIdentityID, deviceID)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return n > 0, err
	}
	var n int
	err = tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_identity_devices
		WHERE workspace_id = $1 AND user_identity_id = $2 AND device_id = $3`,
		workspaceID, userIdentityID, deviceID).Scan(&n)
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return false, err
}

// RevokeIdentityDevice removes a user identity's access to a device, both
// of the workspace, and reports whether there was one to remove.
func (tx *Tx) RevokeIdentityDevice(ctx context.Context, workspaceID, userIdentityID, deviceID string) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM user_identity_devices
		WHERE workspace_id = $1 AND user_identity_id = $2 AND device_id = $3`, workspaceID, userIdentityID, deviceID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// DevicesOfIdentity lists the devices a user identity of the workspace was
// given access to, managed or not, oldest first. An identity of another
// workspace has none.
func (tx *Tx) DevicesOfIdentity(ctx context.Context, workspaceID, userIdentityID string) ([]Device, error) {
	return queryList(ctx, tx, scanDevice, `SELECT `+deviceColumns+` FROM devices
		WHERE workspace_id = $1 AND device_id IN (SELECT l.device_id FROM user_identity_devices l
			WHERE l.workspace_id = $1 AND l.user_identity_id = $2)
		ORDER BY created_at, device_id`, workspaceID, userIdentityID)
}
