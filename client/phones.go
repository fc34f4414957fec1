package client

// Phone is an app user's mobile phone: it belongs to a user identity and
// carries the identity's mobile keys until it is deactivated.
type Phone struct {
	DeviceID string `json:"device_id" v:"uuid"`
	// DeviceType is ios_phone or android_phone.
	DeviceType     string          `json:"device_type"`
	DisplayName    string          `json:"display_name"`
	Nickname       string          `json:"nickname,omitempty"`
	WorkspaceID    string          `json:"workspace_id" v:"uuid"`
	CreatedAt      Time            `json:"created_at"`
	CustomMetadata map[string]any  `json:"custom_metadata"`
	Errors         []DeviceError   `json:"errors"`
	Warnings       []DeviceWarning `json:"warnings"`
	Properties     PhoneProperties `json:"properties"`
}

// PhoneProperties are what the phone's credential services report of it.
type PhoneProperties struct {
	AssaAbloyCredentialServiceMetadata *PhoneCredentialServiceMetadata `json:"assa_abloy_credential_service_metadata,omitempty"`
}

// PhoneCredentialServiceMetadata is the phone's state in the credential
// service: its endpoints, and whether one of them is active.
type PhoneCredentialServiceMetadata struct {
	HasActiveEndpoint bool            `json:"has_active_endpoint"`
	Endpoints         []PhoneEndpoint `json:"endpoints"`
}

// PhoneEndpoint is one endpoint of a phone in a credential service.
type PhoneEndpoint struct {
	EndpointID string `json:"endpoint_id"`
	IsActive   bool   `json:"is_active"`
}

// PhonesListParams are the parameters of /phones/list.
type PhonesListParams struct {
	OwnerUserIdentityID string `json:"owner_user_identity_id,omitempty" v:"uuid"`
	AcsCredentialID     string `json:"acs_credential_id,omitempty" v:"uuid"`
}

// PhonesGetParams are the parameters of /phones/get.
type PhonesGetParams struct {
	DeviceID string `json:"device_id" v:"required,uuid"`
}

// PhonesDeactivateParams are the parameters of /phones/deactivate.
type PhonesDeactivateParams struct {
	DeviceID string `json:"device_id" v:"required,uuid"`
}

// PhonesSimulateCreateSandboxPhoneParams are the parameters of
// /phones/simulate/create_sandbox_phone. Absent metadata takes the spec's
// defaults (a Samsung Galaxy S10 on Android 10 with Bluetooth).
type PhonesSimulateCreateSandboxPhoneParams struct {
	UserIdentityID          string                    `json:"user_identity_id" v:"required,uuid"`
	CustomSDKInstallationID string                    `json:"custom_sdk_installation_id,omitempty" v:"min=1"`
	PhoneMetadata           *SandboxPhoneMetadata     `json:"phone_metadata,omitempty"`
	AssaAbloyMetadata       *SandboxAssaAbloyMetadata `json:"assa_abloy_metadata,omitempty"`
}

// SandboxPhoneMetadata is what a simulated phone is.
type SandboxPhoneMetadata struct {
	OperatingSystem    string `json:"operating_system,omitempty" v:"enum=android|ios"`
	OSVersion          string `json:"os_version,omitempty" v:"min=1"`
	DeviceManufacturer string `json:"device_manufacturer,omitempty" v:"min=1"`
	DeviceModel        string `json:"device_model,omitempty" v:"min=1"`
}

// SandboxAssaAbloyMetadata is what a simulated phone reports to the ASSA
// ABLOY credential service.
type SandboxAssaAbloyMetadata struct {
	ApplicationVersion string   `json:"application_version,omitempty" v:"min=1"`
	BLECapability      *bool    `json:"ble_capability,omitempty"`
	HCECapability      *bool    `json:"hce_capability,omitempty"`
	NFCCapability      *bool    `json:"nfc_capability,omitempty"`
	SeosAppletVersion  string   `json:"seos_applet_version,omitempty" v:"min=1"`
	SeosTSMEndpointID  *float64 `json:"seos_tsm_endpoint_id,omitempty"`
}
