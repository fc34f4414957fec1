package client

// AcsAccessGroup is a group of access system users who may open the same
// entrances.
type AcsAccessGroup struct {
	AcsAccessGroupID           string            `json:"acs_access_group_id" v:"uuid"`
	AcsSystemID                string            `json:"acs_system_id" v:"uuid"`
	WorkspaceID                string            `json:"workspace_id" v:"uuid"`
	ConnectedAccountID         string            `json:"connected_account_id" v:"uuid"`
	Name                       string            `json:"name"`
	DisplayName                string            `json:"display_name"`
	AccessGroupType            string            `json:"access_group_type"`
	AccessGroupTypeDisplayName string            `json:"access_group_type_display_name"`
	ExternalType               string            `json:"external_type"`
	ExternalTypeDisplayName    string            `json:"external_type_display_name"`
	AccessSchedule             *AccessSchedule   `json:"access_schedule,omitempty"`
	CreatedAt                  Time              `json:"created_at"`
	IsManaged                  bool              `json:"is_managed" v:"const=true"`
	PendingMutations           []PendingMutation `json:"pending_mutations"`
	Errors                     []AcsError        `json:"errors"`
	Warnings                   []AcsWarning      `json:"warnings"`
}

// AcsAccessGroupsGetParams are the parameters of /acs/access_groups/get.
type AcsAccessGroupsGetParams struct {
	AcsAccessGroupID string `json:"acs_access_group_id" v:"required,uuid"`
}

// AcsAccessGroupsListParams are the parameters of /acs/access_groups/list.
type AcsAccessGroupsListParams struct {
	AcsSystemID    string `json:"acs_system_id,omitempty" v:"uuid"`
	AcsUserID      string `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID string `json:"user_identity_id,omitempty" v:"uuid"`
	Search         string `json:"search,omitempty" v:"min=1"`
}

// AcsAccessGroupsAddUserParams are the parameters of
// /acs/access_groups/add_user: the group and the user, by id or by user
// identity.
type AcsAccessGroupsAddUserParams struct {
	AcsAccessGroupID string `json:"acs_access_group_id" v:"required,uuid"`
	AcsUserID        string `json:"acs_user_id,omitempty" v:"uuid"`
	UserIdentityID   string `json:"user_identity_id,omitempty" v:"uuid"`
}

// AcsAccessGroupsRemoveUserParams are the parameters of
// /acs/access_groups/remove_user.
type AcsAccessGroupsRemoveUserParams AcsAccessGroupsAddUserParams

// AcsAccessGroupsListUsersParams are the parameters of
// /acs/access_groups/list_users.
type AcsAccessGroupsListUsersParams AcsAccessGroupsGetParams

// AcsAccessGroupsListAccessibleEntrancesParams are the parameters of
// /acs/access_groups/list_accessible_entrances.
type AcsAccessGroupsListAccessibleEntrancesParams AcsAccessGroupsGetParams

// AcsAccessGroupsDeleteParams are the parameters of
// /acs/access_groups/delete.
type AcsAccessGroupsDeleteParams AcsAccessGroupsGetParams
