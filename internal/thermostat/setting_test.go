package thermostat

import (
	"errors"
	"testing"

	"github.com/lintel-dev/lintel"
)

func f(v float64) *float64 { return &v }

// ecobee is an ecobee-like thermostat: every mode, 7 to 26 °C heating, 18
// to 33 °C cooling, a 2 °C deadband.
var ecobee = Constraints{HvacModes: []string{ModeOff, ModeHeat, ModeCool, ModeHeatCool}, FanModes: []string{FanAuto, FanOn},
	MinHeatingCelsius: 7, MaxHeatingCelsius: 26, MinCoolingCelsius: 18, MaxCoolingCelsius: 33, MinDeltaCelsius: 2}

func TestConversions(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ celsius, fahrenheit float64 }{{0, 32}, {20, 68}, {21.1, 70}, {-40, -40}, {22.2, 72}} {
		if got := Fahrenheit(c.celsius); got != c.fahrenheit {
			t.Errorf("%g °C = %g °F, want %g", c.celsius, got, c.fahrenheit)
		}
		if got := Celsius(c.fahrenheit); got != c.celsius {
			t.Errorf("%g °F = %g °C, want %g", c.fahrenheit, got, c.celsius)
		}
	}
}

func TestSetPoint(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name          string
		celsius, fahr *float64
		want          *float64
		field         string
	}{
		{"none", nil, nil, nil, ""},
		{"celsius", f(21), nil, f(21), ""},
		{"fahrenheit", nil, f(70), f(21.1), ""},
		{"both agreeing", f(20), f(68.4), f(20), ""},
		{"both disagreeing", f(20), f(75), nil, "heating_set_point_fahrenheit"},
	} {
		var v lintel.InvalidInput
		got := SetPoint(&v, "heating_set_point", c.celsius, c.fahr)
		if (got == nil) != (c.want == nil) || (got != nil && *got != *c.want) {
			t.Errorf("%s: SetPoint = %v, want %v", c.name, got, c.want)
		}
		if c.field != "" && !names(v.Err(), c.field) || c.field == "" && v.Err() != nil {
			t.Errorf("%s: error %v, want one naming %q", c.name, v.Err(), c.field)
		}
	}
}

// names reports whether err is an invalid_input naming field.
func names(err error, field string) bool {
	var e *lintel.Error
	if !errors.As(err, &e) {
		return false
	}
	_, ok := e.Fields[field]
	return ok
}

func TestCheck(t *testing.T) {
	t.Parallel()
	current := Setting{HvacMode: ModeHeat, FanMode: FanAuto, HeatingCelsius: f(20), CoolingCelsius: f(25)}
	for _, c := range []struct {
		name         string
		in           Setting
		field        string
		heat, cool   *float64
		limitedModes bool
	}{
		{name: "heat keeps the current heating set point", in: Setting{HvacMode: ModeHeat}, heat: f(20)},
		{name: "cool at 24", in: Setting{HvacMode: ModeCool, CoolingCelsius: f(24)}, cool: f(24)},
		{name: "heat_cool from the current set points", in: Setting{HvacMode: ModeHeatCool}, heat: f(20), cool: f(25)},
		{name: "heat_cool exactly the deadband apart", in: Setting{HvacMode: ModeHeatCool, HeatingCelsius: f(21), CoolingCelsius: f(23)},
			heat: f(21), cool: f(23)},
		{name: "off clears the set points", in: Setting{HvacMode: ModeOff, HeatingCelsius: f(21)}},
		{name: "inside the deadband", in: Setting{HvacMode: ModeHeatCool, HeatingCelsius: f(22), CoolingCelsius: f(23)},
			field: "cooling_set_point_celsius"},
		{name: "heating too high", in: Setting{HvacMode: ModeHeat, HeatingCelsius: f(30)}, field: "heating_set_point_celsius"},
		{name: "cooling too low", in: Setting{HvacMode: ModeCool, CoolingCelsius: f(10)}, field: "cooling_set_point_celsius"},
		{name: "a mode the model lacks", in: Setting{HvacMode: ModeEco}, field: "hvac_mode_setting"},
		{name: "a fan mode the model lacks", in: Setting{FanMode: FanCirculate}, field: "fan_mode_setting"},
	} {
		got, err := Check(c.in, current, ecobee)
		if c.field != "" {
			if !names(err, c.field) {
				t.Errorf("%s: error %v, want one naming %q", c.name, err, c.field)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for _, p := range []struct {
			name      string
			got, want *float64
		}{{"heating", got.HeatingCelsius, c.heat}, {"cooling", got.CoolingCelsius, c.cool}} {
			if (p.got == nil) != (p.want == nil) || (p.got != nil && *p.got != *p.want) {
				t.Errorf("%s: %s set point %v, want %v", c.name, p.name, p.got, p.want)
			}
		}
	}
	// A set point the mode needs and nobody gave.
	if _, err := Check(Setting{HvacMode: ModeCool}, Setting{HvacMode: ModeOff}, ecobee); !names(err, "cooling_set_point_celsius") {
		t.Errorf("cool without any cooling set point: %v", err)
	}
}

func TestCheckThreshold(t *testing.T) {
	t.Parallel()
	if err := CheckThreshold(f(15), f(26)); err != nil {
		t.Error(err)
	}
	if err := CheckThreshold(nil, f(26)); err != nil {
		t.Error(err)
	}
	if err := CheckThreshold(f(26), f(26)); !names(err, "upper_limit_celsius") {
		t.Errorf("equal limits: %v", err)
	}
}
