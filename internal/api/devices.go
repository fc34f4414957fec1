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

func (s *Server) devicesUpdate(ctx context.Context, p lintel.Principal, in client.DevicesUpdateParams) (any, error) {
	return nil, s.svc.Devices.Update(ctx, p, in)
}

func (s *Server) devicesDelete(ctx context.Context, p lintel.Principal, in client.DeviceIDParams) (any, error) {
	return nil, s.svc.Devices.Delete(ctx, p, in.DeviceID)
}

func (s *Server) devicesReportProviderMetadata(ctx context.Context, p lintel.Principal, in client.DevicesReportProviderMetadataParams) (any, error) {
	return nil, s.svc.Devices.ReportProviderMetadata(ctx, p, in)
}

func (s *Server) devicesListDeviceProviders(ctx context.Context, p lintel.Principal, in client.DevicesListDeviceProvidersParams) (any, error) {
	return s.svc.Devices.ListDeviceProviders(ctx, p, in), nil
}

func (s *Server) devicesUnmanagedGet(ctx context.Context, p lintel.Principal, in client.DevicesGetParams) (any, error) {
	return s.svc.Devices.GetUnmanaged(ctx, p, in)
}

func (s *Server) devicesUnmanagedList(ctx context.Context, p lintel.Principal, in client.DevicesListParams) (any, error) {
	devices, pg, err := s.svc.Devices.ListUnmanaged(ctx, p, in)
	return listPage(devices, pg), err
}

func (s *Server) devicesUnmanagedUpdate(ctx context.Context, p lintel.Principal, in client.DevicesUnmanagedUpdateParams) (any, error) {
	return nil, s.svc.Devices.UpdateUnmanaged(ctx, p, in)
}

func (s *Server) devicesSimulateConnect(ctx context.Context, p lintel.Principal, in client.DeviceIDParams) (any, error) {
	return nil, s.svc.Devices.SimulateConnect(ctx, p, in.DeviceID)
}

func (s *Server) devicesSimulateDisconnect(ctx context.Context, p lintel.Principal, in client.DeviceIDParams) (any, error) {
	return nil, s.svc.Devices.SimulateDisconnect(ctx, p, in.DeviceID)
}

func (s *Server) devicesSimulateRemove(ctx context.Context, p lintel.Principal, in client.DeviceIDParams) (any, error) {
	return nil, s.svc.Devices.SimulateRemove(ctx, p, in.DeviceID)
}

func (s *Server) devicesSimulateConnectToHub(ctx context.Context, p lintel.Principal, in client.DeviceIDParams) (any, error) {
	return nil, s.svc.Devices.SimulateHub(ctx, p, in.DeviceID, true)
}

func (s *Server) devicesSimulateDisconnectFromHub(ctx context.Context, p lintel.Principal, in client.DeviceIDParams) (any, error) {
	return nil, s.svc.Devices.SimulateHub(ctx, p, in.DeviceID, false)
}

func (s *Server) devicesSimulatePaidSubscription(ctx context.Context, p lintel.Principal, in client.DevicesSimulatePaidSubscriptionParams) (any, error) {
	return nil, s.svc.Devices.SimulatePaidSubscription(ctx, p, in)
}

func (s *Server) locksLockDoor(ctx context.Context, p lintel.Principal, in client.LocksActionParams) (any, error) {
	return s.svc.Devices.LockDoor(ctx, p, in.DeviceID)
}

func (s *Server) locksUnlockDoor(ctx context.Context, p lintel.Principal, in client.LocksActionParams) (any, error) {
	return s.svc.Devices.UnlockDoor(ctx, p, in.DeviceID)
}

func (s *Server) locksConfigureAutoLock(ctx context.Context, p lintel.Principal, in client.LocksConfigureAutoLockParams) (any, error) {
	return s.svc.Devices.ConfigureAutoLock(ctx, p, in)
}

func (s *Server) locksSimulateKeypadCodeEntry(ctx context.Context, p lintel.Principal, in client.LocksSimulateKeypadCodeEntryParams) (any, error) {
	return s.svc.Devices.SimulateKeypadCodeEntry(ctx, p, in)
}

func (s *Server) locksSimulateManualLockViaKeypad(ctx context.Context, p lintel.Principal, in client.DeviceIDParams) (any, error) {
	return s.svc.Devices.SimulateManualLockViaKeypad(ctx, p, in.DeviceID)
}
