package client

// Space groups entrances and devices: a room, a unit, a floor. It may also
// name connected accounts.
type Space struct {
	SpaceID          string         `json:"space_id" v:"uuid"`
	WorkspaceID      string         `json:"workspace_id" v:"uuid"`
	SpaceKey         string         `json:"space_key,omitempty"`
	Name             string         `json:"name"`
	DisplayName      string         `json:"display_name"`
	ParentSpaceID    string         `json:"parent_space_id,omitempty" v:"uuid"`
	ParentSpaceKey   string         `json:"parent_space_key,omitempty"`
	CustomerKey      string         `json:"customer_key,omitempty"`
	CustomerData     map[string]any `json:"customer_data,omitempty"`
	DeviceCount      int            `json:"device_count"`
	AcsEntranceCount int            `json:"acs_entrance_count"`
	CreatedAt        Time           `json:"created_at"`
}

// SpacesCreateParams are the parameters of /spaces/create. The devices,
// entrances and connected accounts given are added to the new space.
type SpacesCreateParams struct {
	Name                string         `json:"name" v:"required,nonempty"`
	SpaceKey            string         `json:"space_key,omitempty" v:"nonempty"`
	CustomerKey         string         `json:"customer_key,omitempty" v:"nonempty"`
	CustomerData        map[string]any `json:"customer_data,omitempty"`
	DeviceIDs           []string       `json:"device_ids,omitempty" v:"uuid"`
	AcsEntranceIDs      []string       `json:"acs_entrance_ids,omitempty" v:"uuid"`
	ConnectedAccountIDs []string       `json:"connected_account_ids,omitempty" v:"uuid"`
}

// SpacesGetParams are the parameters of /spaces/get: the space by id or by
// key.
type SpacesGetParams struct {
	SpaceID  string `json:"space_id,omitempty" v:"uuid"`
	SpaceKey string `json:"space_key,omitempty" v:"nonempty"`
}

// SpacesListParams are the parameters of /spaces/list.
type SpacesListParams struct {
	ConnectedAccountID string   `json:"connected_account_id,omitempty" v:"uuid"`
	CustomerKey        string   `json:"customer_key,omitempty" v:"nonempty"`
	SpaceKey           string   `json:"space_key,omitempty" v:"nonempty"`
	ParentSpaceID      string   `json:"parent_space_id,omitempty" v:"uuid"`
	ParentSpaceKey     string   `json:"parent_space_key,omitempty" v:"nonempty"`
	Search             string   `json:"search,omitempty" v:"nonempty"`
	Limit              *float64 `json:"limit,omitempty" v:"min=1"`
	PageCursor         *string  `json:"page_cursor,omitempty"`
}

// SpacesUpdateParams are the parameters of /spaces/update: the space by id
// or by key, and what changes. DeviceIDs and AcsEntranceIDs, when given,
// replace the space's devices and entrances.
type SpacesUpdateParams struct {
	SpaceID        string             `json:"space_id,omitempty" v:"uuid"`
	SpaceKey       string             `json:"space_key,omitempty" v:"nonempty"`
	Name           string             `json:"name,omitempty" v:"nonempty"`
	ParentSpaceID  Nullable[string]   `json:"parent_space_id,omitzero" v:"uuid"`
	ParentSpaceKey string             `json:"parent_space_key,omitempty" v:"nonempty"`
	CustomerData   map[string]any     `json:"customer_data,omitempty"`
	DeviceIDs      Nullable[[]string] `json:"device_ids,omitzero" v:"uuid"`
	AcsEntranceIDs Nullable[[]string] `json:"acs_entrance_ids,omitzero" v:"uuid"`
}

// SpacesDeleteParams are the parameters of /spaces/delete.
type SpacesDeleteParams struct {
	SpaceID string `json:"space_id" v:"required,uuid"`
}

// SpacesGetRelatedParams are the parameters of /spaces/get_related: the
// spaces, by id or key, and which kinds of related objects to include or
// exclude (default: all).
type SpacesGetRelatedParams struct {
	SpaceIDs  []string `json:"space_ids,omitempty" v:"uuid"`
	SpaceKeys []string `json:"space_keys,omitempty"`
	Include   []string `json:"include,omitempty" v:"enum=spaces|devices|acs_entrances|connected_accounts|acs_systems|access_methods"`
	Exclude   []string `json:"exclude,omitempty" v:"enum=spaces|devices|acs_entrances|connected_accounts|acs_systems|access_methods"`
}

// SpaceRelated is what /spaces/get_related answers under "batch".
type SpaceRelated struct {
	Spaces            []Space            `json:"spaces,omitempty"`
	Devices           []Device           `json:"devices,omitempty"`
	AcsEntrances      []AcsEntrance      `json:"acs_entrances,omitempty"`
	ConnectedAccounts []ConnectedAccount `json:"connected_accounts,omitempty"`
	AcsSystems        []AcsSystem        `json:"acs_systems,omitempty"`
}

// SpacesAddAcsEntrancesParams are the parameters of /spaces/add_acs_entrances
// and /spaces/remove_acs_entrances.
type SpacesAddAcsEntrancesParams struct {
	SpaceID        string   `json:"space_id" v:"required,uuid"`
	AcsEntranceIDs []string `json:"acs_entrance_ids" v:"required,nonempty,uuid"`
}

// SpacesAddDevicesParams are the parameters of /spaces/add_devices and
// /spaces/remove_devices.
type SpacesAddDevicesParams struct {
	SpaceID   string   `json:"space_id" v:"required,uuid"`
	DeviceIDs []string `json:"device_ids" v:"required,nonempty,uuid"`
}

// SpacesAddConnectedAccountParams are the parameters of
// /spaces/add_connected_account and /spaces/remove_connected_account.
type SpacesAddConnectedAccountParams struct {
	SpaceID            string `json:"space_id" v:"required,uuid"`
	ConnectedAccountID string `json:"connected_account_id" v:"required,uuid"`
}
