package instantkey

import (
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/webpage"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// csrfTTL is how long an Unlock button works after the page was shown.
const csrfTTL = time.Hour

// maxFormBytes bounds a form's body.
const maxFormBytes = 4 << 10

// Pages serves a key's page at ViewPath: rendered on the server, plain
// HTML forms that work without JavaScript. Like a Connect Webview's, the
// page keeps no state in cookies (it may be opened in an app's web view or
// a frame): the key is named by the token in its url, and each Unlock form
// carries a CSRF token bound to the key.
type Pages struct {
	svc   *Service
	csrf  webpage.CSRF
	log   *slog.Logger
	pages map[string]*template.Template
	mux   *http.ServeMux
}

// NewPages builds the key pages over svc; it signs the CSRF tokens with
// the service's key.
func NewPages(svc *Service, log *slog.Logger) (*Pages, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Pages{svc: svc, csrf: webpage.CSRF{Key: svc.key, Label: "instant-key-csrf"}, log: log, pages: map[string]*template.Template{}, mux: http.NewServeMux()}
	for _, name := range []string{"key", "done"} {
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
	p.mux.HandleFunc(ViewPath+"/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	return p, nil
}

// ServeHTTP serves the page and its stylesheet.
func (p *Pages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// No scripts, plugins or other origins; no-referrer keeps the url's
	// token from wherever the holder goes next.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	p.mux.ServeHTTP(w, r)
}

// item is a lock or an entrance as the page shows it.
type item struct {
	DeviceID string
	Name     string
	State    string
}

// pageData is what a template renders.
type pageData struct {
	Title, Workspace, Message, Detail string
	Notice, Error                     string
	Action, CSRF                      string
	Locks, Entrances                  []item
	Failed                            bool
}

// serveView is the key's page: GET shows what the key opens, POST presses
// an Unlock button.
func (p *Pages) serveView(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	token := r.URL.Query().Get("token")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		v, err := p.svc.Open(r.Context(), token)
		q := r.URL.Query()
		name, notice, problem := outcome(v, q.Get("unlocked"), q.Get("status"), q.Get("reason"))
		switch {
		case errors.Is(err, ErrSpent) && name != "":
			// The page the last use led to.
			d := pageData{Workspace: v.Workspace, Title: strings.TrimSuffix(notice, "."), Message: "This key has now been used up.",
				Detail: "Ask whoever sent it to you for a new one if you need to come back."}
			if problem != "" {
				d.Title, d.Message, d.Failed = "The door did not open", problem+" This key has now been used up.", true
			}
			p.render(w, r, http.StatusOK, "done", d)
		case err != nil:
			p.fail(w, r, v, err)
		default:
			p.show(w, r, v, token, notice, problem)
		}
	case http.MethodPost:
		p.unlock(w, r, token)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "Method not allowed", http.StatusMethodNotAllowed)
	}
}

// unlock handles an Unlock button: it checks the form's CSRF token, unlocks
// the lock through the service and shows the outcome.
func (p *Pages) unlock(w http.ResponseWriter, r *http.Request, token string) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		p.message(w, r, http.StatusBadRequest, "Something is wrong with this form", "Go back and try again.")
		return
	}
	ctx := r.Context()
	v, err := p.svc.Open(ctx, token)
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	if !p.csrf.Valid(r.PostForm.Get("csrf_token"), v.Key.InstantKeyID) {
		p.message(w, r, http.StatusForbidden, "This button has expired",
			"For your security, the buttons of this page work for one hour and only from this page. Open the link again.")
		return
	}
	deviceID := r.PostForm.Get("device_id")
	name := "The lock"
	for _, d := range v.Locks {
		if d.DeviceID == deviceID {
			name = d.DisplayName
		}
	}
	after, a, err := p.svc.Unlock(ctx, token, deviceID)
	var input *lintel.Error
	switch {
	case errors.Is(err, ErrNotYours):
		p.show(w, r, v, token, "", "This key does not open that lock.")
		return
	case errors.As(err, &input) && input.Code == "invalid_input":
		p.show(w, r, v, token, "", name+" cannot be unlocked from here.")
		return
	case err != nil:
		p.fail(w, r, after, err)
		return
	}
	// Post/Redirect/Get: reloading the page the unlock leads to must not
	// unlock again and spend another use. The outcome rides in the url.
	q := url.Values{"token": {token}, "unlocked": {deviceID}, "status": {a.Status}}
	if a.Error != nil {
		q.Set("reason", a.Error.Type)
	}
	http.Redirect(w, r, "view?"+q.Encode(), http.StatusSeeOther)
}

// outcome reads what an unlock led to from the page's url: the lock's
// name and the notice or problem to show, if the url names one of the
// key's locks (nothing otherwise: the url is the holder's to edit).
func outcome(v Visit, deviceID, status, reason string) (name, notice, problem string) {
	if deviceID == "" {
		return "", "", ""
	}
	for _, d := range v.Locks {
		if d.DeviceID == deviceID {
			name = d.DisplayName
		}
	}
	switch {
	case name == "":
		return "", "", ""
	case status == "success":
		return name, name + " is unlocked.", ""
	case status == "pending":
		return name, name + " is being unlocked.", ""
	case reason == "device_offline":
		return name, "", name + " did not unlock: it is offline."
	}
	return name, "", name + " did not unlock."
}

// show renders what a working key opens.
func (p *Pages) show(w http.ResponseWriter, r *http.Request, v Visit, token, notice, problem string) {
	d := pageData{Title: "Your key", Workspace: v.Workspace, Notice: notice, Error: problem,
		Message: "Press Unlock by a door to open it.",
		Action:  "view?" + url.Values{"token": {token}}.Encode(),
		CSRF:    p.csrf.Token(time.Now().Add(csrfTTL), v.Key.InstantKeyID)}
	if len(v.Locks) == 0 {
		d.Message = "This key opens no lock yet."
	}
	for _, l := range v.Locks {
		d.Locks = append(d.Locks, item{DeviceID: l.DeviceID, Name: l.DisplayName, State: lockState(l)})
	}
	for _, e := range v.Entrances {
		d.Entrances = append(d.Entrances, item{Name: e.DisplayName, State: "Use your card, code or phone at the door"})
	}
	uses := "1 unlock left"
	if n := v.UsesLeft(); n != 1 {
		uses = strconv.Itoa(n) + " unlocks left"
	}
	d.Detail = uses + " · works until " + v.Key.ExpiresAt.UTC().Format("Jan 2, 15:04 MST") + "."
	p.render(w, r, http.StatusOK, "key", d)
}

// lockState says how a lock was last known.
func lockState(d client.Device) string {
	switch {
	case !d.Properties.Online:
		return "Offline"
	case d.Properties.Locked == nil:
		return "Smart lock"
	case *d.Properties.Locked:
		return "Locked"
	}
	return "Unlocked"
}

// fail shows why a key does not open anything.
func (p *Pages) fail(w http.ResponseWriter, r *http.Request, v Visit, err error) {
	switch {
	case errors.Is(err, ErrInvalidLink):
		p.message(w, r, http.StatusNotFound, "This key is not valid",
			"It may have been withdrawn. Ask whoever sent it to you for a new one.")
	case errors.Is(err, ErrSpent):
		p.render(w, r, http.StatusGone, "done", pageData{Title: "This key has been used up", Workspace: v.Workspace, Failed: true,
			Message: "It opened a door as many times as it was meant to.", Detail: "Ask whoever sent it to you for a new one."})
	case errors.Is(err, ErrExpired):
		p.render(w, r, http.StatusGone, "done", pageData{Title: "This key has expired", Workspace: v.Workspace, Failed: true,
			Message: "It no longer opens anything.", Detail: "Ask whoever sent it to you for a new one."})
	default:
		p.log.Error("instant key page", "request_id", lintel.RequestIDFrom(r.Context()),
			"instant_key_id", v.Key.InstantKeyID, "error", err)
		p.message(w, r, http.StatusInternalServerError, "Something went wrong", "Try again in a moment.")
	}
}

// message shows a page with a title and a message and nothing to do.
func (p *Pages) message(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	p.render(w, r, status, "done", pageData{Title: title, Message: message, Failed: true, Workspace: "Instant key"})
}

func (p *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, d pageData) {
	if d.Workspace == "" {
		d.Workspace = "Instant key"
	}
	webpage.Render(w, r, p.log, p.pages[page], status, d, "instant key page "+page)
}
