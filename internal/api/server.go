// Package api is lintel's HTTP edge: the route table, authentication,
// parameter decoding, and the one place where errors become responses.
package api

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/bridge"
	"github.com/lintel-dev/lintel/internal/device"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/grant"
	"github.com/lintel-dev/lintel/internal/idempotency"
	"github.com/lintel-dev/lintel/internal/identity"
	"github.com/lintel-dev/lintel/internal/instantkey"
	"github.com/lintel-dev/lintel/internal/noise"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/phone"
	"github.com/lintel-dev/lintel/internal/space"
	"github.com/lintel-dev/lintel/internal/thermostat"
	"github.com/lintel-dev/lintel/internal/webhook"
	"github.com/lintel-dev/lintel/internal/webview"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// MaxBodyBytes is the largest request body accepted; larger gets 413.
const MaxBodyBytes = 1 << 20

// Services are the domain services the handlers call.
type Services struct {
	Workspaces *workspace.Service
	Acs        *acs.Service
	Identity   *identity.Service
	Events     *event.Service
	Webhooks   *webhook.Service
	Attempts   *attempt.Service
	Webviews   *webview.Service
	Devices    *device.Service
	Spaces     *space.Service
	// AccessCodes are the PIN codes on locks (access_codes/*).
	AccessCodes *accesscode.Service
	// Grants are the access grants and access methods (access_grants/*,
	// access_methods/*).
	Grants *grant.Service
	// InstantKeys are the instant keys (user_identities/generate_instant_key,
	// instant_keys/*).
	InstantKeys *instantkey.Service
	// Thermostats are the thermostats' climate, presets, schedules and
	// programs (thermostats/*).
	Thermostats *thermostat.Service
	// Cursors seals the page cursors of paginated routes.
	Cursors page.Sealer
	// Idempotency keeps the answers of creates sent with an Idempotency-Key.
	Idempotency *idempotency.Service
	Phones      *phone.Service
	Noise       *noise.Service
	// Bridges are Seam Bridge clients (seam/bridge/v1/*) and the bridges
	// paired from them (bridges/*).
	Bridges *bridge.Service
	// Denials, if set, records refused requests of known actors (401 with
	// a known key's prefix, 404, 400) in the audit log.
	Denials *audit.Denials
}

// Config holds the edge's settings.
type Config struct {
	Logger *slog.Logger
	// Version is reported by /health.
	Version string
	// AuthFailureRate and AuthFailureBurst bound failed authentications per
	// client address; past them failures get 429 instead of 401.
	AuthFailureRate  rate.Limit
	AuthFailureBurst int
	// BridgeSessionRate and BridgeSessionBurst bound the bridge client
	// sessions one client address may open (the route takes no
	// credentials); past them it gets 429.
	BridgeSessionRate  rate.Limit
	BridgeSessionBurst int
	// WorkspaceLimits are the per-workspace request budgets.
	WorkspaceLimits WorkspaceLimits
	// Metrics, if set, is served unauthenticated at GET /metrics
	// (Prometheus); the server listens on loopback unless told otherwise.
	Metrics http.Handler
	// Pages, if set, serves the Connect Webview pages at webview.ViewPath
	// and below: HTML for browsers, outside the API's CORS answer.
	Pages http.Handler
	// KeyPages, if set, serves the instant keys' page at
	// instantkey.ViewPath and below, outside the API's CORS answer too.
	KeyPages http.Handler
}

// Server is the HTTP API.
type Server struct {
	svc     Services
	cfg     Config
	log     *slog.Logger
	routes  []route
	byPath  map[string]*route
	mux     *http.ServeMux
	openapi []byte

	// failures counts failed authentications per client address;
	// bridgeSessions the bridge client sessions each opens.
	failures       *addressLimiter
	bridgeSessions *addressLimiter

	limits *workspaceLimiter
}

// New builds the API server.
func New(svc Services, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.AuthFailureRate == 0 {
		cfg.AuthFailureRate = 5
	}
	if cfg.AuthFailureBurst == 0 {
		cfg.AuthFailureBurst = 50
	}
	if cfg.BridgeSessionRate == 0 {
		cfg.BridgeSessionRate = rate.Every(10 * time.Second)
	}
	if cfg.BridgeSessionBurst == 0 {
		cfg.BridgeSessionBurst = 20
	}
	s := &Server{svc: svc, cfg: cfg, log: cfg.Logger, byPath: map[string]*route{},
		mux:            http.NewServeMux(),
		failures:       newAddressLimiter(cfg.AuthFailureRate, cfg.AuthFailureBurst),
		bridgeSessions: newAddressLimiter(cfg.BridgeSessionRate, cfg.BridgeSessionBurst),
		limits:         newWorkspaceLimiter(cfg.WorkspaceLimits, time.Now)}
	s.routes = s.routeTable()
	for i := range s.routes {
		rt := &s.routes[i]
		if _, dup := s.byPath[rt.Path]; dup {
			return nil, errors.New("duplicate route " + rt.Path)
		}
		s.byPath[rt.Path] = rt
		if rt.Paginated {
			if rt.cursorField = cursorField(rt.handle.params); rt.cursorField < 0 {
				return nil, errors.New("paginated route " + rt.Path + " has no page_cursor parameter")
			}
		}
		s.mux.Handle(rt.Path, s.serveRoute(rt))
	}
	doc, err := s.openAPIDocument()
	if err != nil {
		return nil, err
	}
	s.openapi = doc
	s.mux.HandleFunc("/openapi.json", s.serveOpenAPI)
	if cfg.Metrics != nil {
		s.mux.Handle("GET /metrics", cfg.Metrics)
	}
	if cfg.Pages != nil {
		s.mux.Handle(webview.ViewPath, cfg.Pages)
		s.mux.Handle(webview.ViewPath+"/", cfg.Pages)
	}
	if cfg.KeyPages != nil {
		s.mux.Handle(instantkey.ViewPath, cfg.KeyPages)
		s.mux.Handle(instantkey.ViewPath+"/", cfg.KeyPages)
	}
	s.mux.HandleFunc("/", s.serveUnknown)
	return s, nil
}

// ServeHTTP runs the middleware chain, then the route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rid := lintel.NewID()
	w.Header().Set("seam-request-id", rid)
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	ctx := lintel.WithRequestID(r.Context(), rid)
	r = r.WithContext(ctx)
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("panic serving request", "request_id", rid, "panic", p, "path", r.URL.Path)
			if !rec.wrote {
				s.writeError(rec, r, errors.New("panic"))
			}
		}
		s.log.Info("request", "request_id", rid, "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "duration_ms", float64(time.Since(start).Microseconds())/1000,
			"sdk", r.Header.Get("seam-sdk-name"), "sdk_version", r.Header.Get("seam-sdk-version"))
	}()
	// The pages are not the API: the API's CORS answer (any origin, with
	// credentials) must not cover them.
	if !isPage(r.URL.Path) && s.cors(rec, r) {
		return
	}
	s.mux.ServeHTTP(rec, r)
}

// isPage reports whether path is one of the pages: a Connect Webview's or
// an instant key's.
func isPage(path string) bool {
	for _, p := range []string{webview.ViewPath, instantkey.ViewPath} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// RequestID returns the id of the request carried by ctx.
func RequestID(ctx context.Context) string {
	return lintel.RequestIDFrom(ctx)
}

// allowedHeaders are the request headers the official clients send.
const allowedHeaders = "seam-workspace, authorization, seam-sdk-version, seam-sdk-name, seam-publishable-key, " +
	"seam-client-session-token, client-session-token, seam-api-key, seam-user-identifier-key, seam-lts-version, " +
	"content-type, idempotency-key"

// cors answers browser clients; it reports true when it has answered a
// preflight request itself.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Expose-Headers", "seam-request-id, retry-after, idempotent-replayed")
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
		h.Set("Access-Control-Allow-Headers", allowedHeaders)
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

// serveRoute is the request flow of every route: method, body, auth,
// parameters, handler, response.
func (s *Server) serveRoute(rt *route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != rt.Path {
			s.serveUnknown(w, r)
			return
		}
		if !rt.Methods.allows(r.Method) {
			w.Header().Set("Allow", rt.Methods.String())
			s.writeError(w, r, lintel.Errorf(lintel.EMethodNotAllowed, "Method %s not allowed; only %s accepted", r.Method, rt.Methods))
			return
		}
		body, err := readBody(w, r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		p, err := s.authenticate(r, rt)
		if err == nil {
			err = s.limits.allow(p.WorkspaceID, rt.writes())
		}
		if err != nil {
			s.deny(r, rt, p, err)
			s.writeError(w, r, err)
			return
		}
		in, err := rt.handle.decode(r, body)
		if err == nil && rt.Paginated {
			err = s.openCursor(rt, p, in)
		}
		if err != nil {
			s.deny(r, rt, p, err)
			s.writeError(w, r, err)
			return
		}
		if rt.Creates && len(r.Header.Values(idempotency.Header)) > 0 {
			s.serveIdempotent(w, r, rt, p, in)
			return
		}
		out, err := s.run(r.Context(), rt, p, in)
		if err != nil {
			s.deny(r, rt, p, err)
			s.writeError(w, r, err)
			return
		}
		s.writeResult(w, rt, out)
	})
}

// run calls the route's handler with the decoded parameters.
func (s *Server) run(ctx context.Context, rt *route, p lintel.Principal, in any) (any, error) {
	out, err := rt.handle.call(ctx, p, in)
	if pg, ok := out.(pageResult); ok && err == nil {
		out, err = s.sealCursor(rt, p, pg)
	}
	return out, err
}

// readBody reads at most MaxBodyBytes of a request body. GET and DELETE
// carry their parameters in the query; a body there is ignored.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodDelete {
		return nil, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, lintel.Errorf(lintel.EPayloadTooLarge, "Request body is larger than %d bytes", MaxBodyBytes)
		}
		return nil, lintel.Errorf(lintel.EInvalidInput, "Could not read the request body")
	}
	if len(bytes.TrimSpace(body)) > 0 {
		ct := strings.ToLower(strings.TrimSpace(strings.Split(r.Header.Get("Content-Type"), ";")[0]))
		if ct != "application/json" && !strings.HasSuffix(ct, "+json") {
			return nil, lintel.Errorf(lintel.EUnsupportedMedia, "Content-Type must be application/json")
		}
	}
	return body, nil
}

// deny records a refused request in the audit log when its actor is known:
// 401 (a known API key with a wrong secret, or a credential the route does
// not accept), 404 and 400. The recorder bounds how many rows it writes.
func (s *Server) deny(r *http.Request, rt *route, p lintel.Principal, err error) {
	code := lintel.ErrorCode(err)
	if s.svc.Denials == nil || p.WorkspaceID == "" ||
		code != lintel.EUnauthorized && code != lintel.EInvalidInput && !strings.HasSuffix(code, lintel.ENotFound) {
		return
	}
	s.svc.Denials.Record(r.Context(), audit.Denial{Principal: p, Action: rt.Path, Reason: err.Error()})
}

// authenticate resolves the caller and checks that the route accepts its
// kind of credential. Failed attempts are rate limited per client address.
// On a failure the principal is the actor the token names, when it names
// a known API key (for the audit log), and carries no authority.
func (s *Server) authenticate(r *http.Request, rt *route) (lintel.Principal, error) {
	if rt.Auth&authNone != 0 {
		return lintel.Principal{RequestID: RequestID(r.Context()), SourceIP: clientIP(r)}, nil
	}
	c := workspace.Credentials{
		Bearer:             bearer(r.Header.Get("Authorization")),
		Workspace:          r.Header.Get("seam-workspace"),
		ClientSessionToken: cmp.Or(r.Header.Get("client-session-token"), r.Header.Get("seam-client-session-token")),
		PublishableKey:     r.Header.Get("seam-publishable-key"),
	}
	if c.Bearer == "" {
		c.Bearer = r.Header.Get("seam-api-key")
	}
	if len(r.Header.Values("seam-workspace")) > 1 {
		return lintel.Principal{}, s.authFailure(r)
	}
	p, err := s.svc.Workspaces.Authenticate(r.Context(), c)
	if err != nil {
		if lintel.ErrorCode(err) == lintel.EUnauthorized {
			known, _ := s.svc.Workspaces.KnownActor(r.Context(), c)
			known.RequestID, known.SourceIP = RequestID(r.Context()), clientIP(r)
			return known, s.authFailure(r)
		}
		return lintel.Principal{}, err
	}
	p.RequestID = RequestID(r.Context())
	p.SourceIP = clientIP(r)
	if !rt.Auth.allows(p) {
		return p, workspace.ErrUnauthorized()
	}
	return p, nil
}

// authFailure counts a failed authentication against the client's address
// and answers 401, or 429 once the address has failed too often. Callers
// with valid credentials are never slowed down by it.
func (s *Server) authFailure(r *http.Request) error {
	if secs, ok := s.failures.allow(clientIP(r)); !ok {
		return &lintel.Error{Code: lintel.ERateLimited, Message: "Too many failed authentication attempts",
			Data: map[string]any{"retry_after_seconds": secs}}
	}
	return workspace.ErrUnauthorized()
}

func bearer(h string) string {
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// serveUnknown answers a path that is not in the route table: 501 for a path
// of Seam's API that lintel does not implement yet, 404 otherwise.
func (s *Server) serveUnknown(w http.ResponseWriter, r *http.Request) {
	if _, ok := specOperations[r.URL.Path]; ok {
		s.writeError(w, r, lintel.Errorf(lintel.ENotImplemented, "%s is not implemented by lintel yet", r.URL.Path))
		return
	}
	s.writeError(w, r, lintel.Errorf(lintel.ENotFound, "No route for %s %s", r.Method, r.URL.Path))
}

func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET")
		s.writeError(w, r, lintel.Errorf(lintel.EMethodNotAllowed, "Only GET accepted"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(s.openapi)
}

// also is a result that carries one more key beside the route's own, where
// Seam's response does: noise_thresholds/create answers the threshold and
// the action attempt that programmed it; noise_thresholds/update, whose
// route has no key, the action attempt alone.
type also struct {
	result any
	key    string
	value  any
}

func withAlso(result any, key string, value any) also {
	return also{result: result, key: key, value: value}
}

// writeResult writes {"<key>": out, "pagination"?: …, "ok": true}.
func (s *Server) writeResult(w http.ResponseWriter, rt *route, out any) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if a, ok := out.(also); ok {
		out = a.result
		buf.WriteString(`"` + a.key + `":`)
		if err := enc.Encode(a.value); err != nil {
			s.writeEncodeError(w, err)
			return
		}
		buf.Truncate(buf.Len() - 1)
		buf.WriteByte(',')
	}
	key := rt.ResponseKey
	if key == "" {
		key = rt.BodyKey
	}
	if k, ok := out.(keyed); ok {
		out = k.result
		buf.WriteString(`"` + k.key + `":`)
		if err := enc.Encode(k.value); err != nil {
			s.writeEncodeError(w, err)
			return
		}
		buf.Truncate(buf.Len() - 1)
		buf.WriteByte(',')
	}
	if key != "" {
		if pg, ok := out.(pageResult); ok {
			out = pg.items
			buf.WriteString(`"pagination":`)
			if err := enc.Encode(pg.pagination); err != nil {
				s.writeEncodeError(w, err)
				return
			}
			buf.Truncate(buf.Len() - 1) // the encoder's newline
			buf.WriteByte(',')
		}
		for _, k := range []string{key, rt.AlsoKey} {
			if k == "" {
				continue
			}
			buf.WriteString(`"` + k + `":`)
			if err := enc.Encode(out); err != nil {
				s.writeEncodeError(w, err)
				return
			}
			buf.Truncate(buf.Len() - 1)
			buf.WriteByte(',')
		}
	}
	buf.WriteString(`"ok":true}`)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(buf.Bytes())
}

func (s *Server) writeEncodeError(w http.ResponseWriter, err error) {
	s.log.Error("encode response", "err", err)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	io.WriteString(w, `{"error":{"type":"internal_server_error","message":"Internal server error"},"ok":false}`)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
