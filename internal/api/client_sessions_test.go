package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// clientSession creates a client session with the API key and returns its
// token.
func (s *testServer) clientSession(apiKey string, params map[string]any) string {
	s.t.Helper()
	cs := bodyObj(s.t, s.postOK("/client_sessions/create", apiKey, params), "client_session")
	tok, _ := cs["token"].(string)
	if !strings.HasPrefix(tok, "seam_cst") {
		s.t.Fatalf("client session token %q", tok)
	}
	return tok
}

// publishableKey issues a publishable key for the workspace.
func (s *testServer) publishableKey(workspaceID string) string {
	s.t.Helper()
	var tok string
	err := s.st.InTx(context.Background(), func(tx *store.Tx) error {
		k, err := workspace.CreatePublishableKeyTx(context.Background(), tx, workspaceID, "")
		tok = k.Token
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return tok
}

var clientSessionFields = []string{"client_session_id", "workspace_id", "created_at", "expires_at", "token",
	"user_identifier_key", "device_count", "connected_account_ids", "connect_webview_ids", "user_identity_ids"}

func TestClientSessions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		a, b := s.A.APIKey, s.B.APIKey
		vis, salto := s.A.Systems[0], s.A.Systems[1]
		identity := vis.UserIdentityIDs[0]

		r := s.call(http.MethodPut, "/client_sessions/create", a, map[string]any{
			"user_identity_id": identity, "user_identifier_key": "app-user-1",
			"connected_account_ids": []string{s.A.ConnectedAccountID}})
		s.ok(r)
		cs := bodyObj(t, r.Body, "client_session")
		requireFields(t, cs, clientSessionFields...)
		csID, tok := cs["client_session_id"].(string), cs["token"].(string)
		if cs["user_identity_id"] != identity || cs["user_identifier_key"] != "app-user-1" || cs["workspace_id"] != s.A.WorkspaceID {
			t.Errorf("created session = %v", cs)
		}

		s.runCases(t, []routeCase{
			{name: "get by id", method: http.MethodGet, path: "/client_sessions/get", token: a,
				params: map[string]any{"client_session_id": csID}, check: func(t *testing.T, body map[string]any) {
					got := bodyObj(t, body, "client_session")
					requireFields(t, got, clientSessionFields...)
					if got["token"] != tok {
						t.Errorf("get returned token %v, want the session's", got["token"])
					}
				}},
			{name: "get by key", method: http.MethodPost, path: "/client_sessions/get", token: a,
				params: map[string]any{"user_identifier_key": "app-user-1"}, check: func(t *testing.T, body map[string]any) {
					if bodyObj(t, body, "client_session")["client_session_id"] != csID {
						t.Errorf("get by key = %v", body)
					}
				}},
			{name: "get itself", method: http.MethodGet, path: "/client_sessions/get", token: tok,
				check: func(t *testing.T, body map[string]any) {
					if bodyObj(t, body, "client_session")["client_session_id"] != csID {
						t.Errorf("get itself = %v", body)
					}
				}},
			{name: "get neither", method: http.MethodGet, path: "/client_sessions/get", token: a,
				params: map[string]any{}, status: 400, errType: "invalid_input"},
			{name: "get unknown", method: http.MethodGet, path: "/client_sessions/get", token: a,
				params: map[string]any{"client_session_id": "00000000-0000-4000-8000-000000000000"}, status: 404, errType: "client_session_not_found"},
			{name: "list", method: http.MethodGet, path: "/client_sessions/list", token: a,
				params: map[string]any{"user_identity_id": identity}, check: func(t *testing.T, body map[string]any) {
					if got := ids(bodyList(t, body, "client_sessions"), "client_session_id"); !slices.Equal(got, []string{csID}) {
						t.Errorf("list = %v", got)
					}
				}},
			{name: "list without key", method: http.MethodPost, path: "/client_sessions/list", token: a,
				params: map[string]any{"without_user_identifier_key": true}, check: func(t *testing.T, body map[string]any) {
					if got := bodyList(t, body, "client_sessions"); len(got) != 0 {
						t.Errorf("list without key = %v", got)
					}
				}},
			{name: "list by client session", method: http.MethodGet, path: "/client_sessions/list", token: tok,
				status: 401, errType: "unauthorized"},
			{name: "create unknown identity", method: http.MethodPost, path: "/client_sessions/create", token: a,
				params: map[string]any{"user_identity_id": s.B.Systems[0].UserIdentityIDs[0]}, status: 404, errType: "user_identity_not_found"},
			{name: "create unknown account", method: http.MethodPost, path: "/client_sessions/create", token: a,
				params: map[string]any{"connected_account_ids": []string{s.B.ConnectedAccountID}}, status: 404, errType: "connected_account_not_found"},
			{name: "create webview", method: http.MethodPost, path: "/client_sessions/create", token: a,
				params: map[string]any{"connect_webview_ids": []string{"cw1"}}, status: 404, errType: "connect_webview_not_found"},
			{name: "create expired", method: http.MethodPost, path: "/client_sessions/create", token: a,
				params: map[string]any{"expires_at": "2001-01-01T00:00:00.000Z"}, status: 400, errType: "invalid_input"},
			{name: "create two identities in the deprecated list", method: http.MethodPost, path: "/client_sessions/create", token: a,
				params: map[string]any{"user_identity_ids": []string{identity, salto.UserIdentityIDs[0]}}, status: 400, errType: "invalid_input"},
			{name: "create with client session", method: http.MethodPost, path: "/client_sessions/create", token: tok,
				params: map[string]any{}, status: 401, errType: "unauthorized"},
			{name: "revoke unknown", method: http.MethodPost, path: "/client_sessions/revoke", token: a,
				params: map[string]any{"client_session_id": "00000000-0000-4000-8000-000000000000"}, status: 404, errType: "client_session_not_found"},
			{name: "revoke not uuid", method: http.MethodPost, path: "/client_sessions/revoke", token: a,
				params: map[string]any{"client_session_id": "x"}, status: 400, errType: "invalid_input"},
			{name: "revoke with GET", method: http.MethodGet, path: "/client_sessions/revoke", token: a,
				params: map[string]any{"client_session_id": csID}, status: 405, errType: "method_not_allowed"},
		})

		t.Run("get_or_create", func(t *testing.T) {
			s := s.forT(t)
			got := bodyObj(t, s.postOK("/client_sessions/get_or_create", a, map[string]any{"user_identifier_key": "app-user-1"}), "client_session")
			if got["client_session_id"] != csID || got["token"] != tok {
				t.Errorf("get_or_create by existing key = %v", got)
			}
			fresh := bodyObj(t, s.postOK("/client_sessions/get_or_create", a, map[string]any{"user_identity_id": salto.UserIdentityIDs[0]}), "client_session")
			again := bodyObj(t, s.postOK("/client_sessions/get_or_create", a, map[string]any{"user_identity_id": salto.UserIdentityIDs[0]}), "client_session")
			if fresh["client_session_id"] != again["client_session_id"] {
				t.Errorf("get_or_create by identity made two sessions: %v, %v", fresh["client_session_id"], again["client_session_id"])
			}
			exp := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.000Z")
			moved := bodyObj(t, s.postOK("/client_sessions/get_or_create", a, map[string]any{"user_identity_id": salto.UserIdentityIDs[0], "expires_at": exp}), "client_session")
			if moved["expires_at"] != exp || moved["client_session_id"] != fresh["client_session_id"] {
				t.Errorf("expires_at not moved: %v", moved)
			}
			s.wantError(s.call(http.MethodPost, "/client_sessions/get_or_create", a, map[string]any{}), 400, "invalid_input")
			s.wantError(s.call(http.MethodGet, "/client_sessions/get_or_create", a, nil), 405, "method_not_allowed")

			// A publishable key reaches a session only by its user identifier key.
			pk := s.publishableKey(s.A.WorkspaceID)
			req := func(params string) response {
				r, _ := http.NewRequest(http.MethodPost, "/client_sessions/get_or_create", strings.NewReader(params))
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("seam-publishable-key", pk)
				return s.do(r)
			}
			res := req(`{"user_identifier_key": "app-user-1"}`)
			s.ok(res)
			if bodyObj(t, res.Body, "client_session")["token"] != tok {
				t.Errorf("publishable get_or_create = %s", res.Raw)
			}
			res = req(`{"user_identifier_key": "new-app-user"}`)
			s.ok(res)
			newTok := bodyObj(t, res.Body, "client_session")["token"].(string)
			// That session has no identity: it sees no users.
			r := s.call(http.MethodGet, "/acs/users/list", newTok, nil)
			s.ok(r)
			if got := bodyList(t, r.Body, "acs_users"); len(got) != 0 {
				t.Errorf("publishable session sees %d users", len(got))
			}
			s.wantError(req(`{"user_identity_id": "`+identity+`"}`), 400, "invalid_input")
			s.wantError(req(`{"user_identifier_key": "k", "connected_account_ids": ["`+s.A.ConnectedAccountID+`"]}`), 400, "invalid_input")
			// The publishable key is good for nothing else.
			r2, _ := http.NewRequest(http.MethodGet, "/acs/users/list", nil)
			r2.Header.Set("seam-publishable-key", pk)
			s.wantError(s.do(r2), 401, "unauthorized")
		})

		t.Run("scope", func(t *testing.T) {
			s := s.forT(t)
			r := s.call(http.MethodGet, "/acs/users/list", tok, nil)
			s.ok(r)
			if got := ids(bodyList(t, r.Body, "acs_users"), "acs_user_id"); !slices.Equal(got, []string{vis.AcsUserIDs[0]}) {
				t.Errorf("client session sees users %v, want only its identity's %v", got, vis.AcsUserIDs[0])
			}
			r = s.call(http.MethodGet, "/user_identities/list", tok, nil)
			s.ok(r)
			if got := ids(bodyList(t, r.Body, "user_identities"), "user_identity_id"); !slices.Equal(got, []string{identity}) {
				t.Errorf("client session sees identities %v", got)
			}
			r = s.call(http.MethodGet, "/acs/systems/list", tok, nil)
			s.ok(r)
			if got := ids(bodyList(t, r.Body, "acs_systems"), "acs_system_id"); !slices.Equal(got, []string{vis.AcsSystemID}) {
				t.Errorf("client session sees systems %v", got)
			}
			s.ok(s.call(http.MethodGet, "/user_identities/list_acs_systems", tok, map[string]any{"user_identity_id": identity}))
			s.wantError(s.call(http.MethodGet, "/user_identities/list_acs_systems", tok, map[string]any{"user_identity_id": salto.UserIdentityIDs[0]}),
				404, "user_identity_not_found")
			s.wantError(s.call(http.MethodGet, "/user_identities/list_accessible_entrances", tok, map[string]any{"user_identity_id": salto.UserIdentityIDs[0]}),
				404, "user_identity_not_found")
			s.ok(s.call(http.MethodGet, "/connected_accounts/get", tok, map[string]any{"connected_account_id": s.A.ConnectedAccountID}))
			s.wantError(s.call(http.MethodGet, "/client_sessions/get", tok, map[string]any{"client_session_id": bodyObj(t,
				s.postOK("/client_sessions/create", a, map[string]any{}), "client_session")["client_session_id"]}), 404, "client_session_not_found")
			// Routes that do not take client sessions refuse them.
			s.wantError(s.call(http.MethodGet, "/acs/users/get", tok, map[string]any{"acs_user_id": vis.AcsUserIDs[0]}), 401, "unauthorized")
			s.wantError(s.call(http.MethodPost, "/acs/users/delete", tok, map[string]any{"acs_user_id": vis.AcsUserIDs[0]}), 401, "unauthorized")
			s.wantError(s.call(http.MethodGet, "/user_identities/get", tok, map[string]any{"user_identity_id": identity}), 401, "unauthorized")
			// The other workspace's token never sees this session.
			s.wantError(s.call(http.MethodGet, "/client_sessions/get", b, map[string]any{"client_session_id": csID}), 404, "client_session_not_found")
		})

		t.Run("grant access", func(t *testing.T) {
			s := s.forT(t)
			tok2 := s.clientSession(a, map[string]any{"user_identifier_key": "grantee"})
			r := s.call(http.MethodGet, "/acs/users/list", tok2, nil)
			s.ok(r)
			if n := len(bodyList(t, r.Body, "acs_users")); n != 0 {
				t.Fatalf("before grant: %d users", n)
			}
			r = s.call(http.MethodPatch, "/client_sessions/grant_access", a, map[string]any{
				"user_identifier_key": "grantee", "user_identity_ids": []string{salto.UserIdentityIDs[1]}})
			s.ok(r)
			// The spec names no response key here, yet its schema requires
			// the session in the body.
			granted := bodyObj(t, r.Body, "client_session")
			requireFields(t, granted, clientSessionFields...)
			if granted["token"] != tok2 || granted["user_identity_id"] != salto.UserIdentityIDs[1] {
				t.Errorf("granted session = %v", granted)
			}
			r = s.call(http.MethodGet, "/acs/users/list", tok2, nil)
			s.ok(r)
			if got := ids(bodyList(t, r.Body, "acs_users"), "acs_user_id"); !slices.Equal(got, []string{salto.AcsUserIDs[1]}) {
				t.Errorf("after grant: %v", got)
			}
			s.wantError(s.call(http.MethodPost, "/client_sessions/grant_access", a, map[string]any{"user_identity_id": identity}), 400, "invalid_input")
			s.wantError(s.call(http.MethodPost, "/client_sessions/grant_access", a, map[string]any{
				"user_identifier_key": "grantee", "user_identity_id": s.B.Systems[0].UserIdentityIDs[0]}), 404, "user_identity_not_found")
		})

		t.Run("revoke and expiry", func(t *testing.T) {
			s := s.forT(t)
			tok3 := s.clientSession(a, map[string]any{"user_identity_id": identity})
			cs3 := bodyObj(t, s.postOK("/client_sessions/get", tok3, nil), "client_session")["client_session_id"].(string)
			s.ok(s.call(http.MethodPost, "/client_sessions/revoke", a, map[string]any{"client_session_id": cs3}))
			s.wantError(s.call(http.MethodGet, "/acs/users/list", tok3, nil), 401, "unauthorized")
			s.wantError(s.call(http.MethodPost, "/client_sessions/revoke", a, map[string]any{"client_session_id": cs3}), 404, "client_session_not_found")
			if got := s.auditActions(s.A.WorkspaceID, cs3); !slices.Equal(got, []string{"client_session.revoke:succeeded"}) {
				t.Errorf("audit = %v", got)
			}
			tok4 := s.clientSession(a, map[string]any{"user_identity_id": identity})
			cs4 := bodyObj(t, s.postOK("/client_sessions/get", tok4, nil), "client_session")["client_session_id"].(string)
			s.ok(s.call(http.MethodDelete, "/client_sessions/delete", a, map[string]any{"client_session_id": cs4}))
			s.wantError(s.call(http.MethodGet, "/acs/users/list", tok4, nil), 401, "unauthorized")
			s.wantError(s.call(http.MethodPost, "/client_sessions/delete", a, map[string]any{"client_session_id": cs4}), 404, "client_session_not_found")
			// A deletion has its event, once; a revocation has none (Seam
			// keeps the two apart).
			deleted := func(ws string) []map[string]any {
				return bodyList(t, s.postOK("/events/list", ws, map[string]any{"since": "2000-01-01T00:00:00.000Z",
					"event_type": "client_session.deleted"}), "events")
			}
			evs := deleted(a)
			if len(evs) != 1 || evs[0]["client_session_id"] != cs4 || evs[0]["workspace_id"] != s.A.WorkspaceID {
				t.Errorf("client_session.deleted events = %v, want one about %s", evs, cs4)
			}
			for _, e := range evs {
				requireFields(t, e, append(eventFields, "client_session_id")...)
			}
			if evs := deleted(s.B.APIKey); len(evs) != 0 {
				t.Errorf("W_B lists W_A's client_session.deleted events: %v", evs)
			}
			if got := s.auditActions(s.A.WorkspaceID, cs4); !slices.Equal(got, []string{"client_session.delete:succeeded"}) {
				t.Errorf("audit = %v", got)
			}

			// Expiry: move the session's end into the past.
			tok5 := s.clientSession(a, map[string]any{"user_identity_id": identity})
			cs5 := bodyObj(t, s.postOK("/client_sessions/get", tok5, nil), "client_session")["client_session_id"].(string)
			err := st.InTx(context.Background(), func(tx *store.Tx) error {
				return tx.SetClientSessionExpiry(context.Background(), s.A.WorkspaceID, cs5, time.Now().Add(-time.Second))
			})
			if err != nil {
				t.Fatal(err)
			}
			s.wantError(s.call(http.MethodGet, "/acs/users/list", tok5, nil), 401, "unauthorized")
			// A wrong long token with a real short token fails the same way.
			s.wantError(s.call(http.MethodGet, "/acs/users/list", tok[:strings.LastIndex(tok, "_")]+"_wronglongtoken", nil), 401, "unauthorized")
		})
	})
}
