package api_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestPageCursorsSealed: a cursor is sealed with the server key for the
// workspace and the list that issued it. Followed as given it reaches
// every item once; edited, made by hand, or carried to another workspace
// or list it is refused with 400 invalid_input naming page_cursor.
func TestPageCursorsSealed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, storetest.SQLite(t))
	all := listIDs(t, s, "/acs/users/list", "acs_users", "acs_user_id", map[string]any{"limit": 500})
	first := s.call(http.MethodGet, "/acs/users/list", s.A.APIKey, map[string]any{"limit": 2})
	s.ok(first)
	cursor, _ := first.Body["pagination"].(map[string]any)["next_page_cursor"].(string)
	if cursor == "" {
		t.Fatalf("no cursor: %s", first.Raw)
	}

	// Followed as given: every user once, in order.
	seen := listIDs(t, s, "/acs/users/list", "acs_users", "acs_user_id", map[string]any{"limit": 2})
	if len(seen) != len(all) {
		t.Fatalf("following cursors gave %d users, want %d", len(seen), len(all))
	}

	// A cursor shaped like the plain keyset cursor, pointing anywhere.
	handMade, _ := json.Marshal(map[string]any{"c": 0, "i": all[0], "f": ""})
	flipped := []byte(cursor)
	flipped[len(flipped)/2] ^= 1
	refused := []struct {
		name, token, path, cursor string
	}{
		{"edited", s.A.APIKey, "/acs/users/list", string(flipped)},
		{"truncated", s.A.APIKey, "/acs/users/list", cursor[:len(cursor)-4]},
		{"made by hand", s.A.APIKey, "/acs/users/list", base64.RawURLEncoding.EncodeToString(handMade)},
		{"not a cursor", s.A.APIKey, "/acs/users/list", "eyJ4Ijox"},
		{"from another workspace", s.B.APIKey, "/acs/users/list", cursor},
		{"from another list", s.A.APIKey, "/user_identities/list", cursor},
	}
	for _, c := range refused {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			r := s.call(method, c.path, c.token, map[string]any{"limit": 2, "page_cursor": c.cursor})
			s.wantError(r, http.StatusBadRequest, "invalid_input")
			ve, _ := r.Body["error"].(map[string]any)["validation_errors"].(map[string]any)
			if _, ok := ve["page_cursor"]; !ok {
				t.Errorf("%s (%s): validation_errors %v do not name page_cursor", c.name, method, ve)
			}
		}
	}
}
