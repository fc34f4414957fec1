package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// Space is a group of entrances and devices (a room, a unit, a floor).
// CustomerData is a JSON object kept as it is.
type Space struct {
	SpaceID       string
	WorkspaceID   string
	SpaceKey      *string
	Name          string
	ParentSpaceID *string
	CustomerKey   *string
	CustomerData  string
	CreatedAt     time.Time

	// Read-only: the parent's key and what the space holds.
	ParentSpaceKey   *string
	DeviceCount      int
	AcsEntranceCount int
}

const spaceSelect = `SELECT sp.space_id, sp.workspace_id, sp.space_key, sp.name, sp.parent_space_id, sp.customer_key,
	sp.customer_data, sp.created_at, parent.space_key,
	(SELECT COUNT(*) FROM space_devices d WHERE d.space_id = sp.space_id),
	(SELECT COUNT(*) FROM space_acs_entrances e WHERE e.space_id = sp.space_id)
	FROM spaces sp LEFT JOIN spaces parent ON parent.space_id = sp.parent_space_id`

func scanSpace(r rowScanner) (Space, error) {
	var s Space
	var key, parent, customer, parentKey sql.NullString
	var created int64
	err := r.Scan(&s.SpaceID, &s.WorkspaceID, &key, &s.Name, &parent, &customer, &s.CustomerData, &created, &parentKey,
		&s.DeviceCount, &s.AcsEntranceCount)
	s.SpaceKey, s.ParentSpaceID, s.CustomerKey, s.ParentSpaceKey = nullString(key), nullString(parent), nullString(customer), nullString(parentKey)
	s.CreatedAt = fromMS(created)
	return s, err
}

// InsertSpace stores a space of the workspace. Its parent, if any, must be
// of the workspace; otherwise nothing is written and it returns
// ErrNotFound. A key another space of the workspace holds is ErrConflict
// (check with SpaceByKey first: on PostgreSQL the failed statement ends the
// transaction).
func (tx *Tx) InsertSpace(ctx context.Context, workspaceID string, s Space) error {
	if s.CustomerData == "" {
		s.CustomerData = "{}"
	}
	return execOne(ctx, tx, `INSERT INTO spaces (space_id, workspace_id, space_key, name, parent_space_id,
		customer_key, customer_data, created_at)
		SELECT $1, $2, $3, $4, $5, $6, $7, CAST($8 AS BIGINT)
		WHERE CAST($5 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM spaces p WHERE p.workspace_id = $2 AND p.space_id = $5)`,
		s.SpaceID, workspaceID, s.SpaceKey, s.Name, s.ParentSpaceID, s.CustomerKey, s.CustomerData, ms(s.CreatedAt))
}

// Space loads a space of the workspace.
func (tx *Tx) Space(ctx context.Context, workspaceID, spaceID string) (Space, error) {
	return tx.oneSpace(ctx, `sp.workspace_id = $1 AND sp.space_id = $2`, workspaceID, spaceID)
}

// SpaceByKey loads the space of the workspace that has a key.
func (tx *Tx) SpaceByKey(ctx context.Context, workspaceID, spaceKey string) (Space, error) {
	return tx.oneSpace(ctx, `sp.workspace_id = $1 AND sp.space_key = $2`, workspaceID, spaceKey)
}

func (tx *Tx) oneSpace(ctx context.Context, cond string, args ...any) (Space, error) {
	s, err := scanSpace(tx.q.QueryRowContext(ctx, spaceSelect+" WHERE "+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	return s, err
}

// SpaceFilter narrows the space lists. Empty fields do not filter; nil
// slices do not filter, empty ones match nothing.
type SpaceFilter struct {
	SpaceIDs      []string
	SpaceKeys     []string
	SpaceKey      string
	CustomerKey   string
	ParentSpaceID string
	// ConnectedAccountID keeps the spaces the account was added to.
	ConnectedAccountID string
	// Search matches part of the name or of the key.
	Search string
}

// ListSpaces lists spaces of the workspace, oldest first, one page.
func (tx *Tx) ListSpaces(ctx context.Context, workspaceID string, f SpaceFilter, r page.Request) ([]Space, error) {
	w := spaceWhere(workspaceID, f)
	w.after(r, "sp.created_at", "sp.space_id")
	q := spaceSelect + w.sql() + " ORDER BY sp.created_at, sp.space_id" + w.limit(r.Fetch())
	return queryList(ctx, tx, scanSpace, q, w.args...)
}

func spaceWhere(workspaceID string, f SpaceFilter) *where {
	w := &where{}
	w.add("sp.workspace_id = ?", workspaceID)
	if f.SpaceIDs != nil {
		w.in("sp.space_id", f.SpaceIDs)
	}
	if f.SpaceKeys != nil {
		w.in("sp.space_key", f.SpaceKeys)
	}
	if f.SpaceKey != "" {
		w.add("sp.space_key = ?", f.SpaceKey)
	}
	if f.CustomerKey != "" {
		w.add("sp.customer_key = ?", f.CustomerKey)
	}
	if f.ParentSpaceID != "" {
		w.add("sp.parent_space_id = ?", f.ParentSpaceID)
	}
	if f.ConnectedAccountID != "" {
		w.add(`sp.space_id IN (SELECT a.space_id FROM space_connected_accounts a
			WHERE a.workspace_id = ? AND a.connected_account_id = ?)`, workspaceID, f.ConnectedAccountID)
	}
	if f.Search != "" {
		like := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		w.add(`(LOWER(sp.name) LIKE ? ESCAPE '\' OR LOWER(COALESCE(sp.space_key, '')) LIKE ? ESCAPE '\')`, like, like)
	}
	return w
}

// UpdateSpace writes a space's name, key, parent and customer data. The
// parent must be of the workspace; a space of another workspace, or a
// parent that is not of this one, is ErrNotFound and nothing changes.
func (tx *Tx) UpdateSpace(ctx context.Context, workspaceID string, s Space) error {
	return execOne(ctx, tx, `UPDATE spaces SET name = $3, space_key = $4, parent_space_id = $5, customer_data = $6
		WHERE workspace_id = $1 AND space_id = $2
		AND (CAST($5 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM spaces p WHERE p.workspace_id = $1 AND p.space_id = $5))`,
		workspaceID, s.SpaceID, s.Name, s.SpaceKey, s.ParentSpaceID, s.CustomerData)
}

// DeleteSpace deletes a space of the workspace and its links to devices,
// entrances and accounts; its children lose their parent.
func (tx *Tx) DeleteSpace(ctx context.Context, workspaceID, spaceID string) error {
	for _, table := range []string{"space_devices", "space_acs_entrances", "space_connected_accounts"} {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM `+table+` WHERE workspace_id = $1 AND space_id = $2`,
			workspaceID, spaceID); err != nil {
			return err
		}
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE spaces SET parent_space_id = NULL WHERE workspace_id = $1 AND parent_space_id = $2`,
		workspaceID, spaceID); err != nil {
		return err
	}
	return execOne(ctx, tx, `DELETE FROM spaces WHERE workspace_id = $1 AND space_id = $2`, workspaceID, spaceID)
}

// SpaceMember is a kind of object a space holds.
type SpaceMember int

// The kinds of objects a space holds.
const (
	SpaceDevice SpaceMember = iota
	SpaceAcsEntrance
	SpaceConnectedAccount
)

// spaceMemberTables are, per kind, the link table, its id column and the
// table of the objects.
var spaceMemberTables = map[SpaceMember]struct{ link, column, objects string }{
	SpaceDevice:           {"space_devices", "device_id", "devices"},
	SpaceAcsEntrance:      {"space_acs_entrances", "acs_entrance_id", "acs_entrances"},
	SpaceConnectedAccount: {"space_connected_accounts", "connected_account_id", "connected_accounts"},
}

func spaceMemberTable(kind SpaceMember) (link, column, objects string) {
	t, ok := spaceMemberTables[kind]
	if !ok {
		panic(fmt.Sprintf("store: unknown space member kind %d", kind)) // a programming error
	}
	return t.link, t.column, t.objects
}

// AddToSpace puts objects of a kind in a space of the workspace. Only
// objects of the workspace are added, to a space of the workspace; one
// already in the space is left as it is. It returns how many were added.
func (tx *Tx) AddToSpace(ctx context.Context, workspaceID, spaceID string, kind SpaceMember, ids []string) (int, error) {
	link, column, objects := spaceMemberTable(kind)
	added := 0
	for _, id := range ids {
		res, err := tx.q.ExecContext(ctx, `INSERT INTO `+link+` (workspace_id, space_id, `+column+`, created_at)
			SELECT sp.workspace_id, sp.space_id, o.`+column+`, CAST($4 AS BIGINT) FROM spaces sp
			JOIN `+objects+` o ON o.workspace_id = sp.workspace_id AND o.`+column+` = $3
			WHERE sp.workspace_id = $1 AND sp.space_id = $2
			ON CONFLICT DO NOTHING`, workspaceID, spaceID, id, ms(tx.now))
		if err != nil {
			return added, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return added, err
		}
		added += int(n)
	}
	return added, nil
}

// RemoveFromSpace takes objects of a kind out of a space of the workspace
// and returns how many were in it.
func (tx *Tx) RemoveFromSpace(ctx context.Context, workspaceID, spaceID string, kind SpaceMember, ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	link, column, _ := spaceMemberTable(kind)
	w := &where{}
	w.add("workspace_id = ?", workspaceID)
	w.add("space_id = ?", spaceID)
	w.in(column, ids)
	res, err := tx.q.ExecContext(ctx, `DELETE FROM `+link+w.sql(), w.args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// SpaceMembers returns the ids of the objects of a kind in the listed
// spaces of the workspace, by space, each list sorted.
func (tx *Tx) SpaceMembers(ctx context.Context, workspaceID string, spaceIDs []string, kind SpaceMember) (map[string][]string, error) {
	out := map[string][]string{}
	if len(spaceIDs) == 0 {
		return out, nil
	}
	link, column, _ := spaceMemberTable(kind)
	w := &where{}
	w.add("workspace_id = ?", workspaceID)
	w.in("space_id", spaceIDs)
	pairs, err := queryList(ctx, tx, func(r rowScanner) ([2]string, error) {
		var p [2]string
		err := r.Scan(&p[0], &p[1])
		return p, err
	}, `SELECT space_id, `+column+` FROM `+link+w.sql()+` ORDER BY space_id, `+column, w.args...)
	for _, p := range pairs {
		out[p[0]] = append(out[p[0]], p[1])
	}
	return out, err
}

// SpacesOf returns the spaces of the workspace that hold each of the
// listed objects of a kind, by object, each list sorted.
func (tx *Tx) SpacesOf(ctx context.Context, workspaceID string, kind SpaceMember, ids []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	link, column, _ := spaceMemberTable(kind)
	w := &where{}
	w.add("workspace_id = ?", workspaceID)
	w.in(column, ids)
	pairs, err := queryList(ctx, tx, func(r rowScanner) ([2]string, error) {
		var p [2]string
		err := r.Scan(&p[0], &p[1])
		return p, err
	}, `SELECT `+column+`, space_id FROM `+link+w.sql()+` ORDER BY `+column+`, space_id`, w.args...)
	for _, p := range pairs {
		out[p[0]] = append(out[p[0]], p[1])
	}
	return out, err
}
