package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// FuzzSpacesCreateBody sends arbitrary bodies to spaces/create: a refused
// body changes nothing (serve checks both workspaces' rows); an accepted one
// makes exactly one space of A, holding only A's objects, whose
// customer_data is strings and nulls.
func FuzzSpacesCreateBody(f *testing.F) {
	fs := newFuzzState(f)
	entrance, bEntrance := fs.A.Systems[0].EntranceIDs[0], fs.B.Systems[0].EntranceIDs[0]
	for _, s := range []string{
		`{}`, `{"name":"x"}`, `{"name":""}`, `{"name":"x","space_key":"k"}`,
		`{"name":"x","acs_entrance_ids":["` + entrance + `","` + entrance + `"]}`,
		`{"name":"x","acs_entrance_ids":["` + bEntrance + `"]}`,
		`{"name":"x","connected_account_ids":["` + fs.A.ConnectedAccountID + `"]}`,
		`{"name":"x","customer_data":{"default_checkin_time":"15:00","address":null}}`,
		`{"name":"x","customer_data":{"n":1}}`, `{"name":"x","customer_data":[]}`, `{"name":1}`,
	} {
		f.Add([]byte(s))
	}
	count := func(t *testing.T) int {
		var n int
		err := fs.st.View(context.Background(), func(tx *store.Tx) error {
			rows, err := tx.ListSpaces(context.Background(), fs.A.WorkspaceID, store.SpaceFilter{}, page.Request{Limit: 10000})
			n = len(rows)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := count(t)
		rec := fs.serve(t, postJSON("/spaces/create", body), true,
			http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge)
		after := count(t)
		if rec.Code != http.StatusOK {
			if after != before {
				t.Fatalf("answered %d but the spaces went from %d to %d", rec.Code, before, after)
			}
			return
		}
		var out struct {
			Space struct {
				WorkspaceID  string         `json:"workspace_id"`
				CustomerData map[string]any `json:"customer_data"`
			} `json:"space"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Space.WorkspaceID != fs.A.WorkspaceID || after != before+1 {
			t.Fatalf("answer %s (%v); spaces %d → %d", rec.Body.Bytes(), err, before, after)
		}
		for k, v := range out.Space.CustomerData {
			if _, ok := v.(string); !ok && v != nil {
				t.Fatalf("customer_data.%s = %v", k, v)
			}
		}
	})
}
