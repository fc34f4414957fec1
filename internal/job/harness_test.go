package job_test

import (
	"cmp"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/webhook"
)

// clock is a controllable clock for the sandbox's outage windows.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// env is an app over a real store, with fast retry schedules, a
// controllable sandbox clock, and two seeded sandbox workspaces, A and B.
type env struct {
	t     *testing.T
	st    *store.Store
	app   *app.App
	clock *clock
	A, B  seed.Workspace
}

// testBackoff retries fast: a test outage of a second or two costs a few
// dozen attempts.
var testBackoff = job.Backoff{Base: 2 * time.Millisecond, Max: 100 * time.Millisecond, Attempts: 200, Jitter: 0.2}

type envOptions struct {
	backoff   job.Backoff
	schedule  job.Schedule
	users     int
	noWorkers bool
	webhooks  webhook.Config
	// reconcileEvery, when set, reconciles every system at start and then
	// that often; reconcileSlice bounds each reconcile job.
	reconcileEvery, reconcileSlice time.Duration
	// locks connects Jane's August (two locks) in each workspace.
	locks bool
	// listed is the sandbox's Listed hook (connector.Sandbox.Listed).
	listed func(sys store.AcsSystem)
	// listedCodes is the sandbox's ListedCodes hook.
	listedCodes func(d store.Device)
	// pollInterval replaces the queue's 50 ms poll and its webhook waker's
	// interval.
	pollInterval time.Duration
}

func newEnv(t *testing.T, st *store.Store, o envOptions) *env {
	t.Helper()
	if o.backoff.Attempts == 0 {
		o.backoff = testBackoff
	}
	if len(o.schedule.Delays) == 0 {
		o.schedule = job.DefaultWebhookSchedule.Scaled(1e-5)
	}
	if o.users == 0 {
		o.users = 3
	}
	key, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	c := newClock()
	a, err := app.Build(st, key, app.Options{
		Jobs: job.Config{Mutations: o.backoff, Webhooks: o.schedule, ReconcileEvery: cmp.Or(o.reconcileEvery, -1),
			PollInterval: cmp.Or(o.pollInterval, 50*time.Millisecond), WebhookWake: o.pollInterval,
			JobTimeout: 10 * time.Second, ReconcileSlice: o.reconcileSlice},
		Webhooks: o.webhooks,
		Sandbox:  connector.Sandbox{Now: c.Now, Listed: o.listed, ListedCodes: o.listedCodes},
		Now:      c.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st, app: a, clock: c}
	ctx := context.Background()
	systems := []seed.System{{Name: "Salto KS", ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS site",
		AccessMethod: "code", Users: o.users, CredentialsPerUser: 2, Groups: 1, Entrances: 1}}
	var accounts []seed.Account
	if o.locks {
		accounts = []seed.Account{{Provider: "august"}}
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if e.A, err = seed.Seed(ctx, tx, seed.Options{Name: "A", IsSandbox: true, Systems: systems, Accounts: accounts}); err != nil {
			return err
		}
		e.B, err = seed.Seed(ctx, tx, seed.Options{Name: "B", IsSandbox: true, Systems: systems, Accounts: accounts})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !o.noWorkers {
		e.startWorkers()
	}
	return e
}

func (e *env) startWorkers() {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if err := e.app.Jobs.Start(ctx); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = e.app.Jobs.Stop(sctx)
		cancel()
	})
}

// principal acts on a workspace as an API key would.
func principal(ws seed.Workspace) lintel.Principal {
	return lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: ws.WorkspaceID, ActorID: "test-key", RequestID: lintel.NewID()}
}

// setSandbox stores a sandbox configuration on a system.
func (e *env) setSandbox(ws seed.Workspace, sys int, c connector.SandboxConfig) {
	e.t.Helper()
	err := e.st.InTx(context.Background(), func(tx *store.Tx) error {
		return tx.SetAcsSystemConnectorConfig(context.Background(), ws.WorkspaceID, ws.Systems[sys].AcsSystemID, c.String())
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// eventually polls cond until it holds, failing the test after a bound.
func (e *env) eventually(what string, cond func() (bool, error)) {
	e.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ok, err := cond()
		if err != nil {
			e.t.Fatalf("%s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%s: still not true after 60 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// view runs fn in a read transaction, failing the test on error.
func (e *env) view(fn func(ctx context.Context, tx *store.Tx) error) {
	e.t.Helper()
	ctx := context.Background()
	if err := e.st.View(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		e.t.Fatal(err)
	}
}
