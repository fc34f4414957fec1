// Package acs is the access-control domain: systems, users, credentials,
// access groups and entrances, and what it means to change them. Every use
// case runs in one store transaction: the state change, its events, its
// audit row and the mutation handed to the system's connector commit or
// vanish together.
package acs

import (
	"context"
	"errors"
	"log/slog"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// Queue hands work to background workers: mutations of non-inline systems,
// in the caller's transaction, and reconciliations of systems.
type Queue interface {
	Enqueue(ctx context.Context, tx *store.Tx, m connector.Mutation) error
	// Reconcile queues a reconciliation of each of the workspace's
	// systems, except those whose reconciliation is already under way; it
	// reports how many it queued.
	Reconcile(ctx context.Context, workspaceID string, acsSystemIDs []string) (int, error)
	// ReconcileDevices queues a reconciliation of the devices of a
	// connected account of the workspace, unless one is already waiting
	// or running; it reports whether it queued one.
	ReconcileDevices(ctx context.Context, workspaceID, connectedAccountID string) (bool, error)
}

// Service is the ACS domain.
type Service struct {
	store      *store.Store
	connectors *connector.Registry
	events     *event.Recorder
	queue      Queue
	methods    AccessMethods
	log        *slog.Logger
	// accountGone run before a connected account is removed
	// (OnConnectedAccountGone).
	accountGone []func(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID string) error
}

// OnConnectedAccountGone adds a hook run, in the transaction, just before a
// connected account and everything behind it are removed
// (connected_accounts/delete): the devices domain ends there what it keeps
// of the account's devices (their access codes, with their events), since
// the rows go with the account.
func (s *Service) OnConnectedAccountGone(f func(ctx context.Context, tx *store.Tx, workspaceID, connectedAccountID string) error) {
	s.accountGone = append(s.accountGone, f)
}

// AccessMethods are the access methods of access grants, as far as the
// ACS domain needs them: encoding a card by its access method, and telling
// the method that its card was encoded.
type AccessMethods interface {
	// CardCredentialOf returns the card credential behind an access
	// method of the workspace on an access system.
	CardCredentialOf(ctx context.Context, tx *store.Tx, workspaceID, accessMethodID, acsSystemID string) (string, error)
	// CredentialIssued is told, in the transaction that issued it, that a
	// credential is issued: the access system has it, or an encoder wrote
	// it onto a card.
	CredentialIssued(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID string) error
	// CredentialReissued is told, in the transaction that did it, that an
	// issued credential was issued again (a card encoded again).
	CredentialReissued(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID string) error
}

// SetAccessMethods wires the access methods of access grants.
func (s *Service) SetAccessMethods(m AccessMethods) { s.methods = m }

// NewService builds the ACS domain service.
func NewService(st *store.Store, connectors *connector.Registry, events *event.Recorder, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, connectors: connectors, events: events, log: log}
}

// SetQueue wires the background queue for systems that do not apply
// mutations inline.
func (s *Service) SetQueue(q Queue) { s.queue = q }

// Errors of this domain.
var (
	errUserNotFound        = lintel.NotFound("acs_user", "Access control user not found")
	errSystemNotFound      = lintel.NotFound("acs_system", "Access control system not found")
	errIdentityNotFound    = lintel.NotFound("user_identity", "User identity not found")
	errAccessGroupNotFound = lintel.NotFound("acs_access_group", "Access group not found")
	errCredentialNotFound  = lintel.NotFound("acs_credential", "Credential not found")
	errEntranceNotFound    = lintel.NotFound("acs_entrance", "Entrance not found")
)

// invalid is the invalid_input error for one field.
func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}

// notFound maps the store's ErrNotFound to a domain error; other errors
// pass through unchanged.
func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

// push hands a mutation to the system's connector. An inline connector
// applies it now and the mutation is finished in the same transaction; a
// queued one records it as pending and enqueues it, to be finished by the
// worker once the access system confirms.
func (s *Service) push(ctx context.Context, tx *store.Tx, sys store.AcsSystem, m connector.Mutation, pendingCode, pendingMessage string) error {
	c, err := s.connectors.For(sys)
	if err != nil {
		return err
	}
	m.WorkspaceID, m.AcsSystemID = sys.WorkspaceID, sys.AcsSystemID
	if m.RequestedAt == 0 {
		m.RequestedAt = tx.Now().UnixMilli()
	}
	if m.RequestID == "" {
		m.RequestID = lintel.RequestIDFrom(ctx)
	}
	if c.Inline(sys) {
		m.Inline = true
		if err := c.Apply(ctx, tx, sys, m); err != nil {
			return err
		}
		return s.finish(ctx, tx, m)
	}
	if s.queue == nil {
		return errors.New("acs system " + sys.AcsSystemID + " needs the background queue, which is not running")
	}
	if pendingCode != "" {
		if err := tx.InsertPendingMutation(ctx, sys.WorkspaceID, store.PendingMutation{
			PendingMutationID: lintel.NewID(), ObjectType: objectTypeOf(m.Kind), ObjectID: m.ObjectID,
			MutationCode: pendingCode, Message: pendingMessage, CreatedAt: tx.Now()}); err != nil {
			return err
		}
	}
	return s.queue.Enqueue(ctx, tx, m)
}

func objectTypeOf(kind string) string {
	switch kind {
	case connector.IssueCredential, connector.UpdateCredential, connector.RevokeCredential:
		return "acs_credential"
	case connector.UnlockEntrance:
		return "action_attempt"
	}
	return "acs_user"
}

// ApplyQueued is what a worker runs for a queued mutation: apply it through
// the connector, then finish it, in the worker's transaction.
func (s *Service) ApplyQueued(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	sys, err := tx.AcsSystem(ctx, m.WorkspaceID, m.AcsSystemID)
	if err != nil {
		return err
	}
	c, err := s.connectors.For(sys)
	if err != nil {
		return err
	}
	if err := c.Apply(ctx, tx, sys, m); err != nil {
		return err
	}
	if err := s.finish(ctx, tx, m); err != nil {
		return err
	}
	return s.clearFailure(ctx, tx, m)
}

// finish makes a mutation's effects final once the access system has it:
// pending state cleared, and the events that were waiting for it recorded.
func (s *Service) finish(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	switch m.Kind {
	case connector.DeleteUser:
		return s.finishUserDelete(ctx, tx, m)
	case connector.CreateUser:
		if err := tx.DeletePendingMutations(ctx, m.WorkspaceID, m.ObjectID, "creating"); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, m.WorkspaceID, clientEvent(event.AcsUserCreated, m))
	case connector.IssueCredential:
		return s.finishCredentialIssue(ctx, tx, m)
	case connector.RevokeCredential:
		return s.finishCredentialDelete(ctx, tx, m)
	case connector.UnlockEntrance:
		return s.finishUnlock(ctx, tx, m)
	default:
		return tx.DeletePendingMutations(ctx, m.WorkspaceID, m.ObjectID, pendingCodeOf(m.Kind))
	}
}

// pendingCodeOf is the pending_mutations code shown while m waits.
func pendingCodeOf(kind string) string {
	switch kind {
	case connector.CreateUser:
		return "creating"
	case connector.DeleteUser:
		return "deleting"
	case connector.UpdateUser:
		return "updating_user_information"
	case connector.SuspendUser, connector.UnsuspendUser:
		return "updating_suspension_state"
	case connector.AddToGroup, connector.RemoveFromGroup, connector.GrantEntrance, connector.RevokeEntrance:
		// The spec has no code of its own for direct entrance grants.
		return "updating_group_membership"
	case connector.IssueCredential, connector.UpdateCredential, connector.RevokeCredential:
		return "updating_credential_assignment"
	}
	return ""
}

// pendingMutationsOf reads the pending mutations of the listed objects, by
// object id, for presenting them.
func pendingMutationsOf[T any](ctx context.Context, tx *store.Tx, workspaceID string, objects []T, id func(T) string) (map[string][]store.PendingMutation, error) {
	ids := make([]string, len(objects))
	for i, o := range objects {
		ids[i] = id(o)
	}
	return tx.PendingMutations(ctx, workspaceID, ids)
}
