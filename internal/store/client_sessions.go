package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// ClientSession is a scoped token for an end user's app. Its token is kept
// as short token + hash of the long token (to authenticate) and sealed with
// the server key (because get returns it).
type ClientSession struct {
	ClientSessionID     string
	WorkspaceID         string
	ShortToken          string
	LongTokenHash       []byte
	TokenSealed         string
	UserIdentifierKey   *string
	ConnectedAccountIDs []string
	ConnectWebviewIDs   []string
	CreatedAt           time.Time
	ExpiresAt           time.Time
	RevokedAt           *time.Time
	// UserIdentityIDs are the identities the session may act for, in the
	// order they were granted.
	UserIdentityIDs []string
}

const clientSessionColumns = `client_session_id, workspace_id, short_token, long_token_hash, token_sealed,
	user_identifier_key, connected_account_ids, connect_webview_ids, created_at, expires_at, revoked_at`

func scanClientSession(r rowScanner) (ClientSession, error) {
	var s ClientSession
	var key sql.NullString
	var accounts, webviews string
	var created, expires int64
	var revoked sql.NullInt64
	err := r.Scan(&s.ClientSessionID, &s.WorkspaceID, &s.ShortToken, &s.LongTokenHash, &s.TokenSealed,
		&key, &accounts, &webviews, &created, &expires, &revoked)
	if err != nil {
		return s, err
	}
	s.UserIdentifierKey = nullString(key)
	s.ConnectedAccountIDs, s.ConnectWebviewIDs = idList(accounts), idList(webviews)
	s.CreatedAt, s.ExpiresAt, s.RevokedAt = fromMS(created), fromMS(expires), nullTime(revoked)
	return s, nil
}

// idList decodes a stored JSON array of ids; never nil.
func idList(doc string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(doc), &out)
	if out == nil {
		out = []string{}
	}
	return out
}

func idListJSON(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

// InsertClientSession stores a session of the workspace with its identities.
func (tx *Tx) InsertClientSession(ctx context.Context, workspaceID string, s ClientSession) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO client_sessions (`+clientSessionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		s.ClientSessionID, workspaceID, s.ShortToken, s.LongTokenHash, s.TokenSealed, s.UserIdentifierKey,
		idListJSON(s.ConnectedAccountIDs), idListJSON(s.ConnectWebviewIDs), ms(s.CreatedAt), ms(s.ExpiresAt),
		msPtr(s.RevokedAt))
	if err != nil {
		return err
	}
	return tx.AddClientSessionIdentities(ctx, workspaceID, s.ClientSessionID, s.UserIdentityIDs)
}

// AddClientSessionIdentities lets a session of the workspace act for more
// identities; ones it already has are skipped, and so are sessions and
// identities of other workspaces.
func (tx *Tx) AddClientSessionIdentities(ctx context.Context, workspaceID, clientSessionID string, userIdentityIDs []string) error {
	for _, id := range userIdentityIDs {
		// The link's key (session, identity) has no workspace in it, so the
		// pair is selected within the workspace: a link tagged with another
		// workspace would hide there and block that workspace's own grant.
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO client_session_user_identities (workspace_id,
			client_session_id, user_identity_id)
			SELECT s.workspace_id, s.client_session_id, i.user_identity_id FROM client_sessions s
			JOIN user_identities i ON i.workspace_id = s.workspace_id
			WHERE s.workspace_id = $1 AND s.client_session_id = $2 AND i.user_identity_id = $3
			ON CONFLICT DO NOTHING`, workspaceID, clientSessionID, id); err != nil {
			return err
		}
	}
	return nil
}

// SetClientSessionScope replaces the connected accounts and Connect Webviews
// of a session of the workspace.
func (tx *Tx) SetClientSessionScope(ctx context.Context, workspaceID, clientSessionID string, connectedAccountIDs, connectWebviewIDs []string) error {
	return execOne(ctx, tx, `UPDATE client_sessions SET connected_account_ids = $1, connect_webview_ids = $2
		WHERE workspace_id = $3 AND client_session_id = $4`,
		idListJSON(connectedAccountIDs), idListJSON(connectWebviewIDs), workspaceID, clientSessionID)
}

// SetClientSessionExpiry moves the expiry of a live session of the workspace.
func (tx *Tx) SetClientSessionExpiry(ctx context.Context, workspaceID, clientSessionID string, expiresAt time.Time) error {
	return execOne(ctx, tx, `UPDATE client_sessions SET expires_at = $1
		WHERE workspace_id = $2 AND client_session_id = $3 AND revoked_at IS NULL`,
		ms(expiresAt), workspaceID, clientSessionID)
}

// withIdentities fills the identities of the sessions.
func (tx *Tx) withIdentities(ctx context.Context, workspaceID string, sessions []ClientSession) ([]ClientSession, error) {
	if len(sessions) == 0 {
		return sessions, nil
	}
	ids := make([]string, len(sessions))
	for i, s := range sessions {
		ids[i] = s.ClientSessionID
	}
	var w where
	w.add("l.workspace_id = ?", workspaceID)
	w.in("l.client_session_id", ids)
	type link struct{ session, identity string }
	links, err := queryList(ctx, tx, func(r rowScanner) (link, error) {
		var l link
		err := r.Scan(&l.session, &l.identity)
		return l, err
	}, `SELECT l.client_session_id, l.user_identity_id FROM client_session_user_identities l
		JOIN user_identities i ON i.user_identity_id = l.user_identity_id`+w.sql()+
		` ORDER BY i.created_at, l.user_identity_id`, w.args...)
	if err != nil {
		return nil, err
	}
	by := map[string][]string{}
	for _, l := range links {
		by[l.session] = append(by[l.session], l.identity)
	}
	for i := range sessions {
		sessions[i].UserIdentityIDs = by[sessions[i].ClientSessionID]
		if sessions[i].UserIdentityIDs == nil {
			sessions[i].UserIdentityIDs = []string{}
		}
	}
	return sessions, nil
}

func (tx *Tx) oneClientSession(ctx context.Context, workspaceID string, row *sql.Row) (ClientSession, error) {
	s, err := scanClientSession(row)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, err
	}
	out, err := tx.withIdentities(ctx, workspaceID, []ClientSession{s})
	if err != nil {
		return s, err
	}
	return out[0], nil
}

// LiveClientSessionByShortToken finds an unrevoked, unexpired session by its
// short token, with its identities. Like the other caller lookups it takes
// no workspace id: it is how the workspace of a request is found.
func (tx *Tx) LiveClientSessionByShortToken(ctx context.Context, short string) (ClientSession, error) {
	row := tx.q.QueryRowContext(ctx, `SELECT `+clientSessionColumns+` FROM client_sessions
		WHERE short_token = $1 AND revoked_at IS NULL AND expires_at > $2`, short, ms(tx.now))
	s, err := scanClientSession(row)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, err
	}
	out, err := tx.withIdentities(ctx, s.WorkspaceID, []ClientSession{s})
	if err != nil {
		return s, err
	}
	return out[0], nil
}

// LiveClientSession loads an unrevoked, unexpired session of the workspace.
func (tx *Tx) LiveClientSession(ctx context.Context, workspaceID, clientSessionID string) (ClientSession, error) {
	return tx.oneClientSession(ctx, workspaceID, tx.q.QueryRowContext(ctx, `SELECT `+clientSessionColumns+`
		FROM client_sessions WHERE workspace_id = $1 AND client_session_id = $2 AND revoked_at IS NULL
		AND expires_at > $3`, workspaceID, clientSessionID, ms(tx.now)))
}

// LiveClientSessionByUserIdentifierKey loads the newest unrevoked, unexpired
// session of the workspace with the user identifier key.
func (tx *Tx) LiveClientSessionByUserIdentifierKey(ctx context.Context, workspaceID, key string) (ClientSession, error) {
	return tx.oneClientSession(ctx, workspaceID, tx.q.QueryRowContext(ctx, `SELECT `+clientSessionColumns+`
		FROM client_sessions WHERE workspace_id = $1 AND user_identifier_key = $2 AND revoked_at IS NULL
		AND expires_at > $3 ORDER BY created_at DESC, client_session_id DESC LIMIT 1`, workspaceID, key, ms(tx.now)))
}

// LiveClientSessionOfIdentity loads the newest unrevoked, unexpired session
// of the workspace whose only identity is userIdentityID and that has no
// user identifier key. A session behind an instant key is the key's, not
// the identity's: it ends with the key, so get_or_create must not hand it
// out.
func (tx *Tx) LiveClientSessionOfIdentity(ctx context.Context, workspaceID, userIdentityID string) (ClientSession, error) {
	return tx.oneClientSession(ctx, workspaceID, tx.q.QueryRowContext(ctx, `SELECT `+prefixed("s.", clientSessionColumns)+`
		FROM client_sessions s JOIN client_session_user_identities l ON l.client_session_id = s.client_session_id
		WHERE s.workspace_id = $1 AND l.user_identity_id = $2 AND s.user_identifier_key IS NULL
		AND s.revoked_at IS NULL AND s.expires_at > $3
		AND (SELECT COUNT(*) FROM client_session_user_identities o WHERE o.client_session_id = s.client_session_id) = 1
		AND NOT EXISTS (SELECT 1 FROM instant_keys k WHERE k.workspace_id = s.workspace_id AND k.client_session_id = s.client_session_id)
		ORDER BY s.created_at DESC, s.client_session_id DESC LIMIT 1`, workspaceID, userIdentityID, ms(tx.now)))
}

// ClientSessionFilter narrows ListClientSessions. Empty fields do not filter.
type ClientSessionFilter struct {
	ClientSessionID   string
	UserIdentifierKey string
	// WithoutUserIdentifierKey keeps sessions that have none.
	WithoutUserIdentifierKey bool
	// UserIdentityID keeps sessions that may act for the identity.
	UserIdentityID string
	// ConnectWebviewID keeps sessions created for the Connect Webview.
	ConnectWebviewID string
}

// ListClientSessions lists the live sessions of the workspace, oldest first.
func (tx *Tx) ListClientSessions(ctx context.Context, workspaceID string, f ClientSessionFilter) ([]ClientSession, error) {
	var w where
	w.add("s.workspace_id = ?", workspaceID)
	w.add("s.revoked_at IS NULL")
	w.add("s.expires_at > ?", ms(tx.now))
	if f.ClientSessionID != "" {
		w.add("s.client_session_id = ?", f.ClientSessionID)
	}
	if f.UserIdentifierKey != "" {
		w.add("s.user_identifier_key = ?", f.UserIdentifierKey)
	}
	if f.WithoutUserIdentifierKey {
		w.add("s.user_identifier_key IS NULL")
	}
	if f.UserIdentityID != "" {
		w.add(`s.client_session_id IN (SELECT l.client_session_id FROM client_session_user_identities l
			WHERE l.workspace_id = ? AND l.user_identity_id = ?)`, workspaceID, f.UserIdentityID)
	}
	if f.ConnectWebviewID != "" {
		// Ids are stored as a JSON array of strings; match the quoted id.
		w.add("s.connect_webview_ids LIKE ? ESCAPE '\\'", `%"`+escapeLike(f.ConnectWebviewID)+`"%`)
	}
	sessions, err := queryList(ctx, tx, scanClientSession, `SELECT `+prefixed("s.", clientSessionColumns)+
		` FROM client_sessions s`+w.sql()+` ORDER BY s.created_at, s.client_session_id`, w.args...)
	if err != nil {
		return nil, err
	}
	return tx.withIdentities(ctx, workspaceID, sessions)
}

// RevokeClientSession ends a session of the workspace; its token fails on
// the next request. ErrNotFound if there is no live session with that id.
func (tx *Tx) RevokeClientSession(ctx context.Context, workspaceID, clientSessionID string) error {
	return execOne(ctx, tx, `UPDATE client_sessions SET revoked_at = $1
		WHERE workspace_id = $2 AND client_session_id = $3 AND revoked_at IS NULL AND expires_at > $4`,
		ms(tx.now), workspaceID, clientSessionID, ms(tx.now))
}

// RevokeClientSessionsOfIdentity ends every unrevoked session of the
// workspace that may act for the identity and returns their ids.
func (tx *Tx) RevokeClientSessionsOfIdentity(ctx context.Context, workspaceID, userIdentityID string) ([]string, error) {
	return queryList(ctx, tx, scanString, `UPDATE client_sessions SET revoked_at = $1
		WHERE workspace_id = $2 AND revoked_at IS NULL AND client_session_id IN (
			SELECT l.client_session_id FROM client_session_user_identities l
			WHERE l.workspace_id = $2 AND l.user_identity_id = $3)
		RETURNING client_session_id`, ms(tx.now), workspaceID, userIdentityID)
}
