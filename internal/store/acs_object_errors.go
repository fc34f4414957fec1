package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"time"
)

// ObjectError is one error an ACS user or credential carries. Their errors
// column holds a JSON array of these; the methods below add and remove one
// error code at a time, so that the background work that sets them (a
// mutation the access system refused, a user deleted outside lintel) never
// sets one twice. The acs package presents them as ObjectError.
type ObjectError struct {
	CreatedAt time.Time `json:"created_at"`
	Message   string    `json:"message"`
	ErrorCode string    `json:"error_code"`
}

// ObjectErrors decodes the errors column of an ACS user or credential.
func ObjectErrors(doc string) []ObjectError {
	var out []ObjectError
	_ = json.Unmarshal([]byte(doc), &out)
	return out
}

// AddAcsUserError adds an error to a live user unless it already carries
// one with the same code, and reports whether it added it.
func (tx *Tx) AddAcsUserError(ctx context.Context, workspaceID, acsUserID string, e ObjectError) (bool, error) {
	return tx.editObjectErrors(ctx, "acs_users", "acs_user_id", "deleted_at", workspaceID, acsUserID, func(list []ObjectError) ([]ObjectError, bool) {
		if hasErrorCode(list, e.ErrorCode) {
			return list, false
		}
		return append(list, e), true
	})
}

// RemoveAcsUserError removes the errors of one code from a live user.
func (tx *Tx) RemoveAcsUserError(ctx context.Context, workspaceID, acsUserID, code string) error {
	_, err := tx.editObjectErrors(ctx, "acs_users", "acs_user_id", "deleted_at", workspaceID, acsUserID, func(list []ObjectError) ([]ObjectError, bool) {
		out := slices.DeleteFunc(list, func(e ObjectError) bool { return e.ErrorCode == code })
		return out, len(out) != len(list)
	})
	return err
}

// AddAcsCredentialError adds an error to a live credential unless it
// already carries one with the same code, and reports whether it added it.
func (tx *Tx) AddAcsCredentialError(ctx context.Context, workspaceID, acsCredentialID string, e ObjectError) (bool, error) {
	return tx.editObjectErrors(ctx, "acs_credentials", "acs_credential_id", "invalidated_at", workspaceID, acsCredentialID, func(list []ObjectError) ([]ObjectError, bool) {
		if hasErrorCode(list, e.ErrorCode) {
			return list, false
		}
		return append(list, e), true
	})
}

func hasErrorCode(list []ObjectError, code string) bool {
	return slices.ContainsFunc(list, func(e ObjectError) bool { return e.ErrorCode == code })
}

// editObjectErrors rewrites the errors of one live row. table, idCol and
// goneCol are constants of this file, never input. On PostgreSQL the row is
// locked while it is read, so that concurrent edits do not lose each other.
func (tx *Tx) editObjectErrors(ctx context.Context, table, idCol, goneCol, workspaceID, id string, edit func([]ObjectError) ([]ObjectError, bool)) (bool, error) {
	q := `SELECT errors FROM ` + table + ` WHERE workspace_id = $1 AND ` + idCol + ` = $2 AND ` + goneCol + ` IS NULL`
	if tx.dialect == Postgres {
		q += " FOR UPDATE"
	}
	var doc string
	err := tx.q.QueryRowContext(ctx, q, workspaceID, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return false, ErrNotFound
	}
	if err != nil {
		return false, err
	}
	var list []ObjectError
	if err := json.Unmarshal([]byte(doc), &list); err != nil {
		return false, err
	}
	list, changed := edit(list)
	if !changed {
		return false, nil
	}
	if list == nil {
		list = []ObjectError{}
	}
	b, err := json.Marshal(list)
	if err != nil {
		return false, err
	}
	return true, execOne(ctx, tx, `UPDATE `+table+` SET errors = $1 WHERE workspace_id = $2 AND `+idCol+` = $3`,
		string(b), workspaceID, id)
}
