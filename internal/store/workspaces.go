package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"time"
)

// Workspace is a row of workspaces; the workspace package presents it as
// client.Workspace.
type Workspace struct {
	WorkspaceID        string
	Name               string
	CompanyName        string
	ConnectPartnerName *string
	IsSandbox          bool
	IsSuspended        bool
	OrganizationID     *string
	// ConnectWebviewCustomization is a JSON document the workspace package
	// writes and reads; the store keeps it as it is ("{}" when empty).
	ConnectWebviewCustomization string
	IsPublishableKeyAuthEnabled bool
	CreatedAt                   time.Time
}

const workspaceColumns = `workspace_id, name, company_name, connect_partner_name, is_sandbox,
	is_suspended, organization_id, connect_webview_customization, created_at, is_publishable_key_auth_enabled`

func scanWorkspace(row rowScanner) (Workspace, error) {
	var w Workspace
	var partner, org sql.NullString
	var created int64
	if err := row.Scan(&w.WorkspaceID, &w.Name, &w.CompanyName, &partner, &w.IsSandbox,
		&w.IsSuspended, &org, &w.ConnectWebviewCustomization, &created, &w.IsPublishableKeyAuthEnabled); err != nil {
		return w, err
	}
	w.ConnectPartnerName = nullString(partner)
	w.OrganizationID = nullString(org)
	w.CreatedAt = fromMS(created)
	return w, nil
}

// CreateWorkspace inserts w; its id must be set by the caller.
func (tx *Tx) CreateWorkspace(ctx context.Context, w Workspace) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO workspaces (`+workspaceColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		w.WorkspaceID, w.Name, w.CompanyName, w.ConnectPartnerName, w.IsSandbox,
		w.IsSuspended, w.OrganizationID, cmp.Or(w.ConnectWebviewCustomization, "{}"), ms(w.CreatedAt),
		w.IsPublishableKeyAuthEnabled)
	return err
}

// UpdateWorkspace stores the settings of w a caller may change: its name,
// Connect partner name, organization, Connect Webview customization and
// whether its publishable keys authenticate.
func (tx *Tx) UpdateWorkspace(ctx context.Context, w Workspace) error {
	return execOne(ctx, tx, `UPDATE workspaces SET name = $1, connect_partner_name = $2, organization_id = $3,
		connect_webview_customization = $4, is_publishable_key_auth_enabled = $5 WHERE workspace_id = $6`,
		w.Name, w.ConnectPartnerName, w.OrganizationID, cmp.Or(w.ConnectWebviewCustomization, "{}"),
		w.IsPublishableKeyAuthEnabled, w.WorkspaceID)
}

// Workspace loads one workspace. A caller only ever asks for its own.
func (tx *Tx) Workspace(ctx context.Context, workspaceID string) (Workspace, error) {
	w, err := scanWorkspace(tx.q.QueryRowContext(ctx,
		`SELECT `+workspaceColumns+` FROM workspaces WHERE workspace_id = $1`, workspaceID))
	if errors.Is(err, sql.ErrNoRows) {
		return w, ErrNotFound
	}
	return w, err
}

// WorkspacesOfUser lists the workspaces a console user is a member of,
// oldest first.
func (tx *Tx) WorkspacesOfUser(ctx context.Context, userID string) ([]Workspace, error) {
	return queryList(ctx, tx, scanWorkspace, `SELECT `+prefixed("w.", workspaceColumns)+`
		FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.workspace_id
		WHERE m.user_id = $1 ORDER BY w.created_at, w.workspace_id`, userID)
}

// CountWorkspaces reports how many workspaces exist, to detect a first start.
func (tx *Tx) CountWorkspaces(ctx context.Context) (int, error) {
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM workspaces`).Scan(&n)
	return n, err
}

// AllWorkspaces lists every workspace, for the admin CLI.
func (tx *Tx) AllWorkspaces(ctx context.Context) ([]Workspace, error) {
	return queryList(ctx, tx, scanWorkspace, `SELECT `+workspaceColumns+` FROM workspaces ORDER BY created_at, workspace_id`)
}
