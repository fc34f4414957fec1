package client

// Event records something that happened in a workspace. Which of the
// object ids are present depends on EventType.
type Event struct {
	EventID            string `json:"event_id" v:"uuid"`
	EventType          string `json:"event_type"`
	WorkspaceID        string `json:"workspace_id" v:"uuid"`
	CreatedAt          Time   `json:"created_at"`
	OccurredAt         Time   `json:"occurred_at"`
	AcsSystemID        string `json:"acs_system_id,omitempty" v:"uuid"`
	ConnectedAccountID string `json:"connected_account_id,omitempty" v:"uuid"`
	AcsUserID          string `json:"acs_user_id,omitempty" v:"uuid"`
	AcsCredentialID    string `json:"acs_credential_id,omitempty" v:"uuid"`
	AcsAccessGroupID   string `json:"acs_access_group_id,omitempty" v:"uuid"`
	AcsEntranceID      string `json:"acs_entrance_id,omitempty" v:"uuid"`
	AcsEncoderID       string `json:"acs_encoder_id,omitempty" v:"uuid"`
	UserIdentityID     string `json:"user_identity_id,omitempty" v:"uuid"`
	ClientSessionID    string `json:"client_session_id,omitempty" v:"uuid"`
	DeviceID           string `json:"device_id,omitempty" v:"uuid"`
	ConnectWebviewID   string `json:"connect_webview_id,omitempty" v:"uuid"`
	// SpaceID and SpaceKey name the space a space.* event is about;
	// DeviceIDs and AcsEntranceIDs are what it holds (present, possibly
	// empty, on those events only).
	SpaceID        string   `json:"space_id,omitempty" v:"uuid"`
	SpaceKey       string   `json:"space_key,omitempty"`
	DeviceIDs      []string `json:"device_ids,omitzero"`
	AcsEntranceIDs []string `json:"acs_entrance_ids,omitzero"`
	// ConnectedAccountCustomMetadata and DeviceCustomMetadata carry the
	// custom metadata of the account and the device an event is about.
	ConnectedAccountCustomMetadata map[string]any `json:"connected_account_custom_metadata,omitempty"`
	DeviceCustomMetadata           map[string]any `json:"device_custom_metadata,omitempty"`
	// The errors and warnings of the account and the system a
	// disconnection event is about, as they were then (present, possibly
	// empty, on those events only).
	ConnectedAccountErrors   []AcsError   `json:"connected_account_errors,omitzero"`
	ConnectedAccountWarnings []AcsWarning `json:"connected_account_warnings,omitzero"`
	AcsSystemErrors          []AcsError   `json:"acs_system_errors,omitzero"`
	AcsSystemWarnings        []AcsWarning `json:"acs_system_warnings,omitzero"`
	// ActionAttemptID, ActionType and Status describe the attempt an
	// action_attempt.* event is about, as it ended.
	ActionAttemptID  string `json:"action_attempt_id,omitempty" v:"uuid"`
	ActionType       string `json:"action_type,omitempty"`
	Status           string `json:"status,omitempty"`
	EventDescription string `json:"event_description,omitempty"`
	// The threshold a noise_sensor.noise_threshold_triggered event is
	// about, and the level the sensor heard.
	NoiseThresholdID   string   `json:"noise_threshold_id,omitempty" v:"uuid"`
	NoiseThresholdName string   `json:"noise_threshold_name,omitempty"`
	NoiseLevelDecibels *float64 `json:"noise_level_decibels,omitempty"`
	NoiseLevelNRS      *float64 `json:"noise_level_nrs,omitempty"`
	// The climate preset a thermostat.climate_preset_activated event is
	// about, and the schedule that activated it (null: activated by hand).
	ThermostatScheduleID    Nullable[string] `json:"thermostat_schedule_id,omitzero"`
	ClimatePresetKey        string           `json:"climate_preset_key,omitempty"`
	IsFallbackClimatePreset *bool            `json:"is_fallback_climate_preset,omitempty"`
	// The setting of thermostat.manually_adjusted (method seam or
	// external), and the temperatures of the thermostat.temperature_*
	// events.
	HvacModeSetting              string            `json:"hvac_mode_setting,omitempty"`
	FanModeSetting               string            `json:"fan_mode_setting,omitempty"`
	HeatingSetPointCelsius       *float64          `json:"heating_set_point_celsius,omitempty"`
	HeatingSetPointFahrenheit    *float64          `json:"heating_set_point_fahrenheit,omitempty"`
	CoolingSetPointCelsius       *float64          `json:"cooling_set_point_celsius,omitempty"`
	CoolingSetPointFahrenheit    *float64          `json:"cooling_set_point_fahrenheit,omitempty"`
	TemperatureCelsius           *float64          `json:"temperature_celsius,omitempty"`
	TemperatureFahrenheit        *float64          `json:"temperature_fahrenheit,omitempty"`
	DesiredTemperatureCelsius    *float64          `json:"desired_temperature_celsius,omitempty"`
	DesiredTemperatureFahrenheit *float64          `json:"desired_temperature_fahrenheit,omitempty"`
	LowerLimitCelsius            Nullable[float64] `json:"lower_limit_celsius,omitzero"`
	LowerLimitFahrenheit         Nullable[float64] `json:"lower_limit_fahrenheit,omitzero"`
	UpperLimitCelsius            Nullable[float64] `json:"upper_limit_celsius,omitzero"`
	UpperLimitFahrenheit         Nullable[float64] `json:"upper_limit_fahrenheit,omitzero"`
	// Method says how a lock was locked or unlocked (lock.locked,
	// lock.unlocked): remote, keycode, manual, automatic, unknown.
	Method string `json:"method,omitempty"`
	// AccessCodeID is the access code an event is about (access_code.*,
	// or the code entered on a keypad).
	AccessCodeID string `json:"access_code_id,omitempty" v:"uuid"`
	// Code is the PIN an access_code.* event is about (set, scheduled,
	// deleted); BackupAccessCodeID the backup code pulled in its place
	// (access_code.backup_access_code_pulled).
	Code               string `json:"code,omitempty"`
	BackupAccessCodeID string `json:"backup_access_code_id,omitempty" v:"uuid"`
	// AccessCodeErrors and AccessCodeWarnings are the code's issues when it
	// failed to be set or removed (present, possibly empty, on those events
	// only).
	AccessCodeErrors   []AccessCodeError   `json:"access_code_errors,omitzero"`
	AccessCodeWarnings []AccessCodeWarning `json:"access_code_warnings,omitzero"`
	// DeviceErrors are the errors of the device a disconnection event is
	// about, as they were then.
	DeviceErrors   []DeviceError   `json:"device_errors,omitzero"`
	DeviceWarnings []DeviceWarning `json:"device_warnings,omitzero"`
	// ErrorCode is why a device was disconnected (device.disconnected):
	// device_disconnected, hub_disconnected or account_disconnected.
	ErrorCode string `json:"error_code,omitempty"`
	// DeviceName is the device's name (device.name_changed,
	// device.deleted).
	DeviceName string `json:"device_name,omitempty"`
	// AccessGrantID is the grant an access_grant.* event is about;
	// AccessMethodID the method an access_method.* event is about, with
	// AccessGrantIDs the grants it serves (present on those events only).
	AccessGrantID  string   `json:"access_grant_id,omitempty" v:"uuid"`
	AccessMethodID string   `json:"access_method_id,omitempty" v:"uuid"`
	AccessGrantIDs []string `json:"access_grant_ids,omitzero"`
	// ErrorMessage says why a grant could not create the access methods it
	// was asked for (access_grant.could_not_create_requested_access_methods).
	ErrorMessage string `json:"error_message,omitempty"`
}

// EventsGetParams are the parameters of /events/get: the event's id, or the
// newest event of a type (or of a device).
type EventsGetParams struct {
	EventID   string `json:"event_id,omitempty" v:"uuid"`
	EventType string `json:"event_type,omitempty" v:"nonempty"`
	DeviceID  string `json:"device_id,omitempty" v:"uuid"`
}

// EventsListParams are the parameters of /events/list. Exactly one of Since
// and Between is required. Filters on objects lintel does not have
// (devices, access codes, …) match no event.
type EventsListParams struct {
	Since              string   `json:"since,omitempty" v:"nonempty"`
	Between            []string `json:"between,omitempty" v:"min=2,max=2"`
	EventIDs           []string `json:"event_ids,omitempty" v:"uuid"`
	EventType          string   `json:"event_type,omitempty" v:"nonempty"`
	EventTypes         []string `json:"event_types,omitempty"`
	AcsSystemID        string   `json:"acs_system_id,omitempty" v:"uuid"`
	AcsSystemIDs       []string `json:"acs_system_ids,omitempty" v:"uuid"`
	AcsUserID          string   `json:"acs_user_id,omitempty" v:"uuid"`
	AcsCredentialID    string   `json:"acs_credential_id,omitempty" v:"uuid"`
	AcsAccessGroupID   string   `json:"acs_access_group_id,omitempty" v:"uuid"`
	AcsEntranceID      string   `json:"acs_entrance_id,omitempty" v:"uuid"`
	AcsEncoderID       string   `json:"acs_encoder_id,omitempty" v:"uuid"`
	UserIdentityID     string   `json:"user_identity_id,omitempty" v:"uuid"`
	ConnectedAccountID string   `json:"connected_account_id,omitempty" v:"uuid"`
	ConnectWebviewID   string   `json:"connect_webview_id,omitempty" v:"uuid"`
	DeviceID           string   `json:"device_id,omitempty" v:"uuid"`
	DeviceIDs          []string `json:"device_ids,omitempty" v:"uuid"`
	AccessCodeID       string   `json:"access_code_id,omitempty" v:"uuid"`
	AccessCodeIDs      []string `json:"access_code_ids,omitempty" v:"uuid"`
	AccessGrantID      string   `json:"access_grant_id,omitempty" v:"uuid"`
	AccessGrantIDs     []string `json:"access_grant_ids,omitempty" v:"uuid,max=100"`
	AccessMethodID     string   `json:"access_method_id,omitempty" v:"uuid"`
	AccessMethodIDs    []string `json:"access_method_ids,omitempty" v:"uuid,max=100"`
	SpaceID            string   `json:"space_id,omitempty" v:"uuid"`
	SpaceIDs           []string `json:"space_ids,omitempty" v:"uuid,max=100"`
	CustomerKey        string   `json:"customer_key,omitempty" v:"nonempty"`
	Limit              *float64 `json:"limit,omitempty" v:"min=1"`
	UnstableOffset     *float64 `json:"unstable_offset,omitempty" v:"min=0"`
}
