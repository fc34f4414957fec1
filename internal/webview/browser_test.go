package webview_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/browsertest"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestBrowserJourney walks a Connect Webview in a real browser: created by
// the API, opened, a brand chosen, a wrong password refused, the right one
// and the two-factor code accepted, success shown, and the redirect to the
// integrator's app followed.
func TestBrowserJourney(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Browser(t, 1024, 820)
	dir := browsertest.Screenshots(t, "")
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
		browsertest.Shot(dir, "01-choose-provider"),

		chromedp.Click(`button[value="august"]`),
		chromedp.WaitVisible(`input[type="email"]`),
		browsertest.Shot(dir, "02-sign-in"),

		chromedp.SendKeys(`input[type="email"]`, "jane@example.com"),
		chromedp.SendKeys(`input[type="password"]`, "9999"),
		chromedp.Click(`button.primary`),
		chromedp.WaitVisible(`.alert`),
		browsertest.Shot(dir, "03-wrong-password"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if alert := browsertest.Text(t, ctx, `.alert`); !strings.Contains(alert, "password is not right") {
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
		browsertest.Shot(dir, "04-two-factor"),

		chromedp.SendKeys(`input[name="verification_code"]`, "123456"),
		chromedp.Click(`button.primary`),
		chromedp.WaitVisible(`.result-good`),
		browsertest.Shot(dir, "05-connected"),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading := browsertest.Text(t, ctx, `h1`)
	// The page leads back to the app by itself.
	err = chromedp.Do(ctx, chromedp.WaitVisible(`#back`), browsertest.Shot(dir, "06-back-in-the-app"))
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
		browsertest.Shot(dir, "07-used-again"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if again := browsertest.Text(t, ctx, `h1`); again != "Account connected" {
		t.Errorf("a used webview shows %q", again)
	}
}
