package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestGrantsFollowTheirSpaces follows one PIN grant of W_A on a space
// ("Room 101", one Salto KS entrance) and on a lock named directly, through
// changes to what the space holds: an entrance added is opened by the
// grant's credential (access_granted_to_door), one removed no longer is
// (access_to_door_lost); a lock added gets the grant's PIN and one removed
// loses it, unless the grant names it itself; a requested card no place
// took gets its method once the space holds a card entrance, and the
// grant's cannot_create_requested_access_methods goes; deleting the
// space takes what only it gave (the card method, left with nothing, goes,
// and the grant's error about the card comes back, with its event). W_B's grant on its own space is untouched throughout.
func TestGrantsFollowTheirSpaces(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		f := s.grantFixture(s.A.WorkspaceID)
		bf := s.grantFixture(s.B.WorkspaceID)
		e1, e2 := s.A.Systems[1].EntranceIDs[0], s.A.Systems[1].EntranceIDs[1]
		room := s.postOK("/spaces/create", s.A.APIKey, map[string]any{"name": "Room 101",
			"acs_entrance_ids": []string{e1}})["space"].(map[string]any)["space_id"].(string)
		bGrant := s.postOK("/access_grants/create", s.B.APIKey, map[string]any{"user_identity_id": bf.identity,
			"space_ids": []string{bf.space}, "requested_access_methods": []map[string]any{{"mode": "code"}}})["access_grant"].(map[string]any)
		beforeB := storetest.WorkspaceRows(t, st, s.B.WorkspaceID)

		g := s.postOK("/access_grants/create", s.A.APIKey, map[string]any{"user_identity_id": f.identity,
			"space_ids": []string{room}, "device_ids": []string{f.lock},
			"requested_access_methods": []map[string]any{{"mode": "code"}, {"mode": "card"}}})["access_grant"].(map[string]any)
		grant := g["access_grant_id"].(string)
		methods := toStrings(g["access_method_ids"])
		if len(methods) != 1 {
			t.Fatalf("access_method_ids = %v", methods)
		}
		method := methods[0]
		m := obj(t, s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": method}), "access_method")
		pin, _ := m["code"].(string)
		var cred string
		for _, c := range list(t, s.call(http.MethodPost, "/acs/credentials/list", s.A.APIKey,
			map[string]any{"user_identity_id": f.identity}), "acs_credentials") {
			cred = c["acs_credential_id"].(string)
		}
		if pin == "" || cred == "" {
			t.Fatalf("method %v, credential %q", m, cred)
		}

		opens := func(t *testing.T, entrance string) bool {
			t.Helper()
			r := s.call(http.MethodGet, "/acs/entrances/list_credentials_with_access", s.A.APIKey, map[string]any{"acs_entrance_id": entrance})
			return slices.Contains(ids(list(t, r, "acs_credentials"), "acs_credential_id"), cred)
		}
		doors := func(t *testing.T, eventType string, want ...string) {
			t.Helper()
			s.wantDoorEvents(t, grant, eventType, want...)
		}
		holds := func(t *testing.T, lock string, want int) {
			t.Helper()
			n := 0
			for _, c := range s.sandboxCodes(s.A.WorkspaceID, lock) {
				if c == pin {
					n++
				}
			}
			if n != want {
				t.Errorf("lock %s holds the PIN %d times, want %d: %v", lock, n, want, s.sandboxCodes(s.A.WorkspaceID, lock))
			}
			onLock := ids(list(t, s.call(http.MethodGet, "/access_methods/list", s.A.APIKey,
				map[string]any{"access_grant_id": grant, "device_id": lock}), "access_methods"), "access_method_id")
			if want > 0 != slices.Equal(onLock, []string{method}) {
				t.Errorf("methods of the grant on lock %s: %v", lock, onLock)
			}
		}
		s.run([]apiCase{
			{name: "the grant opens the space's entrance", method: http.MethodGet, path: "/access_grants/get",
				params: map[string]any{"access_grant_id": grant},
				check: func(t *testing.T, r response) {
					if !opens(t, e1) || opens(t, e2) {
						t.Errorf("the credential opens e1 %v, e2 %v", opens(t, e1), opens(t, e2))
					}
					doors(t, "access_grant.access_granted_to_door", e1)
					holds(t, f.lock, 1)
					if errs := obj(t, r, "access_grant")["errors"].([]any); len(errs) != 1 ||
						errs[0].(map[string]any)["error_code"] != "cannot_create_requested_access_methods" {
						t.Errorf("the grant's errors with no place for the card: %v", errs)
					}
					if users := list(t, s.call(http.MethodPost, "/acs/users/list", s.A.APIKey,
						map[string]any{"user_identity_id": f.identity}), "acs_users"); len(users) != 1 {
						t.Errorf("the identity's ACS users: %v, want the one on the PIN system", ids(users, "acs_user_id"))
					}
				}},
			{name: "an entrance added to the space is opened", method: http.MethodPost, path: "/spaces/add_acs_entrances",
				params: map[string]any{"space_id": room, "acs_entrance_ids": []string{e2}},
				check: func(t *testing.T, r response) {
					if !opens(t, e1) || !opens(t, e2) {
						t.Errorf("the credential opens e1 %v, e2 %v", opens(t, e1), opens(t, e2))
					}
					doors(t, "access_grant.access_granted_to_door", e1, e2)
					doors(t, "access_grant.access_to_door_lost")
				}},
			{name: "an entrance taken from the space is lost", method: http.MethodPost, path: "/spaces/remove_acs_entrances",
				params: map[string]any{"space_id": room, "acs_entrance_ids": []string{e1}},
				check: func(t *testing.T, r response) {
					if opens(t, e1) || !opens(t, e2) {
						t.Errorf("the credential opens e1 %v, e2 %v", opens(t, e1), opens(t, e2))
					}
					doors(t, "access_grant.access_to_door_lost", e1)
				}},
			{name: "a lock added to the space gets the grant's PIN", method: http.MethodPost, path: "/spaces/add_devices",
				params: map[string]any{"space_id": room, "device_ids": []string{f.lock2}},
				check: func(t *testing.T, r response) {
					holds(t, f.lock2, 1)
					holds(t, f.lock, 1)
				}},
			{name: "a lock the grant names itself, added to the space, gets no second code", method: http.MethodPost, path: "/spaces/add_devices",
				params: map[string]any{"space_id": room, "device_ids": []string{f.lock}},
				check:  func(t *testing.T, r response) { holds(t, f.lock, 1) }},
			{name: "taken from the space again, it keeps the PIN", method: http.MethodPost, path: "/spaces/remove_devices",
				params: map[string]any{"space_id": room, "device_ids": []string{f.lock}},
				check:  func(t *testing.T, r response) { holds(t, f.lock, 1) }},
			{name: "a lock taken from the space loses the PIN", method: http.MethodPost, path: "/spaces/remove_devices",
				params: map[string]any{"space_id": room, "device_ids": []string{f.lock2}},
				check: func(t *testing.T, r response) {
					holds(t, f.lock2, 0)
					holds(t, f.lock, 1)
					m := obj(t, s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": method}), "access_method")
					if m["is_issued"] != true || m["code"] != pin {
						t.Errorf("the method = %v", m)
					}
				}},
			{name: "spaces/update with the entrances gives them back", method: http.MethodPost, path: "/spaces/update",
				params: map[string]any{"space_id": room, "acs_entrance_ids": []string{e1, e2}, "device_ids": []string{f.lock2}},
				check: func(t *testing.T, r response) {
					if !opens(t, e1) || !opens(t, e2) {
						t.Errorf("the credential opens e1 %v, e2 %v", opens(t, e1), opens(t, e2))
					}
					doors(t, "access_grant.access_granted_to_door", e1, e2, e1)
					holds(t, f.lock2, 1)
				}},
			{name: "a mode no place took gets its method when the space gets a place that takes it", method: http.MethodPost,
				path: "/spaces/add_acs_entrances", params: map[string]any{"space_id": room, "acs_entrance_ids": []string{f.cardEntrance}},
				check: func(t *testing.T, r response) {
					g := obj(t, s.call(http.MethodGet, "/access_grants/get", s.A.APIKey, map[string]any{"access_grant_id": grant}), "access_grant")
					got := toStrings(g["access_method_ids"])
					card := slices.DeleteFunc(slices.Clone(got), func(id string) bool { return id == method })
					if len(got) != 2 || len(card) != 1 {
						t.Fatalf("access_method_ids = %v", got)
					}
					requested := g["requested_access_methods"].([]any)
					if created := toStrings(requested[1].(map[string]any)["created_access_method_ids"]); !slices.Equal(created, card) {
						t.Errorf("the card's created_access_method_ids = %v, want %v", created, card)
					}
					m := obj(t, s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": card[0]}), "access_method")
					if m["mode"] != "card" || m["is_encoding_required"] != true || m["is_issued"] != false {
						t.Errorf("the card method = %v", m)
					}
					if n := len(s.grantEvents(s.A.WorkspaceID, "access_method.created", card[0])); n != 1 {
						t.Errorf("%d access_method.created about the card", n)
					}
					if errs := g["errors"].([]any); len(errs) != 0 {
						t.Errorf("the grant's errors once the card has its method: %v", errs)
					}
				}},
			{name: "deleting the space takes what only it gave", method: http.MethodPost, path: "/spaces/delete",
				params: map[string]any{"space_id": room},
				check: func(t *testing.T, r response) {
					doors(t, "access_grant.access_to_door_lost", e1, e1, e2)
					holds(t, f.lock2, 0)
					holds(t, f.lock, 1)
					s.wantError(s.call(http.MethodGet, "/acs/credentials/get", s.A.APIKey, map[string]any{"acs_credential_id": cred}),
						404, "acs_credential_not_found")
					if opens(t, e1) || opens(t, e2) {
						t.Errorf("the revoked credential opens e1 %v, e2 %v", opens(t, e1), opens(t, e2))
					}
					m := obj(t, s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": method}), "access_method")
					if m["is_issued"] != true {
						t.Errorf("the method on the named lock = %v", m)
					}
					g := obj(t, s.call(http.MethodGet, "/access_grants/get", s.A.APIKey, map[string]any{"access_grant_id": grant}), "access_grant")
					if got := toStrings(g["access_method_ids"]); !slices.Equal(got, []string{method}) {
						t.Errorf("access_method_ids = %v, want only the PIN (the card's one place went)", got)
					}
					// The card has no place again: the grant says so again.
					if errs := g["errors"].([]any); len(errs) != 1 ||
						errs[0].(map[string]any)["error_code"] != "cannot_create_requested_access_methods" ||
						!strings.HasSuffix(errs[0].(map[string]any)["message"].(string), ": card") {
						t.Errorf("the grant's errors once the card lost its place: %v", errs)
					}
					if n := len(s.grantEvents(s.A.WorkspaceID, "access_grant.could_not_create_requested_access_methods", grant)); n != 2 {
						t.Errorf("%d access_grant.could_not_create_requested_access_methods, want 2 (at create, and now)", n)
					}
					// The users the grant made on the two access systems went
					// with their last credentials.
					if users := list(t, s.call(http.MethodPost, "/acs/users/list", s.A.APIKey,
						map[string]any{"user_identity_id": f.identity}), "acs_users"); len(users) != 0 {
						t.Errorf("the identity's ACS users after the space went: %v", ids(users, "acs_user_id"))
					}
				}},
			{name: "W_B's grant is untouched", method: http.MethodGet, path: "/access_grants/get", token: s.B.APIKey,
				params: map[string]any{"access_grant_id": bGrant["access_grant_id"]},
				check: func(t *testing.T, r response) {
					if d := storetest.DiffRows(beforeB, storetest.WorkspaceRows(t, st, s.B.WorkspaceID)); d != "" {
						t.Errorf("W_B changed: %s", d)
					}
				}},
		})
	})
}
