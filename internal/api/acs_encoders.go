package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
)

func (s *Server) acsEncodersGet(ctx context.Context, p lintel.Principal, in client.AcsEncodersGetParams) (any, error) {
	return s.svc.Acs.GetEncoder(ctx, p, in.AcsEncoderID)
}

func (s *Server) acsEncodersList(ctx context.Context, p lintel.Principal, in client.AcsEncodersListParams) (any, error) {
	encoders, pg, err := s.svc.Acs.ListEncoders(ctx, p, in)
	return listPage(encoders, pg), err
}

func (s *Server) acsEncodersEncodeCredential(ctx context.Context, p lintel.Principal, in client.AcsEncodersEncodeCredentialParams) (any, error) {
	return s.svc.Acs.EncodeCredential(ctx, p, in)
}

func (s *Server) acsEncodersScanCredential(ctx context.Context, p lintel.Principal, in client.AcsEncodersScanCredentialParams) (any, error) {
	return s.svc.Acs.ScanCredential(ctx, p, in)
}

func (s *Server) acsEncodersScanToAssignCredential(ctx context.Context, p lintel.Principal, in client.AcsEncodersScanToAssignCredentialParams) (any, error) {
	return s.svc.Acs.ScanToAssignCredential(ctx, p, in)
}

func (s *Server) acsEncodersSimulateEncodeWillFail(ctx context.Context, p lintel.Principal, in client.AcsEncodersSimulateNextCredentialEncodeWillFailParams) (any, error) {
	return nil, s.svc.Acs.SimulateEncoder(ctx, p, in.AcsEncoderID, true, acs.EncodeWillFail(in.ErrorCode, in.AcsCredentialID))
}

func (s *Server) acsEncodersSimulateEncodeWillSucceed(ctx context.Context, p lintel.Principal, in client.AcsEncodersSimulateNextCredentialEncodeWillSucceedParams) (any, error) {
	return nil, s.svc.Acs.SimulateEncoder(ctx, p, in.AcsEncoderID, true, acs.EncoderOutcome{})
}

func (s *Server) acsEncodersSimulateScanWillFail(ctx context.Context, p lintel.Principal, in client.AcsEncodersSimulateNextCredentialScanWillFailParams) (any, error) {
	return nil, s.svc.Acs.SimulateEncoder(ctx, p, in.AcsEncoderID, false, acs.ScanWillFail(in.ErrorCode, in.AcsCredentialIDOnSeam))
}

func (s *Server) acsEncodersSimulateScanWillSucceed(ctx context.Context, p lintel.Principal, in client.AcsEncodersSimulateNextCredentialScanWillSucceedParams) (any, error) {
	return nil, s.svc.Acs.SimulateEncoder(ctx, p, in.AcsEncoderID, false, acs.ScanWillSucceed(in.Scenario, in.AcsCredentialIDOnSeam))
}
