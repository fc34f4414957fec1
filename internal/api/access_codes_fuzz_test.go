package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// newLockFuzzState is newFuzzState with Jane's August and Schlage locks in
// both workspaces.
func newLockFuzzState(f *testing.F) *fuzzState {
	st := storetest.SQLite(f)
	key, err := secret.GenerateKey()
	if err != nil {
		f.Fatal(err)
	}
	srv, err := api.New(app.New(st, key, nil).APIServices(), api.Config{})
	if err != nil {
		f.Fatal(err)
	}
	fs := &fuzzState{h: srv, st: st}
	ctx := context.Background()
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if fs.A, err = seed.Seed(ctx, tx, seed.Options{Name: "A", IsSandbox: true, Accounts: seed.SandboxAccounts}); err != nil {
			return err
		}
		fs.B, err = seed.Seed(ctx, tx, seed.Options{Name: "B", IsSandbox: true, Accounts: seed.SandboxAccounts})
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	return fs
}

// codesAndLocks reads A's access codes and what A's locks hold, by code id
// (external id), from the store.
func (fs *fuzzState) codesAndLocks(t *testing.T) (codes map[string]store.AccessCode, onLocks map[string]string) {
	t.Helper()
	ctx := context.Background()
	codes, onLocks = map[string]store.AccessCode{}, map[string]string{}
	err := fs.st.View(ctx, func(tx *store.Tx) error {
		for _, a := range fs.A.Accounts {
			for _, id := range a.DeviceIDs {
				d, err := tx.Device(ctx, fs.A.WorkspaceID, id)
				if err != nil {
					return err
				}
				rows, err := tx.AccessCodesOfDevice(ctx, fs.A.WorkspaceID, id)
				if err != nil {
					return err
				}
				for _, c := range rows {
					codes[c.ExternalID] = c
				}
				held, err := tx.SandboxAccessCodes(ctx, fs.A.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
				if err != nil {
					return err
				}
				for _, c := range held {
					onLocks[c.ExternalID] = c.Code
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return codes, onLocks
}

// checkCodesAgree fails unless every code lintel holds as set is on its
// lock with the same PIN, and every code on a lock is one lintel holds.
func checkCodesAgree(t *testing.T, codes map[string]store.AccessCode, onLocks map[string]string) {
	t.Helper()
	for ext, c := range codes {
		if c.OnDevice && onLocks[ext] != *c.Code {
			t.Fatalf("code %s: lintel says %q is on the lock, the lock holds %q", c.AccessCodeID, *c.Code, onLocks[ext])
		}
	}
	for ext := range onLocks {
		if _, ok := codes[ext]; !ok {
			t.Fatalf("the lock holds %s, which lintel does not know", ext)
		}
	}
}

// FuzzAccessCodesCreateBody sends arbitrary bodies to access_codes/create
// and checks the state after each answer: a 200 added exactly one managed
// code of A, with digits the lock accepts, the PIN the body gave if it gave
// one, and (an ongoing code on an inline lock) on its lock; lintel's codes
// and the locks' agree; a 400 or 404 changed no row of A; nothing changed
// B.
func FuzzAccessCodesCreateBody(f *testing.F) {
	fs := newLockFuzzState(f)
	front, bLock := fs.A.Accounts[0].DeviceIDs[0], fs.B.Accounts[0].DeviceIDs[0]
	for _, s := range []string{
		`{"device_id":"` + front + `","code":"4821"}`,
		`{"device_id":"` + front + `"}`,
		`{"device_id":"` + front + `","code":"12ab"}`,
		`{"device_id":"` + front + `","code":"123456789"}`,
		`{"device_id":"` + front + `","starts_at":"2030-01-01T00:00:00Z","ends_at":"2030-01-02T00:00:00Z"}`,
		`{"device_id":"` + front + `","starts_at":"2030-01-02T00:00:00Z","ends_at":"2030-01-01T00:00:00Z"}`,
		`{"device_id":"` + front + `","is_offline_access_code":true}`,
		`{"device_id":"` + front + `","preferred_code_length":6,"name":"x"}`,
		`{"device_id":"` + bLock + `","code":"4821"}`,
		`{"device_id":"` + fs.A.Accounts[0].DeviceIDs[1] + `"}`,
		`{}`, ``, `{"device_id":null}`, `{"device_id":"x","device_id":"y"}`, `[1]`, `{"code":4821}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before, _ := fs.codesAndLocks(t)
		rec := fs.serve(t, postJSON("/access_codes/create", body), true,
			http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge)
		after, onLocks := fs.codesAndLocks(t)
		checkCodesAgree(t, after, onLocks)
		if rec.Code != http.StatusOK {
			return
		}
		var added []store.AccessCode
		for ext, c := range after {
			if _, ok := before[ext]; !ok {
				added = append(added, c)
			}
		}
		if len(added) < 1 || len(added) > 3 { // with use_backup_access_code_pool, two backups
			t.Fatalf("200 added %d codes", len(added))
		}
		var out struct {
			AccessCode struct {
				AccessCodeID string `json:"access_code_id"`
				Code         string `json:"code"`
				Type         string `json:"type"`
			} `json:"access_code"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(added, func(c store.AccessCode) bool { return c.AccessCodeID == out.AccessCode.AccessCodeID })
		if i < 0 || !added[i].IsManaged || *added[i].Code != out.AccessCode.Code {
			t.Fatalf("answer %s; added %+v", rec.Body.Bytes(), added)
		}
		if code := out.AccessCode.Code; len(code) < 4 || len(code) > 8 || strings.Trim(code, "0123456789") != "" {
			t.Fatalf("a code the lock does not accept: %q", code)
		}
		var in struct {
			Code string `json:"code"`
		}
		if json.Unmarshal(body, &in) == nil && in.Code != "" && in.Code != out.AccessCode.Code {
			t.Fatalf("asked for %q, got %q", in.Code, out.AccessCode.Code)
		}
		if out.AccessCode.Type == "ongoing" && onLocks[added[i].ExternalID] != out.AccessCode.Code {
			t.Fatalf("an ongoing code is not on its inline lock: %s", rec.Body.Bytes())
		}
	})
}

// FuzzAccessCodesUpdateBody sends arbitrary bodies to access_codes/update
// about a code of A (or of B): lintel's codes and the locks' agree after
// each answer; a 400 or 404 changed no row of A; nothing changed B.
func FuzzAccessCodesUpdateBody(f *testing.F) {
	fs := newLockFuzzState(f)
	front := fs.A.Accounts[0].DeviceIDs[0]
	var ids []string
	for _, ws := range []seed.Workspace{fs.A, fs.B} {
		req := postJSON("/access_codes/create", []byte(`{"device_id":"`+ws.Accounts[0].DeviceIDs[0]+`","code":"4821"}`))
		req.Header.Set("Authorization", "Bearer "+ws.APIKey)
		rec := httptest.NewRecorder()
		fs.h.ServeHTTP(rec, req)
		var out struct {
			AccessCode struct {
				AccessCodeID string `json:"access_code_id"`
			} `json:"access_code"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.AccessCode.AccessCodeID == "" {
			f.Fatalf("create: %s", rec.Body.Bytes())
		}
		ids = append(ids, out.AccessCode.AccessCodeID)
	}
	for _, s := range []string{
		`{"access_code_id":"` + ids[0] + `","code":"5150"}`,
		`{"access_code_id":"` + ids[0] + `","name":null}`,
		`{"access_code_id":"` + ids[0] + `","type":"time_bound","starts_at":"2030-01-01T00:00:00Z","ends_at":"2030-01-02T00:00:00Z"}`,
		`{"access_code_id":"` + ids[0] + `","type":"ongoing"}`,
		`{"access_code_id":"` + ids[0] + `","device_id":"` + front + `","is_managed":false}`,
		`{"access_code_id":"` + ids[0] + `","code":"1"}`,
		`{"access_code_id":"` + ids[1] + `","code":"5150"}`,
		`{"access_code_id":"` + ids[0] + `","ends_at":"2020-01-01T00:00:00Z"}`,
		`{}`, ``, `{"access_code_id":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fs.serve(t, postJSON("/access_codes/update", body), true,
			http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge)
		codes, onLocks := fs.codesAndLocks(t)
		checkCodesAgree(t, codes, onLocks)
	})
}
