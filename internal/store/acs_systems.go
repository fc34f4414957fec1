package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// AcsSystem is an access control system as stored, with how it is reached.
type AcsSystem struct {
	AcsSystemID             string
	WorkspaceID             string
	ConnectedAccountID      string
	Name                    string
	ExternalType            string
	ExternalTypeDisplayName string
	IsCredentialManager     bool
	TimeZone                *string
	// Connector names the connector ("sandbox"); ConnectorConfig is its JSON
	// configuration.
	Connector       string
	ConnectorConfig string
	CreatedAt       time.Time
}

const acsSystemColumns = `acs_system_id, workspace_id, connected_account_id, name, external_type,
	external_type_display_name, is_credential_manager, time_zone, connector, connector_config, created_at`

func scanAcsSystem(r interface{ Scan(...any) error }) (AcsSystem, error) {
	var s AcsSystem
	var tz sql.NullString
	var created int64
	err := r.Scan(&s.AcsSystemID, &s.WorkspaceID, &s.ConnectedAccountID, &s.Name, &s.ExternalType,
		&s.ExternalTypeDisplayName, &s.IsCredentialManager, &tz, &s.Connector, &s.ConnectorConfig, &created)
	if tz.Valid {
		s.TimeZone = &tz.String
	}
	s.CreatedAt = fromMS(created)
	return s, err
}

// InsertAcsSystem stores a system of the workspace.
func (tx *Tx) InsertAcsSystem(ctx context.Context, workspaceID string, s AcsSystem) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO acs_systems (`+acsSystemColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		s.AcsSystemID, workspaceID, s.ConnectedAccountID, s.Name, s.ExternalType, s.ExternalTypeDisplayName,
		s.IsCredentialManager, s.TimeZone, s.Connector, s.ConnectorConfig, ms(s.CreatedAt))
	return err
}

// AcsSystem loads a system of the workspace.
func (tx *Tx) AcsSystem(ctx context.Context, workspaceID, acsSystemID string) (AcsSystem, error) {
	s, err := scanAcsSystem(tx.q.QueryRowContext(ctx, `SELECT `+acsSystemColumns+` FROM acs_systems
		WHERE workspace_id = $1 AND acs_system_id = $2`, workspaceID, acsSystemID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	return s, err
}

// AcsSystems lists the systems of the workspace, optionally of one
// connected account, oldest first.
func (tx *Tx) AcsSystems(ctx context.Context, workspaceID, connectedAccountID string) ([]AcsSystem, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	if connectedAccountID != "" {
		w.add("connected_account_id = ?", connectedAccountID)
	}
	return queryList(ctx, tx, scanAcsSystem, `SELECT `+acsSystemColumns+` FROM acs_systems`+w.sql()+
		` ORDER BY created_at, acs_system_id`, w.args...)
}

// SetAcsSystemConnectorConfig replaces a system's connector configuration.
func (tx *Tx) SetAcsSystemConnectorConfig(ctx context.Context, workspaceID, acsSystemID, config string) error {
	return execOne(ctx, tx, `UPDATE acs_systems SET connector_config = $1
		WHERE workspace_id = $2 AND acs_system_id = $3`, config, workspaceID, acsSystemID)
}
