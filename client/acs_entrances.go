package client

// AcsEntrance is a door, gate or other entrance that an access system
// controls.
type AcsEntrance struct {
	AcsEntranceID          string       `json:"acs_entrance_id" v:"uuid"`
	AcsSystemID            string       `json:"acs_system_id" v:"uuid"`
	ConnectedAccountID     string       `json:"connected_account_id" v:"uuid"`
	DisplayName            string       `json:"display_name"`
	SpaceIDs               []string     `json:"space_ids"`
	CanUnlockWithCard      bool         `json:"can_unlock_with_card"`
	CanUnlockWithCode      bool         `json:"can_unlock_with_code"`
	CanUnlockWithMobileKey bool         `json:"can_unlock_with_mobile_key"`
	CanUnlockWithCloudKey  bool         `json:"can_unlock_with_cloud_key"`
	CreatedAt              Time         `json:"created_at"`
	Errors                 []AcsError   `json:"errors"`
	Warnings               []AcsWarning `json:"warnings"`
}

// AcsEntrancesGetParams are the parameters of /acs/entrances/get.
type AcsEntrancesGetParams struct {
	AcsEntranceID string `json:"acs_entrance_id" v:"required,uuid"`
}

// AcsEntrancesListParams are the parameters of /acs/entrances/list.
type AcsEntrancesListParams struct {
	AcsSystemID        string   `json:"acs_system_id,omitempty" v:"uuid"`
	AcsCredentialID    string   `json:"acs_credential_id,omitempty" v:"uuid"`
	ConnectedAccountID string   `json:"connected_account_id,omitempty" v:"uuid"`
	AcsEntranceIDs     []string `json:"acs_entrance_ids,omitempty" v:"uuid"`
	Search             string   `json:"search,omitempty" v:"min=1"`
	Limit              int      `json:"limit,omitempty" v:"min=1"`
	PageCursor         *string  `json:"page_cursor,omitempty"`
}

// AcsEntrancesGrantAccessParams are the parameters of
// /acs/entrances/grant_access: the entrance and the user, by id or by user
// identity.
type AcsEntrancesGrantAccessParams struct {
	AcsEntranceID  string `json:"acs_entrance_id" v:"required,uuid"`
	AcsUserID      string `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID string `json:"user_identity_id,omitempty" v:"uuid"`
}

// AcsEntrancesListCredentialsWithAccessParams are the parameters of
// /acs/entrances/list_credentials_with_access.
type AcsEntrancesListCredentialsWithAccessParams struct {
	AcsEntranceID string   `json:"acs_entrance_id" v:"required,uuid"`
	IncludeIf     []string `json:"include_if,omitempty" v:"enum=visionline_metadata.is_valid"`
}

// AcsEntrancesUnlockParams are the parameters of /acs/entrances/unlock: the
// entrance, and the cloud_key credential that opens it.
type AcsEntrancesUnlockParams struct {
	AcsEntranceID   string `json:"acs_entrance_id" v:"required,uuid"`
	AcsCredentialID string `json:"acs_credential_id" v:"required,uuid"`
}
