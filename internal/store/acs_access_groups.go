package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
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
	groups, err := queryList(ctx, tx, func(r rowScanner) (GroupRef, error) {
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

// DeleteUserMemberships ends every access group membership of a user.
func (tx *Tx) DeleteUserMemberships(ctx context.Context, workspaceID, acsUserID string) error {
	_, err := tx.q.ExecContext(ctx, deleteUserMemberships, workspaceID, acsUserID)
	return err
}

// RemoveUserEntrances ends every entrance granted to a user directly.
func (tx *Tx) RemoveUserEntrances(ctx context.Context, workspaceID, acsUserID string) error {
	_, err := tx.q.ExecContext(ctx, removeUserEntrances, workspaceID, acsUserID)
	return err
}

// RevokeAcsUserAccess takes away everything that lets a user in: its live
// credentials are invalidated (and returned, as InvalidateCredentialsOfUser
// does), its access group memberships and its direct entrance grants end.
func (tx *Tx) RevokeAcsUserAccess(ctx context.Context, workspaceID, acsUserID string) ([]CredentialRef, error) {
	if tx.dialect == Postgres {
		// One round trip instead of three, for every user delete.
		return queryList(ctx, tx, scanCredentialRef, revokeAcsUserAccessPostgres, workspaceID, acsUserID, ms(tx.now))
	}
	creds, err := tx.InvalidateCredentialsOfUser(ctx, workspaceID, acsUserID)
	if err != nil {
		return nil, err
	}
	if err := tx.DeleteUserMemberships(ctx, workspaceID, acsUserID); err != nil {
		return nil, err
	}
	return creds, tx.RemoveUserEntrances(ctx, workspaceID, acsUserID)
}

// revokeAccessOf are the statements of RevokeAcsUserAccess for the users
// that userIs selects (a condition on acs_user_id): the memberships end,
// the entrance grants end, the live credentials are invalidated and
// returned. Each takes the workspace as $1, and the last the time as $3.
// ClaimAcsUserDeleteRevoking runs the same statements for the user it
// claims, so that the two cannot take away different things.
func revokeAccessOf(userIs string) []string {
	return []string{
		`DELETE FROM acs_access_group_members WHERE workspace_id = $1 AND acs_user_id ` + userIs,
		`DELETE FROM acs_user_entrances WHERE workspace_id = $1 AND acs_user_id ` + userIs,
		`UPDATE acs_credentials SET invalidated_at = $3
	WHERE workspace_id = $1 AND acs_user_id ` + userIs + ` AND invalidated_at IS NULL
	RETURNING acs_credential_id, external_id`,
	}
}

// The statements of RevokeAcsUserAccess for one user, $2.
var (
	revokeUser                  = revokeAccessOf("= $2")
	deleteUserMemberships       = revokeUser[0]
	removeUserEntrances         = revokeUser[1]
	invalidateCredentialsOfUser = revokeUser[2]
	revokeAcsUserAccessPostgres = withClauses(revokeUser)
)

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

func scanAcsAccessGroup(r rowScanner) (AcsAccessGroup, error) {
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

// InsertAcsAccessGroup stores an access group of the workspace. Its system
// must be of the workspace; otherwise nothing is written and it returns
// ErrNotFound.
func (tx *Tx) InsertAcsAccessGroup(ctx context.Context, workspaceID string, g AcsAccessGroup) error {
	return execOne(ctx, tx, `INSERT INTO acs_access_groups (acs_access_group_id, workspace_id, acs_system_id,
		external_id, name, access_group_type, access_group_type_display_name, access_starts_at, access_ends_at, created_at)
		SELECT $1, $2, $3, $4, $5, $6, $7, CAST($8 AS BIGINT), CAST($9 AS BIGINT), CAST($10 AS BIGINT)
		WHERE `+inWorkspace("acs_systems", "acs_system_id", "$2", "$3"),
		g.AcsAccessGroupID, workspaceID, g.AcsSystemID, g.ExternalID, g.Name, g.AccessGroupType,
		g.AccessGroupTypeDisplayName, msPtr(g.AccessStartsAt), msPtr(g.AccessEndsAt), ms(g.CreatedAt))
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
// user already was a member. Both must be of the workspace; otherwise no row
// is written and it reports false.
func (tx *Tx) AddAccessGroupMember(ctx context.Context, workspaceID, groupID, acsUserID string) (bool, error) {
	// The membership table's key has no workspace in it: a row written for
	// another workspace's group would hide from that workspace and block its
	// own insert, so the pair is selected within the workspace.
	res, err := tx.q.ExecContext(ctx, `INSERT INTO acs_access_group_members (workspace_id, acs_access_group_id,
		acs_user_id, created_at)
		SELECT g.workspace_id, g.acs_access_group_id, u.acs_user_id, CAST($1 AS BIGINT) FROM acs_access_groups g
		JOIN acs_users u ON u.workspace_id = g.workspace_id
		WHERE g.workspace_id = $2 AND g.acs_access_group_id = $3 AND u.acs_user_id = $4
		ON CONFLICT DO NOTHING`, ms(tx.now), workspaceID, groupID, acsUserID)
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

// AddAccessGroupEntrance makes a group open an entrance. Both must be of
// the workspace; otherwise no row is written.
func (tx *Tx) AddAccessGroupEntrance(ctx context.Context, workspaceID, groupID, entranceID string) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO acs_access_group_entrances (workspace_id, acs_access_group_id,
		acs_entrance_id)
		SELECT g.workspace_id, g.acs_access_group_id, e.acs_entrance_id FROM acs_access_groups g
		JOIN acs_entrances e ON e.workspace_id = g.workspace_id
		WHERE g.workspace_id = $1 AND g.acs_access_group_id = $2 AND e.acs_entrance_id = $3
		ON CONFLICT DO NOTHING`, workspaceID, groupID, entranceID)
	return err
}

// AcsAccessGroupFilter narrows ListAcsAccessGroups. Empty fields do not
// filter.
type AcsAccessGroupFilter struct {
	AcsSystemID string
	// AcsUserID keeps the groups the user is a member of.
	AcsUserID string
	// UserIdentityID keeps the groups that users of the identity are
	// members of.
	UserIdentityID string
	// Search matches part of the name or the id.
	Search string
}

// ListAcsAccessGroups lists the live access groups of the workspace, oldest
// first.
func (tx *Tx) ListAcsAccessGroups(ctx context.Context, workspaceID string, f AcsAccessGroupFilter) ([]AcsAccessGroup, error) {
	var w where
	w.add("g.workspace_id = ?", workspaceID)
	w.add("g.deleted_at IS NULL")
	if f.AcsSystemID != "" {
		w.add("g.acs_system_id = ?", f.AcsSystemID)
	}
	if f.AcsUserID != "" {
		w.add(`g.acs_access_group_id IN (SELECT m.acs_access_group_id FROM acs_access_group_members m
			WHERE m.workspace_id = ? AND m.acs_user_id = ?)`, workspaceID, f.AcsUserID)
	}
	if f.UserIdentityID != "" {
		w.add(`g.acs_access_group_id IN (SELECT m.acs_access_group_id FROM acs_access_group_members m
			JOIN acs_users u ON u.acs_user_id = m.acs_user_id AND u.deleted_at IS NULL
			WHERE m.workspace_id = ? AND u.user_identity_id = ?)`, workspaceID, f.UserIdentityID)
	}
	if f.Search != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(g.name) LIKE ? ESCAPE '\' OR g.acs_access_group_id LIKE ? ESCAPE '\')`, pat, pat)
	}
	return queryList(ctx, tx, scanAcsAccessGroup, acsAccessGroupSelect+w.sql()+
		" ORDER BY g.created_at, g.acs_access_group_id", w.args...)
}

// AccessGroupMembers lists the live users who are members of a group of the
// workspace, oldest first.
func (tx *Tx) AccessGroupMembers(ctx context.Context, workspaceID, groupID string) ([]AcsUser, error) {
	return queryList(ctx, tx, scanAcsUser, acsUserSelect+`
		WHERE u.workspace_id = $1 AND u.deleted_at IS NULL AND u.acs_user_id IN (
			SELECT m.acs_user_id FROM acs_access_group_members m
			JOIN acs_access_groups g ON g.acs_access_group_id = m.acs_access_group_id AND g.deleted_at IS NULL
			WHERE m.workspace_id = $2 AND m.acs_access_group_id = $3)
		ORDER BY u.created_at, u.acs_user_id`, workspaceID, workspaceID, groupID)
}

// AccessGroupHasMemberOf reports whether a live user of one of the given
// identities is a member of the group (a client session's scope).
func (tx *Tx) AccessGroupHasMemberOf(ctx context.Context, workspaceID, groupID string, userIdentityIDs []string) (bool, error) {
	if len(userIdentityIDs) == 0 {
		return false, nil
	}
	var w where
	w.add("m.workspace_id = ?", workspaceID)
	w.add("m.acs_access_group_id = ?", groupID)
	w.add("u.deleted_at IS NULL")
	w.in("u.user_identity_id", userIdentityIDs)
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM acs_access_group_members m
		JOIN acs_users u ON u.acs_user_id = m.acs_user_id`+w.sql(), w.args...).Scan(&n)
	return n > 0, err
}

// DeleteAcsAccessGroup soft-deletes a live group of the workspace and ends
// its memberships and entrances. It succeeds for exactly one caller;
// ErrNotFound tells the others that the group is gone.
func (tx *Tx) DeleteAcsAccessGroup(ctx context.Context, workspaceID, groupID string) error {
	if err := execOne(ctx, tx, `UPDATE acs_access_groups SET deleted_at = $1
		WHERE workspace_id = $2 AND acs_access_group_id = $3 AND deleted_at IS NULL`,
		ms(tx.now), workspaceID, groupID); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM acs_access_group_members WHERE workspace_id = $1 AND acs_access_group_id = $2`,
		`DELETE FROM acs_access_group_entrances WHERE workspace_id = $1 AND acs_access_group_id = $2`,
	} {
		if _, err := tx.q.ExecContext(ctx, q, workspaceID, groupID); err != nil {
			return err
		}
	}
	return nil
}
