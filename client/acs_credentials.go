package client

import "time"

// AcsCredential is a means of opening entrances held by an access system
// user: a PIN code, a card, a mobile key.
type AcsCredential struct {
	AcsCredentialID                        string       `json:"acs_credential_id" v:"uuid"`
	AcsSystemID                            string       `json:"acs_system_id" v:"uuid"`
	WorkspaceID                            string       `json:"workspace_id" v:"uuid"`
	ConnectedAccountID                     string       `json:"connected_account_id" v:"uuid"`
	AcsUserID                              string       `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID                         string       `json:"user_identity_id,omitempty" v:"uuid"`
	DisplayName                            string       `json:"display_name"`
	AccessMethod                           string       `json:"access_method" v:"enum=code|card|mobile_key|cloud_key"`
	Code                                   *string      `json:"code"`
	CardNumber                             *string      `json:"card_number"`
	StartsAt                               *Time        `json:"starts_at,omitempty"`
	EndsAt                                 *Time        `json:"ends_at,omitempty"`
	IsIssued                               bool         `json:"is_issued"`
	IssuedAt                               *Time        `json:"issued_at"`
	IsOneTimeUse                           bool         `json:"is_one_time_use"`
	IsMultiPhoneSyncCredential             bool         `json:"is_multi_phone_sync_credential"`
	IsLatestDesiredStateSyncedWithProvider *bool        `json:"is_latest_desired_state_synced_with_provider"`
	LatestDesiredStateSyncedWithProviderAt *Time        `json:"latest_desired_state_synced_with_provider_at"`
	ExternalType                           string       `json:"external_type,omitempty"`
	ExternalTypeDisplayName                string       `json:"external_type_display_name,omitempty"`
	CreatedAt                              Time         `json:"created_at"`
	IsManaged                              bool         `json:"is_managed" v:"const=true"`
	Errors                                 []AcsError   `json:"errors"`
	Warnings                               []AcsWarning `json:"warnings"`
}

// AcsCredentialsCreateParams are the parameters of /acs/credentials/create.
// The credential's holder is acs_user_id, or user_identity_id together with
// acs_system_id.
type AcsCredentialsCreateParams struct {
	AccessMethod                 string     `json:"access_method" v:"required,enum=code|card|mobile_key|cloud_key"`
	AcsUserID                    string     `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID               string     `json:"user_identity_id,omitempty" v:"uuid"`
	AcsSystemID                  string     `json:"acs_system_id,omitempty" v:"uuid"`
	AllowedAcsEntranceIDs        []string   `json:"allowed_acs_entrance_ids,omitempty" v:"uuid"`
	Code                         string     `json:"code,omitempty" v:"min=1,max=16"`
	CredentialManagerAcsSystemID string     `json:"credential_manager_acs_system_id,omitempty" v:"uuid"`
	StartsAt                     *time.Time `json:"starts_at,omitempty"`
	EndsAt                       *time.Time `json:"ends_at,omitempty"`
	IsMultiPhoneSyncCredential   bool       `json:"is_multi_phone_sync_credential,omitempty"`
}

// AcsCredentialsGetParams are the parameters of /acs/credentials/get.
type AcsCredentialsGetParams struct {
	AcsCredentialID string `json:"acs_credential_id" v:"required,uuid"`
}

// AcsCredentialsListParams are the parameters of /acs/credentials/list.
type AcsCredentialsListParams struct {
	AcsSystemID                string     `json:"acs_system_id,omitempty" v:"uuid"`
	AcsUserID                  string     `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID             string     `json:"user_identity_id,omitempty" v:"uuid"`
	CreatedBefore              *time.Time `json:"created_before,omitempty"`
	IsMultiPhoneSyncCredential *bool      `json:"is_multi_phone_sync_credential,omitempty"`
	Search                     string     `json:"search,omitempty" v:"min=1"`
	Limit                      int        `json:"limit,omitempty" v:"min=1"`
	PageCursor                 *string    `json:"page_cursor,omitempty"`
}

// AcsCredentialsUpdateParams are the parameters of /acs/credentials/update.
// Absent fields keep their value.
type AcsCredentialsUpdateParams struct {
	AcsCredentialID string     `json:"acs_credential_id" v:"required,uuid"`
	Code            *string    `json:"code,omitempty" v:"min=1,max=16"`
	EndsAt          *time.Time `json:"ends_at,omitempty"`
}

// AcsCredentialsDeleteParams are the parameters of /acs/credentials/delete.
type AcsCredentialsDeleteParams struct {
	AcsCredentialID string `json:"acs_credential_id" v:"required,uuid"`
}

// AcsCredentialsAssignParams are the parameters of /acs/credentials/assign:
// the credential and its new holder, by user id or by user identity.
type AcsCredentialsAssignParams struct {
	AcsCredentialID string `json:"acs_credential_id" v:"required,uuid"`
	AcsUserID       string `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID  string `json:"user_identity_id,omitempty" v:"uuid"`
}

// AcsCredentialsUnassignParams are the parameters of
// /acs/credentials/unassign.
type AcsCredentialsUnassignParams AcsCredentialsAssignParams

// AcsCredentialsListAccessibleEntrancesParams are the parameters of
// /acs/credentials/list_accessible_entrances.
type AcsCredentialsListAccessibleEntrancesParams struct {
	AcsCredentialID string `json:"acs_credential_id" v:"required,uuid"`
}
