package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
)

func (s *Server) acsUsersCreate(ctx context.Context, p lintel.Principal, in client.AcsUsersCreateParams) (any, error) {
	return s.svc.Acs.CreateUser(ctx, p, in)
}

func (s *Server) acsUsersGet(ctx context.Context, p lintel.Principal, in client.AcsUsersGetParams) (any, error) {
	return s.svc.Acs.GetUser(ctx, p, acs.UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: in.AcsSystemID})
}

func (s *Server) acsUsersList(ctx context.Context, p lintel.Principal, in client.AcsUsersListParams) (any, error) {
	users, pg, err := s.svc.Acs.ListUsers(ctx, p, in)
	return listPage(users, pg), err
}

func (s *Server) acsUsersUpdate(ctx context.Context, p lintel.Principal, in client.AcsUsersUpdateParams) (any, error) {
	return nil, s.svc.Acs.UpdateUser(ctx, p, in)
}

func (s *Server) acsUsersDelete(ctx context.Context, p lintel.Principal, in client.AcsUsersDeleteParams) (any, error) {
	return nil, s.svc.Acs.DeleteUser(ctx, p, acs.UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: in.AcsSystemID})
}

func (s *Server) acsUsersSuspend(ctx context.Context, p lintel.Principal, in client.AcsUsersSuspendParams) (any, error) {
	return nil, s.svc.Acs.SetSuspended(ctx, p, acs.UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: in.AcsSystemID}, true)
}

func (s *Server) acsUsersUnsuspend(ctx context.Context, p lintel.Principal, in client.AcsUsersUnsuspendParams) (any, error) {
	return nil, s.svc.Acs.SetSuspended(ctx, p, acs.UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: in.AcsSystemID}, false)
}

func (s *Server) acsUsersAddToAccessGroup(ctx context.Context, p lintel.Principal, in client.AcsUsersAddToAccessGroupParams) (any, error) {
	return nil, s.svc.Acs.AddUserToGroup(ctx, p, in)
}

func (s *Server) acsUsersRemoveFromAccessGroup(ctx context.Context, p lintel.Principal, in client.AcsUsersRemoveFromAccessGroupParams) (any, error) {
	return nil, s.svc.Acs.RemoveUserFromGroup(ctx, p, in)
}
