package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestInputStrictness: what two readers of a request could take
// differently is refused, and an id in another spelling finds its object.
func TestInputStrictness(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, storetest.SQLite(t))
	key := s.A.APIKey
	sys := s.A.Systems[0]
	other := s.A.Systems[1]
	user := sys.AcsUserIDs[0]
	field := func(r response, name string) []any {
		ve, _ := r.Body["error"].(map[string]any)["validation_errors"].(map[string]any)
		f, _ := ve[name].(map[string]any)
		errs, _ := f["_errors"].([]any)
		return errs
	}

	t.Run("a lone case-variant key is refused, not ignored", func(t *testing.T) {
		s := s.forT(t)
		// Ignored, it would list the users of every system.
		r := s.rawCall("POST", "/acs/users/list", key, "application/json", []byte(`{"ACS_SYSTEM_ID":"`+other.AcsSystemID+`"}`))
		s.wantError(r, http.StatusBadRequest, "invalid_input")
		if got := field(r, "ACS_SYSTEM_ID"); len(got) != 1 || got[0] != "Key differs only in case from 'acs_system_id'" {
			t.Errorf("validation error %v", got)
		}
		r = s.rawCall("GET", "/acs/users/list?Acs_System_Id="+other.AcsSystemID+"&_strict=true", key, "", nil)
		s.wantError(r, http.StatusBadRequest, "invalid_input")
		r = s.rawCall("POST", "/acs/users/delete", key, "application/json", []byte(`{"Acs_User_Id":"`+user+`"}`))
		s.wantError(r, http.StatusBadRequest, "invalid_input")
		s.ok(s.call("POST", "/acs/users/get", key, map[string]any{"acs_user_id": user})) // nothing deleted
	})

	t.Run("an uppercase UUID finds the object", func(t *testing.T) {
		s := s.forT(t)
		for _, method := range []string{"POST", "GET"} {
			r := s.call(method, "/acs/users/get", key, map[string]any{"acs_user_id": strings.ToUpper(user)})
			s.ok(r)
			if got := r.Body["acs_user"].(map[string]any)["acs_user_id"]; got != user {
				t.Errorf("%s: acs_user_id %v, want %s", method, got, user)
			}
		}
		r := s.call("POST", "/acs/users/list", key, map[string]any{"acs_system_id": strings.ToUpper(sys.AcsSystemID)})
		s.ok(r)
		if n := len(r.Body["acs_users"].([]any)); n != len(sys.AcsUserIDs) {
			t.Errorf("list by an uppercase system id: %d users, want %d", n, len(sys.AcsUserIDs))
		}
		// Another workspace's id is not found in any spelling.
		s.wantError(s.call("POST", "/acs/users/get", s.B.APIKey, map[string]any{"acs_user_id": strings.ToUpper(user)}),
			http.StatusNotFound, "acs_user_not_found")
	})

	t.Run("phone_number is E.164", func(t *testing.T) {
		s := s.forT(t)
		for _, bad := range []string{"555-CALL-NOW", "15555550100", "+0555550100", "+1", "", "+1555555010012345"} {
			r := s.call("POST", "/acs/users/create", key, map[string]any{"acs_system_id": sys.AcsSystemID, "full_name": "Phone", "phone_number": bad})
			s.wantError(r, http.StatusBadRequest, "invalid_input")
			if got := field(r, "phone_number"); len(got) != 1 {
				t.Errorf("%q: validation errors %v", bad, got)
			}
			r = s.call("POST", "/user_identities/create", key, map[string]any{"phone_number": bad})
			s.wantError(r, http.StatusBadRequest, "invalid_input")
		}
		r := s.call("POST", "/acs/users/create", key, map[string]any{"acs_system_id": sys.AcsSystemID, "full_name": "Phone", "phone_number": "+1 (555) 555-0100"})
		s.ok(r)
		u := r.Body["acs_user"].(map[string]any)
		if u["phone_number"] != "+15555550100" {
			t.Errorf("phone_number %v, want it in E.164", u["phone_number"])
		}
		s.wantError(s.call("PATCH", "/acs/users/update", key, map[string]any{"acs_user_id": u["acs_user_id"], "phone_number": "call me"}),
			http.StatusBadRequest, "invalid_input")
	})

	t.Run("lone surrogates are refused", func(t *testing.T) {
		s := s.forT(t)
		for _, body := range []string{
			`{"acs_system_id":"` + sys.AcsSystemID + `","full_name":"a\ud800b"}`,
			`{"acs_system_id":"` + sys.AcsSystemID + `","full_name":"\udc00"}`,
			`{"acs_system_id":"` + sys.AcsSystemID + `","full_name":"\ude00\ud83d"}`,
		} {
			s.wantError(s.rawCall("POST", "/acs/users/create", key, "application/json", []byte(body)), http.StatusBadRequest, "invalid_input")
		}
		// A pair is a character like any other.
		r := s.rawCall("POST", "/acs/users/create", key, "application/json",
			[]byte(`{"acs_system_id":"`+sys.AcsSystemID+`","full_name":"Smile \ud83d\ude00"}`))
		s.ok(r)
		if got := r.Body["acs_user"].(map[string]any)["full_name"]; got != "Smile \U0001F600" {
			t.Errorf("full_name %q", got)
		}
	})
}
