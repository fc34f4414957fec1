package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// ErrUnknownProvider: the key names no provider of the catalogue, or the
// login is not one of the provider's.
var ErrUnknownProvider = errors.New("no such sandbox provider or login")

// ConnectRequest is what a successful sandbox sign-in hands to Connect.
type ConnectRequest struct {
	// Provider is the provider's key.
	Provider string
	// Login is the login SignIn returned; it is found again in the
	// catalogue by its email address.
	Login Login
	// CustomMetadata is carried onto the connected account (nil: none).
	CustomMetadata                map[string]any
	AutomaticallyManageNewDevices bool
	// ConnectWebviewID is the webview the sign-in happened in ("" for
	// none); connected_account.connected carries it.
	ConnectWebviewID string
}

// Connected is what Connect made or found.
type Connected struct {
	ConnectedAccountID string
	// Reconnected: the login was already connected in the workspace, and
	// its account was connected again rather than doubled.
	Reconnected bool
	Devices     []ConnectedDevice
	Systems     []ConnectedSystem
}

// ConnectedDevice is a device of a connected login, by catalogue key.
type ConnectedDevice struct {
	DeviceID string
	Key      string
}

// ConnectedSystem is an access system of a connected login, by catalogue
// key, with its entrances and access groups in catalogue order.
type ConnectedSystem struct {
	AcsSystemID    string
	Key            string
	EntranceIDs    []string
	AccessGroupIDs []string
	EncoderIDs     []string
}

// Service materialises sandbox sign-ins in workspaces.
type Service struct {
	events *event.Recorder
}

// NewService builds the service; events records what connecting does (and
// hands it to webhooks). With nil events it records nothing: the seed data
// is a past without events.
func NewService(events *event.Recorder) *Service { return &Service{events: events} }

// ConnectTx connects a sandbox login in the caller's transaction: it
// creates the connected account (account_type the provider's key,
// user_identifier.email the login's), its devices (managed if the account
// manages new devices) and its access systems with their entrances and
// access groups, reached through the sandbox connector, and records
// connected_account.connected, device.connected per device (each a sandbox
// lock, its simulated state in the store's sandbox tables) and
// acs_system.connected per system.
//
// A login already connected in the workspace connects its account again
// (Seam's reconnection): the same account, its custom metadata replaced
// when the request carries some, the login's objects it lacks created
// again (and their events recorded), nothing doubled.
func (s *Service) ConnectTx(ctx context.Context, tx *store.Tx, workspaceID string, in ConnectRequest) (Connected, error) {
	var out Connected
	p, ok := Lookup(in.Provider)
	if !ok {
		return out, fmt.Errorf("%w: %q", ErrUnknownProvider, in.Provider)
	}
	login, ok := p.LoginFor(in.Login.Email)
	if !ok {
		return out, fmt.Errorf("%w: %s has no login %q", ErrUnknownProvider, p.Key, in.Login.Email)
	}
	metadata := "{}"
	if in.CustomMetadata != nil {
		doc, err := json.Marshal(in.CustomMetadata)
		if err != nil {
			return out, err
		}
		metadata = string(doc)
	}
	ca, err := tx.ConnectedAccountByLogin(ctx, workspaceID, p.Key, login.Email)
	switch {
	case err == nil:
		out.Reconnected = true
		// Signing in again repairs a disconnected account.
		if _, err := tx.SetConnectedAccountDisconnected(ctx, workspaceID, ca.ConnectedAccountID, false); err != nil {
			return out, err
		}
		if in.CustomMetadata != nil {
			ca.CustomMetadata = metadata
			if err := tx.UpdateConnectedAccount(ctx, workspaceID, ca); err != nil {
				return out, err
			}
		}
	case errors.Is(err, store.ErrNotFound):
		email := login.Email
		ca = store.ConnectedAccount{ConnectedAccountID: lintel.NewID(), WorkspaceID: workspaceID, AccountType: p.Key,
			AccountTypeDisplayName: p.DisplayName, DisplayName: login.AccountDisplayName, CustomMetadata: metadata,
			AutomaticallyManageNewDevices: in.AutomaticallyManageNewDevices, UserIdentifierEmail: &email,
			CreatedAt: tx.Now()}
		if err := tx.InsertConnectedAccount(ctx, workspaceID, ca); err != nil {
			return out, err
		}
	default:
		return out, err
	}
	out.ConnectedAccountID = ca.ConnectedAccountID
	var accountMetadata map[string]any
	if err := json.Unmarshal([]byte(ca.CustomMetadata), &accountMetadata); err != nil {
		return out, err
	}
	events := []client.Event{{EventType: event.ConnectedAccountConnected, ConnectedAccountID: ca.ConnectedAccountID,
		ConnectWebviewID: in.ConnectWebviewID, ConnectedAccountCustomMetadata: accountMetadata}}

	devices, systems, err := existing(ctx, tx, workspaceID, ca.ConnectedAccountID)
	if err != nil {
		return out, err
	}
	for _, d := range login.Devices {
		// The simulated lock behind the device, in the state the
		// catalogue gives it; a lock the account already has keeps its
		// state (and comes back if it was taken off the account).
		if err := tx.SandboxAddDevice(ctx, workspaceID, store.SandboxDevice{ConnectedAccountID: ca.ConnectedAccountID,
			ExternalID: d.Key, Online: d.Online, Locked: d.Locked, DoorOpen: d.DoorOpen, BatteryLevel: d.BatteryLevel}); err != nil {
			return out, err
		}
		if d.Thermostat != nil {
			err := connector.SandboxAddThermostat(ctx, tx, workspaceID, ca.ConnectedAccountID, d.Key, d.Thermostat.Climate())
			if err != nil {
				return out, err
			}
		}
		id, ok := devices[d.Key]
		if !ok {
			id = lintel.NewID()
			if err := tx.InsertDevice(ctx, workspaceID, deviceRow(id, ca, d)); err != nil {
				return out, err
			}
			if err := insertThresholds(ctx, tx, workspaceID, id, d); err != nil {
				return out, err
			}
			if err := insertThermostat(ctx, tx, workspaceID, id, d); err != nil {
				return out, err
			}
			events = append(events, client.Event{EventType: event.DeviceConnected, DeviceID: id,
				ConnectedAccountID: ca.ConnectedAccountID, ConnectedAccountCustomMetadata: accountMetadata})
		}
		out.Devices = append(out.Devices, ConnectedDevice{DeviceID: id, Key: d.Key})
	}
	for _, sys := range login.Systems {
		cs, ok := systems[sys.Key]
		if !ok {
			if cs, err = createSystem(ctx, tx, workspaceID, ca.ConnectedAccountID, sys); err != nil {
				return out, err
			}
			events = append(events, client.Event{EventType: event.AcsSystemConnected, AcsSystemID: cs.AcsSystemID,
				ConnectedAccountID: ca.ConnectedAccountID})
			for _, id := range cs.EncoderIDs {
				events = append(events, client.Event{EventType: event.AcsEncoderAdded, AcsSystemID: cs.AcsSystemID,
					AcsEncoderID: id, ConnectedAccountID: ca.ConnectedAccountID})
			}
		}
		out.Systems = append(out.Systems, cs)
	}
	if s.events == nil {
		return out, nil
	}
	return out, s.events.Record(ctx, tx, workspaceID, events...)
}

// existing returns the devices and the systems the account already has, by
// their ids at the provider.
func existing(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID string) (map[string]string, map[string]ConnectedSystem, error) {
	devices := map[string]string{}
	systems := map[string]ConnectedSystem{}
	ds, err := tx.DevicesOfConnectedAccount(ctx, workspaceID, connectedAccountID)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range ds {
		devices[d.ExternalID] = d.DeviceID
	}
	ss, err := tx.AcsSystems(ctx, workspaceID, connectedAccountID)
	if err != nil {
		return nil, nil, err
	}
	for _, sys := range ss {
		if sys.ExternalID == nil {
			continue
		}
		cs := ConnectedSystem{AcsSystemID: sys.AcsSystemID, Key: *sys.ExternalID}
		entrances, err := tx.AcsEntrances(ctx, workspaceID, store.AcsEntranceFilter{AcsSystemID: sys.AcsSystemID})
		if err != nil {
			return nil, nil, err
		}
		for _, e := range entrances {
			cs.EntranceIDs = append(cs.EntranceIDs, e.AcsEntranceID)
		}
		groups, err := tx.ListAcsAccessGroups(ctx, workspaceID, store.AcsAccessGroupFilter{AcsSystemID: sys.AcsSystemID})
		if err != nil {
			return nil, nil, err
		}
		for _, g := range groups {
			cs.AccessGroupIDs = append(cs.AccessGroupIDs, g.AcsAccessGroupID)
		}
		encoders, err := tx.ListAcsEncoders(ctx, workspaceID, store.AcsEncoderFilter{AcsSystemIDs: []string{sys.AcsSystemID}},
			page.Request{})
		if err != nil {
			return nil, nil, err
		}
		for _, e := range encoders {
			cs.EncoderIDs = append(cs.EncoderIDs, e.AcsEncoderID)
		}
		systems[cs.Key] = cs
	}
	return devices, systems, nil
}

// deviceRow is the stored form of a catalogue device of an account.
func deviceRow(id string, ca store.ConnectedAccount, d Device) store.Device {
	row := store.Device{DeviceID: id, ConnectedAccountID: ca.ConnectedAccountID, ExternalID: d.Key,
		DeviceType: d.DeviceType, Name: d.Name, Manufacturer: d.Manufacturer,
		ManufacturerDisplayName: d.ManufacturerDisplayName, Model: d.Model, HasBuiltInKeypad: d.HasBuiltInKeypad,
		CanConnectAccessoryKeypad: d.CanConnectAccessoryKeypad, Online: d.Online, BatteryLevel: &d.BatteryLevel,
		CanRemotelyLock: d.Capabilities.RemotelyLock, CanRemotelyUnlock: d.Capabilities.RemotelyUnlock,
		CanProgramOnlineAccessCodes:  d.Capabilities.ProgramOnlineAccessCodes,
		CanProgramOfflineAccessCodes: d.Capabilities.ProgramOfflineAccessCodes,
		CanUnlockWithCode:            d.Capabilities.UnlockWithCode, CanSimulateRemoval: d.Capabilities.SimulateRemoval,
		CanSimulateConnection: d.Capabilities.SimulateConnection, CanSimulateDisconnection: d.Capabilities.SimulateDisconnection,
		CanConfigureAutoLock: d.Capabilities.ConfigureAutoLock,
		SupportedCodeLengths: d.Codes.SupportedCodeLengths, CodeDigitsOnly: d.Codes.DigitsOnly,
		CodeConstraints: d.Codes.Constraints, CustomMetadata: "{}", IsManaged: ca.AutomaticallyManageNewDevices,
		CreatedAt: ca.CreatedAt, Connector: connector.SandboxName, ConnectorConfig: "{}"}
	if d.IsLock() {
		row.Locked, row.DoorOpen = &d.Locked, &d.DoorOpen
	}
	if d.Thermostat != nil {
		row.BatteryLevel = nil // wired to the house
	}
	if d.SerialNumber != "" {
		row.SerialNumber = &d.SerialNumber
	}
	if d.Codes.MaxActiveCodes > 0 {
		row.MaxActiveCodesSupported = &d.Codes.MaxActiveCodes
	}
	if d.Codes.NameMaxLength > 0 {
		row.CodeNameMaxLength = &d.Codes.NameMaxLength
	}
	return row
}

// insertThermostat stores what lintel knows of a thermostat as it starts.
func insertThermostat(ctx context.Context, tx *store.Tx, workspaceID, deviceID string, d Device) error {
	if d.Thermostat == nil {
		return nil
	}
	row, err := d.Thermostat.Row(deviceID)
	if err != nil {
		return err
	}
	return tx.InsertThermostat(ctx, workspaceID, row)
}

// insertThresholds stores the built-in thresholds of a noise sensor.
func insertThresholds(ctx context.Context, tx *store.Tx, workspaceID, deviceID string, d Device) error {
	if d.NoiseSensor == nil {
		return nil
	}
	for i, n := range d.NoiseSensor.Thresholds {
		row := store.NoiseThreshold{NoiseThresholdID: lintel.NewID(), DeviceID: deviceID, Name: n.Name,
			StartsDailyAt: n.StartsDailyAt, EndsDailyAt: n.EndsDailyAt, NoiseThresholdDecibels: n.NoiseThresholdDecibels,
			CreatedAt: tx.Now().Add(time.Duration(i) * time.Millisecond)}
		if n.NoiseThresholdNRS != 0 {
			row.NoiseThresholdNRS = &n.NoiseThresholdNRS
		}
		if err := tx.InsertNoiseThreshold(ctx, workspaceID, row); err != nil {
			return err
		}
	}
	return nil
}

// createSystem stores a catalogue system of an account, reached through
// the sandbox connector (inline), with its entrances and access groups;
// each group opens every entrance.
func createSystem(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID string, sys System) (ConnectedSystem, error) {
	now := tx.Now()
	key := sys.Key
	row := store.AcsSystem{AcsSystemID: lintel.NewID(), ConnectedAccountID: connectedAccountID, Name: sys.Name,
		ExternalType: sys.ExternalType, ExternalTypeDisplayName: sys.ExternalTypeDisplayName,
		Connector: connector.SandboxName, ConnectorConfig: "{}", ExternalID: &key, CreatedAt: now}
	if sys.TimeZone != "" {
		row.TimeZone = &sys.TimeZone
	}
	out := ConnectedSystem{AcsSystemID: row.AcsSystemID, Key: sys.Key}
	if err := tx.InsertAcsSystem(ctx, workspaceID, row); err != nil {
		return out, err
	}
	for i, name := range sys.Entrances {
		e := store.AcsEntrance{AcsEntranceID: lintel.NewID(), AcsSystemID: row.AcsSystemID,
			ExternalID: fmt.Sprintf("%s-entrance-%d", sys.Key, i+1), DisplayName: name,
			CanUnlockWithCard: sys.AccessMethod == "card", CanUnlockWithCode: sys.AccessMethod == "code",
			CanUnlockWithMobileKey: sys.AccessMethod == "mobile_key", CanUnlockWithCloudKey: sys.CloudKeyEntrances,
			CreatedAt: now}
		if err := tx.InsertAcsEntrance(ctx, workspaceID, e); err != nil {
			return out, err
		}
		out.EntranceIDs = append(out.EntranceIDs, e.AcsEntranceID)
	}
	for i, name := range sys.AccessGroups {
		g := store.AcsAccessGroup{AcsAccessGroupID: lintel.NewID(), AcsSystemID: row.AcsSystemID,
			ExternalID: fmt.Sprintf("%s-group-%d", sys.Key, i+1), Name: name, AccessGroupType: sys.AccessGroupType,
			AccessGroupTypeDisplayName: "Access group", CreatedAt: now}
		if err := tx.InsertAcsAccessGroup(ctx, workspaceID, g); err != nil {
			return out, err
		}
		for _, e := range out.EntranceIDs {
			if err := tx.AddAccessGroupEntrance(ctx, workspaceID, g.AcsAccessGroupID, e); err != nil {
				return out, err
			}
		}
		out.AccessGroupIDs = append(out.AccessGroupIDs, g.AcsAccessGroupID)
	}
	for i, name := range sys.Encoders {
		e := store.AcsEncoder{AcsEncoderID: lintel.NewID(), AcsSystemID: row.AcsSystemID,
			ExternalID: fmt.Sprintf("%s-encoder-%d", sys.Key, i+1), DisplayName: name, CreatedAt: now}
		if err := tx.InsertAcsEncoder(ctx, workspaceID, e); err != nil {
			return out, err
		}
		out.EncoderIDs = append(out.EncoderIDs, e.AcsEncoderID)
	}
	return out, nil
}
