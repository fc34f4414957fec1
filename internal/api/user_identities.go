package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/identity"
)

func (s *Server) userIdentitiesCreate(ctx context.Context, p lintel.Principal, in client.UserIdentitiesCreateParams) (any, error) {
	return s.svc.Identity.Create(ctx, p, in)
}

func (s *Server) userIdentitiesGet(ctx context.Context, p lintel.Principal, in client.UserIdentitiesGetParams) (any, error) {
	return s.svc.Identity.Get(ctx, p, identity.IdentityRef{UserIdentityID: in.UserIdentityID, UserIdentityKey: in.UserIdentityKey})
}

func (s *Server) userIdentitiesList(ctx context.Context, p lintel.Principal, in client.UserIdentitiesListParams) (any, error) {
	idents, pg, err := s.svc.Identity.List(ctx, p, in)
	return listPage(idents, pg), err
}

func (s *Server) userIdentitiesUpdate(ctx context.Context, p lintel.Principal, in client.UserIdentitiesUpdateParams) (any, error) {
	return nil, s.svc.Identity.Update(ctx, p, in)
}

func (s *Server) userIdentitiesDelete(ctx context.Context, p lintel.Principal, in client.UserIdentitiesDeleteParams) (any, error) {
	return nil, s.svc.Identity.Delete(ctx, p, in.UserIdentityID)
}

func (s *Server) userIdentitiesAddAcsUser(ctx context.Context, p lintel.Principal, in client.UserIdentitiesAddAcsUserParams) (any, error) {
	return nil, s.svc.Identity.AddAcsUser(ctx, p, in)
}

func (s *Server) userIdentitiesRemoveAcsUser(ctx context.Context, p lintel.Principal, in client.UserIdentitiesRemoveAcsUserParams) (any, error) {
	return nil, s.svc.Identity.RemoveAcsUser(ctx, p, in)
}

func (s *Server) userIdentitiesListAcsUsers(ctx context.Context, p lintel.Principal, in client.UserIdentitiesListAcsUsersParams) (any, error) {
	return s.svc.Identity.ListAcsUsers(ctx, p, in.UserIdentityID)
}

func (s *Server) userIdentitiesListAcsSystems(ctx context.Context, p lintel.Principal, in client.UserIdentitiesListAcsSystemsParams) (any, error) {
	return s.svc.Identity.ListAcsSystems(ctx, p, in.UserIdentityID)
}

func (s *Server) userIdentitiesListAccessibleEntrances(ctx context.Context, p lintel.Principal, in client.UserIdentitiesListAccessibleEntrancesParams) (any, error) {
	return s.svc.Identity.ListAccessibleEntrances(ctx, p, in.UserIdentityID)
}

func (s *Server) userIdentitiesGrantAccessToDevice(ctx context.Context, p lintel.Principal, in client.UserIdentitiesGrantAccessToDeviceParams) (any, error) {
	return nil, s.svc.Identity.GrantAccessToDevice(ctx, p, in)
}

func (s *Server) userIdentitiesRevokeAccessToDevice(ctx context.Context, p lintel.Principal, in client.UserIdentitiesRevokeAccessToDeviceParams) (any, error) {
	return nil, s.svc.Identity.RevokeAccessToDevice(ctx, p, in)
}

func (s *Server) userIdentitiesListAccessibleDevices(ctx context.Context, p lintel.Principal, in client.UserIdentitiesListAccessibleDevicesParams) (any, error) {
	return s.svc.Identity.ListAccessibleDevices(ctx, p, in.UserIdentityID)
}
