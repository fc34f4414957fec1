package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestHeldWrites: on PostgreSQL the audit row and events are held back and
// sent with the transaction's next statement; what follows must see them,
// and a failing one must fail the transaction with its own error.
func TestHeldWrites(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _ := twoWorkspaces(t, st)
		record := func(tx *store.Tx, id, object string) store.AuditRecord {
			return store.AuditRecord{AuditID: id, Action: "acs_user.delete", ObjectType: "acs_user", ObjectID: object,
				ActorKind: "api_key", ActorID: "k", Outcome: "done", OccurredAt: tx.Now()}
		}
		object := lintel.NewID()
		inTx(t, st, func(tx *store.Tx) error {
			for range 2 {
				if err := tx.InsertAudit(ctx, a.WorkspaceID, record(tx, lintel.NewID(), object)); err != nil {
					return err
				}
			}
			// A list query travels with the held writes…
			if got, err := tx.AuditRecords(ctx, a.WorkspaceID, object); err != nil || len(got) != 2 {
				t.Errorf("AuditRecords after two inserts = %d records, %v", len(got), err)
			}
			// …a single-row query follows them.
			if err := tx.InsertAudit(ctx, a.WorkspaceID, record(tx, lintel.NewID(), object)); err != nil {
				return err
			}
			if _, err := tx.Workspace(ctx, a.WorkspaceID); err != nil {
				return err
			}
			got, err := tx.AuditRecords(ctx, a.WorkspaceID, object)
			if err != nil || len(got) != 3 {
				t.Errorf("AuditRecords after three inserts = %d records, %v", len(got), err)
			}
			return err
		})

		// The same event id twice: the second insert fails, on PostgreSQL
		// only when it is sent, at commit; either way nothing is kept, the
		// audit record held before it included.
		failed := lintel.NewID()
		dup := lintel.NewID()
		err := st.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertAudit(ctx, a.WorkspaceID, record(tx, lintel.NewID(), failed)); err != nil {
				return err
			}
			if err := tx.InsertEvent(ctx, a.WorkspaceID, heldEvent(tx, dup)); err != nil {
				return err
			}
			return tx.InsertEvent(ctx, a.WorkspaceID, heldEvent(tx, dup))
		})
		if err == nil {
			t.Fatal("a duplicate event id committed")
		}
		uniqueViolation(t, err)
		// Failing before a list query: the query reports the write's error.
		err = st.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertEvent(ctx, a.WorkspaceID, heldEvent(tx, dup)); err != nil {
				return err
			}
			if err := tx.InsertEvent(ctx, a.WorkspaceID, heldEvent(tx, dup)); err != nil {
				return err
			}
			_, err := tx.AuditRecords(ctx, a.WorkspaceID, failed)
			return err
		})
		if err == nil {
			t.Fatal("a duplicate event id before a query committed")
		}
		uniqueViolation(t, err)
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.AuditRecords(ctx, a.WorkspaceID, failed)
			if len(got) != 0 {
				t.Errorf("the failed transactions left %d audit records", len(got))
			}
			if err != nil {
				return err
			}
			if _, err := tx.Event(ctx, a.WorkspaceID, dup); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Event(the duplicated id) = %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}

// uniqueViolation fails the test unless a PostgreSQL error is the unique
// violation (not, say, "current transaction is aborted").
func uniqueViolation(t *testing.T, err error) {
	t.Helper()
	var sc interface{ SQLState() string }
	if errors.As(err, &sc) && sc.SQLState() != "23505" {
		t.Errorf("InTx = %v, want the insert's unique violation", err)
	}
}
