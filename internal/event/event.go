// Package event records what happens in a workspace as events: rows of an
// append-only log written in the transaction of the change, read by
// events/list and events/get and delivered to webhooks.
package event

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// Event types lintel emits. Only types of Seam's enum exist (see Types).
const (
	AcsUserCreated        = "acs_user.created"
	AcsUserDeleted        = "acs_user.deleted"
	AcsCredentialDeleted  = "acs_credential.deleted"
	AcsCredentialIssued   = "acs_credential.issued"
	AcsCredentialReissued = "acs_credential.reissued"
	AcsCredentialInvalid  = "acs_credential.invalidated"
	AcsAccessGroupDeleted = "acs_access_group.deleted"
	AcsSystemAdded        = "acs_system.added"
	AcsSystemConnected    = "acs_system.connected"
	AcsSystemDisconnected = "acs_system.disconnected"
	AcsEntranceAdded      = "acs_entrance.added"
	AcsEntranceRemoved    = "acs_entrance.removed"
	ClientSessionDeleted  = "client_session.deleted"
	AcsEncoderAdded       = "acs_encoder.added"
	AcsEncoderRemoved     = "acs_encoder.removed"

	ConnectedAccountConnected    = "connected_account.connected"
	DeviceConnected              = "device.connected"
	DeviceDeleted                = "device.deleted"
	DeviceDisconnected           = "device.disconnected"
	DeviceRemoved                = "device.removed"
	DeviceConvertedToUnmanaged   = "device.converted_to_unmanaged"
	DeviceUnmanagedConverted     = "device.unmanaged.converted_to_managed"
	DeviceNameChanged            = "device.name_changed"
	LockLocked                   = "lock.locked"
	LockUnlocked                 = "lock.unlocked"
	LockAccessDenied             = "lock.access_denied"
	ConnectedAccountDeleted      = "connected_account.deleted"
	ConnectedAccountDisconnected = "connected_account.disconnected"

	PhoneDeactivated             = "phone.deactivated"
	NoiseThresholdTriggered      = "noise_sensor.noise_threshold_triggered"
	SpaceCreated                 = "space.created"
	SpaceDeleted                 = "space.deleted"
	SpaceDeviceMembershipChanged = "space.device_membership_changed"

	AccessCodeCreated            = "access_code.created"
	AccessCodeChanged            = "access_code.changed"
	AccessCodeDeleted            = "access_code.deleted"
	AccessCodeScheduledOnDevice  = "access_code.scheduled_on_device"
	AccessCodeSetOnDevice        = "access_code.set_on_device"
	AccessCodeRemovedFromDevice  = "access_code.removed_from_device"
	AccessCodeFailedToSet        = "access_code.failed_to_set_on_device"
	AccessCodeFailedToRemove     = "access_code.failed_to_remove_from_device"
	AccessCodeBackupPulled       = "access_code.backup_access_code_pulled"
	AccessCodeUnmanagedCreated   = "access_code.unmanaged.created"
	AccessCodeUnmanagedRemoved   = "access_code.unmanaged.removed"
	AccessCodeUnmanagedConverted = "access_code.unmanaged.converted_to_managed"

	AccessGrantCreated              = "access_grant.created"
	AccessGrantDeleted              = "access_grant.deleted"
	AccessGrantGrantedToAllDoors    = "access_grant.access_granted_to_all_doors"
	AccessGrantGrantedToDoor        = "access_grant.access_granted_to_door"
	AccessGrantDoorLost             = "access_grant.access_to_door_lost"
	AccessGrantTimesChanged         = "access_grant.access_times_changed"
	AccessGrantCouldNotCreateMethod = "access_grant.could_not_create_requested_access_methods"
	AccessMethodCreated             = "access_method.created"
	AccessMethodIssued              = "access_method.issued"
	AccessMethodRevoked             = "access_method.revoked"
	AccessMethodDeleted             = "access_method.deleted"
	AccessMethodEncodingRequired    = "access_method.card_encoding_required"
	AccessMethodReissued            = "access_method.reissued"
	AccessMethodDelayInIssuing      = "access_method.delay_in_issuing"
	AccessMethodFailedToIssue       = "access_method.failed_to_issue"
)

// Hook is called with the events of every Record call, inside the same
// transaction (the webhook dispatcher uses it to queue deliveries). The
// events belong to one workspace.
type Hook func(ctx context.Context, tx *store.Tx, events []client.Event) error

// Recorder writes events.
type Recorder struct {
	hooks []Hook
}

// NewRecorder builds a Recorder.
func NewRecorder() *Recorder { return &Recorder{} }

// OnRecord adds a hook run for every event recorded after this call.
func (r *Recorder) OnRecord(h Hook) { r.hooks = append(r.hooks, h) }

// Record appends events to the workspace's log within tx, in one
// statement. It fills ids and times, and refuses a type outside Seam's enum
// (a programming error).
func (r *Recorder) Record(ctx context.Context, tx *store.Tx, workspaceID string, events ...client.Event) error {
	now := client.NewTime(tx.Now())
	rows := make([]store.Event, len(events))
	for i := range events {
		e := &events[i]
		if !IsType(e.EventType) {
			return fmt.Errorf("event type %q is not in the spec's enum", e.EventType)
		}
		if e.EventID == "" {
			e.EventID = lintel.NewID()
		}
		e.WorkspaceID = workspaceID
		e.CreatedAt = now
		if e.OccurredAt.IsZero() {
			e.OccurredAt = now
		}
		var err error
		if rows[i], err = Row(*e); err != nil {
			return err
		}
	}
	if err := tx.InsertEvents(ctx, workspaceID, rows); err != nil {
		return err
	}
	for _, h := range r.hooks {
		if err := h(ctx, tx, events); err != nil {
			return err
		}
	}
	return nil
}

// Row is the stored form of an event: its ids as columns for filtering,
// the whole event as its JSON payload.
func Row(e client.Event) (store.Event, error) {
	payload, err := json.Marshal(e)
	return store.Event{WorkspaceID: e.WorkspaceID, EventID: e.EventID, EventType: e.EventType,
		OccurredAt: e.OccurredAt.Time, CreatedAt: e.CreatedAt.Time, AcsSystemID: e.AcsSystemID,
		ConnectedAccountID: e.ConnectedAccountID, AcsUserID: e.AcsUserID, AcsCredentialID: e.AcsCredentialID,
		AcsAccessGroupID: e.AcsAccessGroupID, AcsEntranceID: e.AcsEntranceID, AcsEncoderID: e.AcsEncoderID,
		UserIdentityID: e.UserIdentityID, DeviceID: e.DeviceID, ConnectWebviewID: e.ConnectWebviewID,
		AccessCodeID: e.AccessCodeID, SpaceID: e.SpaceID, AccessGrantID: e.AccessGrantID, AccessMethodID: e.AccessMethodID,
		Payload: string(payload)}, err
}

// Present turns a stored event back into what the API shows: its payload.
func Present(e store.Event) (client.Event, error) {
	var out client.Event
	err := json.Unmarshal([]byte(e.Payload), &out)
	return out, err
}

// presentAll presents a list of stored events; never null.
func presentAll(rows []store.Event) ([]client.Event, error) {
	out := make([]client.Event, len(rows))
	for i, e := range rows {
		var err error
		if out[i], err = Present(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// IsType reports whether t is an event type of Seam's API.
func IsType(t string) bool {
	_, ok := slices.BinarySearch(Types, t)
	return ok
}
