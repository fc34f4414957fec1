package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) acsSystemsGet(ctx context.Context, p lintel.Principal, in client.AcsSystemsGetParams) (any, error) {
	return s.svc.Acs.GetSystem(ctx, p, in.AcsSystemID)
}

func (s *Server) acsSystemsList(ctx context.Context, p lintel.Principal, in client.AcsSystemsListParams) (any, error) {
	return s.svc.Acs.ListSystems(ctx, p, in)
}
