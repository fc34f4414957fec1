// Package identity is the domain of user identities — the people of a
// workspace, each linked to their users on several access systems — and of
// client sessions, the scoped tokens an end user's app calls the API with.
package identity

import (
	"errors"
	"log/slog"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// Service is the user identity and client session domain.
type Service struct {
	store  *store.Store
	acs    *acs.Service
	events *event.Recorder
	// key seals client session tokens, which get must return again.
	key secret.Key
	log *slog.Logger
}

// NewService builds the identity service. It deletes users through the ACS
// domain, so that deleting an identity deletes them exactly as
// /acs/users/delete would.
func NewService(st *store.Store, acsService *acs.Service, events *event.Recorder, key secret.Key, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, acs: acsService, events: events, key: key, log: log}
}

// Errors of this domain.
var (
	errIdentityNotFound         = lintel.NotFound("user_identity", "User identity not found")
	errUserNotFound             = lintel.NotFound("acs_user", "Access control user not found")
	errClientSessionNotFound    = lintel.NotFound("client_session", "Client session not found")
	errConnectedAccountNotFound = lintel.NotFound("connected_account", "Connected account not found")
	errConnectWebviewNotFound   = lintel.NotFound("connect_webview", "Connect Webview not found")
	errDeviceNotFound           = lintel.NotFound("device", "Device not found")
)

// notFound maps the store's ErrNotFound to a domain error; other errors
// pass through unchanged.
func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}
