package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// The tables in this file identify callers. Their lookups by short token are
// the only reads that do not take a workspace id: they are how the workspace
// of a request is found in the first place.

// APIKey is a stored API key: its short token and the hash of its long token.
type APIKey struct {
	APIKeyID      string
	WorkspaceID   string
	Name          string
	ShortToken    string
	LongTokenHash []byte
	CreatedAt     time.Time
}

// ConsoleUser is a person who manages workspaces.
type ConsoleUser struct {
	UserID    string
	Email     string
	FullName  string
	CreatedAt time.Time
}

// PersonalAccessToken belongs to a console user, not to a workspace.
type PersonalAccessToken struct {
	PATID         string
	UserID        string
	Name          string
	ShortToken    string
	LongTokenHash []byte
	CreatedAt     time.Time
	ExpiresAt     *time.Time
}

// ConsoleSession is the revocable record behind a console JWT.
type ConsoleSession struct {
	ConsoleSessionID string
	UserID           string
	CreatedAt        time.Time
	ExpiresAt        time.Time
}

// PublishableKey lets a front end create client sessions for a workspace.
type PublishableKey struct {
	PublishableKeyID string
	WorkspaceID      string
	ShortToken       string
	LongTokenHash    []byte
	CreatedAt        time.Time
}

// CreateAPIKey stores k for its workspace.
func (tx *Tx) CreateAPIKey(ctx context.Context, workspaceID string, k APIKey) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO api_keys
		(api_key_id, workspace_id, name, short_token, long_token_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		k.APIKeyID, workspaceID, k.Name, k.ShortToken, k.LongTokenHash, ms(k.CreatedAt))
	return err
}

// APIKeyByShortToken finds a live API key by its short token.
func (tx *Tx) APIKeyByShortToken(ctx context.Context, short string) (APIKey, error) {
	var k APIKey
	var created int64
	err := tx.q.QueryRowContext(ctx, `SELECT api_key_id, workspace_id, name, short_token, long_token_hash, created_at
		FROM api_keys WHERE short_token = $1 AND deleted_at IS NULL`, short).
		Scan(&k.APIKeyID, &k.WorkspaceID, &k.Name, &k.ShortToken, &k.LongTokenHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return k, ErrNotFound
	}
	k.CreatedAt = fromMS(created)
	return k, err
}

// APIKeys lists the live API keys of a workspace.
func (tx *Tx) APIKeys(ctx context.Context, workspaceID string) ([]APIKey, error) {
	return queryList(ctx, tx, func(r rowScanner) (APIKey, error) {
		var k APIKey
		var created int64
		err := r.Scan(&k.APIKeyID, &k.WorkspaceID, &k.Name, &k.ShortToken, &created)
		k.CreatedAt = fromMS(created)
		return k, err
	}, `SELECT api_key_id, workspace_id, name, short_token, created_at FROM api_keys
		WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY created_at, api_key_id`, workspaceID)
}

// DeleteAPIKey revokes a key of the workspace; the next request with it fails.
func (tx *Tx) DeleteAPIKey(ctx context.Context, workspaceID, apiKeyID string) error {
	return execOne(ctx, tx, `UPDATE api_keys SET deleted_at = $1
		WHERE workspace_id = $2 AND api_key_id = $3 AND deleted_at IS NULL`,
		ms(tx.now), workspaceID, apiKeyID)
}

// CreateConsoleUser inserts a console user.
func (tx *Tx) CreateConsoleUser(ctx context.Context, u ConsoleUser) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO users (user_id, email, full_name, created_at)
		VALUES ($1, $2, $3, $4)`, u.UserID, u.Email, u.FullName, ms(u.CreatedAt))
	return err
}

// ConsoleUserByEmail finds a console user by email address.
func (tx *Tx) ConsoleUserByEmail(ctx context.Context, email string) (ConsoleUser, error) {
	var u ConsoleUser
	var created int64
	err := tx.q.QueryRowContext(ctx, `SELECT user_id, email, full_name, created_at FROM users WHERE email = $1`, email).
		Scan(&u.UserID, &u.Email, &u.FullName, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	u.CreatedAt = fromMS(created)
	return u, err
}

// AddWorkspaceMember makes a console user a member of the workspace.
func (tx *Tx) AddWorkspaceMember(ctx context.Context, workspaceID, userID string) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO workspace_members (workspace_id, user_id, created_at)
		VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, workspaceID, userID, ms(tx.now))
	return err
}

// IsWorkspaceMember reports whether the console user belongs to the workspace.
func (tx *Tx) IsWorkspaceMember(ctx context.Context, workspaceID, userID string) (bool, error) {
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM workspace_members
		WHERE workspace_id = $1 AND user_id = $2`, workspaceID, userID).Scan(&n)
	return n > 0, err
}

// CreatePAT stores a personal access token for a console user.
func (tx *Tx) CreatePAT(ctx context.Context, p PersonalAccessToken) error {
	var exp *int64
	if p.ExpiresAt != nil {
		v := ms(*p.ExpiresAt)
		exp = &v
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO personal_access_tokens
		(pat_id, user_id, name, short_token, long_token_hash, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		p.PATID, p.UserID, p.Name, p.ShortToken, p.LongTokenHash, ms(p.CreatedAt), exp)
	return err
}

// PATByShortToken finds a live, unexpired personal access token.
func (tx *Tx) PATByShortToken(ctx context.Context, short string) (PersonalAccessToken, error) {
	var p PersonalAccessToken
	var created int64
	var exp sql.NullInt64
	err := tx.q.QueryRowContext(ctx, `SELECT pat_id, user_id, name, short_token, long_token_hash, created_at, expires_at
		FROM personal_access_tokens WHERE short_token = $1 AND revoked_at IS NULL
		AND (expires_at IS NULL OR expires_at > $2)`, short, ms(tx.now)).
		Scan(&p.PATID, &p.UserID, &p.Name, &p.ShortToken, &p.LongTokenHash, &created, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	p.CreatedAt = fromMS(created)
	if exp.Valid {
		t := fromMS(exp.Int64)
		p.ExpiresAt = &t
	}
	return p, err
}

// RevokePAT revokes a console user's token.
func (tx *Tx) RevokePAT(ctx context.Context, userID, patID string) error {
	return execOne(ctx, tx, `UPDATE personal_access_tokens SET revoked_at = $1
		WHERE user_id = $2 AND pat_id = $3 AND revoked_at IS NULL`, ms(tx.now), userID, patID)
}

// CreateConsoleSession records a session so its JWT can be revoked.
func (tx *Tx) CreateConsoleSession(ctx context.Context, s ConsoleSession) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO console_sessions
		(console_session_id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		s.ConsoleSessionID, s.UserID, ms(s.CreatedAt), ms(s.ExpiresAt))
	return err
}

// LiveConsoleSession reports whether the session exists for the user, is
// unrevoked and unexpired.
func (tx *Tx) LiveConsoleSession(ctx context.Context, userID, sessionID string) (bool, error) {
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM console_sessions
		WHERE console_session_id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > $3`,
		sessionID, userID, ms(tx.now)).Scan(&n)
	return n > 0, err
}

// CreatePublishableKey stores a publishable key for a workspace.
func (tx *Tx) CreatePublishableKey(ctx context.Context, workspaceID string, k PublishableKey) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO publishable_keys
		(publishable_key_id, workspace_id, short_token, long_token_hash, created_at)
		VALUES ($1, $2, $3, $4, $5)`,
		k.PublishableKeyID, workspaceID, k.ShortToken, k.LongTokenHash, ms(k.CreatedAt))
	return err
}

// PublishableKeyByShortToken finds a live publishable key of a workspace
// whose publishable key authentication is on.
func (tx *Tx) PublishableKeyByShortToken(ctx context.Context, short string) (PublishableKey, error) {
	var k PublishableKey
	var created int64
	err := tx.q.QueryRowContext(ctx, `SELECT k.publishable_key_id, k.workspace_id, k.short_token, k.long_token_hash, k.created_at
		FROM publishable_keys k JOIN workspaces w ON w.workspace_id = k.workspace_id
		WHERE k.short_token = $1 AND k.revoked_at IS NULL AND w.is_publishable_key_auth_enabled`, short).
		Scan(&k.PublishableKeyID, &k.WorkspaceID, &k.ShortToken, &k.LongTokenHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return k, ErrNotFound
	}
	k.CreatedAt = fromMS(created)
	return k, err
}
