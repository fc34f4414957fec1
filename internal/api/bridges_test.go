package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// bridgeSessionFields are the session's required fields, from the spec.
var bridgeSessionFields = []string{"created_at", "bridge_client_session_id", "bridge_client_session_token", "pairing_code",
	"pairing_code_expires_at", "tailscale_hostname", "tailscale_auth_key", "bridge_client_name", "bridge_client_time_zone",
	"bridge_client_machine_identifier_key", "errors", "telemetry_token", "telemetry_token_expires_at", "telemetry_url"}

// openBridgeSession opens a bridge client session through the API, without
// credentials, and returns it.
func (s *testServer) openBridgeSession(name string) map[string]any {
	s.t.Helper()
	r := s.call(http.MethodPost, "/seam/bridge/v1/bridge_client_sessions/create", "", map[string]any{
		"bridge_client_name": name, "bridge_client_time_zone": "America/Los_Angeles",
		"bridge_client_machine_identifier_key": name + "-machine"})
	s.ok(r)
	return obj(s.t, r, "bridge_client_session")
}

// wrongSecret is token with its last character changed: the right short
// token, a wrong secret.
func wrongSecret(token string) string {
	if strings.HasSuffix(token, "x") {
		return token[:len(token)-1] + "y"
	}
	return token[:len(token)-1] + "x"
}

// pairBridge pairs the session showing code with the workspace, as
// `lintel pair-bridge` does, and returns the bridge id.
func (s *testServer) pairBridge(workspaceID, code string, accounts ...string) (string, error) {
	b, err := s.app.Bridges.Pair(context.Background(), lintel.Principal{Kind: lintel.AuthSystem, WorkspaceID: workspaceID},
		code, accounts)
	return b.BridgeID, err
}

func TestBridgeClientSessions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		sess := s.openBridgeSession("bridge_a")
		requireFields(t, sess, bridgeSessionFields...)
		token, code := sess["bridge_client_session_token"].(string), sess["pairing_code"].(string)
		if len(code) != 6 || sess["bridge_client_name"] != "bridge_a" || sess["tailscale_auth_key"] != nil ||
			len(sess["errors"].([]any)) != 0 || len(token) < len("seam_bcs") || token[:len("seam_bcs")] != "seam_bcs" {
			t.Fatalf("new session = %v", sess)
		}
		other := s.openBridgeSession("bridge_b")["bridge_client_session_token"].(string)
		id := sess["bridge_client_session_id"].(string)
		var newCode string
		s.run([]apiCase{
			{name: "create needs the machine identifier key", method: http.MethodPost, path: "/seam/bridge/v1/bridge_client_sessions/create",
				token: "-", params: map[string]any{"bridge_client_name": "x", "bridge_client_time_zone": "UTC"},
				status: http.StatusBadRequest, errType: "invalid_input", field: "bridge_client_machine_identifier_key"},
			{name: "create refuses an empty machine identifier key", method: http.MethodPost, path: "/seam/bridge/v1/bridge_client_sessions/create",
				token: "-", params: map[string]any{"bridge_client_name": "x", "bridge_client_time_zone": "UTC", "bridge_client_machine_identifier_key": ""},
				status: http.StatusBadRequest, errType: "invalid_input", field: "bridge_client_machine_identifier_key"},
			{name: "get answers the caller's own session, token included", method: http.MethodGet, path: "/seam/bridge/v1/bridge_client_sessions/get",
				token: token, check: func(t *testing.T, r response) {
					got := obj(t, r, "bridge_client_session")
					requireFields(t, got, bridgeSessionFields...)
					if got["bridge_client_session_id"] != id || got["bridge_client_session_token"] != token || got["pairing_code"] != code {
						t.Errorf("get = %v", got)
					}
				}},
			{name: "another session's token gets its own session", method: http.MethodPost, path: "/seam/bridge/v1/bridge_client_sessions/get",
				token: other, check: func(t *testing.T, r response) {
					if got := obj(t, r, "bridge_client_session"); got["bridge_client_session_id"] == id {
						t.Errorf("the other token reached %v", got)
					}
				}},
			{name: "get without credentials", method: http.MethodGet, path: "/seam/bridge/v1/bridge_client_sessions/get",
				token: "-", status: http.StatusUnauthorized, errType: "unauthorized"},
			{name: "an API key is not a bridge client", method: http.MethodGet, path: "/seam/bridge/v1/bridge_client_sessions/get",
				status: http.StatusUnauthorized, errType: "unauthorized"},
			{name: "a bridge token with a wrong secret", method: http.MethodGet, path: "/seam/bridge/v1/bridge_client_sessions/get",
				token: wrongSecret(token), status: http.StatusUnauthorized, errType: "unauthorized"},
			{name: "a bridge client cannot call workspace routes", method: http.MethodGet, path: "/bridges/list",
				token: token, status: http.StatusUnauthorized, errType: "unauthorized"},
			{name: "report_status needs both fields", method: http.MethodPost, path: "/seam/bridge/v1/bridge_client_sessions/report_status",
				token: token, params: map[string]any{"is_tailscale_connected": true}, status: http.StatusBadRequest, errType: "invalid_input", field: "tailscale_ip_v4"},
			{name: "report_status takes nulls", method: http.MethodPost, path: "/seam/bridge/v1/bridge_client_sessions/report_status",
				token: token, params: map[string]any{"is_tailscale_connected": nil, "tailscale_ip_v4": nil}},
			{name: "report_status", method: http.MethodPost, path: "/seam/bridge/v1/bridge_client_sessions/report_status",
				token: token, params: map[string]any{"is_tailscale_connected": true, "tailscale_ip_v4": "100.64.0.7"}},
			{name: "regenerate_pairing_code", method: http.MethodPost, path: "/seam/bridge/v1/bridge_client_sessions/regenerate_pairing_code",
				token: token, check: func(t *testing.T, r response) {
					got := obj(t, r, "bridge_client_session")
					requireFields(t, got, bridgeSessionFields...)
					newCode = got["pairing_code"].(string)
					if got["bridge_client_session_id"] != id || len(newCode) != 6 || newCode == code ||
						got["pairing_code_expires_at"] == sess["pairing_code_expires_at"] {
						t.Errorf("regenerated = %v, was %v", got, sess)
					}
				}},
			{name: "an unpaired bridge reaches no system", method: http.MethodGet, path: "/seam/bridge/v1/bridge_connected_systems/list",
				token: token, check: func(t *testing.T, r response) {
					if got := list(t, r, "bridge_connected_systems"); len(got) != 0 {
						t.Errorf("bridge_connected_systems = %v", got)
					}
				}},
		})
		if _, err := s.pairBridge(s.A.WorkspaceID, code); lintel.ErrorCode(err) != lintel.EInvalidInput {
			t.Errorf("pairing by the replaced code: %v, want invalid_input", err)
		}
		if r := s.call(http.MethodGet, "/seam/bridge/v1/bridge_client_sessions/get", token, nil); obj(t, r, "bridge_client_session")["pairing_code"] != newCode {
			t.Errorf("get after regenerate = %s", r.Raw)
		}
	})
}

func TestBridges(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		sess := s.openBridgeSession("bridge_a")
		token, code := sess["bridge_client_session_token"].(string), sess["pairing_code"].(string)
		account := s.A.Systems[0].ConnectedAccountID

		// W_B's account cannot go behind W_A's bridge: nothing is paired.
		if _, err := s.pairBridge(s.A.WorkspaceID, code, s.B.Systems[0].ConnectedAccountID); lintel.ErrorCode(err) != "connected_account_not_found" {
			t.Fatalf("pairing with W_B's account: %v, want connected_account_not_found", err)
		}
		if r := s.call(http.MethodGet, "/bridges/list", s.A.APIKey, nil); len(list(t, r, "bridges")) != 0 {
			t.Fatalf("a refused pairing left a bridge: %s", r.Raw)
		}
		bridgeID, err := s.pairBridge(s.A.WorkspaceID, code, account)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.pairBridge(s.B.WorkspaceID, code); lintel.ErrorCode(err) != lintel.EInvalidInput {
			t.Errorf("pairing the same session again in W_B: %v, want invalid_input", err)
		}
		s.run([]apiCase{
			{name: "bridges/get", method: http.MethodGet, path: "/bridges/get", params: map[string]any{"bridge_id": bridgeID},
				check: func(t *testing.T, r response) {
					b := obj(t, r, "bridge")
					requireFields(t, b, "bridge_id", "workspace_id", "created_at")
					if b["bridge_id"] != bridgeID || b["workspace_id"] != s.A.WorkspaceID {
						t.Errorf("bridge = %v", b)
					}
				}},
			{name: "bridges/get of another workspace's bridge", method: http.MethodGet, path: "/bridges/get", token: s.B.APIKey,
				params: map[string]any{"bridge_id": bridgeID}, status: http.StatusNotFound, errType: "bridge_not_found"},
			{name: "bridges/get needs a UUID", method: http.MethodPost, path: "/bridges/get", params: map[string]any{"bridge_id": "b1"},
				status: http.StatusBadRequest, errType: "invalid_input", field: "bridge_id"},
			{name: "bridges/list", method: http.MethodPost, path: "/bridges/list", check: func(t *testing.T, r response) {
				got := list(t, r, "bridges")
				if len(got) != 1 || got[0]["bridge_id"] != bridgeID {
					t.Errorf("bridges = %v", got)
				}
			}},
			{name: "bridges/list of another workspace", method: http.MethodGet, path: "/bridges/list", token: s.B.APIKey,
				check: func(t *testing.T, r response) {
					if got := list(t, r, "bridges"); len(got) != 0 {
						t.Errorf("W_B sees %v", got)
					}
				}},
			{name: "the bridge reaches the systems of the account behind it", method: http.MethodPost, path: "/seam/bridge/v1/bridge_connected_systems/list",
				token: token, check: func(t *testing.T, r response) {
					got := list(t, r, "bridge_connected_systems")
					want := map[string]bool{}
					for _, sys := range s.A.Systems {
						if sys.ConnectedAccountID == account {
							want[sys.AcsSystemID] = true
						}
					}
					if len(got) == 0 || len(got) != len(want) {
						t.Fatalf("bridge_connected_systems = %v, want the %d systems of %s", got, len(want), account)
					}
					for _, c := range got {
						requireFields(t, c, "bridge_id", "bridge_created_at", "connected_account_id", "connected_account_created_at",
							"acs_system_id", "acs_system_display_name", "workspace_id", "workspace_display_name")
						if !want[c["acs_system_id"].(string)] || c["bridge_id"] != bridgeID || c["workspace_id"] != s.A.WorkspaceID ||
							c["connected_account_id"] != account {
							t.Errorf("connected system = %v", c)
						}
					}
				}},
			{name: "a paired session that just started reports no error", method: http.MethodGet, path: "/seam/bridge/v1/bridge_client_sessions/get",
				token: token, check: func(t *testing.T, r response) {
					if errs := obj(t, r, "bridge_client_session")["errors"].([]any); len(errs) != 0 {
						t.Errorf("errors = %v", errs)
					}
				}},
		})
	})
}
