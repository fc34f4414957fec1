package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// ConnectWebview is a Connect Webview as stored: the page through which an
// integrator's user connects an account. Its auth token is kept as a hash
// (to find the webview when its page is opened) and sealed with the server
// key (because the url returned by get carries it), never in full.
type ConnectWebview struct {
	ConnectWebviewID string
	WorkspaceID      string
	AuthTokenHash    []byte
	AuthTokenSealed  string
	ExpiresAt        time.Time
	// Status is pending, failed or authorized.
	Status                        string
	AcceptedProviders             []string
	AcceptedCapabilities          []string
	AnyProviderAllowed            bool
	DeviceSelectionMode           string
	CustomRedirectURL             *string
	CustomRedirectFailureURL      *string
	CustomMetadata                string
	AutomaticallyManageNewDevices bool
	WaitForDeviceCreation         bool
	// UserIdentifierKey and ClientSessionID say which client session
	// created the webview, if one did.
	UserIdentifierKey *string
	ClientSessionID   *string
	SelectedProvider  *string
	// LoginEmail is the sign-in that passed its password and waits for its
	// two-factor code.
	LoginEmail         *string
	FailedLogins       int
	ConnectedAccountID *string
	AuthorizedAt       *time.Time
	CreatedAt          time.Time
}

const connectWebviewColumns = `connect_webview_id, workspace_id, auth_token_hash, auth_token_sealed, expires_at,
	status, accepted_providers, accepted_capabilities, any_provider_allowed, device_selection_mode,
	custom_redirect_url, custom_redirect_failure_url, custom_metadata, automatically_manage_new_devices,
	wait_for_device_creation, user_identifier_key, client_session_id, selected_provider, login_email,
	failed_logins, connected_account_id, authorized_at, created_at`

func scanConnectWebview(r rowScanner) (ConnectWebview, error) {
	var c ConnectWebview
	var providers, capabilities string
	var redirect, failure, key, session, selected, email, account sql.NullString
	var expires, created int64
	var authorized sql.NullInt64
	err := r.Scan(&c.ConnectWebviewID, &c.WorkspaceID, &c.AuthTokenHash, &c.AuthTokenSealed, &expires,
		&c.Status, &providers, &capabilities, &c.AnyProviderAllowed, &c.DeviceSelectionMode,
		&redirect, &failure, &c.CustomMetadata, &c.AutomaticallyManageNewDevices,
		&c.WaitForDeviceCreation, &key, &session, &selected, &email,
		&c.FailedLogins, &account, &authorized, &created)
	if err != nil {
		return c, err
	}
	c.AcceptedProviders, c.AcceptedCapabilities = idList(providers), idList(capabilities)
	c.CustomRedirectURL, c.CustomRedirectFailureURL = nullString(redirect), nullString(failure)
	c.UserIdentifierKey, c.ClientSessionID = nullString(key), nullString(session)
	c.SelectedProvider, c.LoginEmail, c.ConnectedAccountID = nullString(selected), nullString(email), nullString(account)
	c.ExpiresAt, c.CreatedAt, c.AuthorizedAt = fromMS(expires), fromMS(created), nullTime(authorized)
	return c, nil
}

// InsertConnectWebview stores a webview of the workspace.
func (tx *Tx) InsertConnectWebview(ctx context.Context, workspaceID string, c ConnectWebview) error {
	if c.CustomMetadata == "" {
		c.CustomMetadata = "{}"
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO connect_webviews (`+connectWebviewColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
		c.ConnectWebviewID, workspaceID, c.AuthTokenHash, c.AuthTokenSealed, ms(c.ExpiresAt),
		c.Status, idListJSON(c.AcceptedProviders), idListJSON(c.AcceptedCapabilities), c.AnyProviderAllowed, c.DeviceSelectionMode,
		c.CustomRedirectURL, c.CustomRedirectFailureURL, c.CustomMetadata, c.AutomaticallyManageNewDevices,
		c.WaitForDeviceCreation, c.UserIdentifierKey, c.ClientSessionID, c.SelectedProvider, c.LoginEmail,
		c.FailedLogins, c.ConnectedAccountID, msPtr(c.AuthorizedAt), ms(c.CreatedAt))
	return err
}

// ConnectWebview loads a webview of the workspace.
func (tx *Tx) ConnectWebview(ctx context.Context, workspaceID, connectWebviewID string) (ConnectWebview, error) {
	c, err := scanConnectWebview(tx.q.QueryRowContext(ctx, `SELECT `+connectWebviewColumns+`
		FROM connect_webviews WHERE workspace_id = $1 AND connect_webview_id = $2`, workspaceID, connectWebviewID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// ConnectWebviewByAuthToken finds the webview whose auth token hashes to
// tokenHash, whatever its workspace: the token in a webview's url is how
// its page, opened by someone who holds no API credential, finds the
// webview and its workspace.
func (tx *Tx) ConnectWebviewByAuthToken(ctx context.Context, tokenHash []byte) (ConnectWebview, error) {
	c, err := scanConnectWebview(tx.q.QueryRowContext(ctx, `SELECT `+connectWebviewColumns+`
		FROM connect_webviews WHERE auth_token_hash = $1`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// UpdateConnectWebviewProgress stores how far the sign-in on a pending
// webview of the workspace has come: its status, the provider chosen, the
// login waiting for its second factor, the count of failed logins and,
// once authorized, the account it connected and when. ErrNotFound if the
// webview is not of the workspace or no longer pending (so that two
// sign-ins racing on one webview connect one account).
func (tx *Tx) UpdateConnectWebviewProgress(ctx context.Context, workspaceID string, c ConnectWebview) error {
	return execOne(ctx, tx, `UPDATE connect_webviews SET status = $1, selected_provider = $2, login_email = $3,
		failed_logins = $4, connected_account_id = $5, authorized_at = $6
		WHERE workspace_id = $7 AND connect_webview_id = $8 AND status = 'pending'`,
		c.Status, c.SelectedProvider, c.LoginEmail, c.FailedLogins, c.ConnectedAccountID, msPtr(c.AuthorizedAt),
		workspaceID, c.ConnectWebviewID)
}

// DeleteConnectWebview removes a webview of the workspace; its url stops
// working. ErrNotFound if it is not of the workspace.
func (tx *Tx) DeleteConnectWebview(ctx context.Context, workspaceID, connectWebviewID string) error {
	return execOne(ctx, tx, `DELETE FROM connect_webviews WHERE workspace_id = $1 AND connect_webview_id = $2`,
		workspaceID, connectWebviewID)
}

// ConnectWebviewFilter narrows ListConnectWebviews. Empty fields do not
// filter.
type ConnectWebviewFilter struct {
	UserIdentifierKey string
	// CustomMetadataHas keeps webviews whose custom metadata holds every
	// pair: a string or a boolean, one of a []any of them, or for nil no
	// value at all.
	CustomMetadataHas map[string]any
	// Search matches part of the id, the accepted providers or the custom
	// metadata, ignoring case.
	Search string
	// ConnectWebviewIDs, when not nil, restricts the list to these
	// webviews (a client session's scope).
	ConnectWebviewIDs []string
}

// ListConnectWebviews lists the webviews of the workspace, oldest first,
// one page.
func (tx *Tx) ListConnectWebviews(ctx context.Context, workspaceID string, f ConnectWebviewFilter, r page.Request) ([]ConnectWebview, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	if f.UserIdentifierKey != "" {
		w.add("user_identifier_key = ?", f.UserIdentifierKey)
	}
	if err := w.metadataHas(tx.dialect, "custom_metadata", f.CustomMetadataHas); err != nil {
		return nil, err
	}
	if f.Search != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(connect_webview_id) LIKE ? ESCAPE '\' OR LOWER(accepted_providers) LIKE ? ESCAPE '\'
			OR LOWER(custom_metadata) LIKE ? ESCAPE '\')`, pat, pat, pat)
	}
	if f.ConnectWebviewIDs != nil {
		w.in("connect_webview_id", f.ConnectWebviewIDs)
	}
	w.after(r, "created_at", "connect_webview_id")
	q := `SELECT ` + connectWebviewColumns + ` FROM connect_webviews` + w.sql() +
		` ORDER BY created_at, connect_webview_id` + w.limit(r.Fetch())
	return queryList(ctx, tx, scanConnectWebview, q, w.args...)
}
