package client

// InstantKey is a shareable link through which a user identity opens its
// locks: behind it, a client session of that identity. InstantKeyURL is
// a page lintel serves; its token is a secret.
type InstantKey struct {
	InstantKeyID    string `json:"instant_key_id"`
	WorkspaceID     string `json:"workspace_id"`
	CreatedAt       Time   `json:"created_at"`
	InstantKeyURL   string `json:"instant_key_url"`
	ClientSessionID string `json:"client_session_id"`
	UserIdentityID  string `json:"user_identity_id"`
	ExpiresAt       Time   `json:"expires_at"`
}

// UserIdentitiesGenerateInstantKeyParams are the parameters of
// /user_identities/generate_instant_key. lintel has no customization
// profiles: CustomizationProfileID is refused.
type UserIdentitiesGenerateInstantKeyParams struct {
	UserIdentityID         string   `json:"user_identity_id" v:"required,uuid"`
	MaxUseCount            *float64 `json:"max_use_count,omitempty" v:"min=1,max=10000"`
	CustomizationProfileID string   `json:"customization_profile_id,omitempty" v:"uuid"`
}

// InstantKeysGetParams are the parameters of /instant_keys/get: the key's
// id or its url.
type InstantKeysGetParams struct {
	InstantKeyID  string `json:"instant_key_id,omitempty" v:"uuid"`
	InstantKeyURL string `json:"instant_key_url,omitempty" v:"nonempty"`
}

// InstantKeysListParams are the parameters of /instant_keys/list.
type InstantKeysListParams struct {
	UserIdentityID string `json:"user_identity_id,omitempty" v:"uuid"`
}

// InstantKeysDeleteParams are the parameters of /instant_keys/delete.
type InstantKeysDeleteParams struct {
	InstantKeyID string `json:"instant_key_id" v:"required,uuid"`
}
