package api_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestTenancyOfUserRoutes calls every id parameter of the acs/users routes
// with workspace B's key and A's ids: each answers exactly as for an id that
// does not exist, and nothing of A changes.
func TestTenancyOfUserRoutes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		a, b := s.A.Systems[1], s.B.Systems[1]
		aUser, aIdent, aGroup := a.AcsUserIDs[0], a.UserIdentityIDs[0], a.AccessGroupIDs[0]
		bUser, bIdent, bGroup := b.AcsUserIDs[0], b.UserIdentityIDs[0], b.AccessGroupIDs[0]
		random := lintel.NewID()
		// Each case names a route, its method, and params built from B's own
		// objects with one id slot replaced by A's (foreign) or by a random id.
		type slot struct {
			name   string
			method string
			path   string
			params func(id string) map[string]any
			// id is A's object put in the slot.
			id string
		}
		slots := []slot{
			{"get acs_user_id", "GET", "/acs/users/get", func(id string) map[string]any { return map[string]any{"acs_user_id": id} }, aUser},
			{"get user_identity_id", "GET", "/acs/users/get", func(id string) map[string]any {
				return map[string]any{"user_identity_id": id, "acs_system_id": b.AcsSystemID}
			}, aIdent},
			{"get acs_system_id", "GET", "/acs/users/get", func(id string) map[string]any {
				return map[string]any{"user_identity_id": bIdent, "acs_system_id": id}
			}, a.AcsSystemID},
			{"update acs_user_id", "PATCH", "/acs/users/update", func(id string) map[string]any {
				return map[string]any{"acs_user_id": id, "full_name": "Mallory"}
			}, aUser},
			{"delete acs_user_id", "DELETE", "/acs/users/delete", func(id string) map[string]any { return map[string]any{"acs_user_id": id} }, aUser},
			{"delete user_identity_id", "POST", "/acs/users/delete", func(id string) map[string]any {
				return map[string]any{"user_identity_id": id, "acs_system_id": b.AcsSystemID}
			}, aIdent},
			{"delete acs_system_id", "POST", "/acs/users/delete", func(id string) map[string]any {
				return map[string]any{"user_identity_id": bIdent, "acs_system_id": id}
			}, a.AcsSystemID},
			{"suspend acs_user_id", "POST", "/acs/users/suspend", func(id string) map[string]any { return map[string]any{"acs_user_id": id} }, aUser},
			{"unsuspend acs_user_id", "POST", "/acs/users/unsuspend", func(id string) map[string]any { return map[string]any{"acs_user_id": id} }, aUser},
			{"create acs_system_id", "POST", "/acs/users/create", func(id string) map[string]any {
				return map[string]any{"acs_system_id": id, "full_name": "Mallory"}
			}, a.AcsSystemID},
			{"create user_identity_id", "POST", "/acs/users/create", func(id string) map[string]any {
				return map[string]any{"acs_system_id": b.AcsSystemID, "full_name": "Mallory", "user_identity_id": id}
			}, aIdent},
			{"create acs_access_group_ids", "POST", "/acs/users/create", func(id string) map[string]any {
				return map[string]any{"acs_system_id": b.AcsSystemID, "full_name": "Mallory", "acs_access_group_ids": []string{id}}
			}, aGroup},
			{"add_to_access_group acs_user_id", "PUT", "/acs/users/add_to_access_group", func(id string) map[string]any {
				return map[string]any{"acs_user_id": id, "acs_access_group_id": bGroup}
			}, aUser},
			{"add_to_access_group acs_access_group_id", "PUT", "/acs/users/add_to_access_group", func(id string) map[string]any {
				return map[string]any{"acs_user_id": bUser, "acs_access_group_id": id}
			}, aGroup},
			{"remove_from_access_group acs_user_id", "DELETE", "/acs/users/remove_from_access_group", func(id string) map[string]any {
				return map[string]any{"acs_user_id": id, "acs_access_group_id": bGroup}
			}, aUser},
			{"remove_from_access_group user_identity_id", "DELETE", "/acs/users/remove_from_access_group", func(id string) map[string]any {
				return map[string]any{"user_identity_id": id, "acs_access_group_id": bGroup}
			}, aIdent},
			{"remove_from_access_group acs_access_group_id", "DELETE", "/acs/users/remove_from_access_group", func(id string) map[string]any {
				return map[string]any{"acs_user_id": bUser, "acs_access_group_id": id}
			}, aGroup},
			{"list_accessible_entrances acs_user_id", "GET", "/acs/users/list_accessible_entrances", func(id string) map[string]any {
				return map[string]any{"acs_user_id": id}
			}, aUser},
			{"revoke_access_to_all_entrances acs_user_id", "POST", "/acs/users/revoke_access_to_all_entrances", func(id string) map[string]any {
				return map[string]any{"acs_user_id": id}
			}, aUser},
		}
		before := s.snapshot(s.A)
		for _, sl := range slots {
			t.Run(sl.name, func(t *testing.T) {
				foreign := s.call(sl.method, sl.path, s.B.APIKey, sl.params(sl.id))
				unknown := s.call(sl.method, sl.path, s.B.APIKey, sl.params(random))
				if foreign.Status != http.StatusNotFound {
					t.Fatalf("A's id from B: %d %s; want 404", foreign.Status, foreign.Raw)
				}
				if !bytes.Equal(withoutRequestID(t, foreign), withoutRequestID(t, unknown)) {
					t.Errorf("A's id and a random id answer differently:\n%s\n%s", foreign.Raw, unknown.Raw)
				}
			})
		}
		// Lists filtered by A's ids show B nothing of A: each id is not
		// found, exactly as a random one.
		for _, c := range []struct{ key, id, errType string }{
			{"acs_system_id", a.AcsSystemID, "acs_system_not_found"},
			{"user_identity_id", aIdent, "user_identity_not_found"},
		} {
			foreign := s.call(http.MethodGet, "/acs/users/list", s.B.APIKey, map[string]any{c.key: c.id})
			unknown := s.call(http.MethodGet, "/acs/users/list", s.B.APIKey, map[string]any{c.key: random})
			s.wantError(foreign, http.StatusNotFound, c.errType)
			if !bytes.Equal(withoutRequestID(t, foreign), withoutRequestID(t, unknown)) {
				t.Errorf("list by A's %s and by a random one answer differently:\n%s\n%s", c.key, foreign.Raw, unknown.Raw)
			}
		}
		if after := s.snapshot(s.A); after != before {
			t.Errorf("workspace A changed:\nbefore %s\nafter  %s", before, after)
		}
		s.assertNoCrossLinks()
	})
}
