package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// UnmanagedAccessGrant is access on the hardware that lintel did not give:
// the unmanaged access codes found on locks with one PIN and one time frame
// (GroupKey). It has no user identity. StartsAt is the codes' starts_at, or
// when the first was found; EndsAt their ends_at, nil for ongoing codes.
type UnmanagedAccessGrant struct {
	AccessGrantID string
	WorkspaceID   string
	GroupKey      string
	Name          *string
	StartsAt      time.Time
	EndsAt        *time.Time
	CreatedAt     time.Time
}

// UnmanagedAccessMethod is one unmanaged access code of an unmanaged grant,
// seen as an access method of mode code. IssuedAt is when the code was
// found on its lock.
type UnmanagedAccessMethod struct {
	AccessMethodID string
	WorkspaceID    string
	AccessGrantID  string
	AccessCodeID   string
	DeviceID       string
	Code           string
	IssuedAt       time.Time
	CreatedAt      time.Time
}

const unmanagedGrantSelect = `SELECT g.access_grant_id, g.workspace_id, g.group_key, g.name, g.starts_at, g.ends_at,
	g.created_at FROM unmanaged_access_grants g`

func scanUnmanagedGrant(r rowScanner) (UnmanagedAccessGrant, error) {
	var g UnmanagedAccessGrant
	var name sql.NullString
	var starts, created int64
	var ends sql.NullInt64
	err := r.Scan(&g.AccessGrantID, &g.WorkspaceID, &g.GroupKey, &name, &starts, &ends, &created)
	g.Name, g.StartsAt, g.EndsAt, g.CreatedAt = nullString(name), fromMS(starts), nullTime(ends), fromMS(created)
	return g, err
}

const unmanagedMethodSelect = `SELECT m.access_method_id, m.workspace_id, m.access_grant_id, m.access_code_id,
	m.device_id, m.code, m.issued_at, m.created_at FROM unmanaged_access_methods m`

func scanUnmanagedMethod(r rowScanner) (UnmanagedAccessMethod, error) {
	var m UnmanagedAccessMethod
	var issued, created int64
	err := r.Scan(&m.AccessMethodID, &m.WorkspaceID, &m.AccessGrantID, &m.AccessCodeID, &m.DeviceID, &m.Code, &issued, &created)
	m.IssuedAt, m.CreatedAt = fromMS(issued), fromMS(created)
	return m, err
}

// InsertUnmanagedAccessGrant stores an unmanaged grant of the workspace.
// When another grant of the workspace holds its group key (one committed
// meanwhile, on PostgreSQL), nothing is written and it returns
// ErrNotFound: read that grant with ListUnmanagedAccessGrants.
func (tx *Tx) InsertUnmanagedAccessGrant(ctx context.Context, workspaceID string, g UnmanagedAccessGrant) error {
	return execOne(ctx, tx, `INSERT INTO unmanaged_access_grants (workspace_id, access_grant_id, group_key, name,
		starts_at, ends_at, created_at) VALUES ($1, $2, $3, $4, CAST($5 AS BIGINT), CAST($6 AS BIGINT), CAST($7 AS BIGINT))
		ON CONFLICT (workspace_id, group_key) DO NOTHING`,
		workspaceID, g.AccessGrantID, g.GroupKey, g.Name, ms(g.StartsAt), msPtr(g.EndsAt), ms(g.CreatedAt))
}

// UnmanagedAccessGrant loads an unmanaged grant of the workspace.
func (tx *Tx) UnmanagedAccessGrant(ctx context.Context, workspaceID, accessGrantID string) (UnmanagedAccessGrant, error) {
	g, err := scanUnmanagedGrant(tx.q.QueryRowContext(ctx, unmanagedGrantSelect+`
		WHERE g.workspace_id = $1 AND g.access_grant_id = $2`, workspaceID, accessGrantID))
	if errors.Is(err, sql.ErrNoRows) {
		return g, ErrNotFound
	}
	return g, err
}

// UnmanagedAccessGrantFilter narrows ListUnmanagedAccessGrants. Empty
// fields do not filter; a nil slice does not filter, an empty one matches
// nothing.
type UnmanagedAccessGrantFilter struct {
	AccessGrantIDs []string
	GroupKey       string
}

// ListUnmanagedAccessGrants lists unmanaged grants of the workspace,
// oldest first, one page.
func (tx *Tx) ListUnmanagedAccessGrants(ctx context.Context, workspaceID string, f UnmanagedAccessGrantFilter, r page.Request) ([]UnmanagedAccessGrant, error) {
	w := &where{}
	w.add("g.workspace_id = ?", workspaceID)
	if f.AccessGrantIDs != nil {
		w.in("g.access_grant_id", f.AccessGrantIDs)
	}
	if f.GroupKey != "" {
		w.add("g.group_key = ?", f.GroupKey)
	}
	w.after(r, "g.created_at", "g.access_grant_id")
	q := unmanagedGrantSelect + w.sql() + " ORDER BY g.created_at, g.access_grant_id" + w.limit(r.Fetch())
	return queryList(ctx, tx, scanUnmanagedGrant, q, w.args...)
}

// DeleteUnmanagedAccessGrant deletes an unmanaged grant of the workspace
// and its methods; ErrNotFound if there is none.
func (tx *Tx) DeleteUnmanagedAccessGrant(ctx context.Context, workspaceID, accessGrantID string) error {
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM unmanaged_access_methods WHERE workspace_id = $1 AND access_grant_id = $2`,
		workspaceID, accessGrantID); err != nil {
		return err
	}
	return execOne(ctx, tx, `DELETE FROM unmanaged_access_grants WHERE workspace_id = $1 AND access_grant_id = $2`,
		workspaceID, accessGrantID)
}

// InsertUnmanagedAccessMethod stores an unmanaged method of an unmanaged
// grant of the workspace, for an access code of the workspace; otherwise
// nothing is written and it returns ErrNotFound.
func (tx *Tx) InsertUnmanagedAccessMethod(ctx context.Context, workspaceID string, m UnmanagedAccessMethod) error {
	return execOne(ctx, tx, `INSERT INTO unmanaged_access_methods (workspace_id, access_method_id, access_grant_id,
		access_code_id, device_id, code, issued_at, created_at)
		SELECT $1, $2, $3, $4, $5, $6, CAST($7 AS BIGINT), CAST($8 AS BIGINT)
		WHERE `+inWorkspace("unmanaged_access_grants", "access_grant_id", "$1", "$3")+`
			AND `+inWorkspace("access_codes", "access_code_id", "$1", "$4"),
		workspaceID, m.AccessMethodID, m.AccessGrantID, m.AccessCodeID, m.DeviceID, m.Code, ms(m.IssuedAt), ms(m.CreatedAt))
}

// UnmanagedAccessMethod loads an unmanaged method of the workspace.
func (tx *Tx) UnmanagedAccessMethod(ctx context.Context, workspaceID, accessMethodID string) (UnmanagedAccessMethod, error) {
	m, err := scanUnmanagedMethod(tx.q.QueryRowContext(ctx, unmanagedMethodSelect+`
		WHERE m.workspace_id = $1 AND m.access_method_id = $2`, workspaceID, accessMethodID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	return m, err
}

// UnmanagedAccessMethodFilter narrows ListUnmanagedAccessMethods. Empty
// fields do not filter; a nil slice does not filter, an empty one matches
// nothing.
type UnmanagedAccessMethodFilter struct {
	AccessGrantIDs []string
	AccessCodeID   string
	DeviceIDs      []string
}

// ListUnmanagedAccessMethods lists every unmanaged method of the workspace
// that the filter keeps, oldest first: the methods of a grant are as many
// as the codes found with its PIN, which a page would not bound better.
func (tx *Tx) ListUnmanagedAccessMethods(ctx context.Context, workspaceID string, f UnmanagedAccessMethodFilter) ([]UnmanagedAccessMethod, error) {
	w := &where{}
	w.add("m.workspace_id = ?", workspaceID)
	if f.AccessGrantIDs != nil {
		w.in("m.access_grant_id", f.AccessGrantIDs)
	}
	if f.AccessCodeID != "" {
		w.add("m.access_code_id = ?", f.AccessCodeID)
	}
	if f.DeviceIDs != nil {
		w.in("m.device_id", f.DeviceIDs)
	}
	return queryList(ctx, tx, scanUnmanagedMethod, unmanagedMethodSelect+w.sql()+
		" ORDER BY m.created_at, m.access_method_id", w.args...)
}

// DeleteUnmanagedAccessMethod deletes an unmanaged method of the workspace;
// ErrNotFound if there is none.
func (tx *Tx) DeleteUnmanagedAccessMethod(ctx context.Context, workspaceID, accessMethodID string) error {
	return execOne(ctx, tx, `DELETE FROM unmanaged_access_methods WHERE workspace_id = $1 AND access_method_id = $2`,
		workspaceID, accessMethodID)
}
