package webview_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/webview"
)

func TestPagesSignInSteps(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		cw := e.create(client.ConnectWebviewsCreateParams{AcceptedProviders: []string{"august", "schlage", "salto_ks"}})
		token := mustQuery(t, cw.URL).Get("auth_token")

		choose := e.open(cw.URL)
		if choose.Status != http.StatusOK || !choose.Has("Connect your account") || !choose.Has(`value="august"`) ||
			!choose.Has(`value="salto_ks"`) || choose.Has(`value="yale"`) {
			t.Fatalf("provider page: %d %s", choose.Status, choose.Body)
		}
		for h, want := range map[string]string{"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
			"X-Content-Type-Options": "nosniff"} {
			if got := choose.Header.Get(h); got != want {
				t.Errorf("%s = %q, want %q", h, got, want)
			}
		}
		if choose.Header.Get("X-Frame-Options") != "" || strings.Contains(choose.Header.Get("Content-Security-Policy"), "frame-ancestors") {
			t.Errorf("the page refuses framing: %v", choose.Header)
		}
		// The API answers any origin, with credentials; the pages do not.
		for _, method := range []string{http.MethodGet, http.MethodOptions} {
			req, _ := http.NewRequest(method, cw.URL, nil)
			req.Header.Set("Origin", "https://elsewhere.example")
			req.Header.Set("Access-Control-Request-Method", "POST")
			if p := e.do(req); p.Header.Get("Access-Control-Allow-Origin") != "" || p.Header.Get("Access-Control-Allow-Credentials") != "" {
				t.Errorf("%s with an Origin: the page answers CORS: %v", method, p.Header)
			}
		}

		t.Run("a provider the webview does not offer", func(t *testing.T) {
			p := e.submit(choose, map[string]string{"provider": "yale"})
			if p.Status != http.StatusOK || !p.Has("Choose one of the brands") || e.webview(cw.ConnectWebviewID).SelectedProvider != nil {
				t.Errorf("status %d: %s", p.Status, p.Body)
			}
		})

		t.Run("no CSRF token", func(t *testing.T) {
			action, form := formOf(t, choose)
			for _, csrf := range []string{"", "1.x", form.Get("csrf_token") + "x"} {
				form.Set("csrf_token", csrf)
				form.Set("provider", "august")
				if p := e.post(action, form); p.Status != http.StatusForbidden || !p.Has("This form has expired") {
					t.Errorf("csrf %q: status %d", csrf, p.Status)
				}
			}
			// A step's token does not serve another step.
			_, fresh := formOf(t, choose)
			form = url.Values{"step": {"login"}, "csrf_token": {fresh.Get("csrf_token")},
				"email": {"jane@example.com"}, "password": {"1234"}}
			if p := e.post(action, form); p.Status != http.StatusForbidden {
				t.Errorf("the provider step's token passed the login step: %d", p.Status)
			}
			if e.webview(cw.ConnectWebviewID).SelectedProvider != nil {
				t.Error("a refused form changed the webview")
			}
		})

		login := e.submit(choose, map[string]string{"provider": "august"})
		if login.Status != http.StatusOK || !login.Has("Sign in to August") || !login.Has(`type="email"`) ||
			!login.Has(`type="password"`) || !login.Has(`<label for="email">`) || !login.Has(`<label for="password">`) {
			t.Fatalf("login page: %d %s", login.Status, login.Body)
		}
		if got := e.webview(cw.ConnectWebviewID); got.SelectedProvider == nil || *got.SelectedProvider != "august" {
			t.Errorf("selected_provider = %v", got.SelectedProvider)
		}

		wrong := e.submit(login, map[string]string{"email": "jane@example.com", "password": "12345"})
		if wrong.Status != http.StatusOK || !wrong.Has("The email address or the password is not right") || !wrong.Has(`value="jane@example.com"`) {
			t.Fatalf("wrong password: %d %s", wrong.Status, wrong.Body)
		}
		if failed := e.events("connect_webview.login_failed"); len(failed) != 1 || failed[0].ConnectWebviewID != cw.ConnectWebviewID {
			t.Errorf("login_failed events = %+v", failed)
		}
		if got := e.webview(cw.ConnectWebviewID); got.Status != "pending" || got.ConnectedAccountID != nil {
			t.Errorf("after a wrong password: %+v", got)
		}

		code := e.submit(wrong, map[string]string{"email": "JANE@example.com", "password": "1234"})
		if code.Status != http.StatusOK || !code.Has("Enter your verification code") || !code.Has(`name="verification_code"`) ||
			!code.Has(`<label for="verification_code">`) || !code.Has("j•••@example.com") {
			t.Fatalf("code page: %d %s", code.Status, code.Body)
		}
		// Reloading the page shows the step the sign-in is at.
		if again := e.open(cw.URL); !again.Has("Enter your verification code") {
			t.Errorf("reload shows: %s", again.Body)
		}
		wrongCode := e.submit(code, map[string]string{"verification_code": "000000"})
		if !wrongCode.Has("That code is not right") || len(e.events("connect_webview.login_failed")) != 2 {
			t.Errorf("wrong code: %s", wrongCode.Body)
		}
		// Starting again from the provider page forgets the login.
		restart := e.open(cw.URL + "&step=providers")
		if !restart.Has("Connect your account") {
			t.Fatalf("step=providers shows: %s", restart.Body)
		}
		if p := e.submit(restart, map[string]string{"provider": "schlage"}); !p.Has("Sign in to Schlage") {
			t.Errorf("another provider: %s", p.Body)
		}

		if strings.Contains(e.logs.String(), token) {
			t.Error("the auth token is in the log")
		}
		if strings.Contains(e.logs.String(), "password=") {
			t.Error("the log holds a password field")
		}
		// The password and the code as values of their own: "1234" also
		// turns up inside a random request id now and then.
		for _, secret := range []string{"1234", "000000"} {
			if loggedValue(e.logs.String(), secret) {
				t.Errorf("the log holds %q", secret)
			}
		}
	})
}

func TestPagesTooManyFailures(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		cw := e.create(client.ConnectWebviewsCreateParams{AcceptedProviders: []string{"schlage"},
			CustomRedirectURL: "https://example.com/done", CustomRedirectFailureURL: "https://example.com/failed"})
		p := e.submit(e.open(cw.URL), map[string]string{"provider": "schlage"})
		for range webview.MaxFailedLogins {
			p = e.submit(p, map[string]string{"email": "jane@example.com", "password": "wrong"})
		}
		if !p.Has("We could not connect your account") || !p.Has(`href="https://example.com/failed"`) ||
			!p.Has(`content="3;url=https://example.com/failed"`) {
			t.Fatalf("after %d failures: %s", webview.MaxFailedLogins, p.Body)
		}
		got := e.webview(cw.ConnectWebviewID)
		if got.Status != "failed" || got.LoginSuccessful || got.ConnectedAccountID != nil {
			t.Errorf("webview = %+v", got)
		}
		if n := len(e.events("connect_webview.login_failed")); n != webview.MaxFailedLogins {
			t.Errorf("%d login_failed events", n)
		}
		// A failed webview connects nothing, even with the right password.
		again := e.open(cw.URL)
		if !again.Has("We could not connect your account") || strings.Contains(again.Body, "<form") {
			t.Errorf("failed webview shows: %s", again.Body)
		}
	})
}

func TestPagesRefuseBadLinks(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		cw := e.create(client.ConnectWebviewsCreateParams{})
		q := mustQuery(t, cw.URL)
		view := e.srv.URL + webview.ViewPath
		for name, u := range map[string]string{
			"no token":      view + "?connect_webview_id=" + cw.ConnectWebviewID,
			"wrong token":   view + "?connect_webview_id=" + cw.ConnectWebviewID + "&auth_token=" + q.Get("auth_token") + "x",
			"another id":    view + "?connect_webview_id=" + e.B.WorkspaceID + "&auth_token=" + q.Get("auth_token"),
			"nothing":       view,
			"unknown asset": view + "/assets/nope.css",
		} {
			if p := e.open(u); p.Status != http.StatusNotFound {
				t.Errorf("%s: status %d", name, p.Status)
			}
		}
		if p := e.open(view + "/logos/august.svg"); p.Status != http.StatusOK || p.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("logo: %d %s", p.Status, p.Header.Get("Content-Type"))
		}
		if p := e.open(view + "/assets/style.css"); p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/css") {
			t.Errorf("style: %d %s", p.Status, p.Header.Get("Content-Type"))
		}

		// Expired.
		if _, err := st.DB().Exec(`UPDATE connect_webviews SET expires_at = 0 WHERE connect_webview_id = $1`, cw.ConnectWebviewID); err != nil {
			t.Fatal(err)
		}
		if p := e.open(cw.URL); p.Status != http.StatusGone || !p.Has("This link has expired") {
			t.Errorf("expired: %d %s", p.Status, p.Body)
		}

		// Deleted.
		fresh := e.create(client.ConnectWebviewsCreateParams{})
		choose := e.open(fresh.URL)
		if status := e.api("/connect_webviews/delete", e.A.APIKey, map[string]string{"connect_webview_id": fresh.ConnectWebviewID}, nil); status != http.StatusOK {
			t.Fatalf("delete: %d", status)
		}
		if p := e.open(fresh.URL); p.Status != http.StatusNotFound {
			t.Errorf("deleted: %d", p.Status)
		}
		if p := e.submit(choose, map[string]string{"provider": "august"}); p.Status != http.StatusNotFound {
			t.Errorf("a form of a deleted webview: %d", p.Status)
		}

		// Another workspace cannot delete it, and its page still works.
		other := e.create(client.ConnectWebviewsCreateParams{})
		if status := e.api("/connect_webviews/delete", e.B.APIKey, map[string]string{"connect_webview_id": other.ConnectWebviewID}, nil); status != http.StatusNotFound {
			t.Errorf("W_B deletes W_A's webview: %d", status)
		}
		if p := e.open(other.URL); p.Status != http.StatusOK {
			t.Errorf("after W_B's delete: %d", p.Status)
		}

		// Methods.
		req, _ := http.NewRequest(http.MethodPut, other.URL, nil)
		if p := e.do(req); p.Status != http.StatusMethodNotAllowed {
			t.Errorf("PUT: %d", p.Status)
		}
	})
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestPagesConnectOneAccount(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		// Made by a client session: the account it connects joins the session.
		var cs struct {
			ClientSession client.ClientSession `json:"client_session"`
		}
		if status := e.api("/client_sessions/create", e.A.APIKey, map[string]string{"user_identifier_key": "tenant-7"}, &cs); status != http.StatusOK {
			t.Fatalf("client session: %d", status)
		}
		var created struct {
			ConnectWebview client.ConnectWebview `json:"connect_webview"`
		}
		if status := e.api("/connect_webviews/create", cs.ClientSession.Token, client.ConnectWebviewsCreateParams{
			AcceptedProviders: []string{"schlage", "visionline"}, CustomRedirectURL: "https://example.com/back",
			CustomMetadata: map[string]any{"tenant": "t-7"}, AutomaticallyManageNewDevices: new(false)}, &created); status != http.StatusOK {
			t.Fatalf("create: %d", status)
		}
		cw := created.ConnectWebview
		login := e.submit(e.open(cw.URL), map[string]string{"provider": "visionline"})
		stale := login // a second tab, left on the sign-in form
		done := e.submit(login, map[string]string{"email": "john@example.com", "password": "1234"})
		if !done.Has("Account connected") || !done.Has("Your ASSA ABLOY Visionline account is now connected") ||
			!done.Has(`content="3;url=https://example.com/back"`) {
			t.Fatalf("after signing in: %s", done.Body)
		}
		got := e.webview(cw.ConnectWebviewID)
		if got.Status != "authorized" || !got.LoginSuccessful || got.ConnectedAccountID == nil || got.AuthorizedAt == nil ||
			got.SelectedProvider == nil || *got.SelectedProvider != "visionline" {
			t.Fatalf("webview = %+v", got)
		}
		account := *got.ConnectedAccountID
		succeeded := e.events("connect_webview.login_succeeded")
		if len(succeeded) != 1 || succeeded[0].ConnectWebviewID != cw.ConnectWebviewID || succeeded[0].ConnectedAccountID != account {
			t.Errorf("login_succeeded = %+v", succeeded)
		}
		var byWebview struct {
			Events []client.Event `json:"events"`
		}
		e.api("/events/list", e.A.APIKey, map[string]string{"since": "2020-01-01T00:00:00Z", "connect_webview_id": cw.ConnectWebviewID}, &byWebview)
		if len(byWebview.Events) == 0 {
			t.Error("events/list by connect_webview_id finds nothing")
		}
		for _, ev := range byWebview.Events {
			if ev.ConnectWebviewID != cw.ConnectWebviewID {
				t.Errorf("events/list by connect_webview_id: %+v", ev)
			}
		}
		if n := len(e.events("connected_account.connected")); n != 1 {
			t.Errorf("%d connected_account.connected events", n)
		}
		var ca struct {
			ConnectedAccount client.ConnectedAccount `json:"connected_account"`
		}
		if e.api("/connected_accounts/get", e.A.APIKey, map[string]string{"connected_account_id": account}, &ca) != http.StatusOK ||
			ca.ConnectedAccount.AccountType != "visionline" || ca.ConnectedAccount.CustomMetadata["tenant"] != "t-7" ||
			ca.ConnectedAccount.AutomaticallyManageNewDevices {
			t.Errorf("account = %+v", ca.ConnectedAccount)
		}
		// The client session that made the webview now reaches the account.
		var session struct {
			ClientSession client.ClientSession `json:"client_session"`
		}
		e.api("/client_sessions/get", cs.ClientSession.Token, map[string]string{}, &session)
		if ids := session.ClientSession.ConnectedAccountIDs; len(ids) != 1 || ids[0] != account {
			t.Errorf("client session's accounts = %v", ids)
		}
		// Another workspace cannot read it.
		if status := e.api("/connect_webviews/get", e.B.APIKey, map[string]string{"connect_webview_id": cw.ConnectWebviewID}, nil); status != http.StatusNotFound {
			t.Errorf("W_B reads W_A's webview: %d", status)
		}

		// The used webview refuses a second account, from a stale form too.
		second := e.submit(stale, map[string]string{"email": "jane@example.com", "password": "1234"})
		if !second.Has("Account connected") || strings.Contains(second.Body, "<form") {
			t.Errorf("a second sign-in shows: %s", second.Body)
		}
		var accounts struct {
			ConnectedAccounts []client.ConnectedAccount `json:"connected_accounts"`
		}
		e.api("/connected_accounts/list", e.A.APIKey, map[string]string{}, &accounts)
		var connected []string
		for _, a := range accounts.ConnectedAccounts {
			if a.ConnectedAccountID != e.A.ConnectedAccountID { // the seed's
				connected = append(connected, a.ConnectedAccountID)
			}
		}
		if len(connected) != 1 {
			t.Errorf("connected accounts after a second sign-in: %v, want only %s", connected, account)
		}
		if got := e.webview(cw.ConnectWebviewID); *got.ConnectedAccountID != account {
			t.Errorf("the webview's account changed to %s", *got.ConnectedAccountID)
		}
	})
}

// loggedValue reports whether a log holds v as a value of its own: the
// whole of a key=value pair's value, or of a quoted string.
func loggedValue(log, v string) bool {
	return regexp.MustCompile(`(^|[\s="'&?])` + regexp.QuoteMeta(v) + `($|[\s"'&,])`).MatchString(log)
}

func TestLoggedValue(t *testing.T) {
	for _, c := range []struct {
		log  string
		want bool
	}{
		{`msg=x request_id=01a24248-a92a-77fb-8784-8f4b1234e73b`, false},
		{`msg=x duration_ms=12.345`, false},
		{`msg=x password=1234 status=200`, true},
		{`msg=x body="1234"`, true},
		{`msg=x form=email=j&password=1234`, true},
	} {
		if got := loggedValue(c.log, "1234"); got != c.want {
			t.Errorf("loggedValue(%q) = %v, want %v", c.log, got, c.want)
		}
	}
}
