// Package bridge is the domain of Seam Bridge: the software on a machine
// inside a building's network through which on-premises access systems are
// reached. A bridge client opens a session without credentials and shows
// its pairing code; an operator pairs the session with a workspace by that
// code, on the server's machine (`lintel pair-bridge`), which makes a
// bridge of the workspace and may put connected accounts behind it. The
// client then authenticates with its session token, reports its status and
// lists the access systems it reaches.
package bridge

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// PairingCodeTTL is how long a pairing code can be used; the client asks
// for a new one (regenerate_pairing_code) once it has expired.
const PairingCodeTTL = 10 * time.Minute

// TelemetryTokenTTL is how long a telemetry token lasts; the client asks
// for a new one (refresh_telemetry_token) before then.
const TelemetryTokenTTL = 24 * time.Hour

// SilenceLimit is how long a paired bridge may go without reporting its
// status before it carries the no_communication_from_bridge error.
const SilenceLimit = 10 * time.Minute

// Errors of this domain.
var (
	errSessionNotFound          = lintel.NotFound("bridge_client_session", "Bridge client session not found")
	errBridgeNotFound           = lintel.NotFound("bridge", "Bridge not found")
	errConnectedAccountNotFound = lintel.NotFound("connected_account", "Connected account not found")
)

// Service is the Seam Bridge domain.
type Service struct {
	store *store.Store
	// key seals session tokens, which bridge_client_sessions/get returns.
	key secret.Key
}

// NewService builds the Seam Bridge domain.
func NewService(st *store.Store, key secret.Key) *Service {
	return &Service{store: st, key: key}
}

func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

// NewSession describes a bridge client session to open.
type NewSession struct {
	client.BridgeClientSessionsCreateParams
	// Token, if set, is used instead of a random one (seed mode's
	// well-known seam_bcs1_token).
	Token string
}

// CreateSession opens a session for a bridge client, in no workspace, with a
// fresh pairing code.
func (s *Service) CreateSession(ctx context.Context, n NewSession) (client.BridgeClientSession, error) {
	var out client.BridgeClientSession
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = CreateSessionTx(ctx, tx, s.key, n)
		return err
	})
	return out, err
}

// CreateSessionTx is CreateSession within the caller's transaction; key
// seals the session's token.
func CreateSessionTx(ctx context.Context, tx *store.Tx, key secret.Key, n NewSession) (client.BridgeClientSession, error) {
	tok, err := sessionToken(n.Token)
	if err != nil {
		return client.BridgeClientSession{}, err
	}
	now := tx.Now()
	code, err := freePairingCode(ctx, tx, now)
	if err != nil {
		return client.BridgeClientSession{}, err
	}
	id := lintel.NewID()
	bs := store.BridgeClientSession{BridgeClientSessionID: id, ShortToken: tok.Short,
		LongTokenHash: secret.HashLong(tok.Long), Name: n.BridgeClientName, TimeZone: n.BridgeClientTimeZone,
		MachineIdentifierKey: n.BridgeClientMachineIdentifierKey, TailscaleHostname: "lintel-bridge-" + id[:8],
		PairingCode: code, PairingCodeExpiresAt: now.Add(PairingCodeTTL), CreatedAt: now}
	// Sealed to its session id, so that a sealed value copied onto another
	// row does not open.
	if bs.TokenSealed, err = key.Seal([]byte(tok.String()), id); err != nil {
		return client.BridgeClientSession{}, err
	}
	if err := tx.InsertBridgeClientSession(ctx, bs); err != nil {
		return client.BridgeClientSession{}, err
	}
	return present(bs, tok.String(), now), nil
}

func sessionToken(fixed string) (secret.Token, error) {
	if fixed == "" {
		return secret.NewToken(secret.BridgeClientSessionToken)
	}
	tok, ok := secret.ParseToken(fixed)
	if !ok || tok.Kind != secret.BridgeClientSessionToken {
		return tok, errors.New("bridge: the fixed token is not a bridge client session token")
	}
	return tok, nil
}

// freePairingCode draws six random digits that no live pairing code holds,
// so that a code pairs exactly one session.
func freePairingCode(ctx context.Context, tx *store.Tx, now time.Time) (string, error) {
	for range 20 {
		n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
		if err != nil {
			return "", err
		}
		code := fmt.Sprintf("%06d", n.Int64())
		_, err = tx.BridgeClientSessionByPairingCode(ctx, code, now)
		if errors.Is(err, store.ErrNotFound) {
			return code, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", errors.New("bridge: no free pairing code after 20 draws")
}

// ResolveSession authenticates a bridge client session token: the short
// part finds the session, the hash of the long part must match.
func (s *Service) ResolveSession(ctx context.Context, tx *store.Tx, short string, longHash []byte) (lintel.Principal, error) {
	bs, err := tx.BridgeClientSessionByShortToken(ctx, short)
	if err != nil {
		return lintel.Principal{}, err
	}
	if !secret.EqualHash(bs.LongTokenHash, longHash) {
		return lintel.Principal{}, store.ErrNotFound
	}
	return lintel.Principal{Kind: lintel.AuthBridgeClientSession, ActorID: bs.BridgeClientSessionID,
		ShortToken: secret.BridgeClientSessionToken.Prefix() + short}, nil
}

// Session returns the caller's own session.
func (s *Service) Session(ctx context.Context, p lintel.Principal) (client.BridgeClientSession, error) {
	var out client.BridgeClientSession
	err := s.store.View(ctx, func(tx *store.Tx) error {
		bs, err := tx.BridgeClientSession(ctx, p.ActorID)
		if err != nil {
			return notFound(err, errSessionNotFound)
		}
		out, err = s.presentStored(bs, tx.Now())
		return err
	})
	return out, err
}

// RegeneratePairingCode gives the caller's session a new pairing code; the
// old one pairs nothing any more.
func (s *Service) RegeneratePairingCode(ctx context.Context, p lintel.Principal) (client.BridgeClientSession, error) {
	var out client.BridgeClientSession
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		bs, err := tx.BridgeClientSession(ctx, p.ActorID)
		if err != nil {
			return notFound(err, errSessionNotFound)
		}
		now := tx.Now()
		if bs.PairingCode, err = freePairingCode(ctx, tx, now); err != nil {
			return err
		}
		bs.PairingCodeExpiresAt = now.Add(PairingCodeTTL)
		if err := tx.SetBridgePairingCode(ctx, bs.BridgeClientSessionID, bs.PairingCode, bs.PairingCodeExpiresAt); err != nil {
			return notFound(err, errSessionNotFound)
		}
		out, err = s.presentStored(bs, now)
		return err
	})
	return out, err
}

// RefreshTailscaleAuthKey gives the caller's session a new Tailscale auth
// key, in place of the one it had.
func (s *Service) RefreshTailscaleAuthKey(ctx context.Context, p lintel.Principal) (client.BridgeClientSession, error) {
	return s.refresh(ctx, p, func(tx *store.Tx, bs *store.BridgeClientSession) error {
		sealed, err := s.key.Seal([]byte("tskey-auth-"+rand.Text()+rand.Text()), bs.BridgeClientSessionID+purposeTailscaleAuthKey)
		if err != nil {
			return err
		}
		bs.TailscaleAuthKeySealed = &sealed
		return tx.SetBridgeTailscaleAuthKey(ctx, bs.BridgeClientSessionID, sealed)
	})
}

// RefreshTelemetryToken gives the caller's session a new telemetry token,
// good for TelemetryTokenTTL, in place of the one it had.
func (s *Service) RefreshTelemetryToken(ctx context.Context, p lintel.Principal) (client.BridgeClientSession, error) {
	return s.refresh(ctx, p, func(tx *store.Tx, bs *store.BridgeClientSession) error {
		sealed, err := s.key.Seal([]byte(rand.Text()+rand.Text()), bs.BridgeClientSessionID+purposeTelemetryToken)
		if err != nil {
			return err
		}
		expires := tx.Now().Add(TelemetryTokenTTL)
		bs.TelemetryTokenSealed, bs.TelemetryTokenExpiresAt = &sealed, &expires
		return tx.SetBridgeTelemetryToken(ctx, bs.BridgeClientSessionID, sealed, expires)
	})
}

// refresh changes the caller's session with change and presents it.
func (s *Service) refresh(ctx context.Context, p lintel.Principal, change func(*store.Tx, *store.BridgeClientSession) error) (client.BridgeClientSession, error) {
	var out client.BridgeClientSession
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		bs, err := tx.BridgeClientSession(ctx, p.ActorID)
		if err != nil {
			return notFound(err, errSessionNotFound)
		}
		if err := change(tx, &bs); err != nil {
			return notFound(err, errSessionNotFound)
		}
		out, err = s.presentStored(bs, tx.Now())
		return err
	})
	return out, err
}

// ReportStatus keeps what the caller's client reports of its network.
func (s *Service) ReportStatus(ctx context.Context, p lintel.Principal, in client.BridgeClientSessionsReportStatusParams) error {
	var connected *bool
	if !in.IsTailscaleConnected.Null {
		connected = &in.IsTailscaleConnected.Value
	}
	var ip *string
	if !in.TailscaleIPv4.Null {
		ip = &in.TailscaleIPv4.Value
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		return notFound(tx.RecordBridgeStatus(ctx, p.ActorID, connected, ip, tx.Now()), errSessionNotFound)
	})
}

// ConnectedSystems lists the access systems the caller's bridge reaches;
// none before it is paired.
func (s *Service) ConnectedSystems(ctx context.Context, p lintel.Principal) ([]client.BridgeConnectedSystem, error) {
	out := []client.BridgeConnectedSystem{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		list, err := tx.BridgeConnectedSystems(ctx, p.ActorID)
		for _, c := range list {
			out = append(out, client.BridgeConnectedSystem{BridgeID: c.BridgeID, BridgeCreatedAt: client.NewTime(c.BridgeCreatedAt),
				ConnectedAccountID: c.ConnectedAccountID, ConnectedAccountCreatedAt: client.NewTime(c.ConnectedAccountCreatedAt),
				AcsSystemID: c.AcsSystemID, AcsSystemDisplayName: c.AcsSystemName, WorkspaceID: c.WorkspaceID,
				WorkspaceDisplayName: c.WorkspaceName})
		}
		return err
	})
	return out, err
}

// Get returns a bridge of the caller's workspace.
func (s *Service) Get(ctx context.Context, p lintel.Principal, bridgeID string) (client.Bridge, error) {
	var out client.Bridge
	err := s.store.View(ctx, func(tx *store.Tx) error {
		b, err := tx.Bridge(ctx, p.WorkspaceID, bridgeID)
		out = presentBridge(b)
		return notFound(err, errBridgeNotFound)
	})
	return out, err
}

// List returns the bridges of the caller's workspace.
func (s *Service) List(ctx context.Context, p lintel.Principal) ([]client.Bridge, error) {
	out := []client.Bridge{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		list, err := tx.ListBridges(ctx, p.WorkspaceID)
		for _, b := range list {
			out = append(out, presentBridge(b))
		}
		return err
	})
	return out, err
}

// Pair pairs the session showing pairing code code with the workspace of
// p, and puts the connected accounts of that workspace behind the new
// bridge; all or nothing, audited. It is how an operator on the server's
// machine adds a bridge (`lintel pair-bridge`).
func (s *Service) Pair(ctx context.Context, p lintel.Principal, code string, connectedAccountIDs []string) (client.Bridge, error) {
	var out client.Bridge
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = PairTx(ctx, tx, p, code, connectedAccountIDs)
		return err
	})
	return out, err
}

// PairTx is Pair within the caller's transaction.
func PairTx(ctx context.Context, tx *store.Tx, p lintel.Principal, code string, connectedAccountIDs []string) (client.Bridge, error) {
	bs, err := tx.BridgeClientSessionByPairingCode(ctx, code, tx.Now())
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return client.Bridge{}, invalid("pairing_code", "No bridge client shows this pairing code, or it has expired")
		}
		return client.Bridge{}, err
	}
	b := store.Bridge{BridgeID: lintel.NewID(), WorkspaceID: p.WorkspaceID, BridgeClientSessionID: bs.BridgeClientSessionID,
		CreatedAt: tx.Now()}
	if err := tx.InsertBridge(ctx, p.WorkspaceID, b); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return client.Bridge{}, invalid("pairing_code", "This bridge client is already paired")
		}
		return client.Bridge{}, err
	}
	for _, id := range connectedAccountIDs {
		if err := tx.SetConnectedAccountBridge(ctx, p.WorkspaceID, id, &b.BridgeID); err != nil {
			return client.Bridge{}, notFound(err, errConnectedAccountNotFound)
		}
	}
	if err := audit.Record(ctx, tx, p, "bridge.pair", "bridge", b.BridgeID, audit.Succeeded); err != nil {
		return client.Bridge{}, err
	}
	return presentBridge(b), nil
}

func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}

func presentBridge(b store.Bridge) client.Bridge {
	return client.Bridge{BridgeID: b.BridgeID, WorkspaceID: b.WorkspaceID, CreatedAt: client.NewTime(b.CreatedAt)}
}

// What a session's secrets other than its token are sealed to, after its
// id, so that a sealed value copied onto another column or row does not
// open.
const (
	purposeTailscaleAuthKey = "/tailscale_auth_key"
	purposeTelemetryToken   = "/telemetry_token"
)

// presentStored opens the sealed secrets of a stored session and presents
// it.
func (s *Service) presentStored(bs store.BridgeClientSession, now time.Time) (client.BridgeClientSession, error) {
	tok, err := s.key.Open(bs.TokenSealed, bs.BridgeClientSessionID)
	if err != nil {
		return client.BridgeClientSession{}, fmt.Errorf("bridge client session %s: opening its token: %w", bs.BridgeClientSessionID, err)
	}
	out := present(bs, string(tok), now)
	open := func(sealed *string, purpose string) (*string, error) {
		if sealed == nil {
			return nil, nil
		}
		v, err := s.key.Open(*sealed, bs.BridgeClientSessionID+purpose)
		if err != nil {
			return nil, fmt.Errorf("bridge client session %s: opening its%s: %w", bs.BridgeClientSessionID, purpose, err)
		}
		str := string(v)
		return &str, nil
	}
	if out.TailscaleAuthKey, err = open(bs.TailscaleAuthKeySealed, purposeTailscaleAuthKey); err != nil {
		return out, err
	}
	if out.TelemetryToken, err = open(bs.TelemetryTokenSealed, purposeTelemetryToken); err != nil {
		return out, err
	}
	if bs.TelemetryTokenExpiresAt != nil {
		t := client.NewTime(*bs.TelemetryTokenExpiresAt)
		out.TelemetryTokenExpiresAt = &t
	}
	return out, nil
}

// present is the session as the API shows it at now: a paired bridge that
// has not reported within SilenceLimit (of its last report, or of the
// session's start if it never reported) carries no_communication_from_bridge.
func present(bs store.BridgeClientSession, token string, now time.Time) client.BridgeClientSession {
	out := client.BridgeClientSession{CreatedAt: client.NewTime(bs.CreatedAt), BridgeClientSessionID: bs.BridgeClientSessionID,
		BridgeClientSessionToken: token, PairingCode: bs.PairingCode,
		PairingCodeExpiresAt: client.NewTime(bs.PairingCodeExpiresAt), TailscaleHostname: bs.TailscaleHostname,
		BridgeClientName: bs.Name, BridgeClientTimeZone: bs.TimeZone, BridgeClientMachineIdentifierKey: bs.MachineIdentifierKey,
		Errors: []client.BridgeClientSessionError{}}
	if bs.BridgeID == nil {
		return out
	}
	last := bs.CreatedAt
	if bs.LastStatusReportAt != nil {
		last = *bs.LastStatusReportAt
	}
	if silentSince := last.Add(SilenceLimit); now.After(silentSince) {
		out.Errors = append(out.Errors, client.BridgeClientSessionError{ErrorCode: "no_communication_from_bridge",
			Message: "Seam Bridge has not reported its status recently", CreatedAt: client.NewTime(silentSince)})
	}
	return out
}
