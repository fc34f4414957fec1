package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

var eventFields = []string{"event_id", "event_type", "workspace_id", "created_at", "occurred_at"}

func TestEvents(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		a := s.A.APIKey
		vis, salto := s.A.Systems[0], s.A.Systems[1]
		// Two deletions make events: one per credential, one per user.
		s.ok(s.call(http.MethodPost, "/acs/users/delete", a, map[string]any{"acs_user_id": vis.AcsUserIDs[0]}))
		s.ok(s.call(http.MethodPost, "/acs/users/delete", a, map[string]any{"acs_user_id": salto.AcsUserIDs[0]}))
		since := "2000-01-01T00:00:00.000Z"
		all := bodyList(t, s.postOK("/events/list", a, map[string]any{"since": since}), "events")
		// Visionline users hold 2 cards, Salto users 1 code.
		if len(all) != 5 {
			t.Fatalf("%d events, want 5: %v", len(all), all)
		}
		for _, e := range all {
			requireFields(t, e, eventFields...)
			requireFields(t, e, "acs_system_id")
		}
		first := all[len(all)-1]

		s.runCases(t, []routeCase{
			{name: "list needs a window", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"limit": 10}, status: 400, errType: "invalid_input"},
			{name: "list both windows", method: http.MethodPost, path: "/events/list", token: a,
				params: map[string]any{"since": since, "between": []string{since, "2100-01-01T00:00:00Z"}}, status: 400, errType: "invalid_input"},
			{name: "list bad since", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"since": "yesterday"}, status: 400, errType: "invalid_input"},
			{name: "list bad type", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"since": since, "event_types": []string{"acs_user.created", "acs_user.updated"}}, status: 400, errType: "invalid_input"},
			{name: "list one between", method: http.MethodPost, path: "/events/list", token: a,
				params: map[string]any{"between": []string{since}}, status: 400, errType: "invalid_input"},
			{name: "list limit 0", method: http.MethodPost, path: "/events/list", token: a,
				params: map[string]any{"since": since, "limit": 0}, status: 400, errType: "invalid_input"},
			{name: "list by type (GET)", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"since": since, "event_types": []string{"acs_user.deleted"}}, check: func(t *testing.T, body map[string]any) {
					got := bodyList(t, body, "events")
					if len(got) != 2 || got[0]["event_type"] != "acs_user.deleted" {
						t.Errorf("by type: %v", got)
					}
					if _, paginated := body["pagination"]; paginated {
						t.Errorf("events/list is not paginated")
					}
				}},
			{name: "list by singular type", method: http.MethodPost, path: "/events/list", token: a,
				params: map[string]any{"since": since, "event_type": "acs_credential.deleted"}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "events")); n != 3 {
						t.Errorf("credential events: %d", n)
					}
				}},
			{name: "list limit and offset", method: http.MethodPost, path: "/events/list", token: a,
				params: map[string]any{"since": since, "limit": 2, "unstable_offset": 1}, check: func(t *testing.T, body map[string]any) {
					if got := ids(bodyList(t, body, "events"), "event_id"); !slices.Equal(got, ids(all[1:3], "event_id")) {
						t.Errorf("limit 2 offset 1 = %v", got)
					}
				}},
			{name: "list huge limit is clamped", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"since": since, "limit": 1e9}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "events")); n != 5 {
						t.Errorf("events = %d", n)
					}
				}},
			{name: "list between excludes", method: http.MethodPost, path: "/events/list", token: a,
				params: map[string]any{"between": []string{since, first["created_at"].(string)}}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "events")); n != 0 {
						t.Errorf("between is exclusive; got %d events", n)
					}
				}},
			{name: "list between includes", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"between": []string{since, "2100-01-01T00:00:00.000Z"}}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "events")); n != 5 {
						t.Errorf("events = %d", n)
					}
				}},
			{name: "list since the future", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"since": "2100-01-01"}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "events")); n != 0 {
						t.Errorf("events = %d", n)
					}
				}},
			{name: "list by user", method: http.MethodPost, path: "/events/list", token: a,
				params: map[string]any{"since": since, "acs_user_id": salto.AcsUserIDs[0]}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "events")); n != 2 {
						t.Errorf("events of the salto user = %d", n)
					}
				}},
			{name: "list by system ids", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"since": since, "acs_system_ids": []string{vis.AcsSystemID}}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "events")); n != 3 {
						t.Errorf("events of visionline = %d", n)
					}
				}},
			{name: "list by event ids", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"since": since, "event_ids": []string{first["event_id"].(string)}}, check: func(t *testing.T, body map[string]any) {
					if got := ids(bodyList(t, body, "events"), "event_id"); !slices.Equal(got, []string{first["event_id"].(string)}) {
						t.Errorf("by id = %v", got)
					}
				}},
			{name: "list by device", method: http.MethodGet, path: "/events/list", token: a,
				params: map[string]any{"since": since, "device_id": "00000000-0000-4000-8000-000000000000"}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "events")); n != 0 {
						t.Errorf("device events = %d", n)
					}
				}},
			{name: "list other workspace", method: http.MethodGet, path: "/events/list", token: s.B.APIKey,
				params: map[string]any{"since": since}, check: func(t *testing.T, body map[string]any) {
					if n := len(bodyList(t, body, "events")); n != 0 {
						t.Errorf("B sees %d of A's events", n)
					}
				}},

			{name: "get by id", method: http.MethodGet, path: "/events/get", token: a,
				params: map[string]any{"event_id": first["event_id"]}, check: func(t *testing.T, body map[string]any) {
					e := bodyObj(t, body, "event")
					requireFields(t, e, eventFields...)
					if e["event_id"] != first["event_id"] || e["workspace_id"] != s.A.WorkspaceID {
						t.Errorf("event = %v", e)
					}
				}},
			{name: "get newest of type", method: http.MethodPost, path: "/events/get", token: a,
				params: map[string]any{"event_type": "acs_user.deleted"}, check: func(t *testing.T, body map[string]any) {
					if e := bodyObj(t, body, "event"); e["acs_user_id"] != salto.AcsUserIDs[0] {
						t.Errorf("newest acs_user.deleted = %v", e)
					}
				}},
			{name: "get none", method: http.MethodGet, path: "/events/get", token: a,
				params: map[string]any{}, status: 400, errType: "invalid_input"},
			{name: "get bad type", method: http.MethodGet, path: "/events/get", token: a,
				params: map[string]any{"event_type": "nope"}, status: 400, errType: "invalid_input"},
			{name: "get unknown", method: http.MethodGet, path: "/events/get", token: a,
				params: map[string]any{"event_id": "00000000-0000-4000-8000-000000000000"}, status: 404, errType: "event_not_found"},
			{name: "get type never seen", method: http.MethodGet, path: "/events/get", token: a,
				params: map[string]any{"event_type": "acs_user.created"}, status: 404, errType: "event_not_found"},
			{name: "get device", method: http.MethodGet, path: "/events/get", token: a,
				params: map[string]any{"device_id": "00000000-0000-4000-8000-000000000000"}, status: 404, errType: "event_not_found"},
		})

		t.Run("client session scope", func(t *testing.T) {
			s := s.forT(t)
			// The Salto user deleted above belonged to this identity; its
			// link went with the deletion, so a session of the identity of
			// a live Salto user sees none of these events...
			tok := s.clientSession(a, map[string]any{"user_identity_id": salto.UserIdentityIDs[1]})
			r := s.call(http.MethodGet, "/events/list", tok, map[string]any{"since": since})
			s.ok(r)
			if n := len(bodyList(t, r.Body, "events")); n != 0 {
				t.Errorf("client session sees %d events of others", n)
			}
			s.wantError(s.call(http.MethodGet, "/events/get", tok, map[string]any{"event_id": first["event_id"]}), 404, "event_not_found")
			// ...but the events of its own user once that user is gone.
			body := s.postOK("/user_identities/create", a, map[string]any{"full_name": "Scoped"})
			ident := bodyObj(t, body, "user_identity")["user_identity_id"].(string)
			s.ok(s.call(http.MethodPost, "/acs/users/create", a, map[string]any{"acs_system_id": salto.AcsSystemID,
				"full_name": "Scoped", "user_identity_id": ident}))
			tok2 := s.clientSession(a, map[string]any{"user_identity_id": ident})
			r = s.call(http.MethodGet, "/events/list", tok2, map[string]any{"since": since})
			s.ok(r)
			if got := bodyList(t, r.Body, "events"); len(got) != 1 || got[0]["event_type"] != "acs_user.created" {
				t.Errorf("scoped session's events: %v", got)
			}
		})
	})
}
