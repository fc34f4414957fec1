package acs

import (
	"context"
	"errors"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// A queued mutation goes through three steps, run by a worker: SendQueued
// reaches the access system, outside any transaction; ApplyQueued records
// the effect and finishes the mutation in the worker's transaction; and
// when the access system has not confirmed within the retry budget,
// FailQueued gives up on it and says so on the object.

// SendQueued performs the exchange with the access system that a queued
// mutation needs, if its connector reaches the system over a network (see
// connector.Sender). It holds no transaction while it waits.
func (s *Service) SendQueued(ctx context.Context, m connector.Mutation) error {
	var sys store.AcsSystem
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var err error
		sys, err = tx.AcsSystem(ctx, m.WorkspaceID, m.AcsSystemID)
		return err
	})
	if err != nil {
		return err
	}
	c, err := s.connectors.For(sys)
	if err != nil {
		return err
	}
	if sender, ok := c.(connector.Sender); ok {
		return sender.Send(ctx, sys, m)
	}
	return nil
}

// FailQueued gives up on a queued mutation the access system never
// confirmed: its pending mutation is cleared and the object carries the
// error the spec names for it (failed_to_delete_on_acs_system for a
// deletion, and so on). A user whose deletion failed stays "being
// deleted", its credentials still out of service; reconciliation tries the
// deletion again. Seam's event types have none for this, so no event is
// recorded. An object that has gone meanwhile is left alone. An unlock
// ends its action attempt in "error" instead.
func (s *Service) FailQueued(ctx context.Context, tx *store.Tx, m connector.Mutation, cause error) error {
	if m.Kind == connector.UnlockEntrance {
		s.log.Warn("access system did not confirm an unlock; giving up", "workspace_id", m.WorkspaceID,
			"acs_system_id", m.AcsSystemID, "action_attempt_id", m.ObjectID, "cause", cause)
		return s.failUnlock(ctx, tx, m)
	}
	if err := tx.DeletePendingMutations(ctx, m.WorkspaceID, m.ObjectID, pendingCodeOf(m.Kind)); err != nil {
		return err
	}
	e := store.ObjectError{CreatedAt: tx.Now(), ErrorCode: failureCodeOf(m.Kind), Message: failureMessageOf(m.Kind)}
	var err error
	if objectTypeOf(m.Kind) == "acs_credential" {
		_, err = tx.AddAcsCredentialError(ctx, m.WorkspaceID, m.ObjectID, e)
	} else {
		_, err = tx.AddAcsUserError(ctx, m.WorkspaceID, m.ObjectID, e)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	s.log.Warn("access system did not confirm a mutation; giving up", "workspace_id", m.WorkspaceID,
		"acs_system_id", m.AcsSystemID, "kind", m.Kind, "object_id", m.ObjectID, "error_code", e.ErrorCode, "cause", cause)
	return nil
}

// clearFailure removes the error an earlier failure of the same kind of
// mutation left on the object, once one has been confirmed.
func (s *Service) clearFailure(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	if objectTypeOf(m.Kind) != "acs_user" || m.Kind == connector.DeleteUser {
		return nil // a deleted user is a tombstone; credentials keep their history
	}
	err := tx.RemoveAcsUserError(ctx, m.WorkspaceID, m.ObjectID, failureCodeOf(m.Kind))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// Error codes of objects whose mutation the access system never confirmed.
const (
	errFailedToCreate = "failed_to_create_on_acs_system"
	errFailedToUpdate = "failed_to_update_on_acs_system"
	errFailedToDelete = "failed_to_delete_on_acs_system"
	// Credentials have no enum of error codes in the spec; these follow the
	// users' naming.
	errFailedToIssue  = "failed_to_issue_on_acs_system"
	errFailedToRevoke = "failed_to_revoke_on_acs_system"
)

func failureCodeOf(kind string) string {
	switch kind {
	case connector.CreateUser:
		return errFailedToCreate
	case connector.DeleteUser:
		return errFailedToDelete
	case connector.IssueCredential:
		return errFailedToIssue
	case connector.RevokeCredential:
		return errFailedToRevoke
	}
	return errFailedToUpdate
}

func failureMessageOf(kind string) string {
	switch kind {
	case connector.CreateUser:
		return "The access system did not confirm the creation of the user"
	case connector.DeleteUser:
		return "The access system did not confirm the deletion of the user"
	case connector.IssueCredential:
		return "The access system did not confirm the issue of the credential"
	case connector.UpdateCredential:
		return "The access system did not confirm the change of the credential"
	case connector.RevokeCredential:
		return "The access system did not confirm the revocation of the credential"
	}
	return "The access system did not confirm the change of the user"
}
