package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// Device is a device of a connected account (a smart lock) as stored: what
// the provider says it is, what lintel last knew of its state, and its
// rules for access codes.
type Device struct {
	DeviceID           string
	WorkspaceID        string
	ConnectedAccountID string
	// ExternalID is the device's id at the provider.
	ExternalID string
	DeviceType string
	// Name is the provider's name for it; Nickname the one given in lintel.
	Name                      string
	Nickname                  *string
	Manufacturer              string
	ManufacturerDisplayName   string
	Model                     string
	SerialNumber              *string
	HasBuiltInKeypad          bool
	CanConnectAccessoryKeypad bool
	Online                    bool
	Locked                    *bool
	DoorOpen                  *bool
	BatteryLevel              *float64

	CanRemotelyLock              bool
	CanRemotelyUnlock            bool
	CanProgramOnlineAccessCodes  bool
	CanProgramOfflineAccessCodes bool
	CanUnlockWithCode            bool
	CanSimulateRemoval           bool
	CanSimulateConnection        bool
	CanSimulateDisconnection     bool
	CanConfigureAutoLock         bool

	SupportedCodeLengths    []int
	MaxActiveCodesSupported *int
	CodeDigitsOnly          bool
	// CodeConstraints are Seam's constraint types without a parameter.
	CodeConstraints   []string
	CodeNameMaxLength *int

	// CustomMetadata is a JSON object.
	CustomMetadata string
	IsManaged      bool
	Errors         []DeviceIssue
	Warnings       []DeviceIssue
	CreatedAt      time.Time
	// Connector names how lintel reaches the device ("sandbox"; empty
	// means the sandbox) and ConnectorConfig is that connector's
	// configuration (a JSON object), as for access systems.
	Connector       string
	ConnectorConfig string
	// AutoLockEnabled and AutoLockDelaySeconds are the lock's auto-lock
	// setting; nil until it is configured.
	AutoLockEnabled      *bool
	AutoLockDelaySeconds *int
}

// DeviceIssue is an error or a warning of a device: its code, a message and
// when it appeared.
type DeviceIssue struct {
	Code      string    `json:"code"`
	Message   string    `json:"message"`
	CreatedAt time.Time `json:"created_at"`
}

const deviceColumns = `device_id, workspace_id, connected_account_id, external_id, device_type, name, nickname,
	manufacturer, manufacturer_display_name, model, serial_number, has_built_in_keypad, can_connect_accessory_keypad,
	online, locked, door_open, battery_level, can_remotely_lock, can_remotely_unlock, can_program_online_access_codes,
	can_program_offline_access_codes, can_unlock_with_code, can_simulate_removal, can_simulate_connection,
	can_simulate_disconnection, can_configure_auto_lock, supported_code_lengths, max_active_codes_supported,
	code_digits_only, code_constraints, code_name_max_length, custom_metadata, is_managed, errors, warnings, created_at,
	connector, connector_config, auto_lock_enabled, auto_lock_delay_seconds`

func scanDevice(r rowScanner) (Device, error) {
	var d Device
	var nickname, serial sql.NullString
	var locked, doorOpen sql.NullBool
	var battery sql.NullFloat64
	var maxCodes, nameMax, autoLockDelay sql.NullInt64
	var autoLock sql.NullBool
	var lengths, constraints, errs, warns string
	var created int64
	err := r.Scan(&d.DeviceID, &d.WorkspaceID, &d.ConnectedAccountID, &d.ExternalID, &d.DeviceType, &d.Name, &nickname,
		&d.Manufacturer, &d.ManufacturerDisplayName, &d.Model, &serial, &d.HasBuiltInKeypad, &d.CanConnectAccessoryKeypad,
		&d.Online, &locked, &doorOpen, &battery, &d.CanRemotelyLock, &d.CanRemotelyUnlock, &d.CanProgramOnlineAccessCodes,
		&d.CanProgramOfflineAccessCodes, &d.CanUnlockWithCode, &d.CanSimulateRemoval, &d.CanSimulateConnection,
		&d.CanSimulateDisconnection, &d.CanConfigureAutoLock, &lengths, &maxCodes,
		&d.CodeDigitsOnly, &constraints, &nameMax, &d.CustomMetadata, &d.IsManaged, &errs, &warns, &created,
		&d.Connector, &d.ConnectorConfig, &autoLock, &autoLockDelay)
	if err != nil {
		return d, err
	}
	if autoLock.Valid {
		d.AutoLockEnabled = &autoLock.Bool
	}
	if autoLockDelay.Valid {
		n := int(autoLockDelay.Int64)
		d.AutoLockDelaySeconds = &n
	}
	if nickname.Valid {
		d.Nickname = &nickname.String
	}
	if serial.Valid {
		d.SerialNumber = &serial.String
	}
	if locked.Valid {
		d.Locked = &locked.Bool
	}
	if doorOpen.Valid {
		d.DoorOpen = &doorOpen.Bool
	}
	if battery.Valid {
		d.BatteryLevel = &battery.Float64
	}
	if maxCodes.Valid {
		n := int(maxCodes.Int64)
		d.MaxActiveCodesSupported = &n
	}
	if nameMax.Valid {
		n := int(nameMax.Int64)
		d.CodeNameMaxLength = &n
	}
	d.CreatedAt = fromMS(created)
	for _, f := range []struct {
		doc string
		to  any
	}{{lengths, &d.SupportedCodeLengths}, {constraints, &d.CodeConstraints}, {errs, &d.Errors}, {warns, &d.Warnings}} {
		if err := json.Unmarshal([]byte(f.doc), f.to); err != nil {
			return d, err
		}
	}
	return d, nil
}

// jsonList renders a list as a JSON array, [] for nil.
func jsonList[T any](v []T) (string, error) {
	if v == nil {
		v = []T{}
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// InsertDevice stores a device of the workspace. Its connected account must
// be of the workspace; otherwise nothing is written and it returns
// ErrNotFound.
func (tx *Tx) InsertDevice(ctx context.Context, workspaceID string, d Device) error {
	if d.CustomMetadata == "" {
		d.CustomMetadata = "{}"
	}
	if d.Connector == "" {
		d.Connector = "sandbox" // the column's default: every device so far is a sandbox lock
	}
	if d.ConnectorConfig == "" {
		d.ConnectorConfig = "{}"
	}
	var docs [4]string
	for i, v := range []func() (string, error){
		func() (string, error) { return jsonList(d.SupportedCodeLengths) },
		func() (string, error) { return jsonList(d.CodeConstraints) },
		func() (string, error) { return jsonList(d.Errors) },
		func() (string, error) { return jsonList(d.Warnings) },
	} {
		doc, err := v()
		if err != nil {
			return err
		}
		docs[i] = doc
	}
	return execOne(ctx, tx, `INSERT INTO devices (`+deviceColumns+`)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CAST($12 AS BOOLEAN), CAST($13 AS BOOLEAN),
		CAST($14 AS BOOLEAN), CAST($15 AS BOOLEAN), CAST($16 AS BOOLEAN), CAST($17 AS DOUBLE PRECISION),
		CAST($18 AS BOOLEAN), CAST($19 AS BOOLEAN), CAST($20 AS BOOLEAN), CAST($21 AS BOOLEAN), CAST($22 AS BOOLEAN),
		CAST($23 AS BOOLEAN), CAST($24 AS BOOLEAN), CAST($25 AS BOOLEAN), CAST($26 AS BOOLEAN), $27,
		CAST($28 AS INTEGER), CAST($29 AS BOOLEAN), $30, CAST($31 AS INTEGER), $32, CAST($33 AS BOOLEAN), $34, $35,
		CAST($36 AS BIGINT), $37, $38, CAST($39 AS BOOLEAN), CAST($40 AS INTEGER)
		WHERE `+inWorkspace("connected_accounts", "connected_account_id", "$2", "$3"),
		d.DeviceID, workspaceID, d.ConnectedAccountID, d.ExternalID, d.DeviceType, d.Name, d.Nickname,
		d.Manufacturer, d.ManufacturerDisplayName, d.Model, d.SerialNumber, d.HasBuiltInKeypad, d.CanConnectAccessoryKeypad,
		d.Online, d.Locked, d.DoorOpen, d.BatteryLevel, d.CanRemotelyLock, d.CanRemotelyUnlock, d.CanProgramOnlineAccessCodes,
		d.CanProgramOfflineAccessCodes, d.CanUnlockWithCode, d.CanSimulateRemoval, d.CanSimulateConnection,
		d.CanSimulateDisconnection, d.CanConfigureAutoLock, docs[0], d.MaxActiveCodesSupported,
		d.CodeDigitsOnly, docs[1], d.CodeNameMaxLength, d.CustomMetadata, d.IsManaged, docs[2], docs[3], ms(d.CreatedAt),
		d.Connector, d.ConnectorConfig, d.AutoLockEnabled, d.AutoLockDelaySeconds)
}

// Device loads a device of the workspace.
func (tx *Tx) Device(ctx context.Context, workspaceID, deviceID string) (Device, error) {
	d, err := scanDevice(tx.q.QueryRowContext(ctx, `SELECT `+deviceColumns+` FROM devices
		WHERE workspace_id = $1 AND device_id = $2`, workspaceID, deviceID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// DeviceFilter narrows ListDevices. Empty fields do not filter; nil slices
// do not filter, empty ones match nothing.
type DeviceFilter struct {
	DeviceIDs           []string
	DeviceTypes         []string
	Manufacturer        string
	ConnectedAccountIDs []string
	// CreatedBefore keeps the devices created strictly before it.
	CreatedBefore *time.Time
	// IsManaged, when set, keeps the managed or the unmanaged devices.
	IsManaged *bool
	// Search matches part of the name, the nickname or the id.
	Search string
	// Name keeps the devices with this name or nickname.
	Name string
	// IncludeIf keeps the devices that have every capability flag listed
	// ("can_remotely_lock"); ExcludeIf those that have none of them. A
	// flag no device has here (a thermostat's) is false.
	IncludeIf, ExcludeIf []string
	// WithExternalIDs keeps the devices whose external id is listed under
	// their manufacturer (manufacturer → external ids); WithoutExternalIDs
	// those whose is not. nil does not filter; an empty WithExternalIDs
	// matches nothing. The devices domain turns a capability the provider
	// catalogue holds, not a column (a hub), into them.
	WithExternalIDs, WithoutExternalIDs map[string][]string
	// CustomMetadataHas keeps the devices whose custom metadata holds every
	// pair (values are strings or booleans; nil matches a key that is
	// absent or null).
	CustomMetadataHas map[string]any
	// SpaceID keeps the devices in the space.
	SpaceID string
}

// deviceFlagColumns are the capability flags a device row holds, by name.
var deviceFlagColumns = map[string]string{
	"can_remotely_lock": "can_remotely_lock", "can_remotely_unlock": "can_remotely_unlock",
	"can_program_online_access_codes":  "can_program_online_access_codes",
	"can_program_offline_access_codes": "can_program_offline_access_codes",
	"can_unlock_with_code":             "can_unlock_with_code", "can_simulate_removal": "can_simulate_removal",
	"can_simulate_connection": "can_simulate_connection", "can_simulate_disconnection": "can_simulate_disconnection",
	"can_configure_auto_lock": "can_configure_auto_lock",
}

// ListDevices lists devices of the workspace, oldest first, one page.
func (tx *Tx) ListDevices(ctx context.Context, workspaceID string, f DeviceFilter, r page.Request) ([]Device, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	if f.DeviceIDs != nil {
		w.in("device_id", f.DeviceIDs)
	}
	if f.DeviceTypes != nil {
		w.in("device_type", f.DeviceTypes)
	}
	if f.Manufacturer != "" {
		w.add("manufacturer = ?", f.Manufacturer)
	}
	if f.ConnectedAccountIDs != nil {
		w.in("connected_account_id", f.ConnectedAccountIDs)
	}
	if f.CreatedBefore != nil {
		w.add("created_at < ?", ms(*f.CreatedBefore))
	}
	if f.SpaceID != "" {
		w.add(`device_id IN (SELECT sd.device_id FROM space_devices sd WHERE sd.workspace_id = ? AND sd.space_id = ?)`,
			workspaceID, f.SpaceID)
	}
	if f.IsManaged != nil {
		w.add("is_managed = ?", *f.IsManaged)
	}
	if f.Search != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(name) LIKE ? ESCAPE '\' OR LOWER(COALESCE(nickname, '')) LIKE ? ESCAPE '\'
			OR LOWER(device_id) LIKE ? ESCAPE '\')`, pat, pat, pat)
	}
	if f.Name != "" {
		w.add("(name = ? OR nickname = ?)", f.Name, f.Name)
	}
	for _, flag := range f.IncludeIf {
		if col, ok := deviceFlagColumns[flag]; ok {
			w.add(col + " = TRUE")
		} else {
			w.add("1 = 0")
		}
	}
	for _, flag := range f.ExcludeIf {
		if col, ok := deviceFlagColumns[flag]; ok {
			w.add(col + " = FALSE")
		}
	}
	if f.WithExternalIDs != nil {
		w.externalIDs(f.WithExternalIDs, "")
	}
	if f.WithoutExternalIDs != nil {
		w.externalIDs(f.WithoutExternalIDs, "NOT ")
	}
	if err := w.metadataHas(tx.dialect, "custom_metadata", f.CustomMetadataHas); err != nil {
		return nil, err
	}
	w.after(r, "created_at", "device_id")
	q := `SELECT ` + deviceColumns + ` FROM devices` + w.sql() + ` ORDER BY created_at, device_id` + w.limit(r.Fetch())
	return queryList(ctx, tx, scanDevice, q, w.args...)
}

// externalIDs adds the condition that a device's external id is (not, with
// negate "NOT ") among those listed under its manufacturer.
func (w *where) externalIDs(byManufacturer map[string][]string, negate string) {
	var terms []string
	for _, m := range slices.Sorted(maps.Keys(byManufacturer)) {
		ids := byManufacturer[m]
		if len(ids) == 0 {
			continue
		}
		var sub where
		sub.args = w.args
		sub.add("manufacturer = ?", m)
		sub.in("external_id", ids)
		w.args = sub.args
		terms = append(terms, "("+strings.Join(sub.conds, " AND ")+")")
	}
	if len(terms) == 0 {
		terms = []string{"1 = 0"}
	}
	w.conds = append(w.conds, negate+"("+strings.Join(terms, " OR ")+")")
}

// DevicesOfConnectedAccount lists every device of a connected account of
// the workspace, oldest first.
func (tx *Tx) DevicesOfConnectedAccount(ctx context.Context, workspaceID, connectedAccountID string) ([]Device, error) {
	return queryList(ctx, tx, scanDevice, `SELECT `+deviceColumns+` FROM devices
		WHERE workspace_id = $1 AND connected_account_id = $2 ORDER BY created_at, device_id`, workspaceID, connectedAccountID)
}

// DeleteDevicesOfConnectedAccount deletes every device of a connected
// account of the workspace and returns their ids.
func (tx *Tx) DeleteDevicesOfConnectedAccount(ctx context.Context, workspaceID, connectedAccountID string) ([]string, error) {
	return deleteReturningIDs(ctx, tx, `DELETE FROM devices WHERE workspace_id = $1 AND connected_account_id = $2
		RETURNING device_id`, workspaceID, connectedAccountID)
}

// DeleteDevicesOfWorkspace deletes every device of the workspace and
// returns their ids.
func (tx *Tx) DeleteDevicesOfWorkspace(ctx context.Context, workspaceID string) ([]string, error) {
	return deleteReturningIDs(ctx, tx, `DELETE FROM devices WHERE workspace_id = $1 RETURNING device_id`, workspaceID)
}

func deleteReturningIDs(ctx context.Context, tx *Tx, query string, args ...any) ([]string, error) {
	ids, err := queryList(ctx, tx, func(r rowScanner) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, query, args...)
	if ids == nil {
		ids = []string{}
	}
	return ids, err
}

// FindDevice loads a device by id alone, whatever its workspace: for
// administration on the server's own machine (the sandbox fault switch),
// never for a request.
func (tx *Tx) FindDevice(ctx context.Context, deviceID string) (Device, error) {
	d, err := scanDevice(tx.q.QueryRowContext(ctx, `SELECT `+deviceColumns+` FROM devices WHERE device_id = $1`, deviceID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// SetDeviceConnectorConfig replaces a device's connector configuration.
func (tx *Tx) SetDeviceConnectorConfig(ctx context.Context, workspaceID, deviceID, config string) error {
	return execOne(ctx, tx, `UPDATE devices SET connector_config = $1 WHERE workspace_id = $2 AND device_id = $3`,
		config, workspaceID, deviceID)
}

// UpdateDevice writes what may change of a device of the workspace: its
// nickname, custom metadata, whether it is managed, its state (online,
// locked, door, battery), its errors and warnings and its auto-lock
// setting. ErrNotFound if it is not of the workspace.
func (tx *Tx) UpdateDevice(ctx context.Context, workspaceID string, d Device) error {
	errs, err := jsonList(d.Errors)
	if err != nil {
		return err
	}
	warns, err := jsonList(d.Warnings)
	if err != nil {
		return err
	}
	if d.CustomMetadata == "" {
		d.CustomMetadata = "{}"
	}
	return execOne(ctx, tx, `UPDATE devices SET nickname = $1, custom_metadata = $2, is_managed = CAST($3 AS BOOLEAN),
		online = CAST($4 AS BOOLEAN), locked = CAST($5 AS BOOLEAN), door_open = CAST($6 AS BOOLEAN),
		battery_level = CAST($7 AS DOUBLE PRECISION), errors = $8, warnings = $9,
		auto_lock_enabled = CAST($10 AS BOOLEAN), auto_lock_delay_seconds = CAST($11 AS INTEGER)
		WHERE workspace_id = $12 AND device_id = $13`,
		d.Nickname, d.CustomMetadata, d.IsManaged, d.Online, d.Locked, d.DoorOpen, d.BatteryLevel, errs, warns,
		d.AutoLockEnabled, d.AutoLockDelaySeconds, workspaceID, d.DeviceID)
}

// DeleteDevice deletes a device of the workspace, with its queued
// mutations (their jobs then do nothing). ErrNotFound if it is not of the
// workspace.
func (tx *Tx) DeleteDevice(ctx context.Context, workspaceID, deviceID string) error {
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM queued_mutations WHERE workspace_id = $1 AND device_id = $2`,
		workspaceID, deviceID); err != nil {
		return err
	}
	return execOne(ctx, tx, `DELETE FROM devices WHERE workspace_id = $1 AND device_id = $2`, workspaceID, deviceID)
}

// DeviceAccount is a connected account that has devices, for the
// background reconciliation of devices.
type DeviceAccount struct {
	WorkspaceID        string
	ConnectedAccountID string
}

// AllDeviceAccounts lists the connected accounts of every workspace that
// have at least one device, for the background reconciliation that visits
// each of them. It serves no request.
func (tx *Tx) AllDeviceAccounts(ctx context.Context) ([]DeviceAccount, error) {
	return queryList(ctx, tx, func(r rowScanner) (DeviceAccount, error) {
		var a DeviceAccount
		return a, r.Scan(&a.WorkspaceID, &a.ConnectedAccountID)
	}, `SELECT DISTINCT workspace_id, connected_account_id FROM devices ORDER BY workspace_id, connected_account_id`)
}
