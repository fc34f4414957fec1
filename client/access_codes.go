package client

import "encoding/json"

// AccessCode is a PIN code on a lock. A managed code is one the server
// programs and keeps on the lock (setting, set, removing); a time-bound one
// has starts_at and ends_at and is unset outside them.
type AccessCode struct {
	AccessCodeID                  string               `json:"access_code_id" v:"uuid"`
	DeviceID                      string               `json:"device_id" v:"uuid"`
	WorkspaceID                   string               `json:"workspace_id" v:"uuid"`
	Name                          *string              `json:"name"`
	Code                          *string              `json:"code"`
	CommonCodeKey                 *string              `json:"common_code_key"`
	Type                          string               `json:"type"`
	Status                        string               `json:"status"`
	StartsAt                      *Time                `json:"starts_at,omitempty"`
	EndsAt                        *Time                `json:"ends_at,omitempty"`
	CreatedAt                     Time                 `json:"created_at"`
	IsManaged                     bool                 `json:"is_managed"`
	IsBackup                      *bool                `json:"is_backup,omitempty"`
	IsBackupAccessCodeAvailable   bool                 `json:"is_backup_access_code_available"`
	PulledBackupAccessCodeID      *string              `json:"pulled_backup_access_code_id,omitempty"`
	IsExternalModificationAllowed bool                 `json:"is_external_modification_allowed"`
	IsOneTimeUse                  bool                 `json:"is_one_time_use"`
	IsOfflineAccessCode           bool                 `json:"is_offline_access_code"`
	IsScheduledOnDevice           *bool                `json:"is_scheduled_on_device,omitempty"`
	IsWaitingForCodeAssignment    *bool                `json:"is_waiting_for_code_assignment,omitempty"`
	Errors                        []AccessCodeError    `json:"errors"`
	Warnings                      []AccessCodeWarning  `json:"warnings"`
	PendingMutations              []AccessCodeMutation `json:"pending_mutations"`
}

// UnmanagedAccessCode is a code found on a lock that the server did not
// create; it can be converted to a managed one.
type UnmanagedAccessCode struct {
	AccessCodeID string              `json:"access_code_id" v:"uuid"`
	DeviceID     string              `json:"device_id" v:"uuid"`
	WorkspaceID  string              `json:"workspace_id" v:"uuid"`
	Name         *string             `json:"name"`
	Code         *string             `json:"code"`
	Type         string              `json:"type"`
	Status       string              `json:"status"`
	StartsAt     *Time               `json:"starts_at,omitempty"`
	EndsAt       *Time               `json:"ends_at,omitempty"`
	CreatedAt    Time                `json:"created_at"`
	IsManaged    bool                `json:"is_managed"`
	Errors       []AccessCodeError   `json:"errors"`
	Warnings     []AccessCodeWarning `json:"warnings"`
}

// AccessCodeError is an error of an access code, or of its device or
// connected account.
type AccessCodeError struct {
	ErrorCode               string `json:"error_code"`
	Message                 string `json:"message"`
	CreatedAt               *Time  `json:"created_at,omitempty"`
	IsAccessCodeError       *bool  `json:"is_access_code_error,omitempty"`
	IsDeviceError           *bool  `json:"is_device_error,omitempty"`
	IsConnectedAccountError *bool  `json:"is_connected_account_error,omitempty"`
}

// AccessCodeWarning is a warning of an access code.
type AccessCodeWarning struct {
	WarningCode string `json:"warning_code"`
	Message     string `json:"message"`
	CreatedAt   *Time  `json:"created_at,omitempty"`
}

// AccessCodeMutation is a change to a code the lock has not confirmed yet.
type AccessCodeMutation struct {
	MutationCode string `json:"mutation_code"`
	Message      string `json:"message"`
	CreatedAt    Time   `json:"created_at"`
	ScheduledAt  *Time  `json:"scheduled_at,omitempty"`
}

// AccessCodeTimelineEvent is one step of an access code's life, as
// access_codes/get_timeline shows it.
type AccessCodeTimelineEvent struct {
	TimelineEventID    string                  `json:"timeline_event_id" v:"uuid"`
	EventType          string                  `json:"event_type"`
	OccurredAt         Time                    `json:"occurred_at"`
	Description        string                  `json:"description"`
	Actor              TimelineActor           `json:"actor"`
	RelatedResourceIDs TimelineRelatedResource `json:"related_resource_ids"`
}

// TimelineActor says who or what caused a timeline event.
type TimelineActor struct {
	Type string `json:"type"`
}

// TimelineRelatedResource names the objects a timeline event is about.
type TimelineRelatedResource struct {
	DeviceID           string `json:"device_id,omitempty" v:"uuid"`
	ConnectedAccountID string `json:"connected_account_id,omitempty" v:"uuid"`
	EventID            string `json:"event_id,omitempty" v:"uuid"`
}

// AccessCodesCreateParams are the parameters of /access_codes/create: an
// ongoing code, or a time-bound one with starts_at and ends_at; the code
// itself is generated when not given.
type AccessCodesCreateParams struct {
	DeviceID                      string   `json:"device_id" v:"required,uuid"`
	Name                          string   `json:"name,omitempty"`
	Code                          string   `json:"code,omitempty" v:"min=4,max=12"`
	CommonCodeKey                 string   `json:"common_code_key,omitempty" v:"min=1"`
	StartsAt                      string   `json:"starts_at,omitempty" v:"datetime"`
	EndsAt                        string   `json:"ends_at,omitempty" v:"datetime"`
	AllowExternalModification     *bool    `json:"allow_external_modification,omitempty"`
	IsExternalModificationAllowed *bool    `json:"is_external_modification_allowed,omitempty"`
	AttemptForOfflineDevice       *bool    `json:"attempt_for_offline_device,omitempty"`
	IsOfflineAccessCode           *bool    `json:"is_offline_access_code,omitempty"`
	UseOfflineAccessCode          *bool    `json:"use_offline_access_code,omitempty"`
	IsOneTimeUse                  *bool    `json:"is_one_time_use,omitempty"`
	MaxTimeRounding               string   `json:"max_time_rounding,omitempty" v:"enum=1hour|1day|1h|1d"`
	PreferNativeScheduling        *bool    `json:"prefer_native_scheduling,omitempty"`
	PreferredCodeLength           *float64 `json:"preferred_code_length,omitempty"`
	Sync                          *bool    `json:"sync,omitempty"`
	UseBackupAccessCodePool       *bool    `json:"use_backup_access_code_pool,omitempty"`
}

// AccessCodesCreateMultipleParams are the parameters of
// /access_codes/create_multiple: one code, shared across the devices.
type AccessCodesCreateMultipleParams struct {
	DeviceIDs                      []string `json:"device_ids" v:"required,nonempty,uuid"`
	Name                           string   `json:"name,omitempty"`
	Code                           string   `json:"code,omitempty" v:"min=4,max=12"`
	StartsAt                       string   `json:"starts_at,omitempty" v:"datetime"`
	EndsAt                         string   `json:"ends_at,omitempty" v:"datetime"`
	BehaviorWhenCodeCannotBeShared string   `json:"behavior_when_code_cannot_be_shared,omitempty" v:"enum=throw|create_random_code"`
	AllowExternalModification      *bool    `json:"allow_external_modification,omitempty"`
	IsExternalModificationAllowed  *bool    `json:"is_external_modification_allowed,omitempty"`
	AttemptForOfflineDevice        *bool    `json:"attempt_for_offline_device,omitempty"`
	PreferNativeScheduling         *bool    `json:"prefer_native_scheduling,omitempty"`
	PreferredCodeLength            *float64 `json:"preferred_code_length,omitempty"`
	UseBackupAccessCodePool        *bool    `json:"use_backup_access_code_pool,omitempty"`
}

// AccessCodesGetParams are the parameters of /access_codes/get and
// /access_codes/unmanaged/get: the code's id, or its device and its code.
type AccessCodesGetParams struct {
	AccessCodeID string `json:"access_code_id,omitempty" v:"uuid"`
	DeviceID     string `json:"device_id,omitempty" v:"uuid"`
	Code         string `json:"code,omitempty" v:"min=1"`
}

// AccessCodesListParams are the parameters of /access_codes/list. Filters
// on what lintel does not link to codes (access grants, access methods,
// customers) match no code.
type AccessCodesListParams struct {
	DeviceID          string   `json:"device_id,omitempty" v:"uuid"`
	AccessCodeIDs     []string `json:"access_code_ids,omitempty" v:"uuid"`
	UserIdentifierKey string   `json:"user_identifier_key,omitempty" v:"min=1"`
	Search            string   `json:"search,omitempty" v:"min=1"`
	AccessGrantID     string   `json:"access_grant_id,omitempty" v:"uuid"`
	AccessGrantKey    string   `json:"access_grant_key,omitempty" v:"min=1"`
	AccessMethodID    string   `json:"access_method_id,omitempty" v:"uuid"`
	CustomerKey       string   `json:"customer_key,omitempty" v:"min=1"`
	Limit             int      `json:"limit,omitempty" v:"min=1"`
	PageCursor        *string  `json:"page_cursor,omitempty"`
}

// AccessCodesUpdateParams are the parameters of /access_codes/update.
type AccessCodesUpdateParams struct {
	AccessCodeID                  string           `json:"access_code_id" v:"required,uuid"`
	DeviceID                      string           `json:"device_id,omitempty" v:"uuid"`
	Name                          Nullable[string] `json:"name,omitzero"`
	Code                          string           `json:"code,omitempty" v:"min=4,max=12"`
	Type                          string           `json:"type,omitempty" v:"enum=ongoing|time_bound"`
	StartsAt                      string           `json:"starts_at,omitempty" v:"datetime"`
	EndsAt                        string           `json:"ends_at,omitempty" v:"datetime"`
	IsManaged                     *bool            `json:"is_managed,omitempty"`
	AllowExternalModification     *bool            `json:"allow_external_modification,omitempty"`
	IsExternalModificationAllowed *bool            `json:"is_external_modification_allowed,omitempty"`
	AttemptForOfflineDevice       *bool            `json:"attempt_for_offline_device,omitempty"`
	Sync                          *bool            `json:"sync,omitempty"`
}

// AccessCodesUpdateMultipleParams are the parameters of
// /access_codes/update_multiple: every code sharing the common code key.
type AccessCodesUpdateMultipleParams struct {
	CommonCodeKey string           `json:"common_code_key" v:"required,min=1"`
	Name          Nullable[string] `json:"name,omitzero"`
	StartsAt      string           `json:"starts_at,omitempty" v:"datetime"`
	EndsAt        string           `json:"ends_at,omitempty" v:"datetime"`
}

// AccessCodesDeleteParams are the parameters of /access_codes/delete.
type AccessCodesDeleteParams struct {
	AccessCodeID string `json:"access_code_id" v:"required,uuid"`
	DeviceID     string `json:"device_id,omitempty" v:"uuid"`
	Sync         *bool  `json:"sync,omitempty"`
}

// AccessCodesGenerateCodeParams are the parameters of
// /access_codes/generate_code.
type AccessCodesGenerateCodeParams struct {
	DeviceID string `json:"device_id" v:"required,uuid"`
}

// AccessCodesGetTimelineParams are the parameters of
// /access_codes/get_timeline.
type AccessCodesGetTimelineParams struct {
	AccessCodeID string   `json:"access_code_id" v:"required,uuid"`
	After        string   `json:"after,omitempty" v:"datetime"`
	Before       string   `json:"before,omitempty" v:"datetime"`
	EventTypes   []string `json:"event_types,omitempty"`
	Limit        int      `json:"limit,omitempty" v:"min=1,max=200"`
}

// TimelinePagination says whether a timeline has more events than the
// limit let through.
type TimelinePagination struct {
	HasMore    bool    `json:"has_more"`
	NextCursor *string `json:"next_cursor"`
	PrevCursor *string `json:"prev_cursor"`
}

// AccessCodesPullBackupAccessCodeParams are the parameters of
// /access_codes/pull_backup_access_code.
type AccessCodesPullBackupAccessCodeParams struct {
	AccessCodeID string `json:"access_code_id" v:"required,uuid"`
}

// AccessCodesReportDeviceConstraintsParams are the parameters of
// /access_codes/report_device_constraints: the lengths of code a device
// accepts, as a list or as a range. SupportedCodeLengths is a JSON array
// of integers (the parameter decoder takes arrays of strings only; the
// domain reads it).
type AccessCodesReportDeviceConstraintsParams struct {
	DeviceID             string          `json:"device_id" v:"required,uuid"`
	SupportedCodeLengths json.RawMessage `json:"supported_code_lengths,omitempty"`
	MinCodeLength        *int            `json:"min_code_length,omitempty" v:"min=4,max=20"`
	MaxCodeLength        *int            `json:"max_code_length,omitempty" v:"min=4,max=20"`
}

// AccessCodesSimulateCreateUnmanagedParams are the parameters of
// /access_codes/simulate/create_unmanaged_access_code: a code put on a
// sandbox lock from outside the API.
type AccessCodesSimulateCreateUnmanagedParams struct {
	DeviceID string `json:"device_id" v:"required,uuid"`
	Name     string `json:"name" v:"required"`
	Code     string `json:"code" v:"required,min=4,max=8"`
}

// AccessCodesUnmanagedListParams are the parameters of
// /access_codes/unmanaged/list.
type AccessCodesUnmanagedListParams struct {
	DeviceID          string  `json:"device_id" v:"required,uuid"`
	UserIdentifierKey string  `json:"user_identifier_key,omitempty" v:"min=1"`
	Search            string  `json:"search,omitempty" v:"min=1"`
	Limit             int     `json:"limit,omitempty" v:"min=1"`
	PageCursor        *string `json:"page_cursor,omitempty"`
}

// AccessCodesUnmanagedUpdateParams are the parameters of
// /access_codes/unmanaged/update: is_managed true converts the code.
type AccessCodesUnmanagedUpdateParams struct {
	AccessCodeID                  string `json:"access_code_id" v:"required,uuid"`
	IsManaged                     *bool  `json:"is_managed" v:"required"`
	AllowExternalModification     *bool  `json:"allow_external_modification,omitempty"`
	IsExternalModificationAllowed *bool  `json:"is_external_modification_allowed,omitempty"`
	Force                         *bool  `json:"force,omitempty"`
}

// AccessCodesUnmanagedConvertParams are the parameters of
// /access_codes/unmanaged/convert_to_managed.
type AccessCodesUnmanagedConvertParams struct {
	AccessCodeID                  string `json:"access_code_id" v:"required,uuid"`
	AllowExternalModification     *bool  `json:"allow_external_modification,omitempty"`
	IsExternalModificationAllowed *bool  `json:"is_external_modification_allowed,omitempty"`
	Force                         *bool  `json:"force,omitempty"`
	Sync                          *bool  `json:"sync,omitempty"`
}

// AccessCodesUnmanagedDeleteParams are the parameters of
// /access_codes/unmanaged/delete.
type AccessCodesUnmanagedDeleteParams struct {
	AccessCodeID string `json:"access_code_id" v:"required,uuid"`
	Sync         *bool  `json:"sync,omitempty"`
}
