package provider

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
