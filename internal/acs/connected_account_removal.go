package acs

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// DeleteConnectedAccount removes a connected account of the caller's
// workspace and everything lintel holds behind it, in one transaction: its
// devices, and its access systems with their users, credentials, access
// groups and entrances. As Seam does, lintel forgets them but does not delete them
// from the provider: the access system keeps its users and credentials, so
// no mutation is handed to a connector, and the queued mutations still
// waiting for those systems are settled without being applied. Each live
// object removed records its deleted event once (device.deleted,
// acs_credential.deleted,
// acs_user.deleted — also for a user whose deletion was still waiting for
// the access system —, acs_access_group.deleted, acs_entrance.removed),
// then connected_account.deleted; the OnConnectedAccountGone hooks record
// the ends of what other domains kept behind its devices (their access
// codes' access_code.deleted); an audit row records who did it. Seam
// has no event for a removed access system. Everything under the account
// is then not found, and a later sync has no system to bring anything back
// into.
func (s *Service) DeleteConnectedAccount(ctx context.Context, p lintel.Principal, connectedAccountID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ConnectedAccount(ctx, p.WorkspaceID, connectedAccountID); err != nil {
			return notFound(err, errConnectedAccountNotFound)
		}
		for _, f := range s.accountGone {
			// A concurrent removal that won finds the rows gone: not found.
			if err := f(ctx, tx, p.WorkspaceID, connectedAccountID); err != nil {
				return notFound(err, errConnectedAccountNotFound)
			}
		}
		encoders, err := encodersOfAccount(ctx, tx, p.WorkspaceID, connectedAccountID)
		if err != nil {
			return err
		}
		removed, err := tx.RemoveConnectedAccount(ctx, p.WorkspaceID, connectedAccountID)
		if err != nil {
			return notFound(err, errConnectedAccountNotFound)
		}
		if err := audit.Record(ctx, tx, p, "connected_account.delete", "connected_account", connectedAccountID, audit.Succeeded); err != nil {
			return err
		}
		events := removalEvents(connectedAccountID, removed)
		last := events[len(events)-1]
		events = events[:len(events)-1]
		for _, e := range encoders {
			events = append(events, client.Event{EventType: event.AcsEncoderRemoved, AcsEncoderID: e.AcsEncoderID,
				AcsSystemID: e.AcsSystemID, ConnectedAccountID: connectedAccountID})
		}
		return s.recordInBatches(ctx, tx, p.WorkspaceID, append(events, last))
	})
}

// encodersOfAccount lists the encoders of a connected account's systems
// (they go with the systems).
func encodersOfAccount(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID string) ([]store.AcsEncoder, error) {
	systems, err := tx.AcsSystems(ctx, workspaceID, connectedAccountID)
	if err != nil || len(systems) == 0 {
		return nil, err
	}
	ids := make([]string, len(systems))
	for i, sys := range systems {
		ids[i] = sys.AcsSystemID
	}
	return tx.ListAcsEncoders(ctx, workspaceID, store.AcsEncoderFilter{AcsSystemIDs: ids}, page.Request{})
}

// removalEvents lists the events a removal owes, the account's last.
func removalEvents(connectedAccountID string, r store.AccountRemoval) []client.Event {
	events := make([]client.Event, 0, len(r.DeviceIDs)+len(r.AcsCredentials)+len(r.AcsUsers)+len(r.AccessGroups)+len(r.Entrances)+1)
	for _, id := range r.DeviceIDs {
		events = append(events, client.Event{EventType: event.DeviceDeleted, DeviceID: id, ConnectedAccountID: connectedAccountID})
	}
	add := func(eventType string, objects []store.RemovedObject, set func(e *client.Event, id string)) {
		for _, o := range objects {
			e := client.Event{EventType: eventType, AcsSystemID: o.AcsSystemID, ConnectedAccountID: connectedAccountID}
			set(&e, o.ID)
			events = append(events, e)
		}
	}
	add(event.AcsCredentialDeleted, r.AcsCredentials, func(e *client.Event, id string) { e.AcsCredentialID = id })
	add(event.AcsUserDeleted, r.AcsUsers, func(e *client.Event, id string) { e.AcsUserID = id })
	add(event.AcsAccessGroupDeleted, r.AccessGroups, func(e *client.Event, id string) { e.AcsAccessGroupID = id })
	add(event.AcsEntranceRemoved, r.Entrances, func(e *client.Event, id string) { e.AcsEntranceID = id })
	return append(events, client.Event{EventType: event.ConnectedAccountDeleted, ConnectedAccountID: connectedAccountID})
}

// eventBatch is how many events one statement records. Each takes 14
// parameters, and binding grows faster than linearly with the parameters
// of a statement on SQLite: measured on 6,000 events, batches of 1,000
// took 35 s, of 50 2.2 s, of 16 1.2 s.
const eventBatch = 16

// recordInBatches records many events of one workspace, a batch at a time.
func (s *Service) recordInBatches(ctx context.Context, tx *store.Tx, workspaceID string, events []client.Event) error {
	for len(events) > 0 {
		n := min(len(events), eventBatch)
		if err := s.events.Record(ctx, tx, workspaceID, events[:n]...); err != nil {
			return err
		}
		events = events[n:]
	}
	return nil
}

// errNotSandbox refuses a simulation outside a sandbox workspace.
var errNotSandbox = lintel.Errorf(lintel.EInvalidInput, "Simulations are only available in sandbox workspaces; this workspace is not one")

// SimulateDisconnect makes a connected account of the caller's sandbox
// workspace disconnected, as when its provider stops accepting its login:
// the account and each of its access systems carry the account_disconnected
// error, and connected_account.disconnected plus one acs_system.disconnected
// per system are recorded. Its objects stay readable. Disconnecting an
// account that already is changes nothing; reconnecting it (a Connect
// Webview signing in to it again) clears the errors.
func (s *Service) SimulateDisconnect(ctx context.Context, p lintel.Principal, connectedAccountID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		w, err := tx.Workspace(ctx, p.WorkspaceID)
		if err != nil {
			return err
		}
		if !w.IsSandbox {
			return errNotSandbox
		}
		changed, err := tx.SetConnectedAccountDisconnected(ctx, p.WorkspaceID, connectedAccountID, true)
		if err != nil {
			return notFound(err, errConnectedAccountNotFound)
		}
		if !changed {
			return nil
		}
		if err := audit.Record(ctx, tx, p, "connected_account.simulate_disconnect", "connected_account", connectedAccountID, audit.Succeeded); err != nil {
			return err
		}
		systems, err := tx.AcsSystems(ctx, p.WorkspaceID, connectedAccountID)
		if err != nil {
			return err
		}
		// The events carry the errors and warnings as they now are.
		accountErrors := []client.AcsError{accountDisconnected(client.NewTime(tx.Now()))}
		events := []client.Event{{EventType: event.ConnectedAccountDisconnected, ConnectedAccountID: connectedAccountID,
			ConnectedAccountErrors: accountErrors, ConnectedAccountWarnings: []client.AcsWarning{}}}
		for _, sys := range systems {
			events = append(events, client.Event{EventType: event.AcsSystemDisconnected, AcsSystemID: sys.AcsSystemID,
				ConnectedAccountID: connectedAccountID, ConnectedAccountErrors: accountErrors,
				ConnectedAccountWarnings: []client.AcsWarning{}, AcsSystemErrors: accountErrors,
				AcsSystemWarnings: []client.AcsWarning{}})
		}
		return s.events.Record(ctx, tx, p.WorkspaceID, events...)
	})
}

// accountDisconnected is the error a disconnected account, and each of its
// systems, carries.
func accountDisconnected(at client.Time) client.AcsError {
	return client.AcsError{CreatedAt: at, ErrorCode: "account_disconnected",
		Message: "The connected account is disconnected: reconnect it with a Connect Webview"}
}
