package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// lockStates reads, for each of A's locks, whether lintel and the
// simulated lock say it is locked, and whether it is managed: the oracle
// reads the store, not the handler it judges.
func (fs *fuzzState) lockStates(t *testing.T) map[string][3]bool {
	t.Helper()
	out := map[string][3]bool{}
	ctx := context.Background()
	err := fs.st.View(ctx, func(tx *store.Tx) error {
		for _, id := range fs.A.Accounts[0].DeviceIDs {
			d, err := tx.Device(ctx, fs.A.WorkspaceID, id)
			if err != nil {
				return err
			}
			lock, err := tx.SandboxDevice(ctx, fs.A.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
			if err != nil {
				return err
			}
			out[id] = [3]bool{d.Locked != nil && *d.Locked, lock.Locked, d.IsManaged}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// namedDevice is the device_id of a body that is a JSON object, else "".
func namedDevice(body []byte) string {
	var in struct {
		DeviceID string `json:"device_id"`
	}
	if json.Unmarshal(body, &in) != nil {
		return ""
	}
	return in.DeviceID
}

// FuzzLocksDoorBody sends arbitrary bodies to locks/lock_door and
// locks/unlock_door: a 200 leaves the named lock locked (or unlocked) in
// lintel's view and in the simulated lock's alike, and no other lock
// changed; a 400 or 404 changed nothing, and nothing of B ever changes.
func FuzzLocksDoorBody(f *testing.F) {
	fs := newFuzzStateWith(f, []seed.Account{{Provider: "august"}})
	a, b := fs.A.Accounts[0].DeviceIDs, fs.B.Accounts[0].DeviceIDs
	for _, s := range []string{
		`{"device_id":"` + a[0] + `"}`, `{"device_id":"` + a[1] + `","sync":true}`, `{"device_id":"` + b[0] + `"}`,
		`{}`, ``, `{"device_id":null}`, `{"device_id":"x"}`, `{"device_id":"` + a[0] + `","device_id":"` + a[1] + `"}`,
		`{"DEVICE_ID":"` + a[0] + `"}`, `[1]`, `{"device_id":"` + a[0] + `"}{}`, `{"device_id":"` + a[0] + `","sync":"yes"}`,
	} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, lock bool, body []byte) {
		path := "/locks/unlock_door"
		if lock {
			path = "/locks/lock_door"
		}
		before := fs.lockStates(t)
		rec := fs.serve(t, postJSON(path, body), true, http.StatusOK, http.StatusBadRequest, http.StatusNotFound,
			http.StatusRequestEntityTooLarge)
		after := fs.lockStates(t)
		named := namedDevice(body)
		if rec.Code != http.StatusOK {
			return
		}
		if got := after[named]; got[0] != lock || got[1] != lock {
			t.Fatalf("200 for %s %s: lintel says locked %v, the lock %v", path, named, got[0], got[1])
		}
		for id, st := range before {
			if id != named && after[id] != st {
				t.Fatalf("%s of %s changed another lock %s: %v → %v", path, named, id, st, after[id])
			}
		}
	})
}

// FuzzDevicesUpdateBody sends arbitrary bodies to devices/update: a 200
// leaves the named device managed unless the body said is_managed false,
// and changes no lock's state; a 400 or 404 changed nothing, and nothing of
// B ever changes.
func FuzzDevicesUpdateBody(f *testing.F) {
	fs := newFuzzStateWith(f, []seed.Account{{Provider: "august"}})
	a, b := fs.A.Accounts[0].DeviceIDs, fs.B.Accounts[0].DeviceIDs
	for _, s := range []string{
		`{"device_id":"` + a[0] + `","name":"Porch"}`, `{"device_id":"` + a[0] + `","name":null}`,
		`{"device_id":"` + a[1] + `","properties":{"name":"Hall"},"custom_metadata":{"k":"v","x":null,"y":""}}`,
		`{"device_id":"` + a[1] + `","name":"a","properties":{"name":"b"}}`, `{"device_id":"` + b[0] + `","name":"x"}`,
		`{"device_id":"` + a[0] + `","custom_metadata":{"n":1}}`, `{"device_id":"` + a[0] + `","custom_metadata":{"a.b":"c"}}`,
		`{"device_id":"` + a[0] + `","is_managed":false}`, `{"device_id":"` + a[0] + `","name":""}`, `{}`, `{"name":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := fs.lockStates(t)
		rec := fs.serve(t, postJSON("/devices/update", body), true, http.StatusOK, http.StatusBadRequest, http.StatusNotFound,
			http.StatusRequestEntityTooLarge)
		if rec.Code != http.StatusOK {
			return
		}
		var in struct {
			IsManaged *bool `json:"is_managed"`
		}
		_ = json.Unmarshal(body, &in)
		after := fs.lockStates(t)
		named := namedDevice(body)
		if wantManaged := in.IsManaged == nil || *in.IsManaged; after[named][2] != wantManaged {
			t.Fatalf("200 for %s: managed %v, want %v", body, after[named][2], wantManaged)
		}
		for id, st := range before {
			if after[id][0] != st[0] || after[id][1] != st[1] {
				t.Fatalf("devices/update changed the state of lock %s: %v → %v", id, st, after[id])
			}
		}
	})
}

// FuzzDevicesReportProviderMetadataBody sends arbitrary bodies to
// devices/report_provider_metadata: the answer is always the envelope with
// an allowed status, a 400 or 404 changes nothing (one bad entry stops
// them all), and nothing of B ever changes.
func FuzzDevicesReportProviderMetadataBody(f *testing.F) {
	fs := newFuzzStateWith(f, []seed.Account{{Provider: "schlage"}})
	a, b := fs.A.Accounts[0].DeviceIDs, fs.B.Accounts[0].DeviceIDs
	entry := func(id, field, zone string) string {
		return `{"device_id":"` + id + `","` + field + `":{"time_zone":"` + zone + `"}}`
	}
	for _, s := range []string{
		`{"devices":[` + entry(a[0], "schlage_metadata", "Europe/Paris") + `]}`,
		`{"devices":[` + entry(a[0], "schlage_metadata", "Europe/Paris") + `,` + entry(b[0], "schlage_metadata", "UTC") + `]}`,
		`{"devices":[` + entry(a[0], "ultraloq_metadata", "UTC") + `]}`, `{"devices":[` + entry(a[0], "schlage_metadata", "Local") + `]}`,
		`{"devices":[{"device_id":"` + a[0] + `"}]}`, `{"devices":[{"device_id":"` + a[0] + `","schlage_metadata":null}]}`,
		`{"devices":[{"device_id":"` + a[0] + `","schlage_metadata":{"time_zone":5}}]}`, `{"devices":[]}`, `{"devices":{}}`,
		`{"devices":[1]}`, `{"devices":[{"device_id":"x"}]}`, `{}`, ``, `{"devices":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fs.serve(t, postJSON("/devices/report_provider_metadata", body), true, http.StatusOK, http.StatusBadRequest,
			http.StatusNotFound, http.StatusRequestEntityTooLarge)
	})
}
