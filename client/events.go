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
	EventDescription   string `json:"event_description,omitempty"`
}
