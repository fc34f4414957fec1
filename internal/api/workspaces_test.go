package api_test

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestWorkspacesUpdate(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		get := func(t *testing.T, token string) map[string]any {
			t.Helper()
			return bodyObj(t, s.postOK("/workspaces/get", token, nil), "workspace")
		}
		custom := func(t *testing.T) map[string]any {
			t.Helper()
			c, _ := get(t, s.A.APIKey)["connect_webview_customization"].(map[string]any)
			return c
		}
		org := lintel.NewID()
		bBefore := get(t, s.B.APIKey)
		s.app.Workspaces.SetClientSessionResolver(clientSessions{
			"scoped": {Kind: lintel.AuthClientSession, WorkspaceID: s.A.WorkspaceID, ActorID: lintel.NewID(),
				UserIdentityIDs: []string{s.A.Systems[0].UserIdentityIDs[0]}},
		})
		s.run([]apiCase{
			{name: "publishable keys are on by default", method: http.MethodGet, path: "/workspaces/get",
				check: func(t *testing.T, r response) {
					if w := bodyObj(t, r.Body, "workspace"); w["is_publishable_key_auth_enabled"] != true {
						t.Errorf("workspace = %v", w)
					}
				}},
			{name: "rename by PATCH", method: http.MethodPatch, path: "/workspaces/update", params: map[string]any{"name": "Renamed"},
				check: func(t *testing.T, r response) {
					if len(r.Body) != 1 || r.Body["ok"] != true {
						t.Errorf("body = %s, want only ok", r.Raw)
					}
					if w := get(t, s.A.APIKey); w["name"] != "Renamed" {
						t.Errorf("name = %v", w["name"])
					}
				}},
			{name: "partner, organization and customization by POST", method: http.MethodPost, path: "/workspaces/update",
				params: map[string]any{"connect_partner_name": "Acme", "organization_id": org,
					"connect_webview_customization": map[string]any{"logo_shape": "square", "success_message": "Done"}},
				check: func(t *testing.T, r response) {
					w := get(t, s.A.APIKey)
					c, _ := w["connect_webview_customization"].(map[string]any)
					if w["connect_partner_name"] != "Acme" || w["organization_id"] != org || w["name"] != "Renamed" ||
						c["logo_shape"] != "square" || c["success_message"] != "Done" {
						t.Errorf("workspace = %v", w)
					}
				}},
			{name: "null clears one customization, the rest stays", method: http.MethodPost, path: "/workspaces/update",
				params: map[string]any{"connect_webview_customization": map[string]any{"success_message": nil}},
				check: func(t *testing.T, r response) {
					if c := custom(t); c["logo_shape"] != "square" || c["success_message"] != nil {
						t.Errorf("customization = %v", c)
					}
				}},
			{name: "nothing given changes nothing", method: http.MethodPost, path: "/workspaces/update", params: map[string]any{},
				check: func(t *testing.T, r response) {
					if w := get(t, s.A.APIKey); w["name"] != "Renamed" || w["connect_partner_name"] != "Acme" {
						t.Errorf("workspace = %v", w)
					}
				}},
			{name: "not suspended stays so", method: http.MethodPost, path: "/workspaces/update", params: map[string]any{"is_suspended": false}},
			{name: "suspend", method: http.MethodPost, path: "/workspaces/update", params: map[string]any{"is_suspended": true},
				status: 400, errType: "invalid_input", field: "is_suspended"},
			{name: "empty name", method: http.MethodPost, path: "/workspaces/update", params: map[string]any{"name": ""},
				status: 400, errType: "invalid_input", field: "name"},
			{name: "name too long", method: http.MethodPost, path: "/workspaces/update", params: map[string]any{"name": strings.Repeat("n", 256)},
				status: 400, errType: "invalid_input", field: "name"},
			{name: "bad organization id", method: http.MethodPost, path: "/workspaces/update", params: map[string]any{"organization_id": "org"},
				status: 400, errType: "invalid_input", field: "organization_id"},
			{name: "bad logo shape", method: http.MethodPost, path: "/workspaces/update",
				params: map[string]any{"connect_webview_customization": map[string]any{"logo_shape": "triangle"}},
				status: 400, errType: "invalid_input", field: "connect_webview_customization"},
			{name: "by GET", method: http.MethodGet, path: "/workspaces/update", status: 405, errType: "method_not_allowed"},
			{name: "as a client session", token: "seam_cstscoped_x1", method: http.MethodPost, path: "/workspaces/update",
				params: map[string]any{"name": "Mine"}, status: 401, errType: "unauthorized"},
			{name: "without token", token: "-", method: http.MethodPost, path: "/workspaces/update",
				params: map[string]any{"name": "Mine"}, status: 401, errType: "unauthorized"},
		})
		if w := get(t, s.A.APIKey); w["name"] != "Renamed" {
			t.Errorf("a refused update changed the workspace: %v", w)
		}
		// W_A's updates leave W_B as it was.
		if after := get(t, s.B.APIKey); !reflect.DeepEqual(after, bBefore) {
			t.Errorf("W_B changed:\nbefore %v\nafter  %v", bBefore, after)
		}
		if got := s.auditActions(s.A.WorkspaceID, s.A.WorkspaceID); len(got) != 5 ||
			slices.ContainsFunc(got, func(a string) bool { return a != "workspace.update:succeeded" }) {
			t.Errorf("audit = %v, want five workspace.update rows", got)
		}

		t.Run("publishable key authentication off and on", func(t *testing.T) {
			pk := s.publishableKey(s.A.WorkspaceID)
			call := func() response {
				r, _ := http.NewRequest(http.MethodPost, "/client_sessions/get_or_create", strings.NewReader(`{"user_identifier_key": "pk-user"}`))
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("seam-publishable-key", pk)
				return s.do(r)
			}
			s.ok(call())
			s.ok(s.call(http.MethodPost, "/workspaces/update", s.A.APIKey, map[string]any{"is_publishable_key_auth_enabled": false}))
			if w := get(t, s.A.APIKey); w["is_publishable_key_auth_enabled"] != false {
				t.Errorf("workspace = %v", w)
			}
			s.wantError(call(), http.StatusUnauthorized, "unauthorized")
			s.ok(s.call(http.MethodPost, "/workspaces/update", s.A.APIKey, map[string]any{"is_publishable_key_auth_enabled": true}))
			s.ok(call())
		})
	})
}
