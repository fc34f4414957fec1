package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) acsAccessGroupsGet(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsGetParams) (any, error) {
	return s.svc.Acs.GetAccessGroup(ctx, p, in.AcsAccessGroupID)
}

func (s *Server) acsAccessGroupsList(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsListParams) (any, error) {
	return s.svc.Acs.ListAccessGroups(ctx, p, in)
}

func (s *Server) acsAccessGroupsAddUser(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsAddUserParams) (any, error) {
	return nil, s.svc.Acs.AddUserToAccessGroup(ctx, p, in)
}

func (s *Server) acsAccessGroupsRemoveUser(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsRemoveUserParams) (any, error) {
	return nil, s.svc.Acs.RemoveUserFromAccessGroup(ctx, p, in)
}

func (s *Server) acsAccessGroupsListUsers(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsListUsersParams) (any, error) {
	return s.svc.Acs.ListAccessGroupUsers(ctx, p, in.AcsAccessGroupID)
}

func (s *Server) acsAccessGroupsListAccessibleEntrances(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsListAccessibleEntrancesParams) (any, error) {
	return s.svc.Acs.ListAccessGroupEntrances(ctx, p, in.AcsAccessGroupID)
}

func (s *Server) acsAccessGroupsDelete(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsDeleteParams) (any, error) {
	return nil, s.svc.Acs.DeleteAccessGroup(ctx, p, in.AcsAccessGroupID)
}
