// Package workspace owns workspaces and the callers of the API: console
// users and their memberships, API keys, personal access tokens, console
// sessions and publishable keys. It turns the credentials of a request into a
// lintel.Principal.
package workspace

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// Credentials are what a request presented, read from its headers.
type Credentials struct {
	// Bearer is the token of the Authorization header.
	Bearer string
	// Workspace is the seam-workspace header.
	Workspace string
	// ClientSessionToken is the client-session-token (or
	// seam-client-session-token) header.
	ClientSessionToken string
	// PublishableKey is the seam-publishable-key header.
	PublishableKey string
}

// ClientSessionResolver resolves client session tokens; the identity package
// implements it. Nil means client sessions are not accepted.
type ClientSessionResolver interface {
	ResolveClientSession(ctx context.Context, tx *store.Tx, short string, longHash []byte) (lintel.Principal, error)
}

// BridgeSessionResolver resolves Seam Bridge client session tokens; the
// bridge package implements it. Nil means bridge clients are not accepted.
type BridgeSessionResolver interface {
	ResolveSession(ctx context.Context, tx *store.Tx, short string, longHash []byte) (lintel.Principal, error)
}

// Service is the workspace and caller domain.
type Service struct {
	store    *store.Store
	key      secret.Key
	log      *slog.Logger
	sessions ClientSessionResolver
	bridges  BridgeSessionResolver
	events   attempt.Recorder
}

// NewService builds a Service. key signs and verifies console sessions.
func NewService(st *store.Store, key secret.Key, log *slog.Logger) *Service {
	return &Service{store: st, key: key, log: log}
}

// SetClientSessionResolver wires client session tokens into Authenticate.
func (s *Service) SetClientSessionResolver(r ClientSessionResolver) { s.sessions = r }

// SetBridgeSessionResolver wires Seam Bridge client session tokens into
// Authenticate.
func (s *Service) SetBridgeSessionResolver(r BridgeSessionResolver) { s.bridges = r }

// SetEventRecorder wires the event log, which the action attempts of
// workspace operations end through.
func (s *Service) SetEventRecorder(r attempt.Recorder) { s.events = r }

// errUnauthorized is the one answer to every failed authentication, so that
// a wrong key, a deleted key and a key of another kind look the same.
var errUnauthorized = &lintel.Error{Code: lintel.EUnauthorized, Message: "Unauthorized"}

// ErrUnauthorized returns the uniform authentication failure.
func ErrUnauthorized() error { return errUnauthorized }

// Authenticate resolves the principal of a request. It never caches: a key
// deleted a moment ago fails now. It reads outside a transaction (a snapshot
// would cost BEGIN and ROLLBACK on every request): an API key is one
// statement, and where a second one checks membership, each check holds at
// the moment it runs, as it would for a request arriving a moment earlier.
func (s *Service) Authenticate(ctx context.Context, c Credentials) (lintel.Principal, error) {
	var p lintel.Principal
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		var err error
		p, err = s.authenticate(ctx, tx, c)
		return err
	})
	return p, err
}

func (s *Service) authenticate(ctx context.Context, tx *store.Tx, c Credentials) (lintel.Principal, error) {
	bearer := c.Bearer
	if bearer == "" && c.ClientSessionToken != "" {
		bearer = c.ClientSessionToken
	}
	if bearer == "" && c.PublishableKey != "" {
		return s.publishableKey(ctx, tx, c.PublishableKey)
	}
	if bearer == "" {
		return lintel.Principal{}, errUnauthorized
	}
	if strings.HasPrefix(bearer, "ey") {
		return s.consoleSession(ctx, tx, bearer, c.Workspace)
	}
	tok, ok := secret.ParseToken(bearer)
	if !ok {
		return lintel.Principal{}, errUnauthorized
	}
	switch tok.Kind {
	case secret.APIKey:
		return s.apiKey(ctx, tx, tok, c.Workspace)
	case secret.PersonalAccessToken:
		return s.pat(ctx, tx, tok, c.Workspace)
	case secret.ClientSessionToken:
		if c.ClientSessionToken != "" && c.ClientSessionToken != bearer {
			return lintel.Principal{}, errUnauthorized
		}
		if s.sessions == nil {
			return lintel.Principal{}, errUnauthorized
		}
		p, err := s.sessions.ResolveClientSession(ctx, tx, tok.Short, secret.HashLong(tok.Long))
		if err != nil {
			return lintel.Principal{}, unauthorizedOr(err)
		}
		return p, nil
	case secret.PublishableKey:
		return s.publishableKey(ctx, tx, bearer)
	case secret.BridgeClientSessionToken:
		if s.bridges == nil {
			return lintel.Principal{}, errUnauthorized
		}
		p, err := s.bridges.ResolveSession(ctx, tx, tok.Short, secret.HashLong(tok.Long))
		if errors.Is(err, store.ErrNotFound) || lintel.ErrorCode(err) == lintel.EUnauthorized {
			// An API key issued before bridge tokens had their prefix may
			// have a short part that starts with it (new keys never do).
			return s.apiKey(ctx, tx, secret.Token{Kind: secret.APIKey, Short: secret.BridgeClientSessionToken.Prefix() + tok.Short, Long: tok.Long}, c.Workspace)
		}
		if err != nil {
			return lintel.Principal{}, err
		}
		return p, nil
	}
	return lintel.Principal{}, errUnauthorized
}

// KnownActor finds, for a request whose authentication failed, the API key
// its token names by its short token (a known key's prefix), so that the
// refusal can be audited in the key's workspace. It never authenticates:
// the secret part is not checked, and nothing is returned for any other
// kind of token.
func (s *Service) KnownActor(ctx context.Context, c Credentials) (lintel.Principal, bool) {
	tok, ok := secret.ParseToken(c.Bearer)
	if !ok || tok.Kind != secret.APIKey {
		return lintel.Principal{}, false
	}
	var p lintel.Principal
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		k, err := tx.APIKeyByShortToken(ctx, tok.Short)
		p = lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: k.WorkspaceID, ActorID: k.APIKeyID, ShortToken: tok.Short}
		return err
	})
	return p, err == nil
}

// unauthorizedOr maps "no such token" to the uniform 401 and keeps real
// failures (a database error) as they are, so they surface as 500s.
func unauthorizedOr(err error) error {
	if errors.Is(err, store.ErrNotFound) || lintel.ErrorCode(err) == lintel.EUnauthorized {
		return errUnauthorized
	}
	return err
}

func (s *Service) apiKey(ctx context.Context, tx *store.Tx, tok secret.Token, wsHeader string) (lintel.Principal, error) {
	k, err := tx.APIKeyByShortToken(ctx, tok.Short)
	if err != nil {
		return lintel.Principal{}, unauthorizedOr(err)
	}
	if !secret.EqualHash(k.LongTokenHash, secret.HashLong(tok.Long)) {
		return lintel.Principal{}, errUnauthorized
	}
	// An API key is bound to its workspace; naming another one is refused
	// rather than silently ignored.
	if wsHeader != "" && wsHeader != k.WorkspaceID {
		return lintel.Principal{}, errUnauthorized
	}
	return lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: k.WorkspaceID,
		ActorID: k.APIKeyID, ShortToken: tok.Short}, nil
}

func (s *Service) pat(ctx context.Context, tx *store.Tx, tok secret.Token, wsHeader string) (lintel.Principal, error) {
	t, err := tx.PATByShortToken(ctx, tok.Short)
	if err != nil {
		return lintel.Principal{}, unauthorizedOr(err)
	}
	if !secret.EqualHash(t.LongTokenHash, secret.HashLong(tok.Long)) {
		return lintel.Principal{}, errUnauthorized
	}
	p := lintel.Principal{Kind: lintel.AuthPAT, ActorID: t.PATID, UserID: t.UserID, ShortToken: "at" + tok.Short}
	return s.withWorkspace(ctx, tx, p, wsHeader)
}

func (s *Service) consoleSession(ctx context.Context, tx *store.Tx, jwt, wsHeader string) (lintel.Principal, error) {
	claims, err := s.key.VerifySession(jwt, time.Now())
	if err != nil {
		return lintel.Principal{}, errUnauthorized
	}
	live, err := tx.LiveConsoleSession(ctx, claims.UserID, claims.SessionID)
	if err != nil {
		return lintel.Principal{}, err
	}
	if !live {
		return lintel.Principal{}, errUnauthorized
	}
	p := lintel.Principal{Kind: lintel.AuthConsoleSession, ActorID: claims.SessionID, UserID: claims.UserID}
	return s.withWorkspace(ctx, tx, p, wsHeader)
}

// withWorkspace binds a user-level principal to the workspace it names,
// after checking membership. No header leaves it without a workspace.
func (s *Service) withWorkspace(ctx context.Context, tx *store.Tx, p lintel.Principal, wsHeader string) (lintel.Principal, error) {
	if wsHeader == "" {
		return p, nil
	}
	if !lintel.IsUUID(wsHeader) {
		return lintel.Principal{}, errUnauthorized
	}
	ok, err := tx.IsWorkspaceMember(ctx, wsHeader, p.UserID)
	if err != nil {
		return lintel.Principal{}, err
	}
	if !ok {
		return lintel.Principal{}, errUnauthorized
	}
	p.WorkspaceID = wsHeader
	return p, nil
}

func (s *Service) publishableKey(ctx context.Context, tx *store.Tx, raw string) (lintel.Principal, error) {
	tok, ok := secret.ParseToken(raw)
	if !ok || tok.Kind != secret.PublishableKey {
		return lintel.Principal{}, errUnauthorized
	}
	k, err := tx.PublishableKeyByShortToken(ctx, tok.Short)
	if err != nil {
		return lintel.Principal{}, unauthorizedOr(err)
	}
	if !secret.EqualHash(k.LongTokenHash, secret.HashLong(tok.Long)) {
		return lintel.Principal{}, errUnauthorized
	}
	return lintel.Principal{Kind: lintel.AuthPublishableKey, WorkspaceID: k.WorkspaceID,
		ActorID: k.PublishableKeyID, ShortToken: "pk" + tok.Short}, nil
}
