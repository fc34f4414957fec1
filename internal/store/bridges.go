package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// BridgeClientSession is a Seam Bridge client's session as stored. It
// belongs to no workspace: the bridge client authenticates with its token,
// and every read and write of the session is scoped by the session id that
// token resolved to. Pairing it with a workspace makes a Bridge.
type BridgeClientSession struct {
	BridgeClientSessionID string
	ShortToken            string
	LongTokenHash         []byte
	TokenSealed           string
	Name                  string
	TimeZone              string
	MachineIdentifierKey  string
	TailscaleHostname     string
	PairingCode           string
	PairingCodeExpiresAt  time.Time
	// What the client last reported of itself, and when; nil before it
	// reported anything.
	IsTailscaleConnected *bool
	TailscaleIPv4        *string
	LastStatusReportAt   *time.Time
	CreatedAt            time.Time
	// TailscaleAuthKeySealed and TelemetryTokenSealed are the session's
	// Tailscale auth key and telemetry token, sealed with the server key;
	// nil before the client asked for one.
	TailscaleAuthKeySealed  *string
	TelemetryTokenSealed    *string
	TelemetryTokenExpiresAt *time.Time
	// BridgeID and WorkspaceID are set once the session is paired.
	BridgeID    *string
	WorkspaceID *string
}

// Bridge is a bridge client session paired with a workspace.
type Bridge struct {
	BridgeID              string
	WorkspaceID           string
	BridgeClientSessionID string
	CreatedAt             time.Time
}

// BridgeConnectedSystem is an access system reached through a bridge: its
// connected account is behind the bridge.
type BridgeConnectedSystem struct {
	BridgeID                  string
	BridgeCreatedAt           time.Time
	ConnectedAccountID        string
	ConnectedAccountCreatedAt time.Time
	AcsSystemID               string
	AcsSystemName             string
	WorkspaceID               string
	WorkspaceName             string
}

const bridgeClientSessionColumns = `s.bridge_client_session_id, s.short_token, s.long_token_hash, s.token_sealed,
	s.bridge_client_name, s.bridge_client_time_zone, s.bridge_client_machine_identifier_key, s.tailscale_hostname,
	s.pairing_code, s.pairing_code_expires_at, s.is_tailscale_connected, s.tailscale_ip_v4, s.last_status_report_at,
	s.created_at, s.tailscale_auth_key_sealed, s.telemetry_token_sealed, s.telemetry_token_expires_at, b.bridge_id,
	b.workspace_id`

const bridgeClientSessionFrom = ` FROM bridge_client_sessions s
	LEFT JOIN bridges b ON b.bridge_client_session_id = s.bridge_client_session_id`

func scanBridgeClientSession(r rowScanner) (BridgeClientSession, error) {
	var s BridgeClientSession
	var connected sql.NullBool
	var ip, bridgeID, workspaceID, tailscaleKey, telemetryToken sql.NullString
	var expires, created int64
	var reported, telemetryExpires sql.NullInt64
	err := r.Scan(&s.BridgeClientSessionID, &s.ShortToken, &s.LongTokenHash, &s.TokenSealed, &s.Name, &s.TimeZone,
		&s.MachineIdentifierKey, &s.TailscaleHostname, &s.PairingCode, &expires, &connected, &ip, &reported, &created,
		&tailscaleKey, &telemetryToken, &telemetryExpires, &bridgeID, &workspaceID)
	s.TailscaleAuthKeySealed, s.TelemetryTokenSealed = nullString(tailscaleKey), nullString(telemetryToken)
	s.TelemetryTokenExpiresAt = nullTime(telemetryExpires)
	if connected.Valid {
		s.IsTailscaleConnected = &connected.Bool
	}
	s.TailscaleIPv4, s.BridgeID, s.WorkspaceID = nullString(ip), nullString(bridgeID), nullString(workspaceID)
	s.PairingCodeExpiresAt, s.LastStatusReportAt, s.CreatedAt = fromMS(expires), nullTime(reported), fromMS(created)
	return s, err
}

func (tx *Tx) oneBridgeClientSession(ctx context.Context, where string, args ...any) (BridgeClientSession, error) {
	s, err := scanBridgeClientSession(tx.q.QueryRowContext(ctx,
		`SELECT `+bridgeClientSessionColumns+bridgeClientSessionFrom+` WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	return s, err
}

// InsertBridgeClientSession stores a new, unpaired bridge client session.
func (tx *Tx) InsertBridgeClientSession(ctx context.Context, s BridgeClientSession) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO bridge_client_sessions (bridge_client_session_id, short_token,
		long_token_hash, token_sealed, bridge_client_name, bridge_client_time_zone, bridge_client_machine_identifier_key,
		tailscale_hostname, pairing_code, pairing_code_expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		s.BridgeClientSessionID, s.ShortToken, s.LongTokenHash, s.TokenSealed, s.Name, s.TimeZone,
		s.MachineIdentifierKey, s.TailscaleHostname, s.PairingCode, ms(s.PairingCodeExpiresAt), ms(s.CreatedAt))
	return err
}

// BridgeClientSession loads a session by its id: the id the caller's token
// resolved to.
func (tx *Tx) BridgeClientSession(ctx context.Context, bridgeClientSessionID string) (BridgeClientSession, error) {
	return tx.oneBridgeClientSession(ctx, `s.bridge_client_session_id = $1`, bridgeClientSessionID)
}

// BridgeClientSessionByShortToken finds a session by the short part of its
// token, to authenticate a request.
func (tx *Tx) BridgeClientSessionByShortToken(ctx context.Context, shortToken string) (BridgeClientSession, error) {
	return tx.oneBridgeClientSession(ctx, `s.short_token = $1`, shortToken)
}

// BridgeClientSessionByPairingCode finds the session whose pairing code is
// code and still valid at now. Codes are six digits, so an expired one may
// be shown again by another session; a live one never is (see
// SetBridgePairingCode's callers).
func (tx *Tx) BridgeClientSessionByPairingCode(ctx context.Context, code string, now time.Time) (BridgeClientSession, error) {
	return tx.oneBridgeClientSession(ctx, `s.pairing_code = $1 AND s.pairing_code_expires_at > $2`, code, ms(now))
}

// SetBridgePairingCode gives a session a new pairing code.
func (tx *Tx) SetBridgePairingCode(ctx context.Context, bridgeClientSessionID, code string, expiresAt time.Time) error {
	return execOne(ctx, tx, `UPDATE bridge_client_sessions SET pairing_code = $1, pairing_code_expires_at = $2
		WHERE bridge_client_session_id = $3`, code, ms(expiresAt), bridgeClientSessionID)
}

// SetBridgeTailscaleAuthKey replaces a session's sealed Tailscale auth key.
func (tx *Tx) SetBridgeTailscaleAuthKey(ctx context.Context, bridgeClientSessionID, sealed string) error {
	return execOne(ctx, tx, `UPDATE bridge_client_sessions SET tailscale_auth_key_sealed = $1
		WHERE bridge_client_session_id = $2`, sealed, bridgeClientSessionID)
}

// SetBridgeTelemetryToken replaces a session's sealed telemetry token and
// its expiry.
func (tx *Tx) SetBridgeTelemetryToken(ctx context.Context, bridgeClientSessionID, sealed string, expiresAt time.Time) error {
	return execOne(ctx, tx, `UPDATE bridge_client_sessions SET telemetry_token_sealed = $1,
		telemetry_token_expires_at = $2 WHERE bridge_client_session_id = $3`, sealed, ms(expiresAt), bridgeClientSessionID)
}

// RecordBridgeStatus keeps what a session's client reported of itself.
func (tx *Tx) RecordBridgeStatus(ctx context.Context, bridgeClientSessionID string, isTailscaleConnected *bool, tailscaleIPv4 *string, at time.Time) error {
	return execOne(ctx, tx, `UPDATE bridge_client_sessions SET is_tailscale_connected = $1, tailscale_ip_v4 = $2,
		last_status_report_at = $3 WHERE bridge_client_session_id = $4`,
		isTailscaleConnected, tailscaleIPv4, ms(at), bridgeClientSessionID)
}

const bridgeColumns = `bridge_id, workspace_id, bridge_client_session_id, created_at`

func scanBridge(r rowScanner) (Bridge, error) {
	var b Bridge
	var created int64
	err := r.Scan(&b.BridgeID, &b.WorkspaceID, &b.BridgeClientSessionID, &created)
	b.CreatedAt = fromMS(created)
	return b, err
}

// InsertBridge pairs a session with the workspace. A session is paired once:
// pairing it again, in this workspace or another, returns ErrConflict and
// changes nothing.
func (tx *Tx) InsertBridge(ctx context.Context, workspaceID string, b Bridge) error {
	err := execOne(ctx, tx, `INSERT INTO bridges (`+bridgeColumns+`)
		SELECT $1, $2, s.bridge_client_session_id, $3 FROM bridge_client_sessions s
		WHERE s.bridge_client_session_id = $4
		ON CONFLICT (bridge_client_session_id) DO NOTHING`,
		b.BridgeID, workspaceID, ms(b.CreatedAt), b.BridgeClientSessionID)
	if !errors.Is(err, ErrNotFound) {
		return err
	}
	// Nothing was written: no such session, or it is paired already.
	if _, err := tx.BridgeClientSession(ctx, b.BridgeClientSessionID); err != nil {
		return err
	}
	return ErrConflict
}

// Bridge loads a bridge of the workspace.
func (tx *Tx) Bridge(ctx context.Context, workspaceID, bridgeID string) (Bridge, error) {
	b, err := scanBridge(tx.q.QueryRowContext(ctx, `SELECT `+bridgeColumns+` FROM bridges
		WHERE workspace_id = $1 AND bridge_id = $2`, workspaceID, bridgeID))
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	return b, err
}

// ListBridges lists the workspace's bridges, oldest first.
func (tx *Tx) ListBridges(ctx context.Context, workspaceID string) ([]Bridge, error) {
	return queryList(ctx, tx, scanBridge, `SELECT `+bridgeColumns+` FROM bridges
		WHERE workspace_id = $1 ORDER BY created_at, bridge_id`, workspaceID)
}

// SetConnectedAccountBridge puts a connected account of the workspace behind
// a bridge of the same workspace, or behind none when bridgeID is nil. An
// account or bridge of another workspace is ErrNotFound.
func (tx *Tx) SetConnectedAccountBridge(ctx context.Context, workspaceID, connectedAccountID string, bridgeID *string) error {
	if bridgeID != nil {
		if _, err := tx.Bridge(ctx, workspaceID, *bridgeID); err != nil {
			return err
		}
	}
	return execOne(ctx, tx, `UPDATE connected_accounts SET bridge_id = $1
		WHERE workspace_id = $2 AND connected_account_id = $3`, bridgeID, workspaceID, connectedAccountID)
}

// BridgeConnectedSystems lists the access systems reached through the bridge
// the session is paired with: the systems of the connected accounts behind
// it, in its workspace. An unpaired session has none.
func (tx *Tx) BridgeConnectedSystems(ctx context.Context, bridgeClientSessionID string) ([]BridgeConnectedSystem, error) {
	return queryList(ctx, tx, func(r rowScanner) (BridgeConnectedSystem, error) {
		var c BridgeConnectedSystem
		var bridgeCreated, accountCreated int64
		err := r.Scan(&c.BridgeID, &bridgeCreated, &c.ConnectedAccountID, &accountCreated, &c.AcsSystemID,
			&c.AcsSystemName, &c.WorkspaceID, &c.WorkspaceName)
		c.BridgeCreatedAt, c.ConnectedAccountCreatedAt = fromMS(bridgeCreated), fromMS(accountCreated)
		return c, err
	}, `SELECT b.bridge_id, b.created_at, ca.connected_account_id, ca.created_at, sy.acs_system_id, sy.name,
		w.workspace_id, w.name
		FROM bridges b
		JOIN workspaces w ON w.workspace_id = b.workspace_id
		JOIN connected_accounts ca ON ca.workspace_id = b.workspace_id AND ca.bridge_id = b.bridge_id
		JOIN acs_systems sy ON sy.workspace_id = ca.workspace_id AND sy.connected_account_id = ca.connected_account_id
		WHERE b.bridge_client_session_id = $1
		ORDER BY ca.created_at, ca.connected_account_id, sy.created_at, sy.acs_system_id`, bridgeClientSessionID)
}
