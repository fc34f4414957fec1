package api

import (
	"reflect"

	"github.com/lintel-dev/lintel/client"
)

//go:generate go test -run ^TestPromisedRoutesUpToDate$ . -args -update

// routeTable is the API's table of contents: every route lintel serves, with
// the methods and credential kinds it accepts (as Seam's OpenAPI document
// says; routes_test.go checks them against it), the key of its response and
// its handler. The OpenAPI document and the CLI's commands are generated
// from it.
func (s *Server) routeTable() []route {
	return []route{
		// Health.
		{Path: "/health", Methods: get | post, Auth: authNone, ResponseKey: "health",
			Summary: "Report whether the server is up", Response: typeOf[client.Health](), handle: op(s.health)},
		{Path: "/health/get_health", Methods: get | post, Auth: authNone, ResponseKey: "health",
			Summary: "Report whether the server is up (the path the Seam CLI calls)", Response: typeOf[client.Health](), handle: op(s.health)},

		// Workspaces.
		{Path: "/workspaces/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "workspace",
			Summary: "Get the workspace of the caller", Response: typeOf[client.Workspace](), handle: op(s.workspacesGet)},
		{Path: "/workspaces/list", Methods: get | post, Auth: workspaceAuth | authClientSession | authPATWithoutWorkspace | authConsoleWithoutWorkspace,
			ResponseKey: "workspaces", Summary: "List the workspaces the caller can reach", Response: typeOf[[]client.Workspace](), handle: op(s.workspacesList)},
		{Path: "/workspaces/update", Methods: patch | post, Auth: workspaceAuth,
			Summary: "Update the caller's workspace", handle: op(s.workspacesUpdate)},
		{Path: "/workspaces/create", Methods: post, Auth: authPATWithoutWorkspace | authConsoleWithWorkspace | authConsoleWithoutWorkspace,
			Creates: true, ResponseKey: "workspace", Summary: "Create a workspace", Response: typeOf[client.Workspace](), handle: op(s.workspacesCreate)},
		{Path: "/workspaces/reset_sandbox", Methods: post, Auth: workspaceAuth, ResponseKey: "action_attempt", ActionAttemptType: "RESET_SANDBOX_WORKSPACE",
			Summary: "Empty the caller's sandbox workspace of every account, object and event; keys and webhooks stay", Response: typeOf[client.ActionAttempt](), handle: op(s.workspacesResetSandbox)},

		// ACS users.
		{Path: "/acs/users/create", Methods: post, Auth: workspaceAuth, Creates: true, ResponseKey: "acs_user",
			Summary: "Create an access system user", Response: typeOf[client.AcsUser](), handle: op(s.acsUsersCreate)},
		{Path: "/acs/users/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_user",
			Summary: "Get an access system user", Response: typeOf[client.AcsUser](), handle: op(s.acsUsersGet)},
		{Path: "/acs/users/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_users", Paginated: true,
			Summary: "List access system users", Response: typeOf[[]client.AcsUser](), handle: op(s.acsUsersList)},
		{Path: "/acs/users/update", Methods: patch | post, Auth: workspaceAuth,
			Summary: "Update an access system user", handle: op(s.acsUsersUpdate)},
		{Path: "/acs/users/delete", Methods: del | post, Auth: workspaceAuth,
			Summary: "Delete an access system user and invalidate its credentials", handle: op(s.acsUsersDelete)},
		{Path: "/acs/users/suspend", Methods: post, Auth: workspaceAuth,
			Summary: "Suspend an access system user", handle: op(s.acsUsersSuspend)},
		{Path: "/acs/users/unsuspend", Methods: post, Auth: workspaceAuth,
			Summary: "Unsuspend an access system user", handle: op(s.acsUsersUnsuspend)},
		{Path: "/acs/users/add_to_access_group", Methods: put | post, Auth: workspaceAuth,
			Summary: "Add an access system user to an access group", handle: op(s.acsUsersAddToAccessGroup)},
		{Path: "/acs/users/remove_from_access_group", Methods: del | post, Auth: workspaceAuth,
			Summary: "Remove an access system user from an access group", handle: op(s.acsUsersRemoveFromAccessGroup)},
		{Path: "/acs/users/list_accessible_entrances", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_entrances",
			Summary: "List the entrances an access system user may open", Response: typeOf[[]client.AcsEntrance](), handle: op(s.acsUsersListAccessibleEntrances)},
		{Path: "/acs/users/revoke_access_to_all_entrances", Methods: post, Auth: workspaceAuth,
			Summary: "Take an access system user out of every access group and entrance grant", handle: op(s.acsUsersRevokeAccessToAllEntrances)},

		// ACS credentials.
		{Path: "/acs/credentials/create", Methods: post, Auth: workspaceAuth, Creates: true, ResponseKey: "acs_credential",
			Summary: "Issue a credential to an access system user", Response: typeOf[client.AcsCredential](), handle: op(s.acsCredentialsCreate)},
		{Path: "/acs/credentials/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_credential",
			Summary: "Get a credential", Response: typeOf[client.AcsCredential](), handle: op(s.acsCredentialsGet)},
		{Path: "/acs/credentials/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_credentials", Paginated: true,
			Summary: "List credentials", Response: typeOf[[]client.AcsCredential](), handle: op(s.acsCredentialsList)},
		{Path: "/acs/credentials/update", Methods: patch | post, Auth: workspaceAuth, BodyKey: "acs_credential",
			Summary: "Change a credential's code or end of validity", handle: op(s.acsCredentialsUpdate)},
		{Path: "/acs/credentials/delete", Methods: del | post, Auth: workspaceAuth,
			Summary: "Delete a credential and revoke it on the access system", handle: op(s.acsCredentialsDelete)},
		{Path: "/acs/credentials/assign", Methods: patch | post, Auth: workspaceAuth, BodyKey: "acs_credential",
			Summary: "Assign a credential to an access system user", handle: op(s.acsCredentialsAssign)},
		{Path: "/acs/credentials/unassign", Methods: patch | post, Auth: workspaceAuth, BodyKey: "acs_credential",
			Summary: "Unassign a credential from its access system user", handle: op(s.acsCredentialsUnassign)},
		{Path: "/acs/credentials/list_accessible_entrances", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_entrances",
			Summary: "List the entrances a credential opens", Response: typeOf[[]client.AcsEntrance](), handle: op(s.acsCredentialsListAccessibleEntrances)},

		// ACS access groups.
		{Path: "/acs/access_groups/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_access_group",
			Summary: "Get an access group", Response: typeOf[client.AcsAccessGroup](), handle: op(s.acsAccessGroupsGet)},
		{Path: "/acs/access_groups/list", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_access_groups",
			Summary: "List access groups", Response: typeOf[[]client.AcsAccessGroup](), handle: op(s.acsAccessGroupsList)},
		{Path: "/acs/access_groups/add_user", Methods: put | post, Auth: workspaceAuth,
			Summary: "Add an access system user to an access group", handle: op(s.acsAccessGroupsAddUser)},
		{Path: "/acs/access_groups/remove_user", Methods: del | post, Auth: workspaceAuth,
			Summary: "Remove an access system user from an access group", handle: op(s.acsAccessGroupsRemoveUser)},
		{Path: "/acs/access_groups/list_users", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_users",
			Summary: "List the members of an access group", Response: typeOf[[]client.AcsUser](), handle: op(s.acsAccessGroupsListUsers)},
		{Path: "/acs/access_groups/list_accessible_entrances", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_entrances",
			Summary: "List the entrances an access group opens", Response: typeOf[[]client.AcsEntrance](), handle: op(s.acsAccessGroupsListAccessibleEntrances)},
		{Path: "/acs/access_groups/delete", Methods: del | post, Auth: workspaceAuth | authClientSession,
			Summary: "Delete an access group", handle: op(s.acsAccessGroupsDelete)},

		// Devices and locks.
		{Path: "/devices/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "device",
			Summary: "Get a device", Response: typeOf[client.Device](), handle: op(s.devicesGet)},
		{Path: "/devices/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "devices", Paginated: true,
			Summary: "List devices", Response: typeOf[[]client.Device](), handle: op(s.devicesList)},
		{Path: "/locks/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "device", AlsoKey: "lock",
			Summary: "Get a lock", Response: typeOf[client.Device](), handle: op(s.locksGet)},
		{Path: "/locks/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "devices", AlsoKey: "locks",
			Summary: "List locks", Response: typeOf[[]client.Device](), handle: op(s.locksList)},

		// ACS entrances.
		{Path: "/acs/entrances/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_entrance",
			Summary: "Get an entrance", Response: typeOf[client.AcsEntrance](), handle: op(s.acsEntrancesGet)},
		{Path: "/acs/entrances/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_entrances", Paginated: true,
			Summary: "List entrances", Response: typeOf[[]client.AcsEntrance](), handle: op(s.acsEntrancesList)},
		{Path: "/acs/entrances/grant_access", Methods: post, Auth: workspaceAuth,
			Summary: "Let an access system user open an entrance", handle: op(s.acsEntrancesGrantAccess)},
		{Path: "/acs/entrances/list_credentials_with_access", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_credentials",
			Summary: "List the credentials that open an entrance", Response: typeOf[[]client.AcsCredential](), handle: op(s.acsEntrancesListCredentialsWithAccess)},
		{Path: "/acs/entrances/unlock", Methods: post, Auth: workspaceAuth, ResponseKey: "action_attempt", ActionAttemptType: "UNLOCK_DOOR",
			Summary: "Unlock an entrance remotely with a cloud_key credential", Response: typeOf[client.ActionAttempt](), handle: op(s.acsEntrancesUnlock)},

		// ACS encoders: card encoders at front desks.
		{Path: "/acs/encoders/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_encoder",
			Summary: "Get an encoder", Response: typeOf[client.AcsEncoder](), handle: op(s.acsEncodersGet)},
		{Path: "/acs/encoders/list", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_encoders", Paginated: true,
			Summary: "List the encoders of access systems", Response: typeOf[[]client.AcsEncoder](), handle: op(s.acsEncodersList)},
		{Path: "/acs/encoders/encode_credential", Methods: post, Auth: workspaceAuth, ResponseKey: "action_attempt", ActionAttemptType: "ENCODE_CREDENTIAL",
			Summary: "Write a card credential onto a card with an encoder", Response: typeOf[client.ActionAttempt](), handle: op(s.acsEncodersEncodeCredential)},
		{Path: "/acs/encoders/scan_credential", Methods: post, Auth: workspaceAuth, ResponseKey: "action_attempt", ActionAttemptType: "SCAN_CREDENTIAL",
			Summary: "Read the card on an encoder", Response: typeOf[client.ActionAttempt](), handle: op(s.acsEncodersScanCredential)},
		{Path: "/acs/encoders/scan_to_assign_credential", Methods: post, Auth: workspaceAuth, ResponseKey: "action_attempt", ActionAttemptType: "SCAN_TO_ASSIGN_CREDENTIAL",
			Summary: "Read the card on an encoder and give it to an access system user", Response: typeOf[client.ActionAttempt](), handle: op(s.acsEncodersScanToAssignCredential)},
		{Path: "/acs/encoders/simulate/next_credential_encode_will_fail", Methods: post, Auth: workspaceAuth,
			Summary: "Make the next encode of a sandbox encoder fail", handle: op(s.acsEncodersSimulateEncodeWillFail)},
		{Path: "/acs/encoders/simulate/next_credential_encode_will_succeed", Methods: post, Auth: workspaceAuth,
			Summary: "Make the next encode of a sandbox encoder succeed", handle: op(s.acsEncodersSimulateEncodeWillSucceed)},
		{Path: "/acs/encoders/simulate/next_credential_scan_will_fail", Methods: post, Auth: workspaceAuth,
			Summary: "Make the next scan of a sandbox encoder fail", handle: op(s.acsEncodersSimulateScanWillFail)},
		{Path: "/acs/encoders/simulate/next_credential_scan_will_succeed", Methods: post, Auth: workspaceAuth,
			Summary: "Say what the next scan of a sandbox encoder reads", handle: op(s.acsEncodersSimulateScanWillSucceed)},

		// Action attempts.
		{Path: "/action_attempts/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "action_attempt",
			Summary: "Get an action attempt", Response: typeOf[client.ActionAttempt](), handle: op(s.actionAttemptsGet)},
		{Path: "/action_attempts/list", Methods: get | post, Auth: workspaceAuth, ResponseKey: "action_attempts", Paginated: true,
			Summary: "List action attempts", Response: typeOf[[]client.ActionAttempt](), handle: op(s.actionAttemptsList)},

		// Connected accounts and ACS systems.
		{Path: "/connected_accounts/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "connected_account",
			Summary: "Get a connected account", Response: typeOf[client.ConnectedAccount](), handle: op(s.connectedAccountsGet)},
		{Path: "/connected_accounts/list", Methods: get | post, Auth: workspaceAuth, ResponseKey: "connected_accounts", Paginated: true,
			Summary: "List connected accounts", Response: typeOf[[]client.ConnectedAccount](), handle: op(s.connectedAccountsList)},
		{Path: "/connected_accounts/update", Methods: patch | post, Auth: workspaceAuth, BodyKey: "connected_account",
			Summary: "Update a connected account", Response: typeOf[client.ConnectedAccount](), handle: op(s.connectedAccountsUpdate)},
		{Path: "/connected_accounts/sync", Methods: post, Auth: workspaceAuth,
			Summary: "Reconcile a connected account's systems with the access systems behind them", handle: op(s.connectedAccountsSync)},
		{Path: "/connected_accounts/delete", Methods: del | post, Auth: workspaceAuth,
			Summary: "Delete a connected account and everything lintel holds behind it (the provider keeps its own)", handle: op(s.connectedAccountsDelete)},
		{Path: "/connected_accounts/simulate/disconnect", Methods: post, Auth: workspaceAuth,
			Summary: "Make a connected account of a sandbox workspace disconnected", handle: op(s.connectedAccountsSimulateDisconnect)},
		{Path: "/acs/systems/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_system",
			Summary: "Get an access system", Response: typeOf[client.AcsSystem](), handle: op(s.acsSystemsGet)},
		{Path: "/acs/systems/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_systems",
			Summary: "List access systems", Response: typeOf[[]client.AcsSystem](), handle: op(s.acsSystemsList)},

		// Connect Webviews: the page through which a user connects an account.
		{Path: "/connect_webviews/create", Methods: post, Auth: workspaceAuth | authClientSession, Creates: true, ResponseKey: "connect_webview",
			Summary: "Create a Connect Webview: a page where a user chooses a brand and signs in to connect an account", Response: typeOf[client.ConnectWebview](), handle: op(s.connectWebviewsCreate)},
		{Path: "/connect_webviews/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "connect_webview",
			Summary: "Get a Connect Webview", Response: typeOf[client.ConnectWebview](), handle: op(s.connectWebviewsGet)},
		{Path: "/connect_webviews/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "connect_webviews", Paginated: true,
			Summary: "List Connect Webviews", Response: typeOf[[]client.ConnectWebview](), handle: op(s.connectWebviewsList)},
		{Path: "/connect_webviews/delete", Methods: del | post, Auth: workspaceAuth,
			Summary: "Delete a Connect Webview; its url stops working", handle: op(s.connectWebviewsDelete)},

		// User identities.
		{Path: "/user_identities/create", Methods: post, Auth: workspaceAuth, Creates: true, ResponseKey: "user_identity",
			Summary: "Create a user identity", Response: typeOf[client.UserIdentity](), handle: op(s.userIdentitiesCreate)},
		{Path: "/user_identities/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "user_identity",
			Summary: "Get a user identity", Response: typeOf[client.UserIdentity](), handle: op(s.userIdentitiesGet)},
		{Path: "/user_identities/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "user_identities", Paginated: true,
			Summary: "List user identities", Response: typeOf[[]client.UserIdentity](), handle: op(s.userIdentitiesList)},
		{Path: "/user_identities/update", Methods: patch | post, Auth: workspaceAuth,
			Summary: "Update a user identity", handle: op(s.userIdentitiesUpdate)},
		{Path: "/user_identities/delete", Methods: del | post, Auth: workspaceAuth,
			Summary: "Delete a user identity, its access system users and credentials, and revoke its client sessions", handle: op(s.userIdentitiesDelete)},
		{Path: "/user_identities/add_acs_user", Methods: put | post, Auth: workspaceAuth,
			Summary: "Link an access system user to a user identity", handle: op(s.userIdentitiesAddAcsUser)},
		{Path: "/user_identities/remove_acs_user", Methods: del | post, Auth: workspaceAuth,
			Summary: "Unlink an access system user from a user identity", handle: op(s.userIdentitiesRemoveAcsUser)},
		{Path: "/user_identities/list_acs_users", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_users",
			Summary: "List the access system users of a user identity", Response: typeOf[[]client.AcsUser](), handle: op(s.userIdentitiesListAcsUsers)},
		{Path: "/user_identities/list_acs_systems", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_systems",
			Summary: "List the access systems of a user identity", Response: typeOf[[]client.AcsSystem](), handle: op(s.userIdentitiesListAcsSystems)},
		{Path: "/user_identities/list_accessible_entrances", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_entrances",
			Summary: "List the entrances a user identity can open", Response: typeOf[[]client.AcsEntrance](), handle: op(s.userIdentitiesListAccessibleEntrances)},

		// Noise sensors and their thresholds.
		{Path: "/noise_sensors/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "devices", AlsoKey: "noise_sensors",
			Summary: "List noise sensors", Response: typeOf[[]client.Device](), handle: op(s.noiseSensorsList)},
		{Path: "/noise_sensors/noise_thresholds/create", Methods: post, Auth: workspaceAuth, ResponseKey: "noise_threshold",
			ActionAttemptType: "CREATE_NOISE_THRESHOLD", Summary: "Add a noise threshold to a noise sensor",
			Response: typeOf[client.NoiseThreshold](), handle: op(s.noiseThresholdsCreate)},
		{Path: "/noise_sensors/noise_thresholds/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "noise_threshold",
			Summary: "Get a noise threshold", Response: typeOf[client.NoiseThreshold](), handle: op(s.noiseThresholdsGet)},
		{Path: "/noise_sensors/noise_thresholds/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "noise_thresholds",
			Summary: "List the noise thresholds of a noise sensor", Response: typeOf[[]client.NoiseThreshold](), handle: op(s.noiseThresholdsList)},
		{Path: "/noise_sensors/noise_thresholds/update", Methods: put | patch | post, Auth: workspaceAuth,
			ActionAttemptType: "UPDATE_NOISE_THRESHOLD", Summary: "Change a noise threshold", handle: op(s.noiseThresholdsUpdate)},
		{Path: "/noise_sensors/noise_thresholds/delete", Methods: del | post, Auth: workspaceAuth,
			ActionAttemptType: "DELETE_NOISE_THRESHOLD", Summary: "Remove a noise threshold from its noise sensor", handle: op(s.noiseThresholdsDelete)},
		{Path: "/noise_sensors/simulate/trigger_noise_threshold", Methods: post, Auth: workspaceAuth,
			Summary: "Make a sandbox noise sensor hear a disturbance that exceeds the thresholds in force", handle: op(s.noiseSensorsSimulateTriggerNoiseThreshold)},

		// Phones: app users' phones, by user identity; a lost one is deactivated.
		{Path: "/phones/list", Methods: get | post, Auth: workspaceAuth, ResponseKey: "phones",
			Summary: "List phones", Response: typeOf[[]client.Phone](), handle: op(s.phonesList)},
		{Path: "/phones/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "phone",
			Summary: "Get a phone", Response: typeOf[client.Phone](), handle: op(s.phonesGet)},
		{Path: "/phones/deactivate", Methods: del | post, Auth: workspaceAuth | authClientSession,
			Summary: "Deactivate a lost phone and revoke the mobile keys it carried", handle: op(s.phonesDeactivate)},
		{Path: "/phones/simulate/create_sandbox_phone", Methods: post, Auth: workspaceAuth, ResponseKey: "phone",
			Summary: "Give a user identity a simulated phone", Response: typeOf[client.Phone](), handle: op(s.phonesSimulateCreateSandboxPhone)},

		// Client sessions.
		{Path: "/client_sessions/create", Methods: put | post, Auth: workspaceAuth | authPublishableKey, Creates: true, ResponseKey: "client_session",
			Summary: "Create a client session", Response: typeOf[client.ClientSession](), handle: op(s.clientSessionsCreate)},
		{Path: "/client_sessions/get_or_create", Methods: post, Auth: workspaceAuth | authPublishableKey, Creates: true, ResponseKey: "client_session",
			Summary: "Get the client session of a user identifier key or identity, creating it if needed", Response: typeOf[client.ClientSession](), handle: op(s.clientSessionsGetOrCreate)},
		{Path: "/client_sessions/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "client_session",
			Summary: "Get a client session", Response: typeOf[client.ClientSession](), handle: op(s.clientSessionsGet)},
		{Path: "/client_sessions/list", Methods: get | post, Auth: workspaceAuth, ResponseKey: "client_sessions",
			Summary: "List live client sessions", Response: typeOf[[]client.ClientSession](), handle: op(s.clientSessionsList)},
		{Path: "/client_sessions/revoke", Methods: post, Auth: workspaceAuth,
			Summary: "Revoke a client session", handle: op(s.clientSessionsRevoke)},
		{Path: "/client_sessions/delete", Methods: del | post, Auth: workspaceAuth,
			Summary: "Delete (revoke) a client session", handle: op(s.clientSessionsDelete)},
		{Path: "/client_sessions/grant_access", Methods: patch | post, Auth: workspaceAuth, BodyKey: "client_session",
			Summary: "Let a client session act for more user identities or connected accounts", handle: op(s.clientSessionsGrantAccess)},

		// Spaces: groups of entrances and devices that access grants name.
		{Path: "/spaces/create", Methods: post, Auth: workspaceAuth, Creates: true, ResponseKey: "space",
			Summary: "Create a space, with devices, entrances and connected accounts", Response: typeOf[client.Space](), handle: op(s.spacesCreate)},
		{Path: "/spaces/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "space",
			Summary: "Get a space by id or key", Response: typeOf[client.Space](), handle: op(s.spacesGet)},
		{Path: "/spaces/list", Methods: get | post, Auth: workspaceAuth, ResponseKey: "spaces", Paginated: true,
			Summary: "List spaces", Response: typeOf[[]client.Space](), handle: op(s.spacesList)},
		{Path: "/spaces/update", Methods: patch | post, Auth: workspaceAuth, ResponseKey: "space",
			Summary: "Rename a space, change its parent or data, or replace its devices and entrances", Response: typeOf[client.Space](), handle: op(s.spacesUpdate)},
		{Path: "/spaces/delete", Methods: del | post, Auth: workspaceAuth,
			Summary: "Delete a space (its devices and entrances stay)", handle: op(s.spacesDelete)},
		{Path: "/spaces/get_related", Methods: get | post, Auth: workspaceAuth, ResponseKey: "batch",
			Summary: "Get spaces with their devices, entrances, connected accounts and access systems", Response: typeOf[client.SpaceRelated](), handle: op(s.spacesGetRelated)},
		{Path: "/spaces/add_acs_entrances", Methods: put | post, Auth: workspaceAuth,
			Summary: "Add entrances to a space", handle: op(s.spacesAddAcsEntrances)},
		{Path: "/spaces/remove_acs_entrances", Methods: del | post, Auth: workspaceAuth,
			Summary: "Remove entrances from a space", handle: op(s.spacesRemoveAcsEntrances)},
		{Path: "/spaces/add_devices", Methods: put | post, Auth: workspaceAuth,
			Summary: "Add devices to a space", handle: op(s.spacesAddDevices)},
		{Path: "/spaces/remove_devices", Methods: del | post, Auth: workspaceAuth,
			Summary: "Remove devices from a space", handle: op(s.spacesRemoveDevices)},
		{Path: "/spaces/add_connected_account", Methods: put | post, Auth: workspaceAuth,
			Summary: "Add a connected account to a space", handle: op(s.spacesAddConnectedAccount)},
		{Path: "/spaces/remove_connected_account", Methods: del | post, Auth: workspaceAuth,
			Summary: "Remove a connected account from a space", handle: op(s.spacesRemoveConnectedAccount)},

		// Events.
		{Path: "/events/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "event",
			Summary: "Get an event", Response: typeOf[client.Event](), handle: op(s.eventsGet)},
		{Path: "/events/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "events",
			Summary: "List events since a time or between two", Response: typeOf[[]client.Event](), handle: op(s.eventsList)},

		// Webhooks.
		{Path: "/webhooks/create", Methods: post, Auth: workspaceAuth, Creates: true, ResponseKey: "webhook",
			Summary: "Create a webhook that receives the workspace's events", Response: typeOf[client.Webhook](), handle: op(s.webhooksCreate)},
		{Path: "/webhooks/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "webhook",
			Summary: "Get a webhook, with its signing secret", Response: typeOf[client.Webhook](), handle: op(s.webhooksGet)},
		{Path: "/webhooks/list", Methods: get | post, Auth: workspaceAuth, ResponseKey: "webhooks",
			Summary: "List the workspace's webhooks", Response: typeOf[[]client.Webhook](), handle: op(s.webhooksList)},
		{Path: "/webhooks/update", Methods: put | post, Auth: workspaceAuth,
			Summary: "Change the event types a webhook receives", handle: op(s.webhooksUpdate)},
		{Path: "/webhooks/delete", Methods: del | post, Auth: workspaceAuth,
			Summary: "Delete a webhook; it receives nothing more", handle: op(s.webhooksDelete)},
	}
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }
