package grant

import (
	"context"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// issuedBy names the kind of object each mutation that issues part of an
// access method puts on its access system or lock.
var issuedBy = map[string]string{
	connector.IssueCredential: store.ObjectAcsCredential,
	connector.SetAccessCode:   store.ObjectAccessCode,
}

// IssueDelayed is told by the job queue that a queued mutation was not
// applied and will be tried again (the access system or the lock is not
// answering). Each method waiting for what the mutation issues records,
// once, access_method.delay_in_issuing, and shows the warning
// delay_in_issuing until it is issued. Other mutations change nothing.
func (s *Service) IssueDelayed(ctx context.Context, m connector.Mutation) error {
	objectType, ok := issuedBy[m.Kind]
	if !ok {
		return nil
	}
	mark := func(am *store.AccessMethod, now time.Time) bool {
		if am.IsIssued || am.IssueDelayedAt != nil || am.IssueFailedAt != nil {
			return false
		}
		am.IssueDelayedAt = &now
		return true
	}
	// Most retries find every method already marked: a read, no write.
	var waiting bool
	err := s.store.View(ctx, func(tx *store.Tx) error {
		methods, err := tx.AccessMethodsOfObject(ctx, m.WorkspaceID, objectType, m.ObjectID)
		for _, am := range methods {
			waiting = waiting || mark(&am, tx.Now())
		}
		return err
	})
	if err != nil || !waiting {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.markIssuing(ctx, tx, m, event.AccessMethodDelayInIssuing, mark)
	})
}

// IssueFailedTx is told by the job queue, in the transaction that fails a
// queued mutation for good, that it was never applied. Each method waiting
// for what the mutation issues records access_method.failed_to_issue and
// shows the error failed_to_issue, until a later push (reconciliation)
// issues it after all.
func (s *Service) IssueFailedTx(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	if _, ok := issuedBy[m.Kind]; !ok {
		return nil
	}
	return s.markIssuing(ctx, tx, m, event.AccessMethodFailedToIssue,
		func(am *store.AccessMethod, now time.Time) bool {
			if am.IssueFailedAt != nil {
				return false
			}
			am.IssueFailedAt = &now
			return true
		})
}

// markIssuing applies mark to each method not yet issued that waits for
// the object of m, and records eventType for those it changed.
func (s *Service) markIssuing(ctx context.Context, tx *store.Tx, m connector.Mutation, eventType string,
	mark func(am *store.AccessMethod, now time.Time) bool) error {
	methods, err := tx.AccessMethodsOfObject(ctx, m.WorkspaceID, issuedBy[m.Kind], m.ObjectID)
	if err != nil {
		return err
	}
	var events []client.Event
	for _, am := range methods {
		if am.IsIssued || !mark(&am, tx.Now()) {
			continue
		}
		if err := tx.UpdateAccessMethod(ctx, m.WorkspaceID, am); err != nil {
			return err
		}
		events = append(events, methodEvent(eventType, am))
	}
	return s.events.Record(ctx, tx, m.WorkspaceID, events...)
}
