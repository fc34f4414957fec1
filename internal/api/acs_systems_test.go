package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

var acsSystemFields = []string{"acs_system_id", "workspace_id", "connected_account_id", "connected_account_ids",
	"name", "created_at", "is_credential_manager", "location", "image_url", "image_alt_text", "errors", "warnings"}

var connectedAccountFields = []string{"connected_account_id", "account_type_display_name", "display_name",
	"errors", "warnings", "custom_metadata", "automatically_manage_new_devices", "accepted_capabilities"}

func TestAcsSystemsAndConnectedAccounts(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		a := s.A.APIKey
		vis, salto := s.A.Systems[0], s.A.Systems[1]
		unknown := "00000000-0000-4000-8000-000000000000"
		s.runCases(t, []routeCase{
			{name: "systems get (GET)", method: http.MethodGet, path: "/acs/systems/get", token: a,
				params: map[string]any{"acs_system_id": vis.AcsSystemID}, check: func(t *testing.T, body map[string]any) {
					sys := bodyObj(t, body, "acs_system")
					requireFields(t, sys, acsSystemFields...)
					requireFields(t, bodyObj(t, sys, "location"), "time_zone")
					if sys["external_type"] != "visionline_system" || sys["name"] != "Visionline" ||
						sys["acs_user_count"] != float64(3) || sys["acs_access_group_count"] != float64(1) ||
						sys["connected_account_id"] != s.A.ConnectedAccountID {
						t.Errorf("system = %v", sys)
					}
				}},
			{name: "systems get (POST)", method: http.MethodPost, path: "/acs/systems/get", token: a,
				params: map[string]any{"acs_system_id": salto.AcsSystemID}, check: func(t *testing.T, body map[string]any) {
					if bodyObj(t, body, "acs_system")["acs_access_group_count"] != float64(2) {
						t.Errorf("system = %v", body)
					}
				}},
			{name: "systems get missing id", method: http.MethodGet, path: "/acs/systems/get", token: a,
				params: map[string]any{}, status: 400, errType: "invalid_input"},
			{name: "systems get not uuid", method: http.MethodGet, path: "/acs/systems/get", token: a,
				params: map[string]any{"acs_system_id": "visionline_acs_system_1"}, status: 400, errType: "invalid_input"},
			{name: "systems get unknown", method: http.MethodGet, path: "/acs/systems/get", token: a,
				params: map[string]any{"acs_system_id": unknown}, status: 404, errType: "acs_system_not_found"},
			{name: "systems get no token", method: http.MethodGet, path: "/acs/systems/get",
				params: map[string]any{"acs_system_id": vis.AcsSystemID}, status: 401, errType: "unauthorized"},
			{name: "systems list", method: http.MethodGet, path: "/acs/systems/list", token: a,
				check: func(t *testing.T, body map[string]any) {
					got := bodyList(t, body, "acs_systems")
					if !slices.Equal(ids(got, "acs_system_id"), []string{vis.AcsSystemID, salto.AcsSystemID}) {
						t.Errorf("systems = %v", ids(got, "acs_system_id"))
					}
					if _, paginated := body["pagination"]; paginated {
						t.Errorf("acs/systems/list is not paginated: %v", body)
					}
				}},
			{name: "systems list search", method: http.MethodPost, path: "/acs/systems/list", token: a,
				params: map[string]any{"search": "salto"}, check: func(t *testing.T, body map[string]any) {
					if got := ids(bodyList(t, body, "acs_systems"), "acs_system_id"); !slices.Equal(got, []string{salto.AcsSystemID}) {
						t.Errorf("search = %v", got)
					}
				}},
			{name: "systems list by account", method: http.MethodGet, path: "/acs/systems/list", token: a,
				params: map[string]any{"connected_account_id": s.A.ConnectedAccountID}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "acs_systems")); n != 2 {
						t.Errorf("systems of the account: %d", n)
					}
				}},
			{name: "systems list other account", method: http.MethodGet, path: "/acs/systems/list", token: a,
				params: map[string]any{"connected_account_id": s.B.ConnectedAccountID}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "acs_systems")); n != 0 {
						t.Errorf("systems of B's account seen from A: %d", n)
					}
				}},
			{name: "systems list customer", method: http.MethodGet, path: "/acs/systems/list", token: a,
				params: map[string]any{"customer_key": "c1"}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "acs_systems")); n != 0 {
						t.Errorf("systems of a customer: %d", n)
					}
				}},

			{name: "account get", method: http.MethodGet, path: "/connected_accounts/get", token: a,
				params: map[string]any{"connected_account_id": s.A.ConnectedAccountID}, check: func(t *testing.T, body map[string]any) {
					ca := bodyObj(t, body, "connected_account")
					requireFields(t, ca, connectedAccountFields...)
					if ca["account_type"] != "sandbox" || ca["automatically_manage_new_devices"] != true {
						t.Errorf("account = %v", ca)
					}
				}},
			{name: "account get by email", method: http.MethodPost, path: "/connected_accounts/get", token: a,
				params: map[string]any{"email": "john@example.com"}, status: 404, errType: "connected_account_not_found"},
			{name: "account get neither", method: http.MethodPost, path: "/connected_accounts/get", token: a,
				params: map[string]any{}, status: 400, errType: "invalid_input"},
			{name: "account get unknown", method: http.MethodGet, path: "/connected_accounts/get", token: a,
				params: map[string]any{"connected_account_id": unknown}, status: 404, errType: "connected_account_not_found"},
			{name: "accounts list", method: http.MethodGet, path: "/connected_accounts/list", token: a,
				check: func(t *testing.T, body map[string]any) {
					got := bodyList(t, body, "connected_accounts")
					if !slices.Equal(ids(got, "connected_account_id"), []string{s.A.ConnectedAccountID}) {
						t.Errorf("accounts = %v", got)
					}
					requireFields(t, bodyObj(t, body, "pagination"), "has_next_page", "next_page_cursor", "next_page_url")
				}},
			{name: "accounts list by user identifier key", method: http.MethodPost, path: "/connected_accounts/list", token: a,
				params: map[string]any{"user_identifier_key": "k"}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "connected_accounts")); n != 0 {
						t.Errorf("accounts = %d", n)
					}
				}},
			{name: "accounts list search miss", method: http.MethodPost, path: "/connected_accounts/list", token: a,
				params: map[string]any{"search": "nothing-like-it"}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "connected_accounts")); n != 0 {
						t.Errorf("accounts = %d", n)
					}
				}},
		})
	})
}
