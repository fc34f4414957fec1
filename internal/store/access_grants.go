package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// AccessGrant is who (a user identity) may enter where (its places) and
// when. RequestedAccessMethods, Errors and Warnings are JSON arrays kept as
// they are. A deleted grant keeps its row with DeletedAt set, so that the
// jobs scheduled for it find it gone; the reads here see live grants only.
type AccessGrant struct {
	AccessGrantID          string
	WorkspaceID            string
	AccessGrantKey         *string
	UserIdentityID         string
	Name                   *string
	ReservationKey         *string
	StartsAt               time.Time
	EndsAt                 *time.Time
	RequestedAccessMethods string
	// State is scheduled, active or ended.
	State     string
	Errors    string
	Warnings  string
	CreatedAt time.Time
	// EndJobID is the queue's job (river_job.id) that ends the grant at
	// its ends_at, if any. Only SetAccessGrantEndJob writes it.
	EndJobID *int64
}

// The kinds of places a grant names.
const (
	PlaceSpace       = "space"
	PlaceAcsEntrance = "acs_entrance"
	PlaceDevice      = "device"
)

// AccessGrantPlace is one place a grant names, as it was asked.
type AccessGrantPlace struct {
	Type string
	ID   string
}

const accessGrantSelect = `SELECT g.access_grant_id, g.workspace_id, g.access_grant_key, g.user_identity_id, g.name,
	g.reservation_key, g.starts_at, g.ends_at, g.requested_access_methods, g.state, g.errors, g.warnings, g.created_at,
	g.end_job_id FROM access_grants g`

func scanAccessGrant(r rowScanner) (AccessGrant, error) {
	var g AccessGrant
	var key, name, reservation sql.NullString
	var starts, created int64
	var ends, endJob sql.NullInt64
	err := r.Scan(&g.AccessGrantID, &g.WorkspaceID, &key, &g.UserIdentityID, &name, &reservation, &starts, &ends,
		&g.RequestedAccessMethods, &g.State, &g.Errors, &g.Warnings, &created, &endJob)
	g.EndJobID = nullInt64(endJob)
	g.AccessGrantKey, g.Name, g.ReservationKey = nullString(key), nullString(name), nullString(reservation)
	g.StartsAt, g.EndsAt, g.CreatedAt = fromMS(starts), nullTime(ends), fromMS(created)
	return g, err
}

func orEmptyArray(s string) string {
	if s == "" {
		return "[]"
	}
	return s
}

// InsertAccessGrant stores a grant of the workspace. Its user identity
// must be of the workspace; otherwise nothing is written and it returns
// ErrNotFound. A key a live grant of the workspace holds is refused by the
// database (check with AccessGrantByKey first).
func (tx *Tx) InsertAccessGrant(ctx context.Context, workspaceID string, g AccessGrant) error {
	return execOne(ctx, tx, `INSERT INTO access_grants (access_grant_id, workspace_id, access_grant_key, user_identity_id,
		name, reservation_key, starts_at, ends_at, requested_access_methods, state, errors, warnings, created_at)
		SELECT $1, $2, $3, $4, $5, $6, CAST($7 AS BIGINT), CAST($8 AS BIGINT), $9, $10, $11, $12, CAST($13 AS BIGINT)
		WHERE `+inWorkspace("user_identities", "user_identity_id", "$2", "$4"),
		g.AccessGrantID, workspaceID, g.AccessGrantKey, g.UserIdentityID, g.Name, g.ReservationKey, ms(g.StartsAt),
		msPtr(g.EndsAt), orEmptyArray(g.RequestedAccessMethods), g.State, orEmptyArray(g.Errors),
		orEmptyArray(g.Warnings), ms(g.CreatedAt))
}

// AccessGrant loads a live grant of the workspace.
func (tx *Tx) AccessGrant(ctx context.Context, workspaceID, accessGrantID string) (AccessGrant, error) {
	return tx.oneAccessGrant(ctx, `g.workspace_id = $1 AND g.access_grant_id = $2 AND g.deleted_at IS NULL`,
		workspaceID, accessGrantID)
}

// AccessGrantByKey loads the live grant of the workspace that has a key.
func (tx *Tx) AccessGrantByKey(ctx context.Context, workspaceID, accessGrantKey string) (AccessGrant, error) {
	return tx.oneAccessGrant(ctx, `g.workspace_id = $1 AND g.access_grant_key = $2 AND g.deleted_at IS NULL`,
		workspaceID, accessGrantKey)
}

func (tx *Tx) oneAccessGrant(ctx context.Context, cond string, args ...any) (AccessGrant, error) {
	g, err := scanAccessGrant(tx.q.QueryRowContext(ctx, accessGrantSelect+" WHERE "+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return g, ErrNotFound
	}
	return g, err
}

// AccessGrantFilter narrows ListAccessGrants. Empty fields do not filter;
// nil slices do not filter, empty ones match nothing.
type AccessGrantFilter struct {
	AccessGrantIDs []string
	AccessGrantKey string
	// NoAccessGrantKey keeps the grants without a key.
	NoAccessGrantKey bool
	UserIdentityID   string
	ReservationKey   string
	// SpaceID, AcsEntranceID and DeviceID keep the grants that name the
	// place.
	SpaceID       string
	AcsEntranceID string
	DeviceID      string
	// AcsSystemID and AccessCodeID keep the grants whose live access
	// methods were resolved into objects of the system, or into the code.
	AcsSystemID  string
	AccessCodeID string
	// CustomerKey keeps the grants that name a space of the customer.
	CustomerKey string
}

// ListAccessGrants lists live grants of the workspace, oldest first, one
// page.
func (tx *Tx) ListAccessGrants(ctx context.Context, workspaceID string, f AccessGrantFilter, r page.Request) ([]AccessGrant, error) {
	w := &where{}
	w.add("g.workspace_id = ?", workspaceID)
	w.add("g.deleted_at IS NULL")
	if f.AccessGrantIDs != nil {
		w.in("g.access_grant_id", f.AccessGrantIDs)
	}
	if f.AccessGrantKey != "" {
		w.add("g.access_grant_key = ?", f.AccessGrantKey)
	}
	if f.NoAccessGrantKey {
		w.add("g.access_grant_key IS NULL")
	}
	if f.UserIdentityID != "" {
		w.add("g.user_identity_id = ?", f.UserIdentityID)
	}
	if f.ReservationKey != "" {
		w.add("g.reservation_key = ?", f.ReservationKey)
	}
	for _, p := range []AccessGrantPlace{{PlaceSpace, f.SpaceID}, {PlaceAcsEntrance, f.AcsEntranceID}, {PlaceDevice, f.DeviceID}} {
		if p.ID != "" {
			w.add(`g.access_grant_id IN (SELECT pl.access_grant_id FROM access_grant_places pl
				WHERE pl.workspace_id = ? AND pl.place_type = ? AND pl.place_id = ?)`, workspaceID, p.Type, p.ID)
		}
	}
	if f.AcsSystemID != "" {
		w.add(`g.access_grant_id IN (SELECT m.access_grant_id FROM access_methods m
			JOIN access_method_objects o ON o.access_method_id = m.access_method_id
			WHERE m.workspace_id = ? AND m.deleted_at IS NULL AND o.acs_system_id = ?)`, workspaceID, f.AcsSystemID)
	}
	if f.AccessCodeID != "" {
		w.add(`g.access_grant_id IN (SELECT m.access_grant_id FROM access_methods m
			JOIN access_method_objects o ON o.access_method_id = m.access_method_id
			WHERE m.workspace_id = ? AND m.deleted_at IS NULL AND o.object_type = 'access_code' AND o.object_id = ?)`,
			workspaceID, f.AccessCodeID)
	}
	if f.CustomerKey != "" {
		w.add(`g.access_grant_id IN (SELECT pl.access_grant_id FROM access_grant_places pl
			JOIN spaces sp ON sp.space_id = pl.place_id
			WHERE pl.workspace_id = ? AND pl.place_type = 'space' AND sp.workspace_id = ? AND sp.customer_key = ?)`,
			workspaceID, workspaceID, f.CustomerKey)
	}
	w.after(r, "g.created_at", "g.access_grant_id")
	q := accessGrantSelect + w.sql() + " ORDER BY g.created_at, g.access_grant_id" + w.limit(r.Fetch())
	return queryList(ctx, tx, scanAccessGrant, q, w.args...)
}

// UpdateAccessGrant writes a live grant's key, name, times, requested
// methods, state, errors and warnings.
func (tx *Tx) UpdateAccessGrant(ctx context.Context, workspaceID string, g AccessGrant) error {
	return execOne(ctx, tx, `UPDATE access_grants SET access_grant_key = $3, name = $4, starts_at = CAST($5 AS BIGINT),
		ends_at = CAST($6 AS BIGINT), requested_access_methods = $7, state = $8, errors = $9, warnings = $10
		WHERE workspace_id = $1 AND access_grant_id = $2 AND deleted_at IS NULL`,
		workspaceID, g.AccessGrantID, g.AccessGrantKey, g.Name, ms(g.StartsAt), msPtr(g.EndsAt),
		orEmptyArray(g.RequestedAccessMethods), g.State, orEmptyArray(g.Errors), orEmptyArray(g.Warnings))
}

// SetAccessGrantEndJob writes the id of the job of a live grant's end
// (nil: none).
func (tx *Tx) SetAccessGrantEndJob(ctx context.Context, workspaceID, accessGrantID string, jobID *int64) error {
	return execOne(ctx, tx, `UPDATE access_grants SET end_job_id = CAST($1 AS BIGINT)
		WHERE workspace_id = $2 AND access_grant_id = $3 AND deleted_at IS NULL`, jobID, workspaceID, accessGrantID)
}

// DeleteAccessGrant marks a live grant of the workspace deleted. Of
// concurrent deletes one wins; the others get ErrNotFound.
func (tx *Tx) DeleteAccessGrant(ctx context.Context, workspaceID, accessGrantID string) error {
	return execOne(ctx, tx, `UPDATE access_grants SET deleted_at = CAST($3 AS BIGINT)
		WHERE workspace_id = $1 AND access_grant_id = $2 AND deleted_at IS NULL`, workspaceID, accessGrantID, ms(tx.now))
}

// SetAccessGrantPlaces replaces the places a live grant of the workspace
// names.
func (tx *Tx) SetAccessGrantPlaces(ctx context.Context, workspaceID, accessGrantID string, places []AccessGrantPlace) error {
	if _, err := tx.AccessGrant(ctx, workspaceID, accessGrantID); err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM access_grant_places WHERE workspace_id = $1 AND access_grant_id = $2`,
		workspaceID, accessGrantID); err != nil {
		return err
	}
	for _, p := range places {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO access_grant_places (workspace_id, access_grant_id, place_type, place_id)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, workspaceID, accessGrantID, p.Type, p.ID); err != nil {
			return err
		}
	}
	return nil
}

// AccessGrantPlaces returns the places the listed grants of the workspace
// name, by grant, in a stable order.
func (tx *Tx) AccessGrantPlaces(ctx context.Context, workspaceID string, accessGrantIDs []string) (map[string][]AccessGrantPlace, error) {
	out := map[string][]AccessGrantPlace{}
	if len(accessGrantIDs) == 0 {
		return out, nil
	}
	w := &where{}
	w.add("workspace_id = ?", workspaceID)
	w.in("access_grant_id", accessGrantIDs)
	rows, err := queryList(ctx, tx, func(r rowScanner) ([3]string, error) {
		var v [3]string
		err := r.Scan(&v[0], &v[1], &v[2])
		return v, err
	}, `SELECT access_grant_id, place_type, place_id FROM access_grant_places`+w.sql()+
		` ORDER BY access_grant_id, place_type, place_id`, w.args...)
	for _, v := range rows {
		out[v[0]] = append(out[v[0]], AccessGrantPlace{Type: v[1], ID: v[2]})
	}
	return out, err
}
