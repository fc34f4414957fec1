package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// AllAcsSystems lists every access system of every workspace, for the
// background reconciliation that visits each of them. It is the one ACS
// read without a workspace id: it serves no request.
func (tx *Tx) AllAcsSystems(ctx context.Context) ([]AcsSystem, error) {
	return queryList(ctx, tx, scanAcsSystem, `SELECT `+acsSystemColumns+` FROM acs_systems
		ORDER BY created_at, acs_system_id`)
}

// ManagedAcsUsersOfSystem lists at most limit managed users of a system
// that are not deleted for good, whose external id sorts after the given
// one, in external id order (a negative limit lists them all). Pending and
// failed deletions are included.
func (tx *Tx) ManagedAcsUsersOfSystem(ctx context.Context, workspaceID, acsSystemID, afterExternalID string, limit int) ([]AcsUser, error) {
	return queryList(ctx, tx, scanAcsUser, acsUserSelect+`
		WHERE u.workspace_id = $1 AND u.acs_system_id = $2 AND u.deleted_at IS NULL AND u.is_managed
		AND u.external_id > $3 ORDER BY u.external_id LIMIT $4`, workspaceID, acsSystemID, afterExternalID, noLimit(limit))
}

// FindAcsSystem loads a system by id alone, whatever its workspace: for
// administration on the server's own machine (the sandbox fault switch),
// never for a request.
func (tx *Tx) FindAcsSystem(ctx context.Context, acsSystemID string) (AcsSystem, error) {
	s, err := scanAcsSystem(tx.q.QueryRowContext(ctx, `SELECT `+acsSystemColumns+` FROM acs_systems
		WHERE acs_system_id = $1`, acsSystemID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	return s, err
}

// CredentialIDsInvalidatedWithUser lists the credentials of a user that
// were taken out of service by the user's deletion, requested at
// requestedAt: a deletion pushed again must still record their events when
// it is final.
func (tx *Tx) CredentialIDsInvalidatedWithUser(ctx context.Context, workspaceID, acsUserID string, requestedAt time.Time) ([]string, error) {
	return queryList(ctx, tx, scanString, `SELECT acs_credential_id FROM acs_credentials WHERE workspace_id = $1 AND acs_user_id = $2
		AND invalidated_at = $3 AND deleted_at IS NULL ORDER BY created_at, acs_credential_id`,
		workspaceID, acsUserID, ms(requestedAt))
}
