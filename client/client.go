package client

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// DefaultEndpoint is where New sends requests when neither WithEndpoint nor
// the environment names a server: a lintel server on this machine with its
// default address.
const DefaultEndpoint = "http://127.0.0.1:4555"

// Defaults of the settings Options change.
const (
	// DefaultRetries is how many times an idempotent request (GET, PUT,
	// DELETE) is retried after a network error, a 429 or a 5xx.
	DefaultRetries = 2
	// DefaultTimeout bounds each attempt of a request.
	DefaultTimeout = 30 * time.Second
)

// Environment variables New reads for settings its options leave out.
const (
	EnvAPIKey              = "SEAM_API_KEY"
	EnvPersonalAccessToken = "SEAM_PERSONAL_ACCESS_TOKEN"
	EnvWorkspaceID         = "SEAM_WORKSPACE_ID"
	EnvEndpoint            = "SEAM_ENDPOINT"
	// EnvLintelEndpoint is read when SEAM_ENDPOINT is not set.
	EnvLintelEndpoint = "LINTEL_ENDPOINT"
)

// An Option changes one setting of New. Options apply in order, so of two
// that set the same thing (say WithAPIKey and WithClientSessionToken) the
// later wins.
type Option func(*settings)

// settings is what the options fill in before New resolves them.
type settings struct {
	endpoint    string
	token       string
	tokenKind   string // "api_key", "pat" or "client_session"; "" when no option gave one
	workspaceID *string
	httpClient  *http.Client
	getenv      func(string) string
	retries     int
	timeout     time.Duration
	wait        *WaitOptions
}

// WithEndpoint sends requests to the server at url, an absolute http or
// https URL (a trailing slash is dropped). It overrides SEAM_ENDPOINT.
func WithEndpoint(url string) Option { return func(s *settings) { s.endpoint = url } }

// WithAPIKey authenticates with an API key (seam_…). It overrides the
// credentials of the environment.
func WithAPIKey(key string) Option {
	return func(s *settings) { s.token, s.tokenKind = key, "api_key" }
}

// WithPersonalAccessToken authenticates as a console user with a personal
// access token (seam_at…), acting on workspaceID. An empty workspaceID
// leaves the workspace out, for the routes that take none, such as
// Workspaces.List and Workspaces.Create. It overrides the credentials of
// the environment.
func WithPersonalAccessToken(token, workspaceID string) Option {
	return func(s *settings) {
		s.token, s.tokenKind = token, "pat"
		if s.workspaceID == nil {
			s.workspaceID = &workspaceID
		}
	}
}

// WithClientSessionToken authenticates with a client session token
// (seam_cst…), which reaches only the objects of its user identities.
func WithClientSessionToken(token string) Option {
	return func(s *settings) { s.token, s.tokenKind = token, "client_session" }
}

// WithWorkspaceID sets the workspace a personal access token acts on,
// whichever option or variable supplied the token. It overrides
// SEAM_WORKSPACE_ID and the workspace given to WithPersonalAccessToken.
func WithWorkspaceID(id string) Option {
	return func(s *settings) { s.workspaceID = &id }
}

// WithHTTPClient sends requests through hc instead of a client of the
// SDK's own. Its Timeout, if any, applies on top of WithTimeout.
func WithHTTPClient(hc *http.Client) Option { return func(s *settings) { s.httpClient = hc } }

// WithEnvironment makes New read the environment through getenv instead
// of os.Getenv; nil makes it ignore the environment altogether.
func WithEnvironment(getenv func(string) string) Option {
	return func(s *settings) {
		if getenv == nil {
			getenv = func(string) string { return "" }
		}
		s.getenv = getenv
	}
}

// WithRetries sets how many times an idempotent request is retried after a
// network error, a 429 or a 5xx (default DefaultRetries; 0 turns retries
// off). POST and PATCH requests are never retried.
func WithRetries(n int) Option { return func(s *settings) { s.retries = max(n, 0) } }

// WithTimeout bounds each attempt of a request (default DefaultTimeout).
// The context passed to a call bounds the whole call, retries included.
func WithTimeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// WithActionAttemptWait sets how the methods that start an action attempt
// wait for it to finish (see WaitOptions; the zero value means the
// defaults).
func WithActionAttemptWait(o WaitOptions) Option { return func(s *settings) { s.wait = &o } }

// WithoutActionAttemptWait makes the methods that start an action attempt
// return it as the server answered, usually still pending; use
// Client.WaitForActionAttempt to wait for it later.
func WithoutActionAttemptWait() Option {
	return func(s *settings) { s.wait = &WaitOptions{disabled: true} }
}

// New builds a Client. Settings that no option gives come from the
// environment, as in Seam's own SDKs:
//
//   - the endpoint from SEAM_ENDPOINT, else LINTEL_ENDPOINT, else
//     DefaultEndpoint;
//   - the credentials from SEAM_API_KEY, or from SEAM_PERSONAL_ACCESS_TOKEN
//     with SEAM_WORKSPACE_ID. Having both an API key and a personal access
//     token in the environment is an error unless an option picks one.
//
// A Client without credentials can call only the routes that need none,
// such as Health; the others answer with an *Error of type "unauthorized".
// A Client is safe for concurrent use.
func New(opts ...Option) (*Client, error) {
	s := settings{getenv: os.Getenv, retries: DefaultRetries, timeout: DefaultTimeout}
	for _, o := range opts {
		o(&s)
	}
	endpoint := firstSet(s.endpoint, s.getenv(EnvEndpoint), s.getenv(EnvLintelEndpoint), DefaultEndpoint)
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: the endpoint must be an absolute http or https URL, not %q", endpoint)
	}
	if s.tokenKind == "" {
		key, pat := s.getenv(EnvAPIKey), s.getenv(EnvPersonalAccessToken)
		switch {
		case key != "" && pat != "":
			return nil, fmt.Errorf("client: both %s and %s are set; unset one or pass an option", EnvAPIKey, EnvPersonalAccessToken)
		case key != "":
			s.token, s.tokenKind = key, "api_key"
		case pat != "":
			s.token, s.tokenKind = pat, "pat"
			if s.workspaceID == nil {
				ws := s.getenv(EnvWorkspaceID)
				s.workspaceID = &ws
			}
		}
	}
	header := http.Header{}
	header.Set("User-Agent", "lintel-go")
	header.Set("seam-sdk-name", "lintel/go")
	if s.token != "" {
		header.Set("Authorization", "Bearer "+s.token)
	}
	switch s.tokenKind {
	case "pat":
		if s.workspaceID != nil && *s.workspaceID != "" {
			header.Set("seam-workspace", *s.workspaceID)
		}
	case "client_session":
		header.Set("client-session-token", s.token)
	}
	hc := s.httpClient
	if hc == nil {
		hc = &http.Client{}
	}
	wait := WaitOptions{}
	if s.wait != nil {
		wait = *s.wait
	}
	return newClient(&conn{
		endpoint: strings.TrimRight(endpoint, "/"),
		header:   header,
		http:     hc,
		retries:  s.retries,
		timeout:  s.timeout,
		wait:     wait.withDefaults(),
		sleep:    sleepContext,
	}), nil
}

// Endpoint returns the base URL the client sends requests to.
func (c *Client) Endpoint() string { return c.conn.endpoint }

func firstSet(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}
