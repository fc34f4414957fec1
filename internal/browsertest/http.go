package browsertest

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// The pages' tests without a browser: their server's log, its API, and its
// pages fetched and forms posted over HTTP.

// LogBuffer collects a server's log lines; it may be written concurrently.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// API posts params as JSON to the route path of the server at base with the
// bearer token, decodes a 200's body into out (unless nil), and returns the
// status.
func API(t testing.TB, base, path, token string, params, out any) int {
	t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s: %v: %s", path, err, raw)
		}
	}
	return resp.StatusCode
}

// Page is an HTML page a server answered.
type Page struct {
	// URL is where the answer came from (after redirects, when followed).
	URL    *url.URL
	Status int
	Header http.Header
	Body   string
}

// Has reports whether the page's text holds s.
func (p Page) Has(s string) bool { return strings.Contains(html.UnescapeString(p.Body), s) }

var hiddenRe = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)

// Form resolves a form's action against the page and reads the hidden
// fields of html, the form's markup.
func (p Page) Form(t testing.TB, action, html string) (string, url.Values) {
	t.Helper()
	u, err := p.URL.Parse(unescape(action))
	if err != nil {
		t.Fatal(err)
	}
	fields := url.Values{}
	for _, h := range hiddenRe.FindAllStringSubmatch(html, -1) {
		fields.Set(h[1], unescape(h[2]))
	}
	return u.String(), fields
}

func unescape(s string) string { return html.UnescapeString(s) }

// Pages fetches pages for a test. Redirects are followed only when
// FollowRedirects is set; otherwise the redirect itself is the page.
type Pages struct {
	T               testing.TB
	FollowRedirects bool
}

// Do sends req and reads the answer.
func (c Pages) Do(req *http.Request) Page {
	c.T.Helper()
	client := http.DefaultClient
	if !c.FollowRedirects {
		client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	resp, err := client.Do(req)
	if err != nil {
		c.T.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return Page{URL: resp.Request.URL, Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
}

// Open GETs a page.
func (c Pages) Open(u string) Page {
	c.T.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		c.T.Fatal(err)
	}
	return c.Do(req)
}

// Post posts a form.
func (c Pages) Post(action string, form url.Values) Page {
	c.T.Helper()
	req, err := http.NewRequest(http.MethodPost, action, strings.NewReader(form.Encode()))
	if err != nil {
		c.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}
