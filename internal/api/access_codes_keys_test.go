package api_test

import (
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestAccessCodesKeys: a code created with a common_code_key carries it and
// update_multiple reaches it by that key; access_codes/list by
// user_identifier_key finds the codes of the devices that key's client
// session may see, and nothing in another workspace.
func TestAccessCodesKeys(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		schlage := s.connect(s.A.WorkspaceID, "schlage", provider.JaneEmail, true)
		s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
		front, office := august.Devices[0].DeviceID, schlage.Devices[0].DeviceID
		s.clientSession(s.A.APIKey, map[string]any{"user_identifier_key": "guest-1",
			"connected_account_ids": []string{august.ConnectedAccountID}})
		var keyed, other string
		s.run([]apiCase{
			{name: "create with a common_code_key", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "code": "4821", "common_code_key": "stay-12"},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "access_code")
					keyed = c["access_code_id"].(string)
					if c["common_code_key"] != "stay-12" {
						t.Errorf("access_code = %v", c)
					}
				}},
			{name: "a code of another device", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": office, "code": "5821"},
				check:  func(t *testing.T, r response) { other = obj(t, r, "access_code")["access_code_id"].(string) }},
			{name: "update_multiple by that key", method: http.MethodPatch, path: "/access_codes/update_multiple",
				params: map[string]any{"common_code_key": "stay-12", "name": "Stay 12"},
				check: func(t *testing.T, r response) {
					got := obj(t, s.call(http.MethodPost, "/access_codes/get", s.A.APIKey, map[string]any{"access_code_id": keyed}), "access_code")
					if got["name"] != "Stay 12" {
						t.Errorf("code after update_multiple = %v", got)
					}
					got = obj(t, s.call(http.MethodPost, "/access_codes/get", s.A.APIKey, map[string]any{"access_code_id": other}), "access_code")
					if got["name"] == "Stay 12" {
						t.Errorf("update_multiple reached a code without the key: %v", got)
					}
				}},
			{name: "list by user_identifier_key", method: http.MethodPost, path: "/access_codes/list",
				params: map[string]any{"user_identifier_key": "guest-1"}, check: wantCodes(&keyed)},
			{name: "list by an unknown user_identifier_key", method: http.MethodPost, path: "/access_codes/list",
				params: map[string]any{"user_identifier_key": "nobody"}, check: wantCodes()},
			{name: "W_B lists by W_A's user_identifier_key", method: http.MethodPost, path: "/access_codes/list", token: s.B.APIKey,
				params: map[string]any{"user_identifier_key": "guest-1"}, check: wantCodes()},
		})
	})
}
