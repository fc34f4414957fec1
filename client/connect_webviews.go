package client

// ConnectWebview is a page through which an integrator's user connects an
// account at a provider: open URL, pick a brand, sign in. Once signed in,
// Status is "authorized" and ConnectedAccountID names the account.
type ConnectWebview struct {
	ConnectWebviewID   string  `json:"connect_webview_id"`
	WorkspaceID        string  `json:"workspace_id"`
	CreatedAt          Time    `json:"created_at"`
	ConnectedAccountID *string `json:"connected_account_id"`
	// URL is the page to open; it carries the webview's auth token.
	URL                           string         `json:"url"`
	DeviceSelectionMode           string         `json:"device_selection_mode"`
	AcceptedProviders             []string       `json:"accepted_providers"`
	AcceptedCapabilities          []string       `json:"accepted_capabilities"`
	AcceptedDevices               []string       `json:"accepted_devices"`
	AnyDeviceAllowed              bool           `json:"any_device_allowed"`
	AnyProviderAllowed            bool           `json:"any_provider_allowed"`
	LoginSuccessful               bool           `json:"login_successful"`
	Status                        string         `json:"status"`
	CustomRedirectURL             *string        `json:"custom_redirect_url"`
	CustomRedirectFailureURL      *string        `json:"custom_redirect_failure_url"`
	CustomMetadata                map[string]any `json:"custom_metadata"`
	AutomaticallyManageNewDevices bool           `json:"automatically_manage_new_devices"`
	WaitForDeviceCreation         bool           `json:"wait_for_device_creation"`
	AuthorizedAt                  *Time          `json:"authorized_at"`
	SelectedProvider              *string        `json:"selected_provider"`
}

// ConnectWebviewsCreateParams are the parameters of /connect_webviews/create.
// AcceptedProviders and ProviderCategory choose the brands the page offers
// (neither: every sandbox provider); CustomMetadata is carried onto the
// connected account.
type ConnectWebviewsCreateParams struct {
	AcceptedProviders             []string       `json:"accepted_providers,omitempty" v:"nonempty"`
	ProviderCategory              string         `json:"provider_category,omitempty" v:"enum=stable|consumer_smartlocks|beta|thermostats|noise_sensors|access_control_systems|cameras|connectors|internal_beta"`
	AcceptedCapabilities          []string       `json:"accepted_capabilities,omitempty" v:"enum=lock|thermostat|noise_sensor|access_control|camera"`
	CustomRedirectURL             string         `json:"custom_redirect_url,omitempty" v:"max=2048"`
	CustomRedirectFailureURL      string         `json:"custom_redirect_failure_url,omitempty" v:"max=2048"`
	CustomMetadata                map[string]any `json:"custom_metadata,omitempty"`
	AutomaticallyManageNewDevices *bool          `json:"automatically_manage_new_devices,omitempty"`
	WaitForDeviceCreation         *bool          `json:"wait_for_device_creation,omitempty"`
	DeviceSelectionMode           string         `json:"device_selection_mode,omitempty" v:"enum=none|single|multiple"`
	ExcludedProviders             []string       `json:"excluded_providers,omitempty" v:"nonempty"`
	CustomerKey                   string         `json:"customer_key,omitempty" v:"nonempty"`
}

// ConnectWebviewsGetParams are the parameters of /connect_webviews/get.
type ConnectWebviewsGetParams struct {
	ConnectWebviewID string `json:"connect_webview_id" v:"required,uuid"`
}

// ConnectWebviewsListParams are the parameters of /connect_webviews/list.
type ConnectWebviewsListParams struct {
	UserIdentifierKey string `json:"user_identifier_key,omitempty" v:"nonempty"`
	// CustomMetadataHas keeps webviews whose custom metadata holds every
	// pair; null matches a key that is unset, "" is ignored.
	CustomMetadataHas map[string]any `json:"custom_metadata_has,omitempty"`
	Search            string         `json:"search,omitempty" v:"nonempty"`
	CustomerKey       string         `json:"customer_key,omitempty" v:"nonempty"`
	Limit             int            `json:"limit,omitempty" v:"min=1"`
	PageCursor        *string        `json:"page_cursor,omitempty"`
}

// ConnectWebviewsDeleteParams are the parameters of /connect_webviews/delete.
type ConnectWebviewsDeleteParams struct {
	ConnectWebviewID string `json:"connect_webview_id" v:"required,uuid"`
}
