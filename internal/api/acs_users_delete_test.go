package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestAcsUsersDeleteValidation covers every bad way to address a user, on
// both methods: 400 invalid_input naming the fields, and nothing changes.
func TestAcsUsersDeleteValidation(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		sys := s.A.Systems[0]
		user, ident := sys.AcsUserIDs[0], sys.UserIdentityIDs[0]
		cases := []struct {
			name   string
			params map[string]any
			field  string
		}{
			{"nothing", map[string]any{}, "acs_user_id"},
			{"identity without system", map[string]any{"user_identity_id": ident}, "acs_system_id"},
			{"system alone", map[string]any{"acs_system_id": sys.AcsSystemID}, "user_identity_id"},
			{"acs_user_id not a uuid", map[string]any{"acs_user_id": "u1"}, "acs_user_id"},
			{"acs_user_id uppercase garbage", map[string]any{"acs_user_id": strings.ToUpper(user) + "0"}, "acs_user_id"},
			{"user_identity_id not a uuid", map[string]any{"user_identity_id": "x", "acs_system_id": sys.AcsSystemID}, "user_identity_id"},
			{"acs_system_id not a uuid", map[string]any{"user_identity_id": ident, "acs_system_id": "sys1"}, "acs_system_id"},
			{"empty acs_user_id", map[string]any{"acs_user_id": ""}, "acs_user_id"},
		}
		for _, method := range []string{http.MethodPost, http.MethodDelete} {
			for _, c := range cases {
				t.Run(method+" "+c.name, func(t *testing.T) {
					r := s.call(method, "/acs/users/delete", s.A.APIKey, c.params)
					s.wantError(r, http.StatusBadRequest, lintel.EInvalidInput)
					ve, _ := r.Body["error"].(map[string]any)["validation_errors"].(map[string]any)
					if _, ok := ve[c.field]; !ok {
						t.Errorf("validation_errors %v does not name %s", ve, c.field)
					}
					if !strings.Contains(r.Body["error"].(map[string]any)["message"].(string), c.field) {
						t.Errorf("message does not name %s: %s", c.field, r.Raw)
					}
				})
			}
		}
		// Nothing was deleted.
		s.ok(s.call(http.MethodGet, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": user}))
		if n := countEvents(t, st, s.A.WorkspaceID, "acs_user.deleted"); n != 0 {
			t.Errorf("%d acs_user.deleted events after refused deletes", n)
		}
	})
}

// TestAcsUsersDelete deletes users in every supported way, on both methods,
// and checks everything a delete must do.
func TestAcsUsersDelete(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		type ref func(sysID, userID, identID string) map[string]any
		byID := func(_, u, _ string) map[string]any { return map[string]any{"acs_user_id": u} }
		byIdentity := func(sys, _, i string) map[string]any {
			return map[string]any{"user_identity_id": i, "acs_system_id": sys}
		}
		byAll := func(sys, u, i string) map[string]any {
			return map[string]any{"acs_user_id": u, "user_identity_id": i, "acs_system_id": sys}
		}
		byIDAndSystem := func(sys, u, _ string) map[string]any {
			return map[string]any{"acs_user_id": u, "acs_system_id": sys}
		}
		cases := []struct {
			name   string
			method string
			ref    ref
			sys    int
			user   int
		}{
			{"POST by acs_user_id", http.MethodPost, byID, 0, 0},
			{"DELETE by acs_user_id", http.MethodDelete, byID, 0, 1},
			{"POST by identity and system", http.MethodPost, byIdentity, 0, 2},
			{"DELETE by identity and system", http.MethodDelete, byIdentity, 1, 0},
			{"POST by all three", http.MethodPost, byAll, 1, 1},
			{"DELETE by id and system", http.MethodDelete, byIDAndSystem, 1, 2},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				sys := s.A.Systems[c.sys]
				user, ident := sys.AcsUserIDs[c.user], sys.UserIdentityIDs[c.user]
				creds := sys.CredentialIDs[user]
				if len(creds) == 0 {
					t.Fatal("fixture user has no credentials")
				}
				group := sys.AccessGroupIDs[c.user%len(sys.AccessGroupIDs)]
				if !groupHasUser(t, st, s.A.WorkspaceID, group, user) {
					t.Fatal("fixture user is not in its group")
				}

				listed := listIDs(t, s, "/acs/users/list", "acs_users", "acs_user_id", map[string]any{"acs_system_id": sys.AcsSystemID})
				if !slices.Contains(listed, user) {
					t.Fatalf("fixture user not listed before the delete: %v", listed)
				}

				r := s.call(c.method, "/acs/users/delete", s.A.APIKey, c.ref(sys.AcsSystemID, user, ident))
				s.ok(r)
				if string(r.Raw) != `{"ok":true}` {
					t.Errorf("body %s, want {\"ok\":true}", r.Raw)
				}

				// The user is gone: get answers 404, by id and by identity.
				s.wantError(s.call(http.MethodGet, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": user}),
					http.StatusNotFound, "acs_user_not_found")
				s.wantError(s.call(http.MethodGet, "/acs/users/get", s.A.APIKey,
					map[string]any{"user_identity_id": ident, "acs_system_id": sys.AcsSystemID}), http.StatusNotFound, "acs_user_not_found")
				// Not listed, on its system or by its identity.
				for _, id := range listIDs(t, s, "/acs/users/list", "acs_users", "acs_user_id", map[string]any{"acs_system_id": sys.AcsSystemID}) {
					if id == user {
						t.Error("deleted user still listed")
					}
				}
				// Its credentials left the API, the group, the identity link.
				for _, c := range creds {
					if credentialLive(t, st, s.A.WorkspaceID, c) {
						t.Errorf("credential %s still live", c)
					}
				}
				if groupHasUser(t, st, s.A.WorkspaceID, group, user) {
					t.Error("deleted user still in its access group")
				}
				if n := identityUsers(t, st, s.A.WorkspaceID, ident); n != 0 {
					t.Errorf("identity still has %d live users", n)
				}
				// The simulated access system no longer holds it or its credentials.
				if sandboxHolds(t, st, s.A.WorkspaceID, sys.AcsSystemID, user) {
					t.Error("sandbox system still holds the user or its credentials")
				}
				// Exactly one acs_user.deleted and one acs_credential.deleted per credential.
				if n := countEventsFor(t, st, s.A.WorkspaceID, "acs_user.deleted", "acs_user_id", user); n != 1 {
					t.Errorf("%d acs_user.deleted events, want 1", n)
				}
				for _, c := range creds {
					if n := countEventsFor(t, st, s.A.WorkspaceID, "acs_credential.deleted", "acs_credential_id", c); n != 1 {
						t.Errorf("%d acs_credential.deleted events for %s, want 1", n, c)
					}
				}
				// One audit row naming the key that did it.
				if a := auditRows(t, st, s.A.WorkspaceID, user); len(a) != 1 || a[0].Action != "acs_user.delete" ||
					a[0].ActorKind != "api_key" || a[0].RequestID != r.Header.Get("seam-request-id") || a[0].Outcome != "succeeded" {
					t.Errorf("audit rows %+v", a)
				}
				// Deleting again: 404, and nothing new happens.
				s.wantError(s.call(c.method, "/acs/users/delete", s.A.APIKey, c.ref(sys.AcsSystemID, user, ident)),
					http.StatusNotFound, "acs_user_not_found")
				if n := countEventsFor(t, st, s.A.WorkspaceID, "acs_user.deleted", "acs_user_id", user); n != 1 {
					t.Errorf("after a repeat: %d acs_user.deleted events, want 1", n)
				}
			})
		}
	})
}

// TestAcsUsersDeleteNotFound: an unknown user, a user of another workspace
// and mismatching references all give the same 404 and change nothing.
func TestAcsUsersDeleteNotFound(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		a0, a1 := s.A.Systems[0], s.A.Systems[1]
		cases := []struct {
			name   string
			token  string
			params map[string]any
		}{
			{"random uuid", s.A.APIKey, map[string]any{"acs_user_id": lintel.NewID()}},
			{"other workspace's user", s.B.APIKey, map[string]any{"acs_user_id": a0.AcsUserIDs[0]}},
			{"other workspace's identity and system", s.B.APIKey, map[string]any{"user_identity_id": a0.UserIdentityIDs[0], "acs_system_id": a0.AcsSystemID}},
			{"identity on the wrong system", s.A.APIKey, map[string]any{"user_identity_id": a0.UserIdentityIDs[0], "acs_system_id": a1.AcsSystemID}},
			{"id with the wrong system", s.A.APIKey, map[string]any{"acs_user_id": a0.AcsUserIDs[0], "acs_system_id": a1.AcsSystemID}},
			{"id with another user's identity", s.A.APIKey, map[string]any{"acs_user_id": a0.AcsUserIDs[0], "user_identity_id": a0.UserIdentityIDs[1], "acs_system_id": a0.AcsSystemID}},
		}
		var bodies []string
		for _, method := range []string{http.MethodPost, http.MethodDelete} {
			for _, c := range cases {
				r := s.call(method, "/acs/users/delete", c.token, c.params)
				s.wantError(r, http.StatusNotFound, "acs_user_not_found")
				rid := r.Header.Get("seam-request-id")
				bodies = append(bodies, strings.ReplaceAll(string(r.Raw), rid, "RID"))
			}
		}
		for i := range bodies {
			if bodies[i] != bodies[0] {
				t.Errorf("404 bodies differ beyond the request id:\n%s\n%s", bodies[0], bodies[i])
			}
		}
		for _, u := range append(a0.AcsUserIDs, a1.AcsUserIDs...) {
			s.ok(s.call(http.MethodGet, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": u}))
		}
		if n := countEvents(t, st, s.A.WorkspaceID, "acs_user.deleted"); n != 0 {
			t.Errorf("%d acs_user.deleted events in A", n)
		}
	})
}

// TestAcsUsersDeleteAuth: only API keys, PATs and console sessions with a
// workspace may delete; anything else is 401.
func TestAcsUsersDeleteAuth(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, storetest.SQLite(t))
	user := s.A.Systems[0].AcsUserIDs[0]
	for _, token := range []string{"", "garbage", "seam_nope_nope", s.A.APIKey + "x", s.A.APIKey[:len(s.A.APIKey)-1],
		strings.Replace(s.A.APIKey, "seam_", "SEAM_", 1), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."} {
		s.wantError(s.call(http.MethodPost, "/acs/users/delete", token, map[string]any{"acs_user_id": user}),
			http.StatusUnauthorized, lintel.EUnauthorized)
	}
	s.ok(s.call(http.MethodGet, "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": user}))
}

// TestAcsUsersDeleteRace releases 50 concurrent deletes of one user: exactly
// one 200, forty-nine 404s, one event, one audit row.
func TestAcsUsersDeleteRace(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		for round := range 3 {
			sys := s.A.Systems[round%2]
			user := sys.AcsUserIDs[round/2]
			const n = 50
			var wg sync.WaitGroup
			start := make(chan struct{})
			statuses := make([]int, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					method := http.MethodPost
					if i%2 == 1 {
						method = http.MethodDelete
					}
					statuses[i] = s.call(method, "/acs/users/delete", s.A.APIKey, map[string]any{"acs_user_id": user}).Status
				}()
			}
			close(start)
			wg.Wait()
			ok, nf := 0, 0
			for _, st := range statuses {
				switch st {
				case http.StatusOK:
					ok++
				case http.StatusNotFound:
					nf++
				}
			}
			if ok != 1 || nf != n-1 {
				t.Errorf("round %d: %d × 200, %d × 404; want 1 and %d", round, ok, nf, n-1)
			}
			if c := countEventsFor(t, st, s.A.WorkspaceID, "acs_user.deleted", "acs_user_id", user); c != 1 {
				t.Errorf("round %d: %d acs_user.deleted events", round, c)
			}
			if a := auditRows(t, st, s.A.WorkspaceID, user); len(a) != 1 {
				t.Errorf("round %d: %d audit rows", round, len(a))
			}
		}
	})
}

// Helpers reading the database directly, to check what the API must not
// be trusted to report about itself.

func countEvents(t *testing.T, st *store.Store, ws, eventType string) int {
	t.Helper()
	var n int
	viewT(t, st, func(tx *store.Tx) error {
		evs, err := tx.ListEvents(context.Background(), ws, store.EventFilter{EventTypes: []string{eventType}, Limit: 100000})
		n = len(evs)
		return err
	})
	return n
}

func countEventsFor(t *testing.T, st *store.Store, ws, eventType, field, id string) int {
	t.Helper()
	f := store.EventFilter{EventTypes: []string{eventType}, Limit: 100000}
	switch field {
	case "acs_user_id":
		f.AcsUserID = id
	case "acs_credential_id":
		f.AcsCredentialID = id
	}
	var n int
	viewT(t, st, func(tx *store.Tx) error {
		evs, err := tx.ListEvents(context.Background(), ws, f)
		n = len(evs)
		return err
	})
	return n
}

func auditRows(t *testing.T, st *store.Store, ws, objectID string) []store.AuditRecord {
	t.Helper()
	var out []store.AuditRecord
	viewT(t, st, func(tx *store.Tx) error {
		var err error
		out, err = tx.AuditRecords(context.Background(), ws, objectID)
		return err
	})
	return out
}

func viewT(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := st.View(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// listIDs follows every page of a paginated list and returns the ids.
func listIDs(t *testing.T, s *testServer, path, key, idField string, params map[string]any) []string {
	t.Helper()
	var ids []string
	p := map[string]any{}
	for k, v := range params {
		p[k] = v
	}
	for range 1000 {
		r := s.call(http.MethodGet, path, s.A.APIKey, p)
		s.ok(r)
		for _, it := range r.Body[key].([]any) {
			ids = append(ids, it.(map[string]any)[idField].(string))
		}
		pg := r.Body["pagination"].(map[string]any)
		if pg["has_next_page"] != true {
			return ids
		}
		p["page_cursor"] = pg["next_page_cursor"]
	}
	t.Fatal("pagination did not end")
	return nil
}
