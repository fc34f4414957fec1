package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) accessGrantsCreate(ctx context.Context, p lintel.Principal, in client.AccessGrantsCreateParams) (any, error) {
	return s.svc.Grants.Create(ctx, p, in)
}

func (s *Server) accessGrantsGet(ctx context.Context, p lintel.Principal, in client.AccessGrantsGetParams) (any, error) {
	return s.svc.Grants.Get(ctx, p, in)
}

func (s *Server) accessGrantsList(ctx context.Context, p lintel.Principal, in client.AccessGrantsListParams) (any, error) {
	grants, pg, err := s.svc.Grants.List(ctx, p, in)
	return listPage(grants, pg), err
}

func (s *Server) accessGrantsDelete(ctx context.Context, p lintel.Principal, in client.AccessGrantsDeleteParams) (any, error) {
	return nil, s.svc.Grants.Delete(ctx, p, in.AccessGrantID)
}

func (s *Server) accessMethodsGet(ctx context.Context, p lintel.Principal, in client.AccessMethodsGetParams) (any, error) {
	return s.svc.Grants.GetMethod(ctx, p, in.AccessMethodID)
}

func (s *Server) accessMethodsList(ctx context.Context, p lintel.Principal, in client.AccessMethodsListParams) (any, error) {
	methods, pg, err := s.svc.Grants.ListMethods(ctx, p, in)
	return listPage(methods, pg), err
}

func (s *Server) accessMethodsDelete(ctx context.Context, p lintel.Principal, in client.AccessMethodsDeleteParams) (any, error) {
	return nil, s.svc.Grants.DeleteMethods(ctx, p, in)
}

func (s *Server) accessGrantsUpdate(ctx context.Context, p lintel.Principal, in client.AccessGrantsUpdateParams) (any, error) {
	return nil, s.svc.Grants.Update(ctx, p, in)
}

func (s *Server) accessGrantsRequestAccessMethods(ctx context.Context, p lintel.Principal, in client.AccessGrantsRequestAccessMethodsParams) (any, error) {
	return s.svc.Grants.RequestAccessMethods(ctx, p, in)
}

func (s *Server) accessGrantsGetRelated(ctx context.Context, p lintel.Principal, in client.AccessGrantsGetRelatedParams) (any, error) {
	return s.svc.Grants.GetRelated(ctx, p, in)
}

func (s *Server) accessMethodsGetRelated(ctx context.Context, p lintel.Principal, in client.AccessMethodsGetRelatedParams) (any, error) {
	return s.svc.Grants.GetMethodRelated(ctx, p, in)
}

func (s *Server) accessMethodsUnlockDoor(ctx context.Context, p lintel.Principal, in client.AccessMethodsUnlockDoorParams) (any, error) {
	return s.svc.Grants.UnlockDoor(ctx, p, in)
}

func (s *Server) accessMethodsAssignCard(ctx context.Context, p lintel.Principal, in client.AccessMethodsAssignCardParams) (any, error) {
	return s.svc.Grants.AssignCard(ctx, p, in)
}

func (s *Server) accessMethodsEncode(ctx context.Context, p lintel.Principal, in client.AccessMethodsEncodeParams) (any, error) {
	return s.svc.Acs.EncodeCredential(ctx, p, client.AcsEncodersEncodeCredentialParams{AcsEncoderID: in.AcsEncoderID,
		AccessMethodID: in.AccessMethodID})
}
