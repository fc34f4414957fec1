package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
)

func (s *Server) acsEntrancesGet(ctx context.Context, p lintel.Principal, in client.AcsEntrancesGetParams) (any, error) {
	return s.svc.Acs.GetEntrance(ctx, p, in.AcsEntranceID)
}

func (s *Server) acsEntrancesList(ctx context.Context, p lintel.Principal, in client.AcsEntrancesListParams) (any, error) {
	entrances, pg, err := s.svc.Acs.ListEntrances(ctx, p, in)
	return listPage(entrances, pg), err
}

func (s *Server) acsEntrancesGrantAccess(ctx context.Context, p lintel.Principal, in client.AcsEntrancesGrantAccessParams) (any, error) {
	return nil, s.svc.Acs.GrantEntranceAccess(ctx, p, in)
}

func (s *Server) acsEntrancesListCredentialsWithAccess(ctx context.Context, p lintel.Principal, in client.AcsEntrancesListCredentialsWithAccessParams) (any, error) {
	return s.svc.Acs.ListEntranceCredentials(ctx, p, in.AcsEntranceID)
}

func (s *Server) acsUsersListAccessibleEntrances(ctx context.Context, p lintel.Principal, in client.AcsUsersListAccessibleEntrancesParams) (any, error) {
	return s.svc.Acs.ListUserEntrances(ctx, p, acs.UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: in.AcsSystemID})
}

func (s *Server) acsUsersRevokeAccessToAllEntrances(ctx context.Context, p lintel.Principal, in client.AcsUsersRevokeAccessToAllEntrancesParams) (any, error) {
	return nil, s.svc.Acs.RevokeUserAccess(ctx, p, acs.UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: in.AcsSystemID})
}

func (s *Server) acsEntrancesUnlock(ctx context.Context, p lintel.Principal, in client.AcsEntrancesUnlockParams) (any, error) {
	return s.svc.Acs.UnlockEntrance(ctx, p, in)
}
