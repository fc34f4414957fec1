package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
)

// FuzzAccessGrantsCreateBody sends arbitrary bodies to
// access_grants/create on A's locks and checks the state after each
// answer: lintel's codes and the locks' agree; a 200 answered a grant of A
// whose every access method is live and whose code methods' PIN is on
// every code they became; a 400, 404 or 409 changed no row of A; nothing
// changed B.
func FuzzAccessGrantsCreateBody(f *testing.F) {
	fs := newLockFuzzState(f)
	front, schlage, bLock := fs.A.Accounts[0].DeviceIDs[0], fs.A.Accounts[1].DeviceIDs[0], fs.B.Accounts[0].DeviceIDs[0]
	for _, s := range []string{
		`{"user_identity":{"full_name":"Guest"},"device_ids":["` + front + `","` + schlage + `"],"requested_access_methods":[{"mode":"code"}]}`,
		`{"user_identity":{"email_address":"g@example.com"},"device_ids":["` + front + `"],"requested_access_methods":[{"mode":"code","code":"4821"}]}`,
		`{"user_identity":{},"device_ids":["` + front + `"],"requested_access_methods":[{"mode":"card"}]}`,
		`{"user_identity":{"phone_number":"+1 555 555 0100"},"device_ids":["` + front + `"],"requested_access_methods":[{"mode":"code"}],"ends_at":"2030-01-01T00:00:00Z","starts_at":"2029-01-01T00:00:00Z"}`,
		`{"user_identity":{"full_name":"x"},"device_ids":["` + bLock + `"],"requested_access_methods":[{"mode":"code"}]}`,
		`{"user_identity":{"full_name":"x"},"device_ids":["` + front + `"],"requested_access_methods":[{"mode":"code","code":"12ab"}]}`,
		`{"user_identity":{"full_name":"x"},"device_ids":["` + front + `"],"requested_access_methods":{"mode":"code"}}`,
		`{"user_identity":{"full_name":"x"},"device_ids":["` + front + `"],"requested_access_methods":[]}`,
		`{"user_identity_id":"` + front + `","device_ids":["` + front + `"],"requested_access_methods":[{"mode":"code"}]}`,
		`{"device_ids":["` + front + `"],"requested_access_methods":[{"mode":"code"}]}`,
		`{}`, ``, `[1]`, `{"requested_access_methods":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := fs.serve(t, postJSON("/access_grants/create", body), true,
			http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge)
		codes, onLocks := fs.codesAndLocks(t)
		checkCodesAgree(t, codes, onLocks)
		if rec.Code != http.StatusOK {
			return
		}
		var out struct {
			AccessGrant struct {
				AccessGrantID   string   `json:"access_grant_id"`
				WorkspaceID     string   `json:"workspace_id"`
				AccessMethodIDs []string `json:"access_method_ids"`
			} `json:"access_grant"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		if out.AccessGrant.WorkspaceID != fs.A.WorkspaceID {
			t.Fatalf("answer %s", rec.Body.Bytes())
		}
		ctx := context.Background()
		err := fs.st.View(ctx, func(tx *store.Tx) error {
			g, err := tx.AccessGrant(ctx, fs.A.WorkspaceID, out.AccessGrant.AccessGrantID)
			if err != nil {
				t.Fatalf("the grant answered is not live: %v", err)
			}
			objects, err := tx.AccessMethodObjects(ctx, fs.A.WorkspaceID, out.AccessGrant.AccessMethodIDs)
			if err != nil {
				return err
			}
			for _, id := range out.AccessGrant.AccessMethodIDs {
				m, err := tx.AccessMethod(ctx, fs.A.WorkspaceID, id)
				if err != nil {
					t.Fatalf("method %s answered is not live: %v", id, err)
				}
				if len(objects[id]) == 0 {
					t.Fatalf("method %s was resolved into nothing", id)
				}
				for _, o := range objects[id] {
					if o.ObjectType != store.ObjectAccessCode {
						continue
					}
					c, err := tx.AccessCode(ctx, fs.A.WorkspaceID, o.ObjectID)
					if err != nil {
						t.Fatalf("code %s of method %s: %v", o.ObjectID, id, err)
					}
					// A lock that would not take the PIN got another, and the
					// grant says so.
					if m.Code == nil || (*c.Code != *m.Code && !(strings.Contains(g.Warnings, `"requested_code_unavailable"`) &&
						strings.Contains(g.Warnings, c.DeviceID) && strings.Contains(g.Warnings, *c.Code))) {
						t.Fatalf("method %s has PIN %v, its code %s has %s; grant warnings %s", id, m.Code, c.AccessCodeID, *c.Code, g.Warnings)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
