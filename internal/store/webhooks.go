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
}

const webhookColumns = `webhook_id, workspace_id, url, event_types, secret_sealed, created_at, disabled_at`

func scanWebhook(r rowScanner) (Webhook, error) {
	var w Webhook
	var types string
	var created int64
	var disabled sql.NullInt64
	if err := r.Scan(&w.WebhookID, &w.WorkspaceID, &w.URL, &types, &w.SecretSealed, &created, &disabled); err != nil {
		return w, err
	}
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
	_, err = tx.q.ExecContext(ctx, `INSERT INTO webhooks (`+webhookColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
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
// 410 Gone). Disabling a disabled webhook changes nothing.
func (tx *Tx) DisableWebhook(ctx context.Context, workspaceID, webhookID string) error {
	return execOne(ctx, tx, `UPDATE webhooks SET disabled_at = COALESCE(disabled_at, $1)
		WHERE workspace_id = $2 AND webhook_id = $3`, ms(tx.now), workspaceID, webhookID)
}

// DeleteWebhook removes a webhook; its pending deliveries find it gone and
// stop.
func (tx *Tx) DeleteWebhook(ctx context.Context, workspaceID, webhookID string) error {
	return execOne(ctx, tx, `DELETE FROM webhooks WHERE workspace_id = $1 AND webhook_id = $2`, workspaceID, webhookID)
}
