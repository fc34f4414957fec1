package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// AccessMethod is one way (Mode: code, card, mobile_key, cloud_key) the
// holder of a grant gets in, resolved into objects of the lower layers
// (AccessMethodObject). A deleted method keeps its row; the reads here see
// live methods only.
type AccessMethod struct {
	AccessMethodID     string
	WorkspaceID        string
	AccessGrantID      string
	Mode               string
	DisplayName        string
	Code               *string
	IsIssued           bool
	IssuedAt           *time.Time
	IsEncodingRequired bool
	// IssueDelayedAt is when issuing the method was first delayed (a
	// mutation it waits for is being retried), IssueFailedAt when it failed
	// for good; both are cleared when it is issued.
	IssueDelayedAt *time.Time
	IssueFailedAt  *time.Time
	CreatedAt      time.Time
}

// The kinds of objects an access method is resolved into.
const (
	ObjectAcsUser       = "acs_user"
	ObjectAcsCredential = "acs_credential"
	ObjectAccessCode    = "access_code"
)

// AccessMethodObject is an object an access method was resolved into: a
// credential or a user (the grant created it) on an access system, or an
// access code on a device.
type AccessMethodObject struct {
	AccessMethodID string
	ObjectType     string
	ObjectID       string
	AcsSystemID    *string
	DeviceID       *string
}

const accessMethodSelect = `SELECT m.access_method_id, m.workspace_id, m.access_grant_id, m.mode, m.display_name, m.code,
	m.is_issued, m.issued_at, m.is_encoding_required, m.issue_delayed_at, m.issue_failed_at, m.created_at
	FROM access_methods m`

func scanAccessMethod(r rowScanner) (AccessMethod, error) {
	var m AccessMethod
	var code sql.NullString
	var issued, delayed, failed sql.NullInt64
	var created int64
	err := r.Scan(&m.AccessMethodID, &m.WorkspaceID, &m.AccessGrantID, &m.Mode, &m.DisplayName, &code, &m.IsIssued,
		&issued, &m.IsEncodingRequired, &delayed, &failed, &created)
	m.Code, m.IssuedAt, m.CreatedAt = nullString(code), nullTime(issued), fromMS(created)
	m.IssueDelayedAt, m.IssueFailedAt = nullTime(delayed), nullTime(failed)
	return m, err
}

// InsertAccessMethod stores an access method of a live grant of the
// workspace; otherwise nothing is written and it returns ErrNotFound.
func (tx *Tx) InsertAccessMethod(ctx context.Context, workspaceID string, m AccessMethod) error {
	return execOne(ctx, tx, `INSERT INTO access_methods (access_method_id, workspace_id, access_grant_id, mode,
		display_name, code, is_issued, issued_at, is_encoding_required, created_at)
		SELECT $1, $2, $3, $4, $5, $6, CAST($7 AS BOOLEAN), CAST($8 AS BIGINT), CAST($9 AS BOOLEAN), CAST($10 AS BIGINT)
		WHERE EXISTS (SELECT 1 FROM access_grants g WHERE g.workspace_id = $2 AND g.access_grant_id = $3
			AND g.deleted_at IS NULL)`,
		m.AccessMethodID, workspaceID, m.AccessGrantID, m.Mode, m.DisplayName, m.Code, m.IsIssued, msPtr(m.IssuedAt),
		m.IsEncodingRequired, ms(m.CreatedAt))
}

// AccessMethod loads a live access method of the workspace.
func (tx *Tx) AccessMethod(ctx context.Context, workspaceID, accessMethodID string) (AccessMethod, error) {
	m, err := scanAccessMethod(tx.q.QueryRowContext(ctx, accessMethodSelect+`
		WHERE m.workspace_id = $1 AND m.access_method_id = $2 AND m.deleted_at IS NULL`, workspaceID, accessMethodID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	return m, err
}

// AccessMethodFilter narrows ListAccessMethods. Empty fields do not
// filter; nil slices do not filter, empty ones match nothing.
type AccessMethodFilter struct {
	AccessMethodIDs []string
	AccessGrantIDs  []string
	// DeviceID, AcsSystemID and AccessCodeID keep the methods resolved
	// into an object on the device or the system, or into the code.
	DeviceID     string
	AcsSystemID  string
	AccessCodeID string
}

// ListAccessMethods lists live access methods of the workspace, oldest
// first, one page.
func (tx *Tx) ListAccessMethods(ctx context.Context, workspaceID string, f AccessMethodFilter, r page.Request) ([]AccessMethod, error) {
	w := &where{}
	w.add("m.workspace_id = ?", workspaceID)
	w.add("m.deleted_at IS NULL")
	if f.AccessMethodIDs != nil {
		w.in("m.access_method_id", f.AccessMethodIDs)
	}
	if f.AccessGrantIDs != nil {
		w.in("m.access_grant_id", f.AccessGrantIDs)
	}
	if f.DeviceID != "" {
		w.add(`m.access_method_id IN (SELECT o.access_method_id FROM access_method_objects o
			WHERE o.workspace_id = ? AND o.device_id = ?)`, workspaceID, f.DeviceID)
	}
	if f.AcsSystemID != "" {
		w.add(`m.access_method_id IN (SELECT o.access_method_id FROM access_method_objects o
			WHERE o.workspace_id = ? AND o.acs_system_id = ?)`, workspaceID, f.AcsSystemID)
	}
	if f.AccessCodeID != "" {
		w.add(`m.access_method_id IN (SELECT o.access_method_id FROM access_method_objects o
			WHERE o.workspace_id = ? AND o.object_type = 'access_code' AND o.object_id = ?)`, workspaceID, f.AccessCodeID)
	}
	w.after(r, "m.created_at", "m.access_method_id")
	q := accessMethodSelect + w.sql() + " ORDER BY m.created_at, m.access_method_id" + w.limit(r.Fetch())
	return queryList(ctx, tx, scanAccessMethod, q, w.args...)
}

// UpdateAccessMethod writes a live method's code, issue state (with when
// issuing it was delayed or failed) and whether it awaits encoding.
func (tx *Tx) UpdateAccessMethod(ctx context.Context, workspaceID string, m AccessMethod) error {
	return execOne(ctx, tx, `UPDATE access_methods SET code = $3, is_issued = CAST($4 AS BOOLEAN),
		issued_at = CAST($5 AS BIGINT), is_encoding_required = CAST($6 AS BOOLEAN),
		issue_delayed_at = CAST($7 AS BIGINT), issue_failed_at = CAST($8 AS BIGINT)
		WHERE workspace_id = $1 AND access_method_id = $2 AND deleted_at IS NULL`,
		workspaceID, m.AccessMethodID, m.Code, m.IsIssued, msPtr(m.IssuedAt), m.IsEncodingRequired,
		msPtr(m.IssueDelayedAt), msPtr(m.IssueFailedAt))
}

// DeleteAccessMethod marks a live method of the workspace deleted. Of
// concurrent deletes one wins; the others get ErrNotFound.
func (tx *Tx) DeleteAccessMethod(ctx context.Context, workspaceID, accessMethodID string) error {
	return execOne(ctx, tx, `UPDATE access_methods SET deleted_at = CAST($3 AS BIGINT)
		WHERE workspace_id = $1 AND access_method_id = $2 AND deleted_at IS NULL`, workspaceID, accessMethodID, ms(tx.now))
}

// AddAccessMethodObject records an object a live method of the workspace
// was resolved into; otherwise nothing is written and it returns
// ErrNotFound.
func (tx *Tx) AddAccessMethodObject(ctx context.Context, workspaceID string, o AccessMethodObject) error {
	return execOne(ctx, tx, `INSERT INTO access_method_objects (workspace_id, access_method_id, object_type, object_id,
		acs_system_id, device_id)
		SELECT $1, $2, $3, $4, $5, $6
		WHERE EXISTS (SELECT 1 FROM access_methods m WHERE m.workspace_id = $1 AND m.access_method_id = $2
			AND m.deleted_at IS NULL)
		ON CONFLICT DO NOTHING`, workspaceID, o.AccessMethodID, o.ObjectType, o.ObjectID, o.AcsSystemID, o.DeviceID)
}

// AccessMethodObjects returns the objects the listed methods of the
// workspace were resolved into, by method, in a stable order.
func (tx *Tx) AccessMethodObjects(ctx context.Context, workspaceID string, accessMethodIDs []string) (map[string][]AccessMethodObject, error) {
	out := map[string][]AccessMethodObject{}
	if len(accessMethodIDs) == 0 {
		return out, nil
	}
	w := &where{}
	w.add("workspace_id = ?", workspaceID)
	w.in("access_method_id", accessMethodIDs)
	rows, err := queryList(ctx, tx, scanAccessMethodObject, `SELECT access_method_id, object_type, object_id,
		acs_system_id, device_id FROM access_method_objects`+w.sql()+` ORDER BY access_method_id, object_type, object_id`,
		w.args...)
	for _, o := range rows {
		out[o.AccessMethodID] = append(out[o.AccessMethodID], o)
	}
	return out, err
}

func scanAccessMethodObject(r rowScanner) (AccessMethodObject, error) {
	var o AccessMethodObject
	var sys, dev sql.NullString
	err := r.Scan(&o.AccessMethodID, &o.ObjectType, &o.ObjectID, &sys, &dev)
	o.AcsSystemID, o.DeviceID = nullString(sys), nullString(dev)
	return o, err
}

// AccessMethodsOfObject returns the live methods of the workspace that
// were resolved into an object.
func (tx *Tx) AccessMethodsOfObject(ctx context.Context, workspaceID, objectType, objectID string) ([]AccessMethod, error) {
	return queryList(ctx, tx, scanAccessMethod, accessMethodSelect+`
		WHERE m.workspace_id = $1 AND m.deleted_at IS NULL AND m.access_method_id IN (SELECT o.access_method_id
			FROM access_method_objects o WHERE o.workspace_id = $1 AND o.object_type = $2 AND o.object_id = $3)
		ORDER BY m.created_at, m.access_method_id`, workspaceID, objectType, objectID)
}

// RemoveAccessMethodObject forgets an object a method of the workspace was
// resolved into (it was replaced); ErrNotFound if the method had no such
// object.
func (tx *Tx) RemoveAccessMethodObject(ctx context.Context, workspaceID, accessMethodID, objectType, objectID string) error {
	return execOne(ctx, tx, `DELETE FROM access_method_objects WHERE workspace_id = $1 AND access_method_id = $2
		AND object_type = $3 AND object_id = $4`, workspaceID, accessMethodID, objectType, objectID)
}
