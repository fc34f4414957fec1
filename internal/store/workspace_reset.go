package store

import "context"

// resetTables are the tables ResetWorkspace empties, children before
// parents (for the foreign keys). What a reset keeps is not listed: the
// workspace and its settings, its members, API keys, publishable keys and
// webhooks, and the audit log.
var resetTables = []string{
	"unmanaged_access_methods",
	"unmanaged_access_grants",
	"space_devices",
	"user_identity_devices",
	"space_acs_entrances",
	"space_connected_accounts",
	"spaces",
	"acs_credential_entrances",
	"acs_user_entrances",
	"acs_access_group_members",
	"acs_access_group_entrances",
	"pending_mutations",
	"queued_mutations",
	"acs_credentials",
	"acs_users",
	"acs_access_groups",
	"acs_entrances",
	"sandbox_provider_users",
	"sandbox_provider_credentials",
	"sandbox_provider_group_members",
	"sandbox_provider_user_entrances",
	"acs_encoders",
	"sandbox_provider_access_codes",
	"sandbox_provider_devices",
	"acs_systems",
	"noise_thresholds",
	"devices",
	"connected_accounts",
	"connect_webviews",
	"instant_keys",
	"client_session_user_identities",
	"client_sessions",
	"phones",
	"user_identities",
	"action_attempts",
	"events",
}

// ResetWorkspace deletes every object of the workspace that its callers
// created or connected — connected accounts and everything behind them
// (devices, access systems and their objects), Connect Webviews, user
// identities, client sessions, action attempts — and its event log,
// in the caller's transaction. Queued mutations are settled (their jobs do
// nothing) and pending webhook deliveries find no event to deliver. Other
// workspaces are untouched.
func (tx *Tx) ResetWorkspace(ctx context.Context, workspaceID string) error {
	for _, table := range resetTables {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM `+table+` WHERE workspace_id = $1`, workspaceID); err != nil {
			return err
		}
	}
	return nil
}
