package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// webviewFields are the fields the spec requires of a connect_webview.
var webviewFields = []string{"connect_webview_id", "workspace_id", "created_at", "connected_account_id", "url",
	"device_selection_mode", "accepted_providers", "accepted_capabilities", "accepted_devices", "any_device_allowed",
	"any_provider_allowed", "login_successful", "status", "custom_redirect_url", "custom_redirect_failure_url",
	"custom_metadata", "automatically_manage_new_devices", "wait_for_device_creation", "authorized_at", "selected_provider"}

// strs reads a JSON array of strings.
func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestConnectWebviews(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		create := func(token string, params map[string]any) map[string]any {
			t.Helper()
			return bodyObj(t, s.postOK("/connect_webviews/create", token, params), "connect_webview")
		}
		// W_B's webview, which W_A must never reach.
		bView := create(s.B.APIKey, map[string]any{"accepted_providers": []string{"august"}})
		bID := bView["connect_webview_id"].(string)
		// A client session of W_A, whose webviews it alone may read.
		cs := bodyObj(t, s.postOK("/client_sessions/create", s.A.APIKey, map[string]any{"user_identifier_key": "jane-42"}), "client_session")
		cst := cs["token"].(string)

		var created, full, session map[string]any
		s.run([]apiCase{
			{name: "create with defaults", method: http.MethodPost, path: "/connect_webviews/create", params: map[string]any{},
				check: func(t *testing.T, r response) {
					created = obj(t, r, "connect_webview")
					requireFields(t, created, webviewFields...)
					if created["status"] != "pending" || created["login_successful"] != false || created["connected_account_id"] != nil ||
						created["any_provider_allowed"] != true || created["device_selection_mode"] != "none" ||
						created["automatically_manage_new_devices"] != true || created["wait_for_device_creation"] != false ||
						created["workspace_id"] != s.A.WorkspaceID {
						t.Errorf("webview = %v", created)
					}
					if p := strs(created["accepted_providers"]); !slices.Contains(p, "august") || slices.Contains(p, "visionline") {
						t.Errorf("default providers = %v, want the stable ones", p)
					}
					u, err := url.Parse(created["url"].(string))
					if err != nil || u.Scheme != "http" || u.Path != "/connect_webviews/view" ||
						u.Query().Get("connect_webview_id") != created["connect_webview_id"] || len(u.Query().Get("auth_token")) < 40 {
						t.Errorf("url = %v", created["url"])
					}
				}},
			{name: "create with every setting", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"accepted_providers": []string{"august", "salto_ks", "august"},
					"custom_redirect_url": "https://example.com/done", "custom_redirect_failure_url": "https://example.com/failed",
					"custom_metadata":                  map[string]any{"site": "berlin", "vip": true, "gone": nil, "blank": ""},
					"automatically_manage_new_devices": false, "wait_for_device_creation": true, "device_selection_mode": "single"},
				check: func(t *testing.T, r response) {
					full = obj(t, r, "connect_webview")
					m := full["custom_metadata"].(map[string]any)
					if !slices.Equal(strs(full["accepted_providers"]), []string{"august", "salto_ks"}) ||
						!slices.Equal(strs(full["accepted_capabilities"]), []string{"lock", "access_control"}) ||
						full["custom_redirect_url"] != "https://example.com/done" || full["custom_redirect_failure_url"] != "https://example.com/failed" ||
						len(m) != 2 || m["site"] != "berlin" || m["vip"] != true || full["any_provider_allowed"] != false ||
						full["automatically_manage_new_devices"] != false || full["wait_for_device_creation"] != true ||
						full["device_selection_mode"] != "single" {
						t.Errorf("webview = %v", full)
					}
				}},
			{name: "create by category", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"provider_category": "access_control_systems", "excluded_providers": []string{"latch"}},
				check: func(t *testing.T, r response) {
					p := strs(obj(t, r, "connect_webview")["accepted_providers"])
					if !slices.Contains(p, "visionline") || slices.Contains(p, "august") || slices.Contains(p, "latch") {
						t.Errorf("providers = %v", p)
					}
				}},
			{name: "create by capability", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"accepted_providers": []string{"august", "salto_ks"}, "accepted_capabilities": []string{"access_control"}},
				check: func(t *testing.T, r response) {
					w := obj(t, r, "connect_webview")
					if !slices.Equal(strs(w["accepted_providers"]), []string{"salto_ks"}) || !slices.Equal(strs(w["accepted_capabilities"]), []string{"access_control"}) {
						t.Errorf("webview = %v", w)
					}
				}},
			{name: "create by client session", token: cst, method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"accepted_providers": []string{"schlage"}},
				check:  func(t *testing.T, r response) { session = obj(t, r, "connect_webview") }},

			{name: "provider lintel lacks", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"accepted_providers": []string{"hotek"}}, status: 400, errType: "invalid_input", field: "accepted_providers"},
			{name: "empty provider", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"accepted_providers": []string{""}}, status: 400, errType: "invalid_input", field: "accepted_providers"},
			{name: "unknown category", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"provider_category": "doors"}, status: 400, errType: "invalid_input", field: "provider_category"},
			{name: "unknown capability", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"accepted_capabilities": []string{"door"}}, status: 400, errType: "invalid_input", field: "accepted_capabilities"},
			{name: "nothing left to offer", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"accepted_providers": []string{"august"}, "excluded_providers": []string{"august"}},
				status: 400, errType: "invalid_input", field: "accepted_providers"},
			{name: "relative redirect", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"custom_redirect_url": "/done"}, status: 400, errType: "invalid_input", field: "custom_redirect_url"},
			{name: "javascript redirect", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"custom_redirect_failure_url": "javascript:alert(1)"}, status: 400, errType: "invalid_input", field: "custom_redirect_failure_url"},
			{name: "metadata number", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"custom_metadata": map[string]any{"n": 1}}, status: 400, errType: "invalid_input", field: "custom_metadata"},
			{name: "metadata key with a period", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"custom_metadata": map[string]any{"a.b": "x"}}, status: 400, errType: "invalid_input", field: "custom_metadata"},
			{name: "customer key", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{"customer_key": "c1"}, status: 400, errType: "invalid_input", field: "customer_key"},
			{name: "create by GET", method: http.MethodGet, path: "/connect_webviews/create", params: map[string]any{},
				status: 405, errType: "method_not_allowed"},
			{name: "create without token", token: "-", method: http.MethodPost, path: "/connect_webviews/create",
				params: map[string]any{}, status: 401, errType: "unauthorized"},
		})

		id, sessionID := full["connect_webview_id"].(string), session["connect_webview_id"].(string)
		byID := func(id string) map[string]any { return map[string]any{"connect_webview_id": id} }
		s.run([]apiCase{
			{name: "get by GET", method: http.MethodGet, path: "/connect_webviews/get", params: byID(id),
				check: func(t *testing.T, r response) {
					w := obj(t, r, "connect_webview")
					requireFields(t, w, webviewFields...)
					// The url, and so the token, is the one create returned.
					if w["url"] != full["url"] || w["created_at"] != full["created_at"] {
						t.Errorf("get = %v, create answered %v", w, full)
					}
				}},
			{name: "get by POST", method: http.MethodPost, path: "/connect_webviews/get", params: byID(id)},
			{name: "get W_B's", method: http.MethodPost, path: "/connect_webviews/get", params: byID(bID), status: 404, errType: "connect_webview_not_found"},
			{name: "get unknown", method: http.MethodPost, path: "/connect_webviews/get", params: byID(lintel.NewID()), status: 404, errType: "connect_webview_not_found"},
			{name: "get bad id", method: http.MethodPost, path: "/connect_webviews/get", params: byID("cw1"), status: 400, errType: "invalid_input", field: "connect_webview_id"},
			{name: "get without id", method: http.MethodPost, path: "/connect_webviews/get", params: map[string]any{}, status: 400, errType: "invalid_input", field: "connect_webview_id"},
			{name: "client session gets its own", token: cst, method: http.MethodGet, path: "/connect_webviews/get", params: byID(sessionID)},
			{name: "client session gets another", token: cst, method: http.MethodGet, path: "/connect_webviews/get", params: byID(id),
				status: 404, errType: "connect_webview_not_found"},
			{name: "W_B gets W_A's", token: s.B.APIKey, method: http.MethodPost, path: "/connect_webviews/get", params: byID(id),
				status: 404, errType: "connect_webview_not_found"},
		})

		listIDs := func(r response) []string {
			var out []string
			for _, w := range r.Body["connect_webviews"].([]any) {
				out = append(out, w.(map[string]any)["connect_webview_id"].(string))
			}
			return out
		}
		wantList := func(want ...string) func(t *testing.T, r response) {
			return func(t *testing.T, r response) {
				t.Helper()
				if got := listIDs(r); !slices.Equal(got, want) {
					t.Errorf("listed %v, want %v", got, want)
				}
				if _, ok := r.Body["pagination"].(map[string]any); !ok {
					t.Errorf("no pagination: %s", r.Raw)
				}
			}
		}
		all := []string{created["connect_webview_id"].(string), id}
		var cursor string
		s.run([]apiCase{
			{name: "list by metadata", method: http.MethodPost, path: "/connect_webviews/list",
				params: map[string]any{"custom_metadata_has": map[string]any{"site": "berlin", "vip": true}}, check: wantList(id)},
			{name: "list by metadata unset", method: http.MethodPost, path: "/connect_webviews/list",
				params: map[string]any{"custom_metadata_has": map[string]any{"site": nil, "ignored": ""}, "limit": 1},
				check:  wantList(all[0])},
			{name: "list by metadata, wrong type", method: http.MethodPost, path: "/connect_webviews/list",
				params: map[string]any{"custom_metadata_has": map[string]any{"n": 1}}, status: 400, errType: "invalid_input", field: "custom_metadata_has"},
			{name: "list by user identifier key", method: http.MethodGet, path: "/connect_webviews/list",
				params: map[string]any{"user_identifier_key": "jane-42"}, check: wantList(sessionID)},
			{name: "list by search", method: http.MethodGet, path: "/connect_webviews/list",
				params: map[string]any{"search": "BERLIN"}, check: wantList(id)},
			{name: "list by customer key", method: http.MethodGet, path: "/connect_webviews/list",
				params: map[string]any{"customer_key": "c1"}, check: wantList()},
			{name: "first page", method: http.MethodGet, path: "/connect_webviews/list", params: map[string]any{"limit": 2},
				check: func(t *testing.T, r response) {
					wantList(all...)(t, r)
					pg := r.Body["pagination"].(map[string]any)
					if pg["has_next_page"] != true {
						t.Fatalf("pagination = %v", pg)
					}
					cursor = pg["next_page_cursor"].(string)
				}},
			{name: "client session lists its own", token: cst, method: http.MethodGet, path: "/connect_webviews/list", check: wantList(sessionID)},
			{name: "W_B lists its own", token: s.B.APIKey, method: http.MethodPost, path: "/connect_webviews/list", params: map[string]any{}, check: wantList(bID)},
		})
		s.run([]apiCase{{name: "next page", method: http.MethodGet, path: "/connect_webviews/list",
			params: map[string]any{"limit": 2, "page_cursor": cursor},
			check: func(t *testing.T, r response) {
				got := listIDs(r)
				if len(got) == 0 || slices.Contains(got, id) || slices.Contains(got, bID) {
					t.Errorf("second page = %v", got)
				}
			}}})

		s.run([]apiCase{
			{name: "W_B deletes W_A's", token: s.B.APIKey, method: http.MethodPost, path: "/connect_webviews/delete", params: byID(id),
				status: 404, errType: "connect_webview_not_found"},
			{name: "client session may not delete", token: cst, method: http.MethodPost, path: "/connect_webviews/delete", params: byID(sessionID),
				status: 401, errType: "unauthorized"},
			{name: "delete by DELETE", method: http.MethodDelete, path: "/connect_webviews/delete", params: byID(id),
				check: func(t *testing.T, r response) {
					if len(r.Body) != 1 {
						t.Errorf("body = %s", r.Raw)
					}
				}},
			{name: "get deleted", method: http.MethodPost, path: "/connect_webviews/get", params: byID(id), status: 404, errType: "connect_webview_not_found"},
			{name: "delete again", method: http.MethodPost, path: "/connect_webviews/delete", params: byID(id), status: 404, errType: "connect_webview_not_found"},
			{name: "W_B's is still there", token: s.B.APIKey, method: http.MethodPost, path: "/connect_webviews/get", params: byID(bID)},
		})

		// The client session remembers the webview it made.
		got := bodyObj(t, s.postOK("/client_sessions/get", cst, map[string]any{}), "client_session")
		if ids := strs(got["connect_webview_ids"]); !slices.Equal(ids, []string{sessionID}) {
			t.Errorf("client session's webviews = %v", ids)
		}
		// The token is stored hashed and sealed, never in full.
		token, _ := url.Parse(full["url"].(string))
		tok := token.Query().Get("auth_token")
		if n := queryInt(t, st, `SELECT COUNT(*) FROM connect_webviews WHERE auth_token_sealed LIKE $1`, "%"+tok+"%"); n != 0 || strings.Contains(tok, "%") {
			t.Errorf("the auth token is stored in the clear")
		}
		if got := s.auditActions(s.A.WorkspaceID, id); !slices.Equal(got, []string{"connect_webview.create:succeeded", "connect_webview.delete:succeeded"}) {
			t.Errorf("audit = %v", got)
		}
	})
}
