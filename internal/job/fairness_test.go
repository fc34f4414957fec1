package job_test

import (
	"context"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/webhook"
)

// backlog is the number of W_A's deliveries queued before W_B's events: a
// thousand tell a fair queue from a first-come one as well as ten thousand
// did (W_A's receiver got 8 or 9 attempts before W_B's 20 deliveries with
// either; behind the backlog it would get one per queued delivery first),
// in a tenth of the time.
const backlog = 1_000

// TestWebhookFairness queues 1,000 deliveries for W_A to a receiver that
// fails every attempt, then sends W_B's healthy webhook 20 events, one at a
// time: each must arrive while W_A's backlog is still almost untouched, so
// it did not wait behind it (no timing is asserted; W_B's latencies are
// logged). W_A's receiver is backed off as a whole: it sees one probe at a
// time, not one attempt per delivery.
//
// It is not parallel with the package's other tests: its burst of 1,000
// deliveries would slow the ones that wait for retries on a loaded machine.
func TestWebhookFairness(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{noWorkers: true, schedule: job.DefaultWebhookSchedule,
			webhooks: webhook.Config{AllowPrivate: true}})
		var failing atomic.Int64
		bad := newReceiver(t, func(int) int { failing.Add(1); return http.StatusInternalServerError })
		e.createWebhook(e.A, bad.srv.URL)
		arrived := make(chan struct{}, 100)
		good := newReceiver(t, func(int) int { arrived <- struct{}{}; return http.StatusNoContent })
		e.createWebhook(e.B, good.srv.URL)

		ctx := context.Background()
		for range backlog / 1000 {
			events := make([]client.Event, 1000)
			for i := range events {
				events[i] = client.Event{EventType: event.AcsUserDeleted, AcsUserID: e.A.Systems[0].AcsUserIDs[0]}
			}
			if err := st.InTx(ctx, func(tx *store.Tx) error { return e.app.Events.Record(ctx, tx, e.A.WorkspaceID, events...) }); err != nil {
				t.Fatal(err)
			}
		}
		e.startWorkers()

		var latencies []time.Duration
		var attemptsBefore []int64
		for range 20 {
			start := time.Now()
			err := st.InTx(ctx, func(tx *store.Tx) error {
				return e.app.Events.Record(ctx, tx, e.B.WorkspaceID, client.Event{EventType: event.AcsUserDeleted,
					AcsUserID: e.B.Systems[0].AcsUserIDs[0]})
			})
			if err != nil {
				t.Fatal(err)
			}
			select {
			case <-arrived:
			case <-time.After(5 * time.Minute):
				t.Fatalf("W_B's delivery did not arrive (W_A's receiver got %d attempts meanwhile)", failing.Load())
			}
			latencies = append(latencies, time.Since(start))
			attemptsBefore = append(attemptsBefore, failing.Load())
		}
		// Had W_B's delivery queued behind W_A's backlog, W_A's receiver
		// would have seen an attempt for each of the 1,000 first.
		if n := attemptsBefore[len(attemptsBefore)-1]; n >= backlog/10 {
			t.Errorf("W_A's failing receiver got %d attempts before W_B's 20 deliveries arrived, want < %d: "+
				"W_B waited behind W_A's backlog", n, backlog/10)
		}
		slices.Sort(latencies)
		t.Logf("W_B delivery latency with %d failing deliveries of W_A queued: p50 %v, p99 %v, max %v; "+
			"W_A's receiver got %d attempts", backlog, latencies[len(latencies)/2], latencies[len(latencies)*99/100],
			latencies[len(latencies)-1], failing.Load())
	})
}
