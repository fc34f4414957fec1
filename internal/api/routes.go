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
	}
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }
