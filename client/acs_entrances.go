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
