// Package app assembles lintel's services from a store and a server key:
// the one place that knows how the domain packages are wired together, used
// by `lintel serve`, `lintel worker` and the tests.
package app

import (
	"log/slog"

	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/identity"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
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
	// AllowLoopbackWebhooks lets webhooks point at loopback addresses, for
	// local development; `lintel serve --seed` sets it. The webhook
	// dispatcher reads it.
	AllowLoopbackWebhooks bool
}

// New wires the services over st.
func New(st *store.Store, key secret.Key, log *slog.Logger) *App {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	events := event.NewRecorder()
	connectors := connector.NewRegistry(map[string]connector.Connector{connector.SandboxName: connector.Sandbox{}})
	a := &App{
		Store:      st,
		Workspaces: workspace.NewService(st, key, log),
		Acs:        acs.NewService(st, connectors, events, log),
		Events:     events,
		EventLog:   event.NewService(st),
		Connectors: connectors,
	}
	a.Identity = identity.NewService(st, a.Acs, key, log)
	a.Workspaces.SetClientSessionResolver(a.Identity)
	return a
}

// APIServices are the services the HTTP edge calls.
func (a *App) APIServices() api.Services {
	return api.Services{Workspaces: a.Workspaces, Acs: a.Acs, Identity: a.Identity, Events: a.EventLog}
}
