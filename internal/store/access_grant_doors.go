package store

import "context"

// AccessGrantDoors returns the entrances a grant of the workspace has
// given access to (its doors), in a stable order; none for a grant that
// is not of the workspace.
func (tx *Tx) AccessGrantDoors(ctx context.Context, workspaceID, accessGrantID string) ([]string, error) {
	return queryList(ctx, tx, func(r rowScanner) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT acs_entrance_id FROM access_grant_doors WHERE workspace_id = $1 AND access_grant_id = $2
		ORDER BY acs_entrance_id`, workspaceID, accessGrantID)
}

// AddAccessGrantDoor records that a live grant of the workspace gives
// access to an entrance of the workspace. It reports false when it already
// did, or when the grant or the entrance is not of the workspace (nothing
// is written then).
func (tx *Tx) AddAccessGrantDoor(ctx context.Context, workspaceID, accessGrantID, acsEntranceID string) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO access_grant_doors (workspace_id, access_grant_id, acs_entrance_id, granted_at)
		SELECT g.workspace_id, g.access_grant_id, e.acs_entrance_id, CAST($4 AS BIGINT) FROM access_grants g
		JOIN acs_entrances e ON e.workspace_id = g.workspace_id
		WHERE g.workspace_id = $1 AND g.access_grant_id = $2 AND g.deleted_at IS NULL AND e.acs_entrance_id = $3
		ON CONFLICT DO NOTHING`, workspaceID, accessGrantID, acsEntranceID, ms(tx.now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RemoveAccessGrantDoor forgets that a grant of the workspace gives access
// to an entrance (the entrance may be gone already). It reports false when
// there was no such door of the workspace.
func (tx *Tx) RemoveAccessGrantDoor(ctx context.Context, workspaceID, accessGrantID, acsEntranceID string) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM access_grant_doors
		WHERE workspace_id = $1 AND access_grant_id = $2 AND acs_entrance_id = $3`, workspaceID, accessGrantID, acsEntranceID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
