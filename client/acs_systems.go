package client

// AcsSystem is an access control system: a site, building or organisation
// of one provider, reached through a connected account.
type AcsSystem struct {
	AcsSystemID                         string            `json:"acs_system_id"`
	WorkspaceID                         string            `json:"workspace_id"`
	ConnectedAccountID                  string            `json:"connected_account_id"`
	ConnectedAccountIDs                 []string          `json:"connected_account_ids"`
	Name                                string            `json:"name"`
	CreatedAt                           Time              `json:"created_at"`
	ExternalType                        string            `json:"external_type,omitempty"`
	ExternalTypeDisplayName             string            `json:"external_type_display_name,omitempty"`
	SystemType                          string            `json:"system_type,omitempty"`
	SystemTypeDisplayName               string            `json:"system_type_display_name,omitempty"`
	IsCredentialManager                 bool              `json:"is_credential_manager"`
	Location                            AcsSystemLocation `json:"location"`
	ImageURL                            string            `json:"image_url"`
	ImageAltText                        string            `json:"image_alt_text"`
	AcsUserCount                        int               `json:"acs_user_count"`
	AcsAccessGroupCount                 int               `json:"acs_access_group_count"`
	DefaultCredentialManagerAcsSystemID *string           `json:"default_credential_manager_acs_system_id"`
	Errors                              []AcsError        `json:"errors"`
	Warnings                            []AcsWarning      `json:"warnings"`
}

// AcsSystemLocation is where an access system is.
type AcsSystemLocation struct {
	TimeZone *string `json:"time_zone"`
}

// AcsSystemsGetParams are the parameters of /acs/systems/get.
type AcsSystemsGetParams struct {
	AcsSystemID string `json:"acs_system_id" v:"required,uuid"`
}

// AcsSystemsListParams are the parameters of /acs/systems/list.
type AcsSystemsListParams struct {
	ConnectedAccountID string `json:"connected_account_id,omitempty" v:"uuid"`
	CustomerKey        string `json:"customer_key,omitempty" v:"nonempty"`
	Search             string `json:"search,omitempty" v:"nonempty"`
}
