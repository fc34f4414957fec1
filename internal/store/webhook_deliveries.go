package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
)

// WebhookDelivery is one event waiting to be delivered to one webhook.
type WebhookDelivery struct {
	DeliveryID  string
	WorkspaceID string
	WebhookID   string
	EventID     string
	// Attempts is how many attempts were made already.
	Attempts      int
	NextAttemptAt time.Time
	CreatedAt     time.Time
	// FailedAt is set once the delivery was given up; LastError says why.
	FailedAt  *time.Time
	LastError string
}

const webhookDeliveryColumns = `delivery_id, workspace_id, webhook_id, event_id, attempts, next_attempt_at, created_at,
	failed_at, last_error`

func scanWebhookDelivery(r rowScanner) (WebhookDelivery, error) {
	var d WebhookDelivery
	var next, created int64
	var failed sql.NullInt64
	var lastErr sql.NullString
	err := r.Scan(&d.DeliveryID, &d.WorkspaceID, &d.WebhookID, &d.EventID, &d.Attempts, &next, &created, &failed, &lastErr)
	d.NextAttemptAt, d.CreatedAt, d.FailedAt, d.LastError = fromMS(next), fromMS(created), nullTime(failed), lastErr.String
	return d, err
}

// InsertWebhookDeliveries queues deliveries of the workspace's events to
// its webhooks, due at once. A delivery to a webhook of another workspace
// is not written.
func (tx *Tx) InsertWebhookDeliveries(ctx context.Context, workspaceID string, ds []WebhookDelivery) error {
	for _, d := range ds {
		err := tx.execLater(ctx, `INSERT INTO webhook_deliveries (delivery_id, workspace_id, webhook_id, event_id,
			next_attempt_at, created_at) SELECT $1, $2, $3, $4, $5, $5 FROM webhooks WHERE workspace_id = $2 AND webhook_id = $3`,
			d.DeliveryID, workspaceID, d.WebhookID, d.EventID, ms(tx.now))
		if err != nil {
			return err
		}
	}
	return nil
}

// ClaimWebhookDeliveries takes up to limit deliveries of a webhook that are
// due, oldest due first, and leases them until leaseUntil: no other worker
// takes them before, and if this one dies they are due again then.
func (tx *Tx) ClaimWebhookDeliveries(ctx context.Context, workspaceID, webhookID string, limit int, leaseUntil time.Time) ([]WebhookDelivery, error) {
	lock := ""
	if tx.Dialect() == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	out, err := queryList(ctx, tx, scanWebhookDelivery, `UPDATE webhook_deliveries SET leased_until = $1
		WHERE delivery_id IN (SELECT delivery_id FROM webhook_deliveries
			WHERE webhook_id = $2 AND workspace_id = $3 AND failed_at IS NULL AND next_attempt_at <= $4 AND leased_until <= $4
			ORDER BY next_attempt_at, delivery_id LIMIT $5`+lock+`)
		RETURNING `+webhookDeliveryColumns, ms(leaseUntil), webhookID, workspaceID, ms(tx.now), limit)
	slices.SortFunc(out, func(a, b WebhookDelivery) int {
		if c := a.NextAttemptAt.Compare(b.NextAttemptAt); c != 0 {
			return c
		}
		return strings.Compare(a.DeliveryID, b.DeliveryID)
	})
	return out, err
}

// FinishWebhookDelivery removes a delivered delivery.
func (tx *Tx) FinishWebhookDelivery(ctx context.Context, workspaceID, deliveryID string) error {
	return execOne(ctx, tx, `DELETE FROM webhook_deliveries WHERE workspace_id = $1 AND delivery_id = $2`,
		workspaceID, deliveryID)
}

// RetryWebhookDelivery records a failed attempt and when the next is due;
// with next nil the delivery is given up (failed).
func (tx *Tx) RetryWebhookDelivery(ctx context.Context, workspaceID, deliveryID string, next *time.Time, lastError string) error {
	if next == nil {
		return execOne(ctx, tx, `UPDATE webhook_deliveries SET attempts = attempts + 1, leased_until = 0, failed_at = $1,
			last_error = $2 WHERE workspace_id = $3 AND delivery_id = $4`, ms(tx.now), lastError, workspaceID, deliveryID)
	}
	return execOne(ctx, tx, `UPDATE webhook_deliveries SET attempts = attempts + 1, leased_until = 0, next_attempt_at = $1,
		last_error = $2 WHERE workspace_id = $3 AND delivery_id = $4`, ms(*next), lastError, workspaceID, deliveryID)
}

// WebhookDeliveries lists a webhook's deliveries not yet delivered
// (waiting or failed), in the order they were made.
func (tx *Tx) WebhookDeliveries(ctx context.Context, workspaceID, webhookID string) ([]WebhookDelivery, error) {
	return queryList(ctx, tx, scanWebhookDelivery, `SELECT `+webhookDeliveryColumns+` FROM webhook_deliveries
		WHERE workspace_id = $1 AND webhook_id = $2 ORDER BY delivery_id`, workspaceID, webhookID)
}

// WebhookRef names a webhook of a workspace.
type WebhookRef struct {
	WorkspaceID string
	WebhookID   string
}

// WebhooksDue lists up to limit enabled webhooks, across workspaces, that
// are not backed off and have a delivery due at now.
func (tx *Tx) WebhooksDue(ctx context.Context, now time.Time, limit int) ([]WebhookRef, error) {
	return queryList(ctx, tx, func(r rowScanner) (WebhookRef, error) {
		var w WebhookRef
		return w, r.Scan(&w.WorkspaceID, &w.WebhookID)
	}, `SELECT w.workspace_id, w.webhook_id FROM webhooks w
		WHERE w.disabled_at IS NULL AND (w.backoff_until IS NULL OR w.backoff_until <= $1)
		AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.webhook_id AND d.failed_at IS NULL
			AND d.next_attempt_at <= $1 AND d.leased_until <= $1)
		ORDER BY w.webhook_id LIMIT $2`, ms(now), limit)
}
