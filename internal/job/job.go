// Package job runs lintel's background work on River, whose tables live in
// lintel's own database: the connector mutations of access systems and
// devices that do not apply them inline, webhook deliveries, and the
// periodic reconciliation of every access system and every account's
// devices. Jobs are inserted with InsertTx in
// the transaction that caused them, so a job exists exactly when its cause
// committed. Workers run inside `lintel serve` (unless disabled) and alone
// in `lintel worker`; any number of them may share one PostgreSQL database.
package job

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/device"
	"github.com/lintel-dev/lintel/internal/grant"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/thermostat"
	"github.com/lintel-dev/lintel/internal/webhook"
)

// Queues, so that slow webhook receivers never hold up access-system
// mutations, nor the other way round.
const (
	queueMutations = "mutations"
	queueWebhooks  = "webhooks"
	queueReconcile = "reconcile"
)

// Config tunes the background work. The zero value means the defaults.
type Config struct {
	Logger *slog.Logger
	// Mutations is the retry policy of queued connector mutations.
	Mutations Backoff
	// Webhooks is the delivery schedule of webhook events.
	Webhooks Schedule
	// ReconcileEvery is how often every access system is reconciled;
	// negative means never (tests), zero means DefaultReconcileEvery.
	ReconcileEvery time.Duration
	// JobTimeout bounds one attempt of a job.
	JobTimeout time.Duration
	// ReconcileSlice is how long one reconcile job goes on before it queues
	// the rest of its system as a job of its own; zero means half of
	// JobTimeout.
	ReconcileSlice time.Duration
	// RescueAfter is how long a job may stay running before it is
	// considered stuck (its worker died) and retried. At least JobTimeout.
	RescueAfter time.Duration
	// Workers is how many jobs of each queue one process runs at once.
	Workers int
	// PollInterval is how often a process looks for jobs when it has not
	// been told of new ones.
	PollInterval time.Duration
	// WebhookInFlight bounds the attempts made at once to one webhook.
	WebhookInFlight int
	// WebhookTurn is about how long one webhook's job delivers before it
	// lets the others have their turn.
	WebhookTurn time.Duration
	// WebhookWake is how often the webhooks with deliveries due and no job
	// are looked for.
	WebhookWake time.Duration
}

// fetchCooldown is River's FetchCooldown: how long after telling a queue
// of a new job a process stays silent about the next ones, and how often at
// most a process fetches when told. A job queued in that time is found at
// the next fetch, which may be the next poll: at River's 100 ms, a caller
// making one change after another on a remote access system (each
// queueing its mutation) waited 400 ms a change on average, up to a poll
// interval. At River's least, 1 ms: 10 ms on PostgreSQL, 45 ms on SQLite
// (whose listener reads River's notification table every 50 ms); 300
// deletes 8 at a time were all applied in 0.3–0.8 s instead of 1.8–2.1 s.
const fetchCooldown = time.Millisecond

// Defaults of Config.
const (
	DefaultReconcileEvery  = 15 * time.Minute
	DefaultJobTimeout      = time.Minute
	DefaultRescueAfter     = 5 * time.Minute
	DefaultWorkers         = 16
	DefaultPollInterval    = time.Second
	DefaultWebhookInFlight = 8
	DefaultWebhookTurn     = 2 * time.Second
	DefaultWebhookWake     = time.Second
)

func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Mutations.Attempts == 0 {
		c.Mutations = DefaultMutationBackoff
	}
	if len(c.Webhooks.Delays) == 0 {
		c.Webhooks = DefaultWebhookSchedule
	}
	if c.ReconcileEvery == 0 {
		c.ReconcileEvery = DefaultReconcileEvery
	}
	if c.JobTimeout <= 0 {
		c.JobTimeout = DefaultJobTimeout
	}
	if c.ReconcileSlice <= 0 {
		c.ReconcileSlice = c.JobTimeout / 2
	}
	if c.RescueAfter <= 0 {
		c.RescueAfter = max(DefaultRescueAfter, c.JobTimeout)
	}
	if c.Workers <= 0 {
		c.Workers = DefaultWorkers
	}
	if c.PollInterval <= 0 {
		c.PollInterval = DefaultPollInterval
	}
	if c.WebhookInFlight <= 0 {
		c.WebhookInFlight = DefaultWebhookInFlight
	}
	if c.WebhookTurn <= 0 {
		c.WebhookTurn = DefaultWebhookTurn
	}
	if c.WebhookWake <= 0 {
		c.WebhookWake = min(DefaultWebhookWake, c.PollInterval)
	}
	return c
}

// Mutations is a domain that finishes queued connector mutations: the ACS
// domain for access systems' (acs.Service), the devices domain for
// devices' (device.Service). See mutationWorker for the steps.
type Mutations interface {
	SendQueued(ctx context.Context, m connector.Mutation) error
	ApplyQueued(ctx context.Context, tx *store.Tx, m connector.Mutation) error
	FailQueued(ctx context.Context, tx *store.Tx, m connector.Mutation, cause error) error
}

// Queue is lintel's job queue: it inserts jobs in the caller's transaction
// (acs.Queue, device.Queue, webhook.Queue) and, once started, works them.
type Queue struct {
	store   *store.Store
	acs     *acs.Service
	devices *device.Service
	codes   *accesscode.Service
	grants  *grant.Service
	// thermostats runs thermostat schedules' starts and ends.
	thermostats *thermostat.Service
	webhooks    *webhook.Service
	cfg         Config
	log         *slog.Logger
	client      *river.Client[*sql.Tx]
	metrics     *Metrics

	mu      sync.Mutex
	stopSub func()
	subDone chan struct{}

	// afterLastClaim, when set (tests), runs once a webhook's job has
	// found nothing left to claim and has completed, before its worker
	// returns.
	afterLastClaim func()
}

// addWorker registers w and notes the kind of its jobs, so that the
// queue-depth gauge reports every kind, with zeros when none is waiting.
func addWorker[T river.JobArgs](ws *river.Workers, kinds *[]string, w river.Worker[T]) {
	river.AddWorker(ws, w)
	var args T
	*kinds = append(*kinds, args.Kind())
}

// New builds the queue over st. It can insert jobs at once; Start makes
// this process work them too.
func New(st *store.Store, acsService *acs.Service, webhooks *webhook.Service, cfg Config) (*Queue, error) {
	cfg = cfg.withDefaults()
	if cfg.RescueAfter < cfg.JobTimeout {
		return nil, errors.New("job: RescueAfter must be at least JobTimeout")
	}
	q := &Queue{store: st, acs: acsService, webhooks: webhooks, cfg: cfg, log: cfg.Logger}
	q.metrics = newMetrics(st)
	workers := river.NewWorkers()
	var kinds []string
	addWorker(workers, &kinds, &mutationWorker{q: q})
	addWorker(workers, &kinds, &endpointWorker{q: q})
	addWorker(workers, &kinds, &reconcileWorker{q: q})
	addWorker(workers, &kinds, &reconcileAllWorker{q: q})
	addWorker(workers, &kinds, &deviceReconcileWorker{q: q})
	addWorker(workers, &kinds, &accessCodeDueWorker{q: q})
	addWorker(workers, &kinds, &accessGrantDueWorker{q: q})
	addWorker(workers, &kinds, &thermostatDueWorker{q: q})
	q.metrics.depth.kinds = kinds
	rc := &river.Config{
		// River's own log is chatty at info; its warnings and errors are kept.
		Logger:  slog.New(minLevel{cfg.Logger.Handler(), slog.LevelWarn}),
		Workers: workers,
		Queues: map[string]river.QueueConfig{
			queueMutations: {MaxWorkers: cfg.Workers},
			queueWebhooks:  {MaxWorkers: cfg.Workers},
			queueReconcile: {MaxWorkers: 2},
		},
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		FetchPollInterval:    cfg.PollInterval,
		FetchCooldown:        min(fetchCooldown, cfg.PollInterval),
	}
	if cfg.ReconcileEvery > 0 {
		rc.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(cfg.ReconcileEvery),
			func() (river.JobArgs, *river.InsertOpts) { return reconcileAllArgs{}, nil },
			&river.PeriodicJobOpts{ID: "reconcile_all", RunOnStart: true})}
	}
	var err error
	if st.Dialect() == store.Postgres {
		// Every process of the cluster hears of a job queued in a committed
		// transaction at once (River's NOTIFY, on a pgx connection of its
		// own), not at its next poll.
		pool, perr := st.ListenerPool()
		if perr != nil {
			return nil, fmt.Errorf("job queue: %w", perr)
		}
		q.client, err = river.NewClient(riverdatabasesql.NewWithPgxListener(st.DB(), pool), rc)
	} else {
		q.client, err = river.NewClient(riversqlite.New(st.DB()), rc)
	}
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return q, nil
}

// SetDevices wires the devices domain, which finishes device mutations and
// reconciles devices; until it is wired, a device mutation's job errors
// (and is retried) and devices are not reconciled.
func (q *Queue) SetDevices(d *device.Service) { q.devices = d }

// mutationsOf returns the domain that finishes m.
func (q *Queue) mutationsOf(m connector.Mutation) (Mutations, error) {
	if m.DeviceID == "" {
		return q.acs, nil
	}
	if q.devices == nil {
		return nil, errors.New("job: a device mutation is queued but no devices domain is wired")
	}
	return q.devices, nil
}

// Start makes this process work jobs until Stop (or ctx ends).
func (q *Queue) Start(ctx context.Context) error {
	events, cancel := q.client.SubscribeConfig(&river.SubscribeConfig{ChanSize: 1024, Kinds: []river.EventKind{
		river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled, river.EventKindJobSnoozed}})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range events {
			q.metrics.observe(e)
		}
	}()
	// The webhook waker runs until Stop; it only queues jobs, which any
	// process of the cluster may work.
	wakeCtx, stopWake := context.WithCancel(ctx)
	woken := make(chan struct{})
	go func() {
		defer close(woken)
		q.wakeWebhooks(wakeCtx)
	}()
	q.mu.Lock()
	q.stopSub, q.subDone = func() { cancel(); stopWake(); <-woken }, done
	q.mu.Unlock()
	if err := q.client.Start(ctx); err != nil {
		cancel()
		stopWake()
		return fmt.Errorf("start job queue: %w", err)
	}
	q.log.Info("job workers started", "workers_per_queue", q.cfg.Workers, "reconcile_every", q.cfg.ReconcileEvery)
	return nil
}

// Stop lets running jobs finish (until ctx ends, then cancels them) and
// stops working. It does nothing on a queue that was not started.
func (q *Queue) Stop(ctx context.Context) error {
	q.mu.Lock()
	cancel, done := q.stopSub, q.subDone
	q.stopSub = nil
	q.mu.Unlock()
	if cancel == nil {
		return nil
	}
	err := q.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = q.client.StopAndCancel(context.WithoutCancel(ctx))
	}
	cancel()
	<-done
	return err
}

// Metrics serves the queue's Prometheus metrics.
func (q *Queue) Metrics() http.Handler { return q.metrics.handler() }

// Enqueue queues a connector mutation in tx (acs.Queue), and records it so
// that the mutations of one subject are applied in order and each is
// finished once.
func (q *Queue) Enqueue(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	if tx.SQL() == nil {
		return errors.New("job: Enqueue needs a write transaction")
	}
	res, err := q.client.InsertTx(ctx, tx.SQL(), mutationArgs{Mutation: m},
		&river.InsertOpts{MaxAttempts: q.cfg.Mutations.Attempts + 1})
	if err != nil {
		return fmt.Errorf("queue mutation: %w", err)
	}
	return tx.InsertQueuedMutation(ctx, m.WorkspaceID, store.QueuedMutation{JobID: res.Job.ID,
		AcsSystemID: m.AcsSystemID, DeviceID: m.DeviceID, Subject: m.Subject(), ObjectID: m.ObjectID, Kind: m.Kind, CreatedAt: tx.Now()})
}

// minLevel drops records below a level.
type minLevel struct {
	slog.Handler
	level slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(as), h.level}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.level}
}
