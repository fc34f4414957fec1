package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) userIdentitiesGenerateInstantKey(ctx context.Context, p lintel.Principal, in client.UserIdentitiesGenerateInstantKeyParams) (any, error) {
	return s.svc.InstantKeys.Generate(ctx, p, in)
}

func (s *Server) instantKeysGet(ctx context.Context, p lintel.Principal, in client.InstantKeysGetParams) (any, error) {
	return s.svc.InstantKeys.Get(ctx, p, in)
}

func (s *Server) instantKeysList(ctx context.Context, p lintel.Principal, in client.InstantKeysListParams) (any, error) {
	return s.svc.InstantKeys.List(ctx, p, in)
}

func (s *Server) instantKeysDelete(ctx context.Context, p lintel.Principal, in client.InstantKeysDeleteParams) (any, error) {
	return nil, s.svc.InstantKeys.Delete(ctx, p, in.InstantKeyID)
}
