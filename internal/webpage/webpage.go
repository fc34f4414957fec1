// Package webpage holds what lintel's server-rendered pages — Connect
// Webviews and instant keys — share: the CSRF tokens of their forms and
// the rendering of a page.
package webpage

import (
	"bytes"
	"crypto/hmac"
	_ "embed"
	"encoding/base64"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/secret"
)

// CSRF makes and checks the CSRF tokens of a page's forms. The pages keep
// no state in cookies (they are framed and opened from other apps), so a
// token is until when it is good and a MAC over that time and what the
// form is bound to (the webview and its step, the instant key).
type CSRF struct {
	Key secret.Key
	// Label keeps the tokens of one kind of page from passing on another.
	Label string
}

// Token returns a token good until the time, bound to the values.
func (c CSRF) Token(until time.Time, bound ...string) string {
	exp := strconv.FormatInt(until.Unix(), 10)
	mac, err := c.mac(exp, bound)
	if err != nil {
		return "" // no key: no token, and no form will pass
	}
	return exp + "." + base64.RawURLEncoding.EncodeToString(mac)
}

// Valid reports whether tok is a token of c, bound to the values, and not
// past its time.
func (c CSRF) Valid(tok string, bound ...string) bool {
	exp, mac, ok := strings.Cut(tok, ".")
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || time.Now().Unix() > n {
		return false
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil {
		return false
	}
	want, err := c.mac(exp, bound)
	return err == nil && hmac.Equal(got, want)
}

func (c CSRF) mac(exp string, bound []string) ([]byte, error) {
	return c.Key.MAC(c.Label, []byte(strings.Join(append(append([]string{}, bound...), exp), "\x00")))
}

// Render writes the "layout" template of t with d as an HTML page with
// status (no body for HEAD). A template that fails is logged, with the
// request id and what names the page, and answered 500.
func Render(w http.ResponseWriter, r *http.Request, log *slog.Logger, t *template.Template, status int, d any, what string) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		log.Error(what+": rendering", "request_id", lintel.RequestIDFrom(r.Context()), "error", err)
		http.Error(w, "Something went wrong", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

//go:embed assets/base.css
var baseCSS []byte

// BaseCSSPath is where, below its own path, a page serves the base
// stylesheet (BaseCSS); its templates link it before their own.
const BaseCSSPath = "/assets/base.css"

// BaseCSS serves the stylesheet the pages share.
func BaseCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(baseCSS)
}
