// Package app assembles lintel's services from a store and a server key:
// the one place that knows how the domain packages are wired together, used
// by `lintel serve`, `lintel worker` and the tests.
package app

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/bridge"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/device"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/grant"
	"github.com/lintel-dev/lintel/internal/idempotency"
	"github.com/lintel-dev/lintel/internal/identity"
	"github.com/lintel-dev/lintel/internal/instantkey"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/noise"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/phone"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/space"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/thermostat"
	"github.com/lintel-dev/lintel/internal/webhook"
	"github.com/lintel-dev/lintel/internal/webview"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// App holds the wired services.
type App struct {
	Store      *store.Store
	Workspaces *workspace.Service
	Acs        *acs.Service
	Identity   *identity.Service
	Events     *event.Recorder
	EventLog   *event.Service
	Connectors *connector.Registry
	Webhooks   *webhook.Service
	Attempts   *attempt.Service
	// Providers connects sandbox logins (Connect Webviews).
	Providers *provider.Service
	Webviews  *webview.Service
	// Pages serves the Connect Webview pages.
	Pages   *webview.Pages
	Devices *device.Service
	// AccessCodes are the PIN codes on locks; tests set its clock
	// (Options.Now).
	AccessCodes *accesscode.Service
	// Thermostats are the thermostats' climate, presets, schedules and
	// programs; tests set its clock (Options.Now).
	Thermostats *thermostat.Service
	Phones      *phone.Service
	// InstantKeys are the instant keys of user identities; KeyPages
	// serves their page.
	InstantKeys *instantkey.Service
	KeyPages    *instantkey.Pages
	// Bridges are Seam Bridge clients and the bridges paired from them.
	Bridges *bridge.Service
	// Noise keeps noise sensors' thresholds; tests set its clock.
	Noise  *noise.Service
	Spaces *space.Service
	// Grants are the access grants and their access methods; tests set
	// its clock (Options.Now).
	Grants *grant.Service
	// Jobs inserts background jobs from the start; Jobs.Start makes the
	// process work them too.
	Jobs *job.Queue
	// Cursors seals the page cursors the API hands out.
	Cursors page.Sealer
	// Idempotency keeps the answers of creates sent with an Idempotency-Key.
	Idempotency *idempotency.Service
	// Denials records refused requests in the audit log.
	Denials *audit.Denials
}

// Options tune Build. The zero value is what `lintel serve` uses by default.
type Options struct {
	Logger *slog.Logger
	// Jobs tunes the background work (retry schedules, workers).
	Jobs job.Config
	// Webhooks tunes webhooks. Webhooks.AllowPrivate lets them point at
	// loopback and private addresses, for local development: `lintel serve
	// --seed` sets it unless told otherwise.
	Webhooks webhook.Config
	// Sandbox is the sandbox connector; tests set its clock.
	Sandbox connector.Sandbox
	// DenialLimits bound the denied rows of the audit log (zero: the
	// defaults).
	DenialLimits audit.DenialLimits
	// Now is the clock of the domains that read the time outside a
	// transaction (when a time-bound access code is active); nil is
	// time.Now.
	Now func() time.Time
	// PublicURL is lintel's address as a browser reaches it, the base of
	// Connect Webview and instant key urls (default DefaultPublicURL).
	PublicURL string
}

// DefaultPublicURL is the base of Connect Webview urls unless told
// otherwise: lintel's default listen address.
const DefaultPublicURL = "http://127.0.0.1:4555"

// New wires the services over st with the default options.
func New(st *store.Store, key secret.Key, log *slog.Logger) *App {
	a, err := Build(st, key, Options{Logger: log})
	if err != nil {
		panic(fmt.Sprintf("app: the default options do not build: %v", err)) // a programming error
	}
	return a
}

// Build wires the services over st.
func Build(st *store.Store, key secret.Key, o Options) (*App, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	events := event.NewRecorder()
	connectors := connector.NewRegistry(map[string]connector.Connector{connector.SandboxName: o.Sandbox})
	acsService := acs.NewService(st, connectors, events, log)
	wcfg := o.Webhooks
	wcfg.Logger = log
	webhooks := webhook.NewService(st, key, wcfg)
	jcfg := o.Jobs
	jcfg.Logger = log
	jobs, err := job.New(st, acsService, webhooks, jcfg)
	if err != nil {
		return nil, err
	}
	acsService.SetQueue(jobs)
	devices := device.NewService(st, connectors, events, log)
	devices.SetQueue(jobs)
	jobs.SetDevices(devices)
	codes := accesscode.NewService(st, events, devices, log, o.Now)
	codes.SetScheduler(jobs)
	devices.Handle(codes, connector.SetAccessCode, connector.RemoveAccessCode)
	devices.OnReconcile(codes)
	devices.OnDeviceGone(codes.DeviceGone)
	devices.OnManagedChanged(codes.DeviceManagedChanged)
	acsService.OnConnectedAccountGone(devices.AccountGoneTx)
	devices.SetCodeIDs(codes.CodeID)
	jobs.SetAccessCodes(codes)
	thermostats := thermostat.NewService(st, events, devices, log, o.Now)
	thermostats.SetScheduler(jobs)
	devices.Handle(thermostats, connector.SetClimate, connector.PushThermostatPrograms)
	devices.OnReconcileClimate(thermostats)
	devices.OnDeviceGone(thermostats.DeviceGone)
	devices.OnManagedChanged(thermostats.DeviceManagedChanged)
	jobs.SetThermostats(thermostats)
	webhooks.SetQueue(jobs)
	events.OnRecord(webhooks.OnEvents)
	a := &App{
		Store:       st,
		Workspaces:  workspace.NewService(st, key, log),
		Acs:         acsService,
		Events:      events,
		EventLog:    event.NewService(st),
		Connectors:  connectors,
		Webhooks:    webhooks,
		Attempts:    attempt.NewService(st),
		Providers:   provider.NewService(events),
		Devices:     devices,
		AccessCodes: codes,
		Thermostats: thermostats,
		Spaces:      space.NewService(st, events),
		Jobs:        jobs,
		Cursors:     page.NewSealer(key),
		Idempotency: idempotency.NewService(st, idempotency.Config{}),
		Denials:     audit.NewDenials(st, log, o.DenialLimits),
	}
	jobs.RegisterMetrics(a.Denials.Collectors()...)
	publicURL := o.PublicURL
	if publicURL == "" {
		publicURL = DefaultPublicURL
	}
	a.Webviews = webview.NewService(st, key, events, a.Providers, publicURL, log)
	devices.SetLogoURL(strings.TrimSuffix(publicURL, "/") + webview.ViewPath + "/logos/")
	if a.Pages, err = webview.NewPages(a.Webviews, key, log); err != nil {
		return nil, err
	}
	a.Identity = identity.NewService(st, a.Acs, events, key, log)
	a.Phones = phone.NewService(st, a.Acs, events)
	a.Noise = noise.NewService(st, events, nil)
	a.Grants = grant.NewService(st, events, acsService, codes, log, o.Now)
	a.Grants.SetScheduler(jobs)
	a.Spaces.SetGrants(a.Grants)
	a.Grants.SetClientSessions(a.Identity)
	// After the codes domain's hook: the grants forget codes already gone.
	devices.OnDeviceGone(a.Grants.DeviceGone)
	acsService.OnConnectedAccountGone(a.Grants.AccountGone)
	jobs.SetAccessGrants(a.Grants)
	a.InstantKeys = instantkey.NewService(st, key, a.Grants, devices, a.Identity, publicURL, log)
	if a.KeyPages, err = instantkey.NewPages(a.InstantKeys, log); err != nil {
		return nil, err
	}
	a.Grants.SetInstantKeys(a.InstantKeys)
	a.Workspaces.SetClientSessionResolver(a.Identity)
	a.Bridges = bridge.NewService(st, key)
	a.Workspaces.SetBridgeSessionResolver(a.Bridges)
	a.Workspaces.SetEventRecorder(events)
	return a, nil
}

// APIServices are the services the HTTP edge calls.
func (a *App) APIServices() api.Services {
	return api.Services{Workspaces: a.Workspaces, Acs: a.Acs, Identity: a.Identity, Events: a.EventLog, Webhooks: a.Webhooks,
		Attempts: a.Attempts, Webviews: a.Webviews, Devices: a.Devices, Cursors: a.Cursors,
		Idempotency: a.Idempotency, Phones: a.Phones, Noise: a.Noise, Denials: a.Denials, Spaces: a.Spaces,
		AccessCodes: a.AccessCodes, Grants: a.Grants, InstantKeys: a.InstantKeys, Bridges: a.Bridges, Thermostats: a.Thermostats}
}

// Metrics serves the Prometheus metrics of the process.
func (a *App) Metrics() http.Handler { return a.Jobs.Metrics() }
