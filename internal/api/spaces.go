package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/space"
)

func (s *Server) spacesCreate(ctx context.Context, p lintel.Principal, in client.SpacesCreateParams) (any, error) {
	return s.svc.Spaces.Create(ctx, p, in)
}

func (s *Server) spacesGet(ctx context.Context, p lintel.Principal, in client.SpacesGetParams) (any, error) {
	return s.svc.Spaces.Get(ctx, p, space.Ref{SpaceID: in.SpaceID, SpaceKey: in.SpaceKey})
}

func (s *Server) spacesList(ctx context.Context, p lintel.Principal, in client.SpacesListParams) (any, error) {
	spaces, pg, err := s.svc.Spaces.List(ctx, p, in)
	return listPage(spaces, pg), err
}

func (s *Server) spacesUpdate(ctx context.Context, p lintel.Principal, in client.SpacesUpdateParams) (any, error) {
	return s.svc.Spaces.Update(ctx, p, in)
}

func (s *Server) spacesDelete(ctx context.Context, p lintel.Principal, in client.SpacesDeleteParams) (any, error) {
	return nil, s.svc.Spaces.Delete(ctx, p, in.SpaceID)
}

func (s *Server) spacesGetRelated(ctx context.Context, p lintel.Principal, in client.SpacesGetRelatedParams) (any, error) {
	return s.svc.Spaces.GetRelated(ctx, p, in)
}

func (s *Server) spacesAddAcsEntrances(ctx context.Context, p lintel.Principal, in client.SpacesAddAcsEntrancesParams) (any, error) {
	return nil, s.svc.Spaces.AddMembers(ctx, p, in.SpaceID, space.AcsEntrances, in.AcsEntranceIDs)
}

func (s *Server) spacesRemoveAcsEntrances(ctx context.Context, p lintel.Principal, in client.SpacesAddAcsEntrancesParams) (any, error) {
	return nil, s.svc.Spaces.RemoveMembers(ctx, p, in.SpaceID, space.AcsEntrances, in.AcsEntranceIDs)
}

func (s *Server) spacesAddDevices(ctx context.Context, p lintel.Principal, in client.SpacesAddDevicesParams) (any, error) {
	return nil, s.svc.Spaces.AddMembers(ctx, p, in.SpaceID, space.Devices, in.DeviceIDs)
}

func (s *Server) spacesRemoveDevices(ctx context.Context, p lintel.Principal, in client.SpacesAddDevicesParams) (any, error) {
	return nil, s.svc.Spaces.RemoveMembers(ctx, p, in.SpaceID, space.Devices, in.DeviceIDs)
}

func (s *Server) spacesAddConnectedAccount(ctx context.Context, p lintel.Principal, in client.SpacesAddConnectedAccountParams) (any, error) {
	return nil, s.svc.Spaces.AddMembers(ctx, p, in.SpaceID, space.ConnectedAccounts, []string{in.ConnectedAccountID})
}

func (s *Server) spacesRemoveConnectedAccount(ctx context.Context, p lintel.Principal, in client.SpacesAddConnectedAccountParams) (any, error) {
	return nil, s.svc.Spaces.RemoveMembers(ctx, p, in.SpaceID, space.ConnectedAccounts, []string{in.ConnectedAccountID})
}
