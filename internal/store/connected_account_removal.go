package store

import (
	"context"
	"database/sql"
)

// AccountRemoval is what removing a connected account took away: every
// object that was still live, with the ids its deleted event names. Objects
// already gone from the API for good (tombstoned users and credentials
// whose deletion was final, deleted access groups) were removed too, but
// are not listed: their events were recorded when they went.
type AccountRemoval struct {
	DeviceIDs    []string
	AcsSystemIDs []string
	// AcsUsers and AcsCredentials include those whose deletion was still
	// waiting for the access system: their deleted events had not been
	// recorded yet, and now never will be by the queued mutation.
	AcsUsers       []RemovedObject
	AcsCredentials []RemovedObject
	AccessGroups   []RemovedObject
	Entrances      []RemovedObject
}

// RemovedObject is one removed object and the system it was on.
type RemovedObject struct {
	ID          string
	AcsSystemID string
}

// accountSystems selects the ids of the account's systems; $1 is the
// workspace, $2 the account.
const accountSystems = `SELECT acs_system_id FROM acs_systems WHERE workspace_id = $1 AND connected_account_id = $2`

// RemoveConnectedAccount deletes a connected account of the workspace and
// everything behind it, in the caller's transaction: its devices, its ACS
// systems with
// their users, credentials, access groups, entrances and links between
// them, the pending and queued mutations of those objects (a queued
// mutation whose row is gone is settled: its job does nothing), and the
// sandbox provider's state of those systems. Rows are deleted, not
// tombstoned, so nothing under the account can be found again, and a
// reconciliation of one of its systems finds no system. It returns what
// was live, for the events the removal owes; ErrNotFound if the account is
// not of the workspace (or was removed meanwhile).
func (tx *Tx) RemoveConnectedAccount(ctx context.Context, workspaceID, connectedAccountID string) (AccountRemoval, error) {
	var out AccountRemoval
	// Claim the account first: on PostgreSQL a concurrent removal waits
	// here, then finds nothing.
	if err := execOne(ctx, tx, `UPDATE connected_accounts SET display_name = display_name
		WHERE workspace_id = $1 AND connected_account_id = $2`, workspaceID, connectedAccountID); err != nil {
		return out, err
	}
	// The devices' queued mutations are settled and their simulated state
	// goes with them.
	for _, q := range []string{
		`DELETE FROM queued_mutations WHERE workspace_id = $1 AND device_id IN (SELECT device_id FROM devices
			WHERE workspace_id = $1 AND connected_account_id = $2)`,
		`DELETE FROM sandbox_provider_access_codes WHERE workspace_id = $1 AND connected_account_id = $2`,
		`DELETE FROM sandbox_provider_devices WHERE workspace_id = $1 AND connected_account_id = $2`,
	} {
		if _, err := tx.q.ExecContext(ctx, q, workspaceID, connectedAccountID); err != nil {
			return out, err
		}
	}
	var err error
	if out.DeviceIDs, err = tx.DeleteDevicesOfConnectedAccount(ctx, workspaceID, connectedAccountID); err != nil {
		return out, err
	}
	const usersOf = `SELECT acs_user_id FROM acs_users WHERE workspace_id = $1 AND acs_system_id IN (` + accountSystems + `)`
	const credsOf = `SELECT acs_credential_id FROM acs_credentials WHERE workspace_id = $1 AND acs_system_id IN (` + accountSystems + `)`
	const groupsOf = `SELECT acs_access_group_id FROM acs_access_groups WHERE workspace_id = $1 AND acs_system_id IN (` + accountSystems + `)`
	const entrancesOf = `SELECT acs_entrance_id FROM acs_entrances WHERE workspace_id = $1 AND acs_system_id IN (` + accountSystems + `)`
	// Links and pending state first, then the objects (children before
	// parents, for the foreign keys), then the systems and the account.
	for _, q := range []string{
		`DELETE FROM acs_credential_entrances WHERE workspace_id = $1 AND acs_credential_id IN (` + credsOf + `)`,
		`DELETE FROM acs_credential_entrances WHERE workspace_id = $1 AND acs_entrance_id IN (` + entrancesOf + `)`,
		`DELETE FROM acs_user_entrances WHERE workspace_id = $1 AND acs_user_id IN (` + usersOf + `)`,
		`DELETE FROM acs_user_entrances WHERE workspace_id = $1 AND acs_entrance_id IN (` + entrancesOf + `)`,
		`DELETE FROM acs_access_group_members WHERE workspace_id = $1 AND acs_user_id IN (` + usersOf + `)`,
		`DELETE FROM acs_access_group_members WHERE workspace_id = $1 AND acs_access_group_id IN (` + groupsOf + `)`,
		`DELETE FROM acs_access_group_entrances WHERE workspace_id = $1 AND acs_access_group_id IN (` + groupsOf + `)`,
		`DELETE FROM acs_access_group_entrances WHERE workspace_id = $1 AND acs_entrance_id IN (` + entrancesOf + `)`,
		`DELETE FROM pending_mutations WHERE workspace_id = $1 AND object_id IN (` + usersOf + `)`,
		`DELETE FROM pending_mutations WHERE workspace_id = $1 AND object_id IN (` + credsOf + `)`,
		`DELETE FROM queued_mutations WHERE workspace_id = $1 AND acs_system_id IN (` + accountSystems + `)`,
		// A credential of another system issued through one of these
		// (a credential manager) stays, without its issuer.
		`UPDATE acs_credentials SET credential_manager_acs_system_id = NULL WHERE workspace_id = $1
			AND credential_manager_acs_system_id IN (` + accountSystems + `)
			AND acs_system_id NOT IN (` + accountSystems + `)`,
	} {
		if _, err := tx.q.ExecContext(ctx, q, workspaceID, connectedAccountID); err != nil {
			return out, err
		}
	}
	// RETURNING reports each row as this transaction deleted it: on
	// PostgreSQL, one whose deletion a concurrent request made final
	// meanwhile comes back final, and its event is not owed twice.
	creds, err := removeRows(ctx, tx, `DELETE FROM acs_credentials WHERE workspace_id = $1
		AND acs_system_id IN (`+accountSystems+`) RETURNING acs_credential_id, acs_system_id, deleted_at IS NULL, acs_user_id`,
		workspaceID, connectedAccountID)
	if err != nil {
		return out, err
	}
	users, err := removeRows(ctx, tx, `DELETE FROM acs_users WHERE workspace_id = $1
		AND acs_system_id IN (`+accountSystems+`) RETURNING acs_user_id, acs_system_id, deleted_at IS NULL, NULL`,
		workspaceID, connectedAccountID)
	if err != nil {
		return out, err
	}
	// A credential invalidated with its user, whose deletion was final,
	// had its deleted event then.
	finalUser := map[string]bool{}
	for _, u := range users {
		if !u.live {
			finalUser[u.ID] = true
		}
	}
	out.AcsUsers = liveOnes(users, nil)
	out.AcsCredentials = liveOnes(creds, func(c removedRow) bool { return !finalUser[c.owner] })
	groups, err := removeRows(ctx, tx, `DELETE FROM acs_access_groups WHERE workspace_id = $1
		AND acs_system_id IN (`+accountSystems+`) RETURNING acs_access_group_id, acs_system_id, deleted_at IS NULL, NULL`,
		workspaceID, connectedAccountID)
	if err != nil {
		return out, err
	}
	out.AccessGroups = liveOnes(groups, nil)
	entrances, err := removeRows(ctx, tx, `DELETE FROM acs_entrances WHERE workspace_id = $1
		AND acs_system_id IN (`+accountSystems+`) RETURNING acs_entrance_id, acs_system_id, TRUE, NULL`,
		workspaceID, connectedAccountID)
	if err != nil {
		return out, err
	}
	out.Entrances = liveOnes(entrances, nil)
	for _, table := range []string{"sandbox_provider_users", "sandbox_provider_credentials",
		"sandbox_provider_group_members", "sandbox_provider_user_entrances"} {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM `+table+` WHERE workspace_id = $1
			AND acs_system_id IN (`+accountSystems+`)`, workspaceID, connectedAccountID); err != nil {
			return out, err
		}
	}
	systems, err := removeRows(ctx, tx, `DELETE FROM acs_systems WHERE workspace_id = $1 AND connected_account_id = $2
		RETURNING acs_system_id, acs_system_id, TRUE, NULL`, workspaceID, connectedAccountID)
	if err != nil {
		return out, err
	}
	for _, s := range systems {
		out.AcsSystemIDs = append(out.AcsSystemIDs, s.ID)
	}
	_, err = tx.q.ExecContext(ctx, `DELETE FROM connected_accounts WHERE workspace_id = $1 AND connected_account_id = $2`,
		workspaceID, connectedAccountID)
	return out, err
}

// removedRow is a row a DELETE returned: its id, its system, whether it
// was live, and its owner (a credential's user).
type removedRow struct {
	RemovedObject
	live  bool
	owner string
}

// removeRows runs a DELETE … RETURNING id, system id, whether the row was
// live, owner id (or NULL).
func removeRows(ctx context.Context, tx *Tx, query string, args ...any) ([]removedRow, error) {
	return queryList(ctx, tx, func(r interface{ Scan(...any) error }) (removedRow, error) {
		var o removedRow
		var live sql.NullBool
		var owner sql.NullString
		err := r.Scan(&o.ID, &o.AcsSystemID, &live, &owner)
		o.live, o.owner = live.Bool, owner.String
		return o, err
	}, query, args...)
}

// liveOnes keeps the live rows that keep (nil: all) accepts.
func liveOnes(rows []removedRow, keep func(removedRow) bool) []RemovedObject {
	out := make([]RemovedObject, 0, len(rows))
	for _, r := range rows {
		if r.live && (keep == nil || keep(r)) {
			out = append(out, r.RemovedObject)
		}
	}
	return out
}
