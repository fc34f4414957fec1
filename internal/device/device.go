// Package device is the devices domain: the smart locks of connected
// accounts, as devices/* and locks/* show them. The provider catalogue says
// what a sandbox account's devices are; the store keeps them; this package
// says who may see which and how they read on the wire.
package device

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/thermostat"
)

// Errors of this domain.
var (
	errDeviceNotFound           = lintel.NotFound("device", "Device not found")
	errConnectedAccountNotFound = lintel.NotFound("connected_account", "Connected account not found")
)

// LockTypes are the device types of locks (Seam's enum for locks/list).
var LockTypes = []string{"akuvox_lock", "august_lock", "brivo_access_point", "butterflymx_panel", "avigilon_alta_entry", "doorking_lock", "genie_door", "igloo_lock", "linear_lock", "lockly_lock", "kwikset_lock", "nuki_lock", "salto_lock", "schlage_lock", "smartthings_lock", "wyze_lock", "yale_lock", "two_n_intercom", "controlbyweb_device", "ttlock_lock", "igloohome_lock", "four_suites_door", "dormakaba_oracode_door", "tedee_lock", "akiles_lock", "ultraloq_lock", "yacan_lock", "keyincode_lock", "omnitec_lock", "kisi_lock", "aqara_lock"}

// NoiseSensorTypes are the device types of noise sensors (Seam's enum for
// noise_sensors/list).
var NoiseSensorTypes = []string{"noiseaware_activity_zone", "minut_sensor"}

// accountErrors are the error codes a device shows because of its
// connected account rather than itself.
var accountErrors = []string{"account_disconnected", "salto_ks_subscription_limit_exceeded", "insufficient_permissions",
	"dormakaba_sites_disconnected"}

// Service is the devices domain: it reads devices, changes them, and
// hands what a device must do to its connector (push.go).
type Service struct {
	store      *store.Store
	connectors *connector.Registry
	events     *event.Recorder
	queue      Queue
	log        *slog.Logger
	// finishers end device mutations, by kind (see Handle).
	finishers map[string]Finisher
	// codeIDs names the access codes typed on keypads (SetCodeIDs).
	codeIDs CodeIDs
	// reconcilers run for each device a reconciliation finds (OnReconcile).
	reconcilers []DeviceReconciler
	// climateReconcilers run for each managed thermostat a reconciliation
	// finds (OnReconcileClimate).
	climateReconcilers []ClimateReconciler
	// gone run before a device is deleted (OnDeviceGone).
	gone []func(ctx context.Context, tx *store.Tx, d store.Device) error
	// managedChanged run when a device becomes unmanaged or managed again
	// (OnManagedChanged).
	managedChanged []func(ctx context.Context, tx *store.Tx, d store.Device) error
	// logoURL is the base of the providers' logos' urls.
	logoURL string
}

// NewService builds the devices domain service.
func NewService(st *store.Store, connectors *connector.Registry, events *event.Recorder, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Service{store: st, connectors: connectors, events: events, log: log, finishers: map[string]Finisher{}}
	s.Handle(lockFinisher{s}, connector.LockDoor, connector.UnlockDoor)
	return s
}

// SetQueue wires the background queue for devices that do not apply
// mutations inline.
func (s *Service) SetQueue(q Queue) { s.queue = q }

// Get returns one managed device of the caller's workspace, by id or by
// name (or nickname). locksOnly makes a device that is not a lock not
// found (locks/get). A client session sees only the devices of its
// connected accounts.
func (s *Service) Get(ctx context.Context, p lintel.Principal, in client.DevicesGetParams, locksOnly bool) (client.Device, error) {
	f := store.DeviceFilter{IsManaged: ptr(true)}
	if locksOnly {
		f.DeviceTypes = LockTypes
	}
	return s.get(ctx, p, in, f)
}

// get returns the one device of the caller's that in names and f keeps.
func (s *Service) get(ctx context.Context, p lintel.Principal, in client.DevicesGetParams, f store.DeviceFilter) (client.Device, error) {
	var out client.Device
	if in.DeviceID == "" && in.Name == "" {
		var v lintel.InvalidInput
		v.Add("device_id", "Required: give device_id or name")
		return out, v.Err()
	}
	f.Name = in.Name
	if in.DeviceID != "" {
		f.DeviceIDs = []string{in.DeviceID}
	}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		allowed, err := sessionAccounts(ctx, tx, p)
		if err != nil {
			return err
		}
		f.ConnectedAccountIDs = allowed
		rows, err := tx.ListDevices(ctx, p.WorkspaceID, f, page.Request{Limit: 1})
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return errDeviceNotFound
		}
		presented, err := present(ctx, tx, rows)
		if err == nil {
			out = presented[0]
		}
		return err
	})
	return out, err
}

// List returns one page of the caller's devices, oldest first. A
// connected account named by a filter must be of the workspace (and of
// the client session); filters on what lintel does not have (customers,
// spaces, user identifier keys, a webview lintel does not know) match no
// device.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.DevicesListParams) ([]client.Device, page.Pagination, error) {
	return s.list(ctx, p, in, true)
}

// list answers List (managed devices) and ListUnmanaged.
func (s *Service) list(ctx context.Context, p lintel.Principal, in client.DevicesListParams, managed bool) ([]client.Device, page.Pagination, error) {
	filters := in
	filters.Limit, filters.PageCursor = 0, nil
	req, err := page.NewRequest(in.Limit, page.MaxLimit, in.PageCursor, filters)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	f := store.DeviceFilter{Manufacturer: in.Manufacturer, CustomMetadataHas: in.CustomMetadataHas, Search: in.Search,
		IsManaged: &managed}
	capabilityFilter(&f, in.IncludeIf, in.ExcludeIf)
	if err := checkMetadataHas(in.CustomMetadataHas); err != nil {
		return nil, page.Pagination{}, err
	}
	if in.CreatedBefore != "" {
		t, err := time.Parse(time.RFC3339Nano, in.CreatedBefore)
		if err != nil {
			var v lintel.InvalidInput
			v.Add("created_before", "Invalid datetime")
			return nil, page.Pagination{}, v.Err()
		}
		f.CreatedBefore = &t
	}
	if len(in.DeviceIDs) > 0 {
		f.DeviceIDs = in.DeviceIDs
	}
	if types := withOne(in.DeviceTypes, in.DeviceType); types != nil {
		f.DeviceTypes = types
	}
	accounts := withOne(in.ConnectedAccountIDs, in.ConnectedAccountID)
	out := []client.Device{}
	if in.CustomerKey != "" || in.UserIdentifierKey != "" {
		return out, page.Pagination{}, nil
	}
	f.SpaceID = in.SpaceID
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		accounts, ok, err := webviewAccounts(ctx, tx, p.WorkspaceID, in.ConnectWebviewID, accounts)
		if err != nil || !ok {
			return err
		}
		rows, err := s.listRows(ctx, tx, p, f, accounts, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(d store.Device) page.Key {
			return page.Key{CreatedAt: d.CreatedAt, ID: d.DeviceID}
		})
		out, err = present(ctx, tx, rows)
		return err
	})
	return out, pg, err
}

// ListLocks returns every lock of the caller's workspace, oldest first, as
// List does for devices.
func (s *Service) ListLocks(ctx context.Context, p lintel.Principal, in client.LocksListParams) ([]client.Device, error) {
	return s.listOfKind(ctx, p, kindFilter{types: LockTypes, deviceTypes: withOne(in.DeviceTypes, in.DeviceType),
		manufacturer: in.Manufacturer, account: in.ConnectedAccountID, webview: in.ConnectWebviewID, customerKey: in.CustomerKey})
}

// ListNoiseSensors returns every noise sensor of the caller's workspace,
// oldest first, as List does for devices.
func (s *Service) ListNoiseSensors(ctx context.Context, p lintel.Principal, in client.NoiseSensorsListParams) ([]client.Device, error) {
	return s.listOfKind(ctx, p, kindFilter{types: NoiseSensorTypes, deviceTypes: withOne(in.DeviceTypes, in.DeviceType),
		manufacturer: in.Manufacturer, account: in.ConnectedAccountID, webview: in.ConnectWebviewID, customerKey: in.CustomerKey})
}

// hubFlags are the capability flags of a device with a hub: the provider
// catalogue says which devices have one, not a column.
var hubFlags = []string{"can_simulate_hub_connection", "can_simulate_hub_disconnection"}

// capabilityFilter sets the include_if and exclude_if filters of a list:
// flags the device rows hold go to the store as they are; a hub flag
// becomes the catalogue's devices with a hub.
func capabilityFilter(f *store.DeviceFilter, includeIf, excludeIf []string) {
	split := func(flags []string) (stored []string, hub bool) {
		for _, flag := range flags {
			if slices.Contains(hubFlags, flag) {
				hub = true
			} else {
				stored = append(stored, flag)
			}
		}
		return stored, hub
	}
	var hubIn, hubOut bool
	f.IncludeIf, hubIn = split(includeIf)
	f.ExcludeIf, hubOut = split(excludeIf)
	if hubIn {
		f.WithExternalIDs = provider.HubDevices()
	}
	if hubOut {
		f.WithoutExternalIDs = provider.HubDevices()
	}
}

// kindFilter is what the lists of one kind of device (locks, noise
// sensors) filter on.
type kindFilter struct {
	// types are the kind's device types; deviceTypes those asked for (nil:
	// all of the kind).
	types, deviceTypes                          []string
	manufacturer, account, webview, customerKey string
}

// listOfKind returns every device of a kind of the caller's workspace,
// oldest first.
func (s *Service) listOfKind(ctx context.Context, p lintel.Principal, k kindFilter) ([]client.Device, error) {
	f := store.DeviceFilter{Manufacturer: k.manufacturer, DeviceTypes: k.types, IsManaged: ptr(true)}
	if k.deviceTypes != nil {
		f.DeviceTypes = k.deviceTypes
	}
	out := []client.Device{}
	if k.customerKey != "" {
		return out, nil
	}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		accounts, ok, err := webviewAccounts(ctx, tx, p.WorkspaceID, k.webview, withOne(nil, k.account))
		if err != nil || !ok {
			return err
		}
		rows, err := s.listRows(ctx, tx, p, f, accounts, page.Request{Limit: 1 << 30})
		if err != nil {
			return err
		}
		out, err = present(ctx, tx, rows)
		return err
	})
	return out, err
}

// listRows reads one page of devices for f, limited to the accounts named
// (nil for all) and to the caller's scope.
func (s *Service) listRows(ctx context.Context, tx *store.Tx, p lintel.Principal, f store.DeviceFilter, accounts []string, req page.Request) ([]store.Device, error) {
	allowed, err := sessionAccounts(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	for _, id := range accounts {
		if _, err := tx.ConnectedAccount(ctx, p.WorkspaceID, id); err != nil {
			return nil, notFound(err, errConnectedAccountNotFound)
		}
		if allowed != nil && !slices.Contains(allowed, id) {
			return nil, errConnectedAccountNotFound
		}
	}
	f.ConnectedAccountIDs = allowed
	if accounts != nil {
		f.ConnectedAccountIDs = accounts
	}
	return tx.ListDevices(ctx, p.WorkspaceID, f, req)
}

// webviewAccounts narrows a list's account filter to the account a Connect
// Webview connected. ok is false when no device can match: the webview is
// not the workspace's (answered like a random id, with an empty list), has
// connected no account yet, or connected one the other filters exclude.
func webviewAccounts(ctx context.Context, tx *store.Tx, workspaceID, webviewID string, accounts []string) (_ []string, ok bool, _ error) {
	if webviewID == "" {
		return accounts, true, nil
	}
	w, err := tx.ConnectWebview(ctx, workspaceID, webviewID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if w.ConnectedAccountID == nil || (accounts != nil && !slices.Contains(accounts, *w.ConnectedAccountID)) {
		return nil, false, nil
	}
	return []string{*w.ConnectedAccountID}, true, nil
}

// sessionAccounts returns the connected accounts a client session may see,
// or nil for callers who see the whole workspace.
func sessionAccounts(ctx context.Context, tx *store.Tx, p lintel.Principal) ([]string, error) {
	if !p.IsClientSession() {
		return nil, nil
	}
	cs, err := tx.LiveClientSession(ctx, p.WorkspaceID, p.ActorID)
	if err != nil {
		return nil, notFound(err, errDeviceNotFound)
	}
	return append([]string{}, cs.ConnectedAccountIDs...), nil
}

// withOne joins a list filter and its single-valued twin; nil if neither
// is given.
func withOne(list []string, one string) []string {
	if len(list) == 0 && one == "" {
		return nil
	}
	out := append([]string{}, list...)
	if one != "" && !slices.Contains(out, one) {
		out = append(out, one)
	}
	return out
}

// checkMetadataHas refuses custom_metadata_has values other than strings,
// booleans and null.
func checkMetadataHas(m map[string]any) error {
	var v lintel.InvalidInput
	for k, val := range m {
		switch val.(type) {
		case nil, string, bool:
		default:
			v.Add("custom_metadata_has."+k, "Expected a string, a boolean or null")
		}
	}
	return v.Err()
}

// notFound maps the store's ErrNotFound to a domain error.
func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

// present shows devices as the API does; a device of a disconnected
// account carries the account_disconnected error.
func present(ctx context.Context, tx *store.Tx, rows []store.Device) ([]client.Device, error) {
	out := make([]client.Device, 0, len(rows))
	accounts := map[string]*time.Time{}
	for _, d := range rows {
		at, ok := accounts[d.ConnectedAccountID]
		if !ok {
			ca, err := tx.ConnectedAccount(ctx, d.WorkspaceID, d.ConnectedAccountID)
			if err != nil {
				return nil, err
			}
			at, accounts[d.ConnectedAccountID] = ca.DisconnectedAt, ca.DisconnectedAt
		}
		if at != nil && !slices.ContainsFunc(d.Errors, func(i store.DeviceIssue) bool { return i.Code == errAccountDisconnected }) {
			d.Errors = append(slices.Clone(d.Errors), store.DeviceIssue{Code: errAccountDisconnected,
				Message: "The connected account is disconnected: reconnect it with a Connect Webview", CreatedAt: *at})
		}
		dev := Present(d)
		if slices.Contains(ThermostatTypes, d.DeviceType) {
			if err := thermostat.PresentInto(ctx, tx, d, &dev); err != nil {
				return nil, err
			}
		}
		out = append(out, dev)
	}
	ids := make([]string, len(rows))
	for i, d := range rows {
		ids[i] = d.DeviceID
	}
	if len(rows) > 0 {
		zones, err := tx.DeviceTimeZones(ctx, rows[0].WorkspaceID, ids)
		if err != nil {
			return nil, err
		}
		spaces, err := tx.SpacesOf(ctx, rows[0].WorkspaceID, store.SpaceDevice, ids)
		if err != nil {
			return nil, err
		}
		for i := range out {
			if z, ok := zones[out[i].DeviceID]; ok {
				out[i].Location = &client.DeviceLocation{TimeZone: z}
			}
			if sp := spaces[out[i].DeviceID]; sp != nil {
				out[i].SpaceIDs = sp
			}
		}
	}
	return out, nil
}

// PresentTx shows stored devices as the API does, in the caller's
// transaction: for the domains that list devices of their own (a user
// identity's accessible devices).
func PresentTx(ctx context.Context, tx *store.Tx, rows []store.Device) ([]client.Device, error) {
	return present(ctx, tx, rows)
}

// errAccountDisconnected is the error of a device whose connected account
// is disconnected.
const errAccountDisconnected = "account_disconnected"

// Present is a device as the API shows it.
func Present(d store.Device) client.Device {
	name := d.Name
	if d.Nickname != nil && *d.Nickname != "" {
		name = *d.Nickname
	}
	out := client.Device{DeviceID: d.DeviceID, DeviceType: d.DeviceType, DisplayName: name, SpaceIDs: []string{},
		ConnectedAccountID: d.ConnectedAccountID, WorkspaceID: d.WorkspaceID, CreatedAt: client.NewTime(d.CreatedAt),
		IsManaged: d.IsManaged, CustomMetadata: map[string]any{}, Errors: []client.DeviceError{}, Warnings: []client.DeviceWarning{},
		DeviceManufacturer: &client.DeviceManufacturer{Manufacturer: d.Manufacturer, DisplayName: d.ManufacturerDisplayName},
		CanRemotelyLock:    d.CanRemotelyLock, CanRemotelyUnlock: d.CanRemotelyUnlock,
		CanProgramOnlineAccessCodes: d.CanProgramOnlineAccessCodes, CanProgramOfflineAccessCodes: d.CanProgramOfflineAccessCodes,
		CanUnlockWithCode: d.CanUnlockWithCode, CanSimulateRemoval: d.CanSimulateRemoval,
		CanSimulateConnection: d.CanSimulateConnection, CanSimulateDisconnection: d.CanSimulateDisconnection,
		CanConfigureAutoLock: d.CanConfigureAutoLock,
		Properties: client.DeviceProperties{Online: d.Online, Name: name, Appearance: client.DeviceAppearance{Name: name},
			Model: client.DeviceModel{DisplayName: d.Model, ManufacturerDisplayName: d.ManufacturerDisplayName,
				HasBuiltInKeypad: d.HasBuiltInKeypad, CanConnectAccessoryKeypad: d.CanConnectAccessoryKeypad},
			Manufacturer: d.Manufacturer, BatteryLevel: d.BatteryLevel, Locked: d.Locked, DoorOpen: d.DoorOpen,
			SupportedCodeLengths: d.SupportedCodeLengths, MaxActiveCodesSupported: d.MaxActiveCodesSupported,
			AutoLockEnabled: d.AutoLockEnabled, AutoLockDelaySeconds: d.AutoLockDelaySeconds},
	}
	if d.Nickname != nil {
		out.Nickname = *d.Nickname
	}
	out.CanSimulateHubConnection = hasHub(d)
	out.CanSimulateHubDisconnection = out.CanSimulateHubConnection
	if d.SerialNumber != nil {
		out.Properties.SerialNumber = *d.SerialNumber
	}
	_ = json.Unmarshal([]byte(d.CustomMetadata), &out.CustomMetadata)
	if out.CustomMetadata == nil {
		out.CustomMetadata = map[string]any{}
	}
	if slices.Contains(LockTypes, d.DeviceType) {
		out.CapabilitiesSupported = append(out.CapabilitiesSupported, "lock")
	}
	if slices.Contains(NoiseSensorTypes, d.DeviceType) {
		out.CapabilitiesSupported = append(out.CapabilitiesSupported, "noise_detection")
	}
	if d.CanProgramOnlineAccessCodes || d.CanProgramOfflineAccessCodes {
		out.CapabilitiesSupported = append(out.CapabilitiesSupported, "access_code")
	}
	if d.BatteryLevel != nil {
		out.CapabilitiesSupported = append(out.CapabilitiesSupported, "battery")
		out.Properties.Battery = &client.DeviceBattery{Level: *d.BatteryLevel, Status: batteryStatus(*d.BatteryLevel)}
	}
	if out.CapabilitiesSupported == nil {
		out.CapabilitiesSupported = []string{}
	}
	for _, c := range d.CodeConstraints {
		out.Properties.CodeConstraints = append(out.Properties.CodeConstraints, client.CodeConstraint{ConstraintType: c})
	}
	if d.CodeNameMaxLength != nil {
		out.Properties.CodeConstraints = append(out.Properties.CodeConstraints,
			client.CodeConstraint{ConstraintType: "name_length", MaxLength: d.CodeNameMaxLength})
	}
	for _, e := range d.Errors {
		de := client.DeviceError{ErrorCode: e.Code, Message: e.Message, CreatedAt: client.NewTime(e.CreatedAt), IsDeviceError: true}
		if slices.Contains(accountErrors, e.Code) {
			yes := true
			de.IsDeviceError, de.IsConnectedAccountError = false, &yes
		}
		out.Errors = append(out.Errors, de)
	}
	for _, w := range d.Warnings {
		out.Warnings = append(out.Warnings, client.DeviceWarning{WarningCode: w.Code, Message: w.Message,
			CreatedAt: client.NewTime(w.CreatedAt)})
	}
	return out
}

// hasHub reports whether the catalogue says a sandbox device reaches its
// provider through a hub.
func hasHub(d store.Device) bool {
	c, ok := provider.DeviceOf(d.Manufacturer, d.ExternalID)
	return ok && c.Capabilities.SimulateHubConnection
}

// batteryStatus is Seam's word for a battery level.
func batteryStatus(level float64) string {
	switch {
	case level < 0.1:
		return "critical"
	case level < 0.25:
		return "low"
	case level < 0.95:
		return "good"
	}
	return "full"
}
