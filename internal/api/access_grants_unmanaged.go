package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) accessGrantsUnmanagedGet(ctx context.Context, p lintel.Principal, in client.AccessGrantsUnmanagedGetParams) (any, error) {
	return s.svc.Grants.GetUnmanaged(ctx, p, in.AccessGrantID)
}

func (s *Server) accessGrantsUnmanagedList(ctx context.Context, p lintel.Principal, in client.AccessGrantsUnmanagedListParams) (any, error) {
	grants, pg, err := s.svc.Grants.ListUnmanaged(ctx, p, in)
	return listPage(grants, pg), err
}

func (s *Server) accessGrantsUnmanagedUpdate(ctx context.Context, p lintel.Principal, in client.AccessGrantsUnmanagedUpdateParams) (any, error) {
	return nil, s.svc.Grants.UpdateUnmanaged(ctx, p, in)
}

func (s *Server) accessMethodsUnmanagedGet(ctx context.Context, p lintel.Principal, in client.AccessMethodsUnmanagedGetParams) (any, error) {
	return s.svc.Grants.GetUnmanagedMethod(ctx, p, in.AccessMethodID)
}

func (s *Server) accessMethodsUnmanagedList(ctx context.Context, p lintel.Principal, in client.AccessMethodsUnmanagedListParams) (any, error) {
	return s.svc.Grants.ListUnmanagedMethods(ctx, p, in)
}
