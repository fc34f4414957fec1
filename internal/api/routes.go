package api

import (
	"reflect"

	"github.com/lintel-dev/lintel/client"
)

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
		{Path: "/workspaces/create", Methods: post, Auth: authPATWithoutWorkspace | authConsoleWithWorkspace | authConsoleWithoutWorkspace,
			ResponseKey: "workspace", Summary: "Create a workspace", Response: typeOf[client.Workspace](), handle: op(s.workspacesCreate)},

		// ACS users.
		{Path: "/acs/users/create", Methods: post, Auth: workspaceAuth, ResponseKey: "acs_user",
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
		{Path: "/acs/credentials/create", Methods: post, Auth: workspaceAuth, ResponseKey: "acs_credential",
			Summary: "Issue a credential to an access system user", Response: typeOf[client.AcsCredential](), handle: op(s.acsCredentialsCreate)},
		{Path: "/acs/credentials/get", Methods: get | post, Auth: workspaceAuth, ResponseKey: "acs_credential",
			Summary: "Get a credential", Response: typeOf[client.AcsCredential](), handle: op(s.acsCredentialsGet)},
		{Path: "/acs/credentials/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_credentials", Paginated: true,
			Summary: "List credentials", Response: typeOf[[]client.AcsCredential](), handle: op(s.acsCredentialsList)},
		{Path: "/acs/credentials/update", Methods: patch | post, Auth: workspaceAuth,
			Summary: "Change a credential's code or end of validity", handle: op(s.acsCredentialsUpdate)},
		{Path: "/acs/credentials/delete", Methods: del | post, Auth: workspaceAuth,
			Summary: "Delete a credential and revoke it on the access system", handle: op(s.acsCredentialsDelete)},
		{Path: "/acs/credentials/assign", Methods: patch | post, Auth: workspaceAuth,
			Summary: "Assign a credential to an access system user", handle: op(s.acsCredentialsAssign)},
		{Path: "/acs/credentials/unassign", Methods: patch | post, Auth: workspaceAuth,
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

		// ACS entrances.
		{Path: "/acs/entrances/get", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_entrance",
			Summary: "Get an entrance", Response: typeOf[client.AcsEntrance](), handle: op(s.acsEntrancesGet)},
		{Path: "/acs/entrances/list", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_entrances", Paginated: true,
			Summary: "List entrances", Response: typeOf[[]client.AcsEntrance](), handle: op(s.acsEntrancesList)},
		{Path: "/acs/entrances/grant_access", Methods: post, Auth: workspaceAuth,
			Summary: "Let an access system user open an entrance", handle: op(s.acsEntrancesGrantAccess)},
		{Path: "/acs/entrances/list_credentials_with_access", Methods: get | post, Auth: workspaceAuth | authClientSession, ResponseKey: "acs_credentials",
			Summary: "List the credentials that open an entrance", Response: typeOf[[]client.AcsCredential](), handle: op(s.acsEntrancesListCredentialsWithAccess)},
	}
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }
