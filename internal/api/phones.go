package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) phonesList(ctx context.Context, p lintel.Principal, in client.PhonesListParams) (any, error) {
	return s.svc.Phones.List(ctx, p, in)
}

func (s *Server) phonesGet(ctx context.Context, p lintel.Principal, in client.PhonesGetParams) (any, error) {
	return s.svc.Phones.Get(ctx, p, in.DeviceID)
}

func (s *Server) phonesDeactivate(ctx context.Context, p lintel.Principal, in client.PhonesDeactivateParams) (any, error) {
	return nil, s.svc.Phones.Deactivate(ctx, p, in.DeviceID)
}

func (s *Server) phonesSimulateCreateSandboxPhone(ctx context.Context, p lintel.Principal, in client.PhonesSimulateCreateSandboxPhoneParams) (any, error) {
	return s.svc.Phones.CreateSandboxPhone(ctx, p, in)
}
