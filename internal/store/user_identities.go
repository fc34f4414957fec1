package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
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

func scanUserIdentity(r interface{ Scan(...any) error }) (UserIdentity, error) {
	var u UserIdentity
	var key, email, phone, full sql.NullString
	var created int64
	err := r.Scan(&u.UserIdentityID, &u.WorkspaceID, &key, &email, &phone, &full, &created)
	u.UserIdentityKey, u.EmailAddress, u.PhoneNumber, u.FullName = nullString(key), nullString(email), nullString(phone), nullString(full)
	u.CreatedAt = fromMS(created)
	return u, err
}

// InsertUserIdentity stores a user identity of the workspace.
func (tx *Tx) InsertUserIdentity(ctx context.Context, workspaceID string, u UserIdentity) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO user_identities (`+userIdentityColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.UserIdentityID, workspaceID, u.UserIdentityKey, u.EmailAddress,
		u.PhoneNumber, u.FullName, ms(u.CreatedAt))
	return err
}

// UserIdentity loads a user identity of the workspace.
func (tx *Tx) UserIdentity(ctx context.Context, workspaceID, userIdentityID string) (UserIdentity, error) {
	u, err := scanUserIdentity(tx.q.QueryRowContext(ctx, `SELECT `+userIdentityColumns+` FROM user_identities
		WHERE workspace_id = $1 AND user_identity_id = $2`, workspaceID, userIdentityID))
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	return u, err
}
