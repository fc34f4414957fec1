package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// phones reads A's phones from the store, by id, with their owners.
func (fs *fuzzState) phones(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.st.View(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.ListPhones(context.Background(), fs.A.WorkspaceID, store.PhoneFilter{}, page.Request{Limit: 1 << 20})
		for _, p := range rows {
			out[p.DeviceID] = p.UserIdentityID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bodyString is a string field of a body that is a JSON object, else "".
func bodyString(body []byte, field string) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	s, _ := m[field].(string)
	return s
}

func FuzzPhonesCreateSandboxPhoneBody(f *testing.F) {
	fs := newFuzzState(f)
	a, b := fs.A.Systems[0], fs.B.Systems[0]
	for _, s := range []string{
		`{"user_identity_id":"` + a.UserIdentityIDs[0] + `"}`,
		`{"user_identity_id":"` + b.UserIdentityIDs[0] + `"}`,
		`{"user_identity_id":"` + a.UserIdentityIDs[1] + `","phone_metadata":{"operating_system":"ios","device_model":"X"}}`,
		`{"user_identity_id":"` + a.UserIdentityIDs[1] + `","assa_abloy_metadata":{"seos_tsm_endpoint_id":1e308,"ble_capability":"yes"}}`,
		`{"user_identity_id":"` + a.UserIdentityIDs[1] + `","phone_metadata":null,"custom_sdk_installation_id":""}`,
		`{}`, ``, `{"user_identity_id":null}`, `[1]`, `{"phone_metadata":{"operating_system":"ios"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := fs.phones(t)
		rec := fs.serve(t, postJSON("/phones/simulate/create_sandbox_phone", body), true,
			http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge)
		after := fs.phones(t)
		if rec.Code != http.StatusOK {
			return
		}
		var out struct {
			Phone struct {
				DeviceID    string `json:"device_id"`
				WorkspaceID string `json:"workspace_id"`
			} `json:"phone"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		owner, ok := after[out.Phone.DeviceID]
		if !ok || len(after) != len(before)+1 || out.Phone.WorkspaceID != fs.A.WorkspaceID {
			t.Fatalf("200 %s: phones %d -> %d", rec.Body.Bytes(), len(before), len(after))
		}
		if want := bodyString(body, "user_identity_id"); owner != want {
			t.Fatalf("the phone belongs to %s, the body named %s", owner, want)
		}
	})
}

func FuzzPhonesDeactivateBody(f *testing.F) {
	fs := newFuzzState(f)
	a, b := fs.A.Systems[0], fs.B.Systems[0]
	var phones []string
	for _, ident := range a.UserIdentityIDs {
		req := postJSON("/phones/simulate/create_sandbox_phone", []byte(`{"user_identity_id":"`+ident+`"}`))
		req.Header.Set("Authorization", "Bearer "+fs.A.APIKey)
		var out struct {
			Phone struct {
				DeviceID string `json:"device_id"`
			} `json:"phone"`
		}
		rec := httptest.NewRecorder()
		fs.h.ServeHTTP(rec, req)
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Phone.DeviceID == "" {
			f.Fatalf("create a phone: %v", err)
		}
		phones = append(phones, out.Phone.DeviceID)
	}
	for _, s := range []string{
		`{"device_id":"` + phones[0] + `"}`, `{"device_id":"` + b.UserIdentityIDs[0] + `"}`,
		`{"device_id":"` + a.AcsUserIDs[0] + `"}`, `{}`, `{"device_id":null}`, `{"device_id":"x"}`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := fs.phones(t)
		rec := fs.serve(t, postJSON("/phones/deactivate", body), true,
			http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge)
		after := fs.phones(t)
		named := bodyString(body, "device_id")
		switch rec.Code {
		case http.StatusOK:
			if _, gone := after[named]; gone || len(after) != len(before)-1 {
				t.Fatalf("200 for %s: phones %d -> %d", named, len(before), len(after))
			}
		case http.StatusNotFound:
			if _, live := before[named]; live {
				t.Fatalf("404 for %s, a phone of the caller's workspace", named)
			}
		}
	})
}
