package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// crossCase is a call made with workspace B's key that puts one of
// workspace A's ids in one parameter, slot; the other parameters are B's
// own. The same call with a random id in the slot must answer exactly the
// same: status, and body but for the request id.
type crossCase struct {
	path    string
	slot    string
	params  func(id string) map[string]any
	foreign string // A's object put in the slot
	// errType is the error of a random id; "" when the route answers 200
	// (a list filtered by an id finds nothing).
	errType string
}

// crossCaseSets build the cases of TestCrossWorkspace on a fresh test
// server; a set may first give A the objects its cases name.
var crossCaseSets = map[string]func(s *testServer) []crossCase{
	"accessCodeCrossCases":     accessCodeCrossCases,
	"acsCrossCases":            acsCrossCases,
	"acsUserCrossCases":        acsUserCrossCases,
	"bridgeCrossCases":         bridgeCrossCases,
	"deviceCrossCases":         deviceCrossCases,
	"encoderCrossCases":        encoderCrossCases,
	"grantCrossCases":          grantCrossCases,
	"unmanagedGrantCrossCases": unmanagedGrantCrossCases,
	"identityCrossCases":       identityCrossCases,
	"instantKeyCrossCases":     instantKeyCrossCases,
	"moreCrossCases":           moreCrossCases,
	"noiseCrossCases":          noiseCrossCases,
	"phoneCrossCases":          phoneCrossCases,
	"spaceCrossCases":          spaceCrossCases,
	"thermostatCrossCases":     thermostatCrossCases,
	"webviewCrossCases":        webviewCrossCases,
}

// notAnObject names the id parameters that designate no object a workspace
// owns, and why: a route whose id parameters are all listed here needs no
// cross-workspace case.
var notAnObject = map[string]string{
	"/workspaces/create organization_id":                             "a label the caller gives the new workspace; lintel keeps no organizations",
	"/workspaces/update organization_id":                             "a label the caller gives its workspace; lintel keeps no organizations",
	"/action_attempts/list device_id":                                "lintel keeps no devices yet: any device id finds no attempt",
	"/access_grants/create customization_profile_id":                 "lintel keeps no customization profiles: the id is accepted and not used",
	"/user_identities/generate_instant_key customization_profile_id": "lintel keeps no customization profiles: the id is refused",
}

// TestCrossWorkspace calls every route of the route table that takes an id
// parameter (found by reflection on its params type, api.IDRoutes) with
// workspace B's key and one of workspace A's ids, by every method the route
// accepts: each call answers exactly as the same call with a random id,
// status and body but for the request id, and no row of A or B changes. A
// route with an id parameter and no case fails the test by name.
func TestCrossWorkspace(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		var cases []crossCase
		for _, name := range slices.Sorted(func(yield func(string) bool) {
			for k := range crossCaseSets {
				if !yield(k) {
					return
				}
			}
		}) {
			cases = append(cases, crossCaseSets[name](s)...)
		}
		beforeA, beforeB := storetest.WorkspaceRows(t, st, s.A.WorkspaceID), storetest.WorkspaceRows(t, st, s.B.WorkspaceID)

		routes := map[string]api.IDRoute{}
		for _, r := range api.IDRoutes() {
			routes[r.Path] = r
		}
		covered := map[string]bool{}
		for _, c := range cases {
			rt, ok := routes[c.path]
			if !ok {
				t.Errorf("case for %s: no route of the table takes an id parameter at that path", c.path)
				continue
			}
			if !slices.Contains(rt.IDParams, c.slot) {
				t.Errorf("case for %s puts A's id in %s, which is not one of its id parameters %v", c.path, c.slot, rt.IDParams)
				continue
			}
			covered[c.path] = true
			for _, m := range rt.Methods {
				t.Run(fmt.Sprintf("%s %s %s", m, c.path, c.slot), func(t *testing.T) {
					s := s.forT(t)
					foreign := s.call(m, c.path, s.B.APIKey, c.params(c.foreign))
					random := s.call(m, c.path, s.B.APIKey, c.params(lintel.NewID()))
					if c.errType == "" {
						s.ok(random)
					} else {
						s.wantError(random, http.StatusNotFound, c.errType)
					}
					if foreign.Status != random.Status || !bytes.Equal(withoutRequestID(t, foreign), withoutRequestID(t, random)) {
						t.Errorf("A's id and a random id answer differently:\n%d %s\n%d %s", foreign.Status, foreign.Raw, random.Status, random.Raw)
					}
				})
			}
		}

		for _, r := range api.IDRoutes() {
			var objects []string
			for _, p := range r.IDParams {
				if _, ok := notAnObject[r.Path+" "+p]; !ok {
					objects = append(objects, p)
				}
			}
			if len(objects) > 0 && !covered[r.Path] {
				t.Errorf("%s takes %s but has no cross-workspace case: add one to a crossCaseSets function "+
					"(internal/api/*tenancy*_test.go) that puts an id of workspace A in one of them, called with B's key; "+
					"if the parameter names no object of a workspace, say why in notAnObject", r.Path, strings.Join(objects, ", "))
			}
		}
		for key := range notAnObject {
			path, p, _ := strings.Cut(key, " ")
			if !slices.Contains(routes[path].IDParams, p) {
				t.Errorf("notAnObject lists %q, but %s has no id parameter %s", key, path, p)
			}
		}

		if diff := storetest.DiffRows(beforeA, storetest.WorkspaceRows(t, st, s.A.WorkspaceID)); diff != "" {
			t.Errorf("workspace A's rows changed: %s", diff)
		}
		if diff := storetest.DiffRows(beforeB, storetest.WorkspaceRows(t, st, s.B.WorkspaceID)); diff != "" {
			t.Errorf("workspace B's rows changed: %s", diff)
		}
		s.assertNoCrossLinks()
	})
}

// moreCrossCases covers action attempts, unlocking, connected accounts and
// webhooks.
func moreCrossCases(s *testServer) []crossCase {
	t := s.t
	aCodes, bCodes := s.A.Systems[1], s.B.Systems[1] // their entrances open with cloud keys
	cloudKey := func(token, user string) string {
		r := s.call(http.MethodPost, "/acs/credentials/create", token, map[string]any{"acs_user_id": user, "access_method": "cloud_key"})
		s.ok(r)
		return obj(t, r, "acs_credential")["acs_credential_id"].(string)
	}
	aKey, bKey := cloudKey(s.A.APIKey, aCodes.AcsUserIDs[0]), cloudKey(s.B.APIKey, bCodes.AcsUserIDs[0])
	r := s.call(http.MethodPost, "/acs/entrances/unlock", s.A.APIKey, map[string]any{"acs_entrance_id": aCodes.EntranceIDs[0], "acs_credential_id": aKey})
	s.ok(r)
	aAttempt := obj(t, r, "action_attempt")["action_attempt_id"].(string)
	r = s.call(http.MethodPost, "/webhooks/create", s.A.APIKey, map[string]any{"url": "https://hooks.example.com/lintel"})
	s.ok(r)
	aWebhook := obj(t, r, "webhook")["webhook_id"].(string)
	return []crossCase{
		{"/action_attempts/get", "action_attempt_id", one("action_attempt_id"), aAttempt, "action_attempt_not_found"},
		{"/action_attempts/list", "action_attempt_ids", func(id string) map[string]any {
			return map[string]any{"action_attempt_ids": []string{id}}
		}, aAttempt, "action_attempt_not_found"},
		{"/acs/entrances/unlock", "acs_entrance_id", func(id string) map[string]any {
			return map[string]any{"acs_entrance_id": id, "acs_credential_id": bKey}
		}, aCodes.EntranceIDs[0], "acs_entrance_not_found"},
		{"/acs/entrances/unlock", "acs_credential_id", func(id string) map[string]any {
			return map[string]any{"acs_entrance_id": bCodes.EntranceIDs[0], "acs_credential_id": id}
		}, aKey, "acs_credential_not_found"},
		{"/connected_accounts/update", "connected_account_id", func(id string) map[string]any {
			return map[string]any{"connected_account_id": id, "custom_metadata": map[string]any{"by": "B"}}
		}, s.A.ConnectedAccountID, "connected_account_not_found"},
		{"/connected_accounts/sync", "connected_account_id", one("connected_account_id"), s.A.ConnectedAccountID, "connected_account_not_found"},
		{"/connected_accounts/delete", "connected_account_id", one("connected_account_id"), s.A.ConnectedAccountID, "connected_account_not_found"},
		{"/connected_accounts/simulate/disconnect", "connected_account_id", one("connected_account_id"), s.A.ConnectedAccountID,
			"connected_account_not_found"},
		{"/webhooks/get", "webhook_id", one("webhook_id"), aWebhook, "webhook_not_found"},
		{"/webhooks/update", "webhook_id", func(id string) map[string]any {
			return map[string]any{"webhook_id": id, "event_types": []string{"acs_user.deleted"}}
		}, aWebhook, "webhook_not_found"},
		{"/webhooks/delete", "webhook_id", one("webhook_id"), aWebhook, "webhook_not_found"},
	}
}

// withoutRequestID is a body with its error's request id blanked.
func withoutRequestID(t *testing.T, r response) []byte {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(r.Raw, &body); err != nil {
		t.Fatal(err)
	}
	if e, ok := body["error"].(map[string]any); ok {
		delete(e, "request_id")
	}
	b, _ := json.Marshal(body)
	return b
}
