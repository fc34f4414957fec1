package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) connectedAccountsGet(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsGetParams) (any, error) {
	return s.svc.Acs.GetConnectedAccount(ctx, p, in)
}

func (s *Server) connectedAccountsUpdate(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsUpdateParams) (any, error) {
	return s.svc.Acs.UpdateConnectedAccount(ctx, p, in)
}

func (s *Server) connectedAccountsSync(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsSyncParams) (any, error) {
	return nil, s.svc.Acs.SyncConnectedAccount(ctx, p, in.ConnectedAccountID)
}

func (s *Server) connectedAccountsList(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsListParams) (any, error) {
	accounts, pg, err := s.svc.Acs.ListConnectedAccounts(ctx, p, in)
	return listPage(accounts, pg), err
}

func (s *Server) connectedAccountsDelete(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsDeleteParams) (any, error) {
	return nil, s.svc.Acs.DeleteConnectedAccount(ctx, p, in.ConnectedAccountID)
}

func (s *Server) connectedAccountsSimulateDisconnect(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsSimulateDisconnectParams) (any, error) {
	return nil, s.svc.Acs.SimulateDisconnect(ctx, p, in.ConnectedAccountID)
}
