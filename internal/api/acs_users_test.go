package api_test

import (
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestAcsUsersCreateGetUpdate(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		sys := s.A.Systems[1]
		r := s.call(http.MethodPost, "/acs/users/create", s.A.APIKey, map[string]any{
			"acs_system_id": sys.AcsSystemID, "full_name": "Jane Doe", "email_address": "jane@example.com",
			"phone_number": "+15555550100", "acs_access_group_ids": []string{sys.AccessGroupIDs[0]},
			"access_schedule": map[string]any{"starts_at": "2026-01-01T00:00:00.000Z", "ends_at": nil},
			// Fields the server owns are ignored.
			"workspace_id": s.B.WorkspaceID, "acs_user_id": lintel.NewID(), "is_managed": false, "errors": []any{"x"},
		})
		s.ok(r)
		u := r.Body["acs_user"].(map[string]any)
		want := map[string]any{"acs_system_id": sys.AcsSystemID, "workspace_id": s.A.WorkspaceID, "full_name": "Jane Doe",
			"display_name": "Jane Doe", "email_address": "jane@example.com", "phone_number": "+15555550100",
			"is_managed": true, "is_suspended": false, "external_type": "salto_site_user"}
		for k, v := range want {
			if u[k] != v {
				t.Errorf("acs_user.%s = %v, want %v", k, u[k], v)
			}
		}
		for _, k := range []string{"errors", "warnings", "pending_mutations"} {
			if a, ok := u[k].([]any); !ok || len(a) != 0 {
				t.Errorf("acs_user.%s = %v, want []", k, u[k])
			}
		}
		if sch := u["access_schedule"].(map[string]any); sch["starts_at"] != "2026-01-01T00:00:00.000Z" || sch["ends_at"] != nil {
			t.Errorf("access_schedule = %v", sch)
		}
		id := u["acs_user_id"].(string)
		if !lintel.IsUUID(id) || u["connected_account_id"] != s.A.ConnectedAccountID {
			t.Errorf("ids: %v", u)
		}
		if !groupHasUser(t, st, s.A.WorkspaceID, sys.AccessGroupIDs[0], id) {
			t.Error("created user not in its access group")
		}
		if n := countEventsFor(t, st, s.A.WorkspaceID, "acs_user.created", "acs_user_id", id); n != 1 {
			t.Errorf("%d acs_user.created events", n)
		}

		// get, by GET with a query and by POST with a body.
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			g := s.call(m, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": id})
			s.ok(g)
			if g.Body["acs_user"].(map[string]any)["full_name"] != "Jane Doe" {
				t.Errorf("%s get: %s", m, g.Raw)
			}
		}

		// update by PATCH; absent fields keep their value.
		s.ok(s.call(http.MethodPatch, "/acs/users/update", s.A.APIKey, map[string]any{"acs_user_id": id, "full_name": "Jane Roe"}))
		g := s.call(http.MethodGet, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": id})
		if gu := g.Body["acs_user"].(map[string]any); gu["full_name"] != "Jane Roe" || gu["email_address"] != "jane@example.com" {
			t.Errorf("after update: %s", g.Raw)
		}
		// Clearing the schedule with null.
		s.ok(s.call(http.MethodPost, "/acs/users/update", s.A.APIKey, map[string]any{"acs_user_id": id, "access_schedule": nil}))
		g = s.call(http.MethodGet, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": id})
		if _, has := g.Body["acs_user"].(map[string]any)["access_schedule"]; has {
			t.Errorf("access_schedule not cleared: %s", g.Raw)
		}

		// suspend / unsuspend.
		s.ok(s.call(http.MethodPost, "/acs/users/suspend", s.A.APIKey, map[string]any{"acs_user_id": id}))
		g = s.call(http.MethodGet, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": id})
		if g.Body["acs_user"].(map[string]any)["is_suspended"] != true {
			t.Errorf("not suspended: %s", g.Raw)
		}
		s.ok(s.call(http.MethodPost, "/acs/users/unsuspend", s.A.APIKey, map[string]any{"acs_user_id": id}))
		g = s.call(http.MethodGet, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": id})
		if g.Body["acs_user"].(map[string]any)["is_suspended"] != false {
			t.Errorf("still suspended: %s", g.Raw)
		}
	})
}

func TestAcsUsersErrors(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, storetest.SQLite(t))
	sys0, sys1 := s.A.Systems[0], s.A.Systems[1]
	user := sys0.AcsUserIDs[0]
	cases := []struct {
		name, method, path string
		params             map[string]any
		status             int
		errType            string
		field              string
	}{
		{"create without name", "POST", "/acs/users/create", map[string]any{"acs_system_id": sys0.AcsSystemID}, 400, "invalid_input", "full_name"},
		{"create without system", "POST", "/acs/users/create", map[string]any{"full_name": "x"}, 400, "invalid_input", "acs_system_id"},
		{"create with a bad email", "POST", "/acs/users/create", map[string]any{"acs_system_id": sys0.AcsSystemID, "full_name": "x", "email_address": "nope"}, 400, "invalid_input", "email_address"},
		{"create with a number for a name", "POST", "/acs/users/create", map[string]any{"acs_system_id": sys0.AcsSystemID, "full_name": 5}, 400, "invalid_input", "full_name"},
		{"create with a long name", "POST", "/acs/users/create", map[string]any{"acs_system_id": sys0.AcsSystemID, "full_name": string(make([]byte, 1001))}, 400, "invalid_input", "full_name"},
		{"create on an unknown system", "POST", "/acs/users/create", map[string]any{"acs_system_id": lintel.NewID(), "full_name": "x"}, 404, "acs_system_not_found", ""},
		{"create on B's system", "POST", "/acs/users/create", map[string]any{"acs_system_id": s.B.Systems[0].AcsSystemID, "full_name": "x"}, 404, "acs_system_not_found", ""},
		{"create with B's identity", "POST", "/acs/users/create", map[string]any{"acs_system_id": sys0.AcsSystemID, "full_name": "x", "user_identity_id": s.B.Systems[0].UserIdentityIDs[0]}, 404, "user_identity_not_found", ""},
		{"create with B's group", "POST", "/acs/users/create", map[string]any{"acs_system_id": sys0.AcsSystemID, "full_name": "x", "acs_access_group_ids": []string{s.B.Systems[0].AccessGroupIDs[0]}}, 404, "acs_access_group_not_found", ""},
		{"create with another system's group", "POST", "/acs/users/create", map[string]any{"acs_system_id": sys0.AcsSystemID, "full_name": "x", "acs_access_group_ids": []string{sys1.AccessGroupIDs[0]}}, 400, "invalid_input", "acs_access_group_id"},
		{"create with an end before the start", "POST", "/acs/users/create", map[string]any{"acs_system_id": sys0.AcsSystemID, "full_name": "x", "access_schedule": map[string]any{"starts_at": "2026-02-01T00:00:00Z", "ends_at": "2026-01-01T00:00:00Z"}}, 400, "invalid_input", "access_schedule"},
		{"get nothing", "GET", "/acs/users/get", map[string]any{}, 400, "invalid_input", "acs_user_id"},
		{"get unknown", "GET", "/acs/users/get", map[string]any{"acs_user_id": lintel.NewID()}, 404, "acs_user_not_found", ""},
		{"update unknown", "PATCH", "/acs/users/update", map[string]any{"acs_user_id": lintel.NewID(), "full_name": "x"}, 404, "acs_user_not_found", ""},
		{"update bad email", "PATCH", "/acs/users/update", map[string]any{"acs_user_id": user, "email_address": "x"}, 400, "invalid_input", "email_address"},
		{"suspend nothing", "POST", "/acs/users/suspend", map[string]any{}, 400, "invalid_input", "acs_user_id"},
		{"unsuspend unknown", "POST", "/acs/users/unsuspend", map[string]any{"acs_user_id": lintel.NewID()}, 404, "acs_user_not_found", ""},
		{"add to group without group", "PUT", "/acs/users/add_to_access_group", map[string]any{"acs_user_id": user}, 400, "invalid_input", "acs_access_group_id"},
		{"add to unknown group", "PUT", "/acs/users/add_to_access_group", map[string]any{"acs_user_id": user, "acs_access_group_id": lintel.NewID()}, 404, "acs_access_group_not_found", ""},
		{"add to B's group", "PUT", "/acs/users/add_to_access_group", map[string]any{"acs_user_id": user, "acs_access_group_id": s.B.Systems[0].AccessGroupIDs[0]}, 404, "acs_access_group_not_found", ""},
		{"add B's user", "PUT", "/acs/users/add_to_access_group", map[string]any{"acs_user_id": s.B.Systems[0].AcsUserIDs[0], "acs_access_group_id": sys0.AccessGroupIDs[0]}, 404, "acs_user_not_found", ""},
		{"remove from group without user", "DELETE", "/acs/users/remove_from_access_group", map[string]any{"acs_access_group_id": sys0.AccessGroupIDs[0]}, 400, "invalid_input", "acs_user_id"},
		{"remove a non-member", "DELETE", "/acs/users/remove_from_access_group", map[string]any{"acs_access_group_id": sys1.AccessGroupIDs[1], "acs_user_id": sys1.AcsUserIDs[0]}, 404, "acs_user_not_found", ""},
		{"list with a bad limit", "GET", "/acs/users/list", map[string]any{"limit": "abc"}, 400, "invalid_input", "limit"},
		{"list with a tampered cursor", "GET", "/acs/users/list", map[string]any{"page_cursor": "eyJ4Ijox"}, 400, "invalid_input", "page_cursor"},
		{"wrong method", "PUT", "/acs/users/get", map[string]any{"acs_user_id": user}, 405, "method_not_allowed", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.call(c.method, c.path, s.A.APIKey, c.params)
			s.wantError(r, c.status, c.errType)
			if c.field != "" {
				ve, _ := r.Body["error"].(map[string]any)["validation_errors"].(map[string]any)
				if _, ok := ve[c.field]; !ok {
					t.Errorf("validation_errors %v do not name %s", ve, c.field)
				}
			}
		})
	}
	// None of that created a user.
	if n := queryInt(t, s.st, `SELECT COUNT(*) FROM acs_users WHERE workspace_id = $1`, s.A.WorkspaceID); n != 6 {
		t.Errorf("%d users in A, want the 6 seeded", n)
	}
}

func TestAcsUsersGroups(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		sys := s.A.Systems[1]
		user, other := sys.AcsUserIDs[0], sys.AccessGroupIDs[1]
		s.ok(s.call(http.MethodPut, "/acs/users/add_to_access_group", s.A.APIKey, map[string]any{"acs_user_id": user, "acs_access_group_id": other}))
		// Adding again is harmless.
		s.ok(s.call(http.MethodPost, "/acs/users/add_to_access_group", s.A.APIKey, map[string]any{"acs_user_id": user, "acs_access_group_id": other}))
		if !groupHasUser(t, st, s.A.WorkspaceID, other, user) {
			t.Fatal("not added")
		}
		s.ok(s.call(http.MethodDelete, "/acs/users/remove_from_access_group", s.A.APIKey,
			map[string]any{"user_identity_id": sys.UserIdentityIDs[0], "acs_access_group_id": other}))
		if groupHasUser(t, st, s.A.WorkspaceID, other, user) {
			t.Fatal("not removed")
		}
	})
}

// TestAcsUsersListPagination follows cursors over several pages: every
// user exactly once, and a cursor reused with other filters is refused.
func TestAcsUsersListPagination(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		sys := s.A.Systems[0]
		for i := range 7 {
			s.ok(s.call(http.MethodPost, "/acs/users/create", s.A.APIKey, map[string]any{"acs_system_id": sys.AcsSystemID, "full_name": "P " + string(rune('a'+i))}))
		}
		ids := listIDs(t, s, "/acs/users/list", "acs_users", "acs_user_id", map[string]any{"acs_system_id": sys.AcsSystemID, "limit": 2})
		if len(ids) != 10 {
			t.Fatalf("listed %d users over pages, want 10", len(ids))
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Errorf("%s listed twice", id)
			}
			seen[id] = true
		}
		first := s.call(http.MethodGet, "/acs/users/list", s.A.APIKey, map[string]any{"acs_system_id": sys.AcsSystemID, "limit": 2})
		cur := first.Body["pagination"].(map[string]any)["next_page_cursor"]
		s.wantError(s.call(http.MethodGet, "/acs/users/list", s.A.APIKey, map[string]any{"acs_system_id": s.A.Systems[1].AcsSystemID, "limit": 2, "page_cursor": cur}),
			http.StatusBadRequest, "invalid_input")
		// B cannot see A's users, with or without A's cursor: A's system
		// is not found from B, as a random one is.
		rb := s.call(http.MethodGet, "/acs/users/list", s.B.APIKey, map[string]any{"acs_system_id": sys.AcsSystemID})
		s.wantError(rb, http.StatusNotFound, "acs_system_not_found")
		all := s.call(http.MethodGet, "/acs/users/list", s.B.APIKey, map[string]any{"limit": 1000})
		if len(all.Body["acs_users"].([]any)) == 0 {
			t.Errorf("B lists no users; its fixture has some: %s", all.Raw)
		}
		for _, u := range all.Body["acs_users"].([]any) {
			if u.(map[string]any)["workspace_id"] != s.B.WorkspaceID {
				t.Errorf("B lists a user of another workspace: %v", u)
			}
		}
		// limit above 500 is clamped, not refused.
		s.ok(all)
		// Filter by identity email: "key=" means users whose identity has no email.
		r := s.call(http.MethodGet, "/acs/users/list", s.A.APIKey, map[string]any{"user_identity_email_address": nil})
		s.ok(r)
		if n := len(r.Body["acs_users"].([]any)); n != 0 {
			t.Errorf("%d users whose identity has no email; seeded identities all have one", n)
		}
		r = s.call(http.MethodGet, "/acs/users/list", s.A.APIKey, map[string]any{"search": "Visionline user 2"})
		s.ok(r)
		if n := len(r.Body["acs_users"].([]any)); n != 1 {
			t.Errorf("search found %d users, want 1", n)
		}
	})
}
