package client

// AcsEncoder is a device at a front desk that writes card credentials
// onto physical cards, and reads them back.
type AcsEncoder struct {
	AcsEncoderID       string     `json:"acs_encoder_id" v:"uuid"`
	AcsSystemID        string     `json:"acs_system_id" v:"uuid"`
	ConnectedAccountID string     `json:"connected_account_id" v:"uuid"`
	WorkspaceID        string     `json:"workspace_id" v:"uuid"`
	DisplayName        string     `json:"display_name"`
	CreatedAt          Time       `json:"created_at"`
	Errors             []AcsError `json:"errors"`
}

// AcsEncodersGetParams are the parameters of /acs/encoders/get.
type AcsEncodersGetParams struct {
	AcsEncoderID string `json:"acs_encoder_id" v:"required,uuid"`
}

// AcsEncodersListParams are the parameters of /acs/encoders/list.
type AcsEncodersListParams struct {
	AcsSystemID   string   `json:"acs_system_id,omitempty" v:"uuid"`
	AcsSystemIDs  []string `json:"acs_system_ids,omitempty" v:"uuid"`
	AcsEncoderIDs []string `json:"acs_encoder_ids,omitempty" v:"uuid"`
	Limit         *float64 `json:"limit,omitempty" v:"min=1"`
	PageCursor    *string  `json:"page_cursor,omitempty"`
}

// AcsEncodersEncodeCredentialParams are the parameters of
// /acs/encoders/encode_credential: the encoder and the card credential to
// write, by id or by the access method it serves.
type AcsEncodersEncodeCredentialParams struct {
	AcsEncoderID    string `json:"acs_encoder_id" v:"required,uuid"`
	AcsCredentialID string `json:"acs_credential_id,omitempty" v:"uuid"`
	AccessMethodID  string `json:"access_method_id,omitempty" v:"uuid"`
}

// AcsEncodersScanCredentialParams are the parameters of
// /acs/encoders/scan_credential.
type AcsEncodersScanCredentialParams struct {
	AcsEncoderID    string         `json:"acs_encoder_id" v:"required,uuid"`
	SaltoKsMetadata map[string]any `json:"salto_ks_metadata,omitempty"`
}

// AcsEncodersScanToAssignCredentialParams are the parameters of
// /acs/encoders/scan_to_assign_credential: the encoder, and the user (by
// id or by user identity) the scanned card is assigned to.
type AcsEncodersScanToAssignCredentialParams struct {
	AcsEncoderID    string         `json:"acs_encoder_id" v:"required,uuid"`
	AcsUserID       string         `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID  string         `json:"user_identity_id,omitempty" v:"uuid"`
	SaltoKsMetadata map[string]any `json:"salto_ks_metadata,omitempty"`
}

// AcsEncodersSimulateNextCredentialEncodeWillFailParams are the parameters
// of /acs/encoders/simulate/next_credential_encode_will_fail.
type AcsEncodersSimulateNextCredentialEncodeWillFailParams struct {
	AcsEncoderID    string `json:"acs_encoder_id" v:"required,uuid"`
	ErrorCode       string `json:"error_code,omitempty" v:"enum=no_credential_on_encoder|encoding_interrupted|uncategorized_error|action_attempt_expired"`
	AcsCredentialID string `json:"acs_credential_id,omitempty" v:"uuid"`
}

// AcsEncodersSimulateNextCredentialEncodeWillSucceedParams are the
// parameters of /acs/encoders/simulate/next_credential_encode_will_succeed.
type AcsEncodersSimulateNextCredentialEncodeWillSucceedParams struct {
	AcsEncoderID string `json:"acs_encoder_id" v:"required,uuid"`
	Scenario     string `json:"scenario,omitempty" v:"enum=credential_is_issued"`
}

// AcsEncodersSimulateNextCredentialScanWillFailParams are the parameters
// of /acs/encoders/simulate/next_credential_scan_will_fail.
type AcsEncodersSimulateNextCredentialScanWillFailParams struct {
	AcsEncoderID          string `json:"acs_encoder_id" v:"required,uuid"`
	ErrorCode             string `json:"error_code,omitempty" v:"enum=no_credential_on_encoder|uncategorized_error|action_attempt_expired"`
	AcsCredentialIDOnSeam string `json:"acs_credential_id_on_seam,omitempty" v:"uuid"`
}

// AcsEncodersSimulateNextCredentialScanWillSucceedParams are the
// parameters of /acs/encoders/simulate/next_credential_scan_will_succeed.
type AcsEncodersSimulateNextCredentialScanWillSucceedParams struct {
	AcsEncoderID          string `json:"acs_encoder_id" v:"required,uuid"`
	Scenario              string `json:"scenario,omitempty" v:"enum=credential_exists_on_seam|credential_on_encoder_needs_update|credential_does_not_exist_on_seam|credential_on_encoder_is_empty"`
	AcsCredentialIDOnSeam string `json:"acs_credential_id_on_seam,omitempty" v:"uuid"`
}

// ScanCredentialResult is the result of a SCAN_CREDENTIAL action attempt:
// the card as read on the encoder, and the credential it is on Seam.
type ScanCredentialResult struct {
	AcsCredentialOnEncoder *CredentialOnEncoder    `json:"acs_credential_on_encoder"`
	AcsCredentialOnSeam    *AcsCredential          `json:"acs_credential_on_seam"`
	Warnings               []ScanCredentialWarning `json:"warnings"`
}

// CredentialOnEncoder is what a scanned card holds.
type CredentialOnEncoder struct {
	CardNumber *string `json:"card_number"`
	CreatedAt  *Time   `json:"created_at"`
	IsIssued   *bool   `json:"is_issued"`
	StartsAt   *Time   `json:"starts_at"`
	EndsAt     *Time   `json:"ends_at"`
}

// ScanCredentialWarning is a mismatch a scan found between the card and
// Seam.
type ScanCredentialWarning struct {
	WarningCode    string `json:"warning_code"`
	WarningMessage string `json:"warning_message"`
}
