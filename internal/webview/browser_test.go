package webview_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// browser starts a headless Chromium for the test, or skips the test when
// there is none — except in CI, where the browser test must run.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but Chromium is not at %s (apt-get install -y chromium): %v", chromiumPath, err)
		}
		t.Skipf("no Chromium at %s (apt-get install -y chromium); the browser test runs in CI", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1024, 820),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	// A bound on the whole journey, so a stuck browser fails the test
	// instead of hanging it; it asserts no timing.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	return ctx
}

// screenshots is where the journey's screenshots go: $LINTEL_SCREENSHOTS
// (kept, e.g. by CI), else a temporary directory.
func screenshots(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("LINTEL_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots of the journey: %s", dir)
	return dir
}

// shot saves a screenshot of the whole page as dir/name.png.
func shot(dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// text returns the visible text of the first element sel matches.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(s)
}

// TestBrowserJourney walks a Connect Webview in a real browser: created by
// the API, opened, a brand chosen, a wrong password refused, the right one
// and the two-factor code accepted, success shown, and the redirect to the
// integrator's app followed.
func TestBrowserJourney(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	dir := screenshots(t)
	e := newEnv(t, storetest.SQLite(t))

	// The integrator's app, where the webview sends the user back.
	var back atomic.Int32
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		back.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>Back in the app</title><h1 id="back">Back in the app</h1>`)
	}))
	t.Cleanup(app.Close)
	redirect := app.URL + "/connected"

	cw := e.create(client.ConnectWebviewsCreateParams{
		AcceptedProviders: []string{"august", "yale", "schlage", "salto_ks", "visionline", "brivo"},
		CustomRedirectURL: redirect, CustomMetadata: map[string]any{"tenant": "t-42"}})

	err := chromedp.Do(ctx,
		chromedp.Navigate(cw.URL),
		chromedp.WaitVisible(`button[value="august"]`),
		shot(dir, "01-choose-provider"),

		chromedp.Click(`button[value="august"]`),
		chromedp.WaitVisible(`input[type="email"]`),
		shot(dir, "02-sign-in"),

		chromedp.SendKeys(`input[type="email"]`, "jane@example.com"),
		chromedp.SendKeys(`input[type="password"]`, "9999"),
		chromedp.Click(`button.primary`),
		chromedp.WaitVisible(`.alert`),
		shot(dir, "03-wrong-password"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if alert := text(t, ctx, `.alert`); !strings.Contains(alert, "password is not right") {
		t.Errorf("after a wrong password the page says %q", alert)
	}
	if got := e.webview(cw.ConnectWebviewID); got.Status != "pending" || got.ConnectedAccountID != nil ||
		len(e.events("connect_webview.login_failed")) != 1 {
		t.Fatalf("a wrong password: webview %+v", got)
	}

	err = chromedp.Do(ctx,
		// The email address is kept; the password is typed again.
		chromedp.SendKeys(`input[type="password"]`, "1234"),
		chromedp.Click(`button.primary`),
		chromedp.WaitVisible(`input[name="verification_code"]`),
		shot(dir, "04-two-factor"),

		chromedp.SendKeys(`input[name="verification_code"]`, "123456"),
		chromedp.Click(`button.primary`),
		chromedp.WaitVisible(`.result-good`),
		shot(dir, "05-connected"),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading := text(t, ctx, `h1`)
	// The page leads back to the app by itself.
	err = chromedp.Do(ctx, chromedp.WaitVisible(`#back`), shot(dir, "06-back-in-the-app"))
	if err != nil {
		t.Fatal(err)
	}
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if heading != "Account connected" || location != redirect || back.Load() == 0 {
		t.Errorf("heading %q, location %q, app visited %d times", heading, location, back.Load())
	}

	got := e.webview(cw.ConnectWebviewID)
	if got.Status != "authorized" || !got.LoginSuccessful || got.ConnectedAccountID == nil || got.AuthorizedAt == nil {
		t.Fatalf("webview after the journey: %+v", got)
	}
	succeeded := e.events("connect_webview.login_succeeded")
	if len(succeeded) != 1 || succeeded[0].ConnectedAccountID != *got.ConnectedAccountID {
		t.Errorf("login_succeeded events = %+v", succeeded)
	}
	var account struct {
		ConnectedAccount client.ConnectedAccount `json:"connected_account"`
	}
	if e.api("/connected_accounts/get", e.A.APIKey, map[string]string{"connected_account_id": *got.ConnectedAccountID}, &account) != http.StatusOK ||
		account.ConnectedAccount.AccountType != "august" || account.ConnectedAccount.CustomMetadata["tenant"] != "t-42" {
		t.Errorf("connected account = %+v", account.ConnectedAccount)
	}

	// The used webview refuses a second account.
	err = chromedp.Do(ctx,
		chromedp.Navigate(cw.URL+"&step=providers"),
		chromedp.WaitVisible(`h1`),
		shot(dir, "07-used-again"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if again := text(t, ctx, `h1`); again != "Account connected" {
		t.Errorf("a used webview shows %q", again)
	}
}
