package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// AccessCode is a PIN code on a device as lintel holds it: a managed code
// lintel programs, a code found on the lock (IsManaged false), or one of a
// device's backup codes.
type AccessCode struct {
	AccessCodeID string
	WorkspaceID  string
	DeviceID     string
	// ExternalID is the code's id on the lock.
	ExternalID    string
	IsManaged     bool
	Name          *string
	Code          *string
	CommonCodeKey *string
	// StartsAt and EndsAt bound a time-bound code; both nil for an ongoing
	// one.
	StartsAt, EndsAt *time.Time
	// Status is setting, set, unset or removing; OnDevice says whether the
	// lock has confirmed it holds the code.
	Status                        string
	OnDevice                      bool
	IsExternalModificationAllowed bool
	IsOneTimeUse                  bool
	IsOfflineAccessCode           bool
	PreferNativeScheduling        bool
	UseBackupAccessCodePool       bool
	// IsBackup marks a code of the device's backup pool; PulledFor names the
	// code it stands in for once pulled (nil while it waits in the pool).
	IsBackup                 bool
	PulledFor                *string
	PulledBackupAccessCodeID *string
	Errors                   []AccessCodeIssue
	Warnings                 []AccessCodeIssue
	CreatedAt                time.Time
	// StartJobID and EndJobID are the queue's jobs (river_job.id) that
	// start and end a time-bound code at its times, if any. Only
	// SetAccessCodeJobs writes them.
	StartJobID *int64
	EndJobID   *int64
}

// AccessCodeIssue is an error or a warning of an access code.
type AccessCodeIssue struct {
	Code      string    `json:"code"`
	Message   string    `json:"message"`
	CreatedAt time.Time `json:"created_at"`
}

const accessCodeColumns = `access_code_id, workspace_id, device_id, external_id, is_managed, name, code, common_code_key,
	starts_at, ends_at, status, on_device, is_external_modification_allowed, is_one_time_use, is_offline_access_code,
	prefer_native_scheduling, use_backup_access_code_pool, is_backup, pulled_for_access_code_id,
	pulled_backup_access_code_id, errors, warnings, created_at`

// accessCodeSelect reads accessCodeColumns and the code's job ids.
const accessCodeSelect = `SELECT ` + accessCodeColumns + `, start_job_id, end_job_id FROM access_codes`

func scanAccessCode(r rowScanner) (AccessCode, error) {
	var c AccessCode
	var name, code, key, pulledFor, pulledBackup sql.NullString
	var starts, ends sql.NullInt64
	var errs, warns string
	var created int64
	var startJob, endJob sql.NullInt64
	err := r.Scan(&c.AccessCodeID, &c.WorkspaceID, &c.DeviceID, &c.ExternalID, &c.IsManaged, &name, &code, &key,
		&starts, &ends, &c.Status, &c.OnDevice, &c.IsExternalModificationAllowed, &c.IsOneTimeUse, &c.IsOfflineAccessCode,
		&c.PreferNativeScheduling, &c.UseBackupAccessCodePool, &c.IsBackup, &pulledFor, &pulledBackup,
		&errs, &warns, &created, &startJob, &endJob)
	if err != nil {
		return c, err
	}
	c.StartJobID, c.EndJobID = nullInt64(startJob), nullInt64(endJob)
	c.Name, c.Code, c.CommonCodeKey = nullString(name), nullString(code), nullString(key)
	c.PulledFor, c.PulledBackupAccessCodeID = nullString(pulledFor), nullString(pulledBackup)
	c.StartsAt, c.EndsAt = nullTime(starts), nullTime(ends)
	c.CreatedAt = fromMS(created)
	if err := json.Unmarshal([]byte(errs), &c.Errors); err != nil {
		return c, err
	}
	return c, json.Unmarshal([]byte(warns), &c.Warnings)
}

// accessCodeArgs are the values of accessCodeColumns, in order, for c of
// the workspace.
func accessCodeArgs(workspaceID string, c AccessCode) ([]any, error) {
	errs, err := jsonList(c.Errors)
	if err != nil {
		return nil, err
	}
	warns, err := jsonList(c.Warnings)
	if err != nil {
		return nil, err
	}
	return []any{c.AccessCodeID, workspaceID, c.DeviceID, c.ExternalID, c.IsManaged, c.Name, c.Code, c.CommonCodeKey,
		msPtr(c.StartsAt), msPtr(c.EndsAt), c.Status, c.OnDevice, c.IsExternalModificationAllowed, c.IsOneTimeUse,
		c.IsOfflineAccessCode, c.PreferNativeScheduling, c.UseBackupAccessCodePool, c.IsBackup, c.PulledFor,
		c.PulledBackupAccessCodeID, errs, warns, ms(c.CreatedAt)}, nil
}

// InsertAccessCode stores an access code of the workspace. Its device must
// be of the workspace; otherwise nothing is written and it returns
// ErrNotFound.
func (tx *Tx) InsertAccessCode(ctx context.Context, workspaceID string, c AccessCode) error {
	args, err := accessCodeArgs(workspaceID, c)
	if err != nil {
		return err
	}
	return execOne(ctx, tx, `INSERT INTO access_codes (`+accessCodeColumns+`)
		SELECT $1, $2, $3, $4, CAST($5 AS BOOLEAN), $6, $7, $8, CAST($9 AS BIGINT), CAST($10 AS BIGINT), $11,
		CAST($12 AS BOOLEAN), CAST($13 AS BOOLEAN), CAST($14 AS BOOLEAN), CAST($15 AS BOOLEAN), CAST($16 AS BOOLEAN),
		CAST($17 AS BOOLEAN), CAST($18 AS BOOLEAN), $19, $20, $21, $22, CAST($23 AS BIGINT)
		WHERE `+inWorkspace("devices", "device_id", "$2", "$3"), args...)
}

// UpdateAccessCode writes every field of an access code of the workspace
// but its ids, device and creation time.
func (tx *Tx) UpdateAccessCode(ctx context.Context, workspaceID string, c AccessCode) error {
	args, err := accessCodeArgs(workspaceID, c)
	if err != nil {
		return err
	}
	// The columns from is_managed ($5) to warnings ($22), then the ids.
	args = append(args[4:22], c.AccessCodeID, workspaceID)
	return execOne(ctx, tx, `UPDATE access_codes SET is_managed = $1, name = $2, code = $3, common_code_key = $4,
		starts_at = $5, ends_at = $6, status = $7, on_device = $8, is_external_modification_allowed = $9,
		is_one_time_use = $10, is_offline_access_code = $11, prefer_native_scheduling = $12,
		use_backup_access_code_pool = $13, is_backup = $14, pulled_for_access_code_id = $15,
		pulled_backup_access_code_id = $16, errors = $17, warnings = $18
		WHERE access_code_id = $19 AND workspace_id = $20`, args...)
}

// AccessCode loads an access code of the workspace.
func (tx *Tx) AccessCode(ctx context.Context, workspaceID, accessCodeID string) (AccessCode, error) {
	c, err := scanAccessCode(tx.q.QueryRowContext(ctx, accessCodeSelect+`
		WHERE workspace_id = $1 AND access_code_id = $2`, workspaceID, accessCodeID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// SetAccessCodeJobs writes the ids of the jobs of an access code's start
// and end (nil: none).
func (tx *Tx) SetAccessCodeJobs(ctx context.Context, workspaceID, accessCodeID string, startJobID, endJobID *int64) error {
	return execOne(ctx, tx, `UPDATE access_codes SET start_job_id = CAST($1 AS BIGINT), end_job_id = CAST($2 AS BIGINT)
		WHERE workspace_id = $3 AND access_code_id = $4`, startJobID, endJobID, workspaceID, accessCodeID)
}

// DeleteAccessCode deletes an access code of the workspace.
func (tx *Tx) DeleteAccessCode(ctx context.Context, workspaceID, accessCodeID string) error {
	return execOne(ctx, tx, `DELETE FROM access_codes WHERE workspace_id = $1 AND access_code_id = $2`,
		workspaceID, accessCodeID)
}

// AccessCodeFilter narrows ListAccessCodes. Empty fields do not filter;
// nil slices do not filter, empty ones match nothing. The codes waiting in
// a backup pool are never listed.
type AccessCodeFilter struct {
	IsManaged     bool
	DeviceIDs     []string
	AccessCodeIDs []string
	CommonCodeKey string
	Code          string
	Search        string
	// ConnectedAccountIDs keeps the codes of these accounts' devices (a
	// client session's scope).
	ConnectedAccountIDs []string
}

// ListAccessCodes lists the managed (or the unmanaged) access codes of the
// workspace, oldest first, one page.
func (tx *Tx) ListAccessCodes(ctx context.Context, workspaceID string, f AccessCodeFilter, r page.Request) ([]AccessCode, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	w.add("is_managed = ?", f.IsManaged)
	w.add("(is_backup = FALSE OR pulled_for_access_code_id IS NOT NULL)")
	if f.DeviceIDs != nil {
		w.in("device_id", f.DeviceIDs)
	}
	if f.AccessCodeIDs != nil {
		w.in("access_code_id", f.AccessCodeIDs)
	}
	if f.ConnectedAccountIDs != nil {
		if len(f.ConnectedAccountIDs) == 0 {
			w.add("1 = 0")
		} else {
			w.add(`device_id IN (SELECT d.device_id FROM devices d WHERE d.connected_account_id IN (`+
				marks(len(f.ConnectedAccountIDs))+`))`, anys(f.ConnectedAccountIDs)...)
		}
	}
	if f.CommonCodeKey != "" {
		w.add("common_code_key = ?", f.CommonCodeKey)
	}
	if f.Code != "" {
		w.add("code = ?", f.Code)
	}
	if f.Search != "" {
		pat := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(COALESCE(name, '')) LIKE ? ESCAPE '\' OR LOWER(COALESCE(code, '')) LIKE ? ESCAPE '\'
			OR LOWER(access_code_id) LIKE ? ESCAPE '\')`, pat, pat, pat)
	}
	w.after(r, "created_at", "access_code_id")
	q := accessCodeSelect + w.sql() + ` ORDER BY created_at, access_code_id` +
		w.limit(noLimit(r.Fetch()))
	return queryList(ctx, tx, scanAccessCode, q, w.args...)
}

// AccessCodesOfDevice lists every code lintel holds for a device of the
// workspace, managed, unmanaged and backup, oldest first: what the rules
// of a new code (duplicates, room on the lock) and reconciliation read.
func (tx *Tx) AccessCodesOfDevice(ctx context.Context, workspaceID, deviceID string) ([]AccessCode, error) {
	return queryList(ctx, tx, scanAccessCode, accessCodeSelect+`
		WHERE workspace_id = $1 AND device_id = $2 ORDER BY created_at, access_code_id`, workspaceID, deviceID)
}

// SetDeviceCodeLengths records the code lengths a device of the workspace
// accepts, as reported by access_codes/report_device_constraints.
func (tx *Tx) SetDeviceCodeLengths(ctx context.Context, workspaceID, deviceID string, lengths []int) error {
	doc, err := jsonList(lengths)
	if err != nil {
		return err
	}
	return execOne(ctx, tx, `UPDATE devices SET supported_code_lengths = $3 WHERE workspace_id = $1 AND device_id = $2`,
		workspaceID, deviceID, doc)
}
