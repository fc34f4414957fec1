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

func TestAcsAccessGroups(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards, codes := s.A.Systems[0], s.A.Systems[1]
		group, other := codes.AccessGroupIDs[0], codes.AccessGroupIDs[1]
		// Seeded users join the system's groups in turn: users 1 and 3 of
		// the code system are in group 1, user 2 in group 2.
		members := []string{codes.AcsUserIDs[0], codes.AcsUserIDs[2]}
		newcomer := codes.AcsUserIDs[1]
		membersOf := func(t *testing.T, g string) []string {
			r := s.call(http.MethodGet, "/acs/access_groups/list_users", s.A.APIKey, map[string]any{"acs_access_group_id": g})
			s.ok(r)
			return ids(list(t, r, "acs_users"), "acs_user_id")
		}
		s.run([]apiCase{
			// get
			{name: "get", method: http.MethodGet, path: "/acs/access_groups/get", params: map[string]any{"acs_access_group_id": group},
				check: func(t *testing.T, r response) {
					g := obj(t, r, "acs_access_group")
					requireFields(t, g, accessGroupFields...)
					if g["acs_access_group_id"] != group || g["acs_system_id"] != codes.AcsSystemID || g["is_managed"] != true ||
						g["external_type"] != "salto_ks_access_group" || g["display_name"] != g["name"] ||
						g["connected_account_id"] != s.A.ConnectedAccountID || g["workspace_id"] != s.A.WorkspaceID {
						t.Errorf("acs_access_group = %v", g)
					}
				}},
			{name: "get by POST", method: http.MethodPost, path: "/acs/access_groups/get", params: map[string]any{"acs_access_group_id": group}},
			{name: "get without id", method: http.MethodGet, path: "/acs/access_groups/get", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "acs_access_group_id"},
			{name: "get with a bad id", method: http.MethodGet, path: "/acs/access_groups/get", params: map[string]any{"acs_access_group_id": "g"},
				status: 400, errType: "invalid_input", field: "acs_access_group_id"},
			{name: "get unknown", method: http.MethodGet, path: "/acs/access_groups/get", params: map[string]any{"acs_access_group_id": lintel.NewID()},
				status: 404, errType: "acs_access_group_not_found"},
			{name: "get without token", method: http.MethodGet, path: "/acs/access_groups/get", token: "-",
				params: map[string]any{"acs_access_group_id": group}, status: 401, errType: "unauthorized"},

			// list
			{name: "list", method: http.MethodGet, path: "/acs/access_groups/list",
				check: func(t *testing.T, r response) {
					items := list(t, r, "acs_access_groups")
					if len(items) != 3 {
						t.Errorf("%d groups, want 3", len(items))
					}
					for _, g := range items {
						requireFields(t, g, accessGroupFields...)
					}
					if _, ok := r.Body["pagination"]; ok {
						t.Errorf("access_groups/list is not paginated: %s", r.Raw)
					}
				}},
			{name: "list by system", method: http.MethodGet, path: "/acs/access_groups/list", params: map[string]any{"acs_system_id": cards.AcsSystemID},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_access_groups", 1) }},
			{name: "list by user", method: http.MethodPost, path: "/acs/access_groups/list", params: map[string]any{"acs_user_id": newcomer},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "acs_access_groups"), "acs_access_group_id"); !slices.Equal(got, []string{other}) {
						t.Errorf("groups %v, want %s", got, other)
					}
				}},
			{name: "list by identity", method: http.MethodGet, path: "/acs/access_groups/list", params: map[string]any{"user_identity_id": codes.UserIdentityIDs[0]},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_access_groups", 1) }},
			{name: "list by search", method: http.MethodGet, path: "/acs/access_groups/list", params: map[string]any{"search": "salto ks group 2"},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_access_groups", 1) }},
			{name: "list by unknown system", method: http.MethodGet, path: "/acs/access_groups/list", params: map[string]any{"acs_system_id": lintel.NewID()},
				status: 404, errType: "acs_system_not_found"},
			{name: "list by unknown user", method: http.MethodGet, path: "/acs/access_groups/list", params: map[string]any{"acs_user_id": lintel.NewID()},
				status: 404, errType: "acs_user_not_found"},
			{name: "list by unknown identity", method: http.MethodGet, path: "/acs/access_groups/list", params: map[string]any{"user_identity_id": lintel.NewID()},
				status: 404, errType: "user_identity_not_found"},
			{name: "list with a bad id", method: http.MethodGet, path: "/acs/access_groups/list", params: map[string]any{"acs_user_id": "u"},
				status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "list without token", method: http.MethodGet, path: "/acs/access_groups/list", token: "-", status: 401, errType: "unauthorized"},

			// list_users and list_accessible_entrances
			{name: "list users", method: http.MethodGet, path: "/acs/access_groups/list_users", params: map[string]any{"acs_access_group_id": group},
				check: func(t *testing.T, r response) {
					items := list(t, r, "acs_users")
					if !sameIDs(ids(items, "acs_user_id"), members) {
						t.Errorf("members %v, want %v", ids(items, "acs_user_id"), members)
					}
					for _, u := range items {
						requireFields(t, u, userFields...)
					}
				}},
			{name: "list users without id", method: http.MethodGet, path: "/acs/access_groups/list_users", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "acs_access_group_id"},
			{name: "list users of unknown group", method: http.MethodPost, path: "/acs/access_groups/list_users",
				params: map[string]any{"acs_access_group_id": lintel.NewID()}, status: 404, errType: "acs_access_group_not_found"},
			{name: "list users without token", method: http.MethodGet, path: "/acs/access_groups/list_users", token: "-",
				params: map[string]any{"acs_access_group_id": group}, status: 401, errType: "unauthorized"},
			{name: "list entrances", method: http.MethodGet, path: "/acs/access_groups/list_accessible_entrances",
				params: map[string]any{"acs_access_group_id": group},
				check: func(t *testing.T, r response) {
					items := list(t, r, "acs_entrances")
					if !sameIDs(ids(items, "acs_entrance_id"), codes.EntranceIDs) {
						t.Errorf("entrances %v, want %v", ids(items, "acs_entrance_id"), codes.EntranceIDs)
					}
					for _, e := range items {
						requireFields(t, e, entranceFields...)
					}
				}},
			{name: "list entrances without id", method: http.MethodGet, path: "/acs/access_groups/list_accessible_entrances",
				params: map[string]any{}, status: 400, errType: "invalid_input", field: "acs_access_group_id"},
			{name: "list entrances of unknown group", method: http.MethodGet, path: "/acs/access_groups/list_accessible_entrances",
				params: map[string]any{"acs_access_group_id": lintel.NewID()}, status: 404, errType: "acs_access_group_not_found"},
			{name: "list entrances without token", method: http.MethodGet, path: "/acs/access_groups/list_accessible_entrances",
				token: "-", params: map[string]any{"acs_access_group_id": group}, status: 401, errType: "unauthorized"},

			// add_user
			{name: "add user", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": newcomer},
				check: func(t *testing.T, r response) {
					if got := membersOf(t, group); !slices.Contains(got, newcomer) {
						t.Errorf("members %v lack %s", got, newcomer)
					}
				}},
			{name: "add user again", method: http.MethodPost, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": newcomer}},
			{name: "add user by identity", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": other, "user_identity_id": codes.UserIdentityIDs[0]},
				check: func(t *testing.T, r response) {
					if got := membersOf(t, other); !slices.Contains(got, codes.AcsUserIDs[0]) {
						t.Errorf("members %v lack the identity's user", got)
					}
				}},
			{name: "add user of another system", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": cards.AcsUserIDs[0]},
				status: 400, errType: "invalid_input", field: "acs_access_group_id"},
			{name: "add nobody", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": group}, status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "add both", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": newcomer, "user_identity_id": codes.UserIdentityIDs[1]},
				status: 400, errType: "invalid_input", field: "user_identity_id"},
			{name: "add without group", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_user_id": newcomer}, status: 400, errType: "invalid_input", field: "acs_access_group_id"},
			{name: "add to unknown group", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": lintel.NewID(), "acs_user_id": newcomer}, status: 404, errType: "acs_access_group_not_found"},
			{name: "add unknown user", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": lintel.NewID()}, status: 404, errType: "acs_user_not_found"},
			{name: "add unknown identity", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": group, "user_identity_id": lintel.NewID()}, status: 404, errType: "user_identity_not_found"},
			{name: "add without token", method: http.MethodPut, path: "/acs/access_groups/add_user", token: "-",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": newcomer}, status: 401, errType: "unauthorized"},

			// remove_user
			{name: "remove user", method: http.MethodDelete, path: "/acs/access_groups/remove_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": newcomer},
				check: func(t *testing.T, r response) {
					if got := membersOf(t, group); slices.Contains(got, newcomer) {
						t.Errorf("members %v still hold %s", got, newcomer)
					}
				}},
			{name: "remove a non-member", method: http.MethodDelete, path: "/acs/access_groups/remove_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": newcomer}, status: 404, errType: "acs_user_not_found"},
			{name: "remove by identity", method: http.MethodPost, path: "/acs/access_groups/remove_user",
				params: map[string]any{"acs_access_group_id": other, "user_identity_id": codes.UserIdentityIDs[0]}},
			{name: "remove both", method: http.MethodDelete, path: "/acs/access_groups/remove_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": newcomer, "user_identity_id": codes.UserIdentityIDs[1]},
				status: 400, errType: "invalid_input", field: "user_identity_id"},
			{name: "remove nobody", method: http.MethodDelete, path: "/acs/access_groups/remove_user",
				params: map[string]any{"acs_access_group_id": group}, status: 400, errType: "invalid_input", field: "acs_user_id"},
			{name: "remove from unknown group", method: http.MethodDelete, path: "/acs/access_groups/remove_user",
				params: map[string]any{"acs_access_group_id": lintel.NewID(), "acs_user_id": newcomer}, status: 404, errType: "acs_access_group_not_found"},
			{name: "remove unknown user", method: http.MethodDelete, path: "/acs/access_groups/remove_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": lintel.NewID()}, status: 404, errType: "acs_user_not_found"},
			{name: "remove without token", method: http.MethodDelete, path: "/acs/access_groups/remove_user", token: "-",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": newcomer}, status: 401, errType: "unauthorized"},

			// A deleted user leaves the group's members.
			{name: "delete a member", method: http.MethodDelete, path: "/acs/users/delete", params: map[string]any{"acs_user_id": members[1]}},
			{name: "list users without the deleted one", method: http.MethodGet, path: "/acs/access_groups/list_users",
				params: map[string]any{"acs_access_group_id": group},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "acs_users"), "acs_user_id"); !slices.Equal(got, members[:1]) {
						t.Errorf("members %v, want %v", got, members[:1])
					}
				}},
		})
		if got := s.audits(s.A.WorkspaceID, newcomer); !slices.Equal(got, []string{"acs_access_group.remove_user"}) {
			t.Errorf("audit = %v", got)
		}
		s.assertNoCrossLinks()
	})
}

func TestAcsAccessGroupsDelete(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards := s.A.Systems[0]
		group := cards.AccessGroupIDs[0]
		user := cards.AcsUserIDs[0]
		var groupExternal string
		s.sandbox(func(tx *store.Tx) error {
			g, err := tx.AcsAccessGroup(context.Background(), s.A.WorkspaceID, group)
			groupExternal = g.ExternalID
			return err
		})
		// The simulated system holds the seeded members once a user is
		// added through the API (the seed writes lintel's side only).
		s.ok(s.call(http.MethodPut, "/acs/access_groups/add_user", s.A.APIKey, map[string]any{"acs_access_group_id": group, "acs_user_id": user}))
		s.ok(s.call(http.MethodDelete, "/acs/access_groups/remove_user", s.A.APIKey, map[string]any{"acs_access_group_id": group, "acs_user_id": user}))
		s.ok(s.call(http.MethodPut, "/acs/access_groups/add_user", s.A.APIKey, map[string]any{"acs_access_group_id": group, "acs_user_id": user}))
		s.run([]apiCase{
			{name: "delete", method: http.MethodDelete, path: "/acs/access_groups/delete", params: map[string]any{"acs_access_group_id": group}},
			{name: "gone from get", method: http.MethodGet, path: "/acs/access_groups/get", params: map[string]any{"acs_access_group_id": group},
				status: 404, errType: "acs_access_group_not_found"},
			{name: "gone from list", method: http.MethodGet, path: "/acs/access_groups/list", params: map[string]any{"acs_system_id": cards.AcsSystemID},
				check: func(t *testing.T, r response) { wantCount(t, r, "acs_access_groups", 0) }},
			{name: "members lost its entrances", method: http.MethodGet, path: "/acs/users/list_accessible_entrances",
				params: map[string]any{"acs_user_id": user},
				check:  func(t *testing.T, r response) { wantCount(t, r, "acs_entrances", 0) }},
			{name: "list users of a deleted group", method: http.MethodGet, path: "/acs/access_groups/list_users",
				params: map[string]any{"acs_access_group_id": group}, status: 404, errType: "acs_access_group_not_found"},
			{name: "adding to a deleted group", method: http.MethodPut, path: "/acs/access_groups/add_user",
				params: map[string]any{"acs_access_group_id": group, "acs_user_id": user}, status: 404, errType: "acs_access_group_not_found"},
			{name: "delete again", method: http.MethodDelete, path: "/acs/access_groups/delete", params: map[string]any{"acs_access_group_id": group},
				status: 404, errType: "acs_access_group_not_found"},
			{name: "delete by POST", method: http.MethodPost, path: "/acs/access_groups/delete",
				params: map[string]any{"acs_access_group_id": s.A.Systems[1].AccessGroupIDs[0]}},
			{name: "delete without id", method: http.MethodDelete, path: "/acs/access_groups/delete", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "acs_access_group_id"},
			{name: "delete unknown", method: http.MethodDelete, path: "/acs/access_groups/delete", params: map[string]any{"acs_access_group_id": lintel.NewID()},
				status: 404, errType: "acs_access_group_not_found"},
			{name: "delete without token", method: http.MethodDelete, path: "/acs/access_groups/delete", token: "-",
				params: map[string]any{"acs_access_group_id": group}, status: 401, errType: "unauthorized"},
		})
		if n := s.events(s.A.WorkspaceID, "acs_access_group.deleted", store.EventFilter{AcsAccessGroupID: group}); n != 1 {
			t.Errorf("%d acs_access_group.deleted events, want 1", n)
		}
		if got := s.audits(s.A.WorkspaceID, group); !slices.Equal(got, []string{"acs_access_group.delete"}) {
			t.Errorf("audit = %v", got)
		}
		s.sandbox(func(tx *store.Tx) error {
			m, err := tx.SandboxGroupMembers(context.Background(), s.A.WorkspaceID, cards.AcsSystemID, groupExternal)
			if len(m) != 0 {
				t.Errorf("the simulated system still has %d members in the deleted group", len(m))
			}
			return err
		})
		// W_B's twin is untouched.
		r := s.call(http.MethodGet, "/acs/access_groups/list", s.B.APIKey, nil)
		s.ok(r)
		wantCount(t, r, "acs_access_groups", 3)
	})
}
