package connector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
)

// SandboxName is the connector name of sandbox systems.
const SandboxName = "sandbox"

// Sandbox modes.
const (
	// SandboxInline applies mutations in the caller's transaction.
	SandboxInline = "inline"
	// SandboxRemote applies them only through the queue, like a provider
	// reached over the network, with the configured faults.
	SandboxRemote = "remote"
)

// SandboxConfig is a sandbox system's or device's connector configuration,
// stored in acs_systems.connector_config or devices.connector_config.
type SandboxConfig struct {
	// Mode is "inline" (the default) or "remote".
	Mode string `json:"mode,omitempty"`
	// LatencyMS delays every exchange with a remote sandbox, in milliseconds.
	LatencyMS int64 `json:"latency_ms,omitempty"`
	// FailRate is the probability, from 0 to 1, that an exchange with a
	// remote sandbox fails as a provider error would.
	FailRate float64 `json:"fail_rate,omitempty"`
	// OutageUntil (Unix ms) makes a remote sandbox refuse every exchange
	// until then.
	OutageUntil int64 `json:"outage_until,omitempty"`
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

// Check reports a configuration that cannot be stored.
func (c SandboxConfig) Check() error {
	switch {
	case c.Mode != "" && c.Mode != SandboxInline && c.Mode != SandboxRemote:
		return fmt.Errorf("sandbox mode must be %q or %q, not %q", SandboxInline, SandboxRemote, c.Mode)
	case c.LatencyMS < 0:
		return errors.New("sandbox latency must not be negative")
	case c.FailRate < 0 || c.FailRate > 1:
		return errors.New("sandbox fail rate must be between 0 and 1")
	case c.OutageUntil < 0:
		return errors.New("sandbox outage end must not be negative")
	}
	return nil
}

// String is the stored form of the configuration.
func (c SandboxConfig) String() string {
	b, _ := json.Marshal(c)
	return string(b)
}

// ErrUnavailable is what a remote sandbox answers during an outage or an
// injected failure; the queue retries it.
var ErrUnavailable = errors.New("the access system is unavailable")

// Sandbox simulates an access system whose state lives in lintel's own
// database (the sandbox_provider_* tables). Its zero value reads the real
// clock and a random source; tests may set both.
type Sandbox struct {
	// Now tells the time for outage windows; nil means time.Now.
	Now func() time.Time
	// Rand draws injected failures, uniformly in [0, 1); nil means math/rand.
	Rand func() float64
	// Listed, when set, is called each time Users has read a page of the
	// simulated system, before it returns: tests commit a concurrent change
	// there, between a reconciliation's reads.
	Listed func(sys store.AcsSystem)
	// ListedCodes is Listed for the access codes of a simulated lock.
	ListedCodes func(d store.Device)
}

// Inline reports whether the system is in inline mode.
func (Sandbox) Inline(sys store.AcsSystem) bool {
	c, err := ParseSandboxConfig(sys.ConnectorConfig)
	return err != nil || c.Mode != SandboxRemote
}

// Send is the exchange with a remote sandbox: it waits out the configured
// latency and fails during an outage or at the configured rate. The effect
// itself is recorded by Apply, in the worker's transaction. An inline
// sandbox (switched back while mutations were queued) answers at once.
func (s Sandbox) Send(ctx context.Context, sys store.AcsSystem, m Mutation) error {
	return s.exchange(ctx, sys.ConnectorConfig, m)
}

// exchange is one exchange with a sandbox configured by doc.
func (s Sandbox) exchange(ctx context.Context, doc string, m Mutation) error {
	c, err := ParseSandboxConfig(doc)
	if err != nil || c.Mode != SandboxRemote {
		return err
	}
	if err := s.fault(c); err != nil {
		return err
	}
	if c.LatencyMS > 0 {
		t := time.NewTimer(time.Duration(c.LatencyMS) * time.Millisecond)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return fmt.Errorf("sandbox %s: %w", m.Kind, ctx.Err())
		case <-t.C:
		}
	}
	return nil
}

// fault returns the failure a remote sandbox injects into one exchange, if
// any.
func (s Sandbox) fault(c SandboxConfig) error {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	if c.OutageUntil > 0 && now().UnixMilli() < c.OutageUntil {
		return fmt.Errorf("%w: outage until %s", ErrUnavailable, time.UnixMilli(c.OutageUntil).UTC().Format(time.RFC3339))
	}
	draw := rand.Float64
	if s.Rand != nil {
		draw = s.Rand
	}
	if c.FailRate > 0 && draw() < c.FailRate {
		return fmt.Errorf("%w: injected failure", ErrUnavailable)
	}
	return nil
}

// Apply performs m on the simulated system.
func (Sandbox) Apply(ctx context.Context, tx *store.Tx, sys store.AcsSystem, m Mutation) error {
	ws, id := sys.WorkspaceID, sys.AcsSystemID
	switch m.Kind {
	case CreateUser, UpdateUser, SuspendUser, UnsuspendUser:
		if m.User == nil {
			return fmt.Errorf("sandbox %s: no user in mutation", m.Kind)
		}
		return tx.SandboxPutUser(ctx, ws, id, store.SandboxUser(*m.User))
	case DeleteUser:
		return tx.SandboxDeleteUser(ctx, ws, id, m.UserExternalID)
	case IssueCredential, UpdateCredential:
		if m.Credential == nil {
			return fmt.Errorf("sandbox %s: no credential in mutation", m.Kind)
		}
		return tx.SandboxPutCredential(ctx, ws, id, store.SandboxCredential(*m.Credential))
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
	case UnlockEntrance:
		// The simulated door opens and relocks by itself: nothing of it
		// stays in the simulated system's state.
		return nil
	}
	return fmt.Errorf("sandbox: unknown mutation %q", m.Kind)
}

// Users lists the simulated system's users. A remote sandbox refuses during
// an outage and fails at the configured rate, as the listing of a real
// system would; it adds no latency, since the listing is read in a
// transaction.
func (s Sandbox) Users(ctx context.Context, tx *store.Tx, sys store.AcsSystem, afterExternalID string, limit int) ([]ProviderUser, error) {
	c, err := ParseSandboxConfig(sys.ConnectorConfig)
	if err != nil {
		return nil, err
	}
	if c.Mode == SandboxRemote {
		if err := s.fault(c); err != nil {
			return nil, err
		}
	}
	rows, err := tx.SandboxUsersAfter(ctx, sys.WorkspaceID, sys.AcsSystemID, afterExternalID, limit)
	if err != nil {
		return nil, err
	}
	users := make([]ProviderUser, len(rows))
	for i, u := range rows {
		users[i] = ProviderUser(u)
	}
	if s.Listed != nil {
		s.Listed(sys)
	}
	return users, nil
}
