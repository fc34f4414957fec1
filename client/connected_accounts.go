package client

// ConnectedAccount is an account at an access-control provider through
// which a workspace reaches its access systems.
type ConnectedAccount struct {
	ConnectedAccountID            string         `json:"connected_account_id"`
	WorkspaceID                   string         `json:"workspace_id,omitempty"`
	CreatedAt                     Time           `json:"created_at"`
	AccountType                   string         `json:"account_type"`
	AccountTypeDisplayName        string         `json:"account_type_display_name"`
	DisplayName                   string         `json:"display_name"`
	CustomMetadata                map[string]any `json:"custom_metadata"`
	AutomaticallyManageNewDevices bool           `json:"automatically_manage_new_devices"`
	AcceptedCapabilities          []string       `json:"accepted_capabilities"`
	Errors                        []AcsError     `json:"errors"`
	Warnings                      []AcsWarning   `json:"warnings"`
	// UserIdentifier says who the account was signed in as, when known.
	UserIdentifier *UserIdentifier `json:"user_identifier,omitempty"`
}

// UserIdentifier is the login of a connected account.
type UserIdentifier struct {
	Email string `json:"email,omitempty"`
}

// ConnectedAccountsGetParams are the parameters of /connected_accounts/get:
// the account's id, or the email address it was connected with.
type ConnectedAccountsGetParams struct {
	ConnectedAccountID string `json:"connected_account_id,omitempty" v:"uuid"`
	Email              string `json:"email,omitempty" v:"email"`
}

// ConnectedAccountsUpdateParams are the parameters of
// /connected_accounts/update. Absent fields keep their value; custom
// metadata, when given, replaces the whole object.
type ConnectedAccountsUpdateParams struct {
	ConnectedAccountID            string         `json:"connected_account_id" v:"required,uuid"`
	DisplayName                   *string        `json:"display_name,omitempty" v:"nonempty,max=255"`
	CustomMetadata                map[string]any `json:"custom_metadata,omitempty"`
	AutomaticallyManageNewDevices *bool          `json:"automatically_manage_new_devices,omitempty"`
	AcceptedCapabilities          []string       `json:"accepted_capabilities,omitempty" v:"enum=lock|thermostat|noise_sensor|access_control"`
	CustomerKey                   string         `json:"customer_key,omitempty" v:"nonempty"`
}

// ConnectedAccountsSyncParams are the parameters of /connected_accounts/sync.
type ConnectedAccountsSyncParams struct {
	ConnectedAccountID string `json:"connected_account_id" v:"required,uuid"`
}

// ConnectedAccountsDeleteParams are the parameters of
// /connected_accounts/delete. Sync is accepted and ignored (Seam uses it
// internally): the deletion is done when the call returns.
type ConnectedAccountsDeleteParams struct {
	ConnectedAccountID string `json:"connected_account_id" v:"required,uuid"`
	Sync               bool   `json:"sync,omitempty"`
}

// ConnectedAccountsSimulateDisconnectParams are the parameters of
// /connected_accounts/simulate/disconnect.
type ConnectedAccountsSimulateDisconnectParams struct {
	ConnectedAccountID string `json:"connected_account_id" v:"required,uuid"`
}

// ConnectedAccountsListParams are the parameters of /connected_accounts/list.
type ConnectedAccountsListParams struct {
	Search            string  `json:"search,omitempty" v:"nonempty"`
	UserIdentifierKey string  `json:"user_identifier_key,omitempty" v:"nonempty"`
	CustomerKey       string  `json:"customer_key,omitempty" v:"nonempty"`
	SpaceID           string  `json:"space_id,omitempty" v:"uuid"`
	Limit             int     `json:"limit,omitempty" v:"min=1"`
	PageCursor        *string `json:"page_cursor,omitempty"`
}
