package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
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
	// ExternalID is the system's id at the provider, if known.
	ExternalID *string
	CreatedAt  time.Time
}

const acsSystemColumns = `acs_system_id, workspace_id, connected_account_id, name, external_type,
	external_type_display_name, is_credential_manager, time_zone, connector, connector_config, external_id, created_at`

func scanAcsSystem(r rowScanner) (AcsSystem, error) {
	var s AcsSystem
	var tz, ext sql.NullString
	var created int64
	err := r.Scan(&s.AcsSystemID, &s.WorkspaceID, &s.ConnectedAccountID, &s.Name, &s.ExternalType,
		&s.ExternalTypeDisplayName, &s.IsCredentialManager, &tz, &s.Connector, &s.ConnectorConfig, &ext, &created)
	if tz.Valid {
		s.TimeZone = &tz.String
	}
	if ext.Valid {
		s.ExternalID = &ext.String
	}
	s.CreatedAt = fromMS(created)
	return s, err
}

// InsertAcsSystem stores a system of the workspace. Its connected account
// must be of the workspace; otherwise nothing is written and it returns
// ErrNotFound.
func (tx *Tx) InsertAcsSystem(ctx context.Context, workspaceID string, s AcsSystem) error {
	return execOne(ctx, tx, `INSERT INTO acs_systems (`+acsSystemColumns+`)
		SELECT $1, $2, $3, $4, $5, $6, CAST($7 AS BOOLEAN), $8, $9, $10, $11, CAST($12 AS BIGINT)
		WHERE `+inWorkspace("connected_accounts", "connected_account_id", "$2", "$3"),
		s.AcsSystemID, workspaceID, s.ConnectedAccountID, s.Name, s.ExternalType, s.ExternalTypeDisplayName,
		s.IsCredentialManager, s.TimeZone, s.Connector, s.ConnectorConfig, s.ExternalID, ms(s.CreatedAt))
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

// AcsSystemFilter narrows ListAcsSystems. Empty fields do not filter.
type AcsSystemFilter struct {
	ConnectedAccountID string
	// Search matches part of the name or the id.
	Search string
	// AcsSystemIDs, when not nil, restricts the list to these systems.
	AcsSystemIDs []string
	// UserIdentityIDs, when not nil, restricts the list to systems on which
	// these identities have a live user (a client session's scope).
	UserIdentityIDs []string
}

// ListAcsSystems lists the systems of the workspace, oldest first.
func (tx *Tx) ListAcsSystems(ctx context.Context, workspaceID string, f AcsSystemFilter) ([]AcsSystem, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	if f.ConnectedAccountID != "" {
		w.add("connected_account_id = ?", f.ConnectedAccountID)
	}
	if f.Search != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(name) LIKE ? ESCAPE '\' OR LOWER(acs_system_id) LIKE ? ESCAPE '\')`, pat, pat)
	}
	if f.AcsSystemIDs != nil {
		w.in("acs_system_id", f.AcsSystemIDs)
	}
	if ids := f.UserIdentityIDs; ids != nil {
		if len(ids) == 0 {
			w.add("1 = 0")
		} else {
			w.add(`acs_system_id IN (SELECT u.acs_system_id FROM acs_users u WHERE u.workspace_id = ?
				AND u.deleted_at IS NULL AND u.user_identity_id IN (`+marks(len(ids))+`))`,
				append([]any{workspaceID}, anys(ids)...)...)
		}
	}
	return queryList(ctx, tx, scanAcsSystem, `SELECT `+acsSystemColumns+` FROM acs_systems`+w.sql()+
		` ORDER BY created_at, acs_system_id`, w.args...)
}

// AcsSystemCounts is how many live users and access groups a system has.
type AcsSystemCounts struct {
	Users        int
	AccessGroups int
}

// CountAcsSystemObjects counts the live users and access groups of the
// given systems of the workspace, by system id.
func (tx *Tx) CountAcsSystemObjects(ctx context.Context, workspaceID string, acsSystemIDs []string) (map[string]AcsSystemCounts, error) {
	out := map[string]AcsSystemCounts{}
	if len(acsSystemIDs) == 0 {
		return out, nil
	}
	for _, q := range []struct {
		table string
		set   func(c *AcsSystemCounts, n int)
	}{
		{"acs_users", func(c *AcsSystemCounts, n int) { c.Users = n }},
		{"acs_access_groups", func(c *AcsSystemCounts, n int) { c.AccessGroups = n }},
	} {
		var w where
		w.add("workspace_id = ?", workspaceID)
		w.add("deleted_at IS NULL")
		w.in("acs_system_id", acsSystemIDs)
		rows, err := tx.q.QueryContext(ctx, `SELECT acs_system_id, COUNT(*) FROM `+q.table+w.sql()+
			` GROUP BY acs_system_id`, w.args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, err
			}
			c := out[id]
			q.set(&c, n)
			out[id] = c
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
