package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// climates reads, for each of A's thermostats, lintel's setting and the
// simulated thermostat's: the oracle reads the store, not the handler it
// judges.
func (fs *fuzzState) climates(t *testing.T) map[string][2]connector.ProviderClimate {
	t.Helper()
	out := map[string][2]connector.ProviderClimate{}
	ctx := context.Background()
	err := fs.st.View(ctx, func(tx *store.Tx) error {
		for _, id := range fs.A.Accounts[0].DeviceIDs {
			d, err := tx.Device(ctx, fs.A.WorkspaceID, id)
			if err != nil {
				return err
			}
			row, err := tx.Thermostat(ctx, fs.A.WorkspaceID, id)
			if err != nil {
				return err
			}
			onDevice, err := connector.SandboxClimate(ctx, tx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
			if err != nil {
				return err
			}
			lintel := connector.ProviderClimate{HvacMode: row.HvacModeSetting, FanMode: row.FanModeSetting,
				HeatingCelsius: row.HeatingCelsius, CoolingCelsius: row.CoolingCelsius}
			if row.ClimatePresetKey != nil {
				lintel.ClimatePresetKey = *row.ClimatePresetKey
			}
			out[id] = [2]connector.ProviderClimate{lintel, onDevice}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzThermostatsSetHvacModeBody sends arbitrary bodies to
// thermostats/set_hvac_mode and thermostats/heat_cool on Jane's ecobee
// thermostats: a 200 leaves lintel's setting and the simulated
// thermostat's alike, with the set points the mode uses within the
// model's bounds (7.2–26.1 °C heating, 18.3–33.3 °C cooling) and at least
// the deadband (2.5 °C) apart; a 400 or 404 changed nothing, and nothing
// of B ever changes.
func FuzzThermostatsSetHvacModeBody(f *testing.F) {
	fs := newFuzzStateWith(f, []seed.Account{{Provider: "ecobee"}})
	a, b := fs.A.Accounts[0].DeviceIDs, fs.B.Accounts[0].DeviceIDs
	for _, s := range []string{
		`{"device_id":"` + a[0] + `","hvac_mode_setting":"heat","heating_set_point_celsius":21}`,
		`{"device_id":"` + a[1] + `","hvac_mode_setting":"heat_cool","heating_set_point_fahrenheit":68,"cooling_set_point_celsius":24}`,
		`{"device_id":"` + a[0] + `","hvac_mode_setting":"heat_cool","heating_set_point_celsius":22,"cooling_set_point_celsius":23}`,
		`{"device_id":"` + a[0] + `","hvac_mode_setting":"cool","cooling_set_point_celsius":1e308}`,
		`{"device_id":"` + a[0] + `","hvac_mode_setting":"eco"}`, `{"device_id":"` + a[0] + `","hvac_mode_setting":"off"}`,
		`{"device_id":"` + b[0] + `","hvac_mode_setting":"off"}`, `{}`, ``, `{"device_id":null}`,
		`{"device_id":"` + a[0] + `","hvac_mode_setting":"heat","heating_set_point_celsius":"21"}`,
		`{"device_id":"` + a[0] + `","hvac_mode_setting":"heat","heating_set_point_celsius":20,"heating_set_point_fahrenheit":90}`,
	} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, heatCool bool, body []byte) {
		path := "/thermostats/set_hvac_mode"
		if heatCool {
			path = "/thermostats/heat_cool"
		}
		before := fs.climates(t)
		rec := fs.serve(t, postJSON(path, body), true, http.StatusOK, http.StatusBadRequest, http.StatusNotFound,
			http.StatusRequestEntityTooLarge)
		after := fs.climates(t)
		named := namedDevice(body)
		for id, c := range after {
			if c[0].HvacMode != c[1].HvacMode || !sameTemp(c[0].HeatingCelsius, c[1].HeatingCelsius) ||
				!sameTemp(c[0].CoolingCelsius, c[1].CoolingCelsius) {
				t.Fatalf("%s: lintel's setting %+v, the thermostat's %+v", id, c[0], c[1])
			}
			if (rec.Code != http.StatusOK || id != named) && !sameClimate(c[0], before[id][0]) {
				t.Fatalf("%d for %s changed %s: %+v to %+v", rec.Code, body, id, before[id][0], c[0])
			}
		}
		if rec.Code != http.StatusOK {
			return
		}
		c := after[named][0]
		heats := c.HvacMode == "heat" || c.HvacMode == "heat_cool"
		cools := c.HvacMode == "cool" || c.HvacMode == "heat_cool"
		if heats != (c.HeatingCelsius != nil) || cools != (c.CoolingCelsius != nil) {
			t.Fatalf("200 for %s: mode %s with set points %v, %v", body, c.HvacMode, c.HeatingCelsius, c.CoolingCelsius)
		}
		if heats && (*c.HeatingCelsius < 7.2 || *c.HeatingCelsius > 26.1) || cools && (*c.CoolingCelsius < 18.3 || *c.CoolingCelsius > 33.3) ||
			heats && cools && *c.CoolingCelsius-*c.HeatingCelsius < 2.5-1e-9 {
			t.Fatalf("200 for %s left the thermostat at %+v", body, c)
		}
		var in struct {
			Mode string `json:"hvac_mode_setting"`
		}
		if json.Unmarshal(body, &in) == nil && !heatCool && in.Mode != c.HvacMode {
			t.Fatalf("200 for %s left mode %s", body, c.HvacMode)
		}
	})
}

func sameTemp(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func sameClimate(a, b connector.ProviderClimate) bool {
	return a.HvacMode == b.HvacMode && a.FanMode == b.FanMode && sameTemp(a.HeatingCelsius, b.HeatingCelsius) &&
		sameTemp(a.CoolingCelsius, b.CoolingCelsius) && a.ClimatePresetKey == b.ClimatePresetKey
}
