package client

import "time"

// ClientSession is a scoped token for an end user's app: it sees only the
// objects of its user identities.
type ClientSession struct {
	ClientSessionID     string   `json:"client_session_id"`
	WorkspaceID         string   `json:"workspace_id"`
	CreatedAt           Time     `json:"created_at"`
	ExpiresAt           Time     `json:"expires_at"`
	Token               string   `json:"token"`
	UserIdentifierKey   *string  `json:"user_identifier_key"`
	DeviceCount         int      `json:"device_count"`
	ConnectedAccountIDs []string `json:"connected_account_ids"`
	ConnectWebviewIDs   []string `json:"connect_webview_ids"`
	UserIdentityID      string   `json:"user_identity_id,omitempty"`
	UserIdentityIDs     []string `json:"user_identity_ids"`
}

// ClientSessionsCreateParams are the parameters of /client_sessions/create.
type ClientSessionsCreateParams struct {
	UserIdentifierKey   string     `json:"user_identifier_key,omitempty" v:"nonempty"`
	UserIdentityID      string     `json:"user_identity_id,omitempty" v:"uuid"`
	UserIdentityIDs     []string   `json:"user_identity_ids,omitempty" v:"uuid,min=1,max=1"`
	ConnectedAccountIDs []string   `json:"connected_account_ids,omitempty"`
	ConnectWebviewIDs   []string   `json:"connect_webview_ids,omitempty"`
	ExpiresAt           *time.Time `json:"expires_at,omitempty"`
}

// ClientSessionsGetOrCreateParams are the parameters of
// /client_sessions/get_or_create.
type ClientSessionsGetOrCreateParams ClientSessionsCreateParams

// ClientSessionsGetParams are the parameters of /client_sessions/get: the
// session's id or its user identifier key; a client session may omit both
// to get itself.
type ClientSessionsGetParams struct {
	ClientSessionID   string `json:"client_session_id,omitempty" v:"uuid"`
	UserIdentifierKey string `json:"user_identifier_key,omitempty" v:"nonempty"`
}

// ClientSessionsListParams are the parameters of /client_sessions/list.
type ClientSessionsListParams struct {
	ClientSessionID          string           `json:"client_session_id,omitempty" v:"nonempty"`
	UserIdentifierKey        string           `json:"user_identifier_key,omitempty" v:"nonempty"`
	UserIdentityID           Nullable[string] `json:"user_identity_id,omitzero"`
	ConnectWebviewID         Nullable[string] `json:"connect_webview_id,omitzero"`
	WithoutUserIdentifierKey bool             `json:"without_user_identifier_key,omitempty"`
}

// ClientSessionsRevokeParams are the parameters of /client_sessions/revoke.
type ClientSessionsRevokeParams struct {
	ClientSessionID string `json:"client_session_id" v:"required,uuid"`
}

// ClientSessionsDeleteParams are the parameters of /client_sessions/delete.
type ClientSessionsDeleteParams ClientSessionsRevokeParams

// ClientSessionsGrantAccessParams are the parameters of
// /client_sessions/grant_access: the session, by id or user identifier key,
// and what to add to it.
type ClientSessionsGrantAccessParams struct {
	ClientSessionID     string   `json:"client_session_id,omitempty" v:"uuid"`
	UserIdentifierKey   string   `json:"user_identifier_key,omitempty" v:"nonempty"`
	UserIdentityID      string   `json:"user_identity_id,omitempty" v:"uuid"`
	UserIdentityIDs     []string `json:"user_identity_ids,omitempty" v:"uuid,min=1,max=1"`
	ConnectedAccountIDs []string `json:"connected_account_ids,omitempty"`
	ConnectWebviewIDs   []string `json:"connect_webview_ids,omitempty"`
}
