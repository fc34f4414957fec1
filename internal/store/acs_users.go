package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// AcsUser is an ACS user as stored. Deleted users (tombstones) are never
// returned by the lookups below.
type AcsUser struct {
	AcsUserID      string
	WorkspaceID    string
	AcsSystemID    string
	UserIdentityID *string
	// ExternalID is the user's id in the access system.
	ExternalID     string
	FullName       *string
	EmailAddress   *string
	PhoneNumber    *string
	AccessStartsAt *time.Time
	AccessEndsAt   *time.Time
	IsSuspended    bool
	IsManaged      bool
	// Errors is the JSON array of the user's errors (ObjectErrors decodes it).
	Errors               string
	CreatedAt            time.Time
	LastSuccessfulSyncAt *time.Time
	// DeleteRequestedAt is set while a deletion waits for the access system.
	DeleteRequestedAt *time.Time

	// Read-only, joined from the user's system and identity.
	ConnectedAccountID       string
	Connector                string
	ConnectorConfig          string
	ExternalType             string
	ExternalTypeDisplayName  string
	UserIdentityFullName     *string
	UserIdentityEmailAddress *string
	UserIdentityPhoneNumber  *string
}

// acsUserColumns are the columns of acs_users that AcsUser holds, and
// acsUserSystemColumns those of the user's system, in scanAcsUser's order;
// the identity's three columns come last.
const (
	acsUserColumns = `acs_user_id, workspace_id, acs_system_id, user_identity_id, external_id,
	full_name, email_address, phone_number, access_starts_at, access_ends_at, is_suspended,
	is_managed, errors, created_at, last_successful_sync_at, delete_requested_at`
	acsUserSystemColumns = `connected_account_id, connector, connector_config, external_type, external_type_display_name`
)

var acsUserSelect = `SELECT ` + prefixed("u.", acsUserColumns) + `, ` + prefixed("s.", acsUserSystemColumns) + `,
	i.full_name, i.email_address, i.phone_number
	FROM acs_users u
	JOIN acs_systems s ON s.acs_system_id = u.acs_system_id
	LEFT JOIN user_identities i ON i.user_identity_id = u.user_identity_id`

func scanAcsUser(r rowScanner) (AcsUser, error) {
	var u AcsUser
	var ident, full, email, phone, iFull, iEmail, iPhone sql.NullString
	var starts, ends, synced, delReq sql.NullInt64
	var created int64
	err := r.Scan(&u.AcsUserID, &u.WorkspaceID, &u.AcsSystemID, &ident, &u.ExternalID,
		&full, &email, &phone, &starts, &ends, &u.IsSuspended,
		&u.IsManaged, &u.Errors, &created, &synced, &delReq,
		&u.ConnectedAccountID, &u.Connector, &u.ConnectorConfig, &u.ExternalType, &u.ExternalTypeDisplayName,
		&iFull, &iEmail, &iPhone)
	if err != nil {
		return u, err
	}
	u.UserIdentityID = nullString(ident)
	u.FullName, u.EmailAddress, u.PhoneNumber = nullString(full), nullString(email), nullString(phone)
	u.UserIdentityFullName, u.UserIdentityEmailAddress, u.UserIdentityPhoneNumber = nullString(iFull), nullString(iEmail), nullString(iPhone)
	u.AccessStartsAt, u.AccessEndsAt = nullTime(starts), nullTime(ends)
	u.LastSuccessfulSyncAt, u.DeleteRequestedAt = nullTime(synced), nullTime(delReq)
	u.CreatedAt = fromMS(created)
	return u, nil
}

// InsertAcsUser stores a new user of the workspace. Its system and
// identity must be of the workspace; otherwise nothing is written and it
// returns ErrNotFound.
func (tx *Tx) InsertAcsUser(ctx context.Context, workspaceID string, u AcsUser) error {
	if u.Errors == "" {
		u.Errors = "[]"
	}
	return execOne(ctx, tx, `INSERT INTO acs_users (acs_user_id, workspace_id, acs_system_id,
		user_identity_id, external_id, full_name, email_address, phone_number, access_starts_at, access_ends_at,
		is_suspended, is_managed, errors, created_at, last_successful_sync_at)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, CAST($9 AS BIGINT), CAST($10 AS BIGINT),
		CAST($11 AS BOOLEAN), CAST($12 AS BOOLEAN), $13, CAST($14 AS BIGINT), CAST($15 AS BIGINT)
		WHERE `+inWorkspace("acs_systems", "acs_system_id", "$2", "$3")+`
		AND `+nullOrInWorkspace("user_identities", "user_identity_id", "$2", "$4"),
		u.AcsUserID, workspaceID, u.AcsSystemID, u.UserIdentityID, u.ExternalID, u.FullName, u.EmailAddress,
		u.PhoneNumber, msPtr(u.AccessStartsAt), msPtr(u.AccessEndsAt), u.IsSuspended, u.IsManaged, u.Errors,
		ms(u.CreatedAt), msPtr(u.LastSuccessfulSyncAt))
}

// AcsUser loads a live user of the workspace.
func (tx *Tx) AcsUser(ctx context.Context, workspaceID, acsUserID string) (AcsUser, error) {
	return oneAcsUser(tx.q.QueryRowContext(ctx, acsUserSelect+`
		WHERE u.workspace_id = $1 AND u.acs_user_id = $2 AND u.deleted_at IS NULL`, workspaceID, acsUserID))
}

// AcsUserIdentity returns the identity of a live user of the workspace,
// nil when it has none: what a list filtered by the user needs to know
// that the user exists and that the caller may see it, read from the user's
// row alone.
func (tx *Tx) AcsUserIdentity(ctx context.Context, workspaceID, acsUserID string) (*string, error) {
	var ident sql.NullString
	err := tx.q.QueryRowContext(ctx, `SELECT user_identity_id FROM acs_users
		WHERE workspace_id = $1 AND acs_user_id = $2 AND deleted_at IS NULL`, workspaceID, acsUserID).Scan(&ident)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil || !ident.Valid {
		return nil, err
	}
	return &ident.String, nil
}

// System returns the parts of the user's system that reaching it needs,
// read with the user.
func (u AcsUser) System() AcsSystem {
	return AcsSystem{AcsSystemID: u.AcsSystemID, WorkspaceID: u.WorkspaceID, ConnectedAccountID: u.ConnectedAccountID,
		ExternalType: u.ExternalType, ExternalTypeDisplayName: u.ExternalTypeDisplayName,
		Connector: u.Connector, ConnectorConfig: u.ConnectorConfig}
}

// AcsUserOfIdentity loads the live user of an identity on one system.
func (tx *Tx) AcsUserOfIdentity(ctx context.Context, workspaceID, userIdentityID, acsSystemID string) (AcsUser, error) {
	return oneAcsUser(tx.q.QueryRowContext(ctx, acsUserSelect+`
		WHERE u.workspace_id = $1 AND u.user_identity_id = $2 AND u.acs_system_id = $3 AND u.deleted_at IS NULL
		ORDER BY u.created_at, u.acs_user_id LIMIT 1`, workspaceID, userIdentityID, acsSystemID))
}

func oneAcsUser(row *sql.Row) (AcsUser, error) {
	u, err := scanAcsUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	return u, err
}

// AcsUserFilter narrows ListAcsUsers. Empty fields do not filter.
type AcsUserFilter struct {
	AcsSystemID    string
	UserIdentityID string
	// IdentityEmail and IdentityPhone filter on the user's identity; a set
	// filter with a nil value means "has none".
	IdentityEmail    *string
	IdentityEmailSet bool
	IdentityPhone    *string
	IdentityPhoneSet bool
	Search           string
	CreatedBefore    *time.Time
	// AcsUserIDs, when not nil, restricts the list to these users.
	AcsUserIDs []string
	// UserIdentityIDs, when not nil, restricts the list to users of these
	// identities (a client session's scope).
	UserIdentityIDs []string
}

// ListAcsUsers lists live users of the workspace, oldest first, one page.
func (tx *Tx) ListAcsUsers(ctx context.Context, workspaceID string, f AcsUserFilter, r page.Request) ([]AcsUser, error) {
	var w where
	w.add("u.workspace_id = ?", workspaceID)
	w.add("u.deleted_at IS NULL")
	if f.AcsSystemID != "" {
		w.add("u.acs_system_id = ?", f.AcsSystemID)
	}
	if f.UserIdentityID != "" {
		w.add("u.user_identity_id = ?", f.UserIdentityID)
	}
	if f.IdentityEmailSet {
		if f.IdentityEmail == nil {
			w.add("u.user_identity_id IS NOT NULL AND i.email_address IS NULL")
		} else {
			w.add("i.email_address = ?", *f.IdentityEmail)
		}
	}
	if f.IdentityPhoneSet {
		if f.IdentityPhone == nil {
			w.add("u.user_identity_id IS NOT NULL AND i.phone_number IS NULL")
		} else {
			w.add("i.phone_number = ?", *f.IdentityPhone)
		}
	}
	if f.Search != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(COALESCE(u.full_name, '')) LIKE ? ESCAPE '\' OR LOWER(COALESCE(u.email_address, '')) LIKE ? ESCAPE '\'
			OR LOWER(COALESCE(u.phone_number, '')) LIKE ? ESCAPE '\' OR u.acs_user_id LIKE ? ESCAPE '\'
			OR LOWER(COALESCE(u.user_identity_id, '')) LIKE ? ESCAPE '\' OR LOWER(COALESCE(i.full_name, '')) LIKE ? ESCAPE '\'
			OR LOWER(COALESCE(i.phone_number, '')) LIKE ? ESCAPE '\')`, pat, pat, pat, pat, pat, pat, pat)
	}
	if f.CreatedBefore != nil {
		w.add("u.created_at < ?", ms(*f.CreatedBefore))
	}
	if f.AcsUserIDs != nil {
		w.in("u.acs_user_id", f.AcsUserIDs)
	}
	if f.UserIdentityIDs != nil {
		w.in("u.user_identity_id", f.UserIdentityIDs)
	}
	w.after(r, "u.created_at", "u.acs_user_id")
	q := acsUserSelect + w.sql() + " ORDER BY u.created_at, u.acs_user_id" + w.limit(r.Fetch())
	return queryList(ctx, tx, scanAcsUser, q, w.args...)
}

// UpdateAcsUser writes the user's editable fields. An identity of another
// workspace changes nothing and returns ErrNotFound.
func (tx *Tx) UpdateAcsUser(ctx context.Context, workspaceID string, u AcsUser) error {
	return execOne(ctx, tx, `UPDATE acs_users SET full_name = $1, email_address = $2, phone_number = $3,
		access_starts_at = $4, access_ends_at = $5, is_suspended = $6, user_identity_id = $7
		WHERE workspace_id = $8 AND acs_user_id = $9 AND deleted_at IS NULL
		AND `+nullOrInWorkspace("user_identities", "user_identity_id", "$8", "$7"),
		u.FullName, u.EmailAddress, u.PhoneNumber, msPtr(u.AccessStartsAt), msPtr(u.AccessEndsAt),
		u.IsSuspended, u.UserIdentityID, workspaceID, u.AcsUserID)
}

// SetAcsUserErrors replaces the user's errors (a JSON array).
func (tx *Tx) SetAcsUserErrors(ctx context.Context, workspaceID, acsUserID, errorsJSON string) error {
	return execOne(ctx, tx, `UPDATE acs_users SET errors = $1 WHERE workspace_id = $2 AND acs_user_id = $3
		AND deleted_at IS NULL`, errorsJSON, workspaceID, acsUserID)
}

// ClaimAcsUserDelete claims the deletion of a live user of the workspace
// and returns the user as the claim left it (deletion requested, no
// identity), with its system, in one statement: exactly one caller gets
// it; ErrNotFound tells the others that the user is being deleted, gone,
// or not of the workspace. The deletion is made final by
// FinishClaimedAcsUserDelete in the same transaction (a system that applies
// it inline), or later by FinishAcsUserDelete (once the system confirms).
func (tx *Tx) ClaimAcsUserDelete(ctx context.Context, workspaceID, acsUserID string) (AcsUser, error) {
	return oneAcsUser(tx.q.QueryRowContext(ctx, claimAcsUserDelete, ms(tx.now), workspaceID, acsUserID))
}

// claimAcsUserDelete is ClaimAcsUserDelete's statement, the same on both
// databases. SQLite's RETURNING sees only the updated table (not even its
// alias), so the system's columns are read by subqueries; the identity's
// are NULL, as the claim unlinks it.
var claimAcsUserDelete = `UPDATE acs_users SET delete_requested_at = $1, user_identity_id = NULL
	WHERE workspace_id = $2 AND acs_user_id = $3 AND delete_requested_at IS NULL AND deleted_at IS NULL
	RETURNING ` + prefixed("acs_users.", acsUserColumns) + `, ` +
	subqueries("acs_systems", "acs_systems.acs_system_id = acs_users.acs_system_id", acsUserSystemColumns) + `, NULL, NULL, NULL`

// ClaimAcsUserDeleteRevoking claims the deletion of a user of the
// workspace as ClaimAcsUserDelete does and, in the same step, takes away
// its access as RevokeAcsUserAccess does, returning the user and the
// credentials it invalidated. ErrNotFound, as for the claim, and nothing
// is revoked. On PostgreSQL the two are one statement: a user's deletion
// spends one round trip on them instead of two.
func (tx *Tx) ClaimAcsUserDeleteRevoking(ctx context.Context, workspaceID, acsUserID string) (AcsUser, []CredentialRef, error) {
	if tx.dialect != Postgres {
		u, err := tx.ClaimAcsUserDelete(ctx, workspaceID, acsUserID)
		if err != nil {
			return u, nil, err
		}
		creds, err := tx.RevokeAcsUserAccess(ctx, workspaceID, acsUserID)
		return u, creds, err
	}
	// One row per credential invalidated, or one without a credential.
	type claimedRow struct {
		user AcsUser
		cred sql.NullString
		ext  sql.NullString
	}
	rows, err := queryList(ctx, tx, func(r rowScanner) (claimedRow, error) {
		var c claimedRow
		var err error
		c.user, err = scanAcsUser(extraColumns{r, []any{&c.cred, &c.ext}})
		return c, err
	}, claimAcsUserDeleteRevokingPostgres, workspaceID, acsUserID, ms(tx.now))
	if err != nil {
		return AcsUser{}, nil, err
	}
	if len(rows) == 0 {
		return AcsUser{}, nil, ErrNotFound
	}
	var creds []CredentialRef
	for _, c := range rows {
		if c.cred.Valid {
			creds = append(creds, CredentialRef{AcsCredentialID: c.cred.String, ExternalID: c.ext.String})
		}
	}
	return rows[0].user, creds, nil
}

// claimAcsUserDeleteRevokingPostgres is ClaimAcsUserDeleteRevoking's
// statement: the claim, then RevokeAcsUserAccess's statements for the user
// it claimed, as data-modifying WITH clauses that read the claimed user's
// id from the claim's RETURNING (no two of them touch the same table). It
// takes the workspace, the user and the time.
var claimAcsUserDeleteRevokingPostgres = func() string {
	revoke := revokeAccessOf("IN (SELECT acs_user_id FROM claimed)")
	return `WITH claimed AS (UPDATE acs_users SET delete_requested_at = $3, user_identity_id = NULL
	WHERE workspace_id = $1 AND acs_user_id = $2 AND delete_requested_at IS NULL AND deleted_at IS NULL
	RETURNING ` + acsUserColumns + `),
	members AS (` + revoke[0] + `),
	entrances AS (` + revoke[1] + `),
	creds AS (` + revoke[2] + `)
	SELECT ` + prefixed("u.", acsUserColumns) + `, ` + prefixed("s.", acsUserSystemColumns) + `, NULL, NULL, NULL,
		creds.acs_credential_id, creds.external_id
	FROM claimed u JOIN acs_systems s ON s.acs_system_id = u.acs_system_id LEFT JOIN creds ON TRUE`
}()

// extraColumns scans a row of more columns than a scan function reads:
// the function's destinations first, then extra.
type extraColumns struct {
	r     rowScanner
	extra []any
}

func (e extraColumns) Scan(dest ...any) error { return e.r.Scan(append(dest, e.extra...)...) }

// FinishClaimedAcsUserDelete makes final the deletion of a user that this
// transaction has claimed with ClaimAcsUserDelete (a system that applies
// it inline): the user becomes a tombstone. The claim guarantees the row,
// so nothing is counted, and on PostgreSQL the write goes with the
// transaction's next statement instead of a round trip of its own.
func (tx *Tx) FinishClaimedAcsUserDelete(ctx context.Context, workspaceID, acsUserID string) error {
	return tx.execLater(ctx, `UPDATE acs_users SET deleted_at = $1
		WHERE workspace_id = $2 AND acs_user_id = $3 AND delete_requested_at IS NOT NULL AND deleted_at IS NULL`,
		ms(tx.now), workspaceID, acsUserID)
}

// FinishAcsUserDelete makes a requested deletion final; the user becomes a
// tombstone. ErrNotFound means it was already final (or never requested).
func (tx *Tx) FinishAcsUserDelete(ctx context.Context, workspaceID, acsUserID string) error {
	return execOne(ctx, tx, `UPDATE acs_users SET deleted_at = $1
		WHERE workspace_id = $2 AND acs_user_id = $3 AND delete_requested_at IS NOT NULL AND deleted_at IS NULL`,
		ms(tx.now), workspaceID, acsUserID)
}

// AcsUserExternalIDTaken reports whether an external id of a system belongs
// to any user, live or deleted: a sync must not re-create a tombstone.
func (tx *Tx) AcsUserExternalIDTaken(ctx context.Context, workspaceID, acsSystemID, externalID string) (bool, error) {
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM acs_users WHERE workspace_id = $1
		AND acs_system_id = $2 AND external_id = $3`, workspaceID, acsSystemID, externalID).Scan(&n)
	return n > 0, err
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

func nullString(v sql.NullString) *string {
	if !v.Valid {
		return nil
	}
	s := v.String
	return &s
}

func nullInt64(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	n := v.Int64
	return &n
}

func nullTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

func msPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ms(*t)
}
