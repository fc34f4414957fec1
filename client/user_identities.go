package client

import "time"

// UserIdentity is a person known to the workspace, linking the users that
// person has on several access systems.
type UserIdentity struct {
	UserIdentityID         string              `json:"user_identity_id"`
	UserIdentityKey        *string             `json:"user_identity_key"`
	EmailAddress           *string             `json:"email_address"`
	PhoneNumber            *string             `json:"phone_number"`
	DisplayName            string              `json:"display_name"`
	FullName               *string             `json:"full_name"`
	MergedUserIdentityIDs  []string            `json:"merged_user_identity_ids"`
	MergedUserIdentityKeys []string            `json:"merged_user_identity_keys"`
	AcsUserIDs             []string            `json:"acs_user_ids"`
	CreatedAt              Time                `json:"created_at"`
	WorkspaceID            string              `json:"workspace_id"`
	Errors                 []UserIdentityError `json:"errors"`
	Warnings               []AcsWarning        `json:"warnings"`
}

// UserIdentityError is a problem with one of the identity's users.
type UserIdentityError struct {
	CreatedAt   Time   `json:"created_at"`
	Message     string `json:"message"`
	ErrorCode   string `json:"error_code"`
	AcsUserID   string `json:"acs_user_id"`
	AcsSystemID string `json:"acs_system_id"`
}

// UserIdentitiesCreateParams are the parameters of /user_identities/create.
type UserIdentitiesCreateParams struct {
	UserIdentityKey *string  `json:"user_identity_key,omitempty" v:"nonempty"`
	EmailAddress    *string  `json:"email_address,omitempty" v:"email"`
	PhoneNumber     *string  `json:"phone_number,omitempty" v:"phone,max=64"`
	FullName        *string  `json:"full_name,omitempty" v:"nonempty"`
	AcsSystemIDs    []string `json:"acs_system_ids,omitempty" v:"uuid"`
}

// UserIdentitiesGetParams are the parameters of /user_identities/get: the
// identity's id or its key.
type UserIdentitiesGetParams struct {
	UserIdentityID  string `json:"user_identity_id,omitempty" v:"uuid"`
	UserIdentityKey string `json:"user_identity_key,omitempty" v:"nonempty"`
}

// UserIdentitiesListParams are the parameters of /user_identities/list.
type UserIdentitiesListParams struct {
	Search                       string     `json:"search,omitempty" v:"nonempty"`
	CreatedBefore                *time.Time `json:"created_before,omitempty"`
	CredentialManagerAcsSystemID string     `json:"credential_manager_acs_system_id,omitempty" v:"uuid"`
	UserIdentityIDs              []string   `json:"user_identity_ids,omitempty" v:"uuid"`
	Limit                        int        `json:"limit,omitempty" v:"min=1"`
	PageCursor                   *string    `json:"page_cursor,omitempty"`
}

// UserIdentitiesUpdateParams are the parameters of /user_identities/update.
// Absent fields keep their value; null clears it.
type UserIdentitiesUpdateParams struct {
	UserIdentityID  string           `json:"user_identity_id" v:"required,uuid"`
	UserIdentityKey Nullable[string] `json:"user_identity_key,omitzero" v:"nonempty"`
	EmailAddress    Nullable[string] `json:"email_address,omitzero" v:"email"`
	PhoneNumber     Nullable[string] `json:"phone_number,omitzero" v:"phone,max=64"`
	FullName        Nullable[string] `json:"full_name,omitzero" v:"nonempty"`
}

// UserIdentitiesDeleteParams are the parameters of /user_identities/delete.
type UserIdentitiesDeleteParams struct {
	UserIdentityID string `json:"user_identity_id" v:"required,uuid"`
}

// UserIdentitiesAddAcsUserParams are the parameters of
// /user_identities/add_acs_user: the user, and the identity by id or key.
type UserIdentitiesAddAcsUserParams struct {
	AcsUserID       string `json:"acs_user_id" v:"required,uuid"`
	UserIdentityID  string `json:"user_identity_id,omitempty" v:"uuid"`
	UserIdentityKey string `json:"user_identity_key,omitempty" v:"nonempty"`
}

// UserIdentitiesRemoveAcsUserParams are the parameters of
// /user_identities/remove_acs_user.
type UserIdentitiesRemoveAcsUserParams struct {
	AcsUserID      string `json:"acs_user_id" v:"required,uuid"`
	UserIdentityID string `json:"user_identity_id" v:"required,uuid"`
}

// UserIdentitiesListAcsUsersParams are the parameters of
// /user_identities/list_acs_users.
type UserIdentitiesListAcsUsersParams struct {
	UserIdentityID string `json:"user_identity_id" v:"required,uuid"`
}

// UserIdentitiesListAcsSystemsParams are the parameters of
// /user_identities/list_acs_systems.
type UserIdentitiesListAcsSystemsParams UserIdentitiesListAcsUsersParams

// UserIdentitiesListAccessibleEntrancesParams are the parameters of
// /user_identities/list_accessible_entrances.
type UserIdentitiesListAccessibleEntrancesParams UserIdentitiesListAcsUsersParams

// UserIdentitiesGrantAccessToDeviceParams are the parameters of
// /user_identities/grant_access_to_device.
type UserIdentitiesGrantAccessToDeviceParams struct {
	UserIdentityID string `json:"user_identity_id" v:"required,uuid"`
	DeviceID       string `json:"device_id" v:"required,uuid"`
}

// UserIdentitiesRevokeAccessToDeviceParams are the parameters of
// /user_identities/revoke_access_to_device.
type UserIdentitiesRevokeAccessToDeviceParams UserIdentitiesGrantAccessToDeviceParams

// UserIdentitiesListAccessibleDevicesParams are the parameters of
// /user_identities/list_accessible_devices.
type UserIdentitiesListAccessibleDevicesParams UserIdentitiesListAcsUsersParams
