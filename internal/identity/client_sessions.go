package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// DefaultClientSessionTTL is how long a client session lives unless its
// creator says otherwise.
const DefaultClientSessionTTL = 24 * time.Hour

// NewClientSession describes a client session to create.
type NewClientSession struct {
	UserIdentifierKey   *string
	UserIdentityIDs     []string
	ConnectedAccountIDs []string
	ConnectWebviewIDs   []string
	ExpiresAt           time.Time
	// Token, if set, is used instead of a random one (seed mode's
	// well-known seam_cst1_token).
	Token string
}

// CreateClientSessionTx stores a new session in the workspace within tx and
// returns it with its token. It does not check that the identities and
// accounts exist; callers do.
func CreateClientSessionTx(ctx context.Context, tx *store.Tx, key secret.Key, workspaceID string, n NewClientSession) (client.ClientSession, error) {
	tok, err := newSessionToken(n.Token)
	if err != nil {
		return client.ClientSession{}, err
	}
	cs := store.ClientSession{ClientSessionID: lintel.NewID(), WorkspaceID: workspaceID,
		ShortToken: tok.Short, LongTokenHash: secret.HashLong(tok.Long), UserIdentifierKey: n.UserIdentifierKey,
		ConnectedAccountIDs: n.ConnectedAccountIDs, ConnectWebviewIDs: n.ConnectWebviewIDs, CreatedAt: tx.Now(),
		ExpiresAt: n.ExpiresAt.UTC().Truncate(time.Millisecond), UserIdentityIDs: n.UserIdentityIDs}
	if cs.ConnectedAccountIDs == nil {
		cs.ConnectedAccountIDs = []string{}
	}
	if cs.ConnectWebviewIDs == nil {
		cs.ConnectWebviewIDs = []string{}
	}
	if cs.UserIdentityIDs == nil {
		cs.UserIdentityIDs = []string{}
	}
	// The token is sealed to its session id, so a sealed value copied onto
	// another row does not open.
	if cs.TokenSealed, err = key.Seal([]byte(tok.String()), cs.ClientSessionID); err != nil {
		return client.ClientSession{}, err
	}
	if err := tx.InsertClientSession(ctx, workspaceID, cs); err != nil {
		return client.ClientSession{}, err
	}
	return presentSession(cs, tok.String()), nil
}

func newSessionToken(fixed string) (secret.Token, error) {
	if fixed == "" {
		return secret.NewToken(secret.ClientSessionToken)
	}
	tok, ok := secret.ParseToken(fixed)
	if !ok || tok.Kind != secret.ClientSessionToken {
		return tok, errors.New("the fixed token is not a client session token")
	}
	return tok, nil
}

// sessionScope is what a create or grant request asks a session to cover,
// checked against the workspace.
type sessionScope struct {
	identityIDs []string
	accountIDs  []string
	webviewIDs  []string
}

// checkScope resolves the identities, accounts and Connect Webviews a
// request names. Each must exist in the workspace. A publishable key — a public credential —
// may name none of them: it can only reach a session by its user
// identifier key.
func checkScope(ctx context.Context, tx *store.Tx, p lintel.Principal, identityID string, identityIDs, accountIDs, webviewIDs []string) (sessionScope, error) {
	sc := sessionScope{identityIDs: lintel.Distinct([]string{identityID}, identityIDs), accountIDs: lintel.Distinct(accountIDs),
		webviewIDs: lintel.Distinct(webviewIDs)}
	if p.Kind == lintel.AuthPublishableKey && (len(sc.identityIDs) > 0 || len(sc.accountIDs) > 0 || len(sc.webviewIDs) > 0) {
		return sc, invalid("user_identifier_key", "With a publishable key, give only user_identifier_key")
	}
	for _, id := range sc.webviewIDs {
		if _, err := tx.ConnectWebview(ctx, p.WorkspaceID, id); err != nil {
			return sc, notFound(err, errConnectWebviewNotFound)
		}
	}
	for _, id := range sc.identityIDs {
		if _, err := tx.UserIdentity(ctx, p.WorkspaceID, id); err != nil {
			return sc, notFound(err, errIdentityNotFound)
		}
	}
	for _, id := range sc.accountIDs {
		if _, err := tx.ConnectedAccount(ctx, p.WorkspaceID, id); err != nil {
			return sc, notFound(err, errConnectedAccountNotFound)
		}
	}
	return sc, nil
}

// expiry is when a new session ends: the requested time, which must be in
// the future, or DefaultClientSessionTTL from now.
func expiry(now time.Time, requested *time.Time) (time.Time, error) {
	if requested == nil {
		return now.Add(DefaultClientSessionTTL), nil
	}
	if !requested.After(now) {
		return time.Time{}, invalid("expires_at", "Must be in the future")
	}
	return *requested, nil
}

// CreateClientSession makes a client session for the identities and
// connected accounts named.
func (s *Service) CreateClientSession(ctx context.Context, p lintel.Principal, in client.ClientSessionsCreateParams) (client.ClientSession, error) {
	var out client.ClientSession
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.createSession(ctx, tx, p, in)
		return err
	})
	return out, err
}

func (s *Service) createSession(ctx context.Context, tx *store.Tx, p lintel.Principal, in client.ClientSessionsCreateParams) (client.ClientSession, error) {
	sc, err := checkScope(ctx, tx, p, in.UserIdentityID, in.UserIdentityIDs, in.ConnectedAccountIDs, in.ConnectWebviewIDs)
	if err != nil {
		return client.ClientSession{}, err
	}
	exp, err := expiry(tx.Now(), in.ExpiresAt)
	if err != nil {
		return client.ClientSession{}, err
	}
	n := NewClientSession{UserIdentityIDs: sc.identityIDs, ConnectedAccountIDs: sc.accountIDs, ConnectWebviewIDs: sc.webviewIDs,
		ExpiresAt: exp}
	if in.UserIdentifierKey != "" {
		n.UserIdentifierKey = &in.UserIdentifierKey
	}
	return CreateClientSessionTx(ctx, tx, s.key, p.WorkspaceID, n)
}

// GetOrCreateClientSession returns the live session of the user identifier
// key (or, without a key, of the one identity named), creating it if there
// is none. An expires_at given for an existing session moves its expiry.
func (s *Service) GetOrCreateClientSession(ctx context.Context, p lintel.Principal, in client.ClientSessionsGetOrCreateParams) (client.ClientSession, error) {
	var out client.ClientSession
	identities := lintel.Distinct([]string{in.UserIdentityID}, in.UserIdentityIDs)
	if in.UserIdentifierKey == "" && len(identities) == 0 {
		return out, invalid("user_identifier_key", "Required: give user_identifier_key or user_identity_id")
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var cs store.ClientSession
		err := store.ErrNotFound
		switch {
		case in.UserIdentifierKey != "":
			cs, err = tx.LiveClientSessionByUserIdentifierKey(ctx, p.WorkspaceID, in.UserIdentifierKey)
		case len(identities) == 1 && p.Kind != lintel.AuthPublishableKey:
			cs, err = tx.LiveClientSessionOfIdentity(ctx, p.WorkspaceID, identities[0])
		}
		if errors.Is(err, store.ErrNotFound) {
			out, err = s.createSession(ctx, tx, p, client.ClientSessionsCreateParams(in))
			return err
		}
		if err != nil {
			return err
		}
		if in.ExpiresAt != nil {
			exp, err := expiry(tx.Now(), in.ExpiresAt)
			if err != nil {
				return err
			}
			if err := tx.SetClientSessionExpiry(ctx, p.WorkspaceID, cs.ClientSessionID, exp); err != nil {
				return err
			}
			cs.ExpiresAt = exp.UTC().Truncate(time.Millisecond)
		}
		out, err = s.presentStored(cs)
		return err
	})
	return out, err
}

// GetClientSession returns a live session of the workspace by id or user
// identifier key. A client session may get only itself, and gets itself
// when it names neither.
func (s *Service) GetClientSession(ctx context.Context, p lintel.Principal, in client.ClientSessionsGetParams) (client.ClientSession, error) {
	var out client.ClientSession
	id := in.ClientSessionID
	if p.IsClientSession() {
		if id != "" && id != p.ActorID {
			return out, errClientSessionNotFound
		}
		id = p.ActorID
	}
	if id == "" && in.UserIdentifierKey == "" {
		return out, invalid("client_session_id", "Required: give client_session_id or user_identifier_key")
	}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var cs store.ClientSession
		var err error
		if id != "" {
			cs, err = tx.LiveClientSession(ctx, p.WorkspaceID, id)
		} else {
			cs, err = tx.LiveClientSessionByUserIdentifierKey(ctx, p.WorkspaceID, in.UserIdentifierKey)
		}
		if err != nil {
			return notFound(err, errClientSessionNotFound)
		}
		if in.UserIdentifierKey != "" && (cs.UserIdentifierKey == nil || *cs.UserIdentifierKey != in.UserIdentifierKey) {
			return errClientSessionNotFound
		}
		out, err = s.presentStored(cs)
		return err
	})
	return out, err
}

// ListClientSessions returns the live sessions of the workspace.
func (s *Service) ListClientSessions(ctx context.Context, p lintel.Principal, in client.ClientSessionsListParams) ([]client.ClientSession, error) {
	out := []client.ClientSession{}
	f := store.ClientSessionFilter{ClientSessionID: in.ClientSessionID, UserIdentifierKey: in.UserIdentifierKey,
		WithoutUserIdentifierKey: in.WithoutUserIdentifierKey}
	if v := in.UserIdentityID; v.Set && !v.Null {
		f.UserIdentityID = v.Value
	}
	if v := in.ConnectWebviewID; v.Set && !v.Null {
		f.ConnectWebviewID = v.Value
	}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListClientSessions(ctx, p.WorkspaceID, f)
		if err != nil {
			return err
		}
		for _, cs := range rows {
			c, err := s.presentStored(cs)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// RevokeClientSession ends a session: its token fails on the next request.
func (s *Service) RevokeClientSession(ctx context.Context, p lintel.Principal, clientSessionID string) error {
	return s.endClientSession(ctx, p, clientSessionID, false)
}

// DeleteClientSession deletes a session: it ends as a revoked one does, and
// a client_session.deleted event tells the workspace (Seam keeps revoking
// and deleting apart; only a deletion has an event).
func (s *Service) DeleteClientSession(ctx context.Context, p lintel.Principal, clientSessionID string) error {
	return s.endClientSession(ctx, p, clientSessionID, true)
}

// endClientSession revokes a live session of the workspace, with its audit
// row and, for a deletion, its event; a session already ended is not found.
func (s *Service) endClientSession(ctx context.Context, p lintel.Principal, clientSessionID string, deleted bool) error {
	action := "client_session.revoke"
	if deleted {
		action = "client_session.delete"
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeClientSession(ctx, p.WorkspaceID, clientSessionID); err != nil {
			return notFound(err, errClientSessionNotFound)
		}
		if err := audit.Record(ctx, tx, p, action, "client_session", clientSessionID, audit.Succeeded); err != nil {
			return err
		}
		if !deleted {
			return nil
		}
		return s.events.Record(ctx, tx, p.WorkspaceID, client.Event{EventType: event.ClientSessionDeleted,
			ClientSessionID: clientSessionID})
	})
}

// GrantAccess lets a live session, named by id or user identifier key, act
// for more identities and connected accounts, and returns it.
func (s *Service) GrantAccess(ctx context.Context, p lintel.Principal, in client.ClientSessionsGrantAccessParams) (client.ClientSession, error) {
	var out client.ClientSession
	if in.ClientSessionID == "" && in.UserIdentifierKey == "" {
		return out, invalid("client_session_id", "Required: give client_session_id or user_identifier_key")
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var cs store.ClientSession
		var err error
		if in.ClientSessionID != "" {
			cs, err = tx.LiveClientSession(ctx, p.WorkspaceID, in.ClientSessionID)
		} else {
			cs, err = tx.LiveClientSessionByUserIdentifierKey(ctx, p.WorkspaceID, in.UserIdentifierKey)
		}
		if err != nil {
			return notFound(err, errClientSessionNotFound)
		}
		sc, err := checkScope(ctx, tx, p, in.UserIdentityID, in.UserIdentityIDs, in.ConnectedAccountIDs, in.ConnectWebviewIDs)
		if err != nil {
			return err
		}
		if err := tx.AddClientSessionIdentities(ctx, p.WorkspaceID, cs.ClientSessionID, sc.identityIDs); err != nil {
			return err
		}
		if len(sc.accountIDs) > 0 || len(sc.webviewIDs) > 0 {
			if err := tx.SetClientSessionScope(ctx, p.WorkspaceID, cs.ClientSessionID,
				lintel.Distinct(cs.ConnectedAccountIDs, sc.accountIDs), lintel.Distinct(cs.ConnectWebviewIDs, sc.webviewIDs)); err != nil {
				return err
			}
		}
		if cs, err = tx.LiveClientSession(ctx, p.WorkspaceID, cs.ClientSessionID); err != nil {
			return err
		}
		out, err = s.presentStored(cs)
		return err
	})
	return out, err
}

// ResolveClientSession authenticates a client session token: the session
// must be live (not revoked, not expired) and the long token must match.
// The principal is scoped to the session's user identities. It implements
// workspace.ClientSessionResolver.
func (s *Service) ResolveClientSession(ctx context.Context, tx *store.Tx, short string, longHash []byte) (lintel.Principal, error) {
	cs, err := tx.LiveClientSessionByShortToken(ctx, short)
	if err != nil {
		return lintel.Principal{}, err
	}
	if !secret.EqualHash(cs.LongTokenHash, longHash) {
		return lintel.Principal{}, store.ErrNotFound
	}
	return lintel.Principal{Kind: lintel.AuthClientSession, WorkspaceID: cs.WorkspaceID, ActorID: cs.ClientSessionID,
		ShortToken: "cst" + short, UserIdentityIDs: cs.UserIdentityIDs}, nil
}

// SessionsOfIdentitiesTx presents the live client sessions of the
// workspace that may act for any of the user identities, each once, oldest
// first (grant.ClientSessions).
func (s *Service) SessionsOfIdentitiesTx(ctx context.Context, tx *store.Tx, workspaceID string, userIdentityIDs []string) ([]client.ClientSession, error) {
	out := []client.ClientSession{}
	seen := map[string]bool{}
	for _, id := range lintel.Distinct(userIdentityIDs) {
		rows, err := tx.ListClientSessions(ctx, workspaceID, store.ClientSessionFilter{UserIdentityID: id})
		if err != nil {
			return nil, err
		}
		for _, cs := range rows {
			if seen[cs.ClientSessionID] {
				continue
			}
			seen[cs.ClientSessionID] = true
			c, err := s.presentStored(cs)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// presentStored opens the sealed token of a stored session and presents it.
func (s *Service) presentStored(cs store.ClientSession) (client.ClientSession, error) {
	tok, err := s.key.Open(cs.TokenSealed, cs.ClientSessionID)
	if err != nil {
		return client.ClientSession{}, fmt.Errorf("client session %s: opening its token: %w", cs.ClientSessionID, err)
	}
	return presentSession(cs, string(tok)), nil
}

func presentSession(cs store.ClientSession, token string) client.ClientSession {
	out := client.ClientSession{
		ClientSessionID: cs.ClientSessionID, WorkspaceID: cs.WorkspaceID, CreatedAt: client.NewTime(cs.CreatedAt),
		ExpiresAt: client.NewTime(cs.ExpiresAt), Token: token, UserIdentifierKey: cs.UserIdentifierKey,
		ConnectedAccountIDs: cs.ConnectedAccountIDs, ConnectWebviewIDs: cs.ConnectWebviewIDs,
		UserIdentityIDs: cs.UserIdentityIDs,
	}
	for _, l := range []*[]string{&out.ConnectedAccountIDs, &out.ConnectWebviewIDs, &out.UserIdentityIDs} {
		if *l == nil {
			*l = []string{}
		}
	}
	if len(out.UserIdentityIDs) > 0 {
		out.UserIdentityID = out.UserIdentityIDs[0]
	}
	return out
}
