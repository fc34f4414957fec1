package client

// BridgeClientSession is the session of a Seam Bridge client: the software
// on a machine inside a building's network that reaches an on-premises
// access system. It shows a pairing code until an operator pairs it with a
// workspace.
type BridgeClientSession struct {
	CreatedAt                        Time   `json:"created_at"`
	BridgeClientSessionID            string `json:"bridge_client_session_id" v:"uuid"`
	BridgeClientSessionToken         string `json:"bridge_client_session_token"`
	PairingCode                      string `json:"pairing_code"`
	PairingCodeExpiresAt             Time   `json:"pairing_code_expires_at"`
	TailscaleHostname                string `json:"tailscale_hostname"`
	BridgeClientName                 string `json:"bridge_client_name"`
	BridgeClientTimeZone             string `json:"bridge_client_time_zone"`
	BridgeClientMachineIdentifierKey string `json:"bridge_client_machine_identifier_key"`
	// TailscaleAuthKey and TelemetryToken (with TelemetryTokenExpiresAt)
	// are null until the client asks for one (refresh_tailscale_auth_key,
	// refresh_telemetry_token). TelemetryURL is null: lintel collects no
	// telemetry.
	TailscaleAuthKey        *string                    `json:"tailscale_auth_key"`
	TelemetryToken          *string                    `json:"telemetry_token"`
	TelemetryTokenExpiresAt *Time                      `json:"telemetry_token_expires_at"`
	TelemetryURL            *string                    `json:"telemetry_url"`
	Errors                  []BridgeClientSessionError `json:"errors"`
}

// BridgeClientSessionError is a problem of a paired bridge:
// no_communication_from_bridge when its client has stopped reporting.
type BridgeClientSessionError struct {
	ErrorCode string `json:"error_code"`
	Message   string `json:"message"`
	CreatedAt Time   `json:"created_at"`
}

// BridgeConnectedSystem is an access system a bridge reaches: one of the
// systems of a connected account behind the bridge.
type BridgeConnectedSystem struct {
	BridgeID                  string `json:"bridge_id" v:"uuid"`
	BridgeCreatedAt           Time   `json:"bridge_created_at"`
	ConnectedAccountID        string `json:"connected_account_id" v:"uuid"`
	ConnectedAccountCreatedAt Time   `json:"connected_account_created_at"`
	AcsSystemID               string `json:"acs_system_id" v:"uuid"`
	AcsSystemDisplayName      string `json:"acs_system_display_name"`
	WorkspaceID               string `json:"workspace_id" v:"uuid"`
	WorkspaceDisplayName      string `json:"workspace_display_name"`
}

// Bridge is a Seam Bridge paired with the workspace.
type Bridge struct {
	BridgeID    string `json:"bridge_id" v:"uuid"`
	WorkspaceID string `json:"workspace_id" v:"uuid"`
	CreatedAt   Time   `json:"created_at"`
}

// BridgeClientSessionsCreateParams are the parameters of
// /seam/bridge/v1/bridge_client_sessions/create.
type BridgeClientSessionsCreateParams struct {
	BridgeClientName                 string `json:"bridge_client_name" v:"required,max=200"`
	BridgeClientTimeZone             string `json:"bridge_client_time_zone" v:"required,max=100"`
	BridgeClientMachineIdentifierKey string `json:"bridge_client_machine_identifier_key" v:"required,nonempty,max=200"`
}

// BridgeClientSessionsGetParams are the parameters of
// /seam/bridge/v1/bridge_client_sessions/get: none, the session is the
// caller's.
type BridgeClientSessionsGetParams struct{}

// BridgeClientSessionsRegeneratePairingCodeParams are the parameters of
// /seam/bridge/v1/bridge_client_sessions/regenerate_pairing_code: none.
type BridgeClientSessionsRegeneratePairingCodeParams struct{}

// BridgeClientSessionsRefreshTailscaleAuthKeyParams are the parameters of
// /seam/bridge/v1/bridge_client_sessions/refresh_tailscale_auth_key: none.
type BridgeClientSessionsRefreshTailscaleAuthKeyParams struct{}

// BridgeClientSessionsRefreshTelemetryTokenParams are the parameters of
// /seam/bridge/v1/bridge_client_sessions/refresh_telemetry_token: none.
type BridgeClientSessionsRefreshTelemetryTokenParams struct{}

// BridgeClientSessionsReportStatusParams are the parameters of
// /seam/bridge/v1/bridge_client_sessions/report_status.
type BridgeClientSessionsReportStatusParams struct {
	IsTailscaleConnected Nullable[bool]   `json:"is_tailscale_connected" v:"required"`
	TailscaleIPv4        Nullable[string] `json:"tailscale_ip_v4" v:"required,max=45"`
}

// BridgeConnectedSystemsListParams are the parameters of
// /seam/bridge/v1/bridge_connected_systems/list: none.
type BridgeConnectedSystemsListParams struct{}

// BridgesGetParams are the parameters of /bridges/get.
type BridgesGetParams struct {
	BridgeID string `json:"bridge_id" v:"required,uuid"`
}

// BridgesListParams are the parameters of /bridges/list: none.
type BridgesListParams struct{}
