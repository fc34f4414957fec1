package store_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestWebhooks(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		id := lintel.NewID()
		inTx(t, st, func(tx *store.Tx) error {
			return tx.InsertWebhook(ctx, a.WorkspaceID, store.Webhook{WebhookID: id, URL: "https://example.com/h",
				EventTypes: []string{"*"}, SecretSealed: "v1:sealed", CreatedAt: tx.Now()})
		})

		t.Run("get and list", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				w, err := tx.Webhook(ctx, a.WorkspaceID, id)
				if err != nil {
					return err
				}
				if w.URL != "https://example.com/h" || !slices.Equal(w.EventTypes, []string{"*"}) || w.SecretSealed != "v1:sealed" || w.DisabledAt != nil {
					t.Errorf("Webhook = %+v", w)
				}
				if ws, err := tx.Webhooks(ctx, a.WorkspaceID); err != nil || len(ws) != 1 {
					t.Errorf("Webhooks of W_A = %d, %v", len(ws), err)
				}
				// Different workspace.
				if _, err := tx.Webhook(ctx, b.WorkspaceID, id); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("Webhook from W_B: %v", err)
				}
				if ws, err := tx.Webhooks(ctx, b.WorkspaceID); err != nil || len(ws) != 0 {
					t.Errorf("Webhooks of W_B = %d, %v", len(ws), err)
				}
				return nil
			})
		})

		t.Run("update and disable", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing changes.
				if err := tx.SetWebhookEventTypes(ctx, b.WorkspaceID, id, []string{"acs_user.deleted"}); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("SetWebhookEventTypes from W_B: %v", err)
				}
				if err := tx.DisableWebhook(ctx, b.WorkspaceID, id, "gone"); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("DisableWebhook from W_B: %v", err)
				}
				if w, err := tx.Webhook(ctx, a.WorkspaceID, id); err != nil || !slices.Equal(w.EventTypes, []string{"*"}) || w.DisabledAt != nil {
					t.Errorf("after W_B's writes, W_A's webhook = %+v, %v", w, err)
				}
				if err := tx.SetWebhookEventTypes(ctx, a.WorkspaceID, id, []string{"acs_user.deleted"}); err != nil {
					return err
				}
				if err := tx.DisableWebhook(ctx, a.WorkspaceID, id, "gone"); err != nil {
					return err
				}
				return tx.DisableWebhook(ctx, a.WorkspaceID, id, "gone") // again: no change, no error
			})
			view(t, st, func(tx *store.Tx) error {
				w, err := tx.Webhook(ctx, a.WorkspaceID, id)
				if err == nil && (!slices.Equal(w.EventTypes, []string{"acs_user.deleted"}) || w.DisabledAt == nil || w.DisabledReason != "gone") {
					t.Errorf("after update and disable: %+v", w)
				}
				return err
			})
		})

		t.Run("delete", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.DeleteWebhook(ctx, b.WorkspaceID, id); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("DeleteWebhook from W_B: %v", err)
				}
				if _, err := tx.Webhook(ctx, a.WorkspaceID, id); err != nil {
					t.Errorf("after W_B's delete, W_A's webhook: %v", err)
				}
				if err := tx.DeleteWebhook(ctx, a.WorkspaceID, id); err != nil {
					return err
				}
				if err := tx.DeleteWebhook(ctx, a.WorkspaceID, id); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("DeleteWebhook twice: %v", err)
				}
				return nil
			})
		})

		// Different workspace: a webhook W_B creates is W_B's alone.
		t.Run("different workspace insert", func(t *testing.T) {
			theirs := lintel.NewID()
			inTx(t, st, func(tx *store.Tx) error {
				return tx.InsertWebhook(ctx, b.WorkspaceID, store.Webhook{WebhookID: theirs, URL: "https://example.com/b",
					EventTypes: []string{"*"}, SecretSealed: "v1:b", CreatedAt: tx.Now()})
			})
			view(t, st, func(tx *store.Tx) error {
				if _, err := tx.Webhook(ctx, a.WorkspaceID, theirs); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("W_B's webhook from W_A: %v, want ErrNotFound", err)
				}
				mine, err := tx.Webhooks(ctx, a.WorkspaceID)
				if err != nil {
					return err
				}
				for _, w := range mine {
					if w.WebhookID == theirs {
						t.Errorf("W_B's webhook listed in W_A")
					}
				}
				return nil
			})
		})
	})
}

func TestWebhookDeliveries(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		hook := lintel.NewID()
		theirs := lintel.NewID()
		ids := []string{lintel.NewID(), lintel.NewID(), lintel.NewID()}
		inTx(t, st, func(tx *store.Tx) error {
			for ws, id := range map[string]string{a.WorkspaceID: hook, b.WorkspaceID: theirs} {
				if err := tx.InsertWebhook(ctx, ws, store.Webhook{WebhookID: id, URL: "https://example.com/h",
					EventTypes: []string{"*"}, SecretSealed: "v1:sealed", CreatedAt: tx.Now()}); err != nil {
					return err
				}
			}
			var ds []store.WebhookDelivery
			for i, id := range ids {
				ds = append(ds, store.WebhookDelivery{DeliveryID: id, WebhookID: hook, EventID: "e" + strconv.Itoa(i)})
			}
			if err := tx.InsertWebhookDeliveries(ctx, a.WorkspaceID, ds); err != nil {
				return err
			}
			// Different workspace: W_B cannot queue deliveries to W_A's webhook.
			return tx.InsertWebhookDeliveries(ctx, b.WorkspaceID, []store.WebhookDelivery{{DeliveryID: lintel.NewID(),
				WebhookID: hook, EventID: "sneaky"}})
		})
		lease := time.Now().Add(time.Hour)
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_B claims, retries and finishes nothing of W_A's.
			if got, err := tx.ClaimWebhookDeliveries(ctx, b.WorkspaceID, hook, 10, lease); err != nil || len(got) != 0 {
				t.Errorf("ClaimWebhookDeliveries from W_B = %v, %v", got, err)
			}
			wantNotFound(t, "RetryWebhookDelivery from W_B", tx.RetryWebhookDelivery(ctx, b.WorkspaceID, ids[0], nil, "x"))
			wantNotFound(t, "FinishWebhookDelivery from W_B", tx.FinishWebhookDelivery(ctx, b.WorkspaceID, ids[0]))
			wantNotFound(t, "SetWebhookHealth from W_B", tx.SetWebhookHealth(ctx, b.WorkspaceID, hook, 3, nil))
			if got, err := tx.WebhookDeliveries(ctx, b.WorkspaceID, hook); err != nil || len(got) != 0 {
				t.Errorf("WebhookDeliveries from W_B = %v, %v", got, err)
			}
			got, err := tx.ClaimWebhookDeliveries(ctx, a.WorkspaceID, hook, 2, lease)
			if err != nil || len(got) != 2 || got[0].DeliveryID != ids[0] || got[1].DeliveryID != ids[1] || got[0].EventID != "e0" {
				t.Errorf("ClaimWebhookDeliveries = %+v, %v; want the first two, in order", got, err)
			}
			// Leased: not claimed again.
			if got, err := tx.ClaimWebhookDeliveries(ctx, a.WorkspaceID, hook, 10, lease); err != nil || len(got) != 1 || got[0].DeliveryID != ids[2] {
				t.Errorf("second claim = %+v, %v; want the third alone", got, err)
			}
			later := tx.Now().Add(time.Hour)
			if err := tx.RetryWebhookDelivery(ctx, a.WorkspaceID, ids[0], &later, "receiver answered 500"); err != nil {
				return err
			}
			if err := tx.RetryWebhookDelivery(ctx, a.WorkspaceID, ids[1], nil, "receiver answered 500"); err != nil {
				return err
			}
			if err := tx.FinishWebhookDelivery(ctx, a.WorkspaceID, ids[2]); err != nil {
				return err
			}
			return tx.SetWebhookHealth(ctx, a.WorkspaceID, hook, 2, &later)
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.WebhookDeliveries(ctx, a.WorkspaceID, hook)
			if err != nil || len(got) != 2 || got[0].Attempts != 1 || got[0].FailedAt != nil || got[1].FailedAt == nil ||
				got[1].LastError != "receiver answered 500" {
				t.Errorf("WebhookDeliveries = %+v, %v", got, err)
			}
			w, err := tx.Webhook(ctx, a.WorkspaceID, hook)
			if err != nil || w.Failures != 2 || w.BackoffUntil == nil {
				t.Errorf("after SetWebhookHealth: %+v, %v", w, err)
			}
			// Backed off: not due.
			due, err := tx.WebhooksDue(ctx, time.Now().Add(2*time.Hour), 10)
			if err != nil || len(due) != 1 || due[0].WebhookID != hook || due[0].WorkspaceID != a.WorkspaceID {
				t.Errorf("WebhooksDue in two hours = %v, %v", due, err)
			}
			if due, _ := tx.WebhooksDue(ctx, time.Now(), 10); len(due) != 0 {
				t.Errorf("WebhooksDue now = %v, want none (backed off)", due)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			return tx.DisableWebhook(ctx, a.WorkspaceID, hook, "every attempt failed")
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.WebhookDeliveries(ctx, a.WorkspaceID, hook)
			if err != nil || len(got) != 2 || got[0].FailedAt == nil {
				t.Errorf("after DisableWebhook, the waiting delivery is not failed: %+v, %v", got, err)
			}
			if due, _ := tx.WebhooksDue(ctx, time.Now().Add(2*time.Hour), 10); len(due) != 0 {
				t.Errorf("WebhooksDue of a disabled webhook = %v", due)
			}
			return nil
		})
	})
}

func TestQueuedMutations(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sys := a.Systems[0].AcsSystemID
		inTx(t, st, func(tx *store.Tx) error {
			// W_B names W_A's system: nothing is written.
			wantNotFound(t, "InsertQueuedMutation from W_B on W_A's system", tx.InsertQueuedMutation(ctx, b.WorkspaceID,
				store.QueuedMutation{JobID: 13, AcsSystemID: sys, Subject: sys + "/user/z", ObjectID: "u3", Kind: "create_user",
					CreatedAt: tx.Now()}))
			for _, q := range []store.QueuedMutation{
				{JobID: 10, AcsSystemID: sys, Subject: sys + "/user/x", ObjectID: "u1", Kind: "create_user"},
				{JobID: 11, AcsSystemID: sys, Subject: sys + "/user/y", ObjectID: "u2", Kind: "create_user"},
				{JobID: 12, AcsSystemID: sys, Subject: sys + "/user/x", ObjectID: "u1", Kind: "delete_user"},
			} {
				q.CreatedAt = tx.Now()
				if err := tx.InsertQueuedMutation(ctx, a.WorkspaceID, q); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			for _, c := range []struct {
				ws          string
				job         int64
				pending, in bool
			}{
				{a.WorkspaceID, 12, true, true}, {a.WorkspaceID, 10, true, false}, {a.WorkspaceID, 99, false, true},
				{b.WorkspaceID, 12, false, false}, // different workspace
				{b.WorkspaceID, 13, false, false}, // W_B's write on W_A's system
			} {
				p, err := tx.QueuedMutationPending(ctx, c.ws, c.job)
				if err != nil || p != c.pending {
					t.Errorf("QueuedMutationPending(%d) = %v, %v", c.job, p, err)
				}
				before, err := tx.QueuedMutationBefore(ctx, c.ws, sys+"/user/x", c.job)
				if err != nil || before != c.in {
					t.Errorf("QueuedMutationBefore(%d) = %v, %v", c.job, before, err)
				}
			}
			next, ok, err := tx.NextQueuedMutation(ctx, a.WorkspaceID, sys+"/user/x", 10)
			if err != nil || !ok || next != 12 {
				t.Errorf("NextQueuedMutation = %d, %v, %v", next, ok, err)
			}
			if _, ok, _ := tx.NextQueuedMutation(ctx, b.WorkspaceID, sys+"/user/x", 10); ok {
				t.Error("NextQueuedMutation from W_B found one")
			}
			subjects, err := tx.QueuedSubjectsOfSystem(ctx, a.WorkspaceID, sys)
			if err != nil || len(subjects) != 2 || !subjects[sys+"/user/y"] {
				t.Errorf("QueuedSubjectsOfSystem = %v, %v", subjects, err)
			}
			if s, _ := tx.QueuedSubjectsOfSystem(ctx, b.WorkspaceID, sys); len(s) != 0 {
				t.Errorf("QueuedSubjectsOfSystem from W_B = %v", s)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			if ok, err := tx.ClaimQueuedMutation(ctx, b.WorkspaceID, 10); err != nil || ok {
				t.Errorf("ClaimQueuedMutation from W_B = %v, %v", ok, err)
			}
			if ok, err := tx.ClaimQueuedMutation(ctx, a.WorkspaceID, 10); err != nil || !ok {
				t.Errorf("ClaimQueuedMutation = %v, %v", ok, err)
			}
			if ok, err := tx.ClaimQueuedMutation(ctx, a.WorkspaceID, 10); err != nil || ok {
				t.Errorf("ClaimQueuedMutation twice = %v, %v", ok, err)
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			before, err := tx.QueuedMutationBefore(ctx, a.WorkspaceID, sys+"/user/x", 12)
			if err != nil || before {
				t.Errorf("after the claim, QueuedMutationBefore(12) = %v, %v", before, err)
			}
			counts, err := tx.JobCounts(ctx)
			if err != nil || len(counts) != 0 {
				t.Errorf("JobCounts on an empty queue = %v, %v", counts, err)
			}
			return nil
		})
	})
}

// TestLockWebhook: on PostgreSQL a webhook's lock is held until its
// transaction ends; held alone (LockWebhook) it makes another taker wait,
// held shared (ShareWebhookLock) it lets other sharers through but not one
// who takes it alone; W_B's webhook of the same id is another lock. On
// SQLite, where one write transaction runs at a time, it has nothing to
// hold.
func TestLockWebhook(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		id := lintel.NewID()
		alone := func(tx *store.Tx, ws string) error { return tx.LockWebhook(ctx, ws, id) }
		shared := func(tx *store.Tx, ws string) error { return tx.ShareWebhookLock(ctx, ws, id) }
		// Different workspace: W_B names W_A's webhook id; it locks no
		// row of W_A (a lock writes nothing), on either database.
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.LockWebhook(ctx, b.WorkspaceID, id); err != nil {
				return err
			}
			return tx.ShareWebhookLock(ctx, b.WorkspaceID, id)
		})
		if st.Dialect() != store.Postgres {
			inTx(t, st, func(tx *store.Tx) error { return alone(tx, a.WorkspaceID) })
			inTx(t, st, func(tx *store.Tx) error { return shared(tx, a.WorkspaceID) })
			return
		}
		// hold takes W_A's lock in a transaction of its own, lets check
		// run while it holds it, and ends the transaction 300 ms after
		// (a taker that must wait is waiting by then).
		hold := func(lock func(*store.Tx, string) error, check func()) (released *atomic.Bool, done <-chan error) {
			released = &atomic.Bool{}
			locked, checked, ended := make(chan struct{}), make(chan struct{}), make(chan error, 1)
			go func() {
				ended <- st.InTx(ctx, func(tx *store.Tx) error {
					if err := lock(tx, a.WorkspaceID); err != nil {
						return err
					}
					close(locked)
					<-checked
					time.Sleep(300 * time.Millisecond)
					released.Store(true)
					return nil
				})
			}()
			<-locked
			check()
			close(checked)
			return released, ended
		}
		// without waiting takes a lock that must not wait for the holder.
		withoutWaiting := func(what string, ws string, lock func(*store.Tx, string) error) {
			t.Helper()
			bctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			if err := st.InTx(bctx, func(tx *store.Tx) error { return lock(tx, ws) }); err != nil {
				t.Errorf("%s: %v", what, err)
			}
		}
		// afterRelease takes W_A's lock alone: it must wait for the holder.
		afterRelease := func(what string, released *atomic.Bool, done <-chan error) {
			t.Helper()
			inTx(t, st, func(tx *store.Tx) error {
				if err := alone(tx, a.WorkspaceID); err != nil {
					return err
				}
				if !released.Load() {
					t.Errorf("%s: W_A's webhook lock was taken alone while another transaction held it", what)
				}
				return nil
			})
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}

		released, done := hold(alone, func() {
			// Different workspace: W_B's lock is another.
			withoutWaiting("W_B's lock while W_A's is held", b.WorkspaceID, alone)
		})
		afterRelease("held alone", released, done)

		released, done = hold(shared, func() {
			withoutWaiting("W_A's lock shared while another shares it", a.WorkspaceID, shared)
			withoutWaiting("W_B's lock shared while W_A's is shared", b.WorkspaceID, shared)
		})
		afterRelease("held shared", released, done)
	})
}
