package api_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestAcsCredentialsCreate(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards, codes := s.A.Systems[0], s.A.Systems[1]
		codeUser, cardUser := codes.AcsUserIDs[0], cards.AcsUserIDs[0]
		future := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
		later := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
		past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
		var issuedID string
		s.run([]apiCase{
			{name: "code credential", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code", "code": "4321",
					"starts_at": future, "ends_at": later},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "acs_credential")
					requireFields(t, c, credentialFields...)
					issuedID = c["acs_credential_id"].(string)
					if c["code"] != "4321" || c["access_method"] != "code" || c["acs_user_id"] != codeUser ||
						c["user_identity_id"] != codes.UserIdentityIDs[0] || c["acs_system_id"] != codes.AcsSystemID ||
						c["workspace_id"] != s.A.WorkspaceID || c["connected_account_id"] != s.A.ConnectedAccountID ||
						c["is_managed"] != true || c["is_issued"] != true || c["issued_at"] == nil ||
						c["external_type"] != "salto_ks_credential" || c["display_name"] == "" ||
						c["is_latest_desired_state_synced_with_provider"] != true || c["ends_at"] == nil {
						t.Errorf("acs_credential = %v", c)
					}
					if len(c["warnings"].([]any)) != 0 || len(c["errors"].([]any)) != 0 {
						t.Errorf("issued credential has warnings or errors: %v", c)
					}
				}},
			{name: "code is drawn when not given", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code"},
				check: func(t *testing.T, r response) {
					code, _ := obj(t, r, "acs_credential")["code"].(string)
					if !regexp.MustCompile(`^\d{6}$`).MatchString(code) {
						t.Errorf("drawn code %q, want six digits", code)
					}
				}},
			{name: "card by user identity and system", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"user_identity_id": cards.UserIdentityIDs[1], "acs_system_id": cards.AcsSystemID,
					"access_method": "card", "allowed_acs_entrance_ids": []string{cards.EntranceIDs[0]}},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "acs_credential")
					if c["acs_user_id"] != cards.AcsUserIDs[1] || c["code"] != nil || c["external_type"] != "visionline_card" {
						t.Errorf("acs_credential = %v", c)
					}
				}},
			{name: "identity without a user on the system gets one", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"user_identity_id": cards.UserIdentityIDs[2], "acs_system_id": codes.AcsSystemID,
					"access_method": "code", "code": "2468"},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "acs_credential")
					if c["acs_system_id"] != codes.AcsSystemID || c["user_identity_id"] != cards.UserIdentityIDs[2] ||
						slices.Contains(codes.AcsUserIDs, c["acs_user_id"].(string)) {
						t.Errorf("acs_credential = %v", c)
					}
					u := s.call(http.MethodGet, "/acs/users/get", s.A.APIKey, map[string]any{
						"user_identity_id": cards.UserIdentityIDs[2], "acs_system_id": codes.AcsSystemID})
					s.ok(u)
					if obj(t, u, "acs_user")["acs_user_id"] != c["acs_user_id"] {
						t.Errorf("created user is not the identity's user on the system: %s", u.Raw)
					}
				}},
			{name: "mobile key, multi-phone sync", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": cardUser, "access_method": "mobile_key", "is_multi_phone_sync_credential": true},
				check: func(t *testing.T, r response) {
					if c := obj(t, r, "acs_credential"); c["is_multi_phone_sync_credential"] != true || c["access_method"] != "mobile_key" {
						t.Errorf("acs_credential = %v", c)
					}
				}},
			{name: "no access_method", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser}, status: 400, errType: "invalid_input", field: "access_method"},
			{name: "access_method outside the enum", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "key"}, status: 400, errType: "invalid_input", field: "access_method"},
			{name: "no holder", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"access_method": "code"}, status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "identity without system", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"access_method": "code", "user_identity_id": codes.UserIdentityIDs[0]},
				status: 400, errType: "invalid_input", field: "acs_system_id"},
			{name: "code with letters", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code", "code": "12a4"},
				status: 400, errType: "invalid_input", field: "code"},
			{name: "code too long", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code", "code": "12345678901234567"},
				status: 400, errType: "invalid_input", field: "code"},
			{name: "code on a card", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": cardUser, "access_method": "card", "code": "1234"},
				status: 400, errType: "invalid_input", field: "code"},
			{name: "ends in the past", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code", "ends_at": past},
				status: 400, errType: "invalid_input", field: "ends_at"},
			{name: "ends before it starts", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code", "starts_at": later, "ends_at": future},
				status: 400, errType: "invalid_input", field: "ends_at"},
			{name: "multi-phone sync on a code", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code", "is_multi_phone_sync_credential": true},
				status: 400, errType: "invalid_input", field: "is_multi_phone_sync_credential"},
			{name: "user id not a UUID", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": "u1", "access_method": "code"}, status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "entrance id not a UUID", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code", "allowed_acs_entrance_ids": []string{"e"}},
				status: 400, errType: "invalid_input", field: "allowed_acs_entrance_ids"},
			{name: "entrance of another system", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code", "allowed_acs_entrance_ids": []string{cards.EntranceIDs[0]}},
				status: 400, errType: "invalid_input", field: "allowed_acs_entrance_ids"},
			{name: "credential manager that is not one", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": cardUser, "access_method": "mobile_key", "credential_manager_acs_system_id": codes.AcsSystemID},
				status: 400, errType: "invalid_input", field: "credential_manager_acs_system_id"},
			{name: "unknown user", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": lintel.NewID(), "access_method": "code"}, status: 404, errType: "acs_user_not_found"},
			{name: "user of another system than named", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "acs_system_id": cards.AcsSystemID, "access_method": "code"},
				status: 404, errType: "acs_user_not_found"},
			{name: "unknown system", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"user_identity_id": codes.UserIdentityIDs[0], "acs_system_id": lintel.NewID(), "access_method": "code"},
				status: 404, errType: "acs_system_not_found"},
			{name: "unknown identity", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"user_identity_id": lintel.NewID(), "acs_system_id": codes.AcsSystemID, "access_method": "code"},
				status: 404, errType: "user_identity_not_found"},
			{name: "unknown entrance", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code", "allowed_acs_entrance_ids": []string{lintel.NewID()}},
				status: 404, errType: "acs_entrance_not_found"},
			{name: "unknown credential manager", method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": cardUser, "access_method": "mobile_key", "credential_manager_acs_system_id": lintel.NewID()},
				status: 404, errType: "acs_system_not_found"},
			{name: "no token", method: http.MethodPost, path: "/acs/credentials/create", token: "-",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code"}, status: 401, errType: "unauthorized"},
			{name: "GET is not allowed", method: http.MethodGet, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": codeUser, "access_method": "code"}, status: 405, errType: "method_not_allowed"},
		})
		// The issue reached the simulated system and was recorded once.
		if n := s.events(s.A.WorkspaceID, "acs_credential.issued", store.EventFilter{AcsCredentialID: issuedID}); n != 1 {
			t.Errorf("%d acs_credential.issued events, want 1", n)
		}
		s.sandbox(func(tx *store.Tx) error {
			creds, err := tx.SandboxCredentials(context.Background(), s.A.WorkspaceID, codes.AcsSystemID)
			found := false
			for _, c := range creds {
				found = found || (c.Code != nil && *c.Code == "4321")
			}
			if !found {
				t.Errorf("the simulated system does not hold the new code")
			}
			return err
		})
		// The allowed entrance is one the card credential opens.
		r := s.call(http.MethodGet, "/acs/credentials/list", s.A.APIKey, map[string]any{"acs_user_id": cards.AcsUserIDs[1]})
		s.ok(r)
		s.assertNoCrossLinks()
	})
}

func TestAcsCredentialsReadAndChange(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards, codes := s.A.Systems[0], s.A.Systems[1]
		cardUser := cards.AcsUserIDs[0]
		cardCred := cards.CredentialIDs[cardUser][0]
		codeUser := codes.AcsUserIDs[0]
		codeCred := codes.CredentialIDs[codeUser][0]
		future := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
		var firstPage response
		s.run([]apiCase{
			// get
			{name: "get", method: http.MethodGet, path: "/acs/credentials/get", params: map[string]any{"acs_credential_id": cardCred},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "acs_credential")
					requireFields(t, c, credentialFields...)
					if c["acs_credential_id"] != cardCred || c["acs_user_id"] != cardUser || c["access_method"] != "card" ||
						c["external_type"] != "visionline_card" || c["card_number"] == nil {
						t.Errorf("acs_credential = %v", c)
					}
				}},
			{name: "get by POST", method: http.MethodPost, path: "/acs/credentials/get", params: map[string]any{"acs_credential_id": cardCred}},
			{name: "get without id", method: http.MethodGet, path: "/acs/credentials/get", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "get with a bad id", method: http.MethodGet, path: "/acs/credentials/get", params: map[string]any{"acs_credential_id": "x"},
				status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "get unknown", method: http.MethodGet, path: "/acs/credentials/get", params: map[string]any{"acs_credential_id": lintel.NewID()},
				status: 404, errType: "acs_credential_not_found"},
			{name: "get without token", method: http.MethodGet, path: "/acs/credentials/get", token: "-",
				params: map[string]any{"acs_credential_id": cardCred}, status: 401, errType: "unauthorized"},

			// list
			{name: "list", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{},
				check: func(t *testing.T, r response) {
					items := list(t, r, "acs_credentials")
					if len(items) != 9 {
						t.Errorf("%d credentials, want 9", len(items))
					}
					for _, c := range items {
						requireFields(t, c, credentialFields...)
					}
					if pg := obj(t, r, "pagination"); pg["has_next_page"] != false || pg["next_page_cursor"] != nil {
						t.Errorf("pagination = %v", pg)
					}
				}},
			{name: "list by system", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"acs_system_id": codes.AcsSystemID},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_credentials", 3) }},
			{name: "list by user", method: http.MethodPost, path: "/acs/credentials/list", params: map[string]any{"acs_user_id": cardUser},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_credentials", 2) }},
			{name: "list by identity", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"user_identity_id": cards.UserIdentityIDs[1]},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_credentials", 2) }},
			{name: "list by search", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"search": cardCred},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_credentials", 1) }},
			{name: "list multi-phone only", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"is_multi_phone_sync_credential": true},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_credentials", 0) }},
			{name: "list created before", method: http.MethodGet, path: "/acs/credentials/list",
				params: map[string]any{"created_before": "2000-01-01T00:00:00.000Z"},
				check:  func(t *testing.T, r response) { wantCount(t, r, "acs_credentials", 0) }},
			{name: "first page", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"limit": 4},
				check: func(t *testing.T, r response) {
					wantCount(t, r, "acs_credentials", 4)
					firstPage = r
				}},
			{name: "empty search", method: http.MethodPost, path: "/acs/credentials/list", params: map[string]any{"search": ""},
				status: 400, errType: "invalid_input", field: "search"},
			{name: "limit 0", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"limit": 0},
				status: 400, errType: "invalid_input", field: "limit"},
			{name: "unknown system filter", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"acs_system_id": lintel.NewID()},
				status: 404, errType: "acs_system_not_found"},
			{name: "unknown user filter", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"acs_user_id": lintel.NewID()},
				status: 404, errType: "acs_user_not_found"},
			{name: "unknown identity filter", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"user_identity_id": lintel.NewID()},
				status: 404, errType: "user_identity_not_found"},
			{name: "list without token", method: http.MethodGet, path: "/acs/credentials/list", token: "-", params: map[string]any{},
				status: 401, errType: "unauthorized"},

			// update
			{name: "update code", method: http.MethodPatch, path: "/acs/credentials/update",
				params: map[string]any{"acs_credential_id": codeCred, "code": "97531", "ends_at": future},
				check: func(t *testing.T, r response) {
					c := obj(t, s.call(http.MethodGet, "/acs/credentials/get", s.A.APIKey, map[string]any{"acs_credential_id": codeCred}), "acs_credential")
					if c["code"] != "97531" || c["ends_at"] == nil {
						t.Errorf("after update: %v", c)
					}
				}},
			{name: "update by POST, nothing to change", method: http.MethodPost, path: "/acs/credentials/update",
				params: map[string]any{"acs_credential_id": codeCred}},
			{name: "update code of a card", method: http.MethodPatch, path: "/acs/credentials/update",
				params: map[string]any{"acs_credential_id": cardCred, "code": "1234"}, status: 400, errType: "invalid_input", field: "code"},
			{name: "update code with letters", method: http.MethodPatch, path: "/acs/credentials/update",
				params: map[string]any{"acs_credential_id": codeCred, "code": "abcd"}, status: 400, errType: "invalid_input", field: "code"},
			{name: "update ends_at in the past", method: http.MethodPatch, path: "/acs/credentials/update",
				params: map[string]any{"acs_credential_id": codeCred, "ends_at": "2001-01-01T00:00:00.000Z"}, status: 400, errType: "invalid_input", field: "ends_at"},
			{name: "update without id", method: http.MethodPatch, path: "/acs/credentials/update",
				params: map[string]any{"code": "1234"}, status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "update unknown", method: http.MethodPatch, path: "/acs/credentials/update",
				params: map[string]any{"acs_credential_id": lintel.NewID(), "code": "1234"}, status: 404, errType: "acs_credential_not_found"},
			{name: "update without token", method: http.MethodPatch, path: "/acs/credentials/update", token: "-",
				params: map[string]any{"acs_credential_id": codeCred}, status: 401, errType: "unauthorized"},

			// list_accessible_entrances: the user's group opens both doors.
			{name: "accessible entrances", method: http.MethodGet, path: "/acs/credentials/list_accessible_entrances",
				params: map[string]any{"acs_credential_id": cardCred},
				check: func(t *testing.T, r response) {
					items := list(t, r, "acs_entrances")
					if got := ids(items, "acs_entrance_id"); !sameIDs(got, cards.EntranceIDs) {
						t.Errorf("entrances %v, want %v", got, cards.EntranceIDs)
					}
					for _, e := range items {
						requireFields(t, e, entranceFields...)
					}
				}},
			{name: "accessible entrances without id", method: http.MethodGet, path: "/acs/credentials/list_accessible_entrances",
				params: map[string]any{}, status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "accessible entrances unknown", method: http.MethodPost, path: "/acs/credentials/list_accessible_entrances",
				params: map[string]any{"acs_credential_id": lintel.NewID()}, status: 404, errType: "acs_credential_not_found"},
			{name: "accessible entrances without token", method: http.MethodGet, path: "/acs/credentials/list_accessible_entrances",
				token: "-", params: map[string]any{"acs_credential_id": cardCred}, status: 401, errType: "unauthorized"},
		})

		// Following the cursor visits every credential once; a cursor
		// reused with other filters is refused.
		seen := map[string]bool{}
		for _, id := range ids(list(t, firstPage, "acs_credentials"), "acs_credential_id") {
			seen[id] = true
		}
		cursor := obj(t, firstPage, "pagination")["next_page_cursor"]
		for cursor != nil {
			r := s.call(http.MethodGet, "/acs/credentials/list", s.A.APIKey, map[string]any{"limit": 4, "page_cursor": cursor})
			s.ok(r)
			for _, id := range ids(list(t, r, "acs_credentials"), "acs_credential_id") {
				if seen[id] {
					t.Errorf("credential %s on two pages", id)
				}
				seen[id] = true
			}
			cursor = obj(t, r, "pagination")["next_page_cursor"]
		}
		if len(seen) != 9 {
			t.Errorf("pages visited %d credentials, want 9", len(seen))
		}
		c := obj(t, firstPage, "pagination")["next_page_cursor"]
		s.wantError(s.call(http.MethodGet, "/acs/credentials/list", s.A.APIKey, map[string]any{"limit": 4, "page_cursor": c,
			"acs_system_id": cards.AcsSystemID}), 400, "invalid_input")

		// The update reached the simulated system.
		s.sandbox(func(tx *store.Tx) error {
			creds, err := tx.SandboxCredentials(context.Background(), s.A.WorkspaceID, codes.AcsSystemID)
			found := false
			for _, c := range creds {
				found = found || (c.Code != nil && *c.Code == "97531")
			}
			if !found {
				t.Errorf("the simulated system does not hold the new code")
			}
			return err
		})
	})
}

func TestAcsCredentialsDelete(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards := s.A.Systems[0]
		user := cards.AcsUserIDs[0]
		victim, other := cards.CredentialIDs[user][0], cards.CredentialIDs[user][1]
		s.run([]apiCase{
			{name: "delete", method: http.MethodDelete, path: "/acs/credentials/delete", params: map[string]any{"acs_credential_id": victim},
				check: func(t *testing.T, r response) {
					if len(r.Body) != 1 {
						t.Errorf("void route answered %s", r.Raw)
					}
				}},
			{name: "gone from get", method: http.MethodGet, path: "/acs/credentials/get", params: map[string]any{"acs_credential_id": victim},
				status: 404, errType: "acs_credential_not_found"},
			{name: "gone from list", method: http.MethodGet, path: "/acs/credentials/list", params: map[string]any{"acs_user_id": user},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "acs_credentials"), "acs_credential_id"); !sameIDs(got, []string{other}) {
						t.Errorf("credentials %v, want only %s", got, other)
					}
				}},
			{name: "gone from an entrance's credentials", method: http.MethodGet, path: "/acs/entrances/list_credentials_with_access",
				params: map[string]any{"acs_entrance_id": cards.EntranceIDs[0]},
				check: func(t *testing.T, r response) {
					if slices.Contains(ids(list(t, r, "acs_credentials"), "acs_credential_id"), victim) {
						t.Errorf("deleted credential still opens the entrance")
					}
				}},
			{name: "deleting again", method: http.MethodDelete, path: "/acs/credentials/delete", params: map[string]any{"acs_credential_id": victim},
				status: 404, errType: "acs_credential_not_found"},
			{name: "updating it", method: http.MethodPatch, path: "/acs/credentials/update", params: map[string]any{"acs_credential_id": victim},
				status: 404, errType: "acs_credential_not_found"},
			{name: "assigning it", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": victim, "acs_user_id": user}, status: 404, errType: "acs_credential_not_found"},
			{name: "delete by POST", method: http.MethodPost, path: "/acs/credentials/delete", params: map[string]any{"acs_credential_id": other}},
			{name: "delete without id", method: http.MethodDelete, path: "/acs/credentials/delete", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "delete with a bad id", method: http.MethodDelete, path: "/acs/credentials/delete", params: map[string]any{"acs_credential_id": "nope"},
				status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "delete unknown", method: http.MethodDelete, path: "/acs/credentials/delete", params: map[string]any{"acs_credential_id": lintel.NewID()},
				status: 404, errType: "acs_credential_not_found"},
			{name: "delete without token", method: http.MethodDelete, path: "/acs/credentials/delete", token: "-",
				params: map[string]any{"acs_credential_id": victim}, status: 401, errType: "unauthorized"},
		})
		for _, id := range []string{victim, other} {
			if n := s.events(s.A.WorkspaceID, "acs_credential.deleted", store.EventFilter{AcsCredentialID: id}); n != 1 {
				t.Errorf("%d acs_credential.deleted events for %s, want 1", n, id)
			}
			if got := s.audits(s.A.WorkspaceID, id); !slices.Equal(got, []string{"acs_credential.delete"}) {
				t.Errorf("audit of %s = %v", id, got)
			}
		}
		// The simulated system revoked both.
		s.sandbox(func(tx *store.Tx) error {
			creds, err := tx.SandboxCredentials(context.Background(), s.A.WorkspaceID, cards.AcsSystemID)
			if len(creds) != 4 {
				t.Errorf("the simulated system holds %d credentials, want 4", len(creds))
			}
			return err
		})
		// W_B's twin is untouched.
		bUser := s.B.Systems[0].AcsUserIDs[0]
		r := s.call(http.MethodGet, "/acs/credentials/list", s.B.APIKey, map[string]any{"acs_user_id": bUser})
		s.ok(r)
		wantCount(t, r, "acs_credentials", 2)
	})
}

func TestAcsCredentialsAssign(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards, codes := s.A.Systems[0], s.A.Systems[1]
		from, to := cards.AcsUserIDs[0], cards.AcsUserIDs[1]
		cred := cards.CredentialIDs[from][0]
		holder := func(t *testing.T) any {
			return obj(t, s.call(http.MethodGet, "/acs/credentials/get", s.A.APIKey, map[string]any{"acs_credential_id": cred}), "acs_credential")["acs_user_id"]
		}
		s.run([]apiCase{
			{name: "assign to another user of the system", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": cred, "acs_user_id": to},
				check: func(t *testing.T, r response) {
					if h := holder(t); h != to {
						t.Errorf("holder %v, want %s", h, to)
					}
				}},
			{name: "assign again changes nothing", method: http.MethodPost, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": cred, "acs_user_id": to}},
			{name: "assign by user identity", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": cred, "user_identity_id": cards.UserIdentityIDs[2]},
				check: func(t *testing.T, r response) {
					if h := holder(t); h != cards.AcsUserIDs[2] {
						t.Errorf("holder %v, want %s", h, cards.AcsUserIDs[2])
					}
				}},
			{name: "assign to a user of another system", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": cred, "acs_user_id": codes.AcsUserIDs[0]},
				status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "assign to both", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": cred, "acs_user_id": to, "user_identity_id": cards.UserIdentityIDs[1]},
				status: 400, errType: "invalid_input", field: "user_identity_id"},
			{name: "assign to nobody", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": cred}, status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "assign without credential", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_user_id": to}, status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "assign to an unknown user", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": cred, "acs_user_id": lintel.NewID()}, status: 404, errType: "acs_user_not_found"},
			{name: "assign to an unknown identity", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": cred, "user_identity_id": lintel.NewID()}, status: 404, errType: "user_identity_not_found"},
			{name: "assign an unknown credential", method: http.MethodPatch, path: "/acs/credentials/assign",
				params: map[string]any{"acs_credential_id": lintel.NewID(), "acs_user_id": to}, status: 404, errType: "acs_credential_not_found"},
			{name: "assign without token", method: http.MethodPatch, path: "/acs/credentials/assign", token: "-",
				params: map[string]any{"acs_credential_id": cred, "acs_user_id": to}, status: 401, errType: "unauthorized"},

			{name: "unassign from someone else", method: http.MethodPatch, path: "/acs/credentials/unassign",
				params: map[string]any{"acs_credential_id": cred, "acs_user_id": from}, status: 404, errType: "acs_user_not_found"},
			{name: "unassign from both", method: http.MethodPatch, path: "/acs/credentials/unassign",
				params: map[string]any{"acs_credential_id": cred, "acs_user_id": to, "user_identity_id": cards.UserIdentityIDs[2]},
				status: 400, errType: "invalid_input", field: "user_identity_id"},
			{name: "unassign from an unknown user", method: http.MethodPatch, path: "/acs/credentials/unassign",
				params: map[string]any{"acs_credential_id": cred, "acs_user_id": lintel.NewID()}, status: 404, errType: "acs_user_not_found"},
			{name: "unassign unknown credential", method: http.MethodPatch, path: "/acs/credentials/unassign",
				params: map[string]any{"acs_credential_id": lintel.NewID()}, status: 404, errType: "acs_credential_not_found"},
			{name: "unassign without id", method: http.MethodPatch, path: "/acs/credentials/unassign",
				params: map[string]any{}, status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "unassign by identity", method: http.MethodPatch, path: "/acs/credentials/unassign",
				params: map[string]any{"acs_credential_id": cred, "user_identity_id": cards.UserIdentityIDs[2]},
				check: func(t *testing.T, r response) {
					if h := holder(t); h != nil {
						t.Errorf("holder %v after unassign, want none", h)
					}
				}},
			{name: "unassign an unassigned credential", method: http.MethodPost, path: "/acs/credentials/unassign",
				params: map[string]any{"acs_credential_id": cred}},
			{name: "unassign without token", method: http.MethodPatch, path: "/acs/credentials/unassign", token: "-",
				params: map[string]any{"acs_credential_id": cred}, status: 401, errType: "unauthorized"},
		})
		if got := s.audits(s.A.WorkspaceID, cred); !slices.Equal(got, []string{"acs_credential.unassign"}) {
			t.Errorf("audit = %v", got)
		}
		// The simulated system holds the credential without a user.
		s.sandbox(func(tx *store.Tx) error {
			creds, err := tx.SandboxCredentials(context.Background(), s.A.WorkspaceID, cards.AcsSystemID)
			n := 0
			for _, c := range creds {
				if c.UserExternalID == nil {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d unassigned credentials in the simulated system, want 1", n)
			}
			return err
		})
		s.assertNoCrossLinks()
	})
}

func wantCount(t *testing.T, r response, key string, n int) {
	t.Helper()
	if got := len(list(t, r, key)); got != n {
		t.Errorf("%d %s, want %d: %s", got, key, n, r.Raw)
	}
}

// sameIDs compares two id lists as sets.
func sameIDs(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
