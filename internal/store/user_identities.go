package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// UserIdentity is a person known to the workspace across access systems.
type UserIdentity struct {
	UserIdentityID  string
	WorkspaceID     string
	UserIdentityKey *string
	EmailAddress    *string
	PhoneNumber     *string
	FullName        *string
	CreatedAt       time.Time
}

const userIdentityColumns = `user_identity_id, workspace_id, user_identity_key, email_address, phone_number,
	full_name, created_at`

func scanUserIdentity(r rowScanner) (UserIdentity, error) {
	var u UserIdentity
	var key, email, phone, full sql.NullString
	var created int64
	err := r.Scan(&u.UserIdentityID, &u.WorkspaceID, &key, &email, &phone, &full, &created)
	u.UserIdentityKey, u.EmailAddress, u.PhoneNumber, u.FullName = nullString(key), nullString(email), nullString(phone), nullString(full)
	u.CreatedAt = fromMS(created)
	return u, err
}

func oneUserIdentity(row *sql.Row) (UserIdentity, error) {
	u, err := scanUserIdentity(row)
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	return u, err
}

// InsertUserIdentity stores a user identity of the workspace; ErrConflict if
// another identity holds its key, email address or phone number.
func (tx *Tx) InsertUserIdentity(ctx context.Context, workspaceID string, u UserIdentity) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO user_identities (`+userIdentityColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.UserIdentityID, workspaceID, u.UserIdentityKey, u.EmailAddress,
		u.PhoneNumber, u.FullName, ms(u.CreatedAt))
	return classify(err)
}

// UserIdentity loads a user identity of the workspace.
func (tx *Tx) UserIdentity(ctx context.Context, workspaceID, userIdentityID string) (UserIdentity, error) {
	return oneUserIdentity(tx.q.QueryRowContext(ctx, `SELECT `+userIdentityColumns+` FROM user_identities
		WHERE workspace_id = $1 AND user_identity_id = $2`, workspaceID, userIdentityID))
}

// UserIdentityByKey loads the user identity of the workspace with the key.
func (tx *Tx) UserIdentityByKey(ctx context.Context, workspaceID, key string) (UserIdentity, error) {
	return oneUserIdentity(tx.q.QueryRowContext(ctx, `SELECT `+userIdentityColumns+` FROM user_identities
		WHERE workspace_id = $1 AND user_identity_key = $2`, workspaceID, key))
}

// UserIdentityTaken names the first of key, email and phone that another
// identity of the workspace (not exceptID) already holds: "user_identity_key",
// "email_address" or "phone_number", or "" when none is taken. Nil values
// are not checked.
func (tx *Tx) UserIdentityTaken(ctx context.Context, workspaceID, exceptID string, key, email, phone *string) (string, error) {
	for _, c := range []struct {
		column string
		value  *string
	}{{"user_identity_key", key}, {"email_address", email}, {"phone_number", phone}} {
		if c.value == nil {
			continue
		}
		var n int
		err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_identities WHERE workspace_id = $1
			AND `+c.column+` = $2 AND user_identity_id <> $3`, workspaceID, *c.value, exceptID).Scan(&n)
		if err != nil {
			return "", err
		}
		if n > 0 {
			return c.column, nil
		}
	}
	return "", nil
}

// UserIdentityFilter narrows ListUserIdentities. Empty fields do not filter.
type UserIdentityFilter struct {
	// Search matches part of the full name, phone number, email address or id.
	Search        string
	CreatedBefore *time.Time
	// UserIdentityIDs, when not nil, restricts the list to these identities
	// (a filter of the request, or a client session's scope).
	UserIdentityIDs []string
	// ScopeUserIdentityIDs, when not nil, further restricts the list (a
	// client session's scope, kept apart from the request's own filter).
	ScopeUserIdentityIDs []string
	// WithUserOnSystem keeps identities that have a live user on this system.
	WithUserOnSystem string
}

// ListUserIdentities lists the identities of the workspace, oldest first,
// one page.
func (tx *Tx) ListUserIdentities(ctx context.Context, workspaceID string, f UserIdentityFilter, r page.Request) ([]UserIdentity, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	if f.Search != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(COALESCE(full_name, '')) LIKE ? ESCAPE '\' OR LOWER(COALESCE(phone_number, '')) LIKE ? ESCAPE '\'
			OR LOWER(COALESCE(email_address, '')) LIKE ? ESCAPE '\' OR LOWER(user_identity_id) LIKE ? ESCAPE '\')`,
			pat, pat, pat, pat)
	}
	if f.CreatedBefore != nil {
		w.add("created_at < ?", ms(*f.CreatedBefore))
	}
	if f.UserIdentityIDs != nil {
		w.in("user_identity_id", f.UserIdentityIDs)
	}
	if f.ScopeUserIdentityIDs != nil {
		w.in("user_identity_id", f.ScopeUserIdentityIDs)
	}
	if f.WithUserOnSystem != "" {
		w.add(`user_identity_id IN (SELECT u.user_identity_id FROM acs_users u WHERE u.workspace_id = ?
			AND u.acs_system_id = ? AND u.deleted_at IS NULL AND u.user_identity_id IS NOT NULL)`,
			workspaceID, f.WithUserOnSystem)
	}
	w.after(r, "created_at", "user_identity_id")
	q := `SELECT ` + userIdentityColumns + ` FROM user_identities` + w.sql() +
		` ORDER BY created_at, user_identity_id` + w.limit(r.Fetch())
	return queryList(ctx, tx, scanUserIdentity, q, w.args...)
}

// UpdateUserIdentity writes the identity's editable fields; ErrConflict as
// for InsertUserIdentity.
func (tx *Tx) UpdateUserIdentity(ctx context.Context, workspaceID string, u UserIdentity) error {
	return classify(execOne(ctx, tx, `UPDATE user_identities SET user_identity_key = $1, email_address = $2,
		phone_number = $3, full_name = $4 WHERE workspace_id = $5 AND user_identity_id = $6`,
		u.UserIdentityKey, u.EmailAddress, u.PhoneNumber, u.FullName, workspaceID, u.UserIdentityID))
}

// DeleteUserIdentity removes an identity of the workspace. Its links to
// client sessions go with it; users still linked to it are unlinked.
func (tx *Tx) DeleteUserIdentity(ctx context.Context, workspaceID, userIdentityID string) error {
	if _, err := tx.q.ExecContext(ctx, `UPDATE acs_users SET user_identity_id = NULL
		WHERE workspace_id = $1 AND user_identity_id = $2`, workspaceID, userIdentityID); err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM instant_keys
		WHERE workspace_id = $1 AND user_identity_id = $2`, workspaceID, userIdentityID); err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM client_session_user_identities
		WHERE workspace_id = $1 AND user_identity_id = $2`, workspaceID, userIdentityID); err != nil {
		return err
	}
	return execOne(ctx, tx, `DELETE FROM user_identities WHERE workspace_id = $1 AND user_identity_id = $2`,
		workspaceID, userIdentityID)
}

// AcsUserIDsOfIdentities returns the ids of the live users linked to each of
// the given identities of the workspace, oldest first.
func (tx *Tx) AcsUserIDsOfIdentities(ctx context.Context, workspaceID string, userIdentityIDs []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(userIdentityIDs) == 0 {
		return out, nil
	}
	var w where
	w.add("workspace_id = ?", workspaceID)
	w.add("deleted_at IS NULL")
	w.in("user_identity_id", userIdentityIDs)
	type link struct{ identity, user string }
	links, err := queryList(ctx, tx, func(r rowScanner) (link, error) {
		var l link
		err := r.Scan(&l.identity, &l.user)
		return l, err
	}, `SELECT user_identity_id, acs_user_id FROM acs_users`+w.sql()+` ORDER BY created_at, acs_user_id`, w.args...)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		out[l.identity] = append(out[l.identity], l.user)
	}
	return out, nil
}

// AcsUsersOfIdentity lists the live users linked to an identity of the
// workspace, oldest first.
func (tx *Tx) AcsUsersOfIdentity(ctx context.Context, workspaceID, userIdentityID string) ([]AcsUser, error) {
	return queryList(ctx, tx, scanAcsUser, acsUserSelect+`
		WHERE u.workspace_id = $1 AND u.user_identity_id = $2 AND u.deleted_at IS NULL
		ORDER BY u.created_at, u.acs_user_id`, workspaceID, userIdentityID)
}

// SetAcsUserIdentity links a live user of the workspace to an identity, or
// unlinks it when userIdentityID is nil. An identity of another workspace
// changes nothing and returns ErrNotFound.
func (tx *Tx) SetAcsUserIdentity(ctx context.Context, workspaceID, acsUserID string, userIdentityID *string) error {
	return execOne(ctx, tx, `UPDATE acs_users SET user_identity_id = $1
		WHERE workspace_id = $2 AND acs_user_id = $3 AND deleted_at IS NULL
		AND `+nullOrInWorkspace("user_identities", "user_identity_id", "$2", "$1"),
		userIdentityID, workspaceID, acsUserID)
}

// AcsEntrancesOfIdentity lists the entrances the identity's live users can
// open: through their access groups, granted to them directly, or through
// their live credentials. Each entrance appears once, oldest first.
func (tx *Tx) AcsEntrancesOfIdentity(ctx context.Context, workspaceID, userIdentityID string) ([]AcsEntrance, error) {
	return queryList(ctx, tx, func(r rowScanner) (AcsEntrance, error) {
		var e AcsEntrance
		var created int64
		err := r.Scan(&e.AcsEntranceID, &e.WorkspaceID, &e.AcsSystemID, &e.ExternalID, &e.DisplayName,
			&e.CanUnlockWithCard, &e.CanUnlockWithCode, &e.CanUnlockWithMobileKey, &e.CanUnlockWithCloudKey, &created)
		e.CreatedAt = fromMS(created)
		return e, err
	}, `SELECT e.acs_entrance_id, e.workspace_id, e.acs_system_id, e.external_id, e.display_name,
		e.can_unlock_with_card, e.can_unlock_with_code, e.can_unlock_with_mobile_key, e.can_unlock_with_cloud_key,
		e.created_at
		FROM acs_entrances e WHERE e.workspace_id = $1 AND e.acs_entrance_id IN (
			SELECT ge.acs_entrance_id FROM acs_access_group_entrances ge
			JOIN acs_access_group_members m ON m.acs_access_group_id = ge.acs_access_group_id
			JOIN acs_access_groups g ON g.acs_access_group_id = ge.acs_access_group_id AND g.deleted_at IS NULL
			JOIN acs_users u ON u.acs_user_id = m.acs_user_id
			WHERE u.workspace_id = $1 AND u.user_identity_id = $2 AND u.deleted_at IS NULL
			UNION
			SELECT ue.acs_entrance_id FROM acs_user_entrances ue JOIN acs_users u ON u.acs_user_id = ue.acs_user_id
			WHERE u.workspace_id = $1 AND u.user_identity_id = $2 AND u.deleted_at IS NULL
			UNION
			SELECT ce.acs_entrance_id FROM acs_credential_entrances ce
			JOIN acs_credentials c ON c.acs_credential_id = ce.acs_credential_id AND c.invalidated_at IS NULL
			JOIN acs_users u ON u.acs_user_id = c.acs_user_id
			WHERE u.workspace_id = $1 AND u.user_identity_id = $2 AND u.deleted_at IS NULL)
		ORDER BY e.created_at, e.acs_entrance_id`, workspaceID, userIdentityID)
}
