package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// forT returns a copy of s that reports to t, for use inside subtests.
func (s *testServer) forT(t *testing.T) *testServer {
	c := *s
	c.t = t
	return &c
}

// routeCase is one row of a table test: a call and what it must answer.
type routeCase struct {
	name   string
	method string
	path   string
	token  string
	params map[string]any
	status int
	// errType is the error.type of a failure; empty for a 200.
	errType string
	// check, if set, inspects a successful body.
	check func(t *testing.T, body map[string]any)
}

// runCases runs each case as a subtest.
func (s *testServer) runCases(t *testing.T, cases []routeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := s.forT(t)
			r := s.call(c.method, c.path, c.token, c.params)
			if c.errType != "" {
				s.wantError(r, c.status, c.errType)
				return
			}
			if c.status != 0 && r.Status != c.status {
				t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Raw)
			}
			s.ok(r)
			if c.check != nil {
				c.check(t, r.Body)
			}
		})
	}
}

// obj returns body[key] as an object, failing the test otherwise.
func bodyObj(t *testing.T, body map[string]any, key string) map[string]any {
	t.Helper()
	o, ok := body[key].(map[string]any)
	if !ok {
		t.Fatalf("%s is not an object: %v", key, body[key])
	}
	return o
}

// list returns body[key] as an array of objects.
func bodyList(t *testing.T, body map[string]any, key string) []map[string]any {
	t.Helper()
	raw, ok := body[key].([]any)
	if !ok {
		t.Fatalf("%s is not an array: %v", key, body[key])
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i] = x.(map[string]any)
	}
	return out
}

// identityFields are the fields the spec marks required on user_identity.
var identityFields = []string{"user_identity_id", "user_identity_key", "email_address", "phone_number",
	"display_name", "full_name", "merged_user_identity_ids", "merged_user_identity_keys", "created_at",
	"workspace_id", "errors", "warnings", "acs_user_ids"}

// postOK calls path with POST and returns the body of a 200.
func (s *testServer) postOK(path, token string, params map[string]any) map[string]any {
	s.t.Helper()
	r := s.call(http.MethodPost, path, token, params)
	s.ok(r)
	return r.Body
}

// auditActions lists the actions of the audit records about an object.
func (s *testServer) auditActions(workspaceID, objectID string) []string {
	s.t.Helper()
	var out []string
	err := s.st.View(context.Background(), func(tx *store.Tx) error {
		recs, err := tx.AuditRecords(context.Background(), workspaceID, objectID)
		for _, r := range recs {
			out = append(out, r.Action+":"+r.Outcome)
		}
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

func TestUserIdentities(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		a, b := s.A.APIKey, s.B.APIKey
		vis, salto := s.A.Systems[0], s.A.Systems[1]

		created := s.postOK("/user_identities/create", a, map[string]any{
			"user_identity_key": "jane", "email_address": "jane@example.com", "phone_number": "+1 (555) 555-0199",
			"full_name": "Jane Doe", "acs_system_ids": []string{vis.AcsSystemID}})
		jane := bodyObj(t, created, "user_identity")
		requireFields(t, jane, identityFields...)
		janeID := jane["user_identity_id"].(string)
		if jane["phone_number"] != "+15555550199" || jane["display_name"] != "Jane Doe" || jane["workspace_id"] != s.A.WorkspaceID {
			t.Errorf("created identity = %v", jane)
		}
		janeUsers := jane["acs_user_ids"].([]any)
		if len(janeUsers) != 1 {
			t.Fatalf("acs_system_ids made users %v, want one", janeUsers)
		}
		janeUser := janeUsers[0].(string)

		s.runCases(t, []routeCase{
			{name: "create minimal", method: http.MethodPost, path: "/user_identities/create", token: a,
				params: map[string]any{}, check: func(t *testing.T, body map[string]any) {
					u := bodyObj(t, body, "user_identity")
					requireFields(t, u, identityFields...)
					if u["display_name"] != "Unnamed user identity" || u["user_identity_key"] != nil {
						t.Errorf("minimal identity = %v", u)
					}
				}},
			{name: "create duplicate key", method: http.MethodPost, path: "/user_identities/create", token: a,
				params: map[string]any{"user_identity_key": "jane"}, status: 409, errType: "conflict"},
			{name: "create duplicate email", method: http.MethodPost, path: "/user_identities/create", token: a,
				params: map[string]any{"email_address": "jane@example.com"}, status: 409, errType: "conflict"},
			{name: "create duplicate phone", method: http.MethodPost, path: "/user_identities/create", token: a,
				params: map[string]any{"phone_number": "+15555550199"}, status: 409, errType: "conflict"},
			{name: "same key in another workspace", method: http.MethodPost, path: "/user_identities/create", token: b,
				params: map[string]any{"user_identity_key": "jane", "email_address": "jane@example.com"}},
			{name: "create bad phone", method: http.MethodPost, path: "/user_identities/create", token: a,
				params: map[string]any{"phone_number": "555-CALL-NOW"}, status: 400, errType: "invalid_input"},
			{name: "create bad email", method: http.MethodPost, path: "/user_identities/create", token: a,
				params: map[string]any{"email_address": "not-an-email"}, status: 400, errType: "invalid_input"},
			{name: "create unknown system", method: http.MethodPost, path: "/user_identities/create", token: a,
				params: map[string]any{"acs_system_ids": []string{s.B.Systems[0].AcsSystemID}}, status: 404, errType: "acs_system_not_found"},
			{name: "create no token", method: http.MethodPost, path: "/user_identities/create",
				params: map[string]any{}, status: 401, errType: "unauthorized"},
			{name: "create wrong method", method: http.MethodGet, path: "/user_identities/create", token: a,
				status: 405, errType: "method_not_allowed"},

			{name: "get by id (GET)", method: http.MethodGet, path: "/user_identities/get", token: a,
				params: map[string]any{"user_identity_id": janeID}, check: func(t *testing.T, body map[string]any) {
					u := bodyObj(t, body, "user_identity")
					requireFields(t, u, identityFields...)
					if u["user_identity_key"] != "jane" || u["email_address"] != "jane@example.com" {
						t.Errorf("get = %v", u)
					}
				}},
			{name: "get by key (POST)", method: http.MethodPost, path: "/user_identities/get", token: a,
				params: map[string]any{"user_identity_key": "jane"}, check: func(t *testing.T, body map[string]any) {
					if bodyObj(t, body, "user_identity")["user_identity_id"] != janeID {
						t.Errorf("get by key = %v", body)
					}
				}},
			{name: "get neither", method: http.MethodGet, path: "/user_identities/get", token: a,
				params: map[string]any{}, status: 400, errType: "invalid_input"},
			{name: "get id and other key", method: http.MethodPost, path: "/user_identities/get", token: a,
				params: map[string]any{"user_identity_id": janeID, "user_identity_key": "someone-else"}, status: 404, errType: "user_identity_not_found"},
			{name: "get not uuid", method: http.MethodGet, path: "/user_identities/get", token: a,
				params: map[string]any{"user_identity_id": "nope"}, status: 400, errType: "invalid_input"},
			{name: "get unknown key", method: http.MethodGet, path: "/user_identities/get", token: a,
				params: map[string]any{"user_identity_key": "nobody"}, status: 404, errType: "user_identity_not_found"},

			{name: "list acs users", method: http.MethodGet, path: "/user_identities/list_acs_users", token: a,
				params: map[string]any{"user_identity_id": janeID}, check: func(t *testing.T, body map[string]any) {
					users := bodyList(t, body, "acs_users")
					if got := ids(users, "acs_user_id"); !slices.Equal(got, []string{janeUser}) {
						t.Errorf("acs users = %v, want [%s]", got, janeUser)
					}
					if users[0]["user_identity_full_name"] != "Jane Doe" || users[0]["full_name"] != "Jane Doe" {
						t.Errorf("user = %v", users[0])
					}
				}},
			{name: "list acs systems", method: http.MethodPost, path: "/user_identities/list_acs_systems", token: a,
				params: map[string]any{"user_identity_id": janeID}, check: func(t *testing.T, body map[string]any) {
					if got := ids(bodyList(t, body, "acs_systems"), "acs_system_id"); !slices.Equal(got, []string{vis.AcsSystemID}) {
						t.Errorf("systems = %v", got)
					}
				}},
			{name: "list acs users required", method: http.MethodGet, path: "/user_identities/list_acs_users", token: a,
				params: map[string]any{}, status: 400, errType: "invalid_input"},
		})

		t.Run("accessible entrances", func(t *testing.T) {
			s := s.forT(t)
			// A seeded Salto user is in one of its system's groups, which
			// open every entrance of the system.
			body := s.postOK("/user_identities/list_accessible_entrances", a, map[string]any{"user_identity_id": salto.UserIdentityIDs[0]})
			got := bodyList(t, body, "acs_entrances")
			if !slices.Equal(ids(got, "acs_entrance_id"), salto.EntranceIDs) {
				t.Errorf("entrances = %v, want %v", ids(got, "acs_entrance_id"), salto.EntranceIDs)
			}
			requireFields(t, got[0], "acs_system_id", "acs_entrance_id", "space_ids", "created_at", "display_name",
				"connected_account_id", "errors", "warnings")
			// Jane's new user is in no group: no entrance.
			body = s.postOK("/user_identities/list_accessible_entrances", a, map[string]any{"user_identity_id": janeID})
			if got := bodyList(t, body, "acs_entrances"); len(got) != 0 {
				t.Errorf("jane's entrances = %v", got)
			}
		})

		t.Run("list pages", func(t *testing.T) {
			s := s.forT(t)
			var seen []string
			params := map[string]any{"limit": 2}
			for range 20 {
				r := s.call(http.MethodGet, "/user_identities/list", a, params)
				s.ok(r)
				page := bodyList(t, r.Body, "user_identities")
				if len(page) > 2 {
					t.Fatalf("page of %d, limit 2", len(page))
				}
				for _, u := range page {
					requireFields(t, u, identityFields...)
				}
				seen = append(seen, ids(page, "user_identity_id")...)
				pg := bodyObj(t, r.Body, "pagination")
				requireFields(t, pg, "has_next_page", "next_page_cursor", "next_page_url")
				if pg["has_next_page"] != true {
					break
				}
				params = map[string]any{"limit": 2, "page_cursor": pg["next_page_cursor"]}
			}
			// 6 seeded + Jane + the minimal one.
			if len(seen) != 8 || !slices.Contains(seen, janeID) {
				t.Errorf("listed %d identities: %v", len(seen), seen)
			}
			r := s.call(http.MethodGet, "/user_identities/list", a, map[string]any{"search": "jane@"})
			s.ok(r)
			if got := ids(bodyList(t, r.Body, "user_identities"), "user_identity_id"); !slices.Equal(got, []string{janeID}) {
				t.Errorf("search = %v", got)
			}
			r = s.call(http.MethodPost, "/user_identities/list", a, map[string]any{"user_identity_ids": []string{janeID, vis.UserIdentityIDs[1]}})
			s.ok(r)
			if got := ids(bodyList(t, r.Body, "user_identities"), "user_identity_id"); len(got) != 2 {
				t.Errorf("filter by ids = %v", got)
			}
			r = s.call(http.MethodPost, "/user_identities/list", a, map[string]any{"credential_manager_acs_system_id": salto.AcsSystemID})
			s.ok(r)
			if got := ids(bodyList(t, r.Body, "user_identities"), "user_identity_id"); !slices.Equal(got, salto.UserIdentityIDs) {
				t.Errorf("identities with a user on salto = %v, want %v", got, salto.UserIdentityIDs)
			}
			r = s.call(http.MethodGet, "/user_identities/list", a, map[string]any{"page_cursor": "garbage!"})
			s.wantError(r, 400, "invalid_input")
		})

		t.Run("update", func(t *testing.T) {
			s := s.forT(t)
			s.ok(s.call(http.MethodPatch, "/user_identities/update", a, map[string]any{
				"user_identity_id": janeID, "full_name": "Jane Q. Doe", "phone_number": nil}))
			u := bodyObj(t, s.postOK("/user_identities/get", a, map[string]any{"user_identity_id": janeID}), "user_identity")
			if u["full_name"] != "Jane Q. Doe" || u["phone_number"] != nil || u["email_address"] != "jane@example.com" {
				t.Errorf("after update: %v", u)
			}
			// The linked user shows the identity's new name.
			users := bodyList(t, s.postOK("/user_identities/list_acs_users", a, map[string]any{"user_identity_id": janeID}), "acs_users")
			if users[0]["user_identity_full_name"] != "Jane Q. Doe" {
				t.Errorf("user after identity update: %v", users[0])
			}
			other := vis.UserIdentityIDs[0]
			s.wantError(s.call(http.MethodPost, "/user_identities/update", a, map[string]any{
				"user_identity_id": other, "user_identity_key": "jane"}), 409, "conflict")
			s.wantError(s.call(http.MethodPost, "/user_identities/update", a, map[string]any{
				"user_identity_id": other, "phone_number": "12"}), 400, "invalid_input")
			s.wantError(s.call(http.MethodPost, "/user_identities/update", a, map[string]any{
				"full_name": "x"}), 400, "invalid_input")
			s.wantError(s.call(http.MethodPost, "/user_identities/update", a, map[string]any{
				"user_identity_id": s.B.Systems[0].UserIdentityIDs[0], "full_name": "x"}), 404, "user_identity_not_found")
		})

		t.Run("add and remove acs user", func(t *testing.T) {
			s := s.forT(t)
			// A Salto user without identity: unlink one first.
			user, owner := salto.AcsUserIDs[2], salto.UserIdentityIDs[2]
			s.ok(s.call(http.MethodDelete, "/user_identities/remove_acs_user", a, map[string]any{"user_identity_id": owner, "acs_user_id": user}))
			if got := s.auditActions(s.A.WorkspaceID, user); !slices.Contains(got, "user_identity.remove_acs_user:succeeded") {
				t.Errorf("audit after remove = %v", got)
			}
			s.wantError(s.call(http.MethodDelete, "/user_identities/remove_acs_user", a, map[string]any{"user_identity_id": owner, "acs_user_id": user}),
				404, "acs_user_not_found")
			s.ok(s.call(http.MethodPut, "/user_identities/add_acs_user", a, map[string]any{"user_identity_id": janeID, "acs_user_id": user}))
			// Again: nothing changes.
			s.ok(s.call(http.MethodPost, "/user_identities/add_acs_user", a, map[string]any{"user_identity_id": janeID, "acs_user_id": user}))
			u := bodyObj(t, s.postOK("/user_identities/get", a, map[string]any{"user_identity_id": janeID}), "user_identity")
			if got := u["acs_user_ids"].([]any); len(got) != 2 {
				t.Errorf("jane's users = %v", got)
			}
			// A user linked to another identity is refused.
			s.wantError(s.call(http.MethodPut, "/user_identities/add_acs_user", a, map[string]any{"user_identity_id": janeID, "acs_user_id": salto.AcsUserIDs[0]}),
				400, "invalid_input")
			// A key that names no identity creates one from the user.
			s.ok(s.call(http.MethodDelete, "/user_identities/remove_acs_user", a, map[string]any{"user_identity_id": janeID, "acs_user_id": user}))
			s.ok(s.call(http.MethodPut, "/user_identities/add_acs_user", a, map[string]any{"user_identity_key": "from-user", "acs_user_id": user}))
			n := bodyObj(t, s.postOK("/user_identities/get", a, map[string]any{"user_identity_key": "from-user"}), "user_identity")
			if n["full_name"] != "Salto KS user 3" || fmt.Sprint(n["acs_user_ids"]) != "["+user+"]" {
				t.Errorf("identity from user = %v", n)
			}
			s.wantError(s.call(http.MethodPut, "/user_identities/add_acs_user", a, map[string]any{"acs_user_id": user}), 400, "invalid_input")
			s.wantError(s.call(http.MethodPut, "/user_identities/add_acs_user", a, map[string]any{"user_identity_id": janeID}), 400, "invalid_input")
			s.wantError(s.call(http.MethodPut, "/user_identities/add_acs_user", a, map[string]any{"user_identity_id": janeID, "acs_user_id": s.B.Systems[0].AcsUserIDs[0]}),
				404, "acs_user_not_found")
		})

		t.Run("delete", func(t *testing.T) {
			s := s.forT(t)
			// A Visionline identity: one user with two credentials.
			ident, user := vis.UserIdentityIDs[1], vis.AcsUserIDs[1]
			creds := vis.CredentialIDs[user]
			tok := s.clientSession(a, map[string]any{"user_identity_id": ident})
			s.ok(s.call(http.MethodGet, "/acs/users/list", tok, nil))
			if !sandboxHolds(t, st, s.A.WorkspaceID, vis.AcsSystemID, user) {
				t.Fatal("the sandbox does not hold the user before the delete")
			}

			s.ok(s.call(http.MethodDelete, "/user_identities/delete", a, map[string]any{"user_identity_id": ident}))

			s.wantError(s.call(http.MethodGet, "/user_identities/get", a, map[string]any{"user_identity_id": ident}), 404, "user_identity_not_found")
			s.wantError(s.call(http.MethodGet, "/acs/users/get", a, map[string]any{"acs_user_id": user}), 404, "acs_user_not_found")
			s.wantError(s.call(http.MethodGet, "/acs/users/list", tok, nil), 401, "unauthorized")
			if got := s.auditActions(s.A.WorkspaceID, ident); !slices.Equal(got, []string{"user_identity.delete:succeeded"}) {
				t.Errorf("identity audit = %v", got)
			}
			if got := s.auditActions(s.A.WorkspaceID, user); !slices.Equal(got, []string{"acs_user.delete:succeeded"}) {
				t.Errorf("user audit = %v", got)
			}
			// The same events as /acs/users/delete: one per credential, one for the user.
			body := s.postOK("/events/list", a, map[string]any{"since": "2000-01-01T00:00:00.000Z", "acs_user_id": user})
			var kinds []string
			var credIDs []string
			for _, e := range bodyList(t, body, "events") {
				kinds = append(kinds, e["event_type"].(string))
				if e["event_type"] == "acs_credential.deleted" {
					credIDs = append(credIDs, e["acs_credential_id"].(string))
				}
			}
			slices.Sort(credIDs)
			want := slices.Clone(creds)
			slices.Sort(want)
			if !slices.Equal(credIDs, want) || !slices.Contains(kinds, "acs_user.deleted") || len(kinds) != len(creds)+1 {
				t.Errorf("events after delete: %v (credentials %v)", kinds, credIDs)
			}
			// Credentials are invalidated and the access system no longer
			// holds the user, as after /acs/users/delete.
			for _, c := range creds {
				if credentialLive(t, st, s.A.WorkspaceID, c) {
					t.Errorf("credential %s still live", c)
				}
			}
			if sandboxHolds(t, st, s.A.WorkspaceID, vis.AcsSystemID, user) {
				t.Error("the sandbox still holds the deleted user or its credentials")
			}
			// Deleting again: the identity is gone.
			s.wantError(s.call(http.MethodPost, "/user_identities/delete", a, map[string]any{"user_identity_id": ident}), 404, "user_identity_not_found")
			s.wantError(s.call(http.MethodPost, "/user_identities/delete", a, map[string]any{}), 400, "invalid_input")
			// Other identities and their users are untouched.
			s.ok(s.call(http.MethodGet, "/acs/users/get", a, map[string]any{"acs_user_id": vis.AcsUserIDs[0]}))
		})
	})
}
