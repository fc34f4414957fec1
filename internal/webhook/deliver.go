package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// Outcome is what one delivery attempt came to.
type Outcome string

// Outcomes of an attempt. Only OutcomeFailed is retried.
const (
	// OutcomeDelivered: the receiver answered 2xx.
	OutcomeDelivered Outcome = "delivered"
	// OutcomeGone: the receiver answered 410; the webhook is disabled.
	OutcomeGone Outcome = "gone"
	// OutcomeDropped: the webhook was deleted or disabled, or the event is
	// gone; nothing was sent.
	OutcomeDropped Outcome = "dropped"
	// OutcomeFailed: no answer, or one that is not 2xx or 410.
	OutcomeFailed Outcome = "failed"
)

// Attempt reports one delivery attempt.
type Attempt struct {
	Outcome Outcome
	// Status is the receiver's HTTP status, 0 without an answer.
	Status int
	// Duration is the time from the request to the end of the answer.
	Duration time.Duration
}

func newHTTPClient(cfg Config) *http.Client {
	d := &net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}
	d.Control = dialGuard(cfg.AllowPrivate)
	t := &http.Transport{
		Proxy:                  nil, // a proxy would dial on our behalf, past the guard
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    cfg.Timeout,
		ResponseHeaderTimeout:  cfg.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{
		Transport: t,
		Timeout:   cfg.Timeout,
		// A redirect is an answer like any other: not 2xx, so a failure.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Deliver makes one attempt to deliver an event to a webhook: a POST of
// the bare event JSON with svix-id (the event id, the same on every
// attempt), svix-timestamp and svix-signature. A 410 disables the webhook.
// The error is set for OutcomeFailed, the one outcome worth retrying.
func (s *Service) Deliver(ctx context.Context, d Delivery) (Attempt, error) {
	var w store.Webhook
	var payload []byte
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var err error
		if w, err = tx.Webhook(ctx, d.WorkspaceID, d.WebhookID); err != nil {
			return err
		}
		row, err := tx.Event(ctx, d.WorkspaceID, d.EventID)
		if err != nil {
			return err
		}
		e, err := event.Present(row)
		if err != nil {
			return err
		}
		payload, err = json.Marshal(e)
		return err
	})
	if errors.Is(err, store.ErrNotFound) || (err == nil && w.DisabledAt != nil) {
		return Attempt{Outcome: OutcomeDropped}, nil
	}
	if err != nil {
		return Attempt{Outcome: OutcomeFailed}, err
	}
	sec, err := s.key.Open(w.SecretSealed, w.WebhookID)
	if err != nil {
		return Attempt{Outcome: OutcomeFailed}, fmt.Errorf("open webhook secret: %w", err)
	}
	now := time.Now()
	sig, err := secret.SignWebhook(string(sec), d.EventID, now, payload)
	if err != nil {
		return Attempt{Outcome: OutcomeFailed}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(payload))
	if err != nil {
		return Attempt{Outcome: OutcomeFailed}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "lintel-webhooks")
	req.Header.Set("svix-id", d.EventID)
	req.Header.Set("svix-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("svix-signature", sig)
	res, err := s.client.Do(req)
	a := Attempt{Outcome: OutcomeFailed, Duration: time.Since(now)}
	if err != nil {
		// The URL may carry a credential of the receiver's: keep it out of
		// the error, which is logged and stored with the job.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return a, fmt.Errorf("webhook %s: %w", w.WebhookID, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, s.cfg.MaxResponseBytes))
	res.Body.Close()
	a.Status, a.Duration = res.StatusCode, time.Since(now)
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		a.Outcome = OutcomeDelivered
		return a, nil
	case res.StatusCode == http.StatusGone:
		a.Outcome = OutcomeGone
		err := s.store.InTx(ctx, func(tx *store.Tx) error {
			err := tx.DisableWebhook(ctx, d.WorkspaceID, d.WebhookID, "its receiver answered 410 Gone")
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			return err
		})
		if err == nil {
			s.log.Warn("webhook disabled: its receiver answered 410 Gone", "workspace_id", d.WorkspaceID, "webhook_id", d.WebhookID)
		}
		return a, err
	}
	return a, fmt.Errorf("webhook %s: receiver answered %d", w.WebhookID, res.StatusCode)
}
