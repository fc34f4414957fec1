package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
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
	CreatedAt                     time.Time
}

const connectedAccountColumns = `connected_account_id, workspace_id, account_type, account_type_display_name,
	display_name, custom_metadata, automatically_manage_new_devices, created_at`

func scanConnectedAccount(r interface{ Scan(...any) error }) (ConnectedAccount, error) {
	var c ConnectedAccount
	var created int64
	err := r.Scan(&c.ConnectedAccountID, &c.WorkspaceID, &c.AccountType, &c.AccountTypeDisplayName,
		&c.DisplayName, &c.CustomMetadata, &c.AutomaticallyManageNewDevices, &created)
	c.CreatedAt = fromMS(created)
	return c, err
}

// InsertConnectedAccount stores a connected account of the workspace.
func (tx *Tx) InsertConnectedAccount(ctx context.Context, workspaceID string, c ConnectedAccount) error {
	if c.CustomMetadata == "" {
		c.CustomMetadata = "{}"
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO connected_accounts (`+connectedAccountColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.ConnectedAccountID, workspaceID, c.AccountType,
		c.AccountTypeDisplayName, c.DisplayName, c.CustomMetadata, c.AutomaticallyManageNewDevices, ms(c.CreatedAt))
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
