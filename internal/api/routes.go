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
	}
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }
