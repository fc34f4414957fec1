package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) connectWebviewsCreate(ctx context.Context, p lintel.Principal, in client.ConnectWebviewsCreateParams) (any, error) {
	return s.svc.Webviews.Create(ctx, p, in)
}

func (s *Server) connectWebviewsGet(ctx context.Context, p lintel.Principal, in client.ConnectWebviewsGetParams) (any, error) {
	return s.svc.Webviews.Get(ctx, p, in.ConnectWebviewID)
}

func (s *Server) connectWebviewsList(ctx context.Context, p lintel.Principal, in client.ConnectWebviewsListParams) (any, error) {
	webviews, pg, err := s.svc.Webviews.List(ctx, p, in)
	return listPage(webviews, pg), err
}

func (s *Server) connectWebviewsDelete(ctx context.Context, p lintel.Principal, in client.ConnectWebviewsDeleteParams) (any, error) {
	return nil, s.svc.Webviews.Delete(ctx, p, in.ConnectWebviewID)
}
