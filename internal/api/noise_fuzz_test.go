package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/noise"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
)

// connectSensors connects Jane's Minut sensors to a workspace of the fuzz
// state and returns their ids.
func (fs *fuzzState) connectSensors(f *testing.F, workspaceID string) []string {
	var out []string
	err := fs.st.InTx(context.Background(), func(tx *store.Tx) error {
		c, err := provider.NewService(nil).ConnectTx(context.Background(), tx, workspaceID, provider.ConnectRequest{
			Provider: "minut", Login: provider.Login{Email: provider.JaneEmail}, AutomaticallyManageNewDevices: true})
		for _, d := range c.Devices {
			out = append(out, d.DeviceID)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	return out
}

// thresholds reads the noise thresholds of a sensor of A from the store.
func (fs *fuzzState) thresholds(t *testing.T, deviceID string) []store.NoiseThreshold {
	t.Helper()
	var out []store.NoiseThreshold
	err := fs.st.View(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = tx.NoiseThresholdsOfDevice(context.Background(), fs.A.WorkspaceID, deviceID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func FuzzNoiseThresholdsCreateBody(f *testing.F) {
	fs := newFuzzState(f)
	sensor := fs.connectSensors(f, fs.A.WorkspaceID)[0]
	other := fs.connectSensors(f, fs.B.WorkspaceID)[0]
	for _, s := range []string{
		`{"device_id":"` + sensor + `","starts_daily_at":"22:00","ends_daily_at":"07:00","noise_threshold_decibels":60}`,
		`{"device_id":"` + sensor + `","starts_daily_at":"22:00:00[America/Los_Angeles]","ends_daily_at":"07:00:00[America/Los_Angeles]","noise_threshold_decibels":60.5,"name":"night"}`,
		`{"device_id":"` + sensor + `","starts_daily_at":"22:00[Europe/Paris]","ends_daily_at":"07:00","noise_threshold_decibels":60}`,
		`{"device_id":"` + sensor + `","starts_daily_at":"22:00","ends_daily_at":"07:00","noise_threshold_nrs":60}`,
		`{"device_id":"` + sensor + `","starts_daily_at":"22:00","ends_daily_at":"07:00","noise_threshold_decibels":-1e308}`,
		`{"device_id":"` + other + `","starts_daily_at":"22:00","ends_daily_at":"07:00","noise_threshold_decibels":60}`,
		`{"device_id":"` + sensor + `","starts_daily_at":"24:00","ends_daily_at":"07:00[x]","noise_threshold_decibels":60}`,
		`{}`, ``, `{"device_id":null}`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		before := fs.thresholds(t, sensor)
		rec := fs.serve(t, postJSON("/noise_sensors/noise_thresholds/create", body), true,
			http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge)
		after := fs.thresholds(t, sensor)
		if rec.Code != http.StatusOK {
			return
		}
		if len(after) != len(before)+1 || bodyString(body, "device_id") != sensor {
			t.Fatalf("200 for %s: the sensor's thresholds %d -> %d", body, len(before), len(after))
		}
		var out struct {
			NoiseThreshold struct {
				ID string `json:"noise_threshold_id"`
			} `json:"noise_threshold"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		n := after[len(after)-1]
		if n.NoiseThresholdID != out.NoiseThreshold.ID || n.NoiseThresholdDecibels <= 0 || n.NoiseThresholdDecibels > 150 {
			t.Fatalf("stored %+v for %s", n, rec.Body.Bytes())
		}
		// What was stored is a threshold the sandbox can evaluate.
		if !noise.InForce(store.NoiseThreshold{StartsDailyAt: n.StartsDailyAt, EndsDailyAt: n.StartsDailyAt}, n.CreatedAt) {
			t.Fatalf("stored times %q to %q do not parse", n.StartsDailyAt, n.EndsDailyAt)
		}
	})
}
