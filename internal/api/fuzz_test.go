package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// fuzzServer is a seeded server for fuzz targets.
func fuzzServer(f *testing.F) (http.Handler, seed.Workspace) {
	st := storetest.SQLite(f)
	key, err := secret.GenerateKey()
	if err != nil {
		f.Fatal(err)
	}
	srv, err := api.New(app.New(st, key, nil).APIServices(), api.Config{})
	if err != nil {
		f.Fatal(err)
	}
	var ws seed.Workspace
	err = st.InTx(context.Background(), func(tx *store.Tx) error {
		ws, err = seed.Seed(context.Background(), tx, seed.Options{Name: "F", Systems: testSystems[:1]})
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	return srv, ws
}

// checkEnvelope asserts what every answer must be, whatever the input: an
// allowed status, JSON, and for errors the envelope with a request id.
func checkEnvelope(t *testing.T, rec *httptest.ResponseRecorder, allowed ...int) {
	t.Helper()
	if !slices.Contains(allowed, rec.Code) {
		t.Fatalf("status %d not in %v: %s", rec.Code, allowed, rec.Body.Bytes())
	}
	var body struct {
		OK    *bool `json:"ok"`
		Error *struct {
			Type      string `json:"type"`
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.OK == nil {
		t.Fatalf("answer is not the JSON envelope: %v %s", err, rec.Body.Bytes())
	}
	if rec.Code != http.StatusOK && (body.Error == nil || body.Error.Type == "" || body.Error.Message == "" ||
		body.Error.RequestID != rec.Header().Get("seam-request-id")) {
		t.Fatalf("error without a full envelope: %s", rec.Body.Bytes())
	}
}

// FuzzAcsUsersDeleteBody sends arbitrary bodies to the delete route through
// the whole handler.
func FuzzAcsUsersDeleteBody(f *testing.F) {
	h, ws := fuzzServer(f)
	user := ws.Systems[0].AcsUserIDs[0]
	for _, s := range []string{
		`{"acs_user_id":"` + user + `"}`,
		`{"user_identity_id":"` + ws.Systems[0].UserIdentityIDs[1] + `","acs_system_id":"` + ws.Systems[0].AcsSystemID + `"}`,
		`{}`, ``, `{"acs_user_id":null}`, `{"acs_user_id":"x","acs_user_id":"y"}`, `{"ACS_USER_ID":"1"}`,
		`[1,2]`, `{"a":{"b":{"c":[1e400]}}}`, "\xef\xbb\xbf{}", `{"acs_user_id":"` + user + `"}{}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/acs/users/delete", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+ws.APIKey)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkEnvelope(t, rec, http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge)
	})
}

// FuzzAcsUsersListQuery sends arbitrary query strings to a list route.
func FuzzAcsUsersListQuery(f *testing.F) {
	h, ws := fuzzServer(f)
	for _, s := range []string{
		"limit=2&_strict=true", "user_identity_email_address=&_strict=true", "limit=1e9", "limit=-1",
		"acs_system_id=" + ws.Systems[0].AcsSystemID, "page_cursor=eyJ4Ijox", "search=%00", "created_before=yesterday",
		"limit=1&limit=2", "%zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		req := httptest.NewRequest(http.MethodGet, "/acs/users/list", nil)
		// Pairs net/url cannot parse are dropped; the answer must still be sound.
		req.URL.RawQuery = q
		req.Header.Set("Authorization", "Bearer "+ws.APIKey)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		// 404: a system or identity filter that names none of the
		// workspace's (a fuzzing worker seeds a workspace of its own, so
		// the seed corpus's system id is unknown there).
		checkEnvelope(t, rec, http.StatusOK, http.StatusBadRequest, http.StatusNotFound)
	})
}
