package store

import "context"

// AllAcsSystems lists every access system of every workspace, for the
// background reconciliation that visits each of them. It is the one ACS
// read without a workspace id: it serves no request.
func (tx *Tx) AllAcsSystems(ctx context.Context) ([]AcsSystem, error) {
	return queryList(ctx, tx, scanAcsSystem, `SELECT `+acsSystemColumns+` FROM acs_systems
		ORDER BY created_at, acs_system_id`)
}

// ManagedAcsUsersOfSystem lists the managed users of a system that are not
// tombstones, including those whose deletion waits for the access system:
// what lintel wants the system to hold, or to stop holding.
func (tx *Tx) ManagedAcsUsersOfSystem(ctx context.Context, workspaceID, acsSystemID string) ([]AcsUser, error) {
	return queryList(ctx, tx, scanAcsUser, acsUserSelect+`
		WHERE u.workspace_id = $1 AND u.acs_system_id = $2 AND u.deleted_at IS NULL AND u.is_managed
		ORDER BY u.created_at, u.acs_user_id`, workspaceID, acsSystemID)
}
