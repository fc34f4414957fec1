package client

import "encoding/json"

// AccessGrant says who (a user identity) may enter where (spaces,
// entrances, devices) and when, and which kinds of access were asked for.
// lintel resolves it into access methods.
type AccessGrant struct {
	AccessGrantID          string                  `json:"access_grant_id" v:"uuid"`
	WorkspaceID            string                  `json:"workspace_id" v:"uuid"`
	AccessGrantKey         string                  `json:"access_grant_key,omitempty"`
	UserIdentityID         string                  `json:"user_identity_id" v:"uuid"`
	ReservationKey         string                  `json:"reservation_key,omitempty"`
	Name                   *string                 `json:"name"`
	DisplayName            string                  `json:"display_name"`
	SpaceIDs               []string                `json:"space_ids"`
	LocationIDs            []string                `json:"location_ids"`
	RequestedAccessMethods []RequestedAccessMethod `json:"requested_access_methods"`
	AccessMethodIDs        []string                `json:"access_method_ids"`
	StartsAt               Time                    `json:"starts_at"`
	EndsAt                 *Time                   `json:"ends_at"`
	// DisplayStatus is pending before starts_at, granted while the grant
	// gives access, ended after ends_at.
	DisplayStatus    string                `json:"display_status"`
	CreatedAt        Time                  `json:"created_at"`
	Errors           []AccessGrantIssue    `json:"errors"`
	Warnings         []AccessGrantIssue    `json:"warnings"`
	PendingMutations []AccessGrantMutation `json:"pending_mutations"`
}

// RequestedAccessMethod is one kind of access a grant asked for, with the
// methods it became.
type RequestedAccessMethod struct {
	Mode                   string   `json:"mode"`
	DisplayName            string   `json:"display_name"`
	Code                   string   `json:"code,omitempty"`
	CreatedAt              Time     `json:"created_at"`
	CreatedAccessMethodIDs []string `json:"created_access_method_ids"`
}

// AccessGrantIssue is an error or a warning of a grant: error_code or
// warning_code, a message and what it is about.
type AccessGrantIssue struct {
	ErrorCode        string   `json:"error_code,omitempty"`
	WarningCode      string   `json:"warning_code,omitempty"`
	Message          string   `json:"message"`
	CreatedAt        Time     `json:"created_at"`
	DeviceID         string   `json:"device_id,omitempty" v:"uuid"`
	MissingDeviceIDs []string `json:"missing_device_ids,omitempty"`
	OriginalCode     string   `json:"original_code,omitempty"`
	NewCode          string   `json:"new_code,omitempty"`
}

// AccessGrantMutation is a change of a grant under way.
type AccessGrantMutation struct {
	MutationCode string `json:"mutation_code"`
	Message      string `json:"message"`
	CreatedAt    Time   `json:"created_at"`
}

// AccessGrantUserIdentity is a new user identity given inline to
// /access_grants/create.
type AccessGrantUserIdentity struct {
	UserIdentityKey *string `json:"user_identity_key,omitempty" v:"min=1"`
	EmailAddress    *string `json:"email_address,omitempty" v:"email"`
	PhoneNumber     *string `json:"phone_number,omitempty" v:"max=64"`
	FullName        *string `json:"full_name,omitempty" v:"min=1"`
}

// AccessGrantsCreateParams are the parameters of /access_grants/create:
// who (UserIdentityID, or a new UserIdentity), where, when and which
// access methods. RequestedAccessMethods is a JSON array of
// {"mode": "code"|"card"|"mobile_key"|"cloud_key", "code"?: "1234"}.
type AccessGrantsCreateParams struct {
	UserIdentityID         string                   `json:"user_identity_id,omitempty" v:"uuid"`
	UserIdentity           *AccessGrantUserIdentity `json:"user_identity,omitempty"`
	AccessGrantKey         string                   `json:"access_grant_key,omitempty" v:"nonempty"`
	Name                   *string                  `json:"name,omitempty"`
	ReservationKey         string                   `json:"reservation_key,omitempty" v:"nonempty"`
	SpaceIDs               []string                 `json:"space_ids,omitempty" v:"uuid"`
	SpaceKeys              []string                 `json:"space_keys,omitempty"`
	LocationIDs            []string                 `json:"location_ids,omitempty" v:"uuid"`
	AcsEntranceIDs         []string                 `json:"acs_entrance_ids,omitempty" v:"uuid"`
	DeviceIDs              []string                 `json:"device_ids,omitempty" v:"uuid"`
	StartsAt               string                   `json:"starts_at,omitempty" v:"datetime"`
	EndsAt                 *string                  `json:"ends_at,omitempty" v:"datetime"`
	RequestedAccessMethods json.RawMessage          `json:"requested_access_methods" v:"required"`
	CustomizationProfileID string                   `json:"customization_profile_id,omitempty" v:"uuid"`
}

// AccessGrantsGetParams are the parameters of /access_grants/get: the
// grant by id or by key.
type AccessGrantsGetParams struct {
	AccessGrantID  string `json:"access_grant_id,omitempty" v:"uuid"`
	AccessGrantKey string `json:"access_grant_key,omitempty" v:"nonempty"`
}

// AccessGrantsListParams are the parameters of /access_grants/list.
// access_grant_key= (null) keeps the grants without a key.
type AccessGrantsListParams struct {
	AccessGrantIDs []string         `json:"access_grant_ids,omitempty" v:"uuid"`
	AccessGrantKey Nullable[string] `json:"access_grant_key,omitzero"`
	UserIdentityID string           `json:"user_identity_id,omitempty" v:"uuid"`
	AcsSystemID    string           `json:"acs_system_id,omitempty" v:"uuid"`
	AcsEntranceID  string           `json:"acs_entrance_id,omitempty" v:"uuid"`
	DeviceID       string           `json:"device_id,omitempty" v:"uuid"`
	SpaceID        string           `json:"space_id,omitempty" v:"uuid"`
	LocationID     string           `json:"location_id,omitempty" v:"uuid"`
	AccessCodeID   string           `json:"access_code_id,omitempty" v:"uuid"`
	ReservationKey string           `json:"reservation_key,omitempty" v:"nonempty"`
	CustomerKey    string           `json:"customer_key,omitempty" v:"nonempty"`
	Limit          *float64         `json:"limit,omitempty" v:"min=1"`
	PageCursor     *string          `json:"page_cursor,omitempty"`
}

// AccessGrantsDeleteParams are the parameters of /access_grants/delete.
type AccessGrantsDeleteParams struct {
	AccessGrantID string `json:"access_grant_id" v:"required,uuid"`
}

// AccessMethod is one way the holder of a grant gets in: a PIN code, a
// card, a mobile key or a cloud key.
type AccessMethod struct {
	AccessMethodID     string                 `json:"access_method_id" v:"uuid"`
	WorkspaceID        string                 `json:"workspace_id" v:"uuid"`
	Mode               string                 `json:"mode"`
	DisplayName        string                 `json:"display_name"`
	Code               *string                `json:"code"`
	IsIssued           bool                   `json:"is_issued"`
	IssuedAt           *Time                  `json:"issued_at"`
	IsEncodingRequired bool                   `json:"is_encoding_required"`
	IsReadyForEncoding bool                   `json:"is_ready_for_encoding"`
	DisplayStatus      string                 `json:"display_status"`
	CreatedAt          Time                   `json:"created_at"`
	Errors             []AccessMethodIssue    `json:"errors"`
	Warnings           []AccessMethodIssue    `json:"warnings"`
	PendingMutations   []AccessMethodMutation `json:"pending_mutations"`
}

// AccessMethodIssue is an error or a warning of an access method.
type AccessMethodIssue struct {
	ErrorCode   string `json:"error_code,omitempty"`
	WarningCode string `json:"warning_code,omitempty"`
	Message     string `json:"message"`
	CreatedAt   Time   `json:"created_at"`
}

// AccessMethodMutation is a change of an access method under way
// (provisioning_access while it is set up, revoking_access while it is
// taken down), with the devices it concerns.
type AccessMethodMutation struct {
	MutationCode string           `json:"mutation_code"`
	Message      string           `json:"message"`
	CreatedAt    Time             `json:"created_at"`
	From         AccessMethodDevs `json:"from"`
	To           AccessMethodDevs `json:"to"`
}

// AccessMethodDevs are the devices of a pending mutation's side.
type AccessMethodDevs struct {
	DeviceIDs []string `json:"device_ids"`
}

// AccessMethodsGetParams are the parameters of /access_methods/get.
type AccessMethodsGetParams struct {
	AccessMethodID string `json:"access_method_id" v:"required,uuid"`
}

// AccessMethodsListParams are the parameters of /access_methods/list: the
// methods of a grant (by id or key) or of an entrance, narrowed by device,
// space or access code.
type AccessMethodsListParams struct {
	AccessGrantID  string   `json:"access_grant_id,omitempty" v:"uuid"`
	AccessGrantKey string   `json:"access_grant_key,omitempty" v:"nonempty"`
	AcsEntranceID  string   `json:"acs_entrance_id,omitempty" v:"uuid"`
	DeviceID       string   `json:"device_id,omitempty" v:"uuid"`
	SpaceID        string   `json:"space_id,omitempty" v:"uuid"`
	AccessCodeID   string   `json:"access_code_id,omitempty" v:"uuid"`
	Limit          *float64 `json:"limit,omitempty" v:"min=1"`
	PageCursor     *string  `json:"page_cursor,omitempty"`
}

// AccessMethodsDeleteParams are the parameters of /access_methods/delete:
// one method, or every method of a grant (by id or reservation key).
type AccessMethodsDeleteParams struct {
	AccessMethodID string `json:"access_method_id,omitempty" v:"uuid"`
	AccessGrantID  string `json:"access_grant_id,omitempty" v:"uuid"`
	ReservationKey string `json:"reservation_key,omitempty" v:"nonempty"`
}

// AccessGrantsUpdateParams are the parameters of /access_grants/update:
// the grant by id or key, and its new times or name. ends_at null makes it
// never end.
type AccessGrantsUpdateParams struct {
	AccessGrantID  string           `json:"access_grant_id,omitempty" v:"uuid"`
	AccessGrantKey string           `json:"access_grant_key,omitempty" v:"nonempty"`
	StartsAt       string           `json:"starts_at,omitempty" v:"datetime"`
	EndsAt         Nullable[string] `json:"ends_at,omitzero" v:"datetime"`
	Name           Nullable[string] `json:"name,omitzero"`
}

// AccessGrantsRequestAccessMethodsParams are the parameters of
// /access_grants/request_access_methods: more access methods for a grant,
// a JSON array as in /access_grants/create.
type AccessGrantsRequestAccessMethodsParams struct {
	AccessGrantID          string          `json:"access_grant_id" v:"required,uuid"`
	RequestedAccessMethods json.RawMessage `json:"requested_access_methods" v:"required"`
}

// AccessGrantsGetRelatedParams are the parameters of
// /access_grants/get_related.
type AccessGrantsGetRelatedParams struct {
	AccessGrantIDs  []string `json:"access_grant_ids,omitempty" v:"uuid"`
	AccessGrantKeys []string `json:"access_grant_keys,omitempty"`
	Include         []string `json:"include,omitempty" v:"enum=spaces|devices|acs_entrances|connected_accounts|acs_systems|user_identities|acs_access_groups|access_methods"`
	Exclude         []string `json:"exclude,omitempty" v:"enum=spaces|devices|acs_entrances|connected_accounts|acs_systems|user_identities|acs_access_groups|access_methods"`
}

// AccessGrantRelated is what /access_grants/get_related answers under
// "batch": what the grants name, what is behind it, who they are for and
// their access methods.
type AccessGrantRelated struct {
	Spaces            []Space            `json:"spaces,omitempty"`
	Devices           []Device           `json:"devices,omitempty"`
	AcsEntrances      []AcsEntrance      `json:"acs_entrances,omitempty"`
	ConnectedAccounts []ConnectedAccount `json:"connected_accounts,omitempty"`
	AcsSystems        []AcsSystem        `json:"acs_systems,omitempty"`
	UserIdentities    []UserIdentity     `json:"user_identities,omitempty"`
	AcsAccessGroups   []AcsAccessGroup   `json:"acs_access_groups,omitempty"`
	AccessMethods     []AccessMethod     `json:"access_methods,omitempty"`
}

// AccessMethodsGetRelatedParams are the parameters of
// /access_methods/get_related.
type AccessMethodsGetRelatedParams struct {
	AccessMethodIDs []string `json:"access_method_ids" v:"required,uuid"`
	Include         []string `json:"include,omitempty" v:"enum=spaces|devices|acs_entrances|access_grants|access_methods|instant_keys|client_sessions|acs_credentials"`
	Exclude         []string `json:"exclude,omitempty" v:"enum=spaces|devices|acs_entrances|access_grants|access_methods|instant_keys|client_sessions|acs_credentials"`
}

// AccessMethodRelated is what /access_methods/get_related answers under
// "batch". ClientSessions and InstantKeys are the live client sessions
// and instant keys of the user identities the methods' grants are for.
type AccessMethodRelated struct {
	AccessMethods  []AccessMethod  `json:"access_methods,omitempty"`
	AccessGrants   []AccessGrant   `json:"access_grants,omitempty"`
	AcsCredentials []AcsCredential `json:"acs_credentials,omitempty"`
	Spaces         []Space         `json:"spaces,omitempty"`
	Devices        []Device        `json:"devices,omitempty"`
	AcsEntrances   []AcsEntrance   `json:"acs_entrances,omitempty"`
	ClientSessions []ClientSession `json:"client_sessions,omitempty"`
	InstantKeys    []InstantKey    `json:"instant_keys,omitempty"`
}

// AccessMethodsUnlockDoorParams are the parameters of
// /access_methods/unlock_door: a cloud key method and an entrance it opens.
type AccessMethodsUnlockDoorParams struct {
	AccessMethodID string `json:"access_method_id" v:"required,uuid"`
	AcsEntranceID  string `json:"acs_entrance_id" v:"required,uuid"`
}

// AccessMethodsAssignCardParams are the parameters of
// /access_methods/assign_card: a card method and the number of the
// physical card it becomes.
type AccessMethodsAssignCardParams struct {
	AccessMethodID string `json:"access_method_id" v:"required,uuid"`
	CardNumber     string `json:"card_number" v:"required,nonempty"`
}

// AccessMethodsEncodeParams are the parameters of /access_methods/encode:
// a card method and the encoder that writes it onto a card.
type AccessMethodsEncodeParams struct {
	AccessMethodID string `json:"access_method_id" v:"required,uuid"`
	AcsEncoderID   string `json:"acs_encoder_id" v:"required,uuid"`
}

// UnmanagedAccessGrant is access on the hardware that lintel did not give:
// the unmanaged access codes found on locks with one PIN and one time
// frame. It names no user identity. Its access methods are the codes.
type UnmanagedAccessGrant struct {
	AccessGrantID          string                  `json:"access_grant_id" v:"uuid"`
	WorkspaceID            string                  `json:"workspace_id" v:"uuid"`
	Name                   *string                 `json:"name"`
	DisplayName            string                  `json:"display_name"`
	SpaceIDs               []string                `json:"space_ids"`
	LocationIDs            []string                `json:"location_ids"`
	RequestedAccessMethods []RequestedAccessMethod `json:"requested_access_methods"`
	AccessMethodIDs        []string                `json:"access_method_ids"`
	StartsAt               Time                    `json:"starts_at"`
	EndsAt                 *Time                   `json:"ends_at"`
	CreatedAt              Time                    `json:"created_at"`
	Errors                 []AccessGrantIssue      `json:"errors"`
	Warnings               []AccessGrantIssue      `json:"warnings"`
	PendingMutations       []AccessGrantMutation   `json:"pending_mutations"`
}

// AccessGrantsUnmanagedGetParams are the parameters of
// /access_grants/unmanaged/get.
type AccessGrantsUnmanagedGetParams struct {
	AccessGrantID string `json:"access_grant_id" v:"required,uuid"`
}

// AccessGrantsUnmanagedListParams are the parameters of
// /access_grants/unmanaged/list. Unmanaged grants have no user identity,
// reservation key, access system or entrance: those filters keep none.
type AccessGrantsUnmanagedListParams struct {
	UserIdentityID string   `json:"user_identity_id,omitempty" v:"uuid"`
	AcsSystemID    string   `json:"acs_system_id,omitempty" v:"uuid"`
	AcsEntranceID  string   `json:"acs_entrance_id,omitempty" v:"uuid"`
	ReservationKey string   `json:"reservation_key,omitempty" v:"nonempty"`
	Limit          *float64 `json:"limit,omitempty" v:"min=1"`
	PageCursor     *string  `json:"page_cursor,omitempty"`
}

// AccessGrantsUnmanagedUpdateParams are the parameters of
// /access_grants/unmanaged/update: is_managed true converts the grant, its
// methods and their codes to managed ones, with access_grant_key if given.
type AccessGrantsUnmanagedUpdateParams struct {
	AccessGrantID  string `json:"access_grant_id" v:"required,uuid"`
	IsManaged      *bool  `json:"is_managed" v:"required"`
	AccessGrantKey string `json:"access_grant_key,omitempty" v:"nonempty"`
}

// AccessMethodsUnmanagedGetParams are the parameters of
// /access_methods/unmanaged/get.
type AccessMethodsUnmanagedGetParams struct {
	AccessMethodID string `json:"access_method_id" v:"required,uuid"`
}

// AccessMethodsUnmanagedListParams are the parameters of
// /access_methods/unmanaged/list: the methods of an unmanaged grant,
// narrowed by device, entrance or space.
type AccessMethodsUnmanagedListParams struct {
	AccessGrantID string `json:"access_grant_id" v:"required,uuid"`
	DeviceID      string `json:"device_id,omitempty" v:"uuid"`
	AcsEntranceID string `json:"acs_entrance_id,omitempty" v:"uuid"`
	SpaceID       string `json:"space_id,omitempty" v:"uuid"`
}
