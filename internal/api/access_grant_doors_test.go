package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestAccessGrantDoorsAndGoneDevices follows one grant of W_A on two
// locks (one named, one in a space), a Salto KS entrance (PIN) and a hotel
// entrance (card) through what changes its reach: each entrance becomes a
// door once a method reaches it (access_grant.access_granted_to_door), a
// card encoded again and codes programmed again reissue their methods,
// and each door goes (access_grant.access_to_door_lost) when its method is
// deleted or its access system removed. Devices and accounts removed take
// the methods' objects there with them: a method left with nothing is
// revoked and deleted, the grant warns underprovisioned_access, and no
// method points at anything gone. W_B's grant on its own places is
// untouched throughout.
func TestAccessGrantDoorsAndGoneDevices(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		f := s.grantFixture(s.A.WorkspaceID)
		bf := s.grantFixture(s.B.WorkspaceID)
		bGrant := s.postOK("/access_grants/create", s.B.APIKey, map[string]any{"user_identity_id": bf.identity,
			"device_ids": []string{bf.lock, bf.lock2}, "acs_entrance_ids": []string{bf.codeEntrance, bf.cardEntrance},
			"requested_access_methods": []map[string]any{{"mode": "code"}, {"mode": "card"}}})["access_grant"].(map[string]any)
		bMethods := toStrings(bGrant["access_method_ids"])
		s.postOK("/client_sessions/create", s.B.APIKey, map[string]any{"user_identity_id": bf.identity})
		beforeB := storetest.WorkspaceRows(t, st, s.B.WorkspaceID)

		g := s.postOK("/access_grants/create", s.A.APIKey, map[string]any{"user_identity_id": f.identity,
			"device_ids": []string{f.lock}, "space_ids": []string{f.space}, "acs_entrance_ids": []string{f.codeEntrance, f.cardEntrance},
			"ends_at":                  time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339),
			"requested_access_methods": []map[string]any{{"mode": "code"}, {"mode": "card"}}})["access_grant"].(map[string]any)
		grant := g["access_grant_id"].(string)
		var codeMethod, cardMethod string
		for _, m := range list(t, s.call(http.MethodGet, "/access_methods/list", s.A.APIKey, map[string]any{"access_grant_id": grant}), "access_methods") {
			if m["mode"] == "code" {
				codeMethod = m["access_method_id"].(string)
			} else {
				cardMethod = m["access_method_id"].(string)
			}
		}
		doors := func(t *testing.T, eventType string, want ...string) {
			t.Helper()
			s.wantDoorEvents(t, grant, eventType, want...)
		}
		count := func(t *testing.T, eventType, id string, want int) {
			t.Helper()
			if n := len(s.grantEvents(s.A.WorkspaceID, eventType, id)); n != want {
				t.Errorf("%d %s about %s, want %d", n, eventType, id, want)
			}
		}
		methodsOn := func(t *testing.T, deviceID string) []string {
			t.Helper()
			return ids(list(t, s.call(http.MethodGet, "/access_methods/list", s.A.APIKey,
				map[string]any{"access_grant_id": grant, "device_id": deviceID}), "access_methods"), "access_method_id")
		}
		warned := func(t *testing.T) {
			t.Helper()
			g := obj(t, s.call(http.MethodGet, "/access_grants/get", s.A.APIKey, map[string]any{"access_grant_id": grant}), "access_grant")
			if !slices.ContainsFunc(g["warnings"].([]any), func(w any) bool {
				return w.(map[string]any)["warning_code"] == "underprovisioned_access"
			}) {
				t.Errorf("warnings = %v, want underprovisioned_access", g["warnings"])
			}
		}
		session := func(key, identity string) string {
			return s.postOK("/client_sessions/create", key, map[string]any{"user_identity_id": identity})["client_session"].(map[string]any)["client_session_id"].(string)
		}
		guestSession := session(s.A.APIKey, f.identity)
		other := s.postOK("/user_identities/create", s.A.APIKey, map[string]any{"full_name": "Someone else"})["user_identity"].(map[string]any)["user_identity_id"].(string)
		session(s.A.APIKey, other)
		sessionsOf := func(t *testing.T, r response) []string {
			t.Helper()
			var out []map[string]any
			for _, c := range obj(t, r, "batch")["client_sessions"].([]any) {
				out = append(out, c.(map[string]any))
			}
			return ids(out, "client_session_id")
		}
		s.run([]apiCase{
			{name: "get_related names the client sessions of the grant's identity", method: http.MethodPost, path: "/access_methods/get_related",
				params: map[string]any{"access_method_ids": []string{codeMethod, cardMethod}, "include": []string{"client_sessions"}},
				check: func(t *testing.T, r response) {
					if got := sessionsOf(t, r); !slices.Equal(got, []string{guestSession}) {
						t.Errorf("client_sessions = %v, want %v", got, []string{guestSession})
					}
					if b := obj(t, r, "batch"); b["access_methods"] != nil {
						t.Errorf("batch = %v, want only client_sessions", b)
					}
				}},
			{name: "get_related includes them by default", method: http.MethodPost, path: "/access_methods/get_related",
				params: map[string]any{"access_method_ids": []string{codeMethod}},
				check: func(t *testing.T, r response) {
					if got := sessionsOf(t, r); !slices.Equal(got, []string{guestSession}) {
						t.Errorf("client_sessions = %v", got)
					}
				}},
			{name: "W_B asks for A's method's related", method: http.MethodPost, path: "/access_methods/get_related", token: s.B.APIKey,
				params: map[string]any{"access_method_ids": []string{codeMethod}}, status: 404, errType: "access_method_not_found"},
			{name: "the PIN reaches its entrance at once; the card waits for its encoding", method: http.MethodGet, path: "/access_grants/get",
				params: map[string]any{"access_grant_id": grant},
				check: func(t *testing.T, r response) {
					doors(t, "access_grant.access_granted_to_door", f.codeEntrance)
					count(t, "access_grant.access_granted_to_all_doors", grant, 0)
					if w := obj(t, r, "access_grant")["warnings"].([]any); len(w) != 1 {
						t.Errorf("warnings = %v, want only the keyless lock's", w)
					}
				}},
			{name: "encoding the card opens the hotel entrance", method: http.MethodPost, path: "/access_methods/encode",
				params: map[string]any{"access_method_id": cardMethod, "acs_encoder_id": f.encoder},
				check: func(t *testing.T, r response) {
					wantEncoderAttempt("ENCODE_CREDENTIAL", "success", "", nil)(t, r)
					doors(t, "access_grant.access_granted_to_door", f.codeEntrance, f.cardEntrance)
					count(t, "access_grant.access_granted_to_all_doors", grant, 1)
					count(t, "access_method.issued", cardMethod, 1)
					count(t, "access_method.reissued", cardMethod, 0)
				}},
			{name: "encoding it again reissues the card", method: http.MethodPost, path: "/access_methods/encode",
				params: map[string]any{"access_method_id": cardMethod, "acs_encoder_id": f.encoder},
				check: func(t *testing.T, r response) {
					wantEncoderAttempt("ENCODE_CREDENTIAL", "success", "", nil)(t, r)
					count(t, "access_method.reissued", cardMethod, 1)
					count(t, "access_method.issued", cardMethod, 1)
					doors(t, "access_grant.access_granted_to_door", f.codeEntrance, f.cardEntrance)
				}},
			{name: "new times program the codes again: the PIN is reissued once", method: http.MethodPost, path: "/access_grants/update",
				params: map[string]any{"access_grant_id": grant, "ends_at": time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)},
				check: func(t *testing.T, r response) {
					count(t, "access_method.reissued", codeMethod, 1)
					if evs := s.grantEvents(s.A.WorkspaceID, "access_method.reissued", codeMethod); len(evs) == 1 &&
						(evs[0]["code"] == nil || !slices.Equal(toStrings(evs[0]["access_grant_ids"]), []string{grant})) {
						t.Errorf("access_method.reissued = %v", evs[0])
					}
					count(t, "access_method.reissued", cardMethod, 1)
					doors(t, "access_grant.access_to_door_lost")
				}},
			{name: "deleting the card method loses the hotel entrance", method: http.MethodPost, path: "/access_methods/delete",
				params: map[string]any{"access_method_id": cardMethod},
				check: func(t *testing.T, r response) {
					doors(t, "access_grant.access_to_door_lost", f.cardEntrance)
					count(t, "access_method.revoked", cardMethod, 1)
				}},
			{name: "deleting the named lock drops the PIN there; the method lives on", method: http.MethodDelete, path: "/devices/delete",
				params: map[string]any{"device_id": f.lock},
				check: func(t *testing.T, r response) {
					if got := methodsOn(t, f.lock); len(got) != 0 {
						t.Errorf("methods on the deleted lock: %v", got)
					}
					if got := methodsOn(t, f.lock2); !slices.Equal(got, []string{codeMethod}) {
						t.Errorf("methods on the other lock: %v", got)
					}
					count(t, "access_method.deleted", codeMethod, 0)
					warned(t)
					doors(t, "access_grant.access_to_door_lost", f.cardEntrance)
				}},
			{name: "removing the Yale's account drops the PIN on the space's lock", method: http.MethodDelete, path: "/connected_accounts/delete",
				params: map[string]any{"connected_account_id": f.yaleAccount},
				check: func(t *testing.T, r response) {
					if got := methodsOn(t, f.lock2); len(got) != 0 {
						t.Errorf("methods on the removed lock: %v", got)
					}
					m := obj(t, s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": codeMethod}), "access_method")
					if m["is_issued"] != true {
						t.Errorf("the PIN on the entrance = %v", m)
					}
					r2 := s.call(http.MethodGet, "/access_methods/get_related", s.A.APIKey, map[string]any{"access_method_ids": []string{codeMethod},
						"include": []string{"devices", "acs_credentials"}})
					b := obj(t, r2, "batch")
					var devices []map[string]any
					for _, d := range b["devices"].([]any) {
						devices = append(devices, d.(map[string]any))
					}
					if got := ids(devices, "device_id"); slices.Contains(got, f.lock) || slices.Contains(got, f.lock2) ||
						len(b["acs_credentials"].([]any)) != 1 {
						t.Errorf("related devices %v, credentials %v", got, b["acs_credentials"])
					}
				}},
			{name: "removing the entrance's account ends the PIN and loses its door", method: http.MethodDelete, path: "/connected_accounts/delete",
				params: map[string]any{"connected_account_id": s.A.Systems[1].ConnectedAccountID},
				check: func(t *testing.T, r response) {
					s.wantError(s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": codeMethod}),
						404, "access_method_not_found")
					count(t, "access_method.revoked", codeMethod, 1)
					count(t, "access_method.deleted", codeMethod, 1)
					doors(t, "access_grant.access_to_door_lost", f.cardEntrance, f.codeEntrance)
					g := obj(t, s.call(http.MethodGet, "/access_grants/get", s.A.APIKey, map[string]any{"access_grant_id": grant}), "access_grant")
					if len(toStrings(g["access_method_ids"])) != 0 {
						t.Errorf("access_method_ids = %v", g["access_method_ids"])
					}
					warned(t)
				}},
			{name: "W_B's grant is untouched", method: http.MethodGet, path: "/access_grants/get", token: s.B.APIKey,
				params: map[string]any{"access_grant_id": bGrant["access_grant_id"]},
				check: func(t *testing.T, r response) {
					if got := toStrings(obj(t, r, "access_grant")["access_method_ids"]); !slices.Equal(got, bMethods) {
						t.Errorf("W_B's methods = %v, want %v", got, bMethods)
					}
					if d := storetest.DiffRows(beforeB, storetest.WorkspaceRows(t, st, s.B.WorkspaceID)); d != "" {
						t.Errorf("W_B changed: %s", d)
					}
				}},
		})
	})
}

// wantDoorEvents checks the entrances W_A's events of a type about a grant
// name (access_granted_to_door, access_to_door_lost), in any order.
func (s *testServer) wantDoorEvents(t *testing.T, grant, eventType string, want ...string) {
	t.Helper()
	var got []string
	for _, e := range s.grantEvents(s.A.WorkspaceID, eventType, grant) {
		got = append(got, e["acs_entrance_id"].(string))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s about entrances %v, want %v", eventType, got, want)
	}
}
