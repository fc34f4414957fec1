package store

import (
	"context"
	"log/slog"
)

// The tables in this file hold the simulated access system behind the
// sandbox connector: the provider's view, keyed by its own (external) ids.

// SandboxUser is a row of the simulated system's users. The sandbox
// connector converts it to and from connector.ProviderUser, the model every
// connector speaks.
type SandboxUser struct {
	ExternalID   string
	FullName     *string
	EmailAddress *string
	PhoneNumber  *string
	IsSuspended  bool
}

// SandboxCredential is a row of the simulated system's credentials.
type SandboxCredential struct {
	ExternalID     string
	UserExternalID *string
	AccessMethod   string
	Code           *string
	CardNumber     *string
}

// LogValue keeps the PIN out of logs.
func (c SandboxCredential) LogValue() slog.Value {
	return slog.GroupValue(slog.String("external_id", c.ExternalID), slog.Bool("has_code", c.Code != nil))
}

// The provider tables are keyed by (system, external id), without the
// workspace: each write below selects the system within the workspace
// (systemOfWorkspace), so that another workspace's system id writes nothing
// rather than replacing, or hiding behind its key, a row of that workspace.
const systemOfWorkspace = ` FROM acs_systems s WHERE s.workspace_id = $1 AND s.acs_system_id = $2`

// SandboxPutUser creates or replaces a user in the simulated system.
func (tx *Tx) SandboxPutUser(ctx context.Context, workspaceID, acsSystemID string, u SandboxUser) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO sandbox_provider_users (workspace_id, acs_system_id, external_id,
		full_name, email_address, phone_number, is_suspended, updated_at)
		SELECT s.workspace_id, s.acs_system_id, $3, $4, $5, $6, CAST($7 AS BOOLEAN), CAST($8 AS BIGINT)`+systemOfWorkspace+`
		ON CONFLICT (acs_system_id, external_id) DO UPDATE SET full_name = excluded.full_name,
		email_address = excluded.email_address, phone_number = excluded.phone_number,
		is_suspended = excluded.is_suspended, updated_at = excluded.updated_at`,
		workspaceID, acsSystemID, u.ExternalID, u.FullName, u.EmailAddress, u.PhoneNumber, u.IsSuspended, ms(tx.now))
	return err
}

// SandboxDeleteUser removes a user, its credentials and its group
// memberships from the simulated system. Deleting a missing user is not an
// error: the provider's "not found" on delete counts as done.
func (tx *Tx) SandboxDeleteUser(ctx context.Context, workspaceID, acsSystemID, externalID string) error {
	if tx.dialect == Postgres {
		// One statement instead of four: every user delete runs this.
		return tx.execLater(ctx, sandboxDeleteUserPostgres, workspaceID, acsSystemID, externalID)
	}
	for _, q := range sandboxDeleteUser {
		if _, err := tx.q.ExecContext(ctx, q, workspaceID, acsSystemID, externalID); err != nil {
			return err
		}
	}
	return nil
}

// sandboxDeleteUser are the statements that remove a simulated user, its
// own row last; each takes the workspace, system and user's external id.
var sandboxDeleteUser = []string{
	// Keyed by external id; the user's are found through the index on their
	// user, which the subquery reads alone (on SQLite, which otherwise
	// searches the key by system: TestDeletePlans).
	`DELETE FROM sandbox_provider_credentials WHERE acs_system_id = $2 AND external_id IN (SELECT external_id
		FROM sandbox_provider_credentials WHERE workspace_id = $1 AND acs_system_id = $2 AND user_external_id = $3)`,
	`DELETE FROM sandbox_provider_group_members WHERE workspace_id = $1 AND acs_system_id = $2 AND user_external_id = $3`,
	`DELETE FROM sandbox_provider_user_entrances WHERE workspace_id = $1 AND acs_system_id = $2 AND user_external_id = $3`,
	`DELETE FROM sandbox_provider_users WHERE workspace_id = $1 AND acs_system_id = $2 AND external_id = $3`,
}

// sandboxDeleteUserPostgres runs the same statements as one, the first ones
// as data-modifying WITH clauses (no foreign key ties these tables to each
// other, so their order within the statement does not matter).
var sandboxDeleteUserPostgres = withClauses(sandboxDeleteUser)

// SandboxUsers lists the users of the simulated system.
func (tx *Tx) SandboxUsers(ctx context.Context, workspaceID, acsSystemID string) ([]SandboxUser, error) {
	return tx.SandboxUsersAfter(ctx, workspaceID, acsSystemID, "", -1)
}

// SandboxUsersAfter lists at most limit users of the simulated system whose
// external id sorts after the given one, in external id order (a negative
// limit lists them all).
func (tx *Tx) SandboxUsersAfter(ctx context.Context, workspaceID, acsSystemID, afterExternalID string, limit int) ([]SandboxUser, error) {
	return queryList(ctx, tx, func(r rowScanner) (SandboxUser, error) {
		var u SandboxUser
		err := r.Scan(&u.ExternalID, &u.FullName, &u.EmailAddress, &u.PhoneNumber, &u.IsSuspended)
		return u, err
	}, `SELECT external_id, full_name, email_address, phone_number, is_suspended FROM sandbox_provider_users
		WHERE workspace_id = $1 AND acs_system_id = $2 AND external_id > $3 ORDER BY external_id LIMIT $4`,
		workspaceID, acsSystemID, afterExternalID, noLimit(limit))
}

// SandboxPutCredential creates or replaces a credential in the simulated system.
func (tx *Tx) SandboxPutCredential(ctx context.Context, workspaceID, acsSystemID string, c SandboxCredential) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO sandbox_provider_credentials (workspace_id, acs_system_id,
		external_id, user_external_id, access_method, code, card_number, updated_at)
		SELECT s.workspace_id, s.acs_system_id, $3, $4, $5, $6, $7, CAST($8 AS BIGINT)`+systemOfWorkspace+`
		ON CONFLICT (acs_system_id, external_id) DO UPDATE SET user_external_id = excluded.user_external_id,
		access_method = excluded.access_method, code = excluded.code, card_number = excluded.card_number,
		updated_at = excluded.updated_at`,
		workspaceID, acsSystemID, c.ExternalID, c.UserExternalID, c.AccessMethod, c.Code, c.CardNumber, ms(tx.now))
	return err
}

// SandboxDeleteCredential removes a credential from the simulated system.
func (tx *Tx) SandboxDeleteCredential(ctx context.Context, workspaceID, acsSystemID, externalID string) error {
	_, err := tx.q.ExecContext(ctx, `DELETE FROM sandbox_provider_credentials
		WHERE workspace_id = $1 AND acs_system_id = $2 AND external_id = $3`, workspaceID, acsSystemID, externalID)
	return err
}

// SandboxCredentials lists the credentials of the simulated system.
func (tx *Tx) SandboxCredentials(ctx context.Context, workspaceID, acsSystemID string) ([]SandboxCredential, error) {
	return queryList(ctx, tx, func(r rowScanner) (SandboxCredential, error) {
		var c SandboxCredential
		err := r.Scan(&c.ExternalID, &c.UserExternalID, &c.AccessMethod, &c.Code, &c.CardNumber)
		return c, err
	}, `SELECT external_id, user_external_id, access_method, code, card_number FROM sandbox_provider_credentials
		WHERE workspace_id = $1 AND acs_system_id = $2 ORDER BY external_id`, workspaceID, acsSystemID)
}

// SandboxSetGroupMember adds (member true) or removes a user of a group in
// the simulated system.
func (tx *Tx) SandboxSetGroupMember(ctx context.Context, workspaceID, acsSystemID, groupExternalID, userExternalID string, member bool) error {
	if member {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO sandbox_provider_group_members (workspace_id, acs_system_id,
			group_external_id, user_external_id)
			SELECT s.workspace_id, s.acs_system_id, $3, $4`+systemOfWorkspace+` ON CONFLICT DO NOTHING`,
			workspaceID, acsSystemID, groupExternalID, userExternalID)
		return err
	}
	_, err := tx.q.ExecContext(ctx, `DELETE FROM sandbox_provider_group_members WHERE workspace_id = $1
		AND acs_system_id = $2 AND group_external_id = $3 AND user_external_id = $4`,
		workspaceID, acsSystemID, groupExternalID, userExternalID)
	return err
}

// SandboxGroupMembers lists the external ids of a group's members in the
// simulated system.
func (tx *Tx) SandboxGroupMembers(ctx context.Context, workspaceID, acsSystemID, groupExternalID string) ([]string, error) {
	return queryList(ctx, tx, scanString, `SELECT user_external_id FROM sandbox_provider_group_members WHERE workspace_id = $1 AND acs_system_id = $2
		AND group_external_id = $3 ORDER BY user_external_id`, workspaceID, acsSystemID, groupExternalID)
}

// SandboxSetUserEntrance grants (granted true) or revokes a user's direct
// access to an entrance in the simulated system.
func (tx *Tx) SandboxSetUserEntrance(ctx context.Context, workspaceID, acsSystemID, userExternalID, entranceExternalID string, granted bool) error {
	if granted {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO sandbox_provider_user_entrances (workspace_id, acs_system_id,
			user_external_id, entrance_external_id)
			SELECT s.workspace_id, s.acs_system_id, $3, $4`+systemOfWorkspace+` ON CONFLICT DO NOTHING`,
			workspaceID, acsSystemID, userExternalID, entranceExternalID)
		return err
	}
	_, err := tx.q.ExecContext(ctx, `DELETE FROM sandbox_provider_user_entrances WHERE workspace_id = $1
		AND acs_system_id = $2 AND user_external_id = $3 AND entrance_external_id = $4`,
		workspaceID, acsSystemID, userExternalID, entranceExternalID)
	return err
}

// SandboxUserEntrances lists the external ids of the entrances a user may
// open directly in the simulated system.
func (tx *Tx) SandboxUserEntrances(ctx context.Context, workspaceID, acsSystemID, userExternalID string) ([]string, error) {
	return queryList(ctx, tx, scanString, `SELECT entrance_external_id FROM sandbox_provider_user_entrances WHERE workspace_id = $1 AND acs_system_id = $2
		AND user_external_id = $3 ORDER BY entrance_external_id`, workspaceID, acsSystemID, userExternalID)
}
