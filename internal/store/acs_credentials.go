package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// CredentialRef names a credential and its id in the access system.
type CredentialRef struct {
	AcsCredentialID string
	ExternalID      string
}

// InvalidateCredentialsOfUser takes every live credential of a user out of
// service and returns them. They leave the API at once.
func (tx *Tx) InvalidateCredentialsOfUser(ctx context.Context, workspaceID, acsUserID string) ([]CredentialRef, error) {
	return queryList(ctx, tx, scanCredentialRef, invalidateCredentialsOfUser, workspaceID, acsUserID, ms(tx.now))
}

func scanCredentialRef(r rowScanner) (CredentialRef, error) {
	var c CredentialRef
	err := r.Scan(&c.AcsCredentialID, &c.ExternalID)
	return c, err
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
	// CredentialManagerAcsSystemID is the credential manager system that
	// issues the credential, if any.
	CredentialManagerAcsSystemID *string

	// Read-only, joined from the credential's system and user.
	ConnectedAccountID string
	SystemExternalType string
	UserIdentityID     *string
}

const acsCredentialSelect = `SELECT c.acs_credential_id, c.workspace_id, c.acs_system_id, c.acs_user_id, c.external_id,
	c.access_method, c.display_name, c.code, c.card_number, c.external_type, c.starts_at, c.ends_at,
	c.is_one_time_use, c.is_multi_phone_sync_credential, c.is_issued, c.issued_at, c.errors, c.created_at,
	c.credential_manager_acs_system_id, s.connected_account_id, s.external_type, u.user_identity_id
	FROM acs_credentials c
	JOIN acs_systems s ON s.acs_system_id = c.acs_system_id
	LEFT JOIN acs_users u ON u.acs_user_id = c.acs_user_id`

func scanAcsCredential(r rowScanner) (AcsCredential, error) {
	var c AcsCredential
	var user, code, card, extType, manager, ident sql.NullString
	var starts, ends, issued sql.NullInt64
	var created int64
	err := r.Scan(&c.AcsCredentialID, &c.WorkspaceID, &c.AcsSystemID, &user, &c.ExternalID,
		&c.AccessMethod, &c.DisplayName, &code, &card, &extType, &starts, &ends,
		&c.IsOneTimeUse, &c.IsMultiPhoneSyncCredential, &c.IsIssued, &issued, &c.Errors, &created,
		&manager, &c.ConnectedAccountID, &c.SystemExternalType, &ident)
	if err != nil {
		return c, err
	}
	c.AcsUserID, c.Code, c.CardNumber, c.ExternalType = nullString(user), nullString(code), nullString(card), nullString(extType)
	c.CredentialManagerAcsSystemID, c.UserIdentityID = nullString(manager), nullString(ident)
	c.StartsAt, c.EndsAt, c.IssuedAt = nullTime(starts), nullTime(ends), nullTime(issued)
	c.CreatedAt = fromMS(created)
	return c, nil
}

// InsertAcsCredential stores a credential of the workspace. Its system,
// user and credential manager system must be of the workspace; otherwise
// nothing is written and it returns ErrNotFound.
func (tx *Tx) InsertAcsCredential(ctx context.Context, workspaceID string, c AcsCredential) error {
	if c.Errors == "" {
		c.Errors = "[]"
	}
	return execOne(ctx, tx, `INSERT INTO acs_credentials (acs_credential_id, workspace_id, acs_system_id,
		acs_user_id, external_id, access_method, display_name, code, card_number, external_type, starts_at, ends_at,
		is_one_time_use, is_multi_phone_sync_credential, is_issued, issued_at, errors, created_at,
		credential_manager_acs_system_id)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CAST($11 AS BIGINT), CAST($12 AS BIGINT),
		CAST($13 AS BOOLEAN), CAST($14 AS BOOLEAN), CAST($15 AS BOOLEAN), CAST($16 AS BIGINT), $17,
		CAST($18 AS BIGINT), $19
		WHERE `+inWorkspace("acs_systems", "acs_system_id", "$2", "$3")+`
		AND `+nullOrInWorkspace("acs_users", "acs_user_id", "$2", "$4")+`
		AND `+nullOrInWorkspace("acs_systems", "acs_system_id", "$2", "$19"),
		c.AcsCredentialID, workspaceID, c.AcsSystemID, c.AcsUserID, c.ExternalID, c.AccessMethod, c.DisplayName,
		c.Code, c.CardNumber, c.ExternalType, msPtr(c.StartsAt), msPtr(c.EndsAt), c.IsOneTimeUse,
		c.IsMultiPhoneSyncCredential, c.IsIssued, msPtr(c.IssuedAt), c.Errors, ms(c.CreatedAt),
		c.CredentialManagerAcsSystemID)
}

// AcsCredential loads a live credential of the workspace.
func (tx *Tx) AcsCredential(ctx context.Context, workspaceID, acsCredentialID string) (AcsCredential, error) {
	c, err := scanAcsCredential(tx.q.QueryRowContext(ctx, acsCredentialSelect+`
		WHERE c.workspace_id = $1 AND c.acs_credential_id = $2 AND c.invalidated_at IS NULL`, workspaceID, acsCredentialID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// AcsCredentialFilter narrows ListAcsCredentials. Empty fields do not
// filter.
type AcsCredentialFilter struct {
	AcsSystemID                string
	AcsUserID                  string
	UserIdentityID             string
	CreatedBefore              *time.Time
	IsMultiPhoneSyncCredential *bool
	// AccessMethod keeps the credentials of one access method
	// ("mobile_key").
	AccessMethod string
	// Search matches part of the display name, code, card number, user id
	// or credential id.
	Search string
	// UserIdentityIDs, when not nil, restricts the list to credentials of
	// users of these identities (a client session's scope).
	UserIdentityIDs []string
}

// ListAcsCredentials lists live credentials of the workspace, oldest first,
// one page.
func (tx *Tx) ListAcsCredentials(ctx context.Context, workspaceID string, f AcsCredentialFilter, r page.Request) ([]AcsCredential, error) {
	var w where
	w.add("c.workspace_id = ?", workspaceID)
	w.add("c.invalidated_at IS NULL")
	if f.AcsSystemID != "" {
		w.add("c.acs_system_id = ?", f.AcsSystemID)
	}
	if f.AcsUserID != "" {
		w.add("c.acs_user_id = ?", f.AcsUserID)
	}
	if f.UserIdentityID != "" {
		w.add("u.user_identity_id = ?", f.UserIdentityID)
	}
	if f.AccessMethod != "" {
		w.add("c.access_method = ?", f.AccessMethod)
	}
	if f.CreatedBefore != nil {
		w.add("c.created_at < ?", ms(*f.CreatedBefore))
	}
	if f.IsMultiPhoneSyncCredential != nil {
		w.add("c.is_multi_phone_sync_credential = ?", *f.IsMultiPhoneSyncCredential)
	}
	if f.Search != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(c.display_name) LIKE ? ESCAPE '\' OR COALESCE(c.code, '') LIKE ? ESCAPE '\'
			OR LOWER(COALESCE(c.card_number, '')) LIKE ? ESCAPE '\' OR COALESCE(c.acs_user_id, '') LIKE ? ESCAPE '\'
			OR c.acs_credential_id LIKE ? ESCAPE '\')`, pat, pat, pat, pat, pat)
	}
	if f.UserIdentityIDs != nil {
		w.in("u.user_identity_id", f.UserIdentityIDs)
	}
	w.after(r, "c.created_at", "c.acs_credential_id")
	q := acsCredentialSelect + w.sql() + " ORDER BY c.created_at, c.acs_credential_id" + w.limit(r.Fetch())
	return queryList(ctx, tx, scanAcsCredential, q, w.args...)
}

// UpdateAcsCredential writes a live credential's changeable fields: its
// user, code and validity. A user of another workspace changes nothing and
// returns ErrNotFound.
func (tx *Tx) UpdateAcsCredential(ctx context.Context, workspaceID string, c AcsCredential) error {
	return execOne(ctx, tx, `UPDATE acs_credentials SET acs_user_id = $1, code = $2, starts_at = $3, ends_at = $4
		WHERE workspace_id = $5 AND acs_credential_id = $6 AND invalidated_at IS NULL
		AND `+nullOrInWorkspace("acs_users", "acs_user_id", "$5", "$1"),
		c.AcsUserID, c.Code, msPtr(c.StartsAt), msPtr(c.EndsAt), workspaceID, c.AcsCredentialID)
}

// InvalidateAcsCredential takes one live credential out of service: it
// leaves the API at once. It succeeds for exactly one caller; ErrNotFound
// tells the others that it is gone.
func (tx *Tx) InvalidateAcsCredential(ctx context.Context, workspaceID, acsCredentialID string) error {
	return execOne(ctx, tx, `UPDATE acs_credentials SET invalidated_at = $1
		WHERE workspace_id = $2 AND acs_credential_id = $3 AND invalidated_at IS NULL`,
		ms(tx.now), workspaceID, acsCredentialID)
}

// FinishAcsCredentialDelete records that the access system has revoked an
// invalidated credential. ErrNotFound means it was already final (or the
// credential is not invalidated).
func (tx *Tx) FinishAcsCredentialDelete(ctx context.Context, workspaceID, acsCredentialID string) error {
	return execOne(ctx, tx, `UPDATE acs_credentials SET deleted_at = $1
		WHERE workspace_id = $2 AND acs_credential_id = $3 AND invalidated_at IS NOT NULL AND deleted_at IS NULL`,
		ms(tx.now), workspaceID, acsCredentialID)
}

// MarkAcsCredentialIssued records that the access system has issued a live
// credential; it reports false if it already was issued (or is gone).
func (tx *Tx) MarkAcsCredentialIssued(ctx context.Context, workspaceID, acsCredentialID string) (bool, error) {
	err := execOne(ctx, tx, `UPDATE acs_credentials SET is_issued = $1, issued_at = $2
		WHERE workspace_id = $3 AND acs_credential_id = $4 AND invalidated_at IS NULL AND is_issued = $5`,
		true, ms(tx.now), workspaceID, acsCredentialID, false)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// AddAcsCredentialEntrance lets a credential open an entrance. Both must be
// of the workspace and of the same system; otherwise no row is written and
// it reports false, as it does when the link already exists.
func (tx *Tx) AddAcsCredentialEntrance(ctx context.Context, workspaceID, acsCredentialID, acsEntranceID string) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO acs_credential_entrances (workspace_id, acs_credential_id, acs_entrance_id)
		SELECT c.workspace_id, c.acs_credential_id, e.acs_entrance_id FROM acs_credentials c
		JOIN acs_entrances e ON e.workspace_id = c.workspace_id AND e.acs_system_id = c.acs_system_id
		WHERE c.workspace_id = $1 AND c.acs_credential_id = $2 AND c.invalidated_at IS NULL AND e.acs_entrance_id = $3
		ON CONFLICT DO NOTHING`, workspaceID, acsCredentialID, acsEntranceID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RemoveAcsCredentialEntrance takes an entrance from what a credential of
// the workspace opens; it reports whether a link was removed.
func (tx *Tx) RemoveAcsCredentialEntrance(ctx context.Context, workspaceID, acsCredentialID, acsEntranceID string) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM acs_credential_entrances
		WHERE workspace_id = $1 AND acs_credential_id = $2 AND acs_entrance_id = $3`, workspaceID, acsCredentialID, acsEntranceID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// CredentialsWithAccessTo lists the live credentials that open an entrance:
// those allowed it themselves, and those of users who may open it through an
// access group or a direct grant. userIdentityIDs, when not nil, keeps only
// credentials of users of these identities (a client session's scope).
func (tx *Tx) CredentialsWithAccessTo(ctx context.Context, workspaceID, acsEntranceID string, userIdentityIDs []string) ([]AcsCredential, error) {
	var w where
	w.add("c.workspace_id = ?", workspaceID)
	w.add("c.invalidated_at IS NULL")
	w.add(`(c.acs_credential_id IN (SELECT ce.acs_credential_id FROM acs_credential_entrances ce
			WHERE ce.workspace_id = ? AND ce.acs_entrance_id = ?)
		OR c.acs_user_id IN (SELECT m.acs_user_id FROM acs_access_group_members m
			JOIN acs_access_groups g ON g.acs_access_group_id = m.acs_access_group_id AND g.deleted_at IS NULL
			JOIN acs_access_group_entrances ge ON ge.acs_access_group_id = m.acs_access_group_id
			WHERE m.workspace_id = ? AND ge.acs_entrance_id = ?
			UNION SELECT ue.acs_user_id FROM acs_user_entrances ue WHERE ue.workspace_id = ? AND ue.acs_entrance_id = ?))`,
		workspaceID, acsEntranceID, workspaceID, acsEntranceID, workspaceID, acsEntranceID)
	if userIdentityIDs != nil {
		w.in("u.user_identity_id", userIdentityIDs)
	}
	return queryList(ctx, tx, scanAcsCredential, acsCredentialSelect+w.sql()+
		" ORDER BY c.created_at, c.acs_credential_id", w.args...)
}
