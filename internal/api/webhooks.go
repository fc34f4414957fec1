package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) webhooksCreate(ctx context.Context, p lintel.Principal, in client.WebhooksCreateParams) (any, error) {
	return s.svc.Webhooks.Create(ctx, p, in)
}

func (s *Server) webhooksGet(ctx context.Context, p lintel.Principal, in client.WebhooksGetParams) (any, error) {
	return s.svc.Webhooks.Get(ctx, p, in.WebhookID)
}

func (s *Server) webhooksList(ctx context.Context, p lintel.Principal, in client.WebhooksListParams) (any, error) {
	return s.svc.Webhooks.List(ctx, p)
}

func (s *Server) webhooksUpdate(ctx context.Context, p lintel.Principal, in client.WebhooksUpdateParams) (any, error) {
	return nil, s.svc.Webhooks.Update(ctx, p, in)
}

func (s *Server) webhooksDelete(ctx context.Context, p lintel.Principal, in client.WebhooksDeleteParams) (any, error) {
	return nil, s.svc.Webhooks.Delete(ctx, p, in.WebhookID)
}
