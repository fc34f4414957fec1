package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// phoneFields are the phone's required fields, from the spec.
var phoneFields = []string{"device_id", "display_name", "workspace_id", "created_at", "custom_metadata", "errors",
	"warnings", "device_type", "properties"}

// sandboxPhone gives an identity a simulated phone through the API and
// returns its id.
func (s *testServer) sandboxPhone(token, userIdentityID string) string {
	s.t.Helper()
	r := s.call(http.MethodPost, "/phones/simulate/create_sandbox_phone", token, map[string]any{"user_identity_id": userIdentityID})
	s.ok(r)
	return obj(s.t, r, "phone")["device_id"].(string)
}

// credential issues a credential of an access method to a user through the
// API and returns its id.
func (s *testServer) credential(token, acsUserID, accessMethod string) string {
	s.t.Helper()
	r := s.call(http.MethodPost, "/acs/credentials/create", token, map[string]any{"acs_user_id": acsUserID, "access_method": accessMethod})
	s.ok(r)
	return obj(s.t, r, "acs_credential")["acs_credential_id"].(string)
}

func TestPhones(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		sys := s.A.Systems[0]
		owner, ownerUser := sys.UserIdentityIDs[0], sys.AcsUserIDs[0]
		other := sys.UserIdentityIDs[1]
		card := sys.CredentialIDs[ownerUser][0]
		mobileKey := s.credential(s.A.APIKey, ownerUser, "mobile_key")
		otherKey := s.credential(s.A.APIKey, sys.AcsUserIDs[1], "mobile_key")
		var android, iphone, othersPhone string
		s.run([]apiCase{
			{name: "create a sandbox phone with the spec's defaults", method: http.MethodPost, path: "/phones/simulate/create_sandbox_phone",
				params: map[string]any{"user_identity_id": owner},
				check: func(t *testing.T, r response) {
					p := obj(t, r, "phone")
					requireFields(t, p, phoneFields...)
					android = p["device_id"].(string)
					if p["device_type"] != "android_phone" || p["display_name"] != "Samsung Galaxy S10" || p["workspace_id"] != s.A.WorkspaceID {
						t.Errorf("phone = %v", p)
					}
					meta := p["properties"].(map[string]any)["assa_abloy_credential_service_metadata"].(map[string]any)
					if meta["has_active_endpoint"] != true {
						t.Errorf("assa_abloy_credential_service_metadata = %v", meta)
					}
				}},
			{name: "create an iPhone", method: http.MethodPost, path: "/phones/simulate/create_sandbox_phone",
				params: map[string]any{"user_identity_id": owner, "custom_sdk_installation_id": "install-1",
					"phone_metadata": map[string]any{"operating_system": "ios", "os_version": "17", "device_manufacturer": "Apple",
						"device_model": "iPhone 15"},
					"assa_abloy_metadata": map[string]any{"ble_capability": false, "nfc_capability": true, "seos_tsm_endpoint_id": 7}},
				check: func(t *testing.T, r response) {
					p := obj(t, r, "phone")
					iphone = p["device_id"].(string)
					if p["device_type"] != "ios_phone" || p["display_name"] != "iPhone 15" {
						t.Errorf("phone = %v", p)
					}
				}},
			{name: "another identity's phone", method: http.MethodPost, path: "/phones/simulate/create_sandbox_phone",
				params: map[string]any{"user_identity_id": other},
				check:  func(t *testing.T, r response) { othersPhone = obj(t, r, "phone")["device_id"].(string) }},
			{name: "create without an identity", method: http.MethodPost, path: "/phones/simulate/create_sandbox_phone",
				params: map[string]any{}, status: 400, errType: "invalid_input", field: "user_identity_id"},
			{name: "create with an unknown operating system", method: http.MethodPost, path: "/phones/simulate/create_sandbox_phone",
				params: map[string]any{"user_identity_id": owner, "phone_metadata": map[string]any{"operating_system": "symbian"}},
				status: 400, errType: "invalid_input", field: "phone_metadata"},
			{name: "create for an unknown identity", method: http.MethodPost, path: "/phones/simulate/create_sandbox_phone",
				params: map[string]any{"user_identity_id": lintel.NewID()}, status: 404, errType: "user_identity_not_found"},
			{name: "create for another workspace's identity", method: http.MethodPost, path: "/phones/simulate/create_sandbox_phone",
				params: map[string]any{"user_identity_id": s.B.Systems[0].UserIdentityIDs[0]}, status: 404, errType: "user_identity_not_found"},
		})
		s.run([]apiCase{
			{name: "get", method: http.MethodGet, path: "/phones/get", params: map[string]any{"device_id": android},
				check: func(t *testing.T, r response) {
					if got := obj(t, r, "phone")["device_id"]; got != android {
						t.Errorf("device_id = %v", got)
					}
				}},
			{name: "get a phone of another workspace", method: http.MethodGet, path: "/phones/get", token: s.B.APIKey,
				params: map[string]any{"device_id": android}, status: 404, errType: "phone_not_found"},
			{name: "get without an id", method: http.MethodPost, path: "/phones/get", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "get with a bad id", method: http.MethodGet, path: "/phones/get", params: map[string]any{"device_id": "nope"},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "list all", method: http.MethodGet, path: "/phones/list", params: map[string]any{},
				check: wantPhones(&android, &iphone, &othersPhone)},
			{name: "list another workspace's", method: http.MethodGet, path: "/phones/list", token: s.B.APIKey, params: map[string]any{},
				check: wantPhones()},
			{name: "list an owner's", method: http.MethodGet, path: "/phones/list", params: map[string]any{"owner_user_identity_id": owner},
				check: wantPhones(&android, &iphone)},
			{name: "list the phones a mobile key is on", method: http.MethodPost, path: "/phones/list",
				params: map[string]any{"acs_credential_id": mobileKey}, check: wantPhones(&android, &iphone)},
			{name: "a card is on no phone", method: http.MethodPost, path: "/phones/list",
				params: map[string]any{"acs_credential_id": card}, check: wantPhones()},
			{name: "owner and credential of different identities", method: http.MethodPost, path: "/phones/list",
				params: map[string]any{"owner_user_identity_id": owner, "acs_credential_id": otherKey}, check: wantPhones()},
			{name: "list by an unknown owner", method: http.MethodGet, path: "/phones/list",
				params: map[string]any{"owner_user_identity_id": lintel.NewID()}, status: 404, errType: "user_identity_not_found"},
			{name: "list by an unknown credential", method: http.MethodGet, path: "/phones/list",
				params: map[string]any{"acs_credential_id": lintel.NewID()}, status: 404, errType: "acs_credential_not_found"},
		})

		if n := s.sandboxMobileKeys(s.A.WorkspaceID, sys.AcsSystemID); n != 2 {
			t.Fatalf("the access system holds %d mobile keys, want 2", n)
		}
		// Deactivating another workspace's phone changes nothing.
		before := storetest.WorkspaceRows(t, st, s.A.WorkspaceID)
		s.run([]apiCase{
			{name: "deactivate another workspace's phone", method: http.MethodDelete, path: "/phones/deactivate", token: s.B.APIKey,
				params: map[string]any{"device_id": android}, status: 404, errType: "phone_not_found"},
			{name: "deactivate without an id", method: http.MethodPost, path: "/phones/deactivate", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "device_id"},
		})
		if diff := storetest.DiffRows(before, storetest.WorkspaceRows(t, st, s.A.WorkspaceID)); diff != "" {
			t.Errorf("refused deactivations changed workspace A: %s", diff)
		}

		s.run([]apiCase{
			{name: "deactivate the lost phone", method: http.MethodDelete, path: "/phones/deactivate", params: map[string]any{"device_id": android},
				check: func(t *testing.T, r response) {
					if len(r.Body) != 1 {
						t.Errorf("body = %s, want only ok", r.Raw)
					}
				}},
			{name: "the phone is gone", method: http.MethodGet, path: "/phones/get", params: map[string]any{"device_id": android},
				status: 404, errType: "phone_not_found"},
			{name: "its mobile key is revoked", method: http.MethodGet, path: "/acs/credentials/get",
				params: map[string]any{"acs_credential_id": mobileKey}, status: 404, errType: "acs_credential_not_found"},
			{name: "the owner's card still works", method: http.MethodGet, path: "/acs/credentials/get",
				params: map[string]any{"acs_credential_id": card}},
			{name: "another identity's mobile key still works", method: http.MethodGet, path: "/acs/credentials/get",
				params: map[string]any{"acs_credential_id": otherKey}},
			{name: "the other phones remain", method: http.MethodGet, path: "/phones/list", params: map[string]any{},
				check: wantPhones(&iphone, &othersPhone)},
			{name: "deactivate again", method: http.MethodPost, path: "/phones/deactivate", params: map[string]any{"device_id": android},
				status: 404, errType: "phone_not_found"},
		})
		ws := s.A.WorkspaceID
		if n := s.events(ws, "phone.deactivated", store.EventFilter{DeviceIDs: []string{android}}); n != 1 {
			t.Errorf("%d phone.deactivated events, want 1", n)
		}
		for _, typ := range []string{"acs_credential.invalidated", "acs_credential.deleted"} {
			if n := s.events(ws, typ, store.EventFilter{AcsCredentialID: mobileKey}); n != 1 {
				t.Errorf("%d %s events for the mobile key, want 1", n, typ)
			}
			if n := s.events(ws, typ, store.EventFilter{AcsCredentialID: card}); n != 0 {
				t.Errorf("%d %s events for the card, want 0", n, typ)
			}
		}
		if got := s.audits(ws, android); !slices.Contains(got, "phone.deactivate") {
			t.Errorf("audit of the phone = %v", got)
		}
		if got := s.audits(ws, mobileKey); !slices.Contains(got, "acs_credential.delete") {
			t.Errorf("audit of the mobile key = %v", got)
		}
		if n := s.sandboxMobileKeys(ws, sys.AcsSystemID); n != 1 {
			t.Errorf("the access system holds %d mobile keys after the deactivation, want 1 (the other identity's)", n)
		}
	})
}

// sandboxMobileKeys counts the mobile keys the sandbox access system holds.
func (s *testServer) sandboxMobileKeys(ws, acsSystemID string) int {
	s.t.Helper()
	n := 0
	s.sandbox(func(tx *store.Tx) error {
		creds, err := tx.SandboxCredentials(context.Background(), ws, acsSystemID)
		for _, c := range creds {
			if c.AccessMethod == "mobile_key" {
				n++
			}
		}
		return err
	})
	return n
}

// wantPhones checks the ids, in order, of the phones listed.
func wantPhones(want ...*string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		ids := ids(list(t, r, "phones"), "device_id")
		w := []string{}
		for _, id := range want {
			w = append(w, *id)
		}
		if !slices.Equal(ids, w) {
			t.Errorf("phones = %v, want %v", ids, w)
		}
	}
}

// phoneCrossCases put A's phone, identity and credential in every id
// parameter of the phone routes.
func phoneCrossCases(s *testServer) []crossCase {
	aSys := s.A.Systems[0]
	aPhone := s.sandboxPhone(s.A.APIKey, aSys.UserIdentityIDs[0])
	aCred := aSys.CredentialIDs[aSys.AcsUserIDs[0]][0]
	return []crossCase{
		{"/phones/get", "device_id", one("device_id"), aPhone, "phone_not_found"},
		{"/phones/deactivate", "device_id", one("device_id"), aPhone, "phone_not_found"},
		{"/phones/list", "owner_user_identity_id", one("owner_user_identity_id"), aSys.UserIdentityIDs[0], "user_identity_not_found"},
		{"/phones/list", "acs_credential_id", one("acs_credential_id"), aCred, "acs_credential_not_found"},
		{"/phones/simulate/create_sandbox_phone", "user_identity_id", one("user_identity_id"), aSys.UserIdentityIDs[0], "user_identity_not_found"},
	}
}
