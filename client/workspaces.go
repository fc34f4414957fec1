package client

import "time"

// Workspace is an isolated set of access systems, users and credentials.
// Every object belongs to exactly one workspace.
type Workspace struct {
	WorkspaceID                 string                      `json:"workspace_id"`
	Name                        string                      `json:"name"`
	CompanyName                 string                      `json:"company_name"`
	IsSandbox                   bool                        `json:"is_sandbox"`
	ConnectWebviewCustomization ConnectWebviewCustomization `json:"connect_webview_customization"`
	IsSuspended                 bool                        `json:"is_suspended"`
	ConnectPartnerName          *string                     `json:"connect_partner_name"`
	IsPublishableKeyAuthEnabled bool                        `json:"is_publishable_key_auth_enabled"`
	OrganizationID              *string                     `json:"organization_id"`
	// CreatedAt is not part of Seam's schema; it is kept for ordering.
	CreatedAt time.Time `json:"-"`
}

// ConnectWebviewCustomization holds the look of Connect Webviews. lintel
// stores it and returns it unchanged.
type ConnectWebviewCustomization struct {
	InviterLogoURL         string `json:"inviter_logo_url,omitempty" v:"max=2048"`
	LogoShape              string `json:"logo_shape,omitempty" v:"enum=circle|square"`
	PrimaryButtonColor     string `json:"primary_button_color,omitempty" v:"max=64"`
	PrimaryButtonTextColor string `json:"primary_button_text_color,omitempty" v:"max=64"`
	SuccessMessage         string `json:"success_message,omitempty"`
}

// WorkspacesGetParams are the parameters of /workspaces/get: none, the
// workspace is the caller's.
type WorkspacesGetParams struct{}

// WorkspacesUpdateParams are the parameters of /workspaces/update. Absent
// fields keep their value.
type WorkspacesUpdateParams struct {
	Name                        *string                            `json:"name,omitempty" v:"nonempty,max=255"`
	ConnectPartnerName          *string                            `json:"connect_partner_name,omitempty" v:"max=255"`
	ConnectWebviewCustomization *ConnectWebviewCustomizationUpdate `json:"connect_webview_customization,omitempty"`
	IsPublishableKeyAuthEnabled *bool                              `json:"is_publishable_key_auth_enabled,omitempty"`
	IsSuspended                 *bool                              `json:"is_suspended,omitempty"`
	OrganizationID              *string                            `json:"organization_id,omitempty" v:"uuid"`
}

// ConnectWebviewCustomizationUpdate changes the look of Connect Webviews: a
// field given replaces the stored one, null clears it, an absent one stays.
type ConnectWebviewCustomizationUpdate struct {
	LogoShape              Nullable[string] `json:"logo_shape,omitzero" v:"enum=circle|square"`
	PrimaryButtonColor     Nullable[string] `json:"primary_button_color,omitzero" v:"max=64"`
	PrimaryButtonTextColor Nullable[string] `json:"primary_button_text_color,omitzero" v:"max=64"`
	SuccessMessage         Nullable[string] `json:"success_message,omitzero" v:"max=1000"`
}

// WorkspacesResetSandboxParams are the parameters of
// /workspaces/reset_sandbox: none, the workspace is the caller's.
type WorkspacesResetSandboxParams struct{}

// WorkspacesListParams are the parameters of /workspaces/list.
type WorkspacesListParams struct{}

// WorkspacesCreateParams are the parameters of /workspaces/create.
type WorkspacesCreateParams struct {
	Name                          string                       `json:"name" v:"required,nonempty,max=255"`
	CompanyName                   string                       `json:"company_name,omitempty" v:"max=255"`
	ConnectPartnerName            string                       `json:"connect_partner_name,omitempty" v:"max=255"`
	IsSandbox                     bool                         `json:"is_sandbox,omitempty"`
	ConnectWebviewCustomization   *ConnectWebviewCustomization `json:"connect_webview_customization,omitempty"`
	OrganizationID                string                       `json:"organization_id,omitempty" v:"uuid"`
	WebviewLogoShape              string                       `json:"webview_logo_shape,omitempty" v:"enum=circle|square"`
	WebviewPrimaryButtonColor     string                       `json:"webview_primary_button_color,omitempty" v:"max=64"`
	WebviewPrimaryButtonTextColor string                       `json:"webview_primary_button_text_color,omitempty" v:"max=64"`
	WebviewSuccessMessage         string                       `json:"webview_success_message,omitempty"`
}
