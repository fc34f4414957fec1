package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// grantFixture is what a workspace offers a grant: two locks that hold
// codes (an August and a Yale), an August without a keypad, a Salto KS
// entrance (codes), a Visionline hotel entrance (cards, with an encoder), a
// user identity and a space holding the Yale and the keyless August.
type grantFixture struct {
	lock, lock2, keyless, codeEntrance, cardEntrance, cardSystem, encoder, identity, space string
	// The connected accounts of the Yale lock and of the hotel system.
	yaleAccount, cardAccount string
}

func (s *testServer) grantFixture(ws string) grantFixture {
	s.t.Helper()
	key := s.keyOf(ws)
	august := s.connect(ws, "august", provider.JaneEmail, true)
	yale := s.connect(ws, "yale", provider.JaneEmail, true)
	hotel := s.connect(ws, "visionline", provider.JaneEmail, true)
	seeded := s.A
	if ws == s.B.WorkspaceID {
		seeded = s.B
	}
	f := grantFixture{lock: august.Devices[0].DeviceID, lock2: yale.Devices[0].DeviceID, keyless: august.Devices[1].DeviceID,
		codeEntrance: seeded.Systems[1].EntranceIDs[0], cardEntrance: hotel.Systems[0].EntranceIDs[0],
		cardSystem: hotel.Systems[0].AcsSystemID, encoder: hotel.Systems[0].EncoderIDs[0],
		yaleAccount: yale.ConnectedAccountID, cardAccount: hotel.ConnectedAccountID}
	f.identity = s.postOK("/user_identities/create", key, map[string]any{"full_name": "Guest " + ws[:4],
		"email_address": "guest-" + ws[:8] + "@example.com"})["user_identity"].(map[string]any)["user_identity_id"].(string)
	f.space = s.postOK("/spaces/create", key, map[string]any{"name": "Unit 7", "device_ids": []string{f.lock2, f.keyless}})["space"].(map[string]any)["space_id"].(string)
	return f
}

// grantEvents returns the events of a type about a grant or a method.
func (s *testServer) grantEvents(ws, eventType, id string) []map[string]any {
	s.t.Helper()
	r := s.call(http.MethodPost, "/events/list", s.keyOf(ws), map[string]any{"since": "2000-01-01T00:00:00.000Z",
		"event_types": []string{eventType}})
	s.ok(r)
	var out []map[string]any
	for _, e := range list(s.t, r, "events") {
		if e["access_grant_id"] == id || e["access_method_id"] == id {
			out = append(out, e)
		}
	}
	return out
}

var (
	grantFields  = []string{"workspace_id", "access_grant_id", "user_identity_id", "location_ids", "space_ids", "requested_access_methods", "access_method_ids", "name", "display_name", "created_at", "starts_at", "ends_at", "display_status", "warnings", "errors", "pending_mutations"}
	methodFields = []string{"workspace_id", "access_method_id", "display_name", "mode", "created_at", "issued_at", "is_issued", "display_status", "warnings", "errors", "pending_mutations"}
)

func TestAccessGrants(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		f := s.grantFixture(s.A.WorkspaceID)
		bf := s.grantFixture(s.B.WorkspaceID)
		ends := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
		var grant, codeMethod, cardMethod, pin, codeCredential, cardCredential, accessCode string
		methodsOf := func(t *testing.T, grantID string) map[string]map[string]any {
			t.Helper()
			r := s.call(http.MethodGet, "/access_methods/list", s.A.APIKey, map[string]any{"access_grant_id": grantID})
			s.ok(r)
			out := map[string]map[string]any{}
			for _, m := range list(t, r, "access_methods") {
				requireFields(t, m, methodFields...)
				out[m["mode"].(string)] = m
			}
			return out
		}
		before := storetest.WorkspaceRows(t, st, s.B.WorkspaceID)
		s.runVars(map[string]*string{"$grant": &grant, "$code": &codeMethod, "$card": &cardMethod, "$accessCode": &accessCode}, []apiCase{
			{name: "create", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "device_ids": []string{f.lock}, "space_ids": []string{f.space},
				"acs_entrance_ids": []string{f.codeEntrance, f.cardEntrance}, "ends_at": ends, "access_grant_key": "stay-1",
				"name": "Stay 1", "reservation_key": "res-1",
				"requested_access_methods": []map[string]any{{"mode": "code"}, {"mode": "card"}}},
				check: func(t *testing.T, r response) {
					g := obj(t, r, "access_grant")
					requireFields(t, g, grantFields...)
					grant = g["access_grant_id"].(string)
					if w := g["warnings"].([]any); len(w) != 1 || w[0].(map[string]any)["warning_code"] != "device_does_not_support_access_codes" ||
						w[0].(map[string]any)["device_id"] != f.keyless {
						t.Errorf("warnings = %v, want the keyless lock's", w)
					}
					if g["display_status"] != "granted" || g["access_grant_key"] != "stay-1" || g["display_name"] != "Stay 1" ||
						!slices.Equal(toStrings(g["space_ids"]), []string{f.space}) || len(toStrings(g["access_method_ids"])) != 2 {
						t.Errorf("access_grant = %v", g)
					}
					ms := methodsOf(t, grant)
					code, card := ms["code"], ms["card"]
					if code == nil || card == nil {
						t.Fatalf("methods = %v", ms)
					}
					codeMethod, cardMethod = code["access_method_id"].(string), card["access_method_id"].(string)
					pin, _ = code["code"].(string)
					if code["is_issued"] != true || code["issued_at"] == nil || pin == "" {
						t.Errorf("code method = %v", code)
					}
					if card["is_issued"] != false || card["is_encoding_required"] != true || card["issued_at"] != nil {
						t.Errorf("card method = %v", card)
					}
					// One PIN on both locks (one named, one in the space)
					// and on the Salto KS entrance.
					for _, lock := range []string{f.lock, f.lock2} {
						if !slices.Contains(s.sandboxCodes(s.A.WorkspaceID, lock), pin) {
							t.Errorf("lock %s does not hold %s: %v", lock, pin, s.sandboxCodes(s.A.WorkspaceID, lock))
						}
					}
					creds := list(t, s.call(http.MethodPost, "/acs/credentials/list", s.A.APIKey,
						map[string]any{"user_identity_id": f.identity}), "acs_credentials")
					for _, c := range creds {
						switch c["access_method"] {
						case "code":
							codeCredential = c["acs_credential_id"].(string)
							if c["code"] != pin {
								t.Errorf("code credential = %v, want code %s", c, pin)
							}
						case "card":
							cardCredential = c["acs_credential_id"].(string)
						}
					}
					if codeCredential == "" || cardCredential == "" {
						t.Errorf("credentials of the identity = %v", creds)
					}
					codes := list(t, s.call(http.MethodPost, "/access_codes/list", s.A.APIKey, map[string]any{"device_id": f.lock}), "access_codes")
					if len(codes) != 1 || codes[0]["code"] != pin {
						t.Fatalf("access codes on the lock = %v", codes)
					}
					accessCode = codes[0]["access_code_id"].(string)
					for _, c := range []struct {
						eventType, id string
						n             int
					}{{"access_grant.created", grant, 1}, {"access_method.created", codeMethod, 1}, {"access_method.created", cardMethod, 1},
						{"access_method.issued", codeMethod, 1}, {"access_method.issued", cardMethod, 0},
						{"access_method.card_encoding_required", cardMethod, 1}, {"access_grant.access_granted_to_all_doors", grant, 0}} {
						if got := len(s.grantEvents(s.A.WorkspaceID, c.eventType, c.id)); got != c.n {
							t.Errorf("%d %s events about %s, want %d", got, c.eventType, c.id, c.n)
						}
					}
					if evs := s.grantEvents(s.A.WorkspaceID, "access_method.issued", codeMethod); len(evs) == 1 &&
						!slices.Equal(toStrings(evs[0]["access_grant_ids"]), []string{grant}) {
						t.Errorf("access_method.issued = %v", evs[0])
					}
				}},
			{name: "create with a taken key", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "device_ids": []string{f.lock}, "access_grant_key": "stay-1",
				"requested_access_methods": []map[string]any{{"mode": "code"}}}, status: 409, errType: "conflict"},
			{name: "create without anyone", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"device_ids": []string{f.lock}, "requested_access_methods": []map[string]any{{"mode": "code"}}},
				status: 400, errType: "invalid_input", field: "user_identity_id"},
			{name: "create without places", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "requested_access_methods": []map[string]any{{"mode": "code"}}},
				status: 400, errType: "invalid_input", field: "space_ids"},
			{name: "create without methods", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "device_ids": []string{f.lock}},
				status: 400, errType: "invalid_input", field: "requested_access_methods"},
			{name: "create with a bad mode", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "device_ids": []string{f.lock}, "requested_access_methods": []map[string]any{{"mode": "key"}}},
				status: 400, errType: "invalid_input", field: "requested_access_methods"},
			{name: "create with a code on a card", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "device_ids": []string{f.lock}, "requested_access_methods": []map[string]any{{"mode": "card", "code": "1234"}}},
				status: 400, errType: "invalid_input", field: "requested_access_methods"},
			{name: "create ending in the past", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "device_ids": []string{f.lock}, "ends_at": "2020-01-01T00:00:00.000Z",
				"requested_access_methods": []map[string]any{{"mode": "code"}}},
				status: 400, errType: "invalid_input", field: "ends_at"},
			{name: "create for W_B's identity", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": bf.identity, "device_ids": []string{f.lock}, "requested_access_methods": []map[string]any{{"mode": "code"}}},
				status: 404, errType: "user_identity_not_found"},
			{name: "create on W_B's lock", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "device_ids": []string{bf.lock}, "requested_access_methods": []map[string]any{{"mode": "code"}}},
				status: 404, errType: "device_not_found"},
			{name: "create on W_B's entrance", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "acs_entrance_ids": []string{bf.codeEntrance}, "requested_access_methods": []map[string]any{{"mode": "code"}}},
				status: 404, errType: "acs_entrance_not_found"},
			{name: "create in W_B's space", method: http.MethodPost, path: "/access_grants/create", params: map[string]any{
				"user_identity_id": f.identity, "space_ids": []string{bf.space}, "requested_access_methods": []map[string]any{{"mode": "code"}}},
				status: 404, errType: "space_not_found"},
			{name: "nothing was created by the refused calls", method: http.MethodGet, path: "/access_grants/list",
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "access_grants"), "access_grant_id"); !slices.Equal(got, []string{grant}) {
						t.Errorf("access_grants = %v", got)
					}
				}},

			{name: "get", method: http.MethodGet, path: "/access_grants/get", params: map[string]any{"access_grant_id": "$grant"},
				check: func(t *testing.T, r response) {
					if g := obj(t, r, "access_grant"); g["access_grant_id"] != grant || len(toStrings(g["requested_access_methods"].([]any)[0].(map[string]any)["created_access_method_ids"])) != 1 {
						t.Errorf("access_grant = %v", g)
					}
				}},
			{name: "get by key", method: http.MethodPost, path: "/access_grants/get", params: map[string]any{"access_grant_key": "stay-1"},
				check: func(t *testing.T, r response) {
					if g := obj(t, r, "access_grant"); g["access_grant_id"] != grant {
						t.Errorf("access_grant = %v", g)
					}
				}},
			{name: "get by nothing", method: http.MethodPost, path: "/access_grants/get", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "access_grant_id"},
			{name: "W_B gets A's", method: http.MethodGet, path: "/access_grants/get", token: s.B.APIKey,
				params: map[string]any{"access_grant_id": "$grant"}, status: 404, errType: "access_grant_not_found"},
			{name: "W_B gets A's by key", method: http.MethodGet, path: "/access_grants/get", token: s.B.APIKey,
				params: map[string]any{"access_grant_key": "stay-1"}, status: 404, errType: "access_grant_not_found"},
			{name: "list by filters", method: http.MethodPost, path: "/access_grants/list", params: map[string]any{
				"user_identity_id": f.identity, "device_id": f.lock, "acs_system_id": f.cardSystem, "access_code_id": "$accessCode",
				"reservation_key": "res-1", "access_grant_key": "stay-1", "space_id": f.space},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "access_grants"), "access_grant_id"); !slices.Equal(got, []string{grant}) {
						t.Errorf("access_grants = %v", got)
					}
				}},
			{name: "list without a key", method: http.MethodGet, path: "/access_grants/list", params: map[string]any{"access_grant_key": nil},
				check: func(t *testing.T, r response) {
					if got := list(t, r, "access_grants"); len(got) != 0 {
						t.Errorf("access_grants = %v", got)
					}
				}},
			{name: "W_B lists by A's ids", method: http.MethodPost, path: "/access_grants/list", token: s.B.APIKey, params: map[string]any{
				"access_grant_ids": []string{"$grant"}, "user_identity_id": f.identity},
				check: func(t *testing.T, r response) {
					if got := list(t, r, "access_grants"); len(got) != 0 {
						t.Errorf("access_grants = %v", got)
					}
				}},

			{name: "access codes of the grant", method: http.MethodGet, path: "/access_codes/list", params: map[string]any{"access_grant_id": "$grant"},
				check: func(t *testing.T, r response) {
					codes := list(t, r, "access_codes")
					if len(codes) != 2 || codes[0]["code"] != pin || codes[1]["code"] != pin || !slices.Contains(ids(codes, "access_code_id"), accessCode) {
						t.Errorf("access codes = %v", codes)
					}
				}},
			{name: "access codes of the method on a lock", method: http.MethodGet, path: "/access_codes/list",
				params: map[string]any{"access_method_id": "$code", "device_id": f.lock},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "access_codes"), "access_code_id"); !slices.Equal(got, []string{accessCode}) {
						t.Errorf("access codes = %v", got)
					}
				}},
			{name: "get a method", method: http.MethodGet, path: "/access_methods/get", params: map[string]any{"access_method_id": "$code"},
				check: func(t *testing.T, r response) {
					if m := obj(t, r, "access_method"); m["code"] != pin || m["mode"] != "code" {
						t.Errorf("access_method = %v", m)
					}
				}},
			{name: "W_B gets A's method", method: http.MethodGet, path: "/access_methods/get", token: s.B.APIKey,
				params: map[string]any{"access_method_id": "$code"}, status: 404, errType: "access_method_not_found"},
			{name: "list methods by entrance", method: http.MethodGet, path: "/access_methods/list", params: map[string]any{"acs_entrance_id": f.cardEntrance},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "access_methods"), "access_method_id"); len(got) != 2 {
						t.Errorf("access_methods = %v", got)
					}
				}},
			{name: "list methods by grant and device", method: http.MethodGet, path: "/access_methods/list",
				params: map[string]any{"access_grant_id": "$grant", "device_id": f.lock},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "access_methods"), "access_method_id"); !slices.Equal(got, []string{codeMethod}) {
						t.Errorf("access_methods = %v", got)
					}
				}},
			{name: "list methods by grant and space", method: http.MethodGet, path: "/access_methods/list",
				params: map[string]any{"access_grant_key": "stay-1", "space_id": f.space},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "access_methods"), "access_method_id"); !slices.Equal(got, []string{codeMethod}) {
						t.Errorf("access_methods = %v", got)
					}
				}},
			{name: "list methods without a grant", method: http.MethodGet, path: "/access_methods/list", params: map[string]any{"device_id": f.lock},
				status: 400, errType: "invalid_input", field: "access_grant_id"},
			{name: "W_B lists A's methods", method: http.MethodGet, path: "/access_methods/list", token: s.B.APIKey,
				params: map[string]any{"access_grant_id": "$grant"}, status: 404, errType: "access_grant_not_found"},
			{name: "W_B lists by A's entrance", method: http.MethodGet, path: "/access_methods/list", token: s.B.APIKey,
				params: map[string]any{"acs_entrance_id": f.cardEntrance}, status: 404, errType: "acs_entrance_not_found"},
			{name: "W_B deletes A's method", method: http.MethodPost, path: "/access_methods/delete", token: s.B.APIKey,
				params: map[string]any{"access_method_id": "$card"}, status: 404, errType: "access_method_not_found"},
			{name: "W_B deletes A's grant's methods", method: http.MethodPost, path: "/access_methods/delete", token: s.B.APIKey,
				params: map[string]any{"access_grant_id": "$grant"}, status: 404, errType: "access_grant_not_found"},
			{name: "W_B deletes A's grant", method: http.MethodDelete, path: "/access_grants/delete", token: s.B.APIKey,
				params: map[string]any{"access_grant_id": "$grant"}, status: 404, errType: "access_grant_not_found"},
			{name: "W_B is untouched", method: http.MethodGet, path: "/workspaces/get", token: s.B.APIKey,
				check: func(t *testing.T, r response) {
					if d := storetest.DiffRows(before, storetest.WorkspaceRows(t, st, s.B.WorkspaceID)); d != "" {
						t.Errorf("W_B changed: %s", d)
					}
				}},

			{name: "delete the card method", method: http.MethodDelete, path: "/access_methods/delete", params: map[string]any{"access_method_id": "$card"},
				check: func(t *testing.T, r response) {
					s.wantError(s.call(http.MethodGet, "/acs/credentials/get", s.A.APIKey, map[string]any{"acs_credential_id": cardCredential}),
						404, "acs_credential_not_found")
					if n := len(s.grantEvents(s.A.WorkspaceID, "access_method.deleted", cardMethod)); n != 1 {
						t.Errorf("%d access_method.deleted", n)
					}
					if g := obj(t, s.call(http.MethodGet, "/access_grants/get", s.A.APIKey, map[string]any{"access_grant_id": grant}), "access_grant"); !slices.Equal(toStrings(g["access_method_ids"]), []string{codeMethod}) {
						t.Errorf("access_method_ids = %v", g["access_method_ids"])
					}
				}},
			{name: "get the deleted method", method: http.MethodGet, path: "/access_methods/get", params: map[string]any{"access_method_id": "$card"},
				status: 404, errType: "access_method_not_found"},
			{name: "delete", method: http.MethodDelete, path: "/access_grants/delete", params: map[string]any{"access_grant_id": "$grant"},
				check: func(t *testing.T, r response) {
					s.wantError(s.call(http.MethodGet, "/acs/credentials/get", s.A.APIKey, map[string]any{"acs_credential_id": codeCredential}),
						404, "acs_credential_not_found")
					s.wantError(s.call(http.MethodGet, "/access_codes/get", s.A.APIKey, map[string]any{"access_code_id": accessCode}),
						404, "access_code_not_found")
					for _, lock := range []string{f.lock, f.lock2} {
						if codes := s.sandboxCodes(s.A.WorkspaceID, lock); slices.Contains(codes, pin) {
							t.Errorf("lock %s still holds %s", lock, pin)
						}
					}
					for _, c := range []struct {
						eventType, id string
					}{{"access_grant.deleted", grant}, {"access_method.deleted", codeMethod}, {"access_method.revoked", codeMethod}} {
						if n := len(s.grantEvents(s.A.WorkspaceID, c.eventType, c.id)); n != 1 {
							t.Errorf("%d %s events about %s, want 1", n, c.eventType, c.id)
						}
					}
					if n := s.events(s.A.WorkspaceID, "acs_credential.deleted", store.EventFilter{AcsCredentialID: codeCredential}); n != 1 {
						t.Errorf("%d acs_credential.deleted", n)
					}
					if got := s.auditActions(s.A.WorkspaceID, grant); !slices.Equal(got, []string{"access_grant.delete:succeeded"}) {
						t.Errorf("audit = %v", got)
					}
				}},
			{name: "delete again", method: http.MethodDelete, path: "/access_grants/delete", params: map[string]any{"access_grant_id": "$grant"},
				status: 404, errType: "access_grant_not_found"},
			{name: "get deleted", method: http.MethodGet, path: "/access_grants/get", params: map[string]any{"access_grant_id": "$grant"},
				status: 404, errType: "access_grant_not_found"},
			{name: "get an unknown method", method: http.MethodGet, path: "/access_methods/get", params: map[string]any{"access_method_id": lintel.NewID()},
				status: 404, errType: "access_method_not_found"},
		})
	})
}

func TestAccessGrantChanges(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		f := s.grantFixture(s.A.WorkspaceID)
		ends := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		later := ends.Add(24 * time.Hour)
		g := s.postOK("/access_grants/create", s.A.APIKey, map[string]any{"user_identity_id": f.identity, "device_ids": []string{f.lock},
			"acs_entrance_ids": []string{f.codeEntrance, f.cardEntrance}, "ends_at": ends.Format(time.RFC3339), "access_grant_key": "stay-2",
			"requested_access_methods": []map[string]any{{"mode": "code", "code": "482913"}}})["access_grant"].(map[string]any)
		grant := g["access_grant_id"].(string)
		codeMethod := toStrings(g["access_method_ids"])[0]
		codeOnLock := func(t *testing.T) map[string]any {
			t.Helper()
			codes := list(t, s.call(http.MethodPost, "/access_codes/list", s.A.APIKey, map[string]any{"device_id": f.lock}), "access_codes")
			if len(codes) != 1 || codes[0]["code"] != "482913" {
				t.Fatalf("access codes on the lock = %v", codes)
			}
			return codes[0]
		}
		firstCode := codeOnLock(t)["access_code_id"].(string)
		credentialEnds := func(t *testing.T) string {
			t.Helper()
			creds := list(t, s.call(http.MethodPost, "/acs/credentials/list", s.A.APIKey, map[string]any{"user_identity_id": f.identity}), "acs_credentials")
			if len(creds) != 1 {
				t.Fatalf("credentials = %v", creds)
			}
			e, _ := creds[0]["ends_at"].(string)
			return e
		}
		var cardMethod string
		s.run([]apiCase{
			{name: "rename", method: http.MethodPatch, path: "/access_grants/update", params: map[string]any{"access_grant_key": "stay-2", "name": "Renamed"},
				check: func(t *testing.T, r response) {
					got := obj(t, s.call(http.MethodGet, "/access_grants/get", s.A.APIKey, map[string]any{"access_grant_id": grant}), "access_grant")
					if got["name"] != "Renamed" {
						t.Errorf("access_grant = %v", got)
					}
					if n := len(s.grantEvents(s.A.WorkspaceID, "access_grant.access_times_changed", grant)); n != 0 {
						t.Errorf("%d access_times_changed after a rename", n)
					}
				}},
			{name: "move the end", method: http.MethodPatch, path: "/access_grants/update", params: map[string]any{"access_grant_id": grant,
				"ends_at": later.Format(time.RFC3339)},
				check: func(t *testing.T, r response) {
					got := obj(t, s.call(http.MethodGet, "/access_grants/get", s.A.APIKey, map[string]any{"access_grant_id": grant}), "access_grant")
					if got["ends_at"] != later.Format("2006-01-02T15:04:05.000Z") {
						t.Errorf("ends_at = %v", got["ends_at"])
					}
					if e := credentialEnds(t); e != later.Format("2006-01-02T15:04:05.000Z") {
						t.Errorf("the credential ends at %s", e)
					}
					c := codeOnLock(t)
					if c["access_code_id"] == firstCode || c["ends_at"] != later.Format("2006-01-02T15:04:05.000Z") {
						t.Errorf("the code on the lock = %v, want a new one ending at %s", c, later)
					}
					s.wantError(s.call(http.MethodGet, "/access_codes/get", s.A.APIKey, map[string]any{"access_code_id": firstCode}), 404, "access_code_not_found")
					if m := obj(t, s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": codeMethod}), "access_method"); m["code"] != "482913" {
						t.Errorf("the method = %v", m)
					}
					if n := len(s.grantEvents(s.A.WorkspaceID, "access_grant.access_times_changed", grant)); n != 1 {
						t.Errorf("%d access_times_changed", n)
					}
				}},
			{name: "move the end into the past", method: http.MethodPatch, path: "/access_grants/update",
				params: map[string]any{"access_grant_id": grant, "ends_at": "2020-01-01T00:00:00.000Z"}, status: 400, errType: "invalid_input", field: "ends_at"},
			{name: "update by nothing", method: http.MethodPatch, path: "/access_grants/update", params: map[string]any{"name": "x"},
				status: 400, errType: "invalid_input", field: "access_grant_id"},
			{name: "request a card", method: http.MethodPost, path: "/access_grants/request_access_methods", params: map[string]any{"access_grant_id": grant,
				"requested_access_methods": []map[string]any{{"mode": "card"}}},
				check: func(t *testing.T, r response) {
					got := obj(t, r, "access_grant")
					ids := toStrings(got["access_method_ids"])
					if len(ids) != 2 || ids[0] != codeMethod || len(got["requested_access_methods"].([]any)) != 2 {
						t.Fatalf("access_grant = %v", got)
					}
					cardMethod = ids[1]
					if m := obj(t, s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": cardMethod}), "access_method"); m["mode"] != "card" || m["is_encoding_required"] != true {
						t.Errorf("the card method = %v", m)
					}
				}},
			{name: "request a mobile key no place takes", method: http.MethodPost, path: "/access_grants/request_access_methods",
				params: map[string]any{"access_grant_id": grant, "requested_access_methods": []map[string]any{{"mode": "mobile_key"}}},
				check: func(t *testing.T, r response) {
					got := obj(t, r, "access_grant")
					errs := got["errors"].([]any)
					if len(toStrings(got["access_method_ids"])) != 2 || len(errs) != 1 ||
						errs[0].(map[string]any)["error_code"] != "cannot_create_requested_access_methods" {
						t.Errorf("access_grant = %v", got)
					}
					if evs := s.grantEvents(s.A.WorkspaceID, "access_grant.could_not_create_requested_access_methods", grant); len(evs) != 1 || evs[0]["error_message"] == "" {
						t.Errorf("could_not_create events = %v", evs)
					}
				}},
			{name: "request nothing", method: http.MethodPost, path: "/access_grants/request_access_methods",
				params: map[string]any{"access_grant_id": grant, "requested_access_methods": []map[string]any{}},
				status: 400, errType: "invalid_input", field: "requested_access_methods"},
			{name: "get_related", method: http.MethodGet, path: "/access_grants/get_related", params: map[string]any{"access_grant_ids": []string{grant}},
				check: func(t *testing.T, r response) {
					b := obj(t, r, "batch")
					for k, n := range map[string]int{"devices": 1, "acs_entrances": 2, "acs_systems": 2, "user_identities": 1, "access_methods": 2} {
						if l, _ := b[k].([]any); len(l) != n {
							t.Errorf("batch.%s = %v, want %d", k, b[k], n)
						}
					}
					if l, _ := b["connected_accounts"].([]any); len(l) < 2 {
						t.Errorf("batch.connected_accounts = %v", b["connected_accounts"])
					}
				}},
			{name: "get_related by key, only methods", method: http.MethodPost, path: "/access_grants/get_related",
				params: map[string]any{"access_grant_keys": []string{"stay-2"}, "include": []string{"access_methods", "devices"}, "exclude": []string{"devices"}},
				check: func(t *testing.T, r response) {
					b := obj(t, r, "batch")
					if _, ok := b["devices"]; ok || len(b) != 1 || len(b["access_methods"].([]any)) != 2 {
						t.Errorf("batch = %v", b)
					}
				}},
			{name: "methods' get_related", method: http.MethodGet, path: "/access_methods/get_related", params: map[string]any{"access_method_ids": []string{codeMethod}},
				check: func(t *testing.T, r response) {
					b := obj(t, r, "batch")
					for k, n := range map[string]int{"access_methods": 1, "access_grants": 1, "acs_credentials": 1, "devices": 1, "acs_entrances": 2} {
						if l, _ := b[k].([]any); len(l) != n {
							t.Errorf("batch.%s = %v, want %d", k, b[k], n)
						}
					}
				}},
			{name: "methods' get_related of an unknown one", method: http.MethodGet, path: "/access_methods/get_related",
				params: map[string]any{"access_method_ids": []string{lintel.NewID()}}, status: 404, errType: "access_method_not_found"},
		})
	})
}

func TestAccessMethodActions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		f := s.grantFixture(s.A.WorkspaceID)
		bf := s.grantFixture(s.B.WorkspaceID)
		methodOf := func(mode string, places map[string]any) string {
			params := map[string]any{"user_identity_id": f.identity, "requested_access_methods": []map[string]any{{"mode": mode}}}
			for k, v := range places {
				params[k] = v
			}
			g := s.postOK("/access_grants/create", s.A.APIKey, params)["access_grant"].(map[string]any)
			return toStrings(g["access_method_ids"])[0]
		}
		cardAt := map[string]any{"acs_entrance_ids": []string{f.cardEntrance}}
		toEncode, toAssign := methodOf("card", cardAt), methodOf("card", cardAt)
		cloud := methodOf("cloud_key", map[string]any{"acs_entrance_ids": []string{f.codeEntrance}})
		code := methodOf("code", map[string]any{"device_ids": []string{f.lock}})
		cardOf := func(t *testing.T, methodID string) map[string]any {
			t.Helper()
			b := obj(t, s.call(http.MethodGet, "/access_methods/get_related", s.A.APIKey, map[string]any{"access_method_ids": []string{methodID},
				"include": []string{"acs_credentials"}}), "batch")
			creds := b["acs_credentials"].([]any)
			if len(creds) != 1 {
				t.Fatalf("credentials of %s = %v", methodID, creds)
			}
			return creds[0].(map[string]any)
		}
		issued := func(t *testing.T, methodID string) {
			t.Helper()
			m := obj(t, s.call(http.MethodGet, "/access_methods/get", s.A.APIKey, map[string]any{"access_method_id": methodID}), "access_method")
			if m["is_issued"] != true || m["issued_at"] == nil || m["is_ready_for_encoding"] != false {
				t.Errorf("access method = %v", m)
			}
			if n := len(s.grantEvents(s.A.WorkspaceID, "access_method.issued", methodID)); n != 1 {
				t.Errorf("%d access_method.issued", n)
			}
		}
		s.run([]apiCase{
			{name: "a card waits for its encoding", method: http.MethodGet, path: "/access_methods/get", params: map[string]any{"access_method_id": toEncode},
				check: func(t *testing.T, r response) {
					if m := obj(t, r, "access_method"); m["is_issued"] != false || m["is_ready_for_encoding"] != true || m["display_status"] != "encoding_required" {
						t.Errorf("access method = %v", m)
					}
				}},
			{name: "encode", method: http.MethodPost, path: "/access_methods/encode", params: map[string]any{"access_method_id": toEncode, "acs_encoder_id": f.encoder},
				check: func(t *testing.T, r response) {
					wantEncoderAttempt("ENCODE_CREDENTIAL", "success", "", nil)(t, r)
					issued(t, toEncode)
					if c := cardOf(t, toEncode); c["card_number"] == nil || c["is_issued"] != true {
						t.Errorf("card = %v", c)
					}
				}},
			{name: "encode a PIN", method: http.MethodPost, path: "/access_methods/encode", params: map[string]any{"access_method_id": code, "acs_encoder_id": f.encoder},
				status: 400, errType: "invalid_input", field: "access_method_id"},
			{name: "encode with W_B's encoder", method: http.MethodPost, path: "/access_methods/encode", params: map[string]any{"access_method_id": toEncode, "acs_encoder_id": bf.encoder},
				status: 404, errType: "acs_encoder_not_found"},
			{name: "assign a card", method: http.MethodPost, path: "/access_methods/assign_card", params: map[string]any{"access_method_id": toAssign, "card_number": "0042A7"},
				check: func(t *testing.T, r response) {
					a := obj(t, r, "action_attempt")
					res, _ := a["result"].(map[string]any)
					if a["action_type"] != "ASSIGN_CREDENTIAL" || a["status"] != "success" || res["access_method_id"] != toAssign || res["is_issued"] != true {
						t.Errorf("action_attempt = %v", a)
					}
					issued(t, toAssign)
					if c := cardOf(t, toAssign); c["card_number"] != "0042A7" {
						t.Errorf("card = %v", c)
					}
				}},
			{name: "assign a card to a PIN", method: http.MethodPost, path: "/access_methods/assign_card", params: map[string]any{"access_method_id": code, "card_number": "1"},
				status: 400, errType: "invalid_input", field: "access_method_id"},
			{name: "assign without a number", method: http.MethodPost, path: "/access_methods/assign_card", params: map[string]any{"access_method_id": toAssign},
				status: 400, errType: "invalid_input", field: "card_number"},
			{name: "unlock with a cloud key", method: http.MethodPost, path: "/access_methods/unlock_door", params: map[string]any{"access_method_id": cloud, "acs_entrance_id": f.codeEntrance},
				check: func(t *testing.T, r response) {
					a := obj(t, r, "action_attempt")
					if a["action_type"] != "UNLOCK_DOOR" || a["status"] != "success" {
						t.Errorf("action_attempt = %v", a)
					}
				}},
			{name: "unlock with a PIN", method: http.MethodPost, path: "/access_methods/unlock_door", params: map[string]any{"access_method_id": code, "acs_entrance_id": f.codeEntrance},
				status: 400, errType: "invalid_input", field: "access_method_id"},
			{name: "unlock an entrance the method does not reach", method: http.MethodPost, path: "/access_methods/unlock_door",
				params: map[string]any{"access_method_id": cloud, "acs_entrance_id": f.cardEntrance}, status: 400, errType: "invalid_input", field: "acs_entrance_id"},
			{name: "unlock W_B's entrance", method: http.MethodPost, path: "/access_methods/unlock_door",
				params: map[string]any{"access_method_id": cloud, "acs_entrance_id": bf.codeEntrance}, status: 404, errType: "acs_entrance_not_found"},
			{name: "W_B unlocks with A's method", method: http.MethodPost, path: "/access_methods/unlock_door", token: s.B.APIKey,
				params: map[string]any{"access_method_id": cloud, "acs_entrance_id": bf.codeEntrance}, status: 404, errType: "access_method_not_found"},
		})
	})
}
