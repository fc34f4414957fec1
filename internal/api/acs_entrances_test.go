package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestAcsEntrances(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards, codes := s.A.Systems[0], s.A.Systems[1]
		door := cards.EntranceIDs[0]
		cardCred := cards.CredentialIDs[cards.AcsUserIDs[0]][0]
		// A user in no group opens nothing until granted.
		r := s.call(http.MethodPost, "/acs/users/create", s.A.APIKey, map[string]any{"acs_system_id": cards.AcsSystemID, "full_name": "Walk In"})
		s.ok(r)
		loner := obj(t, r, "acs_user")["acs_user_id"].(string)
		var firstPage response
		s.run([]apiCase{
			// get
			{name: "get", method: http.MethodGet, path: "/acs/entrances/get", params: map[string]any{"acs_entrance_id": door},
				check: func(t *testing.T, r response) {
					e := obj(t, r, "acs_entrance")
					requireFields(t, e, entranceFields...)
					if e["acs_entrance_id"] != door || e["acs_system_id"] != cards.AcsSystemID || e["can_unlock_with_card"] != true ||
						e["connected_account_id"] != s.A.ConnectedAccountID || len(e["space_ids"].([]any)) != 0 {
						t.Errorf("acs_entrance = %v", e)
					}
				}},
			{name: "get by POST", method: http.MethodPost, path: "/acs/entrances/get", params: map[string]any{"acs_entrance_id": door}},
			{name: "get without id", method: http.MethodGet, path: "/acs/entrances/get", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "acs_entrance_id"},
			{name: "get with a bad id", method: http.MethodGet, path: "/acs/entrances/get", params: map[string]any{"acs_entrance_id": "door"},
				status: 400, errType: "invalid_input", field: "acs_entrance_id"},
			{name: "get unknown", method: http.MethodGet, path: "/acs/entrances/get", params: map[string]any{"acs_entrance_id": lintel.NewID()},
				status: 404, errType: "acs_entrance_not_found"},
			{name: "get without token", method: http.MethodGet, path: "/acs/entrances/get", token: "-",
				params: map[string]any{"acs_entrance_id": door}, status: 401, errType: "unauthorized"},

			// list
			{name: "list", method: http.MethodGet, path: "/acs/entrances/list",
				check: func(t *testing.T, r response) {
					items := list(t, r, "acs_entrances")
					if len(items) != 4 {
						t.Errorf("%d entrances, want 4", len(items))
					}
					for _, e := range items {
						requireFields(t, e, entranceFields...)
					}
					requireFields(t, obj(t, r, "pagination"), "has_next_page", "next_page_cursor", "next_page_url")
				}},
			{name: "list with a huge limit", method: http.MethodGet, path: "/acs/entrances/list", params: map[string]any{"limit": 1000000},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 4) }},
			{name: "first page", method: http.MethodGet, path: "/acs/entrances/list", params: map[string]any{"limit": 3},
				check: func(t *testing.T, r response) {
					wantCount(t, r, "acs_entrances", 3)
					firstPage = r
				}},
			{name: "list by system", method: http.MethodGet, path: "/acs/entrances/list", params: map[string]any{"acs_system_id": codes.AcsSystemID},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "acs_entrances"), "acs_entrance_id"); !sameIDs(got, codes.EntranceIDs) {
						t.Errorf("entrances %v, want %v", got, codes.EntranceIDs)
					}
				}},
			{name: "list by connected account", method: http.MethodPost, path: "/acs/entrances/list",
				params: map[string]any{"connected_account_id": s.A.ConnectedAccountID},
				check:  func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 4) }},
			{name: "list by credential", method: http.MethodGet, path: "/acs/entrances/list", params: map[string]any{"acs_credential_id": cardCred},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 2) }},
			{name: "list by ids", method: http.MethodGet, path: "/acs/entrances/list",
				params: map[string]any{"acs_entrance_ids": []string{door, codes.EntranceIDs[1]}},
				check:  func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 2) }},
			{name: "list by search", method: http.MethodGet, path: "/acs/entrances/list", params: map[string]any{"search": "door 2"},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 2) }},
			{name: "list by unknown system", method: http.MethodGet, path: "/acs/entrances/list", params: map[string]any{"acs_system_id": lintel.NewID()},
				status: 404, errType: "acs_system_not_found"},
			{name: "list by unknown credential", method: http.MethodGet, path: "/acs/entrances/list", params: map[string]any{"acs_credential_id": lintel.NewID()},
				status: 404, errType: "acs_credential_not_found"},
			{name: "list by unknown connected account", method: http.MethodGet, path: "/acs/entrances/list",
				params: map[string]any{"connected_account_id": lintel.NewID()}, status: 404, errType: "connected_account_not_found"},
			{name: "list by unknown entrance ids", method: http.MethodGet, path: "/acs/entrances/list",
				params: map[string]any{"acs_entrance_ids": []string{door, lintel.NewID()}}, status: 404, errType: "acs_entrance_not_found"},
			{name: "list with a bad entrance id", method: http.MethodGet, path: "/acs/entrances/list",
				params: map[string]any{"acs_entrance_ids": []string{"x"}}, status: 400, errType: "invalid_input", field: "acs_entrance_ids"},
			{name: "list with limit 0", method: http.MethodGet, path: "/acs/entrances/list", params: map[string]any{"limit": 0},
				status: 400, errType: "invalid_input", field: "limit"},
			{name: "list with a foreign cursor", method: http.MethodGet, path: "/acs/entrances/list", params: map[string]any{"page_cursor": "bm9wZQ"},
				status: 400, errType: "invalid_input", field: "page_cursor"},
			{name: "list without token", method: http.MethodGet, path: "/acs/entrances/list", token: "-", status: 401, errType: "unauthorized"},

			// grant_access
			{name: "loner opens nothing", method: http.MethodGet, path: "/acs/users/list_accessible_entrances",
				params: map[string]any{"acs_user_id": loner},
				check:  func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 0) }},
			{name: "grant access", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": door, "acs_user_id": loner},
				check: func(t *testing.T, r response) {
					e := s.call(http.MethodGet, "/acs/users/list_accessible_entrances", s.A.APIKey, map[string]any{"acs_user_id": loner})
					if got := ids(list(t, e, "acs_entrances"), "acs_entrance_id"); !slices.Equal(got, []string{door}) {
						t.Errorf("loner opens %v, want %s", got, door)
					}
				}},
			{name: "grant again", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": door, "acs_user_id": loner}},
			{name: "grant by identity", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": codes.EntranceIDs[0], "user_identity_id": codes.UserIdentityIDs[1]}},
			{name: "grant to a user of another system", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": door, "acs_user_id": codes.AcsUserIDs[0]},
				status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "grant to nobody", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": door}, status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "grant to both", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": door, "acs_user_id": loner, "user_identity_id": cards.UserIdentityIDs[0]},
				status: 400, errType: "invalid_input", field: "user_identity_id"},
			{name: "grant without entrance", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_user_id": loner}, status: 400, errType: "invalid_input", field: "acs_entrance_id"},
			{name: "grant unknown entrance", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": lintel.NewID(), "acs_user_id": loner}, status: 404, errType: "acs_entrance_not_found"},
			{name: "grant unknown user", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": door, "acs_user_id": lintel.NewID()}, status: 404, errType: "acs_user_not_found"},
			{name: "grant unknown identity", method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": door, "user_identity_id": lintel.NewID()}, status: 404, errType: "user_identity_not_found"},
			{name: "grant by GET", method: http.MethodGet, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": door, "acs_user_id": loner}, status: 405, errType: "method_not_allowed"},
			{name: "grant without token", method: http.MethodPost, path: "/acs/entrances/grant_access", token: "-",
				params: map[string]any{"acs_entrance_id": door, "acs_user_id": loner}, status: 401, errType: "unauthorized"},

			// list_credentials_with_access: the card system's group holds
			// every seeded user, each with two cards.
			{name: "credentials with access", method: http.MethodGet, path: "/acs/entrances/list_credentials_with_access",
				params: map[string]any{"acs_entrance_id": door},
				check: func(t *testing.T, r response) {
					items := list(t, r, "acs_credentials")
					if len(items) != 6 {
						t.Errorf("%d credentials, want 6", len(items))
					}
					for _, c := range items {
						requireFields(t, c, credentialFields...)
					}
				}},
			{name: "credentials with access, include_if", method: http.MethodPost, path: "/acs/entrances/list_credentials_with_access",
				params: map[string]any{"acs_entrance_id": door, "include_if": []string{"visionline_metadata.is_valid"}}},
			{name: "credentials with access, bad include_if", method: http.MethodPost, path: "/acs/entrances/list_credentials_with_access",
				params: map[string]any{"acs_entrance_id": door, "include_if": []string{"nope"}}, status: 400, errType: "invalid_input", field: "include_if"},
			{name: "credentials with access without id", method: http.MethodGet, path: "/acs/entrances/list_credentials_with_access",
				params: map[string]any{}, status: 400, errType: "invalid_input", field: "acs_entrance_id"},
			{name: "credentials with access, unknown entrance", method: http.MethodGet, path: "/acs/entrances/list_credentials_with_access",
				params: map[string]any{"acs_entrance_id": lintel.NewID()}, status: 404, errType: "acs_entrance_not_found"},
			{name: "credentials with access without token", method: http.MethodGet, path: "/acs/entrances/list_credentials_with_access",
				token: "-", params: map[string]any{"acs_entrance_id": door}, status: 401, errType: "unauthorized"},
		})

		// Pages of at most 3 visit the four entrances once each.
		seen := map[string]bool{}
		for _, id := range ids(list(t, firstPage, "acs_entrances"), "acs_entrance_id") {
			seen[id] = true
		}
		next := s.call(http.MethodGet, "/acs/entrances/list", s.A.APIKey, map[string]any{"limit": 3,
			"page_cursor": obj(t, firstPage, "pagination")["next_page_cursor"]})
		s.ok(next)
		for _, id := range ids(list(t, next, "acs_entrances"), "acs_entrance_id") {
			if seen[id] {
				t.Errorf("entrance %s on two pages", id)
			}
			seen[id] = true
		}
		if len(seen) != 4 || obj(t, next, "pagination")["has_next_page"] != false {
			t.Errorf("pages visited %d entrances; last pagination %v", len(seen), obj(t, next, "pagination"))
		}

		// The grant reached the simulated system.
		s.sandbox(func(tx *store.Tx) error {
			u, err := tx.AcsUser(context.Background(), s.A.WorkspaceID, loner)
			if err != nil {
				return err
			}
			got, err := tx.SandboxUserEntrances(context.Background(), s.A.WorkspaceID, cards.AcsSystemID, u.ExternalID)
			if len(got) != 1 {
				t.Errorf("the simulated system grants the loner %v", got)
			}
			return err
		})
		s.assertNoCrossLinks()
	})
}

func TestAcsUsersEntrances(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards, codes := s.A.Systems[0], s.A.Systems[1]
		user := codes.AcsUserIDs[0]
		// The user also holds a direct grant and a credential allowed a door.
		s.ok(s.call(http.MethodPost, "/acs/entrances/grant_access", s.A.APIKey, map[string]any{"acs_entrance_id": codes.EntranceIDs[0], "acs_user_id": user}))
		r := s.call(http.MethodPost, "/acs/credentials/create", s.A.APIKey, map[string]any{"acs_user_id": user, "access_method": "code",
			"allowed_acs_entrance_ids": []string{codes.EntranceIDs[1]}})
		s.ok(r)
		s.run([]apiCase{
			{name: "by user", method: http.MethodGet, path: "/acs/users/list_accessible_entrances", params: map[string]any{"acs_user_id": user},
				check: func(t *testing.T, r response) {
					items := list(t, r, "acs_entrances")
					if !sameIDs(ids(items, "acs_entrance_id"), codes.EntranceIDs) {
						t.Errorf("entrances %v, want %v", ids(items, "acs_entrance_id"), codes.EntranceIDs)
					}
					for _, e := range items {
						requireFields(t, e, entranceFields...)
					}
				}},
			{name: "by identity and system", method: http.MethodPost, path: "/acs/users/list_accessible_entrances",
				params: map[string]any{"user_identity_id": cards.UserIdentityIDs[0], "acs_system_id": cards.AcsSystemID},
				check:  func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 2) }},
			{name: "nothing given", method: http.MethodGet, path: "/acs/users/list_accessible_entrances", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "identity without system", method: http.MethodGet, path: "/acs/users/list_accessible_entrances",
				params: map[string]any{"user_identity_id": cards.UserIdentityIDs[0]}, status: 400, errType: "invalid_input", field: "acs_system_id"},
			{name: "system alone", method: http.MethodGet, path: "/acs/users/list_accessible_entrances",
				params: map[string]any{"acs_system_id": cards.AcsSystemID}, status: 400, errType: "invalid_input", field: "user_identity_id"},
			{name: "unknown user", method: http.MethodGet, path: "/acs/users/list_accessible_entrances",
				params: map[string]any{"acs_user_id": lintel.NewID()}, status: 404, errType: "acs_user_not_found"},
			{name: "without token", method: http.MethodGet, path: "/acs/users/list_accessible_entrances", token: "-",
				params: map[string]any{"acs_user_id": user}, status: 401, errType: "unauthorized"},

			{name: "revoke", method: http.MethodPost, path: "/acs/users/revoke_access_to_all_entrances", params: map[string]any{"acs_user_id": user},
				check: func(t *testing.T, r response) {
					// Groups and grants are gone; the credential's door stays.
					e := s.call(http.MethodGet, "/acs/users/list_accessible_entrances", s.A.APIKey, map[string]any{"acs_user_id": user})
					if got := ids(list(t, e, "acs_entrances"), "acs_entrance_id"); !slices.Equal(got, []string{codes.EntranceIDs[1]}) {
						t.Errorf("after revoke the user opens %v, want only its credential's door", got)
					}
					g := s.call(http.MethodGet, "/acs/access_groups/list", s.A.APIKey, map[string]any{"acs_user_id": user})
					wantCount(t, g, "acs_access_groups", 0)
				}},
			{name: "revoke by identity", method: http.MethodPost, path: "/acs/users/revoke_access_to_all_entrances",
				params: map[string]any{"user_identity_id": cards.UserIdentityIDs[0], "acs_system_id": cards.AcsSystemID},
				check: func(t *testing.T, r response) {
					e := s.call(http.MethodGet, "/acs/users/list_accessible_entrances", s.A.APIKey, map[string]any{"acs_user_id": cards.AcsUserIDs[0]})
					wantCount(t, e, "acs_entrances", 0)
				}},
			{name: "revoke nothing given", method: http.MethodPost, path: "/acs/users/revoke_access_to_all_entrances", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "revoke with a bad id", method: http.MethodPost, path: "/acs/users/revoke_access_to_all_entrances",
				params: map[string]any{"acs_user_id": "x"}, status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "revoke unknown user", method: http.MethodPost, path: "/acs/users/revoke_access_to_all_entrances",
				params: map[string]any{"acs_user_id": lintel.NewID()}, status: 404, errType: "acs_user_not_found"},
			{name: "revoke by DELETE", method: http.MethodDelete, path: "/acs/users/revoke_access_to_all_entrances",
				params: map[string]any{"acs_user_id": user}, status: 405, errType: "method_not_allowed"},
			{name: "revoke without token", method: http.MethodPost, path: "/acs/users/revoke_access_to_all_entrances", token: "-",
				params: map[string]any{"acs_user_id": user}, status: 401, errType: "unauthorized"},
		})
		if got := s.audits(s.A.WorkspaceID, user); !slices.Equal(got, []string{"acs_user.revoke_access_to_all_entrances"}) {
			t.Errorf("audit = %v", got)
		}
		// The simulated system no longer grants the user anything directly.
		s.sandbox(func(tx *store.Tx) error {
			u, err := tx.AcsUser(context.Background(), s.A.WorkspaceID, user)
			if err != nil {
				return err
			}
			got, err := tx.SandboxUserEntrances(context.Background(), s.A.WorkspaceID, codes.AcsSystemID, u.ExternalID)
			if len(got) != 0 {
				t.Errorf("the simulated system still grants %v", got)
			}
			return err
		})
		// W_B's twin keeps its access.
		b := s.call(http.MethodGet, "/acs/users/list_accessible_entrances", s.B.APIKey, map[string]any{"acs_user_id": s.B.Systems[1].AcsUserIDs[0]})
		s.ok(b)
		wantCount(t, b, "acs_entrances", 2)
	})
}
