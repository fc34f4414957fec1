package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// attemptFields are the action attempt's required fields in the spec.
var attemptFields = []string{"action_attempt_id", "action_type", "status", "result", "error"}

// wantAttempt checks the action attempt of a response: UNLOCK_DOOR with
// the status, result only on success and error (of errType) only on error.
func wantAttempt(t *testing.T, r response, status, errType string) map[string]any {
	t.Helper()
	a := obj(t, r, "action_attempt")
	for _, f := range attemptFields {
		if _, ok := a[f]; !ok {
			t.Errorf("missing required field %q in %v", f, a)
		}
	}
	if a["action_type"] != "UNLOCK_DOOR" || a["status"] != status || !lintel.IsUUID(a["action_attempt_id"].(string)) {
		t.Errorf("action_attempt = %v, want an UNLOCK_DOOR attempt in status %s", a, status)
	}
	switch status {
	case "success":
		res, ok := a["result"].(map[string]any)
		if !ok || res["was_confirmed_by_device"] != true || a["error"] != nil {
			t.Errorf("successful attempt = %v", a)
		}
	case "error":
		e, ok := a["error"].(map[string]any)
		if !ok || e["type"] != errType || e["message"] == "" || a["result"] != nil {
			t.Errorf("failed attempt = %v, want error type %s", a, errType)
		}
	}
	return a
}

// sameNotFound fails unless two error responses are the same 404 but for
// the request id: another workspace's id must tell nothing a random one
// does not.
func sameNotFound(t *testing.T, a, b response) {
	t.Helper()
	ea, _ := a.Body["error"].(map[string]any)
	eb, _ := b.Body["error"].(map[string]any)
	if a.Status != http.StatusNotFound || a.Status != b.Status || ea["type"] != eb["type"] || ea["message"] != eb["message"] {
		t.Errorf("responses differ:\n%s\n%s", a.Raw, b.Raw)
	}
}

func TestUnlockAndActionAttempts(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		cards, codes := s.A.Systems[0], s.A.Systems[1] // codes' entrances open with cloud keys
		door := codes.EntranceIDs[0]
		cloudKey := func(user string, extra map[string]any) string {
			t.Helper()
			params := map[string]any{"acs_user_id": user, "access_method": "cloud_key"}
			for k, v := range extra {
				params[k] = v
			}
			r := s.call(http.MethodPost, "/acs/credentials/create", s.A.APIKey, params)
			s.ok(r)
			return obj(t, r, "acs_credential")["acs_credential_id"].(string)
		}
		key := cloudKey(codes.AcsUserIDs[0], nil)
		later := cloudKey(codes.AcsUserIDs[2], map[string]any{"starts_at": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)})
		suspendedKey := cloudKey(codes.AcsUserIDs[1], nil)
		s.ok(s.call(http.MethodPost, "/acs/users/suspend", s.A.APIKey, map[string]any{"acs_user_id": codes.AcsUserIDs[1]}))
		r := s.call(http.MethodPost, "/acs/users/create", s.A.APIKey, map[string]any{"acs_system_id": codes.AcsSystemID, "full_name": "Walk In"})
		s.ok(r)
		strangerKey := cloudKey(obj(t, r, "acs_user")["acs_user_id"].(string), nil)
		cardKey := cards.CredentialIDs[cards.AcsUserIDs[0]][0]
		bCodes := s.B.Systems[1]
		bKey := ""
		{
			r := s.call(http.MethodPost, "/acs/credentials/create", s.B.APIKey,
				map[string]any{"acs_user_id": bCodes.AcsUserIDs[0], "access_method": "cloud_key"})
			s.ok(r)
			bKey = obj(t, r, "acs_credential")["acs_credential_id"].(string)
		}
		s.app.Workspaces.SetClientSessionResolver(clientSessions{
			"scoped": {Kind: lintel.AuthClientSession, WorkspaceID: s.A.WorkspaceID, ActorID: lintel.NewID(),
				UserIdentityIDs: []string{codes.UserIdentityIDs[0]}},
		})
		const clientSession = "seam_cstscoped_x1"
		unlock := func(entrance, credential string) map[string]any {
			return map[string]any{"acs_entrance_id": entrance, "acs_credential_id": credential}
		}

		var done, refused string // attempt ids
		var cursor any
		s.run([]apiCase{
			// unlock
			{name: "unlock", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock(door, key),
				check: func(t *testing.T, r response) {
					done = wantAttempt(t, r, "success", "")["action_attempt_id"].(string)
				}},
			{name: "unlock the other door", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock(codes.EntranceIDs[1], key),
				check: func(t *testing.T, r response) { wantAttempt(t, r, "success", "") }},
			{name: "unlock by GET", method: http.MethodGet, path: "/acs/entrances/unlock", params: unlock(door, key),
				status: 405, errType: "method_not_allowed"},
			{name: "unlock without entrance", method: http.MethodPost, path: "/acs/entrances/unlock",
				params: map[string]any{"acs_credential_id": key}, status: 400, errType: "invalid_input", field: "acs_entrance_id"},
			{name: "unlock without credential", method: http.MethodPost, path: "/acs/entrances/unlock",
				params: map[string]any{"acs_entrance_id": door}, status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "unlock with a bad entrance id", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock("door", key),
				status: 400, errType: "invalid_input", field: "acs_entrance_id"},
			{name: "unlock with a bad credential id", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock(door, "key"),
				status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "unlock an unknown entrance", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock(lintel.NewID(), key),
				status: 404, errType: "acs_entrance_not_found"},
			{name: "unlock with an unknown credential", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock(door, lintel.NewID()),
				status: 404, errType: "acs_credential_not_found"},
			{name: "unlock W_B's entrance", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock(bCodes.EntranceIDs[0], key),
				status: 404, errType: "acs_entrance_not_found"},
			{name: "unlock with W_B's credential", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock(door, bKey),
				status: 404, errType: "acs_credential_not_found"},
			{name: "unlock with a card", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock(cards.EntranceIDs[0], cardKey),
				status: 400, errType: "invalid_input", field: "acs_credential_id"},
			{name: "unlock a door without cloud keys", method: http.MethodPost, path: "/acs/entrances/unlock", params: unlock(cards.EntranceIDs[0], key),
				status: 400, errType: "invalid_input", field: "acs_entrance_id"},
			{name: "unlock as a client session", token: clientSession, method: http.MethodPost, path: "/acs/entrances/unlock",
				params: unlock(door, key), status: 401, errType: "unauthorized"},
			{name: "unlock without token", token: "-", method: http.MethodPost, path: "/acs/entrances/unlock",
				params: unlock(door, key), status: 401, errType: "unauthorized"},

			// refusals end the attempt in error
			{name: "unlock with a key that does not open the door", method: http.MethodPost, path: "/acs/entrances/unlock",
				params: unlock(door, strangerKey),
				check: func(t *testing.T, r response) {
					refused = wantAttempt(t, r, "error", "no_access_to_entrance")["action_attempt_id"].(string)
				}},
			{name: "unlock with a suspended user's key", method: http.MethodPost, path: "/acs/entrances/unlock",
				params: unlock(door, suspendedKey), check: func(t *testing.T, r response) { wantAttempt(t, r, "error", "acs_user_suspended") }},
			{name: "unlock with a key not yet valid", method: http.MethodPost, path: "/acs/entrances/unlock",
				params: unlock(door, later), check: func(t *testing.T, r response) { wantAttempt(t, r, "error", "acs_credential_not_active") }},
		})
		// The cases below name the attempts made above.
		s.run([]apiCase{
			// get
			{name: "get", method: http.MethodGet, path: "/action_attempts/get", params: map[string]any{"action_attempt_id": done},
				check: func(t *testing.T, r response) {
					if a := wantAttempt(t, r, "success", ""); a["action_attempt_id"] != done {
						t.Errorf("got attempt %v, want %s", a["action_attempt_id"], done)
					}
				}},
			{name: "get by POST", method: http.MethodPost, path: "/action_attempts/get", params: map[string]any{"action_attempt_id": done},
				check: func(t *testing.T, r response) { wantAttempt(t, r, "success", "") }},
			{name: "get a failed one", method: http.MethodGet, path: "/action_attempts/get", params: map[string]any{"action_attempt_id": refused},
				check: func(t *testing.T, r response) { wantAttempt(t, r, "error", "no_access_to_entrance") }},
			{name: "get without id", method: http.MethodGet, path: "/action_attempts/get", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "action_attempt_id"},
			{name: "get with a bad id", method: http.MethodGet, path: "/action_attempts/get", params: map[string]any{"action_attempt_id": "x"},
				status: 400, errType: "invalid_input", field: "action_attempt_id"},
			{name: "get unknown", method: http.MethodGet, path: "/action_attempts/get", params: map[string]any{"action_attempt_id": lintel.NewID()},
				status: 404, errType: "action_attempt_not_found"},
			{name: "get from W_B", token: s.B.APIKey, method: http.MethodGet, path: "/action_attempts/get",
				params: map[string]any{"action_attempt_id": done}, status: 404, errType: "action_attempt_not_found"},
			{name: "get as a client session", token: clientSession, method: http.MethodGet, path: "/action_attempts/get",
				params: map[string]any{"action_attempt_id": done}, status: 404, errType: "action_attempt_not_found"},

			// list
			{name: "list", method: http.MethodGet, path: "/action_attempts/list",
				check: func(t *testing.T, r response) {
					items := list(t, r, "action_attempts")
					if len(items) != 5 || items[0]["action_attempt_id"] != done {
						t.Errorf("%d attempts (first %v), want 5, the first %s", len(items), items[0]["action_attempt_id"], done)
					}
					requireFields(t, obj(t, r, "pagination"), "has_next_page", "next_page_cursor", "next_page_url")
				}},
			{name: "list by ids", method: http.MethodPost, path: "/action_attempts/list",
				params: map[string]any{"action_attempt_ids": []string{done, refused, done}},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "action_attempts"), "action_attempt_id"); !sameIDs(got, []string{done, refused}) {
						t.Errorf("attempts %v, want %v", got, []string{done, refused})
					}
				}},
			{name: "first page", method: http.MethodGet, path: "/action_attempts/list", params: map[string]any{"limit": 3},
				check: func(t *testing.T, r response) {
					wantCount(t, r, "action_attempts", 3)
					pg := obj(t, r, "pagination")
					if pg["has_next_page"] != true {
						t.Fatalf("pagination = %v", pg)
					}
					cursor = pg["next_page_cursor"]
				}},
			{name: "list by device", method: http.MethodGet, path: "/action_attempts/list", params: map[string]any{"device_id": lintel.NewID()},
				check: func(t *testing.T, r response) { wantCount(t, r, "action_attempts", 0) }},
			{name: "list with a bad id", method: http.MethodGet, path: "/action_attempts/list",
				params: map[string]any{"action_attempt_ids": []string{"x"}}, status: 400, errType: "invalid_input", field: "action_attempt_ids"},
			{name: "list with an unknown id", method: http.MethodGet, path: "/action_attempts/list",
				params: map[string]any{"action_attempt_ids": []string{done, lintel.NewID()}}, status: 404, errType: "action_attempt_not_found"},
			{name: "list W_A's from W_B", token: s.B.APIKey, method: http.MethodGet, path: "/action_attempts/list",
				params: map[string]any{"action_attempt_ids": []string{done}}, status: 404, errType: "action_attempt_not_found"},
			{name: "W_B's list", token: s.B.APIKey, method: http.MethodGet, path: "/action_attempts/list",
				check: func(t *testing.T, r response) { wantCount(t, r, "action_attempts", 0) }},
			{name: "list as a client session", token: clientSession, method: http.MethodGet, path: "/action_attempts/list",
				status: 401, errType: "unauthorized"},
		})

		t.Run("an event for every attempt that ended", func(t *testing.T) {
			// Five attempts ended above: two successes, three refusals.
			evs := bodyList(t, s.postOK("/events/list", s.A.APIKey, map[string]any{"since": "2000-01-01T00:00:00.000Z",
				"event_types": []string{"action_attempt.unlock_door.succeeded", "action_attempt.unlock_door.failed"}}), "events")
			seen := map[string]string{}
			for _, e := range evs {
				requireFields(t, e, append(eventFields, "action_attempt_id", "action_type", "status")...)
				id, _ := e["action_attempt_id"].(string)
				if seen[id] != "" {
					t.Errorf("attempt %s has two events: %s and %v", id, seen[id], e["event_type"])
				}
				seen[id], _ = e["event_type"].(string)
				wantStatus := map[any]string{"action_attempt.unlock_door.succeeded": "success",
					"action_attempt.unlock_door.failed": "error"}[e["event_type"]]
				if e["action_type"] != "UNLOCK_DOOR" || e["status"] != wantStatus || e["workspace_id"] != s.A.WorkspaceID {
					t.Errorf("event %v: want action_type UNLOCK_DOOR, status %q, workspace %s", e, wantStatus, s.A.WorkspaceID)
				}
			}
			if len(evs) != 5 || seen[done] != "action_attempt.unlock_door.succeeded" || seen[refused] != "action_attempt.unlock_door.failed" {
				t.Errorf("%d attempt events %v; want 5, %s succeeded and %s failed", len(evs), seen, done, refused)
			}
			// The event's attempt is the one get answers.
			for _, e := range evs {
				r := s.call(http.MethodGet, "/action_attempts/get", s.A.APIKey, map[string]any{"action_attempt_id": e["action_attempt_id"]})
				s.ok(r)
				if a := obj(t, r, "action_attempt"); a["status"] != e["status"] {
					t.Errorf("attempt %v is %v, its event says %v", e["action_attempt_id"], a["status"], e["status"])
				}
			}
			// W_B sees none of them.
			if evs := bodyList(t, s.postOK("/events/list", s.B.APIKey, map[string]any{"since": "2000-01-01T00:00:00.000Z",
				"event_type": "action_attempt.unlock_door.succeeded"}), "events"); len(evs) != 0 {
				t.Errorf("W_B lists %d of W_A's attempt events", len(evs))
			}
		})

		t.Run("second page", func(t *testing.T) {
			r := s.call(http.MethodGet, "/action_attempts/list", s.A.APIKey, map[string]any{"limit": 3, "page_cursor": cursor})
			s.ok(r)
			wantCount(t, r, "action_attempts", 2)
			if obj(t, r, "pagination")["has_next_page"] != false {
				t.Errorf("pagination = %s", r.Raw)
			}
		})

		t.Run("other workspace's ids answer like random ones", func(t *testing.T) {
			random := lintel.NewID()
			sameNotFound(t, s.call(http.MethodGet, "/action_attempts/get", s.B.APIKey, map[string]any{"action_attempt_id": done}),
				s.call(http.MethodGet, "/action_attempts/get", s.B.APIKey, map[string]any{"action_attempt_id": random}))
			sameNotFound(t, s.call(http.MethodGet, "/action_attempts/list", s.B.APIKey, map[string]any{"action_attempt_ids": []string{done}}),
				s.call(http.MethodGet, "/action_attempts/list", s.B.APIKey, map[string]any{"action_attempt_ids": []string{random}}))
			sameNotFound(t, s.call(http.MethodPost, "/acs/entrances/unlock", s.B.APIKey, unlock(door, bKey)),
				s.call(http.MethodPost, "/acs/entrances/unlock", s.B.APIKey, unlock(random, bKey)))
			sameNotFound(t, s.call(http.MethodPost, "/acs/entrances/unlock", s.B.APIKey, unlock(bCodes.EntranceIDs[0], key)),
				s.call(http.MethodPost, "/acs/entrances/unlock", s.B.APIKey, unlock(bCodes.EntranceIDs[0], random)))
		})

		t.Run("W_B's unlock with its own key", func(t *testing.T) {
			r := s.call(http.MethodPost, "/acs/entrances/unlock", s.B.APIKey, unlock(bCodes.EntranceIDs[0], bKey))
			s.ok(r)
			wantAttempt(t, r, "success", "")
		})
	})
}
