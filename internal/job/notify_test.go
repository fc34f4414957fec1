package job_test

import (
	"context"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestQueuedJobsAreHeardOf: a job queued in a transaction is worked once
// the transaction commits, not at the queue's next poll. The queue polls
// once an hour here and nothing else wakes it: a user's deletion on a
// remote access system, whose connector mutation is queued in the
// deletion's transaction, must still finish. On PostgreSQL this needs
// River's LISTEN, which database/sql cannot do (a pgx connection of its
// own, store.ListenerPool); on SQLite River reads its notification table.
//
// River notifies a queue at most once per fetch cooldown (100 ms): a job
// queued within that time of the last notification is found at the next
// fetch, which may be the next poll. The deletions are spaced past it.
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
			time.Sleep(150 * time.Millisecond) // past River's notification cooldown
		}
	})
}
