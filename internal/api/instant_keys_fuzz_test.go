package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
)

// instantKeys reads A's instant keys from the store, by id, with their
// identities.
func (fs *fuzzState) instantKeys(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.st.View(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.ListInstantKeys(context.Background(), fs.A.WorkspaceID, "")
		for _, k := range rows {
			out[k.InstantKeyID] = k.UserIdentityID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func FuzzGenerateInstantKeyBody(f *testing.F) {
	fs := newFuzzState(f)
	a, b := fs.A.Systems[0], fs.B.Systems[0]
	for _, s := range []string{
		`{"user_identity_id":"` + a.UserIdentityIDs[0] + `"}`,
		`{"user_identity_id":"` + b.UserIdentityIDs[0] + `"}`,
		`{"user_identity_id":"` + a.UserIdentityIDs[1] + `","max_use_count":3}`,
		`{"user_identity_id":"` + a.UserIdentityIDs[1] + `","max_use_count":2.5}`,
		`{"user_identity_id":"` + a.UserIdentityIDs[1] + `","max_use_count":1e308}`,
		`{"user_identity_id":"` + a.UserIdentityIDs[1] + `","max_use_count":null,"customization_profile_id":"` + a.UserIdentityIDs[0] + `"}`,
		`{}`, ``, `{"user_identity_id":null}`, `[1]`, `{"max_use_count":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := fs.instantKeys(t)
		rec := fs.serve(t, postJSON("/user_identities/generate_instant_key", body), true,
			http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge)
		after := fs.instantKeys(t)
		if rec.Code != http.StatusOK {
			if len(after) != len(before) {
				t.Fatalf("%d %s: instant keys %d -> %d", rec.Code, rec.Body.Bytes(), len(before), len(after))
			}
			return
		}
		var out struct {
			InstantKey struct {
				InstantKeyID string `json:"instant_key_id"`
				WorkspaceID  string `json:"workspace_id"`
			} `json:"instant_key"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		owner, ok := after[out.InstantKey.InstantKeyID]
		if !ok || len(after) != len(before)+1 || out.InstantKey.WorkspaceID != fs.A.WorkspaceID {
			t.Fatalf("200 %s: instant keys %d -> %d", rec.Body.Bytes(), len(before), len(after))
		}
		if want := bodyString(body, "user_identity_id"); owner != want {
			t.Fatalf("the key is %s's, the body named %s", owner, want)
		}
	})
}
