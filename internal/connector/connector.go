// Package connector is how lintel reaches access systems and devices. A
// Connector applies mutations to an access system (create, update, suspend
// or delete a user, issue or revoke a credential, change group membership,
// grant, revoke or unlock an entrance) and lists what the system holds, for
// reconciliation; a DeviceConnector does the same for devices (lock,
// unlock, program or remove an access code; list the account's devices and
// the codes on a lock).
//
// This package owns the provider's model: ProviderUser and
// ProviderCredential are what a connector sends to and reads from an
// access system, and Mutation, which carries them, is the argument of a
// queued River job. That JSON is stored with the job and read back by
// whichever version of lintel runs it, so it is defined here, with field
// names that do not change, and never by a store struct or a wire type of
// package client: a migration or an API change must not alter a job
// already queued (TestMutationJSON holds the format). The domain packages
// build these from their store rows (acs.providerUser); the sandbox
// connector keeps its simulated system in the store's sandbox tables,
// whose row types (store.SandboxUser, store.SandboxCredential) it converts
// to and from. A new kind of device follows the same pattern: its
// mutations and provider model here, its rows in the store.
package connector

import (
	"context"
	"fmt"

	"github.com/lintel-dev/lintel/internal/store"
)

// Kinds of mutation.
const (
	CreateUser       = "create_user"
	UpdateUser       = "update_user"
	SuspendUser      = "suspend_user"
	UnsuspendUser    = "unsuspend_user"
	DeleteUser       = "delete_user"
	IssueCredential  = "issue_credential"
	UpdateCredential = "update_credential"
	RevokeCredential = "revoke_credential"
	AddToGroup       = "add_to_group"
	RemoveFromGroup  = "remove_from_group"
	GrantEntrance    = "grant_entrance"
	RevokeEntrance   = "revoke_entrance"
	// UnlockEntrance opens an entrance remotely for a credential; its
	// ObjectID is the action attempt that tracks it.
	UnlockEntrance = "unlock_entrance"
)

// Mutation is one change to push to an access system. It is serialisable:
// a queued mutation is stored as a job's arguments.
type Mutation struct {
	Kind        string `json:"kind"`
	WorkspaceID string `json:"workspace_id"`
	AcsSystemID string `json:"acs_system_id"`
	// ObjectID is lintel's id of the object the mutation is about (the user
	// or credential), for finishing it once the system confirms.
	ObjectID string `json:"object_id"`
	// RequestedAt ties the mutation to the request that made it (Unix ms).
	RequestedAt          int64               `json:"requested_at"`
	User                 *ProviderUser       `json:"user,omitempty"`
	Credential           *ProviderCredential `json:"credential,omitempty"`
	UserExternalID       string              `json:"user_external_id,omitempty"`
	CredentialExternalID string              `json:"credential_external_id,omitempty"`
	GroupExternalID      string              `json:"group_external_id,omitempty"`
	// CredentialIDs are the credentials a user deletion took out of service;
	// their acs_credential.deleted events are recorded when it is final.
	CredentialIDs []string `json:"credential_ids,omitempty"`
	// RequestID names the API request that caused the mutation, for logs.
	RequestID string `json:"request_id,omitempty"`
	// Inline is set while the mutation is applied inline, in the
	// transaction of the request that made it.
	Inline             bool   `json:"-"`
	EntranceExternalID string `json:"entrance_external_id,omitempty"`

	// DeviceID is set on a device mutation (LockDoor, SetAccessCode, …;
	// see device.go) instead of AcsSystemID: lintel's id of the device,
	// and DeviceExternalID the device's id at its provider.
	DeviceID         string `json:"device_id,omitempty"`
	DeviceExternalID string `json:"device_external_id,omitempty"`
	// AccessCode is the code SetAccessCode programs on the device;
	// AccessCodeExternalID names the code RemoveAccessCode takes off it.
	AccessCode           *ProviderAccessCode `json:"access_code,omitempty"`
	AccessCodeExternalID string              `json:"access_code_external_id,omitempty"`
	// ActionAttemptID is the action attempt that ends when the device
	// confirms the mutation (an access code's create, update or delete).
	ActionAttemptID string `json:"action_attempt_id,omitempty"`
	// Climate is what SetClimate puts on a thermostat; ThermostatScheduleID
	// names the schedule whose start or end caused it, if any, and
	// FallbackPreset says the preset is the thermostat's fallback, put back
	// when a schedule ended.
	Climate              *ProviderClimate `json:"climate,omitempty"`
	ThermostatScheduleID string           `json:"thermostat_schedule_id,omitempty"`
	FallbackPreset       bool             `json:"fallback_preset,omitempty"`
	// Programs is the change to a thermostat's programs that
	// PushThermostatPrograms sends.
	Programs *ProviderPrograms `json:"programs,omitempty"`
}

// Subject names what a mutation is about on its access system, so that the
// queue applies the mutations of one subject in the order they were made:
// the user, by its external id, for changes to a user, its memberships and
// its credentials; otherwise the object itself.
func (m Mutation) Subject() string {
	if m.DeviceID != "" {
		return deviceSubject(m)
	}
	ext := m.UserExternalID
	if ext == "" && m.User != nil {
		ext = m.User.ExternalID
	}
	if ext == "" && m.Credential != nil && m.Credential.UserExternalID != nil {
		ext = *m.Credential.UserExternalID
	}
	if ext == "" {
		return m.AcsSystemID + "/object/" + m.ObjectID
	}
	return m.AcsSystemID + "/user/" + ext
}

// Connector reaches one kind of access system.
type Connector interface {
	// Inline reports whether sys applies mutations within the caller's
	// transaction (so they are final when it commits) rather than later,
	// through the queue.
	Inline(sys store.AcsSystem) bool
	// Apply pushes m to the access system. tx is the transaction of the
	// caller (inline) or of the job applying it (queued).
	Apply(ctx context.Context, tx *store.Tx, sys store.AcsSystem, m Mutation) error
	// Users lists, for reconciliation, at most limit users the access
	// system holds whose external id sorts after the given one, in external
	// id order: reconciliation walks a system page by page.
	Users(ctx context.Context, tx *store.Tx, sys store.AcsSystem, afterExternalID string, limit int) ([]ProviderUser, error)
}

// Sender is implemented by connectors whose access system is reached over a
// network when a mutation is queued. The worker calls Send outside any
// transaction, so a slow or unreachable system never holds the database;
// once Send succeeds, Apply records the effect in the worker's transaction.
// Send must be idempotent: after a crash the same mutation is sent again,
// and a system's "not found" on a delete counts as success.
type Sender interface {
	Send(ctx context.Context, sys store.AcsSystem, m Mutation) error
}

// Registry maps connector names to connectors.
type Registry struct {
	byName map[string]Connector
}

// NewRegistry builds a registry holding the given connectors.
func NewRegistry(cs map[string]Connector) *Registry {
	return &Registry{byName: cs}
}

// ForDevice returns the connector of a device.
func (r *Registry) ForDevice(d store.Device) (DeviceConnector, error) {
	name := d.Connector
	if name == "" {
		name = SandboxName
	}
	c, ok := r.byName[name].(DeviceConnector)
	if !ok {
		return nil, fmt.Errorf("device %s uses connector %q, which reaches no devices", d.DeviceID, name)
	}
	return c, nil
}

// For returns the connector of a system.
func (r *Registry) For(sys store.AcsSystem) (Connector, error) {
	c, ok := r.byName[sys.Connector]
	if !ok {
		return nil, fmt.Errorf("acs system %s uses unknown connector %q", sys.AcsSystemID, sys.Connector)
	}
	return c, nil
}
