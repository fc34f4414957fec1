package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) actionAttemptsGet(ctx context.Context, p lintel.Principal, in client.ActionAttemptsGetParams) (any, error) {
	return s.svc.Attempts.Get(ctx, p, in.ActionAttemptID)
}

func (s *Server) actionAttemptsList(ctx context.Context, p lintel.Principal, in client.ActionAttemptsListParams) (any, error) {
	attempts, pg, err := s.svc.Attempts.List(ctx, p, in)
	return listPage(attempts, pg), err
}
