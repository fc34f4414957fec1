package lintel

// AuthKind is how a caller proved who it is.
type AuthKind string

const (
	AuthAPIKey         AuthKind = "api_key"
	AuthPAT            AuthKind = "personal_access_token"
	AuthConsoleSession AuthKind = "console_session"
	AuthClientSession  AuthKind = "client_session"
	AuthPublishableKey AuthKind = "publishable_key"
	// AuthBridgeClientSession is a Seam Bridge client: it belongs to no
	// workspace, and acts only on its own session and what is paired with it.
	AuthBridgeClientSession AuthKind = "bridge_client_session"
	// AuthSystem is lintel itself acting: the admin CLI, the seeder, workers.
	AuthSystem AuthKind = "system"
)

// Principal is the authenticated caller of one request.
type Principal struct {
	Kind AuthKind
	// WorkspaceID is the workspace the request acts on; empty for the
	// "without workspace" kinds (a PAT or console session with no
	// seam-workspace header).
	WorkspaceID string
	// ActorID identifies the credential: the API key id, the PAT id, the
	// console session id, the client session id, the publishable key id or
	// the bridge client session id.
	ActorID string
	// UserID is the console user behind a PAT or console session.
	UserID string
	// ShortToken is the non-secret part of a token, safe to log.
	ShortToken string
	// UserIdentityIDs scopes a client session to its user identities.
	UserIdentityIDs []string
	// RequestID and SourceIP are recorded in the audit log.
	RequestID string
	SourceIP  string
}

// IsClientSession reports whether the caller is limited to the objects of
// its user identities.
func (p Principal) IsClientSession() bool { return p.Kind == AuthClientSession }
