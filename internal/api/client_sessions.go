package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) clientSessionsCreate(ctx context.Context, p lintel.Principal, in client.ClientSessionsCreateParams) (any, error) {
	return s.svc.Identity.CreateClientSession(ctx, p, in)
}

func (s *Server) clientSessionsGetOrCreate(ctx context.Context, p lintel.Principal, in client.ClientSessionsGetOrCreateParams) (any, error) {
	return s.svc.Identity.GetOrCreateClientSession(ctx, p, in)
}

func (s *Server) clientSessionsGet(ctx context.Context, p lintel.Principal, in client.ClientSessionsGetParams) (any, error) {
	return s.svc.Identity.GetClientSession(ctx, p, in)
}

func (s *Server) clientSessionsList(ctx context.Context, p lintel.Principal, in client.ClientSessionsListParams) (any, error) {
	return s.svc.Identity.ListClientSessions(ctx, p, in)
}

func (s *Server) clientSessionsRevoke(ctx context.Context, p lintel.Principal, in client.ClientSessionsRevokeParams) (any, error) {
	return nil, s.svc.Identity.RevokeClientSession(ctx, p, in.ClientSessionID)
}

func (s *Server) clientSessionsDelete(ctx context.Context, p lintel.Principal, in client.ClientSessionsDeleteParams) (any, error) {
	return nil, s.svc.Identity.DeleteClientSession(ctx, p, in.ClientSessionID)
}

func (s *Server) clientSessionsGrantAccess(ctx context.Context, p lintel.Principal, in client.ClientSessionsGrantAccessParams) (any, error) {
	return s.svc.Identity.GrantAccess(ctx, p, in)
}
