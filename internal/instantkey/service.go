// Package instantkey is the domain of instant keys — shareable links
// through which a user identity opens its locks, each behind a client
// session of that identity — and of the server-rendered page the link
// opens.
package instantkey

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"log/slog"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/identity"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// TTL is how long a key works unless its uses are spent first: two days,
// time enough to send the link ahead of a visit.
const TTL = 48 * time.Hour

// ViewPath is where lintel serves the keys' page; the key's token is the
// url's "token" parameter (a query parameter, so that the access log,
// which records paths, never holds it).
const ViewPath = "/instant_keys/view"

var errKeyNotFound = lintel.NotFound("instant_key", "Instant key not found")

// Errors of the page: the link names no key (or a deleted one), or a key
// that can no longer be used.
var (
	ErrInvalidLink = errors.New("instantkey: no such key")
	ErrExpired     = errors.New("instantkey: the key has expired")
	ErrSpent       = errors.New("instantkey: the key's uses are spent")
	ErrNotYours    = errors.New("instantkey: the lock is not one the key opens")
)

// Grants says which devices a user identity's access grants let it open.
type Grants interface {
	DeviceIDsOfIdentityTx(ctx context.Context, tx *store.Tx, workspaceID, userIdentityID string) ([]string, error)
}

// Locks presents and unlocks locks (device.Service).
type Locks interface {
	ManagedLocksTx(ctx context.Context, tx *store.Tx, workspaceID string, deviceIDs []string) ([]client.Device, error)
	UnlockDoorTx(ctx context.Context, tx *store.Tx, workspaceID, deviceID string) (client.ActionAttempt, error)
}

// Identities lists the access system entrances an identity may open and
// the devices it was given access to directly (identity.Service).
type Identities interface {
	ListAccessibleEntrances(ctx context.Context, p lintel.Principal, userIdentityID string) ([]client.AcsEntrance, error)
	AccessibleDeviceIDsTx(ctx context.Context, tx *store.Tx, workspaceID, userIdentityID string) ([]string, error)
}

// Service is the instant key domain.
type Service struct {
	store      *store.Store
	key        secret.Key
	grants     Grants
	locks      Locks
	identities Identities
	log        *slog.Logger
	// publicURL is the base of the keys' urls (no trailing slash).
	publicURL string
}

// NewService builds the instant key service. key seals the tokens of the
// keys and of their client sessions; publicURL is lintel's address as a
// browser reaches it.
func NewService(st *store.Store, key secret.Key, grants Grants, locks Locks, identities Identities, publicURL string, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, key: key, grants: grants, locks: locks, identities: identities, log: log,
		publicURL: strings.TrimSuffix(publicURL, "/")}
}

// SetPublicURL changes the base of the keys' urls: `lintel serve` knows
// its address only once it listens.
func (s *Service) SetPublicURL(u string) { s.publicURL = strings.TrimSuffix(u, "/") }

func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}

// Generate makes a key for an identity of the caller's workspace, with a
// new client session of that identity behind it; both end after TTL.
// max_use_count (default 1) is how many unlocks the key's page allows.
// lintel has no customization profiles, so customization_profile_id is
// refused rather than kept unused.
func (s *Service) Generate(ctx context.Context, p lintel.Principal, in client.UserIdentitiesGenerateInstantKeyParams) (client.InstantKey, error) {
	var out client.InstantKey
	if in.CustomizationProfileID != "" {
		return out, invalid("customization_profile_id", "lintel has no customization profiles: leave customization_profile_id out")
	}
	uses := 1
	if in.MaxUseCount != nil {
		if *in.MaxUseCount != math.Trunc(*in.MaxUseCount) {
			return out, invalid("max_use_count", "Must be a whole number")
		}
		uses = int(*in.MaxUseCount)
	}
	token, err := newToken()
	if err != nil {
		return out, err
	}
	k := store.InstantKey{InstantKeyID: lintel.NewID(), UserIdentityID: in.UserIdentityID, TokenHash: secret.HashLong(token),
		MaxUseCount: uses}
	if k.TokenSealed, err = s.key.Seal([]byte(token), sealLabel(k.InstantKeyID)); err != nil {
		return out, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.UserIdentity(ctx, p.WorkspaceID, in.UserIdentityID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return lintel.NotFound("user_identity", "User identity not found")
			}
			return err
		}
		k.WorkspaceID, k.CreatedAt = p.WorkspaceID, tx.Now()
		k.ExpiresAt = k.CreatedAt.Add(TTL)
		cs, err := identity.CreateClientSessionTx(ctx, tx, s.key, p.WorkspaceID,
			identity.NewClientSession{UserIdentityIDs: []string{in.UserIdentityID}, ExpiresAt: k.ExpiresAt})
		if err != nil {
			return err
		}
		k.ClientSessionID = cs.ClientSessionID
		if err := tx.InsertInstantKey(ctx, p.WorkspaceID, k); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "instant_key.create", "instant_key", k.InstantKeyID, audit.Succeeded); err != nil {
			return err
		}
		out = s.present(k, token)
		return nil
	})
	return out, err
}

// Get returns a key of the caller's workspace by id or by url; given
// both, they must name the same key. A url that is not a key's is not
// found.
func (s *Service) Get(ctx context.Context, p lintel.Principal, in client.InstantKeysGetParams) (client.InstantKey, error) {
	var out client.InstantKey
	if in.InstantKeyID == "" && in.InstantKeyURL == "" {
		return out, invalid("instant_key_id", "Required: give instant_key_id or instant_key_url")
	}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var k store.InstantKey
		var err error
		if in.InstantKeyURL != "" {
			token, ok := tokenOf(in.InstantKeyURL)
			if !ok {
				return errKeyNotFound
			}
			k, err = tx.InstantKeyOfWorkspaceByToken(ctx, p.WorkspaceID, secret.HashLong(token))
			if err == nil && in.InstantKeyID != "" && in.InstantKeyID != k.InstantKeyID {
				return errKeyNotFound
			}
		} else {
			k, err = tx.InstantKey(ctx, p.WorkspaceID, in.InstantKeyID)
		}
		if errors.Is(err, store.ErrNotFound) {
			return errKeyNotFound
		}
		if err != nil {
			return err
		}
		out, err = s.presentStored(k)
		return err
	})
	return out, err
}

// List returns the keys of the caller's workspace, of one identity when
// it is named, oldest first; spent and expired keys too, until deleted.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.InstantKeysListParams) ([]client.InstantKey, error) {
	out := []client.InstantKey{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListInstantKeys(ctx, p.WorkspaceID, in.UserIdentityID)
		if err != nil {
			return err
		}
		for _, k := range rows {
			ik, err := s.presentStored(k)
			if err != nil {
				return err
			}
			out = append(out, ik)
		}
		return nil
	})
	return out, err
}

// KeysOfIdentitiesTx presents the live keys (uses left, not expired) of
// the workspace's identities, each once, oldest first by identity
// (access_methods/get_related).
func (s *Service) KeysOfIdentitiesTx(ctx context.Context, tx *store.Tx, workspaceID string, userIdentityIDs []string) ([]client.InstantKey, error) {
	out := []client.InstantKey{}
	for _, id := range lintel.Distinct(userIdentityIDs) {
		rows, err := tx.ListInstantKeys(ctx, workspaceID, id)
		if err != nil {
			return nil, err
		}
		for _, k := range rows {
			if k.UseCount >= k.MaxUseCount || !tx.Now().Before(k.ExpiresAt) {
				continue
			}
			ik, err := s.presentStored(k)
			if err != nil {
				return nil, err
			}
			out = append(out, ik)
		}
	}
	return out, nil
}

// Delete removes a key of the caller's workspace and revokes its client
// session: the link and the session stop working together.
func (s *Service) Delete(ctx context.Context, p lintel.Principal, instantKeyID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		k, err := tx.InstantKey(ctx, p.WorkspaceID, instantKeyID)
		if errors.Is(err, store.ErrNotFound) {
			return errKeyNotFound
		}
		if err != nil {
			return err
		}
		if err := tx.DeleteInstantKey(ctx, p.WorkspaceID, instantKeyID); err != nil {
			return err
		}
		if err := s.endSession(ctx, tx, p, k.ClientSessionID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "instant_key.delete", "instant_key", instantKeyID, audit.Succeeded)
	})
}

// endSession revokes a key's client session, with its audit row; a
// session already ended (expired, revoked) is left as it is.
func (s *Service) endSession(ctx context.Context, tx *store.Tx, p lintel.Principal, clientSessionID string) error {
	err := tx.RevokeClientSession(ctx, p.WorkspaceID, clientSessionID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, p, "client_session.revoke", "client_session", clientSessionID, audit.Succeeded)
}

// newToken returns a fresh random token: 32 bytes, base64url.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// sealLabel binds a sealed token to its key.
func sealLabel(id string) string { return "instant_key:" + id }

// tokenOf reads the token of a key's url; any base address will do, so
// that a url handed out before lintel's public address changed still
// finds its key.
func tokenOf(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Path != ViewPath {
		return "", false
	}
	token := u.Query().Get("token")
	return token, token != ""
}

// URL is the address of a key's page.
func (s *Service) URL(token string) string {
	return s.publicURL + ViewPath + "?" + url.Values{"token": {token}}.Encode()
}

// presentStored opens the sealed token of k to present it.
func (s *Service) presentStored(k store.InstantKey) (client.InstantKey, error) {
	token, err := s.key.Open(k.TokenSealed, sealLabel(k.InstantKeyID))
	if err != nil {
		return client.InstantKey{}, err
	}
	return s.present(k, string(token)), nil
}

func (s *Service) present(k store.InstantKey, token string) client.InstantKey {
	return client.InstantKey{InstantKeyID: k.InstantKeyID, WorkspaceID: k.WorkspaceID, CreatedAt: client.NewTime(k.CreatedAt),
		InstantKeyURL: s.URL(token), ClientSessionID: k.ClientSessionID, UserIdentityID: k.UserIdentityID,
		ExpiresAt: client.NewTime(k.ExpiresAt)}
}
