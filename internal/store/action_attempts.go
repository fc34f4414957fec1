package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// ActionAttempt is an action attempt as stored. Result and Error are JSON
// documents: Result is set once the attempt succeeded, Error once it
// failed, neither while it is pending.
type ActionAttempt struct {
	ActionAttemptID string
	WorkspaceID     string
	ActionType      string
	Status          string
	Result          *string
	Error           *string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// DeviceID is the device the attempt acts on, if any.
	DeviceID *string
}

const actionAttemptColumns = `action_attempt_id, workspace_id, action_type, status, result, error, created_at, updated_at,
	device_id`

func scanActionAttempt(r rowScanner) (ActionAttempt, error) {
	var a ActionAttempt
	var result, failure, device sql.NullString
	var created, updated int64
	err := r.Scan(&a.ActionAttemptID, &a.WorkspaceID, &a.ActionType, &a.Status, &result, &failure, &created, &updated,
		&device)
	a.Result, a.Error, a.DeviceID = nullString(result), nullString(failure), nullString(device)
	a.CreatedAt, a.UpdatedAt = fromMS(created), fromMS(updated)
	return a, err
}

// InsertActionAttempt stores an action attempt of the workspace.
func (tx *Tx) InsertActionAttempt(ctx context.Context, workspaceID string, a ActionAttempt) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO action_attempts (`+actionAttemptColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		a.ActionAttemptID, workspaceID, a.ActionType, a.Status, a.Result, a.Error, ms(a.CreatedAt), ms(a.UpdatedAt),
		a.DeviceID)
	return err
}

// ActionAttempt loads an action attempt of the workspace.
func (tx *Tx) ActionAttempt(ctx context.Context, workspaceID, actionAttemptID string) (ActionAttempt, error) {
	a, err := scanActionAttempt(tx.q.QueryRowContext(ctx, `SELECT `+actionAttemptColumns+` FROM action_attempts
		WHERE workspace_id = $1 AND action_attempt_id = $2`, workspaceID, actionAttemptID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	return a, err
}

// ActionAttemptFilter narrows ListActionAttempts. A nil IDs does not
// filter, an empty one matches nothing; an empty DeviceID does not filter.
type ActionAttemptFilter struct {
	IDs      []string
	DeviceID string
}

// ListActionAttempts lists action attempts of the workspace, oldest first,
// one page.
func (tx *Tx) ListActionAttempts(ctx context.Context, workspaceID string, f ActionAttemptFilter, r page.Request) ([]ActionAttempt, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	if f.IDs != nil {
		w.in("action_attempt_id", f.IDs)
	}
	if f.DeviceID != "" {
		w.add("device_id = ?", f.DeviceID)
	}
	w.after(r, "created_at", "action_attempt_id")
	q := `SELECT ` + actionAttemptColumns + ` FROM action_attempts` + w.sql() +
		" ORDER BY created_at, action_attempt_id" + w.limit(r.Fetch())
	return queryList(ctx, tx, scanActionAttempt, q, w.args...)
}

// PendingActionAttemptsOfDevice lists the ids of the workspace's action
// attempts on a device that have not ended, oldest first: the device's
// removal ends them.
func (tx *Tx) PendingActionAttemptsOfDevice(ctx context.Context, workspaceID, deviceID string) ([]string, error) {
	return queryList(ctx, tx, func(r rowScanner) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT action_attempt_id FROM action_attempts WHERE workspace_id = $1 AND device_id = $2 AND status = 'pending'
		ORDER BY created_at, action_attempt_id`, workspaceID, deviceID)
}

// FinishActionAttempt ends a pending action attempt of the workspace with
// status success (and its result) or error (and its error). An attempt
// that is not pending, or not of the workspace, is ErrNotFound and stays
// as it is: an attempt ends once. It returns the attempt's action type.
func (tx *Tx) FinishActionAttempt(ctx context.Context, workspaceID, actionAttemptID, status string, result, failure *string) (actionType string, err error) {
	err = tx.q.QueryRowContext(ctx, `UPDATE action_attempts SET status = $1, result = $2, error = $3, updated_at = $4
		WHERE workspace_id = $5 AND action_attempt_id = $6 AND status = 'pending' RETURNING action_type`,
		status, result, failure, ms(tx.now), workspaceID, actionAttemptID).Scan(&actionType)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return actionType, err
}
