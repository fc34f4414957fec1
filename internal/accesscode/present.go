package accesscode

import (
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// Statuses of a code, as the spec names them.
const (
	statusSetting  = "setting"
	statusSet      = "set"
	statusUnset    = "unset"
	statusRemoving = "removing"
)

// Error and warning codes of access codes (the spec's enums).
const (
	errFailedToSet    = "failed_to_set_on_device"
	errFailedToRemove = "failed_to_remove_from_device"
	warnBeingDeleted  = "being_deleted"
	warnUsingBackup   = "using_backup_access_code"
)

// codeType is time_bound for a code with a window, ongoing otherwise.
func codeType(c store.AccessCode) string {
	if c.StartsAt != nil || c.EndsAt != nil {
		return "time_bound"
	}
	return "ongoing"
}

func timePtr(t *time.Time) *client.Time {
	if t == nil {
		return nil
	}
	v := client.NewTime(*t)
	return &v
}

func presentErrors(list []store.AccessCodeIssue) []client.AccessCodeError {
	out := make([]client.AccessCodeError, len(list))
	yes := true
	for i, e := range list {
		out[i] = client.AccessCodeError{ErrorCode: e.Code, Message: e.Message, CreatedAt: timePtr(&e.CreatedAt),
			IsAccessCodeError: &yes}
	}
	return out
}

func presentWarnings(list []store.AccessCodeIssue) []client.AccessCodeWarning {
	out := make([]client.AccessCodeWarning, len(list))
	for i, w := range list {
		out[i] = client.AccessCodeWarning{WarningCode: w.Code, Message: w.Message, CreatedAt: timePtr(&w.CreatedAt)}
	}
	return out
}

// present shows a managed code as the API does. backupAvailable says
// whether its device's backup pool has a code ready for it.
func present(c store.AccessCode, backupAvailable bool) client.AccessCode {
	out := client.AccessCode{AccessCodeID: c.AccessCodeID, DeviceID: c.DeviceID, WorkspaceID: c.WorkspaceID,
		Name: c.Name, Code: c.Code, CommonCodeKey: c.CommonCodeKey, Type: codeType(c), Status: c.Status,
		StartsAt: timePtr(c.StartsAt), EndsAt: timePtr(c.EndsAt), CreatedAt: client.NewTime(c.CreatedAt),
		IsManaged: true, IsBackupAccessCodeAvailable: c.UseBackupAccessCodePool && backupAvailable,
		PulledBackupAccessCodeID:      c.PulledBackupAccessCodeID,
		IsExternalModificationAllowed: c.IsExternalModificationAllowed, IsOneTimeUse: c.IsOneTimeUse,
		IsOfflineAccessCode: c.IsOfflineAccessCode, Errors: presentErrors(c.Errors), Warnings: presentWarnings(c.Warnings),
		PendingMutations: pendingMutations(c)}
	if c.IsBackup {
		yes := true
		out.IsBackup = &yes
	}
	if c.PreferNativeScheduling && c.StartsAt != nil {
		onDevice := scheduledOnDevice(c)
		out.IsScheduledOnDevice = &onDevice
	}
	return out
}

// scheduledOnDevice reports whether c is on its lock ahead of its window,
// the lock keeping the schedule (prefer_native_scheduling).
func scheduledOnDevice(c store.AccessCode) bool {
	return c.OnDevice && c.Status == statusUnset
}

// pendingMutations are the changes the lock has not confirmed, read from
// the code's status: what it waits for.
func pendingMutations(c store.AccessCode) []client.AccessCodeMutation {
	out := []client.AccessCodeMutation{}
	switch {
	case c.Status == statusSetting:
		out = append(out, client.AccessCodeMutation{MutationCode: "creating", Message: "Setting the code on the device",
			CreatedAt: client.NewTime(c.CreatedAt)})
	case c.Status == statusRemoving && hasIssue(c.Warnings, warnBeingDeleted):
		out = append(out, client.AccessCodeMutation{MutationCode: "deleting", Message: "Removing the code from the device",
			CreatedAt: client.NewTime(c.CreatedAt)})
	case c.Status == statusUnset && c.StartsAt != nil && !c.OnDevice:
		at := client.NewTime(*c.StartsAt)
		out = append(out, client.AccessCodeMutation{MutationCode: "deferring_creation",
			Message: "The code is set on the device at its starts_at", CreatedAt: client.NewTime(c.CreatedAt), ScheduledAt: &at})
	}
	return out
}

// presentUnmanaged shows a code found on a lock.
func presentUnmanaged(c store.AccessCode) client.UnmanagedAccessCode {
	status := statusSet
	if c.Status == statusUnset {
		status = statusUnset
	}
	return client.UnmanagedAccessCode{AccessCodeID: c.AccessCodeID, DeviceID: c.DeviceID, WorkspaceID: c.WorkspaceID,
		Name: c.Name, Code: c.Code, Type: codeType(c), Status: status, StartsAt: timePtr(c.StartsAt),
		EndsAt: timePtr(c.EndsAt), CreatedAt: client.NewTime(c.CreatedAt), Errors: presentErrors(c.Errors),
		Warnings: presentWarnings(c.Warnings)}
}

func hasIssue(list []store.AccessCodeIssue, code string) bool {
	for _, e := range list {
		if e.Code == code {
			return true
		}
	}
	return false
}

// withIssue adds an issue of a code unless one of the same code is there.
func withIssue(list []store.AccessCodeIssue, code, message string, at time.Time) []store.AccessCodeIssue {
	if hasIssue(list, code) {
		return list
	}
	return append(append([]store.AccessCodeIssue{}, list...), store.AccessCodeIssue{Code: code, Message: message, CreatedAt: at})
}

// withoutIssue removes the issues of one code.
func withoutIssue(list []store.AccessCodeIssue, code string) []store.AccessCodeIssue {
	out := []store.AccessCodeIssue{}
	for _, e := range list {
		if e.Code != code {
			out = append(out, e)
		}
	}
	return out
}
