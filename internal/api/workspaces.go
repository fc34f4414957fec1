package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) workspacesGet(ctx context.Context, p lintel.Principal, in client.WorkspacesGetParams) (any, error) {
	return s.svc.Workspaces.Get(ctx, p)
}

func (s *Server) workspacesList(ctx context.Context, p lintel.Principal, in client.WorkspacesListParams) (any, error) {
	return s.svc.Workspaces.List(ctx, p)
}

func (s *Server) workspacesUpdate(ctx context.Context, p lintel.Principal, in client.WorkspacesUpdateParams) (any, error) {
	return nil, s.svc.Workspaces.Update(ctx, p, in)
}

func (s *Server) workspacesCreate(ctx context.Context, p lintel.Principal, in client.WorkspacesCreateParams) (any, error) {
	return s.svc.Workspaces.Create(ctx, p, in)
}

func (s *Server) workspacesResetSandbox(ctx context.Context, p lintel.Principal, in client.WorkspacesResetSandboxParams) (any, error) {
	return s.svc.Workspaces.ResetSandbox(ctx, p)
}
