package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

const (
	refreshTailscaleAuthKey = "/seam/bridge/v1/bridge_client_sessions/refresh_tailscale_auth_key"
	refreshTelemetryToken   = "/seam/bridge/v1/bridge_client_sessions/refresh_telemetry_token"
)

// TestBridgeClientSessionRefreshes: refresh_tailscale_auth_key and
// refresh_telemetry_token give the caller's session a new secret each time,
// in place of the old one (get shows only the newest), a telemetry token
// with its expiry; another session is untouched, and only a bridge client
// session token may ask.
func TestBridgeClientSessionRefreshes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		sess := s.openBridgeSession("bridge_a")
		token := sess["bridge_client_session_token"].(string)
		other := s.openBridgeSession("bridge_b")["bridge_client_session_token"].(string)
		if sess["tailscale_auth_key"] != nil || sess["telemetry_token"] != nil || sess["telemetry_token_expires_at"] != nil {
			t.Fatalf("a new session has secrets it did not ask for: %v", sess)
		}
		refresh := func(path string) map[string]any {
			t.Helper()
			r := s.call(http.MethodPost, path, token, nil)
			s.ok(r)
			got := obj(t, r, "bridge_client_session")
			requireFields(t, got, bridgeSessionFields...)
			if got["bridge_client_session_id"] != sess["bridge_client_session_id"] {
				t.Fatalf("refreshed another session: %v", got)
			}
			return got
		}
		get := func(token string) map[string]any {
			t.Helper()
			r := s.call(http.MethodGet, "/seam/bridge/v1/bridge_client_sessions/get", token, nil)
			s.ok(r)
			return obj(t, r, "bridge_client_session")
		}

		first, _ := refresh(refreshTailscaleAuthKey)["tailscale_auth_key"].(string)
		second, _ := refresh(refreshTailscaleAuthKey)["tailscale_auth_key"].(string)
		if !strings.HasPrefix(first, "tskey-auth-") || len(first) < 40 || second == first || !strings.HasPrefix(second, "tskey-auth-") {
			t.Errorf("tailscale auth keys %q then %q; want two different tskey-auth- keys", first, second)
		}
		if got := get(token)["tailscale_auth_key"]; got != second {
			t.Errorf("get shows the tailscale auth key %v; want the newest, %q", got, second)
		}

		before := time.Now().Add(-time.Minute)
		t1 := refresh(refreshTelemetryToken)
		t2 := refresh(refreshTelemetryToken)
		tok1, _ := t1["telemetry_token"].(string)
		tok2, _ := t2["telemetry_token"].(string)
		if len(tok1) < 32 || len(tok2) < 32 || tok1 == tok2 {
			t.Errorf("telemetry tokens %q then %q; want two different tokens", tok1, tok2)
		}
		expires, err := time.Parse(time.RFC3339, t2["telemetry_token_expires_at"].(string))
		if err != nil || !expires.After(before.Add(23*time.Hour)) || t2["telemetry_url"] != nil {
			t.Errorf("telemetry token expires at %v (%v), url %v", t2["telemetry_token_expires_at"], err, t2["telemetry_url"])
		}
		got := get(token)
		if got["telemetry_token"] != tok2 || got["telemetry_token_expires_at"] != t2["telemetry_token_expires_at"] ||
			got["tailscale_auth_key"] != second {
			t.Errorf("get after the refreshes: %v", got)
		}
		if o := get(other); o["tailscale_auth_key"] != nil || o["telemetry_token"] != nil {
			t.Errorf("the other session got secrets: %v", o)
		}

		for _, path := range []string{refreshTailscaleAuthKey, refreshTelemetryToken} {
			s.wantError(s.call(http.MethodPost, path, "-", nil), http.StatusUnauthorized, "unauthorized")
			s.wantError(s.call(http.MethodPost, path, s.A.APIKey, nil), http.StatusUnauthorized, "unauthorized")
			s.wantError(s.call(http.MethodPost, path, wrongSecret(token), nil), http.StatusUnauthorized, "unauthorized")
		}
		if got := get(token); got["tailscale_auth_key"] != second || got["telemetry_token"] != tok2 {
			t.Errorf("refused refreshes changed the session: %v", got)
		}
	})
}

// TestBridgeSecretsSealedAtRest: a bridge client session's Tailscale auth
// key and telemetry token are not in the SQLite files in the clear.
func TestBridgeSecretsSealedAtRest(t *testing.T) {
	t.Parallel()
	s, st, dir := fileServer(t)
	token := s.openBridgeSession("bridge_a")["bridge_client_session_token"].(string)
	var secrets []string
	for range 5 {
		for path, field := range map[string]string{refreshTailscaleAuthKey: "tailscale_auth_key", refreshTelemetryToken: "telemetry_token"} {
			r := s.call(http.MethodPost, path, token, nil)
			s.ok(r)
			secrets = append(secrets, obj(t, r, "bridge_client_session")[field].(string))
		}
	}
	dump := closeAndDump(t, st, dir)
	if !bytes.Contains(dump, []byte("bridge_a")) {
		t.Fatal("the session's name is not in the files: the test inspects the wrong files")
	}
	for _, v := range secrets {
		if bytes.Contains(dump, []byte(v)) || bytes.Contains(dump, []byte(strings.TrimPrefix(v, "tskey-auth-"))) {
			t.Errorf("a bridge secret (%d characters) is in the database files in the clear", len(v))
		}
	}
}
