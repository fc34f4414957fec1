package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestEventLog(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		user, cred := lintel.NewID(), lintel.NewID()
		var events []store.Event
		inTx(t, st, func(tx *store.Tx) error {
			now := tx.Now()
			earlier := tx.Now().Add(-time.Minute)
			for _, e := range []store.Event{
				{EventType: "acs_user.created", AcsUserID: user, UserIdentityID: lintel.NewID()},
				{EventType: "acs_credential.issued", AcsCredentialID: cred, AcsUserID: user},
				{EventType: "acs_user.deleted", AcsUserID: user, Payload: `{"event_description":"gone"}`},
			} {
				e.EventID, e.WorkspaceID, e.CreatedAt, e.OccurredAt = lintel.NewID(), a.WorkspaceID, now, earlier
				e.AcsSystemID, e.ConnectedAccountID = lintel.NewID(), lintel.NewID()
				e.AcsAccessGroupID, e.AcsEntranceID, e.AcsEncoderID = lintel.NewID(), lintel.NewID(), lintel.NewID()
				if e.Payload == "" {
					e.Payload = `{"event_id":"` + e.EventID + `"}`
				}
				events = append(events, e)
			}
			if err := tx.InsertEvents(ctx, a.WorkspaceID, nil); err != nil {
				t.Errorf("InsertEvents(none): %v", err)
			}
			if err := tx.InsertEvents(ctx, a.WorkspaceID, events); err != nil {
				return err
			}
			// Different workspace: W_B's event about the same user id is
			// W_B's; W_A's lists below still count three.
			theirs := events[0]
			theirs.EventID, theirs.WorkspaceID = lintel.NewID(), b.WorkspaceID
			if err := tx.InsertEvents(ctx, b.WorkspaceID, []store.Event{theirs}); err != nil {
				return err
			}
			if got, err := tx.ListEvents(ctx, b.WorkspaceID, store.EventFilter{EventIDs: []string{theirs.EventID}, Limit: 10}); err != nil || len(got) != 1 {
				t.Errorf("W_B's own event = %d, %v; want 1", len(got), err)
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			for _, want := range events {
				got, err := tx.Event(ctx, a.WorkspaceID, want.EventID)
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("Event = %+v, want %+v", got, want)
				}
				// Different workspace.
				if _, err := tx.Event(ctx, b.WorkspaceID, want.EventID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("Event from W_B: err = %v, want ErrNotFound", err)
				}
			}
			if _, err := tx.Event(ctx, a.WorkspaceID, lintel.NewID()); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("unknown event: err = %v, want ErrNotFound", err)
			}
			since := time.Unix(0, 0)
			for _, tc := range []struct {
				name string
				ws   string
				f    store.EventFilter
				want int
			}{
				{"all", a.WorkspaceID, store.EventFilter{Since: &since}, 3},
				{"user", a.WorkspaceID, store.EventFilter{Since: &since, AcsUserID: user}, 3},
				{"credential", a.WorkspaceID, store.EventFilter{Since: &since, AcsCredentialID: cred}, 1},
				{"type", a.WorkspaceID, store.EventFilter{Since: &since, EventTypes: []string{"acs_user.deleted"}}, 1},
				{"different workspace", b.WorkspaceID, store.EventFilter{Since: &since}, 1},
				{"different workspace ids", b.WorkspaceID, store.EventFilter{EventIDs: []string{events[0].EventID}}, 0},
				{"different workspace user", b.WorkspaceID, store.EventFilter{Since: &since, AcsUserID: user}, 1},
			} {
				tc.f.Limit = 10
				got, err := tx.ListEvents(ctx, tc.ws, tc.f)
				if err != nil || len(got) != tc.want {
					t.Errorf("ListEvents %s = %d, %v; want %d", tc.name, len(got), err, tc.want)
				}
			}
			return nil
		})
	})
}

func TestAuditLog(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		object := lintel.NewID()
		var records []store.AuditRecord
		inTx(t, st, func(tx *store.Tx) error {
			records = []store.AuditRecord{
				{AuditID: lintel.NewID(), Action: "acs_user.delete", ObjectType: "acs_user", ObjectID: object,
					ActorKind: "api_key", ActorID: lintel.NewID(), ActorShortToken: "short1", RequestID: "req-1",
					SourceIP: "127.0.0.1", Outcome: "requested", OccurredAt: tx.Now()},
				{AuditID: lintel.NewID(), Action: "acs_user.delete", ObjectType: "acs_user", ObjectID: object,
					ActorKind: "system", ActorID: "sandbox", Outcome: "denied", Reason: "acs_user_not_found", OccurredAt: tx.Now().Add(time.Second)},
				{AuditID: lintel.NewID(), Action: "acs_credential.delete", ObjectType: "acs_credential", ObjectID: lintel.NewID(),
					ActorKind: "pat", ActorID: lintel.NewID(), ActorUserID: lintel.NewID(), Outcome: "done", OccurredAt: tx.Now()},
			}
			for _, r := range records {
				if err := tx.InsertAudit(ctx, a.WorkspaceID, r); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.AuditRecords(ctx, a.WorkspaceID, object)
			if err != nil {
				return err
			}
			if len(got) != 2 || got[0] != records[0] || got[1] != records[1] {
				t.Errorf("AuditRecords = %+v, want %+v", got, records[:2])
			}
			if got, err := tx.AuditRecords(ctx, a.WorkspaceID, records[2].ObjectID); err != nil || len(got) != 1 || got[0] != records[2] {
				t.Errorf("AuditRecords of the credential = %+v, %v", got, err)
			}
			// Different workspace.
			if got, err := tx.AuditRecords(ctx, b.WorkspaceID, object); err != nil || len(got) != 0 {
				t.Errorf("AuditRecords from W_B = %+v, %v", got, err)
			}
			return nil
		})
		// Different workspace: a record W_B writes about the same object id
		// is W_B's; W_A's records stay two.
		inTx(t, st, func(tx *store.Tx) error {
			return tx.InsertAudit(ctx, b.WorkspaceID, store.AuditRecord{AuditID: lintel.NewID(), Action: "acs_user.delete",
				ObjectType: "acs_user", ObjectID: object, ActorKind: "system", ActorID: "sandbox", Outcome: "done", OccurredAt: tx.Now()})
		})
		view(t, st, func(tx *store.Tx) error {
			if got, err := tx.AuditRecords(ctx, a.WorkspaceID, object); err != nil || len(got) != 2 {
				t.Errorf("W_A's AuditRecords after W_B's insert = %d, %v; want 2", len(got), err)
			}
			if got, err := tx.AuditRecords(ctx, b.WorkspaceID, object); err != nil || len(got) != 1 {
				t.Errorf("W_B's AuditRecords = %d, %v; want 1", len(got), err)
			}
			return nil
		})
	})
}

func TestPendingMutations(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		user := a.Systems[0].AcsUserIDs[0]
		cred := a.Systems[0].CredentialIDs[user][0]
		var ms []store.PendingMutation
		inTx(t, st, func(tx *store.Tx) error {
			// W_B names W_A's user or credential, or its own user as
			// another type: nothing is written.
			userB := b.Systems[0].AcsUserIDs[0]
			for name, m := range map[string]store.PendingMutation{
				"W_A's user":                  {ObjectType: "acs_user", ObjectID: user},
				"W_A's credential":            {ObjectType: "acs_credential", ObjectID: cred},
				"its user as a credential":    {ObjectType: "acs_credential", ObjectID: userB},
				"its user as an unknown type": {ObjectType: "acs_access_group", ObjectID: userB},
			} {
				m.PendingMutationID, m.MutationCode, m.Message, m.CreatedAt = lintel.NewID(), "creating", "x", tx.Now()
				wantNotFound(t, "InsertPendingMutation from W_B with "+name, tx.InsertPendingMutation(ctx, b.WorkspaceID, m))
			}
			ms = []store.PendingMutation{
				{PendingMutationID: lintel.NewID(), ObjectType: "acs_user", ObjectID: user, MutationCode: "creating",
					Message: "Creating the user", CreatedAt: tx.Now()},
				{PendingMutationID: lintel.NewID(), ObjectType: "acs_user", ObjectID: user, MutationCode: "updating_group_membership",
					Message: "Adding the user to a group", CreatedAt: tx.Now().Add(time.Second)},
				{PendingMutationID: lintel.NewID(), ObjectType: "acs_credential", ObjectID: cred, MutationCode: "creating",
					Message: "Issuing", CreatedAt: tx.Now()},
			}
			for _, m := range ms {
				if err := tx.InsertPendingMutation(ctx, a.WorkspaceID, m); err != nil {
					return err
				}
			}
			return nil
		})
		pending := func(ws string, ids ...string) map[string][]store.PendingMutation {
			t.Helper()
			var out map[string][]store.PendingMutation
			view(t, st, func(tx *store.Tx) error {
				var err error
				out, err = tx.PendingMutations(ctx, ws, ids)
				return err
			})
			return out
		}
		got := pending(a.WorkspaceID, user, cred, lintel.NewID())
		if len(got) != 2 || len(got[user]) != 2 || got[user][0] != ms[0] || got[user][1] != ms[1] ||
			len(got[cred]) != 1 || got[cred][0] != ms[2] {
			t.Errorf("PendingMutations = %+v", got)
		}
		if got := pending(a.WorkspaceID); len(got) != 0 {
			t.Errorf("PendingMutations of no object = %+v", got)
		}
		// Different workspace: W_B neither sees nor clears them.
		if got := pending(b.WorkspaceID, user, cred); len(got) != 0 {
			t.Errorf("PendingMutations from W_B = %+v", got)
		}
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.DeletePendingMutations(ctx, b.WorkspaceID, user, ""); err != nil {
				return err
			}
			return tx.DeletePendingMutations(ctx, b.WorkspaceID, cred, "creating")
		})
		if got := pending(a.WorkspaceID, user, cred); len(got[user]) != 2 || len(got[cred]) != 1 {
			t.Errorf("after W_B's delete: %+v", got)
		}
		inTx(t, st, func(tx *store.Tx) error { return tx.DeletePendingMutations(ctx, a.WorkspaceID, user, "creating") })
		if got := pending(a.WorkspaceID, user, cred); len(got[user]) != 1 || got[user][0] != ms[1] || len(got[cred]) != 1 {
			t.Errorf("after deleting one code: %+v", got)
		}
		inTx(t, st, func(tx *store.Tx) error { return tx.DeletePendingMutations(ctx, a.WorkspaceID, user, "") })
		if got := pending(a.WorkspaceID, user, cred); len(got[user]) != 0 || len(got[cred]) != 1 {
			t.Errorf("after deleting all codes: %+v", got)
		}
		// A page of ids is looked up without its context's cancellation;
		// the ids of an unpaginated list, more than the largest page, keep
		// it: their caller gone, the lookup stops.
		many := make([]string, 501)
		for i := range many {
			many[i] = lintel.NewID()
		}
		gone, cancel := context.WithCancel(ctx)
		err := st.View(gone, func(tx *store.Tx) error {
			cancel()
			_, err := tx.PendingMutations(gone, a.WorkspaceID, many)
			return err
		})
		if err == nil {
			t.Error("PendingMutations of 501 ids after its context was cancelled succeeded")
		}
	})
}

// One call may append more events than a statement can carry parameters:
// 3,500 events of 20 columns are 70,000, past SQLite's 32,766 and
// PostgreSQL's 65,535.
func TestInsertManyEvents(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		user := lintel.NewID()
		events := make([]store.Event, 3500)
		inTx(t, st, func(tx *store.Tx) error {
			for i := range events {
				id := lintel.NewID()
				events[i] = store.Event{WorkspaceID: a.WorkspaceID, EventID: id, EventType: "acs_user.deleted",
					OccurredAt: tx.Now(), CreatedAt: tx.Now(), AcsUserID: user, Payload: `{"event_id":"` + id + `"}`}
			}
			return tx.InsertEvents(ctx, a.WorkspaceID, events)
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.ListEvents(ctx, a.WorkspaceID, store.EventFilter{AcsUserID: user, Limit: 5000})
			if err != nil {
				return err
			}
			if len(got) != len(events) {
				t.Errorf("listed %d events, want %d", len(got), len(events))
			}
			// Different workspace.
			theirs, err := tx.ListEvents(ctx, b.WorkspaceID, store.EventFilter{AcsUserID: user, Limit: 5000})
			if err != nil {
				return err
			}
			if len(theirs) != 0 {
				t.Errorf("W_B lists %d of W_A's events", len(theirs))
			}
			return nil
		})
	})
}
