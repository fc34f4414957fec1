package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// InstantKey is an instant key as stored: a shareable link through which
// a user identity opens its locks, behind a client session of that
// identity. Its token is kept as a hash (to find the key when its page is
// opened) and sealed with the server key (get returns the url), never in
// full.
type InstantKey struct {
	InstantKeyID    string
	WorkspaceID     string
	UserIdentityID  string
	ClientSessionID string
	TokenHash       []byte
	TokenSealed     string
	MaxUseCount     int
	UseCount        int
	CreatedAt       time.Time
	// ExpiresAt moves to the moment of the last use once the uses are
	// spent (UseInstantKey).
	ExpiresAt time.Time
}

const instantKeyColumns = `instant_key_id, workspace_id, user_identity_id, client_session_id, token_hash,
	token_sealed, max_use_count, use_count, created_at, expires_at`

func scanInstantKey(r rowScanner) (InstantKey, error) {
	var k InstantKey
	var created, expires int64
	err := r.Scan(&k.InstantKeyID, &k.WorkspaceID, &k.UserIdentityID, &k.ClientSessionID, &k.TokenHash,
		&k.TokenSealed, &k.MaxUseCount, &k.UseCount, &created, &expires)
	k.CreatedAt, k.ExpiresAt = fromMS(created), fromMS(expires)
	return k, err
}

// InsertInstantKey stores a key of the workspace.
func (tx *Tx) InsertInstantKey(ctx context.Context, workspaceID string, k InstantKey) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO instant_keys (`+instantKeyColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		k.InstantKeyID, workspaceID, k.UserIdentityID, k.ClientSessionID, k.TokenHash,
		k.TokenSealed, k.MaxUseCount, k.UseCount, ms(k.CreatedAt), ms(k.ExpiresAt))
	return err
}

func (tx *Tx) oneInstantKey(ctx context.Context, query string, args ...any) (InstantKey, error) {
	k, err := scanInstantKey(tx.q.QueryRowContext(ctx, `SELECT `+instantKeyColumns+` FROM instant_keys WHERE `+query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return k, ErrNotFound
	}
	return k, err
}

// InstantKey loads a key of the workspace, expired or not.
func (tx *Tx) InstantKey(ctx context.Context, workspaceID, instantKeyID string) (InstantKey, error) {
	return tx.oneInstantKey(ctx, `workspace_id = $1 AND instant_key_id = $2`, workspaceID, instantKeyID)
}

// InstantKeyOfWorkspaceByToken loads the key of the workspace whose token
// hashes to tokenHash (instant_keys/get by url).
func (tx *Tx) InstantKeyOfWorkspaceByToken(ctx context.Context, workspaceID string, tokenHash []byte) (InstantKey, error) {
	return tx.oneInstantKey(ctx, `workspace_id = $1 AND token_hash = $2`, workspaceID, tokenHash)
}

// InstantKeyByToken finds the key whose token hashes to tokenHash,
// whatever its workspace: the token in a key's url is how its page,
// opened by someone who holds no API credential, finds the key and its
// workspace.
func (tx *Tx) InstantKeyByToken(ctx context.Context, tokenHash []byte) (InstantKey, error) {
	return tx.oneInstantKey(ctx, `token_hash = $1`, tokenHash)
}

// ListInstantKeys returns the keys of the workspace, of one identity when
// userIdentityID is not empty, oldest first.
func (tx *Tx) ListInstantKeys(ctx context.Context, workspaceID, userIdentityID string) ([]InstantKey, error) {
	w := &where{}
	w.add("workspace_id = ?", workspaceID)
	if userIdentityID != "" {
		w.add("user_identity_id = ?", userIdentityID)
	}
	return queryList(ctx, tx, scanInstantKey, `SELECT `+instantKeyColumns+` FROM instant_keys`+w.sql()+
		` ORDER BY created_at, instant_key_id`, w.args...)
}

// UseInstantKey counts one use of a live key of the workspace (not
// expired, uses left) and returns it as it now is; the use that spends
// the last one expires it at once. ErrNotFound if the key is not of the
// workspace or not live, so that two uses racing for the last one cannot
// both pass.
func (tx *Tx) UseInstantKey(ctx context.Context, workspaceID, instantKeyID string) (InstantKey, error) {
	now := ms(tx.now)
	if err := execOne(ctx, tx, `UPDATE instant_keys SET use_count = use_count + 1,
		expires_at = CASE WHEN use_count + 1 >= max_use_count THEN $1 ELSE expires_at END
		WHERE workspace_id = $2 AND instant_key_id = $3 AND use_count < max_use_count AND expires_at > $4`,
		now, workspaceID, instantKeyID, now); err != nil {
		return InstantKey{}, err
	}
	return tx.InstantKey(ctx, workspaceID, instantKeyID)
}

// DeleteInstantKey removes a key of the workspace. ErrNotFound if it is
// not of the workspace.
func (tx *Tx) DeleteInstantKey(ctx context.Context, workspaceID, instantKeyID string) error {
	return execOne(ctx, tx, `DELETE FROM instant_keys WHERE workspace_id = $1 AND instant_key_id = $2`,
		workspaceID, instantKeyID)
}
