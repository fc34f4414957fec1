package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// crossCase is a call made with workspace B's token that names one of
// workspace A's objects in slot (a query or body parameter; an array's
// only element).
type crossCase struct {
	path    string
	params  map[string]any
	slot    string
	errType string
}

// methodsOf lists the methods each route of this test accepts.
var methodsOf = map[string][]string{
	"/acs/credentials/create":                      {http.MethodPost},
	"/acs/credentials/get":                         {http.MethodGet, http.MethodPost},
	"/acs/credentials/list":                        {http.MethodGet, http.MethodPost},
	"/acs/credentials/update":                      {http.MethodPatch, http.MethodPost},
	"/acs/credentials/delete":                      {http.MethodDelete, http.MethodPost},
	"/acs/credentials/assign":                      {http.MethodPatch, http.MethodPost},
	"/acs/credentials/unassign":                    {http.MethodPatch, http.MethodPost},
	"/acs/credentials/list_accessible_entrances":   {http.MethodGet, http.MethodPost},
	"/acs/access_groups/get":                       {http.MethodGet, http.MethodPost},
	"/acs/access_groups/list":                      {http.MethodGet, http.MethodPost},
	"/acs/access_groups/add_user":                  {http.MethodPut, http.MethodPost},
	"/acs/access_groups/remove_user":               {http.MethodDelete, http.MethodPost},
	"/acs/access_groups/list_users":                {http.MethodGet, http.MethodPost},
	"/acs/access_groups/list_accessible_entrances": {http.MethodGet, http.MethodPost},
	"/acs/access_groups/delete":                    {http.MethodDelete, http.MethodPost},
	"/acs/entrances/get":                           {http.MethodGet, http.MethodPost},
	"/acs/entrances/list":                          {http.MethodGet, http.MethodPost},
	"/acs/entrances/grant_access":                  {http.MethodPost},
	"/acs/entrances/list_credentials_with_access":  {http.MethodGet, http.MethodPost},
	"/acs/users/list_accessible_entrances":         {http.MethodGet, http.MethodPost},
	"/acs/users/revoke_access_to_all_entrances":    {http.MethodPost},
}

// TestAcsCrossWorkspace calls every route of this part with workspace B's
// token and each of workspace A's ids in turn, in the query or the body:
// every call is answered 404 <resource>_not_found exactly as for an id
// that does not exist, no link row crosses workspaces, and A's data is
// unchanged.
func TestAcsCrossWorkspace(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		aCards, aCodes := s.A.Systems[0], s.A.Systems[1]
		bCards, bCodes := s.B.Systems[0], s.B.Systems[1]
		aUser, aIdent := aCodes.AcsUserIDs[0], aCodes.UserIdentityIDs[0]
		aCred := aCodes.CredentialIDs[aUser][0]
		aGroup, aDoor := aCodes.AccessGroupIDs[0], aCodes.EntranceIDs[0]
		bUser, bIdent := bCodes.AcsUserIDs[0], bCodes.UserIdentityIDs[0]
		bCred := bCodes.CredentialIDs[bUser][0]
		bGroup, bDoor := bCodes.AccessGroupIDs[0], bCodes.EntranceIDs[0]
		cases := []crossCase{
			// credentials/create: every id of the body.
			{"/acs/credentials/create", map[string]any{"acs_user_id": aUser, "access_method": "code"}, "acs_user_id", "acs_user_not_found"},
			{"/acs/credentials/create", map[string]any{"user_identity_id": bIdent, "acs_system_id": aCodes.AcsSystemID, "access_method": "code"},
				"acs_system_id", "acs_system_not_found"},
			{"/acs/credentials/create", map[string]any{"user_identity_id": aIdent, "acs_system_id": bCodes.AcsSystemID, "access_method": "code"},
				"user_identity_id", "user_identity_not_found"},
			{"/acs/credentials/create", map[string]any{"acs_user_id": bUser, "acs_system_id": aCodes.AcsSystemID, "access_method": "code"},
				"acs_system_id", "acs_user_not_found"},
			{"/acs/credentials/create", map[string]any{"acs_user_id": bUser, "access_method": "code", "allowed_acs_entrance_ids": []string{aDoor}},
				"allowed_acs_entrance_ids", "acs_entrance_not_found"},
			{"/acs/credentials/create", map[string]any{"acs_user_id": bCards.AcsUserIDs[0], "access_method": "mobile_key",
				"credential_manager_acs_system_id": aCards.AcsSystemID}, "credential_manager_acs_system_id", "acs_system_not_found"},
			{"/acs/credentials/get", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},
			{"/acs/credentials/list", map[string]any{"acs_system_id": aCodes.AcsSystemID}, "acs_system_id", "acs_system_not_found"},
			{"/acs/credentials/list", map[string]any{"acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
			{"/acs/credentials/list", map[string]any{"user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
			{"/acs/credentials/update", map[string]any{"acs_credential_id": aCred, "code": "999999"}, "acs_credential_id", "acs_credential_not_found"},
			{"/acs/credentials/delete", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},
			{"/acs/credentials/assign", map[string]any{"acs_credential_id": aCred, "acs_user_id": bUser}, "acs_credential_id", "acs_credential_not_found"},
			{"/acs/credentials/assign", map[string]any{"acs_credential_id": bCred, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
			{"/acs/credentials/assign", map[string]any{"acs_credential_id": bCred, "user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
			{"/acs/credentials/unassign", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},
			{"/acs/credentials/unassign", map[string]any{"acs_credential_id": bCred, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
			{"/acs/credentials/unassign", map[string]any{"acs_credential_id": bCred, "user_identity_id": aIdent}, "user_identity_id", "acs_user_not_found"},
			{"/acs/credentials/list_accessible_entrances", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},

			{"/acs/access_groups/get", map[string]any{"acs_access_group_id": aGroup}, "acs_access_group_id", "acs_access_group_not_found"},
			{"/acs/access_groups/list", map[string]any{"acs_system_id": aCodes.AcsSystemID}, "acs_system_id", "acs_system_not_found"},
			{"/acs/access_groups/list", map[string]any{"acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
			{"/acs/access_groups/list", map[string]any{"user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
			{"/acs/access_groups/add_user", map[string]any{"acs_access_group_id": aGroup, "acs_user_id": bUser}, "acs_access_group_id", "acs_access_group_not_found"},
			{"/acs/access_groups/add_user", map[string]any{"acs_access_group_id": bGroup, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
			{"/acs/access_groups/add_user", map[string]any{"acs_access_group_id": bGroup, "user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
			{"/acs/access_groups/remove_user", map[string]any{"acs_access_group_id": aGroup, "acs_user_id": bUser}, "acs_access_group_id", "acs_access_group_not_found"},
			{"/acs/access_groups/remove_user", map[string]any{"acs_access_group_id": bGroup, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
			{"/acs/access_groups/remove_user", map[string]any{"acs_access_group_id": bGroup, "user_identity_id": aIdent}, "user_identity_id", "acs_user_not_found"},
			{"/acs/access_groups/list_users", map[string]any{"acs_access_group_id": aGroup}, "acs_access_group_id", "acs_access_group_not_found"},
			{"/acs/access_groups/list_accessible_entrances", map[string]any{"acs_access_group_id": aGroup}, "acs_access_group_id", "acs_access_group_not_found"},
			{"/acs/access_groups/delete", map[string]any{"acs_access_group_id": aGroup}, "acs_access_group_id", "acs_access_group_not_found"},

			{"/acs/entrances/get", map[string]any{"acs_entrance_id": aDoor}, "acs_entrance_id", "acs_entrance_not_found"},
			{"/acs/entrances/list", map[string]any{"acs_system_id": aCodes.AcsSystemID}, "acs_system_id", "acs_system_not_found"},
			{"/acs/entrances/list", map[string]any{"acs_credential_id": aCred}, "acs_credential_id", "acs_credential_not_found"},
			{"/acs/entrances/list", map[string]any{"connected_account_id": s.A.ConnectedAccountID}, "connected_account_id", "connected_account_not_found"},
			{"/acs/entrances/list", map[string]any{"acs_entrance_ids": []string{aDoor}}, "acs_entrance_ids", "acs_entrance_not_found"},
			{"/acs/entrances/grant_access", map[string]any{"acs_entrance_id": aDoor, "acs_user_id": bUser}, "acs_entrance_id", "acs_entrance_not_found"},
			{"/acs/entrances/grant_access", map[string]any{"acs_entrance_id": bDoor, "acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
			{"/acs/entrances/grant_access", map[string]any{"acs_entrance_id": bDoor, "user_identity_id": aIdent}, "user_identity_id", "user_identity_not_found"},
			{"/acs/entrances/list_credentials_with_access", map[string]any{"acs_entrance_id": aDoor}, "acs_entrance_id", "acs_entrance_not_found"},

			{"/acs/users/list_accessible_entrances", map[string]any{"acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
			{"/acs/users/list_accessible_entrances", map[string]any{"user_identity_id": aIdent, "acs_system_id": bCodes.AcsSystemID},
				"user_identity_id", "acs_user_not_found"},
			{"/acs/users/list_accessible_entrances", map[string]any{"user_identity_id": bIdent, "acs_system_id": aCodes.AcsSystemID},
				"acs_system_id", "acs_user_not_found"},
			{"/acs/users/revoke_access_to_all_entrances", map[string]any{"acs_user_id": aUser}, "acs_user_id", "acs_user_not_found"},
			{"/acs/users/revoke_access_to_all_entrances", map[string]any{"user_identity_id": aIdent, "acs_system_id": bCodes.AcsSystemID},
				"user_identity_id", "acs_user_not_found"},
			{"/acs/users/revoke_access_to_all_entrances", map[string]any{"user_identity_id": bIdent, "acs_system_id": aCodes.AcsSystemID},
				"acs_system_id", "acs_user_not_found"},
		}

		before := s.snapshot(s.A)
		covered := map[string]bool{}
		for _, c := range cases {
			for _, m := range methodsOf[c.path] {
				covered[c.path] = true
				t.Run(fmt.Sprintf("%s %s %s", m, c.path, c.slot), func(t *testing.T) {
					inner := *s
					inner.t = t
					foreign := inner.call(m, c.path, s.B.APIKey, c.params)
					inner.wantError(foreign, http.StatusNotFound, c.errType)
					random := maps.Clone(c.params)
					if _, isList := random[c.slot].([]string); isList {
						random[c.slot] = []string{lintel.NewID()}
					} else {
						random[c.slot] = lintel.NewID()
					}
					unknown := inner.call(m, c.path, s.B.APIKey, random)
					if foreign.Status != unknown.Status || !bytes.Equal(withoutRequestID(t, foreign), withoutRequestID(t, unknown)) {
						t.Errorf("A's id and an unknown id answer differently:\n%s\n%s", foreign.Raw, unknown.Raw)
					}
				})
			}
		}
		for path := range methodsOf {
			if !covered[path] {
				t.Errorf("%s has no cross-workspace case", path)
			}
		}
		if after := s.snapshot(s.A); after != before {
			t.Errorf("workspace A changed:\nbefore %s\nafter  %s", before, after)
		}
		s.assertNoCrossLinks()
	})
}

// withoutRequestID is an error body with its request id blanked.
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

// snapshot renders what workspace w reads of itself through its own key —
// credentials, groups and their members, entrances and who opens them —
// and its events and the simulated system's state.
func (s *testServer) snapshot(w seed.Workspace) string {
	s.t.Helper()
	var out bytes.Buffer
	read := func(path string, params map[string]any) {
		r := s.call(http.MethodPost, path, w.APIKey, params)
		s.ok(r)
		out.Write(r.Raw)
		out.WriteByte('\n')
	}
	read("/acs/credentials/list", map[string]any{})
	read("/acs/access_groups/list", map[string]any{})
	read("/acs/entrances/list", map[string]any{})
	read("/acs/users/list", map[string]any{})
	for _, sys := range w.Systems {
		for _, g := range sys.AccessGroupIDs {
			read("/acs/access_groups/list_users", map[string]any{"acs_access_group_id": g})
		}
		for _, u := range sys.AcsUserIDs {
			read("/acs/users/list_accessible_entrances", map[string]any{"acs_user_id": u})
		}
		for _, e := range sys.EntranceIDs {
			read("/acs/entrances/list_credentials_with_access", map[string]any{"acs_entrance_id": e})
		}
	}
	s.sandbox(func(tx *store.Tx) error {
		ctx := context.Background()
		evs, err := tx.ListEvents(ctx, w.WorkspaceID, store.EventFilter{Limit: 1000})
		if err != nil {
			return err
		}
		fmt.Fprintf(&out, "%d events\n", len(evs))
		for _, sys := range w.Systems {
			creds, err := tx.SandboxCredentials(ctx, w.WorkspaceID, sys.AcsSystemID)
			if err != nil {
				return err
			}
			users, err := tx.SandboxUsers(ctx, w.WorkspaceID, sys.AcsSystemID)
			if err != nil {
				return err
			}
			fmt.Fprintf(&out, "sandbox %s: %d credentials, %d users\n", sys.AcsSystemID, len(creds), len(users))
		}
		return nil
	})
	return out.String()
}
