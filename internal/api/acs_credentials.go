package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) acsCredentialsCreate(ctx context.Context, p lintel.Principal, in client.AcsCredentialsCreateParams) (any, error) {
	return s.svc.Acs.CreateCredential(ctx, p, in)
}

func (s *Server) acsCredentialsGet(ctx context.Context, p lintel.Principal, in client.AcsCredentialsGetParams) (any, error) {
	return s.svc.Acs.GetCredential(ctx, p, in.AcsCredentialID)
}

func (s *Server) acsCredentialsList(ctx context.Context, p lintel.Principal, in client.AcsCredentialsListParams) (any, error) {
	creds, pg, err := s.svc.Acs.ListCredentials(ctx, p, in)
	return listPage(creds, pg), err
}

// update, assign and unassign answer with the credential as it now is:
// Seam's response schema requires it (BodyKey), though the SDK ignores it.

func (s *Server) acsCredentialsUpdate(ctx context.Context, p lintel.Principal, in client.AcsCredentialsUpdateParams) (any, error) {
	if err := s.svc.Acs.UpdateCredential(ctx, p, in); err != nil {
		return nil, err
	}
	return s.svc.Acs.GetCredential(ctx, p, in.AcsCredentialID)
}

func (s *Server) acsCredentialsDelete(ctx context.Context, p lintel.Principal, in client.AcsCredentialsDeleteParams) (any, error) {
	return nil, s.svc.Acs.DeleteCredential(ctx, p, in.AcsCredentialID)
}

func (s *Server) acsCredentialsAssign(ctx context.Context, p lintel.Principal, in client.AcsCredentialsAssignParams) (any, error) {
	if err := s.svc.Acs.AssignCredential(ctx, p, in); err != nil {
		return nil, err
	}
	return s.svc.Acs.GetCredential(ctx, p, in.AcsCredentialID)
}

func (s *Server) acsCredentialsUnassign(ctx context.Context, p lintel.Principal, in client.AcsCredentialsUnassignParams) (any, error) {
	if err := s.svc.Acs.UnassignCredential(ctx, p, in); err != nil {
		return nil, err
	}
	return s.svc.Acs.GetCredential(ctx, p, in.AcsCredentialID)
}

func (s *Server) acsCredentialsListAccessibleEntrances(ctx context.Context, p lintel.Principal, in client.AcsCredentialsListAccessibleEntrancesParams) (any, error) {
	return s.svc.Acs.ListCredentialEntrances(ctx, p, in.AcsCredentialID)
}
