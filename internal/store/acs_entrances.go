package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// AcsEntrance is a door, gate or other entrance of an access system.
type AcsEntrance struct {
	AcsEntranceID          string
	WorkspaceID            string
	AcsSystemID            string
	ExternalID             string
	DisplayName            string
	CanUnlockWithCard      bool
	CanUnlockWithCode      bool
	CanUnlockWithMobileKey bool
	CanUnlockWithCloudKey  bool
	CreatedAt              time.Time

	// Read-only, joined from the entrance's system.
	ConnectedAccountID string
}

const acsEntranceSelect = `SELECT e.acs_entrance_id, e.workspace_id, e.acs_system_id, e.external_id, e.display_name,
	e.can_unlock_with_card, e.can_unlock_with_code, e.can_unlock_with_mobile_key, e.can_unlock_with_cloud_key,
	e.created_at, s.connected_account_id
	FROM acs_entrances e JOIN acs_systems s ON s.acs_system_id = e.acs_system_id`

func scanAcsEntrance(r rowScanner) (AcsEntrance, error) {
	var e AcsEntrance
	var created int64
	err := r.Scan(&e.AcsEntranceID, &e.WorkspaceID, &e.AcsSystemID, &e.ExternalID, &e.DisplayName,
		&e.CanUnlockWithCard, &e.CanUnlockWithCode, &e.CanUnlockWithMobileKey, &e.CanUnlockWithCloudKey,
		&created, &e.ConnectedAccountID)
	e.CreatedAt = fromMS(created)
	return e, err
}

// InsertAcsEntrance stores an entrance of the workspace. Its system must be
// of the workspace; otherwise nothing is written and it returns ErrNotFound.
func (tx *Tx) InsertAcsEntrance(ctx context.Context, workspaceID string, e AcsEntrance) error {
	return execOne(ctx, tx, `INSERT INTO acs_entrances (acs_entrance_id, workspace_id, acs_system_id,
		external_id, display_name, can_unlock_with_card, can_unlock_with_code, can_unlock_with_mobile_key,
		can_unlock_with_cloud_key, created_at)
		SELECT $1, $2, $3, $4, $5, CAST($6 AS BOOLEAN), CAST($7 AS BOOLEAN), CAST($8 AS BOOLEAN),
		CAST($9 AS BOOLEAN), CAST($10 AS BIGINT)
		WHERE `+inWorkspace("acs_systems", "acs_system_id", "$2", "$3"),
		e.AcsEntranceID, workspaceID, e.AcsSystemID, e.ExternalID, e.DisplayName, e.CanUnlockWithCard,
		e.CanUnlockWithCode, e.CanUnlockWithMobileKey, e.CanUnlockWithCloudKey, ms(e.CreatedAt))
}

// AcsEntrance loads an entrance of the workspace.
func (tx *Tx) AcsEntrance(ctx context.Context, workspaceID, acsEntranceID string) (AcsEntrance, error) {
	e, err := scanAcsEntrance(tx.q.QueryRowContext(ctx, acsEntranceSelect+`
		WHERE e.workspace_id = $1 AND e.acs_entrance_id = $2`, workspaceID, acsEntranceID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNotFound
	}
	return e, err
}

// AcsEntranceFilter narrows the entrance lists. Empty fields do not filter;
// nil slices do not filter, empty ones match nothing.
type AcsEntranceFilter struct {
	AcsSystemID        string
	ConnectedAccountID string
	AcsEntranceIDs     []string
	// Search matches part of the display name.
	Search string
	// AcsAccessGroupID keeps the entrances the group opens.
	AcsAccessGroupID string
	// AcsUserID keeps the entrances the user may open: through its access
	// groups, direct grants and the entrances of its credentials.
	AcsUserID string
	// AcsCredentialID keeps the entrances the credential opens: its own,
	// and those its user may open through access groups and direct grants.
	AcsCredentialID string
	// UserIdentityIDs keeps the entrances users of these identities may open
	// (a client session's scope).
	UserIdentityIDs []string
}

// ListAcsEntrances lists entrances of the workspace, oldest first, one page.
func (tx *Tx) ListAcsEntrances(ctx context.Context, workspaceID string, f AcsEntranceFilter, r page.Request) ([]AcsEntrance, error) {
	w := entranceWhere(workspaceID, f)
	w.after(r, "e.created_at", "e.acs_entrance_id")
	q := acsEntranceSelect + w.sql() + " ORDER BY e.created_at, e.acs_entrance_id" + w.limit(r.Fetch())
	return queryList(ctx, tx, scanAcsEntrance, q, w.args...)
}

// AcsEntrances lists every entrance of the workspace that matches f, oldest
// first.
func (tx *Tx) AcsEntrances(ctx context.Context, workspaceID string, f AcsEntranceFilter) ([]AcsEntrance, error) {
	w := entranceWhere(workspaceID, f)
	return queryList(ctx, tx, scanAcsEntrance, acsEntranceSelect+w.sql()+" ORDER BY e.created_at, e.acs_entrance_id", w.args...)
}

func entranceWhere(workspaceID string, f AcsEntranceFilter) *where {
	w := &where{}
	w.add("e.workspace_id = ?", workspaceID)
	if f.AcsSystemID != "" {
		w.add("e.acs_system_id = ?", f.AcsSystemID)
	}
	if f.ConnectedAccountID != "" {
		w.add("s.connected_account_id = ?", f.ConnectedAccountID)
	}
	if f.AcsEntranceIDs != nil {
		w.in("e.acs_entrance_id", f.AcsEntranceIDs)
	}
	if f.Search != "" {
		w.add(`LOWER(e.display_name) LIKE ? ESCAPE '\'`, "%"+escapeLike(strings.ToLower(f.Search))+"%")
	}
	if f.AcsAccessGroupID != "" {
		w.add(`e.acs_entrance_id IN (SELECT ge.acs_entrance_id FROM acs_access_group_entrances ge
			JOIN acs_access_groups g ON g.acs_access_group_id = ge.acs_access_group_id AND g.deleted_at IS NULL
			WHERE ge.workspace_id = ? AND ge.acs_access_group_id = ?)`, workspaceID, f.AcsAccessGroupID)
	}
	if f.AcsUserID != "" {
		cond, args := userAccess(workspaceID, "?", []any{f.AcsUserID}, true)
		w.add(cond, args...)
	}
	if f.AcsCredentialID != "" {
		// The credential's own entrances, or those its user may open
		// through groups and grants (not through the user's other
		// credentials).
		viaUser, args := userAccess(workspaceID, `SELECT c.acs_user_id FROM acs_credentials c
			WHERE c.workspace_id = ? AND c.acs_credential_id = ? AND c.invalidated_at IS NULL`,
			[]any{workspaceID, f.AcsCredentialID}, false)
		w.add(`(e.acs_entrance_id IN (SELECT ce.acs_entrance_id FROM acs_credential_entrances ce
			JOIN acs_credentials c ON c.acs_credential_id = ce.acs_credential_id AND c.invalidated_at IS NULL
			WHERE ce.workspace_id = ? AND ce.acs_credential_id = ?) OR `+viaUser+")",
			append([]any{workspaceID, f.AcsCredentialID}, args...)...)
	}
	if f.UserIdentityIDs != nil {
		if len(f.UserIdentityIDs) == 0 {
			w.add("1 = 0")
		} else {
			users := `SELECT u.acs_user_id FROM acs_users u WHERE u.workspace_id = ? AND u.deleted_at IS NULL
				AND u.user_identity_id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(f.UserIdentityIDs)), ", ") + `)`
			args := []any{workspaceID}
			for _, id := range f.UserIdentityIDs {
				args = append(args, id)
			}
			cond, args := userAccess(workspaceID, users, args, true)
			w.add(cond, args...)
		}
	}
	return w
}

// userAccess renders the condition "the entrance may be opened by one of
// the users that users selects" (a "?" or a subquery, with usersArgs):
// through an access group, a direct grant and, with credentials, the
// entrances of their live credentials. Its placeholders are "?", for
// where.add to number.
func userAccess(workspaceID, users string, usersArgs []any, credentials bool) (string, []any) {
	cond := `e.acs_entrance_id IN (SELECT ge.acs_entrance_id FROM acs_access_group_members m
			JOIN acs_access_groups g ON g.acs_access_group_id = m.acs_access_group_id AND g.deleted_at IS NULL
			JOIN acs_access_group_entrances ge ON ge.acs_access_group_id = m.acs_access_group_id
			WHERE m.workspace_id = ? AND m.acs_user_id IN (` + users + `)
		UNION SELECT ue.acs_entrance_id FROM acs_user_entrances ue
			WHERE ue.workspace_id = ? AND ue.acs_user_id IN (` + users + `)`
	var args []any
	args = append(append(append(append(args, workspaceID), usersArgs...), workspaceID), usersArgs...)
	if credentials {
		cond += `
		UNION SELECT ce.acs_entrance_id FROM acs_credential_entrances ce
			JOIN acs_credentials c ON c.acs_credential_id = ce.acs_credential_id AND c.invalidated_at IS NULL
			WHERE ce.workspace_id = ? AND c.acs_user_id IN (` + users + `)`
		args = append(append(args, workspaceID), usersArgs...)
	}
	return cond + ")", args
}

// EntranceRef names an entrance and its id in the access system.
type EntranceRef struct {
	AcsEntranceID string
	ExternalID    string
}

// GrantUserEntrance lets a live user open an entrance directly. Both must
// be of the workspace and of the same system; otherwise no row is written
// and it reports false, as it does when the user already could.
func (tx *Tx) GrantUserEntrance(ctx context.Context, workspaceID, acsUserID, acsEntranceID string) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `INSERT INTO acs_user_entrances (workspace_id, acs_user_id, acs_entrance_id, created_at)
		SELECT u.workspace_id, u.acs_user_id, e.acs_entrance_id, CAST($1 AS BIGINT) FROM acs_users u
		JOIN acs_entrances e ON e.workspace_id = u.workspace_id AND e.acs_system_id = u.acs_system_id
		WHERE u.workspace_id = $2 AND u.acs_user_id = $3 AND u.deleted_at IS NULL AND e.acs_entrance_id = $4
		ON CONFLICT DO NOTHING`, ms(tx.now), workspaceID, acsUserID, acsEntranceID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RevokeUserEntrances ends every entrance granted to a user directly and
// returns them.
func (tx *Tx) RevokeUserEntrances(ctx context.Context, workspaceID, acsUserID string) ([]EntranceRef, error) {
	refs, err := queryList(ctx, tx, func(r rowScanner) (EntranceRef, error) {
		var e EntranceRef
		err := r.Scan(&e.AcsEntranceID, &e.ExternalID)
		return e, err
	}, `SELECT e.acs_entrance_id, e.external_id FROM acs_user_entrances ue
		JOIN acs_entrances e ON e.acs_entrance_id = ue.acs_entrance_id
		WHERE ue.workspace_id = $1 AND ue.acs_user_id = $2 ORDER BY e.acs_entrance_id`, workspaceID, acsUserID)
	if err != nil || len(refs) == 0 {
		return refs, err
	}
	_, err = tx.q.ExecContext(ctx, `DELETE FROM acs_user_entrances WHERE workspace_id = $1 AND acs_user_id = $2`,
		workspaceID, acsUserID)
	return refs, err
}
