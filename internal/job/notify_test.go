package job_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/webhook"
)

// TestQueuedJobsAreHeardOf: a job queued in a transaction is worked once
// the transaction commits, not at the queue's next poll. The queue polls
// once an hour here and nothing else wakes it: a user's deletion on a
// remote access system, whose connector mutation is queued in the
// deletion's transaction, must still finish. On PostgreSQL this needs
// River's LISTEN, which database/sql cannot do (a pgx connection of its
// own, store.ListenerPool); on SQLite River reads its notification table.
// The deletions follow one another: River is told of each (its fetch
// cooldown, 1 ms, is shorter than a deletion; at River's default of 100 ms
// the second deletion's job waited for the poll).
func TestQueuedJobsAreHeardOf(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st, envOptions{pollInterval: time.Hour})
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote})
		// Let the queue's start-up fetch pass, so that only a notification
		// can wake it.
		time.Sleep(500 * time.Millisecond)
		ctx := context.Background()
		for i, id := range e.A.Systems[0].AcsUserIDs {
			if err := e.app.Acs.DeleteUser(ctx, principal(e.A), acs.UserRef{AcsUserID: id}); err != nil {
				t.Fatal(err)
			}
			for n := 0; ; n++ {
				if _, err := e.app.Acs.GetUser(ctx, principal(e.A), acs.UserRef{AcsUserID: id}); err != nil {
					break // deleted for good: the queued mutation ran
				}
				if n == 1500 {
					t.Fatalf("deletion %d, queued in a committed transaction, did not finish within 30 s with the queue polling hourly", i+1)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	})
}

// TestDeliveryQueuedAsItsJobEnds: an event committed after its webhook's
// job found nothing left to claim, but before that job's worker returned,
// is still delivered: the job completed in the transaction of its last
// claim, so the event's delivery queues a job of its own. Nothing else
// would find it here: the queue polls, and the webhook waker looks, hourly.
func TestDeliveryQueuedAsItsJobEnds(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st, envOptions{pollInterval: time.Hour, noWorkers: true, webhooks: webhook.Config{AllowPrivate: true}})
		arrived := make(chan struct{}, 10)
		r := newReceiver(t, func(int) int { arrived <- struct{}{}; return http.StatusNoContent })
		e.createWebhook(e.A, r.srv.URL)
		ended, release := make(chan struct{}), make(chan struct{})
		var once sync.Once
		e.app.Jobs.SetAfterLastClaim(func() { once.Do(func() { close(ended); <-release }) })
		releaseOnce := sync.OnceFunc(func() { close(release) })
		defer releaseOnce() // a failed test does not hold the worker
		e.startWorkers()
		ctx := context.Background()
		record := func() {
			t.Helper()
			err := st.InTx(ctx, func(tx *store.Tx) error {
				return e.app.Events.Record(ctx, tx, e.A.WorkspaceID, client.Event{EventType: event.AcsUserDeleted,
					AcsUserID: e.A.Systems[0].AcsUserIDs[0]})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		wait := func(c <-chan struct{}, what string) {
			t.Helper()
			select {
			case <-c:
			case <-time.After(30 * time.Second):
				t.Fatalf("%s within 30 s", what)
			}
		}
		record()
		wait(arrived, "the first delivery did not arrive")
		wait(ended, "the webhook's job did not find its deliveries done")
		record() // while the job's worker is held
		releaseOnce()
		wait(arrived, "the delivery queued as the webhook's job ended did not arrive")
	})
}
