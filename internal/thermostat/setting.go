// Package thermostat is the thermostats domain: what a thermostat may be
// asked to do (its HVAC and fan modes, its set points within its limits and
// its deadband), its climate presets, schedules and programs. This file
// holds the rules a requested climate setting must satisfy, independent of
// storage, so that every route that changes a setting (heat, cool,
// heat_cool, off, set_hvac_mode, climate presets, schedules) refuses the
// same things with the same field names.
package thermostat

import (
	"fmt"
	"math"
	"slices"

	"github.com/lintel-dev/lintel"
)

// HVAC modes and fan modes, as Seam names them.
const (
	ModeOff      = "off"
	ModeHeat     = "heat"
	ModeCool     = "cool"
	ModeHeatCool = "heat_cool"
	ModeEco      = "eco"

	FanAuto      = "auto"
	FanOn        = "on"
	FanCirculate = "circulate"
)

// Constraints are what a thermostat model accepts: the modes it has, the
// bounds of its set points and its deadband (the least gap between the
// heating and the cooling set point in heat_cool), in degrees Celsius.
type Constraints struct {
	HvacModes         []string `json:"hvac_modes"`
	FanModes          []string `json:"fan_modes"`
	MinHeatingCelsius float64  `json:"min_heating_celsius"`
	MaxHeatingCelsius float64  `json:"max_heating_celsius"`
	MinCoolingCelsius float64  `json:"min_cooling_celsius"`
	MaxCoolingCelsius float64  `json:"max_cooling_celsius"`
	MinDeltaCelsius   float64  `json:"min_delta_celsius"`
}

// Setting is a climate setting: a mode, a fan mode and the set points the
// mode uses (nil when it uses none).
type Setting struct {
	HvacMode        string
	FanMode         string
	HeatingCelsius  *float64
	CoolingCelsius  *float64
	ManualOverrides bool
}

// Fahrenheit converts a temperature, rounded to a tenth of a degree as the
// wire shows it.
func Fahrenheit(celsius float64) float64 { return round1(celsius*9/5 + 32) }

// Celsius converts a temperature, rounded to a tenth of a degree.
func Celsius(fahrenheit float64) float64 { return round1((fahrenheit - 32) * 5 / 9) }

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// SetPoint resolves one set point given in Celsius, in Fahrenheit or in
// both (which must then agree to half a degree Fahrenheit), into Celsius.
// It adds to v, under the parameter's own name, what is wrong; nil when
// neither is given.
func SetPoint(v *lintel.InvalidInput, name string, celsius, fahrenheit *float64) *float64 {
	switch {
	case celsius == nil && fahrenheit == nil:
		return nil
	case celsius != nil && fahrenheit != nil:
		if math.Abs(Fahrenheit(*celsius)-*fahrenheit) > 0.5 {
			v.Add(name+"_fahrenheit", fmt.Sprintf("Does not match %s_celsius (%g °C is %g °F)", name, *celsius, Fahrenheit(*celsius)))
			return nil
		}
		c := *celsius
		return &c
	case celsius != nil:
		c := *celsius
		return &c
	}
	c := Celsius(*fahrenheit)
	return &c
}

// Check refuses a setting the thermostat cannot take, naming the field at
// fault: a mode it lacks, a set point the mode needs and the request lacks
// (current fills what the request leaves out), a set point outside the
// model's bounds, or heating and cooling set points closer than the
// deadband. It returns the setting with the set points the mode does not
// use cleared.
func Check(s Setting, current Setting, k Constraints) (Setting, error) {
	var v lintel.InvalidInput
	if s.HvacMode != "" && !slices.Contains(k.HvacModes, s.HvacMode) {
		v.Add("hvac_mode_setting", fmt.Sprintf("The thermostat has no %s mode; it has %v", s.HvacMode, k.HvacModes))
	}
	if s.FanMode != "" && !slices.Contains(k.FanModes, s.FanMode) {
		v.Add("fan_mode_setting", fmt.Sprintf("The thermostat has no %s fan mode; it has %v", s.FanMode, k.FanModes))
	}
	heats := s.HvacMode == ModeHeat || s.HvacMode == ModeHeatCool
	cools := s.HvacMode == ModeCool || s.HvacMode == ModeHeatCool
	if heats && s.HeatingCelsius == nil {
		s.HeatingCelsius = current.HeatingCelsius
	}
	if cools && s.CoolingCelsius == nil {
		s.CoolingCelsius = current.CoolingCelsius
	}
	if !heats {
		s.HeatingCelsius = nil
	}
	if !cools {
		s.CoolingCelsius = nil
	}
	if heats {
		inBounds(&v, "heating_set_point_celsius", s.HeatingCelsius, k.MinHeatingCelsius, k.MaxHeatingCelsius)
	}
	if cools {
		inBounds(&v, "cooling_set_point_celsius", s.CoolingCelsius, k.MinCoolingCelsius, k.MaxCoolingCelsius)
	}
	if heats && cools && s.HeatingCelsius != nil && s.CoolingCelsius != nil &&
		*s.CoolingCelsius-*s.HeatingCelsius < k.MinDeltaCelsius-1e-9 {
		v.Add("cooling_set_point_celsius", fmt.Sprintf("Must be at least %g °C above the heating set point (the thermostat's deadband)",
			k.MinDeltaCelsius))
	}
	return s, v.Err()
}

// inBounds requires a set point within [min, max].
func inBounds(v *lintel.InvalidInput, field string, c *float64, min, max float64) {
	switch {
	case c == nil:
		v.Add(field, "Required for this mode: give it in Celsius or in Fahrenheit")
	case *c < min || *c > max:
		v.Add(field, fmt.Sprintf("Must be between %g °C and %g °C", min, max))
	}
}

// CheckThreshold refuses a temperature threshold whose lower limit is not
// below its upper limit (either may be absent).
func CheckThreshold(lower, upper *float64) error {
	var v lintel.InvalidInput
	if lower != nil && upper != nil && *lower >= *upper {
		v.Add("upper_limit_celsius", "Must be above the lower limit")
	}
	return v.Err()
}
