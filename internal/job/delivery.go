package job

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/webhook"
)

// Webhook deliveries are rows of their own (store.WebhookDelivery), and
// each webhook with deliveries due has one job, endpointArgs, that works
// them: so the job queue holds one entry per busy receiver, never one per
// delivery, and a new event for a quiet workspace waits behind at most one
// turn of every other busy receiver, whatever their backlogs. A turn makes
// at most Config.WebhookInFlight attempts at once and lasts about
// Config.WebhookTurn; then the job goes to the back of the queue. A
// receiver that failed is backed off as a whole: one probe at a time, after
// the schedule's delay for its failures in a row; when it has failed for
// the whole schedule it is disabled, saying why.

// endpointArgs are the arguments of the job that delivers a webhook's due
// deliveries.
type endpointArgs struct {
	WorkspaceID string `json:"workspace_id"`
	WebhookID   string `json:"webhook_id"`
}

func (endpointArgs) Kind() string { return "webhook_endpoint" }

// One job per webhook at a time: inserting another while one waits or runs
// changes nothing. The job completes in the transaction in which it found
// nothing left to claim (completeTx), holding the webhook's lock that
// queueing a delivery shares (store.Tx.LockWebhook), so a delivery
// committed after that claim finds the job completed and queues another; the waker
// (Queue.wakeWebhooks) finds a delivery whose time came later (a retry, a
// back-off's end) within Config.WebhookWake.
func (endpointArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueWebhooks, MaxAttempts: 25, UniqueOpts: river.UniqueOpts{ByArgs: true,
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateScheduled, rivertype.JobStateRetryable}}}
}

type endpointWorker struct {
	river.WorkerDefaults[endpointArgs]
	q *Queue
}

func (w *endpointWorker) Timeout(*river.Job[endpointArgs]) time.Duration {
	return w.q.cfg.WebhookTurn + w.q.webhooks.Timeout() + 10*time.Second
}

// Work gives the webhook one turn.
func (w *endpointWorker) Work(ctx context.Context, job *river.Job[endpointArgs]) error {
	a := job.Args
	turnEnd := time.Now().Add(w.q.cfg.WebhookTurn)
	for {
		var hook store.Webhook
		var claimed []store.WebhookDelivery
		err := w.q.store.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if hook, err = tx.Webhook(ctx, a.WorkspaceID, a.WebhookID); err != nil {
				return err
			}
			claim := func() error {
				if hook.DisabledAt != nil || (hook.BackoffUntil != nil && hook.BackoffUntil.After(tx.Now())) {
					return nil
				}
				n := w.q.cfg.WebhookInFlight
				if hook.Failures > 0 {
					n = 1 // a failing receiver gets one probe at a time
				}
				lease := tx.Now().Add(w.q.webhooks.Timeout() + 5*time.Second)
				claimed, err = tx.ClaimWebhookDeliveries(ctx, a.WorkspaceID, a.WebhookID, n, lease)
				return err
			}
			if err := claim(); err != nil || len(claimed) > 0 {
				return err
			}
			// Nothing due, or backed off: the job ends here, in the same
			// transaction, so that a delivery committed after this claim
			// queues a job of its own (the waker queues one when a retry or
			// the back-off's end comes due). Look once more holding the
			// webhook's lock, which every transaction queueing deliveries
			// for it shares (store.Tx.LockWebhook): what they queued is
			// then either seen here or finds the job completed.
			if err := tx.LockWebhook(ctx, a.WorkspaceID, a.WebhookID); err != nil {
				return err
			}
			if err := claim(); err != nil || len(claimed) > 0 {
				return err
			}
			return completeTx(ctx, tx, job)
		})
		if errors.Is(err, store.ErrNotFound) {
			return nil // deleted: its deliveries went with it
		}
		if err != nil {
			return err
		}
		if len(claimed) == 0 {
			if w.q.afterLastClaim != nil {
				w.q.afterLastClaim()
			}
			return nil
		}
		if err := w.deliver(ctx, hook, claimed); err != nil {
			return err
		}
		if time.Now().After(turnEnd) {
			return river.JobSnooze(0) // to the back of the queue
		}
	}
}

// completeTx marks a running job completed in tx, with the driver of the
// store's dialect.
func completeTx[T river.JobArgs](ctx context.Context, tx *store.Tx, job *river.Job[T]) error {
	var err error
	if tx.Dialect() == store.Postgres {
		_, err = river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx.SQL(), job)
	} else {
		_, err = river.JobCompleteTx[*riversqlite.Driver](ctx, tx.SQL(), job)
	}
	return err
}

// result is one attempt's outcome.
type result struct {
	d   store.WebhookDelivery
	a   webhook.Attempt
	err error
}

// deliver makes one attempt of each claimed delivery, at once, and records
// the outcomes and the webhook's health in one transaction.
func (w *endpointWorker) deliver(ctx context.Context, hook store.Webhook, claimed []store.WebhookDelivery) error {
	results := make([]result, len(claimed))
	var wg sync.WaitGroup
	for i, d := range claimed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := w.q.webhooks.Deliver(ctx, webhook.Delivery{WorkspaceID: d.WorkspaceID, WebhookID: d.WebhookID, EventID: d.EventID})
			results[i] = result{d: d, a: a, err: err}
		}()
	}
	wg.Wait()
	sched := w.q.cfg.Webhooks
	// The webhook's failures in a row grow by one per turn whose attempts
	// all failed, whatever their number, and go back to 0 when one is
	// delivered.
	failures, anyFailed := hook.Failures, false
	for _, r := range results {
		switch r.a.Outcome {
		case webhook.OutcomeDelivered:
			failures = -1
		case webhook.OutcomeFailed:
			anyFailed = true
		}
	}
	switch {
	case failures < 0:
		failures = 0
	case anyFailed:
		failures++
	}
	var failedNow []result
	var disabled string
	// The outcomes are recorded even if the job is being stopped: an
	// attempt made and not recorded would be made again.
	ctx = context.WithoutCancel(ctx)
	err := w.q.store.InTx(ctx, func(tx *store.Tx) error {
		failedNow, disabled = nil, ""
		for _, r := range results {
			var err error
			if r.a.Outcome == webhook.OutcomeFailed {
				attempts := r.d.Attempts + 1
				var next *time.Time
				if attempts < len(sched.Delays) {
					t := tx.Now().Add(sched.Delay(attempts))
					next = &t
				} else {
					failedNow = append(failedNow, r)
				}
				err = tx.RetryWebhookDelivery(ctx, hook.WorkspaceID, r.d.DeliveryID, next, errText(r.err))
			} else { // delivered, gone (the webhook is disabled), dropped
				err = tx.FinishWebhookDelivery(ctx, hook.WorkspaceID, r.d.DeliveryID)
			}
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		var backoff *time.Time
		if failures > 0 {
			t := tx.Now().Add(sched.Delay(min(failures, len(sched.Delays)-1)))
			backoff = &t
		}
		if failures >= len(sched.Delays) {
			disabled = "every delivery attempt failed for the whole retry schedule (" + strconv.Itoa(failures) + " in a row)"
			if err := tx.DisableWebhook(ctx, hook.WorkspaceID, hook.WebhookID, disabled); err != nil {
				return err
			}
		}
		err := tx.SetWebhookHealth(ctx, hook.WorkspaceID, hook.WebhookID, failures, backoff)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
	for _, r := range results {
		w.q.metrics.deliveries.WithLabelValues(string(r.a.Outcome)).Inc()
		if r.a.Status != 0 {
			w.q.metrics.deliveryLatency.Observe(r.a.Duration.Seconds())
		}
		log := w.q.log.With("workspace_id", hook.WorkspaceID, "webhook_id", hook.WebhookID, "event_id", r.d.EventID,
			"attempt", r.d.Attempts+1, "outcome", r.a.Outcome, "status", r.a.Status)
		if r.err == nil {
			log.Info("webhook delivery")
		} else {
			log.Info("webhook delivery failed", "err", r.err, "failures_in_a_row", failures)
		}
	}
	for _, r := range failedNow {
		w.q.metrics.deliveriesFailed.Inc()
		w.q.log.Warn("webhook delivery failed for good: every attempt of the schedule failed", "workspace_id", hook.WorkspaceID,
			"webhook_id", hook.WebhookID, "event_id", r.d.EventID, "err", r.err)
	}
	if disabled != "" {
		w.q.log.Warn("webhook disabled: "+disabled, "workspace_id", hook.WorkspaceID, "webhook_id", hook.WebhookID)
	}
	return err
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// EnqueueDeliveries queues webhook deliveries in tx (webhook.Queue): their
// rows, and the job of each webhook they are for.
func (q *Queue) EnqueueDeliveries(ctx context.Context, tx *store.Tx, ds []webhook.Delivery) error {
	if tx.SQL() == nil || len(ds) == 0 {
		return errors.New("job: EnqueueDeliveries needs a write transaction and deliveries")
	}
	rows := make([]store.WebhookDelivery, len(ds))
	seen := map[string]bool{}
	var params []river.InsertManyParams
	var hooks []string
	for i, d := range ds {
		rows[i] = store.WebhookDelivery{DeliveryID: lintel.NewID(), WebhookID: d.WebhookID, EventID: d.EventID}
		if !seen[d.WebhookID] {
			seen[d.WebhookID] = true
			params = append(params, river.InsertManyParams{Args: endpointArgs{WorkspaceID: d.WorkspaceID, WebhookID: d.WebhookID}})
			hooks = append(hooks, d.WebhookID)
		}
	}
	if err := tx.InsertWebhookDeliveries(ctx, ds[0].WorkspaceID, rows); err != nil {
		return err
	}
	// A webhook's job that is ending must not be taken for one that will
	// claim these deliveries: see store.Tx.LockWebhook. Shared, so that
	// transactions queueing deliveries do not wait for one another; in one
	// order, so that none waits behind a job's last claim for a lock that
	// another holds while it waits for one that this one holds.
	slices.Sort(hooks)
	for _, id := range hooks {
		if err := tx.ShareWebhookLock(ctx, ds[0].WorkspaceID, id); err != nil {
			return err
		}
	}
	if _, err := q.client.InsertManyTx(ctx, tx.SQL(), params); err != nil {
		return errors.New("queue webhook deliveries: " + err.Error())
	}
	return nil
}

// wakeWebhooks queues, every Config.WebhookWake, the job of each webhook
// that has a delivery due and no job: a retry whose time has come, a
// receiver whose back-off ended, a delivery queued while its webhook's job
// was finishing, or one whose worker died.
func (q *Queue) wakeWebhooks(ctx context.Context) {
	t := time.NewTicker(q.cfg.WebhookWake)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var due []store.WebhookRef
		err := q.store.View(ctx, func(tx *store.Tx) error {
			var err error
			due, err = tx.WebhooksDue(ctx, time.Now(), 1000)
			return err
		})
		if err == nil && len(due) > 0 {
			params := make([]river.InsertManyParams, len(due))
			for i, w := range due {
				params[i] = river.InsertManyParams{Args: endpointArgs{WorkspaceID: w.WorkspaceID, WebhookID: w.WebhookID}}
			}
			_, err = q.client.InsertMany(ctx, params)
		}
		if err != nil && ctx.Err() == nil {
			q.log.Warn("waking webhook deliveries", "err", err)
		}
	}
}
