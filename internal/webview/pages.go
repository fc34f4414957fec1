package webview

import (
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/webpage"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// csrfTTL is how long a form of the webview can be submitted after it was
// shown.
const csrfTTL = time.Hour

// maxFormBytes bounds a form's body.
const maxFormBytes = 16 << 10

// Pages serves a webview's pages at ViewPath: plain HTML forms, rendered
// on the server, that work without JavaScript. A webview is framed by
// integrators (cross-site, where cookies are not sent), so the pages keep
// no state in cookies: the webview is named by the id and auth token in
// the url, each step's form carries a CSRF token bound to the webview and
// the step, and what the sign-in has reached lives in the database.
type Pages struct {
	svc   *Service
	csrf  webpage.CSRF
	log   *slog.Logger
	pages map[string]*template.Template
	mux   *http.ServeMux
}

// NewPages builds the webview pages over svc; key signs the CSRF tokens.
func NewPages(svc *Service, key secret.Key, log *slog.Logger) (*Pages, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Pages{svc: svc, csrf: webpage.CSRF{Key: key, Label: "connect-webview-csrf"}, log: log, pages: map[string]*template.Template{}, mux: http.NewServeMux()}
	for _, name := range []string{"providers", "login", "code", "done"} {
		t, err := template.ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		p.pages[name] = t
	}
	assets, err := fs.Sub(assetFS, "assets")
	if err != nil {
		return nil, err
	}
	p.mux.HandleFunc(ViewPath, p.serveView)
	p.mux.Handle("GET "+ViewPath+"/assets/", http.StripPrefix(ViewPath+"/assets/", http.FileServerFS(assets)))
	p.mux.HandleFunc("GET "+ViewPath+webpage.BaseCSSPath, webpage.BaseCSS)
	p.mux.HandleFunc("GET "+ViewPath+"/logos/{file}", p.serveLogo)
	p.mux.HandleFunc(ViewPath+"/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	return p, nil
}

// ServeHTTP serves the pages and their assets.
func (p *Pages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// Framing is the point (no frame-ancestors limit); scripts, plugins and
	// other origins are not. no-referrer keeps the url's token from the
	// pages the user goes on to.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	p.mux.ServeHTTP(w, r)
}

// serveLogo serves a provider's generated logo.
func (p *Pages) serveLogo(w http.ResponseWriter, r *http.Request) {
	pr, ok := provider.Lookup(strings.TrimSuffix(r.PathValue("file"), ".svg"))
	if !ok || !strings.HasSuffix(r.PathValue("file"), ".svg") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write([]byte(pr.Logo()))
}

// tile is a provider as the pages show it.
type tile struct {
	Key, Name string
	// Kind is what the brand makes ("Smart lock"); Things what an account
	// holds ("locks").
	Kind, Things string
}

func newTile(pr provider.Provider) tile {
	switch pr.Capability {
	case provider.CapabilityAccessControl:
		return tile{Key: pr.Key, Name: pr.DisplayName, Kind: "Access control", Things: "access systems"}
	case provider.CapabilityNoiseSensor:
		return tile{Key: pr.Key, Name: pr.DisplayName, Kind: "Noise sensor", Things: "noise sensors"}
	}
	return tile{Key: pr.Key, Name: pr.DisplayName, Kind: "Smart lock", Things: "locks"}
}

// group is a heading of the provider list and its tiles.
type group struct {
	Name      string
	Providers []tile
}

// pageData is what a template renders.
type pageData struct {
	Title       string
	Workspace   string
	Action      string
	ChooseURL   string
	CSRF        string
	Groups      []group
	Provider    tile
	Error       string
	Email       string
	MaskedEmail string
	Message     string
	Detail      string
	Failed      bool
	ContinueURL string
	Refresh     bool
}

// serveView is the webview's page: GET shows the step the sign-in is at,
// POST submits it.
func (p *Pages) serveView(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	id, token := r.URL.Query().Get("connect_webview_id"), r.URL.Query().Get("auth_token")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		v, err := p.svc.Open(r.Context(), id, token)
		if err != nil {
			p.fail(w, r, v, err)
			return
		}
		p.show(w, r, v, r.URL.Query().Get("step") == "providers", "")
	case http.MethodPost:
		p.submit(w, r, id, token)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "Method not allowed", http.StatusMethodNotAllowed)
	}
}

// show renders the step the webview is at: its result once it is not
// pending; else the code step, the sign-in or the choice of provider.
func (p *Pages) show(w http.ResponseWriter, r *http.Request, v Visit, choose bool, message string) {
	wv := v.Webview
	switch {
	case wv.Status == StatusAuthorized:
		p.done(w, r, v, false)
	case wv.Status == StatusFailed:
		p.done(w, r, v, true)
	case !choose && v.Chosen != nil && wv.LoginEmail != nil:
		d := p.data(v, "code", "Verification code", message)
		d.MaskedEmail = maskEmail(*wv.LoginEmail)
		p.render(w, r, http.StatusOK, "code", d)
	case !choose && v.Chosen != nil:
		p.render(w, r, http.StatusOK, "login", p.data(v, "login", "Sign in", message))
	default:
		d := p.data(v, "provider", "Connect your account", message)
		var locks, access, sensors group
		locks.Name, access.Name, sensors.Name = "Smart locks", "Access control systems", "Noise sensors"
		for _, pr := range v.Providers {
			switch pr.Capability {
			case provider.CapabilityAccessControl:
				access.Providers = append(access.Providers, newTile(pr))
			case provider.CapabilityNoiseSensor:
				sensors.Providers = append(sensors.Providers, newTile(pr))
			default:
				locks.Providers = append(locks.Providers, newTile(pr))
			}
		}
		for _, g := range []group{locks, access, sensors} {
			if len(g.Providers) > 0 {
				d.Groups = append(d.Groups, g)
			}
		}
		p.render(w, r, http.StatusOK, "providers", d)
	}
}

// data fills what every step's page needs, with a CSRF token for step.
func (p *Pages) data(v Visit, step, title, message string) pageData {
	d := pageData{Title: title, Workspace: workspaceName(v), Error: message, Action: pageURL(v, ""),
		ChooseURL: pageURL(v, "providers")}
	if v.Chosen != nil {
		d.Provider = newTile(*v.Chosen)
	}
	d.CSRF = p.csrf.Token(time.Now().Add(csrfTTL), v.Webview.ConnectWebviewID, step)
	return d
}

// workspaceName is how the pages name who asks for the connection: the
// workspace's Connect partner name, else its name.
func workspaceName(v Visit) string {
	if n := v.Workspace.ConnectPartnerName; n != nil && *n != "" {
		return *n
	}
	return v.Workspace.Name
}

// pageURL is the relative address of the page of v (from ViewPath).
func pageURL(v Visit, step string) string {
	q := url.Values{"connect_webview_id": {v.Webview.ConnectWebviewID}, "auth_token": {v.Token}}
	if step != "" {
		q.Set("step", step)
	}
	return "view?" + q.Encode()
}

// submit handles a step's form: it checks the CSRF token of the step, then
// does the step and shows where it leads.
func (p *Pages) submit(w http.ResponseWriter, r *http.Request, id, token string) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		p.message(w, r, http.StatusBadRequest, "Something is wrong with this form", "Go back and try again.")
		return
	}
	step := r.PostForm.Get("step")
	if step == "" || !p.csrf.Valid(r.PostForm.Get("csrf_token"), id, step) {
		p.message(w, r, http.StatusForbidden, "This form has expired",
			"For your security, forms of this page work for one hour and only from this page. Open the link again to start over.")
		return
	}
	ctx := r.Context()
	switch step {
	case "provider":
		v, err := p.svc.Choose(ctx, id, token, r.PostForm.Get("provider"))
		if errors.Is(err, ErrNoProvider) {
			v, err = p.svc.Open(ctx, id, token)
			if err == nil {
				p.show(w, r, v, true, "Choose one of the brands below.")
				return
			}
		}
		if err != nil {
			p.fail(w, r, v, err)
			return
		}
		p.show(w, r, v, false, "")
	case "login":
		email := strings.TrimSpace(r.PostForm.Get("email"))
		v, _, err := p.svc.SignIn(ctx, id, token, email, r.PostForm.Get("password"))
		if errors.Is(err, ErrWrongLogin) {
			d := p.data(v, "login", "Sign in", "The email address or the password is not right. Check them and try again.")
			d.Email = email
			p.render(w, r, http.StatusOK, "login", d)
			return
		}
		if err != nil {
			p.fail(w, r, v, err)
			return
		}
		p.show(w, r, v, false, "")
	case "code":
		v, err := p.svc.VerifyCode(ctx, id, token, strings.TrimSpace(r.PostForm.Get("verification_code")))
		if errors.Is(err, ErrWrongCode) {
			p.show(w, r, v, false, "That code is not right. Check it and try again.")
			return
		}
		if err != nil {
			p.fail(w, r, v, err)
			return
		}
		p.show(w, r, v, false, "")
	default:
		p.message(w, r, http.StatusBadRequest, "Something is wrong with this form", "Go back and try again.")
	}
}

// fail shows what stopped a step.
func (p *Pages) fail(w http.ResponseWriter, r *http.Request, v Visit, err error) {
	switch {
	case errors.Is(err, ErrInvalidLink):
		p.message(w, r, http.StatusNotFound, "This link is not valid",
			"Ask the app that sent you here for a new link.")
	case errors.Is(err, ErrExpired):
		p.message(w, r, http.StatusGone, "This link has expired",
			"Links to connect an account work for a day. Ask the app that sent you here for a new one.")
	case errors.Is(err, ErrUsed), errors.Is(err, ErrTooManyAttempts):
		if v, err := p.svc.Open(r.Context(), v.Webview.ConnectWebviewID, v.Token); err == nil {
			p.show(w, r, v, false, "")
			return
		}
		p.message(w, r, http.StatusConflict, "This link has already been used", "Ask the app that sent you here for a new link.")
	case errors.Is(err, ErrNoProvider), errors.Is(err, ErrNoPendingLogin):
		p.show(w, r, v, true, "Choose your brand and sign in again.")
	default:
		p.log.Error("connect webview page", "request_id", lintel.RequestIDFrom(r.Context()),
			"connect_webview_id", v.Webview.ConnectWebviewID, "error", err)
		p.message(w, r, http.StatusInternalServerError, "Something went wrong", "Try again in a moment.")
	}
}

// done shows the result of a webview that is no longer pending, and
// leads on to the integrator's redirect url if it has one.
func (p *Pages) done(w http.ResponseWriter, r *http.Request, v Visit, failed bool) {
	wv := v.Webview
	d := pageData{Workspace: workspaceName(v), Failed: failed, Refresh: true}
	if failed {
		d.Title = "We could not connect your account"
		d.Message = "There were too many attempts with a wrong password or code."
		d.Detail = "Ask the app that sent you here for a new link to try again."
		switch {
		case wv.CustomRedirectFailureURL != nil:
			d.ContinueURL = *wv.CustomRedirectFailureURL
		case wv.CustomRedirectURL != nil:
			d.ContinueURL = *wv.CustomRedirectURL
		}
	} else {
		d.Title = "Account connected"
		name := "Your account"
		if v.Chosen != nil {
			name = "Your " + v.Chosen.DisplayName + " account"
		}
		d.Message = name + " is now connected to " + d.Workspace + "."
		d.Detail = v.Workspace.ConnectWebviewCustomization.SuccessMessage
		if wv.CustomRedirectURL != nil {
			d.ContinueURL = *wv.CustomRedirectURL
		}
	}
	p.render(w, r, http.StatusOK, "done", d)
}

// message shows a page with a title and a message and nothing to do.
func (p *Pages) message(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	p.render(w, r, status, "done", pageData{Title: title, Message: message, Failed: true, Workspace: "Connect an account"})
}

func (p *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, d pageData) {
	webpage.Render(w, r, p.log, p.pages[page], status, d, "connect webview page "+page)
}

// maskEmail hides most of the local part of an email address
// ("jane@example.com" → "j•••@example.com").
func maskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" {
		return email
	}
	return string([]rune(local)[:1]) + "•••@" + domain
}
