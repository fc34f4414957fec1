package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) eventsGet(ctx context.Context, p lintel.Principal, in client.EventsGetParams) (any, error) {
	return s.svc.Events.Get(ctx, p, in)
}

func (s *Server) eventsList(ctx context.Context, p lintel.Principal, in client.EventsListParams) (any, error) {
	return s.svc.Events.List(ctx, p, in)
}
