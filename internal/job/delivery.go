package job

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/lintel-dev/lintel/internal/webhook"
)

// deliveryArgs are the arguments of a job that delivers one event to one
// webhook.
type deliveryArgs webhook.Delivery

func (deliveryArgs) Kind() string { return "webhook_delivery" }

func (deliveryArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: queueWebhooks} }

// deliveryWorker makes one delivery attempt per run. A failed attempt is
// retried on the webhook schedule; when the schedule is spent the job is
// discarded, which marks the delivery failed (logged, and counted).
type deliveryWorker struct {
	river.WorkerDefaults[deliveryArgs]
	q *Queue
}

func (w *deliveryWorker) NextRetry(job *river.Job[deliveryArgs]) time.Time {
	return time.Now().Add(w.q.cfg.Webhooks.Delay(job.Attempt))
}

func (w *deliveryWorker) Timeout(*river.Job[deliveryArgs]) time.Duration {
	return w.q.webhooks.Timeout() + 5*time.Second
}

func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[deliveryArgs]) error {
	d := webhook.Delivery(job.Args)
	a, err := w.q.webhooks.Deliver(ctx, d)
	w.q.metrics.deliveries.WithLabelValues(string(a.Outcome)).Inc()
	if a.Status != 0 {
		w.q.metrics.deliveryLatency.Observe(a.Duration.Seconds())
	}
	log := w.q.log.With("job_id", job.ID, "job_kind", job.Kind, "attempt", job.Attempt, "workspace_id", d.WorkspaceID,
		"webhook_id", d.WebhookID, "event_id", d.EventID, "outcome", a.Outcome, "status", a.Status)
	switch {
	case err == nil:
		log.Info("webhook delivery")
		return nil
	case job.Attempt >= job.MaxAttempts:
		log.Warn("webhook delivery failed for good: every attempt of the schedule failed", "err", err)
		w.q.metrics.deliveriesFailed.Inc()
	default:
		log.Info("webhook delivery failed; will retry", "err", err,
			"retry_in", w.q.cfg.Webhooks.Delays[min(job.Attempt, len(w.q.cfg.Webhooks.Delays)-1)])
	}
	return err
}
