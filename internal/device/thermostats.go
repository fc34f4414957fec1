package device

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// ThermostatTypes are the device types of thermostats (Seam's enum for
// thermostats/list).
var ThermostatTypes = []string{"ecobee_thermostat", "nest_thermostat", "honeywell_resideo_thermostat", "tado_thermostat",
	"sensi_thermostat", "smartthings_thermostat"}

// ListThermostats returns every thermostat of the caller's workspace,
// oldest first, as List does for devices.
func (s *Service) ListThermostats(ctx context.Context, p lintel.Principal, in client.ThermostatsListParams) ([]client.Device, error) {
	return s.listOfKind(ctx, p, kindFilter{types: ThermostatTypes, deviceTypes: withOne(in.DeviceTypes, in.DeviceType),
		manufacturer: in.Manufacturer, account: in.ConnectedAccountID, webview: in.ConnectWebviewID, customerKey: in.CustomerKey})
}

// GetThermostat returns one managed thermostat of the caller's workspace,
// by id or by name; a device that is not a thermostat is not found.
func (s *Service) GetThermostat(ctx context.Context, p lintel.Principal, in client.ThermostatsGetParams) (client.Device, error) {
	return s.get(ctx, p, client.DevicesGetParams{DeviceID: in.DeviceID, Name: in.Name},
		store.DeviceFilter{IsManaged: ptr(true), DeviceTypes: ThermostatTypes})
}

// Managed loads, in tx, a managed device the caller may see (a client
// session: the devices of its connected accounts); any other is not found.
// The domains that act on devices (thermostats) find their device with it.
func (s *Service) Managed(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Device, error) {
	return s.managed(ctx, tx, p, deviceID)
}
