package connector

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lintel-dev/lintel/internal/store"
)

// SandboxName is the connector name of sandbox systems.
const SandboxName = "sandbox"

// SandboxConfig is a sandbox system's connector configuration.
type SandboxConfig struct {
	// Mode is "inline" (the default: mutations apply in the caller's
	// transaction) or "remote" (they go through the queue, like a real
	// provider reached over the network).
	Mode string `json:"mode,omitempty"`
}

// ParseSandboxConfig reads a stored configuration; empty means defaults.
func ParseSandboxConfig(doc string) (SandboxConfig, error) {
	var c SandboxConfig
	if doc == "" {
		return c, nil
	}
	if err := json.Unmarshal([]byte(doc), &c); err != nil {
		return c, fmt.Errorf("sandbox connector config: %w", err)
	}
	return c, nil
}

// Sandbox simulates an access system whose state lives in lintel's own
// database (the sandbox_provider_* tables).
type Sandbox struct{}

// Inline reports whether the system is in inline mode.
func (Sandbox) Inline(sys store.AcsSystem) bool {
	c, err := ParseSandboxConfig(sys.ConnectorConfig)
	return err != nil || c.Mode != "remote"
}

// Apply performs m on the simulated system.
func (Sandbox) Apply(ctx context.Context, tx *store.Tx, sys store.AcsSystem, m Mutation) error {
	ws, id := sys.WorkspaceID, sys.AcsSystemID
	switch m.Kind {
	case CreateUser, UpdateUser, SuspendUser, UnsuspendUser:
		if m.User == nil {
			return fmt.Errorf("sandbox %s: no user in mutation", m.Kind)
		}
		return tx.SandboxPutUser(ctx, ws, id, *m.User)
	case DeleteUser:
		return tx.SandboxDeleteUser(ctx, ws, id, m.UserExternalID)
	case IssueCredential, UpdateCredential:
		if m.Credential == nil {
			return fmt.Errorf("sandbox %s: no credential in mutation", m.Kind)
		}
		return tx.SandboxPutCredential(ctx, ws, id, *m.Credential)
	case RevokeCredential:
		return tx.SandboxDeleteCredential(ctx, ws, id, m.CredentialExternalID)
	case AddToGroup:
		return tx.SandboxSetGroupMember(ctx, ws, id, m.GroupExternalID, m.UserExternalID, true)
	case RemoveFromGroup:
		return tx.SandboxSetGroupMember(ctx, ws, id, m.GroupExternalID, m.UserExternalID, false)
	case GrantEntrance:
		return tx.SandboxSetUserEntrance(ctx, ws, id, m.UserExternalID, m.EntranceExternalID, true)
	case RevokeEntrance:
		return tx.SandboxSetUserEntrance(ctx, ws, id, m.UserExternalID, m.EntranceExternalID, false)
	}
	return fmt.Errorf("sandbox: unknown mutation %q", m.Kind)
}

// Users lists the simulated system's users.
func (Sandbox) Users(ctx context.Context, tx *store.Tx, sys store.AcsSystem) ([]store.ProviderUser, error) {
	return tx.SandboxUsers(ctx, sys.WorkspaceID, sys.AcsSystemID)
}
