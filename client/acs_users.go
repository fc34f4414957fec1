package client

import "time"

// AcsUser is a user of an access control system: a person who holds
// credentials that open entrances.
type AcsUser struct {
	AcsUserID                string            `json:"acs_user_id" v:"uuid"`
	AcsSystemID              string            `json:"acs_system_id" v:"uuid"`
	WorkspaceID              string            `json:"workspace_id" v:"uuid"`
	ConnectedAccountID       string            `json:"connected_account_id" v:"uuid"`
	CreatedAt                Time              `json:"created_at"`
	DisplayName              string            `json:"display_name"`
	FullName                 string            `json:"full_name,omitempty"`
	EmailAddress             string            `json:"email_address,omitempty" v:"email"`
	Email                    string            `json:"email,omitempty" v:"email"`
	PhoneNumber              string            `json:"phone_number,omitempty"`
	UserIdentityID           string            `json:"user_identity_id,omitempty"`
	UserIdentityFullName     *string           `json:"user_identity_full_name,omitempty"`
	UserIdentityEmailAddress *string           `json:"user_identity_email_address,omitempty"`
	UserIdentityPhoneNumber  *string           `json:"user_identity_phone_number,omitempty"`
	IsSuspended              bool              `json:"is_suspended"`
	AccessSchedule           *AccessSchedule   `json:"access_schedule,omitempty"`
	ExternalType             string            `json:"external_type,omitempty"`
	ExternalTypeDisplayName  string            `json:"external_type_display_name,omitempty"`
	IsManaged                bool              `json:"is_managed" v:"const=true"`
	LastSuccessfulSyncAt     *Time             `json:"last_successful_sync_at"`
	PendingMutations         []PendingMutation `json:"pending_mutations"`
	Errors                   []AcsError        `json:"errors"`
	Warnings                 []AcsWarning      `json:"warnings"`
}

// AccessSchedule bounds when a user's access is valid.
type AccessSchedule struct {
	StartsAt Time  `json:"starts_at"`
	EndsAt   *Time `json:"ends_at"`
}

// AccessScheduleParams sets an access schedule in a request.
type AccessScheduleParams struct {
	StartsAt *time.Time `json:"starts_at,omitempty"`
	EndsAt   *time.Time `json:"ends_at,omitempty"`
}

// AcsError is an error on an ACS object, e.g. failed_to_delete_on_acs_system.
type AcsError struct {
	CreatedAt Time   `json:"created_at"`
	Message   string `json:"message"`
	ErrorCode string `json:"error_code"`
}

// AcsWarning is a warning on an ACS object, e.g. being_deleted.
type AcsWarning struct {
	CreatedAt   Time   `json:"created_at"`
	Message     string `json:"message"`
	WarningCode string `json:"warning_code"`
}

// PendingMutation is a change lintel is still pushing to the access system.
type PendingMutation struct {
	CreatedAt    Time   `json:"created_at"`
	Message      string `json:"message"`
	MutationCode string `json:"mutation_code"`
}

// AcsUsersCreateParams are the parameters of /acs/users/create.
type AcsUsersCreateParams struct {
	AcsSystemID       string                `json:"acs_system_id" v:"required,uuid"`
	FullName          string                `json:"full_name" v:"required,nonempty"`
	AcsAccessGroupIDs []string              `json:"acs_access_group_ids,omitempty" v:"uuid"`
	UserIdentityID    string                `json:"user_identity_id,omitempty" v:"uuid"`
	AccessSchedule    *AccessScheduleParams `json:"access_schedule,omitempty"`
	EmailAddress      string                `json:"email_address,omitempty" v:"email"`
	Email             string                `json:"email,omitempty" v:"email"`
	PhoneNumber       string                `json:"phone_number,omitempty" v:"phone,max=64"`
}

// AcsUsersGetParams are the parameters of /acs/users/get: the user's id, or
// its user identity together with its access system.
type AcsUsersGetParams struct {
	AcsUserID      string `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID string `json:"user_identity_id,omitempty" v:"uuid"`
	AcsSystemID    string `json:"acs_system_id,omitempty" v:"uuid"`
}

// AcsUsersListParams are the parameters of /acs/users/list.
type AcsUsersListParams struct {
	AcsSystemID              string           `json:"acs_system_id,omitempty" v:"uuid"`
	UserIdentityID           string           `json:"user_identity_id,omitempty" v:"uuid"`
	UserIdentityEmailAddress Nullable[string] `json:"user_identity_email_address,omitzero"`
	UserIdentityPhoneNumber  Nullable[string] `json:"user_identity_phone_number,omitzero"`
	Search                   string           `json:"search,omitempty" v:"max=1000"`
	CreatedBefore            *time.Time       `json:"created_before,omitempty"`
	Limit                    int              `json:"limit,omitempty" v:"min=1"`
	PageCursor               *string          `json:"page_cursor,omitempty"`
}

// AcsUsersUpdateParams are the parameters of /acs/users/update. Absent
// fields keep their value.
type AcsUsersUpdateParams struct {
	AcsUserID      string                         `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID string                         `json:"user_identity_id,omitempty" v:"uuid"`
	AcsSystemID    string                         `json:"acs_system_id,omitempty" v:"uuid"`
	HIDAcsSystemID string                         `json:"hid_acs_system_id,omitempty" v:"uuid"`
	FullName       *string                        `json:"full_name,omitempty" v:"nonempty"`
	EmailAddress   *string                        `json:"email_address,omitempty" v:"email"`
	Email          *string                        `json:"email,omitempty" v:"email"`
	PhoneNumber    *string                        `json:"phone_number,omitempty" v:"phone,max=64"`
	AccessSchedule Nullable[AccessScheduleParams] `json:"access_schedule,omitzero"`
}

// AcsUsersDeleteParams are the parameters of /acs/users/delete: the user's
// id, or its user identity together with its access system.
type AcsUsersDeleteParams struct {
	AcsUserID      string `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID string `json:"user_identity_id,omitempty" v:"uuid"`
	AcsSystemID    string `json:"acs_system_id,omitempty" v:"uuid"`
}

// AcsUsersSuspendParams are the parameters of /acs/users/suspend.
type AcsUsersSuspendParams AcsUsersDeleteParams

// AcsUsersUnsuspendParams are the parameters of /acs/users/unsuspend.
type AcsUsersUnsuspendParams AcsUsersDeleteParams

// AcsUsersListAccessibleEntrancesParams are the parameters of
// /acs/users/list_accessible_entrances.
type AcsUsersListAccessibleEntrancesParams AcsUsersDeleteParams

// AcsUsersRevokeAccessToAllEntrancesParams are the parameters of
// /acs/users/revoke_access_to_all_entrances.
type AcsUsersRevokeAccessToAllEntrancesParams AcsUsersDeleteParams

// AcsUsersAddToAccessGroupParams are the parameters of
// /acs/users/add_to_access_group.
type AcsUsersAddToAccessGroupParams struct {
	AcsAccessGroupID string `json:"acs_access_group_id" v:"required,uuid"`
	AcsUserID        string `json:"acs_user_id" v:"required,uuid"`
}

// AcsUsersRemoveFromAccessGroupParams are the parameters of
// /acs/users/remove_from_access_group.
type AcsUsersRemoveFromAccessGroupParams struct {
	AcsAccessGroupID string `json:"acs_access_group_id" v:"required,uuid"`
	AcsUserID        string `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID   string `json:"user_identity_id,omitempty" v:"uuid"`
}
