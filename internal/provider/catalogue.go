package provider

import "github.com/lintel-dev/lintel/internal/thermostat"

// catalogue is every sandbox provider. Device and system keys are unique
// within a provider: they are the objects' ids at the provider, so that
// connecting the same login twice finds the same objects.
var catalogue = []Provider{
	{Key: "august", DisplayName: "August", Categories: []string{CategoryStable, CategoryConsumerSmartlocks},
		Capability: CapabilityLock, TwoFactor: true, Color: "#4a4a4a",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's August",
				Devices: []Device{
					august("august-jane-front", "Front Door", "AUG-4G-0001", true),
					august("august-jane-back", "Back Door", "AUG-4G-0002", false),
				}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's August",
				Devices: []Device{
					august("august-john-garage", "Garage Door", "AUG-4G-1001", true),
				}},
		}},
	{Key: "yale", DisplayName: "Yale", Categories: []string{CategoryStable, CategoryConsumerSmartlocks},
		Capability: CapabilityLock, TwoFactor: true, Color: "#f6c500",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Yale",
				Devices: []Device{
					yale("yale-jane-main", "Main Entrance", "YRD-0001"),
					yale("yale-jane-patio", "Patio Door", "YRD-0002"),
				}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Yale",
				Devices: []Device{
					yale("yale-john-side", "Side Gate", "YRD-1001"),
				}},
		}},
	{Key: "schlage", DisplayName: "Schlage", Categories: []string{CategoryStable, CategoryConsumerSmartlocks},
		Capability: CapabilityLock, Color: "#7a1f2b",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Schlage",
				Devices: []Device{
					schlage("schlage-jane-front", "Front Door", "BE489-0001"),
				}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Schlage",
				Devices: []Device{
					schlage("schlage-john-office", "Office", "BE489-1001"),
					schlage("schlage-john-storage", "Storage Room", "BE489-1002"),
				}},
		}},
	{Key: "kwikset", DisplayName: "Kwikset", Categories: []string{CategoryStable, CategoryConsumerSmartlocks},
		Capability: CapabilityLock, Color: "#1b3f6b",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Kwikset",
				Devices: []Device{kwikset("kwikset-jane-front", "Front Door", "HALO-0001")}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Kwikset",
				Devices: []Device{kwikset("kwikset-john-cabin", "Cabin", "HALO-1001")}},
		}},
	{Key: "nuki", DisplayName: "Nuki", Categories: []string{CategoryStable, CategoryConsumerSmartlocks},
		Capability: CapabilityLock, Color: "#e5533d",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Nuki",
				Devices: []Device{nuki("nuki-jane-flat", "Flat Door", "NUKI4-0001")}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Nuki",
				Devices: []Device{nuki("nuki-john-studio", "Studio", "NUKI4-1001")}},
		}},
	{Key: "igloohome", DisplayName: "igloohome", Categories: []string{CategoryStable, CategoryConsumerSmartlocks},
		Capability: CapabilityLock, Color: "#0f8b8d",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's igloohome",
				Devices: []Device{igloohome("igloohome-jane-villa", "Villa Entrance", "IGH-0001")}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's igloohome",
				Devices: []Device{igloohome("igloohome-john-shed", "Garden Shed", "IGH-1001")}},
		}},

	{Key: "ecobee", DisplayName: "ecobee", Categories: []string{CategoryStable, CategoryThermostats},
		Capability: CapabilityThermostat, Color: "#3b8a3e",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's ecobee",
				Devices: []Device{
					ecobee("ecobee-jane-living-room", "Living Room", "ECB-0001", 21.5),
					ecobee("ecobee-jane-upstairs", "Upstairs", "ECB-0002", 19.5),
				}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's ecobee",
				Devices: []Device{ecobee("ecobee-john-cabin", "Cabin", "ECB-1001", 17)}},
		}},
	{Key: "nest", DisplayName: "Google Nest", Categories: []string{CategoryStable, CategoryThermostats},
		Capability: CapabilityThermostat, Color: "#4285f4",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Google Nest",
				Devices: []Device{nest("nest-jane-hallway", "Hallway", "NEST-0001")}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Google Nest",
				Devices: []Device{nest("nest-john-office", "Office", "NEST-1001")}},
		}},
	{Key: "honeywell_resideo", DisplayName: "Honeywell Resideo", Categories: []string{CategoryThermostats},
		Capability: CapabilityThermostat, Color: "#d22730",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Honeywell Resideo",
				Devices: []Device{honeywell("honeywell-jane-guest-suite", "Guest Suite", "T9-0001")}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Honeywell Resideo",
				Devices: []Device{honeywell("honeywell-john-workshop", "Workshop", "T9-1001")}},
		}},

	{Key: "salto_ks", DisplayName: "Salto KS", Categories: []string{CategoryStable, CategoryAccessControl},
		Capability: CapabilityAccessControl, Color: "#00a3e0",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Salto KS",
				Systems: []System{{Key: "salto-ks-jane-office", Name: "Salto KS office", ExternalType: "salto_ks_site",
					ExternalTypeDisplayName: "Salto KS site", TimeZone: "Europe/Madrid", AccessMethod: "code",
					CloudKeyEntrances: true, Entrances: []string{"Main entrance", "Meeting room", "Server room"},
					AccessGroups: []string{"Staff", "Visitors"}, AccessGroupType: "salto_ks_access_group"}}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Salto KS",
				Systems: []System{{Key: "salto-ks-john-warehouse", Name: "Salto KS warehouse", ExternalType: "salto_ks_site",
					ExternalTypeDisplayName: "Salto KS site", TimeZone: "Europe/Berlin", AccessMethod: "code",
					CloudKeyEntrances: true, Entrances: []string{"Loading dock", "Warehouse floor"},
					AccessGroups: []string{"Warehouse staff"}, AccessGroupType: "salto_ks_access_group"}}},
		}},
	{Key: "visionline", DisplayName: "ASSA ABLOY Visionline", Categories: []string{CategoryAccessControl},
		Capability: CapabilityAccessControl, Color: "#00447c",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Visionline",
				Systems: []System{{Key: "visionline-jane-hotel", Name: "Visionline hotel", ExternalType: "visionline_system",
					ExternalTypeDisplayName: "Visionline System", TimeZone: "America/New_York", AccessMethod: "card",
					Entrances: []string{"Room 101", "Room 102", "Lobby"}, Encoders: []string{"Front desk"}}}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Visionline",
				Systems: []System{{Key: "visionline-john-resort", Name: "Visionline resort", ExternalType: "visionline_system",
					ExternalTypeDisplayName: "Visionline System", TimeZone: "America/Chicago", AccessMethod: "card",
					Entrances: []string{"Suite 1", "Suite 2", "Pool gate", "Gym"},
					Encoders:  []string{"Front desk", "Concierge"}}}},
		}},
	{Key: "brivo", DisplayName: "Brivo", Categories: []string{CategoryStable, CategoryAccessControl},
		Capability: CapabilityAccessControl, TwoFactor: true, Color: "#e4002b",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Brivo",
				Systems: []System{{Key: "brivo-jane-campus", Name: "Brivo campus", ExternalType: "brivo_account",
					ExternalTypeDisplayName: "Brivo account", TimeZone: "America/Los_Angeles", AccessMethod: "mobile_key",
					Entrances: []string{"North gate", "Library"}, AccessGroups: []string{"Students"}, AccessGroupType: "brivo_group"}}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Brivo",
				Systems: []System{{Key: "brivo-john-clinic", Name: "Brivo clinic", ExternalType: "brivo_account",
					ExternalTypeDisplayName: "Brivo account", TimeZone: "America/Denver", AccessMethod: "mobile_key",
					Entrances: []string{"Reception", "Pharmacy"}, AccessGroups: []string{"Nurses"}, AccessGroupType: "brivo_group"}}},
		}},
	{Key: "salto_space", DisplayName: "Salto Space", Categories: []string{CategoryAccessControl},
		Capability: CapabilityAccessControl, Color: "#0072ce",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Salto Space",
				Systems: []System{{Key: "salto-space-jane-hotel", Name: "Salto Space hotel", ExternalType: "salto_space_system",
					ExternalTypeDisplayName: "Salto Space system", TimeZone: "Europe/Lisbon", AccessMethod: "card",
					Entrances: []string{"Room 201", "Room 202", "Spa"}, AccessGroups: []string{"Guests"},
					AccessGroupType: "salto_space_group", Encoders: []string{"Reception"}}}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Salto Space",
				Systems: []System{{Key: "salto-space-john-hostel", Name: "Salto Space hostel", ExternalType: "salto_space_system",
					ExternalTypeDisplayName: "Salto Space system", TimeZone: "Europe/Rome", AccessMethod: "card",
					Entrances: []string{"Dorm A", "Dorm B"}, AccessGroups: []string{"Backpackers"},
					AccessGroupType: "salto_space_group", Encoders: []string{"Reception"}}}},
		}},
	{Key: "latch", DisplayName: "Latch", Categories: []string{CategoryAccessControl},
		Capability: CapabilityAccessControl, Color: "#111111",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Latch",
				Systems: []System{{Key: "latch-jane-building", Name: "Latch building", ExternalType: "latch_building",
					ExternalTypeDisplayName: "Latch building", TimeZone: "America/New_York", AccessMethod: "mobile_key",
					Entrances: []string{"Lobby door", "Package room", "Roof deck"}}}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Latch",
				Systems: []System{{Key: "latch-john-lofts", Name: "Latch lofts", ExternalType: "latch_building",
					ExternalTypeDisplayName: "Latch building", TimeZone: "America/Chicago", AccessMethod: "mobile_key",
					Entrances: []string{"Front door", "Garage"}}}},
		}},

	{Key: "minut", DisplayName: "Minut", Categories: []string{CategoryNoiseSensors},
		Capability: CapabilityNoiseSensor, Color: "#2b2d42",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's Minut",
				Devices: []Device{
					minut("minut-jane-living-room", "Living Room", "MNT-0001"),
					minut("minut-jane-bedroom", "Bedroom", "MNT-0002"),
				}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's Minut",
				Devices: []Device{minut("minut-john-loft", "Loft", "MNT-1001")}},
		}},
	{Key: "noiseaware", DisplayName: "NoiseAware", Categories: []string{CategoryNoiseSensors},
		Capability: CapabilityNoiseSensor, Color: "#5a189a",
		Logins: []Login{
			{Email: JaneEmail, Password: Password, AccountDisplayName: "Jane's NoiseAware",
				Devices: []Device{noiseaware("noiseaware-jane-patio", "Patio", "NA-0001")}},
			{Email: JohnEmail, Password: Password, AccountDisplayName: "John's NoiseAware",
				Devices: []Device{
					noiseaware("noiseaware-john-lounge", "Lounge", "NA-1001"),
					noiseaware("noiseaware-john-deck", "Deck", "NA-1002"),
				}},
		}},
}

// The sandbox locks of each brand: the model, capabilities and code rules
// of the brand's best-known lock.

func august(key, name, serial string, keypad bool) Device {
	return Device{Key: key, DeviceType: "august_lock", Name: name, Manufacturer: "august", ManufacturerDisplayName: "August",
		Model: "August Wi-Fi Smart Lock", CanConnectAccessoryKeypad: true, HasBuiltInKeypad: keypad, SerialNumber: serial,
		Online: true, Locked: true, BatteryLevel: 0.86,
		// An August reaches Wi-Fi through its Connect bridge (a hub), and
		// locks itself again after a delay (Auto-Lock).
		Capabilities: Capabilities{RemotelyLock: true, RemotelyUnlock: true, ProgramOnlineAccessCodes: keypad,
			UnlockWithCode: keypad, SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true,
			SimulateHubConnection: true, ConfigureAutoLock: true},
		Codes: CodeConstraints{SupportedCodeLengths: []int{4, 5, 6, 7, 8}, MaxActiveCodes: 250, DigitsOnly: true}}
}

func yale(key, name, serial string) Device {
	return Device{Key: key, DeviceType: "yale_lock", Name: name, Manufacturer: "yale", ManufacturerDisplayName: "Yale",
		Model: "Yale Assure Lock 2", HasBuiltInKeypad: true, SerialNumber: serial,
		Online: true, Locked: true, BatteryLevel: 0.74,
		Capabilities: Capabilities{RemotelyLock: true, RemotelyUnlock: true, ProgramOnlineAccessCodes: true,
			UnlockWithCode: true, SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true,
			ConfigureAutoLock: true},
		Codes: CodeConstraints{SupportedCodeLengths: []int{4, 5, 6, 7, 8}, MaxActiveCodes: 250, DigitsOnly: true}}
}

func schlage(key, name, serial string) Device {
	return Device{Key: key, DeviceType: "schlage_lock", Name: name, Manufacturer: "schlage", ManufacturerDisplayName: "Schlage",
		Model: "Schlage Encode Plus", HasBuiltInKeypad: true, SerialNumber: serial,
		Online: true, Locked: false, BatteryLevel: 0.92,
		Capabilities: Capabilities{RemotelyLock: true, RemotelyUnlock: true, ProgramOnlineAccessCodes: true,
			UnlockWithCode: true, SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true},
		Codes: CodeConstraints{SupportedCodeLengths: []int{4, 5, 6, 7, 8}, MaxActiveCodes: 100, DigitsOnly: true,
			NameMaxLength: 9}}
}

func kwikset(key, name, serial string) Device {
	return Device{Key: key, DeviceType: "kwikset_lock", Name: name, Manufacturer: "kwikset", ManufacturerDisplayName: "Kwikset",
		Model: "Kwikset Halo Touchscreen", HasBuiltInKeypad: true, SerialNumber: serial,
		Online: true, Locked: true, BatteryLevel: 0.65,
		Capabilities: Capabilities{RemotelyLock: true, RemotelyUnlock: true, ProgramOnlineAccessCodes: true,
			UnlockWithCode: true, SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true},
		Codes: CodeConstraints{SupportedCodeLengths: []int{4, 5, 6, 7, 8}, MaxActiveCodes: 250, DigitsOnly: true}}
}

func nuki(key, name, serial string) Device {
	return Device{Key: key, DeviceType: "nuki_lock", Name: name, Manufacturer: "nuki", ManufacturerDisplayName: "Nuki",
		Model: "Nuki Smart Lock 4.0 Pro", CanConnectAccessoryKeypad: true, SerialNumber: serial,
		Online: true, Locked: true, BatteryLevel: 0.58,
		Capabilities: Capabilities{RemotelyLock: true, RemotelyUnlock: true, ProgramOnlineAccessCodes: true,
			UnlockWithCode: true, SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true},
		// The Nuki keypad has the digits 1 to 9 only.
		Codes: CodeConstraints{SupportedCodeLengths: []int{6}, MaxActiveCodes: 200, DigitsOnly: true,
			Constraints: []string{"no_zeros", "cannot_start_with_12"}, NameMaxLength: 20}}
}

func igloohome(key, name, serial string) Device {
	// A Bluetooth lock: it cannot be reached remotely, and its codes are
	// computed offline.
	return Device{Key: key, DeviceType: "igloohome_lock", Name: name, Manufacturer: "igloohome", ManufacturerDisplayName: "igloohome",
		Model: "igloohome Smart Deadbolt 02", HasBuiltInKeypad: true, SerialNumber: serial,
		Online: true, Locked: true, BatteryLevel: 0.81,
		Capabilities: Capabilities{ProgramOfflineAccessCodes: true, UnlockWithCode: true, SimulateRemoval: true,
			SimulateConnection: true, SimulateDisconnection: true},
		Codes: CodeConstraints{SupportedCodeLengths: []int{4, 5, 6, 7, 8, 9}, MaxActiveCodes: 100, DigitsOnly: true}}
}

// The sandbox noise sensors of each brand: quiet rooms (40 dB) that the
// simulation makes loud, each with the brand's built-in quiet hours (at
// night, UTC) and normal hours.

var (
	minutThresholds = []NoiseThreshold{
		{Name: "builtin_quiet_hours", StartsDailyAt: "22:00:00", EndsDailyAt: "07:00:00", NoiseThresholdDecibels: 60},
		{Name: "builtin_normal_hours", StartsDailyAt: "07:00:00", EndsDailyAt: "22:00:00", NoiseThresholdDecibels: 70},
	}
	noiseawareThresholds = []NoiseThreshold{
		{Name: "builtin_quiet_hours", StartsDailyAt: "22:00:00", EndsDailyAt: "07:00:00", NoiseThresholdDecibels: 65,
			NoiseThresholdNRS: 50},
		{Name: "builtin_normal_hours", StartsDailyAt: "07:00:00", EndsDailyAt: "22:00:00", NoiseThresholdDecibels: 75,
			NoiseThresholdNRS: 70},
	}
)

func minut(key, name, serial string) Device {
	return Device{Key: key, DeviceType: "minut_sensor", Name: name, Manufacturer: "minut", ManufacturerDisplayName: "Minut",
		Model: "Minut Point", SerialNumber: serial, Online: true, BatteryLevel: 0.9,
		Capabilities: Capabilities{SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true},
		NoiseSensor:  &NoiseSensor{NoiseLevelDecibels: 40, Thresholds: minutThresholds}}
}

func noiseaware(key, name, serial string) Device {
	return Device{Key: key, DeviceType: "noiseaware_activity_zone", Name: name, Manufacturer: "noiseaware",
		ManufacturerDisplayName: "NoiseAware", Model: "NoiseAware Activity Zone", SerialNumber: serial, Online: true,
		BatteryLevel: 0.77, Capabilities: Capabilities{SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true},
		NoiseSensor: &NoiseSensor{NoiseLevelDecibels: 40, Thresholds: noiseawareThresholds}}
}

// The sandbox thermostats of each brand: the limits of the brand's
// best-known model (set points in Celsius, the least gap between heating
// and cooling in heat_cool), the climate they start in and their built-in
// climate presets.

func celsius(v float64) *float64 { return &v }

func ecobee(key, name, serial string, temperature float64) Device {
	preset := func(key, name, mode string, heat, cool float64, ref string) thermostat.Preset {
		return thermostat.Preset{Key: key, Name: &name, Mode: mode, HvacMode: thermostat.ModeHeatCool, FanMode: thermostat.FanAuto,
			HeatingCelsius: celsius(heat), CoolingCelsius: celsius(cool), ManualOverrideAllowed: true, EcobeeClimateRef: ref,
			Builtin: true}
	}
	return Device{Key: key, DeviceType: "ecobee_thermostat", Name: name, Manufacturer: "ecobee", ManufacturerDisplayName: "ecobee",
		Model: "ecobee3 lite", SerialNumber: serial, Online: true,
		Capabilities: Capabilities{SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true},
		Thermostat: &thermostat.Start{
			Model: thermostat.Model{Constraints: thermostat.Constraints{
				HvacModes:         []string{thermostat.ModeOff, thermostat.ModeHeat, thermostat.ModeCool, thermostat.ModeHeatCool},
				FanModes:          []string{thermostat.FanAuto, thermostat.FanOn, thermostat.FanCirculate},
				MinHeatingCelsius: 7.2, MaxHeatingCelsius: 26.1, MinCoolingCelsius: 18.3, MaxCoolingCelsius: 33.3,
				MinDeltaCelsius: 2.5},
				ClimatePresetModes:  []string{"home", "away", "sleep"},
				ProgramsSameEachDay: true, ProgramsWeekdayWeekend: true, ProgramsDifferentEachDay: true,
				MaxPeriodsPerDay: 4, PeriodPrecisionMinutes: 30},
			Setting: thermostat.Setting{HvacMode: thermostat.ModeHeatCool, FanMode: thermostat.FanAuto,
				HeatingCelsius: celsius(20), CoolingCelsius: celsius(25)},
			TemperatureCelsius: temperature, RelativeHumidity: 0.42,
			Presets: []thermostat.Preset{
				preset("home", "Home", "home", 20, 25, "home"),
				preset("away", "Away", "away", 16, 28, "away"),
				preset("sleep", "Sleep", "sleep", 18, 26, "sleep"),
			}}}
}

func nest(key, name, serial string) Device {
	return Device{Key: key, DeviceType: "nest_thermostat", Name: name, Manufacturer: "nest", ManufacturerDisplayName: "Google Nest",
		Model: "Nest Thermostat", SerialNumber: serial, Online: true,
		Capabilities: Capabilities{SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true},
		Thermostat: &thermostat.Start{
			Model: thermostat.Model{Constraints: thermostat.Constraints{
				HvacModes: []string{thermostat.ModeOff, thermostat.ModeHeat, thermostat.ModeCool, thermostat.ModeHeatCool,
					thermostat.ModeEco},
				FanModes:          []string{thermostat.FanAuto, thermostat.FanOn},
				MinHeatingCelsius: 9, MaxHeatingCelsius: 32, MinCoolingCelsius: 9, MaxCoolingCelsius: 32, MinDeltaCelsius: 1.5}},
			Setting:            thermostat.Setting{HvacMode: thermostat.ModeHeat, FanMode: thermostat.FanAuto, HeatingCelsius: celsius(21)},
			TemperatureCelsius: 20, RelativeHumidity: 0.38}}
}

func honeywell(key, name, serial string) Device {
	return Device{Key: key, DeviceType: "honeywell_resideo_thermostat", Name: name, Manufacturer: "honeywell_resideo",
		ManufacturerDisplayName: "Honeywell Resideo", Model: "Honeywell Home T9", SerialNumber: serial, Online: true,
		Capabilities: Capabilities{SimulateRemoval: true, SimulateConnection: true, SimulateDisconnection: true},
		Thermostat: &thermostat.Start{
			Model: thermostat.Model{Constraints: thermostat.Constraints{
				HvacModes:         []string{thermostat.ModeOff, thermostat.ModeHeat, thermostat.ModeCool, thermostat.ModeHeatCool},
				FanModes:          []string{thermostat.FanAuto, thermostat.FanOn, thermostat.FanCirculate},
				MinHeatingCelsius: 4.5, MaxHeatingCelsius: 32, MinCoolingCelsius: 10, MaxCoolingCelsius: 37, MinDeltaCelsius: 1.5},
				ProgramsWeekdayWeekend: true, ProgramsDifferentEachDay: true, MaxPeriodsPerDay: 4, PeriodPrecisionMinutes: 15},
			Setting:            thermostat.Setting{HvacMode: thermostat.ModeOff, FanMode: thermostat.FanAuto},
			TemperatureCelsius: 18.5, RelativeHumidity: 0.5}}
}
