package api

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) devicesGet(ctx context.Context, p lintel.Principal, in client.DevicesGetParams) (any, error) {
	return s.svc.Devices.Get(ctx, p, in, false)
}

func (s *Server) devicesList(ctx context.Context, p lintel.Principal, in client.DevicesListParams) (any, error) {
	devices, pg, err := s.svc.Devices.List(ctx, p, in)
	return listPage(devices, pg), err
}

func (s *Server) locksGet(ctx context.Context, p lintel.Principal, in client.DevicesGetParams) (any, error) {
	return s.svc.Devices.Get(ctx, p, in, true)
}

func (s *Server) locksList(ctx context.Context, p lintel.Principal, in client.LocksListParams) (any, error) {
	return s.svc.Devices.ListLocks(ctx, p, in)
}
