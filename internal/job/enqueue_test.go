package job_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestEnqueueCommitsWithItsTransaction queues jobs from many concurrent
// transactions, a third of which fail after queueing. On SQLite they share
// group commits, each in its own SAVEPOINT: a job exists exactly when the
// transaction that queued it committed.
func TestEnqueueCommitsWithItsTransaction(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{noWorkers: true})
		ctx := context.Background()
		boom := errors.New("boom")
		const n = 60
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = st.InTx(ctx, func(tx *store.Tx) error {
					m := connector.Mutation{Kind: connector.DeleteUser, WorkspaceID: e.A.WorkspaceID,
						AcsSystemID: e.A.Systems[0].AcsSystemID, ObjectID: lintel.NewID(), UserExternalID: lintel.NewID()}
					if err := e.app.Jobs.Enqueue(ctx, tx, m); err != nil {
						return err
					}
					if i%3 == 0 {
						return boom
					}
					return nil
				})
			}()
		}
		wg.Wait()
		committed := 0
		for i, err := range errs {
			switch {
			case err == nil:
				committed++
			case !errors.Is(err, boom) || i%3 != 0:
				t.Fatalf("transaction %d: %v", i, err)
			}
		}
		jobs, err := e.app.Jobs.JobsOfKind(ctx, "connector_mutation")
		if err != nil {
			t.Fatal(err)
		}
		var queued int
		if err := st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM queued_mutations`).Scan(&queued); err != nil {
			t.Fatal(err)
		}
		if committed != n-n/3 || len(jobs) != committed || queued != committed {
			t.Errorf("%d transactions committed, %d jobs, %d queued mutations; want %d of each", committed, len(jobs), queued, n-n/3)
		}
	})
}
