package api_test

import (
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestAcsClientSessionScope: a client session sees only the objects of its
// user identities on the routes that accept it, and nothing else.
func TestAcsClientSessionScope(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards, codes := s.A.Systems[0], s.A.Systems[1]
		mine, theirs := cards.AcsUserIDs[0], cards.AcsUserIDs[1]
		s.app.Workspaces.SetClientSessionResolver(clientSessions{
			"scoped": {Kind: lintel.AuthClientSession, WorkspaceID: s.A.WorkspaceID, ActorID: lintel.NewID(),
				UserIdentityIDs: []string{cards.UserIdentityIDs[0]}},
			"empty": {Kind: lintel.AuthClientSession, WorkspaceID: s.A.WorkspaceID, ActorID: lintel.NewID(), UserIdentityIDs: []string{}},
			"other": {Kind: lintel.AuthClientSession, WorkspaceID: s.B.WorkspaceID, ActorID: lintel.NewID(),
				UserIdentityIDs: []string{s.B.Systems[0].UserIdentityIDs[0]}},
		})
		const scoped, empty, other = "seam_cstscoped_x1", "seam_cstempty_x1", "seam_cstother_x1"
		s.run([]apiCase{
			{name: "credentials of my identity", token: scoped, method: http.MethodGet, path: "/acs/credentials/list",
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "acs_credentials"), "acs_credential_id"); !sameIDs(got, cards.CredentialIDs[mine]) {
						t.Errorf("credentials %v, want %v", got, cards.CredentialIDs[mine])
					}
				}},
			{name: "credentials of another user", token: scoped, method: http.MethodGet, path: "/acs/credentials/list",
				params: map[string]any{"acs_user_id": theirs}, status: 404, errType: "acs_user_not_found"},
			{name: "credentials of another identity", token: scoped, method: http.MethodGet, path: "/acs/credentials/list",
				params: map[string]any{"user_identity_id": cards.UserIdentityIDs[1]}, status: 404, errType: "user_identity_not_found"},
			{name: "users of my identity", token: scoped, method: http.MethodGet, path: "/acs/users/list",
				params: map[string]any{"user_identity_id": cards.UserIdentityIDs[0]},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "acs_users"), "acs_user_id"); !sameIDs(got, []string{mine}) {
						t.Errorf("users %v, want %v", got, []string{mine})
					}
				}},
			{name: "users of another identity", token: scoped, method: http.MethodGet, path: "/acs/users/list",
				params: map[string]any{"user_identity_id": cards.UserIdentityIDs[1]}, status: 404, errType: "user_identity_not_found"},
			{name: "credentials without identities", token: empty, method: http.MethodGet, path: "/acs/credentials/list",
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_credentials", 0) }},
			{name: "credentials/get is not for client sessions", token: scoped, method: http.MethodGet, path: "/acs/credentials/get",
				params: map[string]any{"acs_credential_id": cards.CredentialIDs[mine][0]}, status: 401, errType: "unauthorized"},
			{name: "credentials/create is not for client sessions", token: scoped, method: http.MethodPost, path: "/acs/credentials/create",
				params: map[string]any{"acs_user_id": mine, "access_method": "card"}, status: 401, errType: "unauthorized"},

			{name: "entrances I may open", token: scoped, method: http.MethodGet, path: "/acs/entrances/list",
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "acs_entrances"), "acs_entrance_id"); !sameIDs(got, cards.EntranceIDs) {
						t.Errorf("entrances %v, want %v", got, cards.EntranceIDs)
					}
				}},
			{name: "entrances without identities", token: empty, method: http.MethodGet, path: "/acs/entrances/list",
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 0) }},
			{name: "an entrance I may open", token: scoped, method: http.MethodGet, path: "/acs/entrances/get",
				params: map[string]any{"acs_entrance_id": cards.EntranceIDs[0]}},
			{name: "an entrance I may not open", token: scoped, method: http.MethodGet, path: "/acs/entrances/get",
				params: map[string]any{"acs_entrance_id": codes.EntranceIDs[0]}, status: 404, errType: "acs_entrance_not_found"},
			{name: "credentials at my door", token: scoped, method: http.MethodGet, path: "/acs/entrances/list_credentials_with_access",
				params: map[string]any{"acs_entrance_id": cards.EntranceIDs[0]},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "acs_credentials"), "acs_credential_id"); !sameIDs(got, cards.CredentialIDs[mine]) {
						t.Errorf("credentials %v, want %v", got, cards.CredentialIDs[mine])
					}
				}},
			{name: "credentials at a door I may not open", token: scoped, method: http.MethodGet, path: "/acs/entrances/list_credentials_with_access",
				params: map[string]any{"acs_entrance_id": codes.EntranceIDs[0]}, status: 404, errType: "acs_entrance_not_found"},
			{name: "grant_access is not for client sessions", token: scoped, method: http.MethodPost, path: "/acs/entrances/grant_access",
				params: map[string]any{"acs_entrance_id": cards.EntranceIDs[0], "acs_user_id": mine}, status: 401, errType: "unauthorized"},

			{name: "my entrances", token: scoped, method: http.MethodGet, path: "/acs/users/list_accessible_entrances",
				params: map[string]any{"acs_user_id": mine}, check: func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 2) }},
			{name: "someone else's entrances", token: scoped, method: http.MethodGet, path: "/acs/users/list_accessible_entrances",
				params: map[string]any{"acs_user_id": theirs}, status: 404, errType: "acs_user_not_found"},
			{name: "revoke is not for client sessions", token: scoped, method: http.MethodPost, path: "/acs/users/revoke_access_to_all_entrances",
				params: map[string]any{"acs_user_id": mine}, status: 401, errType: "unauthorized"},

			{name: "a group without me", token: scoped, method: http.MethodDelete, path: "/acs/access_groups/delete",
				params: map[string]any{"acs_access_group_id": codes.AccessGroupIDs[0]}, status: 404, errType: "acs_access_group_not_found"},
			{name: "access_groups/get is not for client sessions", token: scoped, method: http.MethodGet, path: "/acs/access_groups/get",
				params: map[string]any{"acs_access_group_id": cards.AccessGroupIDs[0]}, status: 401, errType: "unauthorized"},
			{name: "another workspace's session", token: other, method: http.MethodGet, path: "/acs/entrances/get",
				params: map[string]any{"acs_entrance_id": cards.EntranceIDs[0]}, status: 404, errType: "acs_entrance_not_found"},
			{name: "another workspace's session, a group", token: other, method: http.MethodDelete, path: "/acs/access_groups/delete",
				params: map[string]any{"acs_access_group_id": cards.AccessGroupIDs[0]}, status: 404, errType: "acs_access_group_not_found"},
			{name: "a group with me", token: scoped, method: http.MethodDelete, path: "/acs/access_groups/delete",
				params: map[string]any{"acs_access_group_id": cards.AccessGroupIDs[0]}},
			{name: "an unknown session", token: "seam_cstnobody_x1", method: http.MethodGet, path: "/acs/entrances/list",
				status: 401, errType: "unauthorized"},
		})
		if got := s.audits(s.A.WorkspaceID, cards.AccessGroupIDs[0]); len(got) != 1 {
			t.Errorf("audit = %v", got)
		}
	})
}
