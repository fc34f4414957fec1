// Package webview is the domain of Connect Webviews — the page through
// which an integrator's user connects an account: open the url, choose a
// brand, sign in (with a two-factor code where the brand asks for one) —
// and the server-rendered pages themselves.
package webview

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// TokenTTL is how long a webview's url works, unless it is used first.
const TokenTTL = 24 * time.Hour

// MaxFailedLogins is how many wrong passwords or codes a webview takes
// before it fails for good.
const MaxFailedLogins = 5

// ViewPath is where lintel serves the webview pages.
const ViewPath = "/connect_webviews/view"

// Statuses of a webview.
const (
	StatusPending    = "pending"
	StatusFailed     = "failed"
	StatusAuthorized = "authorized"
)

// Events of this domain.
const (
	eventLoginSucceeded = "connect_webview.login_succeeded"
	eventLoginFailed    = "connect_webview.login_failed"
)

var errWebviewNotFound = lintel.NotFound("connect_webview", "Connect Webview not found")

// Connector completes a sign-in: it creates, in the caller's
// transaction, the connected account a sandbox login opens, with
// everything behind it and their events (provider.Service).
type Connector interface {
	ConnectTx(ctx context.Context, tx *store.Tx, workspaceID string, in provider.ConnectRequest) (provider.Connected, error)
}

// Service is the Connect Webview domain.
type Service struct {
	store   *store.Store
	key     secret.Key
	events  *event.Recorder
	connect Connector
	log     *slog.Logger
	// publicURL is the base of the webview urls (no trailing slash).
	publicURL string
}

// NewService builds the webview service. connect materialises a sign-in;
// publicURL is lintel's address as a browser reaches it.
func NewService(st *store.Store, key secret.Key, events *event.Recorder, connect Connector, publicURL string, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, key: key, events: events, connect: connect, log: log,
		publicURL: strings.TrimSuffix(publicURL, "/")}
}

// SetPublicURL changes the base of the webview urls: `lintel serve` knows
// its address only once it listens.
func (s *Service) SetPublicURL(u string) { s.publicURL = strings.TrimSuffix(u, "/") }

func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errWebviewNotFound
	}
	return err
}

// Create makes a webview for the caller's workspace. A client session's
// webview is remembered by the session (it may read it) and carries the
// session's user identifier key.
func (s *Service) Create(ctx context.Context, p lintel.Principal, in client.ConnectWebviewsCreateParams) (client.ConnectWebview, error) {
	var out client.ConnectWebview
	w, err := newWebview(in)
	if err != nil {
		return out, err
	}
	token, err := newAuthToken()
	if err != nil {
		return out, err
	}
	w.ConnectWebviewID = lintel.NewID()
	w.AuthTokenHash = secret.HashLong(token)
	if w.AuthTokenSealed, err = s.key.Seal([]byte(token), sealLabel(w.ConnectWebviewID)); err != nil {
		return out, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		w.WorkspaceID, w.CreatedAt = p.WorkspaceID, tx.Now()
		w.ExpiresAt = w.CreatedAt.Add(TokenTTL)
		if p.IsClientSession() {
			cs, err := tx.LiveClientSession(ctx, p.WorkspaceID, p.ActorID)
			if err != nil {
				return err
			}
			w.ClientSessionID, w.UserIdentifierKey = &cs.ClientSessionID, cs.UserIdentifierKey
			if err := tx.InsertConnectWebview(ctx, p.WorkspaceID, w); err != nil {
				return err
			}
			if err := tx.SetClientSessionScope(ctx, p.WorkspaceID, cs.ClientSessionID, cs.ConnectedAccountIDs,
				append(cs.ConnectWebviewIDs, w.ConnectWebviewID)); err != nil {
				return err
			}
		} else if err := tx.InsertConnectWebview(ctx, p.WorkspaceID, w); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "connect_webview.create", "connect_webview", w.ConnectWebviewID, audit.Succeeded); err != nil {
			return err
		}
		out = s.present(w, token)
		return nil
	})
	return out, err
}

// newWebview checks the parameters of create and resolves the providers
// the page offers: accepted_providers (each must be in lintel's
// catalogue), else the providers of provider_category, else the stable
// ones; less excluded_providers; kept to those of accepted_capabilities
// when given.
func newWebview(in client.ConnectWebviewsCreateParams) (store.ConnectWebview, error) {
	var v lintel.InvalidInput
	w := store.ConnectWebview{Status: StatusPending, DeviceSelectionMode: "none", AutomaticallyManageNewDevices: true,
		CustomMetadata: "{}"}
	var providers []provider.Provider
	switch {
	case len(in.AcceptedProviders) > 0:
		for _, key := range in.AcceptedProviders {
			pr, ok := provider.Lookup(key)
			if !ok {
				v.Add("accepted_providers", "lintel's sandbox has no provider '"+key+"'; it has: "+strings.Join(provider.Keys(), ", "))
				continue
			}
			if !slices.ContainsFunc(providers, func(q provider.Provider) bool { return q.Key == key }) {
				providers = append(providers, pr)
			}
		}
	case in.ProviderCategory != "":
		providers = provider.InCategory(in.ProviderCategory)
	default:
		w.AnyProviderAllowed = true
		providers = provider.InCategory(provider.CategoryStable)
	}
	providers = slices.DeleteFunc(providers, func(q provider.Provider) bool {
		return slices.Contains(in.ExcludedProviders, q.Key) ||
			(len(in.AcceptedCapabilities) > 0 && !slices.Contains(in.AcceptedCapabilities, q.Capability))
	})
	if len(providers) == 0 && v.Empty() {
		v.Add("accepted_providers", "No provider of lintel's sandbox is left to offer: check provider_category, excluded_providers and accepted_capabilities")
	}
	for _, pr := range providers {
		w.AcceptedProviders = append(w.AcceptedProviders, pr.Key)
		if !slices.Contains(w.AcceptedCapabilities, pr.Capability) {
			w.AcceptedCapabilities = append(w.AcceptedCapabilities, pr.Capability)
		}
	}
	if len(in.AcceptedCapabilities) > 0 {
		w.AcceptedCapabilities = slices.Compact(slices.Sorted(slices.Values(in.AcceptedCapabilities)))
	}
	for field, raw := range map[string]string{"custom_redirect_url": in.CustomRedirectURL,
		"custom_redirect_failure_url": in.CustomRedirectFailureURL} {
		if raw == "" {
			continue
		}
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.Add(field, "Invalid url: give an absolute http or https URL")
			continue
		}
		if field == "custom_redirect_url" {
			w.CustomRedirectURL = &raw
		} else {
			w.CustomRedirectFailureURL = &raw
		}
	}
	if in.CustomerKey != "" {
		v.Add("customer_key", "lintel has no customers to connect an account for")
	}
	if in.CustomMetadata != nil {
		acs.CheckCustomMetadata(&v, in.CustomMetadata)
		// Null and "" remove a key (Seam's rule); on a new webview they
		// are simply not kept.
		kept := map[string]any{}
		for k, val := range in.CustomMetadata {
			if strings.Contains(k, ".") {
				v.Add("custom_metadata", "Key names cannot contain a period (.)")
			}
			if val != nil && val != "" {
				kept[k] = val
			}
		}
		doc, err := json.Marshal(kept)
		if err != nil {
			return w, err
		}
		w.CustomMetadata = string(doc)
	}
	if in.DeviceSelectionMode != "" {
		w.DeviceSelectionMode = in.DeviceSelectionMode
	}
	if in.AutomaticallyManageNewDevices != nil {
		w.AutomaticallyManageNewDevices = *in.AutomaticallyManageNewDevices
	}
	if in.WaitForDeviceCreation != nil {
		w.WaitForDeviceCreation = *in.WaitForDeviceCreation
	}
	return w, v.Err()
}

// newAuthToken returns a fresh random auth token: 32 bytes, base64url.
func newAuthToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// sealLabel binds a sealed auth token to its webview.
func sealLabel(id string) string { return "connect_webview:" + id }

// scope returns the webviews a client session may read, or nil for every
// other caller.
func scope(ctx context.Context, tx *store.Tx, p lintel.Principal) ([]string, error) {
	if !p.IsClientSession() {
		return nil, nil
	}
	cs, err := tx.LiveClientSession(ctx, p.WorkspaceID, p.ActorID)
	if errors.Is(err, store.ErrNotFound) {
		return []string{}, nil
	}
	return cs.ConnectWebviewIDs, err
}

// Get returns a webview of the caller's workspace.
func (s *Service) Get(ctx context.Context, p lintel.Principal, id string) (client.ConnectWebview, error) {
	var out client.ConnectWebview
	err := s.store.View(ctx, func(tx *store.Tx) error {
		ids, err := scope(ctx, tx, p)
		if err != nil {
			return err
		}
		if ids != nil && !slices.Contains(ids, id) {
			return errWebviewNotFound
		}
		w, err := tx.ConnectWebview(ctx, p.WorkspaceID, id)
		if err != nil {
			return notFound(err)
		}
		out, err = s.presentStored(w)
		return err
	})
	return out, err
}

// List returns one page of the caller's webviews, oldest first. lintel
// has no customers, so a customer key finds none.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.ConnectWebviewsListParams) ([]client.ConnectWebview, page.Pagination, error) {
	filters := in
	filters.Limit, filters.PageCursor = 0, nil
	req, err := page.NewRequest(in.Limit, page.MaxLimit, in.PageCursor, filters)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	out := []client.ConnectWebview{}
	if in.CustomerKey != "" {
		return out, page.Pagination{}, nil
	}
	f := store.ConnectWebviewFilter{UserIdentifierKey: in.UserIdentifierKey, Search: in.Search}
	var v lintel.InvalidInput
	for k, val := range in.CustomMetadataHas {
		switch x := val.(type) {
		case nil, bool:
		case string:
			switch x {
			case "":
				continue // Seam's rule: an empty string is left out of the filter
			case "true", "false":
				// A query string cannot tell the boolean from the text.
				val = []any{x, x == "true"}
			}
		default:
			v.Add("custom_metadata_has."+k, "Expected a string, a boolean or null")
			continue
		}
		if f.CustomMetadataHas == nil {
			f.CustomMetadataHas = map[string]any{}
		}
		f.CustomMetadataHas[k] = val
	}
	if err := v.Err(); err != nil {
		return nil, page.Pagination{}, err
	}
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		if f.ConnectWebviewIDs, err = scope(ctx, tx, p); err != nil {
			return err
		}
		rows, err := tx.ListConnectWebviews(ctx, p.WorkspaceID, f, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(w store.ConnectWebview) page.Key {
			return page.Key{CreatedAt: w.CreatedAt, ID: w.ConnectWebviewID}
		})
		for _, w := range rows {
			cw, err := s.presentStored(w)
			if err != nil {
				return err
			}
			out = append(out, cw)
		}
		return nil
	})
	return out, pg, err
}

// Delete removes a webview of the caller's workspace; its url stops
// working. The account it connected stays.
func (s *Service) Delete(ctx context.Context, p lintel.Principal, id string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteConnectWebview(ctx, p.WorkspaceID, id); err != nil {
			return notFound(err)
		}
		return audit.Record(ctx, tx, p, "connect_webview.delete", "connect_webview", id, audit.Succeeded)
	})
}

// presentStored opens the sealed auth token of w to present it.
func (s *Service) presentStored(w store.ConnectWebview) (client.ConnectWebview, error) {
	token, err := s.key.Open(w.AuthTokenSealed, sealLabel(w.ConnectWebviewID))
	if err != nil {
		return client.ConnectWebview{}, err
	}
	return s.present(w, string(token)), nil
}

// URL is the address of a webview's page.
func (s *Service) URL(id, token string) string {
	q := url.Values{"connect_webview_id": {id}, "auth_token": {token}}
	return s.publicURL + ViewPath + "?" + q.Encode()
}

func (s *Service) present(w store.ConnectWebview, token string) client.ConnectWebview {
	out := client.ConnectWebview{
		ConnectWebviewID: w.ConnectWebviewID, WorkspaceID: w.WorkspaceID, CreatedAt: client.NewTime(w.CreatedAt),
		ConnectedAccountID: w.ConnectedAccountID, URL: s.URL(w.ConnectWebviewID, token),
		DeviceSelectionMode: w.DeviceSelectionMode, AcceptedProviders: w.AcceptedProviders,
		AcceptedCapabilities: w.AcceptedCapabilities, AcceptedDevices: []string{},
		AnyProviderAllowed: w.AnyProviderAllowed, LoginSuccessful: w.Status == StatusAuthorized, Status: w.Status,
		CustomRedirectURL: w.CustomRedirectURL, CustomRedirectFailureURL: w.CustomRedirectFailureURL,
		CustomMetadata: map[string]any{}, AutomaticallyManageNewDevices: w.AutomaticallyManageNewDevices,
		WaitForDeviceCreation: w.WaitForDeviceCreation, SelectedProvider: w.SelectedProvider,
	}
	if w.AuthorizedAt != nil {
		t := client.NewTime(*w.AuthorizedAt)
		out.AuthorizedAt = &t
	}
	_ = json.Unmarshal([]byte(w.CustomMetadata), &out.CustomMetadata)
	if out.CustomMetadata == nil {
		out.CustomMetadata = map[string]any{}
	}
	if out.AcceptedProviders == nil {
		out.AcceptedProviders = []string{}
	}
	if out.AcceptedCapabilities == nil {
		out.AcceptedCapabilities = []string{}
	}
	return out
}
