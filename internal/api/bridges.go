package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/bridge"
)

// bridgeClientSessionsCreate takes no credentials, so each client address
// may open only so many sessions (Config.BridgeSessionRate).
func (s *Server) bridgeClientSessionsCreate(ctx context.Context, p lintel.Principal, in client.BridgeClientSessionsCreateParams) (any, error) {
	if secs, ok := s.bridgeSessions.allow(p.SourceIP); !ok {
		return nil, &lintel.Error{Code: lintel.ERateLimited,
			Message: "Too many bridge client sessions opened from this address; retry after the time in Retry-After",
			Data:    map[string]any{"retry_after_seconds": secs}}
	}
	return s.svc.Bridges.CreateSession(ctx, bridge.NewSession{BridgeClientSessionsCreateParams: in})
}

func (s *Server) bridgeClientSessionsGet(ctx context.Context, p lintel.Principal, _ client.BridgeClientSessionsGetParams) (any, error) {
	return s.svc.Bridges.Session(ctx, p)
}

func (s *Server) bridgeClientSessionsRegeneratePairingCode(ctx context.Context, p lintel.Principal, _ client.BridgeClientSessionsRegeneratePairingCodeParams) (any, error) {
	return s.svc.Bridges.RegeneratePairingCode(ctx, p)
}

func (s *Server) bridgeClientSessionsRefreshTailscaleAuthKey(ctx context.Context, p lintel.Principal, _ client.BridgeClientSessionsRefreshTailscaleAuthKeyParams) (any, error) {
	return s.svc.Bridges.RefreshTailscaleAuthKey(ctx, p)
}

func (s *Server) bridgeClientSessionsRefreshTelemetryToken(ctx context.Context, p lintel.Principal, _ client.BridgeClientSessionsRefreshTelemetryTokenParams) (any, error) {
	return s.svc.Bridges.RefreshTelemetryToken(ctx, p)
}

func (s *Server) bridgeClientSessionsReportStatus(ctx context.Context, p lintel.Principal, in client.BridgeClientSessionsReportStatusParams) (any, error) {
	return nil, s.svc.Bridges.ReportStatus(ctx, p, in)
}

func (s *Server) bridgeConnectedSystemsList(ctx context.Context, p lintel.Principal, _ client.BridgeConnectedSystemsListParams) (any, error) {
	return s.svc.Bridges.ConnectedSystems(ctx, p)
}

func (s *Server) bridgesGet(ctx context.Context, p lintel.Principal, in client.BridgesGetParams) (any, error) {
	return s.svc.Bridges.Get(ctx, p, in.BridgeID)
}

func (s *Server) bridgesList(ctx context.Context, p lintel.Principal, _ client.BridgesListParams) (any, error) {
	return s.svc.Bridges.List(ctx, p)
}
