package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

var unmanagedGrantFields = []string{"workspace_id", "access_grant_id", "location_ids", "space_ids", "requested_access_methods",
	"access_method_ids", "name", "display_name", "created_at", "starts_at", "ends_at", "warnings", "errors", "pending_mutations"}

// TestUnmanagedAccessGrants drives the unmanaged grants and methods through
// the life of the unmanaged codes they are: found on locks (one grant per
// PIN and time frame), listed with their ids unchanged from call to call,
// gone with their codes (off the lock, converted, the device gone), and
// converted to managed with access_grants/unmanaged/update.
func TestUnmanagedAccessGrants(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		ws := s.A.WorkspaceID
		f := s.grantFixture(ws)
		bf := s.grantFixture(s.B.WorkspaceID)
		found := func(deviceID, code, name string) string {
			t.Helper()
			c := s.postOK("/access_codes/simulate/create_unmanaged_access_code", s.A.APIKey,
				map[string]any{"device_id": deviceID, "code": code, "name": name})["access_code"].(map[string]any)
			return c["access_code_id"].(string)
		}
		// 4455 on two locks is one grant; 7788 is another.
		front4455, back4455, front7788 := found(f.lock, "4455", "Neighbour"), found(f.lock2, "4455", "Neighbour 2"), found(f.lock, "7788", "Cleaner")
		managed := s.postOK("/access_grants/create", s.A.APIKey, map[string]any{"user_identity_id": f.identity,
			"device_ids": []string{f.lock}, "access_grant_key": "stay-1", "requested_access_methods": []map[string]any{{"mode": "code"}}},
		)["access_grant"].(map[string]any)
		managedID, managedMethod := managed["access_grant_id"].(string), toStrings(managed["access_method_ids"])[0]

		var shared, single, onFront, onBack, alone, cursor string
		grantsOf := func(t *testing.T, r response) map[string]map[string]any {
			t.Helper()
			out := map[string]map[string]any{}
			for _, g := range list(t, r, "access_grants") {
				requireFields(t, g, unmanagedGrantFields...)
				out[g["access_grant_id"].(string)] = g
			}
			return out
		}
		before := storetest.WorkspaceRows(t, st, s.B.WorkspaceID)
		s.run([]apiCase{
			{name: "list", method: http.MethodGet, path: "/access_grants/unmanaged/list",
				check: func(t *testing.T, r response) {
					grants := list(t, r, "access_grants")
					if len(grants) != 2 {
						t.Fatalf("access_grants = %v", grants)
					}
					for _, g := range grants {
						requireFields(t, g, unmanagedGrantFields...)
						switch len(toStrings(g["access_method_ids"])) {
						case 2:
							shared = g["access_grant_id"].(string)
							if g["name"] != "Neighbour" || g["ends_at"] != nil || !slices.Equal(toStrings(g["space_ids"]), []string{f.space}) ||
								g["user_identity_id"] != nil {
								t.Errorf("the 4455 grant = %v", g)
							}
						case 1:
							single = g["access_grant_id"].(string)
							alone = toStrings(g["access_method_ids"])[0]
							if g["name"] != "Cleaner" || len(toStrings(g["space_ids"])) != 0 {
								t.Errorf("the 7788 grant = %v", g)
							}
						}
					}
					if shared == "" || single == "" || shared == managedID || single == managedID {
						t.Errorf("access_grants = %v", grants)
					}
				}},
			{name: "the same ids again", method: http.MethodPost, path: "/access_grants/unmanaged/list",
				check: func(t *testing.T, r response) {
					if got := grantsOf(t, r); len(got) != 2 || got[shared] == nil || got[single] == nil {
						t.Errorf("access_grants = %v, want %s and %s", got, shared, single)
					}
				}},
			{name: "get", method: http.MethodGet, path: "/access_grants/unmanaged/get", params: map[string]any{"access_grant_id": &shared},
				check: func(t *testing.T, r response) {
					g := obj(t, r, "access_grant")
					requireFields(t, g, unmanagedGrantFields...)
					if g["access_grant_id"] != shared || len(toStrings(g["access_method_ids"])) != 2 {
						t.Errorf("access_grant = %v", g)
					}
				}},
			{name: "its methods", method: http.MethodPost, path: "/access_methods/unmanaged/list", params: map[string]any{"access_grant_id": &shared},
				check: func(t *testing.T, r response) {
					methods := list(t, r, "access_methods")
					if len(methods) != 2 {
						t.Fatalf("access_methods = %v", methods)
					}
					for _, m := range methods {
						requireFields(t, m, methodFields...)
						if m["mode"] != "code" || m["code"] != "4455" || m["is_issued"] != true || m["issued_at"] == nil {
							t.Errorf("access_method = %v", m)
						}
					}
				}},
			{name: "its method on a lock", method: http.MethodGet, path: "/access_methods/unmanaged/list",
				params: map[string]any{"access_grant_id": &shared, "device_id": f.lock},
				check: func(t *testing.T, r response) {
					got := ids(list(t, r, "access_methods"), "access_method_id")
					if len(got) != 1 {
						t.Fatalf("access_methods = %v", got)
					}
					onFront = got[0]
				}},
			{name: "its method in a space", method: http.MethodGet, path: "/access_methods/unmanaged/list",
				params: map[string]any{"access_grant_id": &shared, "space_id": f.space},
				check: func(t *testing.T, r response) {
					got := ids(list(t, r, "access_methods"), "access_method_id")
					if len(got) != 1 || got[0] == onFront {
						t.Fatalf("access_methods = %v", got)
					}
					onBack = got[0]
				}},
			{name: "its methods on an entrance", method: http.MethodGet, path: "/access_methods/unmanaged/list",
				params: map[string]any{"access_grant_id": &shared, "acs_entrance_id": f.codeEntrance},
				check: func(t *testing.T, r response) {
					if got := list(t, r, "access_methods"); len(got) != 0 {
						t.Errorf("access_methods = %v", got)
					}
				}},
			{name: "get a method", method: http.MethodGet, path: "/access_methods/unmanaged/get", params: map[string]any{"access_method_id": &onFront},
				check: func(t *testing.T, r response) {
					if m := obj(t, r, "access_method"); m["access_method_id"] != onFront || m["code"] != "4455" || m["display_status"] != "issued" {
						t.Errorf("access_method = %v", m)
					}
				}},
			{name: "filters unmanaged grants cannot match", method: http.MethodPost, path: "/access_grants/unmanaged/list",
				params: map[string]any{"user_identity_id": f.identity},
				check: func(t *testing.T, r response) {
					if got := list(t, r, "access_grants"); len(got) != 0 {
						t.Errorf("access_grants = %v", got)
					}
				}},
			{name: "by reservation and system", method: http.MethodGet, path: "/access_grants/unmanaged/list",
				params: map[string]any{"reservation_key": "res-1", "acs_system_id": f.cardSystem, "acs_entrance_id": f.cardEntrance},
				check: func(t *testing.T, r response) {
					if got := list(t, r, "access_grants"); len(got) != 0 {
						t.Errorf("access_grants = %v", got)
					}
				}},
			{name: "one page", method: http.MethodGet, path: "/access_grants/unmanaged/list", params: map[string]any{"limit": 1},
				check: func(t *testing.T, r response) {
					pg := obj(t, r, "pagination")
					if got := list(t, r, "access_grants"); len(got) != 1 || pg["has_next_page"] != true {
						t.Fatalf("access_grants = %v, pagination %v", got, pg)
					}
					cursor = pg["next_page_cursor"].(string)
				}},
			{name: "the next page", method: http.MethodGet, path: "/access_grants/unmanaged/list", params: map[string]any{"limit": 1, "page_cursor": &cursor},
				check: func(t *testing.T, r response) {
					if got := list(t, r, "access_grants"); len(got) != 1 || obj(t, r, "pagination")["has_next_page"] != false {
						t.Errorf("access_grants = %v", got)
					}
				}},

			// Managed and unmanaged never see one another.
			{name: "access_grants/get does not see it", method: http.MethodGet, path: "/access_grants/get",
				params: map[string]any{"access_grant_id": &shared}, status: 404, errType: "access_grant_not_found"},
			{name: "access_grants/list does not list it", method: http.MethodGet, path: "/access_grants/list",
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "access_grants"), "access_grant_id"); !slices.Equal(got, []string{managedID}) {
						t.Errorf("access_grants = %v", got)
					}
				}},
			{name: "access_methods/get does not see its method", method: http.MethodGet, path: "/access_methods/get",
				params: map[string]any{"access_method_id": &onFront}, status: 404, errType: "access_method_not_found"},
			{name: "access_methods/list does not list its methods", method: http.MethodGet, path: "/access_methods/list",
				params: map[string]any{"access_grant_id": &shared}, status: 404, errType: "access_grant_not_found"},
			{name: "a managed grant is not an unmanaged one", method: http.MethodGet, path: "/access_grants/unmanaged/get",
				params: map[string]any{"access_grant_id": managedID}, status: 404, errType: "access_grant_not_found"},
			{name: "nor its method", method: http.MethodGet, path: "/access_methods/unmanaged/get",
				params: map[string]any{"access_method_id": managedMethod}, status: 404, errType: "access_method_not_found"},
			{name: "nor its methods", method: http.MethodGet, path: "/access_methods/unmanaged/list",
				params: map[string]any{"access_grant_id": managedID}, status: 404, errType: "access_grant_not_found"},

			// Bad input.
			{name: "get without an id", method: http.MethodGet, path: "/access_grants/unmanaged/get",
				status: 400, errType: "invalid_input", field: "access_grant_id"},
			{name: "get a bad id", method: http.MethodGet, path: "/access_grants/unmanaged/get", params: map[string]any{"access_grant_id": "x"},
				status: 400, errType: "invalid_input", field: "access_grant_id"},
			{name: "list with a bad limit", method: http.MethodGet, path: "/access_grants/unmanaged/list", params: map[string]any{"limit": 0},
				status: 400, errType: "invalid_input", field: "limit"},
			{name: "list with a bad cursor", method: http.MethodGet, path: "/access_grants/unmanaged/list", params: map[string]any{"page_cursor": "nope"},
				status: 400, errType: "invalid_input", field: "page_cursor"},
			{name: "methods without a grant", method: http.MethodGet, path: "/access_methods/unmanaged/list", params: map[string]any{"device_id": f.lock},
				status: 400, errType: "invalid_input", field: "access_grant_id"},
			{name: "methods in an unknown space", method: http.MethodGet, path: "/access_methods/unmanaged/list",
				params: map[string]any{"access_grant_id": &shared, "space_id": bf.space}, status: 404, errType: "space_not_found"},
			{name: "methods on an unknown entrance", method: http.MethodGet, path: "/access_methods/unmanaged/list",
				params: map[string]any{"access_grant_id": &shared, "acs_entrance_id": bf.codeEntrance}, status: 404, errType: "acs_entrance_not_found"},
			{name: "get a method without an id", method: http.MethodPost, path: "/access_methods/unmanaged/get",
				status: 400, errType: "invalid_input", field: "access_method_id"},
			{name: "update without is_managed", method: http.MethodPatch, path: "/access_grants/unmanaged/update",
				params: map[string]any{"access_grant_id": &shared}, status: 400, errType: "invalid_input", field: "is_managed"},
			{name: "update with is_managed false", method: http.MethodPatch, path: "/access_grants/unmanaged/update",
				params: map[string]any{"access_grant_id": &shared, "is_managed": false}, status: 400, errType: "invalid_input", field: "is_managed"},
			{name: "update with an empty key", method: http.MethodPost, path: "/access_grants/unmanaged/update",
				params: map[string]any{"access_grant_id": &shared, "is_managed": true, "access_grant_key": ""},
				status: 400, errType: "invalid_input", field: "access_grant_key"},
			{name: "update with a taken key", method: http.MethodPost, path: "/access_grants/unmanaged/update",
				params: map[string]any{"access_grant_id": &shared, "is_managed": true, "access_grant_key": "stay-1"},
				status: 409, errType: "conflict"},

			// Tenancy.
			{name: "W_B gets it", method: http.MethodGet, path: "/access_grants/unmanaged/get", token: s.B.APIKey,
				params: map[string]any{"access_grant_id": &shared}, status: 404, errType: "access_grant_not_found"},
			{name: "W_B lists", method: http.MethodGet, path: "/access_grants/unmanaged/list", token: s.B.APIKey,
				check: func(t *testing.T, r response) {
					if got := list(t, r, "access_grants"); len(got) != 0 {
						t.Errorf("access_grants = %v", got)
					}
				}},
			{name: "W_B lists its methods", method: http.MethodGet, path: "/access_methods/unmanaged/list", token: s.B.APIKey,
				params: map[string]any{"access_grant_id": &shared}, status: 404, errType: "access_grant_not_found"},
			{name: "W_B gets a method", method: http.MethodGet, path: "/access_methods/unmanaged/get", token: s.B.APIKey,
				params: map[string]any{"access_method_id": &onFront}, status: 404, errType: "access_method_not_found"},
			{name: "W_B converts it", method: http.MethodPatch, path: "/access_grants/unmanaged/update", token: s.B.APIKey,
				params: map[string]any{"access_grant_id": &shared, "is_managed": true}, status: 404, errType: "access_grant_not_found"},
			{name: "W_B is untouched", method: http.MethodGet, path: "/workspaces/get", token: s.B.APIKey,
				check: func(t *testing.T, r response) {
					if d := storetest.DiffRows(before, storetest.WorkspaceRows(t, st, s.B.WorkspaceID)); d != "" {
						t.Errorf("W_B changed: %s", d)
					}
				}},
			{name: "the refused calls changed nothing", method: http.MethodGet, path: "/access_grants/unmanaged/get", params: map[string]any{"access_grant_id": &shared},
				check: func(t *testing.T, r response) {
					if g := obj(t, r, "access_grant"); len(toStrings(g["access_method_ids"])) != 2 {
						t.Errorf("access_grant = %v", g)
					}
					s.wantError(s.call(http.MethodGet, "/access_grants/get", s.A.APIKey, map[string]any{"access_grant_id": shared}),
						404, "access_grant_not_found")
				}},

			// A code taken off its lock takes its method, and its grant
			// when it was the last.
			{name: "the 7788 code goes", method: http.MethodPost, path: "/access_codes/unmanaged/delete", params: map[string]any{"access_code_id": front7788},
				check: func(t *testing.T, r response) {
					s.wantError(s.call(http.MethodGet, "/access_grants/unmanaged/get", s.A.APIKey, map[string]any{"access_grant_id": single}),
						404, "access_grant_not_found")
					s.wantError(s.call(http.MethodGet, "/access_methods/unmanaged/get", s.A.APIKey, map[string]any{"access_method_id": alone}),
						404, "access_method_not_found")
				}},
			// A code converted to managed leaves the unmanaged grant.
			{name: "convert the back 4455", method: http.MethodPost, path: "/access_codes/unmanaged/convert_to_managed", params: map[string]any{"access_code_id": back4455},
				check: func(t *testing.T, r response) {
					s.wantError(s.call(http.MethodGet, "/access_methods/unmanaged/get", s.A.APIKey, map[string]any{"access_method_id": onBack}),
						404, "access_method_not_found")
					g := obj(t, s.call(http.MethodGet, "/access_grants/unmanaged/get", s.A.APIKey, map[string]any{"access_grant_id": shared}), "access_grant")
					if !slices.Equal(toStrings(g["access_method_ids"]), []string{onFront}) || len(toStrings(g["space_ids"])) != 0 {
						t.Errorf("access_grant = %v", g)
					}
				}},

			// Converting the grant.
			{name: "convert the grant", method: http.MethodPatch, path: "/access_grants/unmanaged/update",
				params: map[string]any{"access_grant_id": &shared, "is_managed": true, "access_grant_key": "found-1"},
				check: func(t *testing.T, r response) {
					s.wantError(s.call(http.MethodGet, "/access_grants/unmanaged/get", s.A.APIKey, map[string]any{"access_grant_id": shared}),
						404, "access_grant_not_found")
					s.wantError(s.call(http.MethodGet, "/access_methods/unmanaged/get", s.A.APIKey, map[string]any{"access_method_id": onFront}),
						404, "access_method_not_found")
					g := obj(t, s.call(http.MethodGet, "/access_grants/get", s.A.APIKey, map[string]any{"access_grant_key": "found-1"}), "access_grant")
					requireFields(t, g, grantFields...)
					if g["access_grant_id"] != shared || !slices.Equal(toStrings(g["access_method_ids"]), []string{onFront}) ||
						g["user_identity_id"] == "" || g["user_identity_id"] == f.identity || g["display_status"] != "granted" || g["name"] != "Neighbour" {
						t.Errorf("access_grant = %v", g)
					}
					m := obj(t, s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": onFront}), "access_method")
					if m["code"] != "4455" || m["is_issued"] != true {
						t.Errorf("access_method = %v", m)
					}
					if c := obj(t, s.call(http.MethodGet, "/access_codes/get", s.A.APIKey, map[string]any{"access_code_id": front4455}), "access_code"); c["is_managed"] != true {
						t.Errorf("access_code = %v", c)
					}
					byCode := list(t, s.call(http.MethodGet, "/access_grants/list", s.A.APIKey, map[string]any{"access_code_id": front4455}), "access_grants")
					if got := ids(byCode, "access_grant_id"); !slices.Equal(got, []string{shared}) {
						t.Errorf("access_grants/list by its code = %v", got)
					}
					for _, c := range []struct {
						eventType, id string
					}{{"access_grant.created", shared}, {"access_method.created", onFront}} {
						if n := len(s.grantEvents(ws, c.eventType, c.id)); n != 1 {
							t.Errorf("%d %s events about %s, want 1", n, c.eventType, c.id)
						}
					}
					if n := s.events(ws, "access_code.unmanaged.converted_to_managed", store.EventFilter{AccessCodeIDs: []string{front4455}}); n != 1 {
						t.Errorf("%d access_code.unmanaged.converted_to_managed", n)
					}
				}},
			{name: "convert it again", method: http.MethodPatch, path: "/access_grants/unmanaged/update",
				params: map[string]any{"access_grant_id": &shared, "is_managed": true}, status: 404, errType: "access_grant_not_found"},
			{name: "the converted grant deletes like a managed one", method: http.MethodDelete, path: "/access_grants/delete",
				params: map[string]any{"access_grant_id": &shared},
				check: func(t *testing.T, r response) {
					if codes := s.sandboxCodes(ws, f.lock); slices.Contains(codes, "4455") {
						t.Errorf("the lock still holds 4455: %v", codes)
					}
					s.wantError(s.call(http.MethodGet, "/access_codes/get", s.A.APIKey, map[string]any{"access_code_id": front4455}),
						404, "access_code_not_found")
				}},
		})

		// A code that is gone from the lock when reconciliation looks, and
		// a lock that leaves lintel, take their grants with them.
		lost := found(f.lock, "5566", "Lost")
		gone := found(f.lock2, "6677", "Gone")
		if got := len(list(t, s.call(http.MethodGet, "/access_grants/unmanaged/list", s.A.APIKey, nil), "access_grants")); got != 2 {
			t.Fatalf("%d unmanaged grants, want 2", got)
		}
		ctx := context.Background()
		var account string
		if err := st.InTx(ctx, func(tx *store.Tx) error {
			d, err := tx.Device(ctx, ws, f.lock)
			if err != nil {
				return err
			}
			c, err := tx.AccessCode(ctx, ws, lost)
			if err != nil {
				return err
			}
			account = d.ConnectedAccountID
			return tx.SandboxDeleteAccessCode(ctx, ws, d.ConnectedAccountID, d.ExternalID, c.ExternalID)
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.Devices.Reconcile(ctx, ws, account); err != nil {
			t.Fatal(err)
		}
		s.wantError(s.call(http.MethodGet, "/access_codes/unmanaged/get", s.A.APIKey, map[string]any{"access_code_id": lost}),
			404, "access_code_not_found")
		s.ok(s.call(http.MethodPost, "/devices/delete", s.A.APIKey, map[string]any{"device_id": f.lock2}))
		s.wantError(s.call(http.MethodGet, "/access_codes/unmanaged/get", s.A.APIKey, map[string]any{"access_code_id": gone}),
			404, "access_code_not_found")
		if got := list(t, s.call(http.MethodGet, "/access_grants/unmanaged/list", s.A.APIKey, nil), "access_grants"); len(got) != 0 {
			t.Errorf("unmanaged grants after their codes went: %v", got)
		}
	})
}
