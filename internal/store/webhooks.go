package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// Webhook is a workspace's webhook as stored. SecretSealed is the signing
// secret sealed with the server key; only the webhook package opens it.
type Webhook struct {
	WebhookID    string
	WorkspaceID  string
	URL          string
	EventTypes   []string
	SecretSealed string
	CreatedAt    time.Time
	DisabledAt   *time.Time
	// DisabledReason says why DisabledAt was set.
	DisabledReason string
	// Failures counts the delivery attempts failed in a row; BackoffUntil
	// is when the next one may be made.
	Failures     int
	BackoffUntil *time.Time
}

const webhookColumns = `webhook_id, workspace_id, url, event_types, secret_sealed, created_at, disabled_at,
	disabled_reason, failures, backoff_until`

func scanWebhook(r rowScanner) (Webhook, error) {
	var w Webhook
	var types string
	var created int64
	var disabled, backoff sql.NullInt64
	var reason sql.NullString
	if err := r.Scan(&w.WebhookID, &w.WorkspaceID, &w.URL, &types, &w.SecretSealed, &created, &disabled,
		&reason, &w.Failures, &backoff); err != nil {
		return w, err
	}
	w.DisabledReason, w.BackoffUntil = reason.String, nullTime(backoff)
	if err := json.Unmarshal([]byte(types), &w.EventTypes); err != nil {
		return w, err
	}
	w.CreatedAt, w.DisabledAt = fromMS(created), nullTime(disabled)
	return w, nil
}

// InsertWebhook stores a webhook of the workspace.
func (tx *Tx) InsertWebhook(ctx context.Context, workspaceID string, w Webhook) error {
	types, err := json.Marshal(w.EventTypes)
	if err != nil {
		return err
	}
	_, err = tx.q.ExecContext(ctx, `INSERT INTO webhooks (webhook_id, workspace_id, url, event_types, secret_sealed,
		created_at, disabled_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		w.WebhookID, workspaceID, w.URL, string(types), w.SecretSealed, ms(w.CreatedAt), msPtr(w.DisabledAt))
	return err
}

// Webhook loads a webhook of the workspace.
func (tx *Tx) Webhook(ctx context.Context, workspaceID, webhookID string) (Webhook, error) {
	w, err := scanWebhook(tx.q.QueryRowContext(ctx, `SELECT `+webhookColumns+` FROM webhooks
		WHERE workspace_id = $1 AND webhook_id = $2`, workspaceID, webhookID))
	if errors.Is(err, sql.ErrNoRows) {
		return w, ErrNotFound
	}
	return w, err
}

// LockWebhook holds, until tx ends, the webhook's lock, which its job's
// last claim takes alone and every transaction queueing deliveries for it
// shares (ShareWebhookLock): a delivery is either committed before that
// claim, which then takes it, or queued after the job has completed, when
// it queues a job of its own. On PostgreSQL it is a transaction-level
// advisory lock; SQLite runs one write transaction at a time, so it has
// nothing to do.
func (tx *Tx) LockWebhook(ctx context.Context, workspaceID, webhookID string) error {
	return tx.webhookLock(ctx, "pg_advisory_xact_lock", workspaceID, webhookID)
}

// ShareWebhookLock holds the webhook's lock (LockWebhook) shared, until tx
// ends: transactions sharing it do not wait for one another.
func (tx *Tx) ShareWebhookLock(ctx context.Context, workspaceID, webhookID string) error {
	return tx.webhookLock(ctx, "pg_advisory_xact_lock_shared", workspaceID, webhookID)
}

func (tx *Tx) webhookLock(ctx context.Context, fn, workspaceID, webhookID string) error {
	if tx.Dialect() != Postgres {
		return nil
	}
	_, err := tx.q.ExecContext(ctx, `SELECT `+fn+`(hashtextextended($1, 0))`, "webhook:"+workspaceID+":"+webhookID)
	return err
}

// Webhooks lists the webhooks of the workspace, oldest first.
func (tx *Tx) Webhooks(ctx context.Context, workspaceID string) ([]Webhook, error) {
	return queryList(ctx, tx, scanWebhook, `SELECT `+webhookColumns+` FROM webhooks WHERE workspace_id = $1
		ORDER BY created_at, webhook_id`, workspaceID)
}

// SetWebhookEventTypes replaces the event types a webhook receives.
func (tx *Tx) SetWebhookEventTypes(ctx context.Context, workspaceID, webhookID string, eventTypes []string) error {
	types, err := json.Marshal(eventTypes)
	if err != nil {
		return err
	}
	return execOne(ctx, tx, `UPDATE webhooks SET event_types = $1 WHERE workspace_id = $2 AND webhook_id = $3`,
		string(types), workspaceID, webhookID)
}

// DisableWebhook stops deliveries to a webhook (its receiver answered
// 410 Gone, or kept failing for the whole schedule), saying why, and fails
// the deliveries it still had waiting. Disabling a disabled webhook changes
// nothing.
func (tx *Tx) DisableWebhook(ctx context.Context, workspaceID, webhookID, reason string) error {
	err := execOne(ctx, tx, `UPDATE webhooks SET disabled_at = COALESCE(disabled_at, $1),
		disabled_reason = COALESCE(disabled_reason, $2) WHERE workspace_id = $3 AND webhook_id = $4`,
		ms(tx.now), reason, workspaceID, webhookID)
	if err != nil {
		return err
	}
	_, err = tx.q.ExecContext(ctx, `UPDATE webhook_deliveries SET failed_at = $1, last_error = $2
		WHERE workspace_id = $3 AND webhook_id = $4 AND failed_at IS NULL`, ms(tx.now), "webhook disabled: "+reason,
		workspaceID, webhookID)
	return err
}

// SetWebhookHealth records a webhook's failed attempts in a row and when
// it may be tried again (nil: at once).
func (tx *Tx) SetWebhookHealth(ctx context.Context, workspaceID, webhookID string, failures int, backoffUntil *time.Time) error {
	return execOne(ctx, tx, `UPDATE webhooks SET failures = $1, backoff_until = $2 WHERE workspace_id = $3 AND webhook_id = $4`,
		failures, msPtr(backoffUntil), workspaceID, webhookID)
}

// DeleteWebhook removes a webhook; its pending deliveries find it gone and
// stop.
func (tx *Tx) DeleteWebhook(ctx context.Context, workspaceID, webhookID string) error {
	return execOne(ctx, tx, `DELETE FROM webhooks WHERE workspace_id = $1 AND webhook_id = $2`, workspaceID, webhookID)
}
