package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// ConnectedAccount is an account at an access-control provider through which
// a workspace reaches its systems.
type ConnectedAccount struct {
	ConnectedAccountID            string
	WorkspaceID                   string
	AccountType                   string
	AccountTypeDisplayName        string
	DisplayName                   string
	CustomMetadata                string
	AutomaticallyManageNewDevices bool
	// UserIdentifierEmail is the email address the account was signed in
	// with, if any (user_identifier.email).
	UserIdentifierEmail *string
	CreatedAt           time.Time
	// DisconnectedAt is set while the account is disconnected from its
	// provider.
	DisconnectedAt *time.Time
}

const connectedAccountColumns = `connected_account_id, workspace_id, account_type, account_type_display_name,
	display_name, custom_metadata, automatically_manage_new_devices, user_identifier_email, created_at, disconnected_at`

func scanConnectedAccount(r rowScanner) (ConnectedAccount, error) {
	var c ConnectedAccount
	var created int64
	var email sql.NullString
	var disconnected sql.NullInt64
	err := r.Scan(&c.ConnectedAccountID, &c.WorkspaceID, &c.AccountType, &c.AccountTypeDisplayName,
		&c.DisplayName, &c.CustomMetadata, &c.AutomaticallyManageNewDevices, &email, &created, &disconnected)
	c.CreatedAt, c.DisconnectedAt = fromMS(created), nullTime(disconnected)
	if email.Valid {
		c.UserIdentifierEmail = &email.String
	}
	return c, err
}

// InsertConnectedAccount stores a connected account of the workspace.
func (tx *Tx) InsertConnectedAccount(ctx context.Context, workspaceID string, c ConnectedAccount) error {
	if c.CustomMetadata == "" {
		c.CustomMetadata = "{}"
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO connected_accounts (`+connectedAccountColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, c.ConnectedAccountID, workspaceID, c.AccountType,
		c.AccountTypeDisplayName, c.DisplayName, c.CustomMetadata, c.AutomaticallyManageNewDevices, c.UserIdentifierEmail,
		ms(c.CreatedAt), msPtr(c.DisconnectedAt))
	return err
}

// ConnectedAccount loads a connected account of the workspace.
func (tx *Tx) ConnectedAccount(ctx context.Context, workspaceID, id string) (ConnectedAccount, error) {
	c, err := scanConnectedAccount(tx.q.QueryRowContext(ctx, `SELECT `+connectedAccountColumns+`
		FROM connected_accounts WHERE workspace_id = $1 AND connected_account_id = $2`, workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// ConnectedAccountByLogin finds the workspace's connected account of a type
// signed in with an email address (compared without regard to case), the
// oldest if there are several.
func (tx *Tx) ConnectedAccountByLogin(ctx context.Context, workspaceID, accountType, email string) (ConnectedAccount, error) {
	c, err := scanConnectedAccount(tx.q.QueryRowContext(ctx, `SELECT `+connectedAccountColumns+`
		FROM connected_accounts WHERE workspace_id = $1 AND account_type = $2 AND LOWER(user_identifier_email) = $3
		ORDER BY created_at, connected_account_id LIMIT 1`, workspaceID, accountType, strings.ToLower(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// UpdateConnectedAccount stores the settings of c a caller may change: its
// display name, custom metadata (a JSON object) and whether new devices are
// managed. ErrNotFound if the account is not of the workspace.
func (tx *Tx) UpdateConnectedAccount(ctx context.Context, workspaceID string, c ConnectedAccount) error {
	return execOne(ctx, tx, `UPDATE connected_accounts SET display_name = $1, custom_metadata = $2,
		automatically_manage_new_devices = $3 WHERE workspace_id = $4 AND connected_account_id = $5`,
		c.DisplayName, c.CustomMetadata, c.AutomaticallyManageNewDevices, workspaceID, c.ConnectedAccountID)
}

// SetConnectedAccountDisconnected marks a connected account of the
// workspace disconnected from its provider (disconnected) or connected
// again. changed is false when it already was in that state; ErrNotFound
// if the account is not of the workspace.
func (tx *Tx) SetConnectedAccountDisconnected(ctx context.Context, workspaceID, connectedAccountID string, disconnected bool) (changed bool, err error) {
	var at any
	if disconnected {
		at = ms(tx.now)
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE connected_accounts SET disconnected_at = CAST($1 AS BIGINT)
		WHERE workspace_id = $2 AND connected_account_id = $3 AND (disconnected_at IS NULL) = CAST($4 AS BOOLEAN)`,
		at, workspaceID, connectedAccountID, disconnected)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return n > 0, err
	}
	if _, err := tx.ConnectedAccount(ctx, workspaceID, connectedAccountID); err != nil {
		return false, err
	}
	return false, nil
}

// ConnectedAccountFilter narrows ListConnectedAccounts. Empty fields do not
// filter.
type ConnectedAccountFilter struct {
	// Search matches part of the id, the account type or the display name.
	Search string
	// ConnectedAccountIDs, when not nil, restricts the list to these
	// accounts (a client session's scope).
	ConnectedAccountIDs []string
	// SpaceID keeps the accounts added to the space.
	SpaceID string
}

// ListConnectedAccounts lists the connected accounts of the workspace,
// oldest first, one page.
func (tx *Tx) ListConnectedAccounts(ctx context.Context, workspaceID string, f ConnectedAccountFilter, r page.Request) ([]ConnectedAccount, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	if f.Search != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(connected_account_id) LIKE ? ESCAPE '\' OR LOWER(account_type) LIKE ? ESCAPE '\'
			OR LOWER(display_name) LIKE ? ESCAPE '\')`, pat, pat, pat)
	}
	if f.ConnectedAccountIDs != nil {
		w.in("connected_account_id", f.ConnectedAccountIDs)
	}
	if f.SpaceID != "" {
		w.add(`connected_account_id IN (SELECT sa.connected_account_id FROM space_connected_accounts sa
			WHERE sa.workspace_id = ? AND sa.space_id = ?)`, workspaceID, f.SpaceID)
	}
	w.after(r, "created_at", "connected_account_id")
	q := `SELECT ` + connectedAccountColumns + ` FROM connected_accounts` + w.sql() +
		` ORDER BY created_at, connected_account_id` + w.limit(r.Fetch())
	return queryList(ctx, tx, scanConnectedAccount, q, w.args...)
}
