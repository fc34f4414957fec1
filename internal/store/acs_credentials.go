package store

import (
	"context"
	"time"
)

// CredentialRef names a credential and its id in the access system.
type CredentialRef struct {
	AcsCredentialID string
	ExternalID      string
}

// InvalidateCredentialsOfUser takes every live credential of a user out of
// service and returns them. They leave the API at once.
func (tx *Tx) InvalidateCredentialsOfUser(ctx context.Context, workspaceID, acsUserID string) ([]CredentialRef, error) {
	return queryList(ctx, tx, func(r interface{ Scan(...any) error }) (CredentialRef, error) {
		var c CredentialRef
		err := r.Scan(&c.AcsCredentialID, &c.ExternalID)
		return c, err
	}, `UPDATE acs_credentials SET invalidated_at = $1
		WHERE workspace_id = $2 AND acs_user_id = $3 AND invalidated_at IS NULL
		RETURNING acs_credential_id, external_id`, ms(tx.now), workspaceID, acsUserID)
}

// CredentialsInvalidatedWithUser lists the credentials that were invalidated
// by the deletion of a user requested at requestedAt.
func (tx *Tx) CredentialsInvalidatedWithUser(ctx context.Context, workspaceID, acsUserID string, requestedAt int64) ([]CredentialRef, error) {
	return queryList(ctx, tx, func(r interface{ Scan(...any) error }) (CredentialRef, error) {
		var c CredentialRef
		err := r.Scan(&c.AcsCredentialID, &c.ExternalID)
		return c, err
	}, `SELECT acs_credential_id, external_id FROM acs_credentials
		WHERE workspace_id = $1 AND acs_user_id = $2 AND invalidated_at = $3
		ORDER BY created_at, acs_credential_id`, workspaceID, acsUserID, requestedAt)
}

// AcsCredential is a credential as stored. Invalidated credentials are never
// returned by the lookups.
type AcsCredential struct {
	AcsCredentialID            string
	WorkspaceID                string
	AcsSystemID                string
	AcsUserID                  *string
	ExternalID                 string
	AccessMethod               string
	DisplayName                string
	Code                       *string
	CardNumber                 *string
	ExternalType               *string
	StartsAt, EndsAt           *time.Time
	IsOneTimeUse               bool
	IsMultiPhoneSyncCredential bool
	IsIssued                   bool
	IssuedAt                   *time.Time
	Errors                     string
	CreatedAt                  time.Time
}

// InsertAcsCredential stores a credential of the workspace.
func (tx *Tx) InsertAcsCredential(ctx context.Context, workspaceID string, c AcsCredential) error {
	if c.Errors == "" {
		c.Errors = "[]"
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO acs_credentials (acs_credential_id, workspace_id, acs_system_id,
		acs_user_id, external_id, access_method, display_name, code, card_number, external_type, starts_at, ends_at,
		is_one_time_use, is_multi_phone_sync_credential, is_issued, issued_at, errors, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		c.AcsCredentialID, workspaceID, c.AcsSystemID, c.AcsUserID, c.ExternalID, c.AccessMethod, c.DisplayName,
		c.Code, c.CardNumber, c.ExternalType, msPtr(c.StartsAt), msPtr(c.EndsAt), c.IsOneTimeUse,
		c.IsMultiPhoneSyncCredential, c.IsIssued, msPtr(c.IssuedAt), c.Errors, ms(c.CreatedAt))
	return err
}
