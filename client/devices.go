package client

import "encoding/json"

// Device is a device of a connected account: a smart lock, with what it is,
// its state, its rules for access codes and what it can do.
type Device struct {
	DeviceID              string              `json:"device_id" v:"uuid"`
	DeviceType            string              `json:"device_type"`
	DisplayName           string              `json:"display_name"`
	Nickname              string              `json:"nickname,omitempty"`
	SpaceIDs              []string            `json:"space_ids"`
	CapabilitiesSupported []string            `json:"capabilities_supported"`
	Properties            DeviceProperties    `json:"properties"`
	ConnectedAccountID    string              `json:"connected_account_id" v:"uuid"`
	WorkspaceID           string              `json:"workspace_id" v:"uuid"`
	Errors                []DeviceError       `json:"errors"`
	Warnings              []DeviceWarning     `json:"warnings"`
	CreatedAt             Time                `json:"created_at"`
	IsManaged             bool                `json:"is_managed"`
	CustomMetadata        map[string]any      `json:"custom_metadata"`
	DeviceManufacturer    *DeviceManufacturer `json:"device_manufacturer,omitempty"`
	// Location holds the time zone reported for the device
	// (devices/report_provider_metadata); nil until one is.
	Location *DeviceLocation `json:"location,omitempty"`

	CanRemotelyLock              bool `json:"can_remotely_lock"`
	CanRemotelyUnlock            bool `json:"can_remotely_unlock"`
	CanProgramOnlineAccessCodes  bool `json:"can_program_online_access_codes"`
	CanProgramOfflineAccessCodes bool `json:"can_program_offline_access_codes"`
	CanUnlockWithCode            bool `json:"can_unlock_with_code"`
	CanSimulateRemoval           bool `json:"can_simulate_removal"`
	CanSimulateConnection        bool `json:"can_simulate_connection"`
	CanSimulateDisconnection     bool `json:"can_simulate_disconnection"`
	CanConfigureAutoLock         bool `json:"can_configure_auto_lock"`
	CanSimulateHubConnection     bool `json:"can_simulate_hub_connection"`
	CanSimulateHubDisconnection  bool `json:"can_simulate_hub_disconnection"`
	// A thermostat's capabilities (absent on other devices).
	ThermostatCapabilities
}

// DeviceLocation is where a device is, as far as lintel knows: its time
// zone (IANA).
type DeviceLocation struct {
	TimeZone string `json:"time_zone"`
}

// DevicesReportProviderMetadataParams are the parameters of
// /devices/report_provider_metadata: for each device, the metadata its
// provider keeps that the caller reports (the time zone of an Omnitec,
// Schlage or Ultraloq lock). Devices is a JSON array of
// {"device_id", "omnitec_metadata" | "schlage_metadata" | "ultraloq_metadata": {"time_zone"}}
// (the parameter decoder takes arrays of strings only; the domain reads it).
type DevicesReportProviderMetadataParams struct {
	Devices json.RawMessage `json:"devices,omitempty"`
}

// DeviceManufacturer names a device's maker.
type DeviceManufacturer struct {
	Manufacturer string `json:"manufacturer"`
	DisplayName  string `json:"display_name"`
}

// DeviceProperties are what a device is and its state as lintel last knew
// it.
type DeviceProperties struct {
	Online       bool             `json:"online"`
	Name         string           `json:"name"`
	Appearance   DeviceAppearance `json:"appearance"`
	Model        DeviceModel      `json:"model"`
	Manufacturer string           `json:"manufacturer,omitempty"`
	SerialNumber string           `json:"serial_number,omitempty"`
	BatteryLevel *float64         `json:"battery_level,omitempty"`
	Battery      *DeviceBattery   `json:"battery,omitempty"`
	Locked       *bool            `json:"locked,omitempty"`
	DoorOpen     *bool            `json:"door_open,omitempty"`
	// The lock's rules for access codes.
	SupportedCodeLengths    []int            `json:"supported_code_lengths,omitempty"`
	MaxActiveCodesSupported *int             `json:"max_active_codes_supported,omitempty"`
	CodeConstraints         []CodeConstraint `json:"code_constraints,omitempty"`
	HasNativeEntryEvents    *bool            `json:"has_native_entry_events,omitempty"`
	// The lock's auto-lock setting, once configured.
	AutoLockEnabled      *bool `json:"auto_lock_enabled,omitempty"`
	AutoLockDelaySeconds *int  `json:"auto_lock_delay_seconds,omitempty"`
	// A thermostat's climate and what it accepts (absent on other devices).
	ThermostatProperties
}

// DeviceAppearance is how the device is shown.
type DeviceAppearance struct {
	Name string `json:"name"`
}

// DeviceModel is the device's model.
type DeviceModel struct {
	DisplayName               string `json:"display_name"`
	ManufacturerDisplayName   string `json:"manufacturer_display_name"`
	HasBuiltInKeypad          bool   `json:"has_built_in_keypad"`
	CanConnectAccessoryKeypad bool   `json:"can_connect_accessory_keypad"`
}

// DeviceBattery is the battery's level (0 to 1) and status (critical, low,
// good or full).
type DeviceBattery struct {
	Level  float64 `json:"level"`
	Status string  `json:"status"`
}

// CodeConstraint is a rule on the access codes of a lock; name_length has
// a bound.
type CodeConstraint struct {
	ConstraintType string `json:"constraint_type"`
	MinLength      *int   `json:"min_length,omitempty"`
	MaxLength      *int   `json:"max_length,omitempty"`
}

// DeviceError is an error of a device or of its connected account.
type DeviceError struct {
	ErrorCode               string `json:"error_code"`
	Message                 string `json:"message"`
	CreatedAt               Time   `json:"created_at"`
	IsDeviceError           bool   `json:"is_device_error"`
	IsConnectedAccountError *bool  `json:"is_connected_account_error,omitempty"`
}

// DeviceWarning is a warning on a device.
type DeviceWarning struct {
	WarningCode string `json:"warning_code"`
	Message     string `json:"message"`
	CreatedAt   Time   `json:"created_at"`
}

// DevicesGetParams are the parameters of /devices/get and /locks/get: the
// device's id, or its name.
type DevicesGetParams struct {
	DeviceID string `json:"device_id,omitempty" v:"uuid"`
	Name     string `json:"name,omitempty" v:"min=1"`
}

// DevicesListParams are the parameters of /devices/list. Filters on what
// lintel does not have (customers, spaces, user identifier keys) match no
// device.
type DevicesListParams struct {
	ConnectedAccountID  string         `json:"connected_account_id,omitempty" v:"uuid"`
	ConnectedAccountIDs []string       `json:"connected_account_ids,omitempty" v:"uuid"`
	ConnectWebviewID    string         `json:"connect_webview_id,omitempty" v:"uuid"`
	DeviceIDs           []string       `json:"device_ids,omitempty" v:"uuid"`
	DeviceType          string         `json:"device_type,omitempty" v:"enum=akuvox_lock|august_lock|brivo_access_point|butterflymx_panel|avigilon_alta_entry|doorking_lock|genie_door|igloo_lock|linear_lock|lockly_lock|kwikset_lock|nuki_lock|salto_lock|schlage_lock|smartthings_lock|wyze_lock|yale_lock|two_n_intercom|controlbyweb_device|ttlock_lock|igloohome_lock|four_suites_door|dormakaba_oracode_door|tedee_lock|akiles_lock|ultraloq_lock|yacan_lock|keyincode_lock|omnitec_lock|kisi_lock|aqara_lock|keynest_key|noiseaware_activity_zone|minut_sensor|ecobee_thermostat|nest_thermostat|honeywell_resideo_thermostat|tado_thermostat|sensi_thermostat|smartthings_thermostat|ios_phone|android_phone|ring_camera"`
	DeviceTypes         []string       `json:"device_types,omitempty" v:"enum=akuvox_lock|august_lock|brivo_access_point|butterflymx_panel|avigilon_alta_entry|doorking_lock|genie_door|igloo_lock|linear_lock|lockly_lock|kwikset_lock|nuki_lock|salto_lock|schlage_lock|smartthings_lock|wyze_lock|yale_lock|two_n_intercom|controlbyweb_device|ttlock_lock|igloohome_lock|four_suites_door|dormakaba_oracode_door|tedee_lock|akiles_lock|ultraloq_lock|yacan_lock|keyincode_lock|omnitec_lock|kisi_lock|aqara_lock|keynest_key|noiseaware_activity_zone|minut_sensor|ecobee_thermostat|nest_thermostat|honeywell_resideo_thermostat|tado_thermostat|sensi_thermostat|smartthings_thermostat|ios_phone|android_phone|ring_camera"`
	Manufacturer        string         `json:"manufacturer,omitempty" v:"enum=akuvox|august|avigilon_alta|brivo|butterflymx|doorking|four_suites|genie|igloo|keywe|kwikset|linear|nuki|philia|salto|samsung|schlage|seam|unknown|wyze|yale|two_n|ttlock|igloohome|controlbyweb|dormakaba_oracode|tedee|keyincode|akiles|aqara|ecobee|honeywell_resideo|keynest|korelock|lockly|minut|nest|noiseaware|sensi|smartthings|tado|ultraloq|ring|ical|lodgify|hostaway|guesty|acuity_scheduling|omnitec|kisi|slack|yacan"`
	CreatedBefore       string         `json:"created_before,omitempty" v:"datetime"`
	CustomMetadataHas   map[string]any `json:"custom_metadata_has,omitempty"`
	IncludeIf           []string       `json:"include_if,omitempty" v:"enum=can_remotely_unlock|can_remotely_lock|can_program_offline_access_codes|can_program_online_access_codes|can_hvac_heat|can_hvac_cool|can_hvac_heat_cool|can_turn_off_hvac|can_simulate_removal|can_simulate_connection|can_simulate_disconnection|can_unlock_with_code|can_run_thermostat_programs|can_program_thermostat_programs_as_weekday_weekend|can_program_thermostat_programs_as_different_each_day|can_program_thermostat_programs_as_same_each_day|can_simulate_hub_connection|can_simulate_hub_disconnection|can_simulate_paid_subscription|can_configure_auto_lock"`
	ExcludeIf           []string       `json:"exclude_if,omitempty" v:"enum=can_remotely_unlock|can_remotely_lock|can_program_offline_access_codes|can_program_online_access_codes|can_hvac_heat|can_hvac_cool|can_hvac_heat_cool|can_turn_off_hvac|can_simulate_removal|can_simulate_connection|can_simulate_disconnection|can_unlock_with_code|can_run_thermostat_programs|can_program_thermostat_programs_as_weekday_weekend|can_program_thermostat_programs_as_different_each_day|can_program_thermostat_programs_as_same_each_day|can_simulate_hub_connection|can_simulate_hub_disconnection|can_simulate_paid_subscription|can_configure_auto_lock"`
	Search              string         `json:"search,omitempty" v:"min=1"`
	CustomerKey         string         `json:"customer_key,omitempty" v:"min=1"`
	UserIdentifierKey   string         `json:"user_identifier_key,omitempty" v:"min=1"`
	SpaceID             string         `json:"space_id,omitempty" v:"uuid"`
	Limit               int            `json:"limit,omitempty" v:"min=1"`
	PageCursor          *string        `json:"page_cursor,omitempty"`
}

// LocksListParams are the parameters of /locks/list: the devices that are
// locks.
type LocksListParams struct {
	ConnectedAccountID string   `json:"connected_account_id,omitempty" v:"uuid"`
	ConnectWebviewID   string   `json:"connect_webview_id,omitempty" v:"uuid"`
	DeviceType         string   `json:"device_type,omitempty" v:"enum=akuvox_lock|august_lock|brivo_access_point|butterflymx_panel|avigilon_alta_entry|doorking_lock|genie_door|igloo_lock|linear_lock|lockly_lock|kwikset_lock|nuki_lock|salto_lock|schlage_lock|smartthings_lock|wyze_lock|yale_lock|two_n_intercom|controlbyweb_device|ttlock_lock|igloohome_lock|four_suites_door|dormakaba_oracode_door|tedee_lock|akiles_lock|ultraloq_lock|yacan_lock|keyincode_lock|omnitec_lock|kisi_lock|aqara_lock"`
	DeviceTypes        []string `json:"device_types,omitempty" v:"enum=akuvox_lock|august_lock|brivo_access_point|butterflymx_panel|avigilon_alta_entry|doorking_lock|genie_door|igloo_lock|linear_lock|lockly_lock|kwikset_lock|nuki_lock|salto_lock|schlage_lock|smartthings_lock|wyze_lock|yale_lock|two_n_intercom|controlbyweb_device|ttlock_lock|igloohome_lock|four_suites_door|dormakaba_oracode_door|tedee_lock|akiles_lock|ultraloq_lock|yacan_lock|keyincode_lock|omnitec_lock|kisi_lock|aqara_lock"`
	Manufacturer       string   `json:"manufacturer,omitempty" v:"enum=akuvox|august|brivo|butterflymx|avigilon_alta|doorking|genie|igloo|linear|kwikset|nuki|salto|schlage|seam|wyze|yale|two_n|controlbyweb|ttlock|igloohome|four_suites|dormakaba_oracode|tedee|keyincode|akiles|aqara|korelock|lockly|smartthings|ultraloq|omnitec|kisi|yacan"`
	CustomerKey        string   `json:"customer_key,omitempty" v:"min=1"`
}

// DevicesUpdateParams are the parameters of /devices/update: a new name
// (name or properties.name; null goes back to the provider's), custom
// metadata to merge (a null or empty value removes its key), and
// is_managed false to make the device unmanaged.
type DevicesUpdateParams struct {
	DeviceID       string                   `json:"device_id" v:"required,uuid"`
	Name           Nullable[string]         `json:"name,omitzero" v:"max=255"`
	Properties     *DevicesUpdateProperties `json:"properties,omitempty"`
	CustomMetadata map[string]any           `json:"custom_metadata,omitempty"`
	IsManaged      *bool                    `json:"is_managed,omitempty"`
}

// DevicesUpdateProperties are the properties /devices/update changes.
type DevicesUpdateProperties struct {
	Name Nullable[string] `json:"name,omitzero" v:"max=255"`
}

// DeviceIDParams are the parameters of the routes that take a device and
// nothing else (/devices/delete, /devices/simulate/*, /locks/simulate/
// manual_lock_via_keypad).
type DeviceIDParams struct {
	DeviceID string `json:"device_id" v:"required,uuid"`
}

// DevicesListDeviceProvidersParams are the parameters of
// /devices/list_device_providers.
type DevicesListDeviceProvidersParams struct {
	ProviderCategory string `json:"provider_category,omitempty" v:"enum=stable|consumer_smartlocks|beta|thermostats|noise_sensors|access_control_systems|cameras|connectors"`
}

// DeviceProvider is a brand a Connect Webview offers, with the capability
// flags at least one of its devices has.
type DeviceProvider struct {
	DeviceProviderName           string   `json:"device_provider_name"`
	DisplayName                  string   `json:"display_name"`
	ImageURL                     string   `json:"image_url"`
	ProviderCategories           []string `json:"provider_categories"`
	CanRemotelyLock              bool     `json:"can_remotely_lock"`
	CanRemotelyUnlock            bool     `json:"can_remotely_unlock"`
	CanProgramOnlineAccessCodes  bool     `json:"can_program_online_access_codes"`
	CanProgramOfflineAccessCodes bool     `json:"can_program_offline_access_codes"`
	CanUnlockWithCode            bool     `json:"can_unlock_with_code"`
	CanSimulateRemoval           bool     `json:"can_simulate_removal"`
	CanSimulateConnection        bool     `json:"can_simulate_connection"`
	CanSimulateDisconnection     bool     `json:"can_simulate_disconnection"`
	CanConfigureAutoLock         bool     `json:"can_configure_auto_lock"`
	CanSimulateHubConnection     bool     `json:"can_simulate_hub_connection"`
	CanSimulateHubDisconnection  bool     `json:"can_simulate_hub_disconnection"`
}

// DevicesUnmanagedUpdateParams are the parameters of
// /devices/unmanaged/update: custom metadata to merge, and is_managed true
// to make the device managed again.
type DevicesUnmanagedUpdateParams struct {
	DeviceID       string         `json:"device_id" v:"required,uuid"`
	CustomMetadata map[string]any `json:"custom_metadata,omitempty"`
	IsManaged      *bool          `json:"is_managed,omitempty"`
}

// DevicesSimulatePaidSubscriptionParams are the parameters of
// /devices/simulate/paid_subscription.
type DevicesSimulatePaidSubscriptionParams struct {
	DeviceID  string `json:"device_id" v:"required,uuid"`
	IsExpired *bool  `json:"is_expired" v:"required"`
}

// LocksActionParams are the parameters of /locks/lock_door and
// /locks/unlock_door. sync is accepted: a sandbox lock answers at once
// anyway, and a remote one is waited for by the SDKs.
type LocksActionParams struct {
	DeviceID string `json:"device_id" v:"required,uuid"`
	Sync     *bool  `json:"sync,omitempty"`
}

// LocksConfigureAutoLockParams are the parameters of
// /locks/configure_auto_lock.
type LocksConfigureAutoLockParams struct {
	DeviceID             string   `json:"device_id" v:"required,uuid"`
	AutoLockEnabled      *bool    `json:"auto_lock_enabled" v:"required"`
	AutoLockDelaySeconds *float64 `json:"auto_lock_delay_seconds,omitempty" v:"positive"`
}

// LocksSimulateKeypadCodeEntryParams are the parameters of
// /locks/simulate/keypad_code_entry.
type LocksSimulateKeypadCodeEntryParams struct {
	DeviceID string `json:"device_id" v:"required,uuid"`
	Code     string `json:"code" v:"required,nonempty,max=20"`
}
