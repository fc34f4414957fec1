// Package webhook keeps a workspace's webhooks and delivers its events to
// them: at least once, as the bare event JSON, signed like Svix (Standard
// Webhooks v1). Deliveries are queued in the transaction that records the
// event and retried by the job queue on a fixed schedule; this package
// decides what one attempt does.
package webhook

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// AllEvents in a webhook's event types subscribes it to every type.
const AllEvents = "*"

// Delivery is one event to deliver to one webhook; it is a job's arguments.
type Delivery struct {
	WorkspaceID string `json:"workspace_id"`
	WebhookID   string `json:"webhook_id"`
	EventID     string `json:"event_id"`
}

// Queue hands deliveries to background workers, in the caller's
// transaction.
type Queue interface {
	EnqueueDeliveries(ctx context.Context, tx *store.Tx, ds []Delivery) error
}

// Config tunes webhooks. The zero value refuses private addresses and uses
// the defaults below.
type Config struct {
	Logger *slog.Logger
	// AllowPrivate lets webhooks point at loopback, private and link-local
	// addresses: for local development (the seeded sandbox), never for a
	// server others use.
	AllowPrivate bool
	// Timeout bounds one delivery attempt, connection to last byte read.
	Timeout time.Duration
	// MaxResponseBytes caps how much of a receiver's answer is read.
	MaxResponseBytes int64
	// LookupHost resolves a host name when a webhook is created; nil means
	// the system resolver.
	LookupHost func(ctx context.Context, host string) ([]netip.Addr, error)
}

// Defaults of Config.
const (
	DefaultTimeout          = 15 * time.Second
	DefaultMaxResponseBytes = 64 << 10
)

// Service manages webhooks and performs deliveries.
type Service struct {
	store  *store.Store
	key    secret.Key
	queue  Queue
	cfg    Config
	log    *slog.Logger
	client *http.Client
}

// NewService builds the webhook service. key seals the signing secrets.
func NewService(st *store.Store, key secret.Key, cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if cfg.LookupHost == nil {
		cfg.LookupHost = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	return &Service{store: st, key: key, cfg: cfg, log: cfg.Logger, client: newHTTPClient(cfg)}
}

// SetQueue wires the background queue that delivers events.
func (s *Service) SetQueue(q Queue) { s.queue = q }

var errWebhookNotFound = lintel.NotFound("webhook", "Webhook not found")

// Create registers a webhook and returns it with its new secret.
func (s *Service) Create(ctx context.Context, p lintel.Principal, in client.WebhooksCreateParams) (client.Webhook, error) {
	types := in.EventTypes
	if types == nil {
		types = []string{AllEvents}
	}
	if err := checkEventTypes(types); err != nil {
		return client.Webhook{}, err
	}
	if err := s.checkURL(ctx, in.URL); err != nil {
		return client.Webhook{}, err
	}
	sec, err := secret.NewWebhookSecret()
	if err != nil {
		return client.Webhook{}, err
	}
	w := store.Webhook{WebhookID: lintel.NewID(), URL: in.URL, EventTypes: lintel.Distinct(types)}
	if w.SecretSealed, err = s.key.Seal([]byte(sec), w.WebhookID); err != nil {
		return client.Webhook{}, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		w.CreatedAt = tx.Now()
		return tx.InsertWebhook(ctx, p.WorkspaceID, w)
	})
	if err != nil {
		return client.Webhook{}, err
	}
	return client.Webhook{WebhookID: w.WebhookID, URL: w.URL, EventTypes: w.EventTypes, Secret: sec}, nil
}

// Get returns one webhook of the workspace, with its secret.
func (s *Service) Get(ctx context.Context, p lintel.Principal, webhookID string) (client.Webhook, error) {
	var out client.Webhook
	err := s.store.View(ctx, func(tx *store.Tx) error {
		w, err := tx.Webhook(ctx, p.WorkspaceID, webhookID)
		if errors.Is(err, store.ErrNotFound) {
			return errWebhookNotFound
		}
		if err != nil {
			return err
		}
		out, err = s.present(w)
		return err
	})
	return out, err
}

// List returns the webhooks of the workspace, oldest first.
func (s *Service) List(ctx context.Context, p lintel.Principal) ([]client.Webhook, error) {
	out := []client.Webhook{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		ws, err := tx.Webhooks(ctx, p.WorkspaceID)
		if err != nil {
			return err
		}
		for _, w := range ws {
			c, err := s.present(w)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// Update replaces the event types a webhook receives.
func (s *Service) Update(ctx context.Context, p lintel.Principal, in client.WebhooksUpdateParams) error {
	if err := checkEventTypes(in.EventTypes); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		err := tx.SetWebhookEventTypes(ctx, p.WorkspaceID, in.WebhookID, lintel.Distinct(in.EventTypes))
		if errors.Is(err, store.ErrNotFound) {
			return errWebhookNotFound
		}
		return err
	})
}

// Delete removes a webhook; it receives nothing more, not even the retries
// of deliveries already queued.
func (s *Service) Delete(ctx context.Context, p lintel.Principal, webhookID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		err := tx.DeleteWebhook(ctx, p.WorkspaceID, webhookID)
		if errors.Is(err, store.ErrNotFound) {
			return errWebhookNotFound
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "webhook.delete", "webhook", webhookID, audit.Succeeded)
	})
}

// present opens the sealed secret of a stored webhook.
func (s *Service) present(w store.Webhook) (client.Webhook, error) {
	sec, err := s.key.Open(w.SecretSealed, w.WebhookID)
	if err != nil {
		return client.Webhook{}, err
	}
	types := w.EventTypes
	if types == nil {
		types = []string{}
	}
	out := client.Webhook{WebhookID: w.WebhookID, URL: w.URL, EventTypes: types, Secret: string(sec)}
	if w.DisabledAt != nil {
		out.Warnings = []client.WebhookWarning{{WarningCode: "webhook_disabled", CreatedAt: client.NewTime(*w.DisabledAt),
			Message: "Deliveries to this webhook stopped: " + cmp.Or(w.DisabledReason, "it was disabled")}}
	}
	return out, nil
}

// OnEvents is the event.Hook that queues one delivery of each event to
// every webhook of its workspace that receives its type, in the
// transaction that recorded them: the events and their deliveries commit
// together. One read of the workspace's webhooks serves the whole batch.
func (s *Service) OnEvents(ctx context.Context, tx *store.Tx, events []client.Event) error {
	if len(events) == 0 {
		return nil
	}
	hooks, err := tx.Webhooks(ctx, events[0].WorkspaceID)
	if err != nil || len(hooks) == 0 {
		return err
	}
	var ds []Delivery
	for _, e := range events {
		for _, w := range hooks {
			if w.WorkspaceID == e.WorkspaceID && w.DisabledAt == nil && receives(w.EventTypes, e.EventType) {
				ds = append(ds, Delivery{WorkspaceID: e.WorkspaceID, WebhookID: w.WebhookID, EventID: e.EventID})
			}
		}
	}
	if len(ds) == 0 {
		return nil
	}
	if s.queue == nil {
		return errors.New("webhook deliveries need the background queue, which is not wired")
	}
	return s.queue.EnqueueDeliveries(ctx, tx, ds)
}

func receives(types []string, eventType string) bool {
	return slices.Contains(types, AllEvents) || slices.Contains(types, eventType)
}

// checkEventTypes refuses types outside Seam's enum.
func checkEventTypes(types []string) error {
	var v lintel.InvalidInput
	for i, t := range types {
		if t != AllEvents && !event.IsType(t) {
			v.Add("event_types."+strconv.Itoa(i), "Unknown event type "+strconv.Quote(t))
		}
	}
	return v.Err()
}

// Timeout is the bound of one delivery attempt.
func (s *Service) Timeout() time.Duration { return s.cfg.Timeout }
