// Package provider is the catalogue of sandbox providers: for each brand a
// Connect Webview offers, its key and name as in Seam's enums, its
// categories, its sandbox logins and what signing in with each creates (the
// connected account, its devices, its access systems with their
// entrances). The webview pages, the seed data and the devices domain all
// read it; Connect materialises a sign-in in a workspace.
package provider

import (
	"crypto/subtle"
	"errors"
	"slices"
	"strings"

	"github.com/lintel-dev/lintel/internal/thermostat"
)

// Categories of providers (Seam's provider_category enum).
const (
	CategoryStable             = "stable"
	CategoryConsumerSmartlocks = "consumer_smartlocks"
	CategoryBeta               = "beta"
	CategoryAccessControl      = "access_control_systems"
	CategoryNoiseSensors       = "noise_sensors"
	CategoryThermostats        = "thermostats"
	CategoryInternalBeta       = "internal_beta"
)

// Categories lists the provider_category values connect_webviews/create
// accepts, in the spec's order.
var Categories = []string{"stable", "consumer_smartlocks", "beta", "thermostats", "noise_sensors",
	"access_control_systems", "cameras", "connectors", "internal_beta"}

// Capabilities of a connected account (Seam's accepted_capabilities enum).
const (
	CapabilityLock          = "lock"
	CapabilityAccessControl = "access_control"
	CapabilityNoiseSensor   = "noise_sensor"
	CapabilityThermostat    = "thermostat"
)

// The sandbox logins every provider accepts, and the code of its
// two-factor step where it has one.
const (
	JaneEmail     = "jane@example.com"
	JohnEmail     = "john@example.com"
	Password      = "1234"
	TwoFactorCode = "123456"
)

// Errors of a sandbox sign-in.
var (
	// ErrBadLogin: no sandbox login of the provider has this email address
	// and password.
	ErrBadLogin = errors.New("the email address or the password is wrong")
	// ErrBadTwoFactorCode: the two-factor code is not the sandbox's.
	ErrBadTwoFactorCode = errors.New("the verification code is wrong")
)

// Provider is one brand of the catalogue.
type Provider struct {
	// Key is the provider key of Seam's enums ("august"), also the
	// account_type of the accounts it connects.
	Key string
	// DisplayName is the brand's name ("August"), also the
	// account_type_display_name of its accounts.
	DisplayName string
	// Categories are the provider categories it belongs to.
	Categories []string
	// Capability is what its accounts give access to: CapabilityLock or
	// CapabilityAccessControl.
	Capability string
	// TwoFactor is true where the real brand asks for a verification code
	// after the password.
	TwoFactor bool
	// Color is the background of its generated logo (a CSS colour).
	Color string
	// Logins are its sandbox logins.
	Logins []Login
}

// Login is a sandbox login of a provider and the account it signs in to.
type Login struct {
	Email    string
	Password string
	// AccountDisplayName is the display name of the connected account.
	AccountDisplayName string
	Devices            []Device
	Systems            []System
}

// Device is a device of a sandbox account.
type Device struct {
	// Key is the device's id at the provider, unique within the provider;
	// it becomes the device's external id.
	Key string
	// DeviceType is Seam's device_type ("august_lock").
	DeviceType string
	Name       string
	// Manufacturer is Seam's manufacturer key ("august");
	// ManufacturerDisplayName its name ("August").
	Manufacturer            string
	ManufacturerDisplayName string
	// Model is the model's display name ("Wi-Fi Smart Lock").
	Model            string
	HasBuiltInKeypad bool
	// CanConnectAccessoryKeypad: the model takes a separate keypad.
	CanConnectAccessoryKeypad bool
	SerialNumber              string
	// The state the sandbox lock starts in.
	Online       bool
	Locked       bool
	DoorOpen     bool
	BatteryLevel float64 // 0 to 1
	Capabilities Capabilities
	Codes        CodeConstraints
	// NoiseSensor describes a noise sensor (nil for a lock).
	NoiseSensor *NoiseSensor
	// Thermostat describes a thermostat: its model and how it starts (nil
	// for others).
	Thermostat *thermostat.Start
}

// NoiseSensor is what a sandbox noise sensor hears when nothing happens,
// and the thresholds it comes with (Seam's built-in quiet and normal hours).
type NoiseSensor struct {
	NoiseLevelDecibels float64
	Thresholds         []NoiseThreshold
}

// NoiseThreshold is a built-in threshold of a sandbox noise sensor.
type NoiseThreshold struct {
	Name                   string
	StartsDailyAt          string
	EndsDailyAt            string
	NoiseThresholdDecibels float64
	// NoiseThresholdNRS is set for NoiseAware sensors (0: none).
	NoiseThresholdNRS float64
}

// IsLock reports whether the device is a lock (not a sensor).
func (d Device) IsLock() bool { return d.NoiseSensor == nil && d.Thermostat == nil }

// Capabilities are what a device can do (Seam's can_* flags).
type Capabilities struct {
	RemotelyLock                 bool
	RemotelyUnlock               bool
	ProgramOnlineAccessCodes     bool
	ProgramOfflineAccessCodes    bool
	UnlockWithCode               bool
	SimulateRemoval              bool
	SimulateConnection           bool
	SimulateDisconnection        bool
	ConfigureAutoLock            bool
	SupportsBackupAccessCodePool bool
	// SimulateHubConnection: the device reaches its provider through a
	// hub (a bridge) whose connection a sandbox can cut and restore.
	SimulateHubConnection bool
}

// Supported lists the device's capabilities_supported.
func (d Device) Supported() []string {
	if d.NoiseSensor != nil {
		return []string{"noise_detection", "battery"}
	}
	if d.Thermostat != nil {
		return []string{"thermostat"}
	}
	out := []string{"lock"}
	if d.Capabilities.ProgramOnlineAccessCodes || d.Capabilities.ProgramOfflineAccessCodes {
		out = append(out, "access_code")
	}
	return append(out, "battery")
}

// CodeConstraints are the rules a lock puts on access codes.
type CodeConstraints struct {
	// SupportedCodeLengths are the lengths of code it accepts.
	SupportedCodeLengths []int
	// MaxActiveCodes is how many codes it holds at once.
	MaxActiveCodes int
	// DigitsOnly: codes are made of the digits 0-9 only (every sandbox
	// lock's keypad).
	DigitsOnly bool
	// Constraints are Seam's code_constraints constraint types
	// ("no_zeros", …) that have no parameter.
	Constraints []string
	// NameMaxLength bounds the length of a code's name (0: no bound).
	NameMaxLength int
}

// System is an access control system of a sandbox account.
type System struct {
	// Key is the system's id at the provider, unique within the provider.
	Key  string
	Name string
	// ExternalType is Seam's acs_system external_type ("salto_ks_site").
	ExternalType            string
	ExternalTypeDisplayName string
	TimeZone                string
	// AccessMethod is the kind of credential its users hold: code, card or
	// mobile_key.
	AccessMethod string
	// CloudKeyEntrances: its entrances also unlock remotely.
	CloudKeyEntrances bool
	Entrances         []string
	// AccessGroups are the names of its access groups, each opening every
	// entrance; AccessGroupType is their Seam access_group_type.
	AccessGroups    []string
	AccessGroupType string
	// Encoders are the names of its card encoders (front desks).
	Encoders []string
}

// All returns the catalogue, in the order a webview lists it (locks first,
// then access control systems).
func All() []Provider { return slices.Clone(catalogue) }

// Lookup returns the provider with the key.
func Lookup(key string) (Provider, bool) {
	i := slices.IndexFunc(catalogue, func(p Provider) bool { return p.Key == key })
	if i < 0 {
		return Provider{}, false
	}
	return catalogue[i], true
}

// InCategory returns the providers of a category, in catalogue order.
func InCategory(category string) []Provider {
	var out []Provider
	for _, p := range catalogue {
		if slices.Contains(p.Categories, category) {
			out = append(out, p)
		}
	}
	return out
}

// Keys returns the keys of every provider, in catalogue order.
func Keys() []string {
	out := make([]string, len(catalogue))
	for i, p := range catalogue {
		out[i] = p.Key
	}
	return out
}

// SignIn checks an email address and a password against the provider's
// sandbox logins and returns the one they open, or ErrBadLogin. The email
// address is compared without regard to case; the password in constant
// time.
func (p Provider) SignIn(email, password string) (Login, error) {
	for _, l := range p.Logins {
		ok := subtle.ConstantTimeCompare([]byte(password), []byte(l.Password)) == 1
		if strings.EqualFold(email, l.Email) && ok {
			return l, nil
		}
	}
	return Login{}, ErrBadLogin
}

// CheckTwoFactor checks the code of the two-factor step; providers without
// one accept anything (there is no such step).
func (p Provider) CheckTwoFactor(code string) error {
	if !p.TwoFactor || subtle.ConstantTimeCompare([]byte(code), []byte(TwoFactorCode)) == 1 {
		return nil
	}
	return ErrBadTwoFactorCode
}

// LoginFor returns the provider's sandbox login with this email address,
// without checking a password (the seed data uses it).
func (p Provider) LoginFor(email string) (Login, bool) {
	for _, l := range p.Logins {
		if strings.EqualFold(email, l.Email) {
			return l, true
		}
	}
	return Login{}, false
}

// HubDevices lists the keys of the sandbox devices that reach their
// provider through a hub, by provider key (a device's manufacturer): the
// devices that can_simulate_hub_connection.
func HubDevices() map[string][]string {
	out := map[string][]string{}
	for _, p := range catalogue {
		for _, l := range p.Logins {
			for _, d := range l.Devices {
				if d.Capabilities.SimulateHubConnection {
					out[p.Key] = append(out[p.Key], d.Key)
				}
			}
		}
	}
	return out
}

// DeviceOf returns the catalogue's device of a provider by its key (its
// external id), for what the catalogue knows of a device and its row does
// not hold.
func DeviceOf(providerKey, deviceKey string) (Device, bool) {
	p, ok := Lookup(providerKey)
	if !ok {
		return Device{}, false
	}
	for _, l := range p.Logins {
		for _, d := range l.Devices {
			if d.Key == deviceKey {
				return d, true
			}
		}
	}
	return Device{}, false
}
