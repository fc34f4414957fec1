package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// GroupRef names an access group and its id in the access system.
type GroupRef struct {
	AcsAccessGroupID string
	ExternalID       string
}

// RemoveUserFromAllGroups ends every access group membership of a user and
// returns the groups it left.
func (tx *Tx) RemoveUserFromAllGroups(ctx context.Context, workspaceID, acsUserID string) ([]GroupRef, error) {
	groups, err := queryList(ctx, tx, func(r interface{ Scan(...any) error }) (GroupRef, error) {
		var g GroupRef
		err := r.Scan(&g.AcsAccessGroupID, &g.ExternalID)
		return g, err
	}, `SELECT g.acs_access_group_id, g.external_id FROM acs_access_group_members m
		JOIN acs_access_groups g ON g.acs_access_group_id = m.acs_access_group_id
		WHERE m.workspace_id = $1 AND m.acs_user_id = $2 ORDER BY g.acs_access_group_id`, workspaceID, acsUserID)
	if err != nil || len(groups) == 0 {
		return groups, err
	}
	_, err = tx.q.ExecContext(ctx, `DELETE FROM acs_access_group_members WHERE workspace_id = $1 AND acs_user_id = $2`,
		workspaceID, acsUserID)
	return groups, err
}

// RemoveUserEntrances ends every entrance granted to a user directly.
func (tx *Tx) RemoveUserEntrances(ctx context.Context, workspaceID, acsUserID string) error {
	_, err := tx.q.ExecContext(ctx, `DELETE FROM acs_user_entrances WHERE workspace_id = $1 AND acs_user_id = $2`,
		workspaceID, acsUserID)
	return err
}

// AcsAccessGroup is an access group as stored.
type AcsAccessGroup struct {
	AcsAccessGroupID             string
	WorkspaceID                  string
	AcsSystemID                  string
	ExternalID                   string
	Name                         string
	AccessGroupType              string
	AccessGroupTypeDisplayName   string
	AccessStartsAt, AccessEndsAt *time.Time
	CreatedAt                    time.Time
	// Joined from the group's system.
	ConnectedAccountID      string
	ExternalType            string
	ExternalTypeDisplayName string
}

const acsAccessGroupSelect = `SELECT g.acs_access_group_id, g.workspace_id, g.acs_system_id, g.external_id, g.name,
	g.access_group_type, g.access_group_type_display_name, g.access_starts_at, g.access_ends_at, g.created_at,
	s.connected_account_id, s.external_type, s.external_type_display_name
	FROM acs_access_groups g JOIN acs_systems s ON s.acs_system_id = g.acs_system_id`

func scanAcsAccessGroup(r interface{ Scan(...any) error }) (AcsAccessGroup, error) {
	var g AcsAccessGroup
	var starts, ends sql.NullInt64
	var created int64
	err := r.Scan(&g.AcsAccessGroupID, &g.WorkspaceID, &g.AcsSystemID, &g.ExternalID, &g.Name,
		&g.AccessGroupType, &g.AccessGroupTypeDisplayName, &starts, &ends, &created,
		&g.ConnectedAccountID, &g.ExternalType, &g.ExternalTypeDisplayName)
	g.AccessStartsAt, g.AccessEndsAt = nullTime(starts), nullTime(ends)
	g.CreatedAt = fromMS(created)
	return g, err
}

// InsertAcsAccessGroup stores an access group of the workspace.
func (tx *Tx) InsertAcsAccessGroup(ctx context.Context, workspaceID string, g AcsAccessGroup) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO acs_access_groups (acs_access_group_id, workspace_id, acs_system_id,
		external_id, name, access_group_type, access_group_type_display_name, access_starts_at, access_ends_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		g.AcsAccessGroupID, workspaceID, g.AcsSystemID, g.ExternalID, g.Name, g.AccessGroupType,
		g.AccessGroupTypeDisplayName, msPtr(g.AccessStartsAt), msPtr(g.AccessEndsAt), ms(g.CreatedAt))
	return err
}

// AcsAccessGroup loads a live access group of the workspace.
func (tx *Tx) AcsAccessGroup(ctx context.Context, workspaceID, groupID string) (AcsAccessGroup, error) {
	g, err := scanAcsAccessGroup(tx.q.QueryRowContext(ctx, acsAccessGroupSelect+`
		WHERE g.workspace_id = $1 AND g.acs_access_group_id = $2 AND g.deleted_at IS NULL`, workspaceID, groupID))
	if errors.Is(err, sql.ErrNoRows) {
		return g, ErrNotFound
	}
	return g, err
}

// AddAccessGroupMember adds a user to a group; it reports false if the
// user already was a member.
func (tx *Tx) AddAccessGroupMember(ctx context.Context, workspaceID, groupID, acsUserID string) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO acs_access_group_members (workspace_id, acs_access_group_id,
		acs_user_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
		workspaceID, groupID, acsUserID, ms(tx.now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RemoveAccessGroupMember removes a user from a group; ErrNotFound if the
// user was not a member.
func (tx *Tx) RemoveAccessGroupMember(ctx context.Context, workspaceID, groupID, acsUserID string) error {
	return execOne(ctx, tx, `DELETE FROM acs_access_group_members WHERE workspace_id = $1
		AND acs_access_group_id = $2 AND acs_user_id = $3`, workspaceID, groupID, acsUserID)
}

// AddAccessGroupEntrance makes a group open an entrance.
func (tx *Tx) AddAccessGroupEntrance(ctx context.Context, workspaceID, groupID, entranceID string) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO acs_access_group_entrances (workspace_id, acs_access_group_id,
		acs_entrance_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, workspaceID, groupID, entranceID)
	return err
}
