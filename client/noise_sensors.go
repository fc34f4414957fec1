package client

// NoiseThreshold is a level of noise a noise sensor reports when it is
// exceeded, in force every day between two times of day
// ("20:00:00[America/Los_Angeles]" to "06:00:00[America/Los_Angeles]").
type NoiseThreshold struct {
	NoiseThresholdID       string   `json:"noise_threshold_id" v:"uuid"`
	DeviceID               string   `json:"device_id" v:"uuid"`
	Name                   string   `json:"name"`
	StartsDailyAt          string   `json:"starts_daily_at"`
	EndsDailyAt            string   `json:"ends_daily_at"`
	NoiseThresholdDecibels float64  `json:"noise_threshold_decibels"`
	NoiseThresholdNRS      *float64 `json:"noise_threshold_nrs,omitempty"`
}

// NoiseSensorsListParams are the parameters of /noise_sensors/list: the
// devices that are noise sensors.
type NoiseSensorsListParams struct {
	ConnectedAccountID string   `json:"connected_account_id,omitempty" v:"uuid"`
	ConnectWebviewID   string   `json:"connect_webview_id,omitempty" v:"uuid"`
	DeviceType         string   `json:"device_type,omitempty" v:"enum=noiseaware_activity_zone|minut_sensor"`
	DeviceTypes        []string `json:"device_types,omitempty" v:"enum=noiseaware_activity_zone|minut_sensor"`
	Manufacturer       string   `json:"manufacturer,omitempty" v:"enum=minut|noiseaware"`
	CustomerKey        string   `json:"customer_key,omitempty" v:"min=1"`
}

// NoiseThresholdsCreateParams are the parameters of
// /noise_sensors/noise_thresholds/create. A threshold has a level in
// decibels, or in NoiseAware's Noise Risk Score, or both.
type NoiseThresholdsCreateParams struct {
	DeviceID               string   `json:"device_id" v:"required,uuid"`
	StartsDailyAt          string   `json:"starts_daily_at" v:"required"`
	EndsDailyAt            string   `json:"ends_daily_at" v:"required"`
	Name                   string   `json:"name,omitempty" v:"min=1"`
	NoiseThresholdDecibels *float64 `json:"noise_threshold_decibels,omitempty"`
	NoiseThresholdNRS      *float64 `json:"noise_threshold_nrs,omitempty"`
	Sync                   bool     `json:"sync,omitempty"`
}

// NoiseThresholdsGetParams are the parameters of
// /noise_sensors/noise_thresholds/get.
type NoiseThresholdsGetParams struct {
	NoiseThresholdID string `json:"noise_threshold_id" v:"required,uuid"`
}

// NoiseThresholdsListParams are the parameters of
// /noise_sensors/noise_thresholds/list.
type NoiseThresholdsListParams struct {
	DeviceID     string `json:"device_id" v:"required,uuid"`
	IsProgrammed *bool  `json:"is_programmed,omitempty"`
}

// NoiseThresholdsUpdateParams are the parameters of
// /noise_sensors/noise_thresholds/update. Absent fields keep their value.
type NoiseThresholdsUpdateParams struct {
	NoiseThresholdID       string   `json:"noise_threshold_id" v:"required,uuid"`
	DeviceID               string   `json:"device_id" v:"required,uuid"`
	Name                   *string  `json:"name,omitempty" v:"min=1"`
	StartsDailyAt          *string  `json:"starts_daily_at,omitempty"`
	EndsDailyAt            *string  `json:"ends_daily_at,omitempty"`
	NoiseThresholdDecibels *float64 `json:"noise_threshold_decibels,omitempty"`
	NoiseThresholdNRS      *float64 `json:"noise_threshold_nrs,omitempty"`
	Sync                   bool     `json:"sync,omitempty"`
}

// NoiseThresholdsDeleteParams are the parameters of
// /noise_sensors/noise_thresholds/delete.
type NoiseThresholdsDeleteParams struct {
	NoiseThresholdID string `json:"noise_threshold_id" v:"required,uuid"`
	DeviceID         string `json:"device_id" v:"required,uuid"`
	Sync             bool   `json:"sync,omitempty"`
}

// NoiseSensorsSimulateTriggerNoiseThresholdParams are the parameters of
// /noise_sensors/simulate/trigger_noise_threshold.
type NoiseSensorsSimulateTriggerNoiseThresholdParams struct {
	DeviceID string `json:"device_id" v:"required,uuid"`
}

// NoiseThresholdCreated is what /noise_sensors/noise_thresholds/create
// answers: the threshold and the attempt that programmed it on the sensor.
type NoiseThresholdCreated struct {
	NoiseThreshold NoiseThreshold `json:"noise_threshold"`
	ActionAttempt  ActionAttempt  `json:"action_attempt"`
}
