// Package space is the spaces domain: groups of entrances and devices (a
// room, a unit, a floor) that access grants name as places. A space holds
// objects of its own workspace only; every id a caller gives is looked up
// in the caller's workspace, so another workspace's id is not found like
// an id that does not exist. Each change records its events in its own
// transaction.
package space

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/device"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Errors of this domain.
var (
	errSpaceNotFound            = lintel.NotFound("space", "Space not found")
	errDeviceNotFound           = lintel.NotFound("device", "Device not found")
	errEntranceNotFound         = lintel.NotFound("acs_entrance", "Entrance not found")
	errConnectedAccountNotFound = lintel.NotFound("connected_account", "Connected account not found")
)

// Service is the spaces domain.
type Service struct {
	store  *store.Store
	events *event.Recorder
	grants Grants
}

// Grants is told, in the transaction of a change to the entrances or
// devices a space holds (or of its deletion), that the space changed, so
// that the live access grants naming it follow (grant.Service).
type Grants interface {
	SpaceChanged(ctx context.Context, tx *store.Tx, workspaceID, spaceID string) error
}

// SetGrants wires what the access grants naming a changed space follow
// with.
func (s *Service) SetGrants(g Grants) { s.grants = g }

// changed tells the grants that a space changed.
func (s *Service) changed(ctx context.Context, tx *store.Tx, workspaceID, spaceID string) error {
	if s.grants == nil {
		return nil
	}
	return s.grants.SpaceChanged(ctx, tx, workspaceID, spaceID)
}

// NewService builds the spaces domain service.
func NewService(st *store.Store, events *event.Recorder) *Service {
	return &Service{store: st, events: events}
}

func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}

func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

// timeOfDay is the form of customer_data's check-in and check-out times.
var timeOfDay = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$`)

// customerData checks customer_data (string or null values; the times of
// day in their form) and returns it as stored.
func customerData(in map[string]any) (string, error) {
	if in == nil {
		return "{}", nil
	}
	var v lintel.InvalidInput
	for k, x := range in {
		switch x := x.(type) {
		case nil:
		case string:
			if (k == "default_checkin_time" || k == "default_checkout_time") && !timeOfDay.MatchString(x) {
				v.Add("customer_data."+k, "Must be a time of day, HH:MM or HH:MM:SS")
			}
		default:
			v.Add("customer_data."+k, "Expected a string or null")
		}
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	b, err := json.Marshal(in)
	return string(b), err
}

func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Create makes a space, with the devices, entrances and connected accounts
// given, and records space.created.
func (s *Service) Create(ctx context.Context, p lintel.Principal, in client.SpacesCreateParams) (client.Space, error) {
	var out client.Space
	data, err := customerData(in.CustomerData)
	if err != nil {
		return out, err
	}
	sp := store.Space{SpaceID: lintel.NewID(), SpaceKey: ptr(in.SpaceKey), Name: in.Name,
		CustomerKey: ptr(in.CustomerKey), CustomerData: data}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := keyFree(ctx, tx, p.WorkspaceID, in.SpaceKey, ""); err != nil {
			return err
		}
		sp.CreatedAt = tx.Now()
		if err := tx.InsertSpace(ctx, p.WorkspaceID, sp); err != nil {
			return err
		}
		members := []struct {
			kind store.SpaceMember
			ids  []string
		}{{store.SpaceDevice, in.DeviceIDs}, {store.SpaceAcsEntrance, in.AcsEntranceIDs},
			{store.SpaceConnectedAccount, in.ConnectedAccountIDs}}
		for _, m := range members {
			if err := add(ctx, tx, p.WorkspaceID, sp.SpaceID, m.kind, m.ids); err != nil {
				return err
			}
		}
		got, err := tx.Space(ctx, p.WorkspaceID, sp.SpaceID)
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, p.WorkspaceID, event.SpaceCreated, got); err != nil {
			return err
		}
		out = Present(got)
		return nil
	})
	return out, err
}

// keyFree refuses a space key another space of the workspace (not except)
// holds.
func keyFree(ctx context.Context, tx *store.Tx, workspaceID, key, except string) error {
	if key == "" {
		return nil
	}
	other, err := tx.SpaceByKey(ctx, workspaceID, key)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil
	case err != nil:
		return err
	case other.SpaceID != except:
		return &lintel.Error{Code: lintel.EConflict, Message: "A space with this space_key already exists",
			Data: map[string]any{"field": "space_key"}}
	}
	return nil
}

// add puts objects of a kind in a space after checking each is of the
// workspace.
func add(ctx context.Context, tx *store.Tx, workspaceID, spaceID string, kind store.SpaceMember, ids []string) error {
	ids = lintel.Distinct(ids)
	if err := mustExist(ctx, tx, workspaceID, kind, ids); err != nil {
		return err
	}
	_, err := tx.AddToSpace(ctx, workspaceID, spaceID, kind, ids)
	return err
}

// mustExist fails with the kind's not-found error unless every id names an
// object of the workspace.
func mustExist(ctx context.Context, tx *store.Tx, workspaceID string, kind store.SpaceMember, ids []string) error {
	for _, id := range ids {
		var err error
		switch kind {
		case store.SpaceDevice:
			_, err = tx.Device(ctx, workspaceID, id)
			err = notFound(err, errDeviceNotFound)
		case store.SpaceAcsEntrance:
			_, err = tx.AcsEntrance(ctx, workspaceID, id)
			err = notFound(err, errEntranceNotFound)
		case store.SpaceConnectedAccount:
			_, err = tx.ConnectedAccount(ctx, workspaceID, id)
			err = notFound(err, errConnectedAccountNotFound)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// record records an event about a space: its key and, as they are now, its
// devices and entrances.
func (s *Service) record(ctx context.Context, tx *store.Tx, workspaceID, eventType string, sp store.Space) error {
	devices, err := tx.SpaceMembers(ctx, workspaceID, []string{sp.SpaceID}, store.SpaceDevice)
	if err != nil {
		return err
	}
	entrances, err := tx.SpaceMembers(ctx, workspaceID, []string{sp.SpaceID}, store.SpaceAcsEntrance)
	if err != nil {
		return err
	}
	e := client.Event{EventType: eventType, SpaceID: sp.SpaceID,
		DeviceIDs: nonNil(devices[sp.SpaceID]), AcsEntranceIDs: nonNil(entrances[sp.SpaceID])}
	if sp.SpaceKey != nil {
		e.SpaceKey = *sp.SpaceKey
	}
	return s.events.Record(ctx, tx, workspaceID, e)
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// Ref addresses a space by id or by key; when both are given they must
// designate the same space.
type Ref struct {
	SpaceID  string
	SpaceKey string
}

// find loads the space a reference names in the workspace.
func find(ctx context.Context, tx *store.Tx, workspaceID string, ref Ref) (store.Space, error) {
	var sp store.Space
	var err error
	switch {
	case ref.SpaceID != "":
		sp, err = tx.Space(ctx, workspaceID, ref.SpaceID)
		if err == nil && ref.SpaceKey != "" && (sp.SpaceKey == nil || *sp.SpaceKey != ref.SpaceKey) {
			err = store.ErrNotFound
		}
	case ref.SpaceKey != "":
		sp, err = tx.SpaceByKey(ctx, workspaceID, ref.SpaceKey)
	default:
		return sp, invalid("space_id", "Required: give space_id or space_key")
	}
	return sp, notFound(err, errSpaceNotFound)
}

// Get returns one space of the caller's workspace.
func (s *Service) Get(ctx context.Context, p lintel.Principal, ref Ref) (client.Space, error) {
	var out client.Space
	err := s.store.View(ctx, func(tx *store.Tx) error {
		sp, err := find(ctx, tx, p.WorkspaceID, ref)
		out = Present(sp)
		return err
	})
	return out, err
}

// List returns one page of the workspace's spaces, oldest first. A
// connected account or parent named by a filter must be of the workspace.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.SpacesListParams) ([]client.Space, page.Pagination, error) {
	req, err := page.ListRequest(in, page.MaxLimit)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	f := store.SpaceFilter{SpaceKey: in.SpaceKey, CustomerKey: in.CustomerKey, ParentSpaceID: in.ParentSpaceID,
		ConnectedAccountID: in.ConnectedAccountID, Search: in.Search}
	out := []client.Space{}
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		if in.ConnectedAccountID != "" {
			if _, err := tx.ConnectedAccount(ctx, p.WorkspaceID, in.ConnectedAccountID); err != nil {
				return notFound(err, errConnectedAccountNotFound)
			}
		}
		if in.ParentSpaceID != "" || in.ParentSpaceKey != "" {
			parent, err := find(ctx, tx, p.WorkspaceID, Ref{SpaceID: in.ParentSpaceID, SpaceKey: in.ParentSpaceKey})
			if err != nil {
				return err
			}
			f.ParentSpaceID = parent.SpaceID
		}
		rows, err := tx.ListSpaces(ctx, p.WorkspaceID, f, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(sp store.Space) page.Key {
			return page.Key{CreatedAt: sp.CreatedAt, ID: sp.SpaceID}
		})
		for _, sp := range rows {
			out = append(out, Present(sp))
		}
		return nil
	})
	return out, pg, err
}

// Update changes a space's name, key, parent or customer data, and, when
// given, replaces its devices and entrances (recording
// space.device_membership_changed if they changed, and having the live
// grants naming the space follow).
func (s *Service) Update(ctx context.Context, p lintel.Principal, in client.SpacesUpdateParams) (client.Space, error) {
	var out client.Space
	var data string
	if in.CustomerData != nil {
		var err error
		if data, err = customerData(in.CustomerData); err != nil {
			return out, err
		}
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		sp, err := find(ctx, tx, p.WorkspaceID, Ref{SpaceID: in.SpaceID, SpaceKey: in.SpaceKey})
		if err != nil {
			return err
		}
		if in.Name != "" {
			sp.Name = in.Name
		}
		if in.CustomerData != nil {
			sp.CustomerData = data
		}
		switch {
		case in.ParentSpaceID.Set && in.ParentSpaceID.Null:
			sp.ParentSpaceID = nil
		case in.ParentSpaceID.Set || in.ParentSpaceKey != "":
			parent, err := find(ctx, tx, p.WorkspaceID, Ref{SpaceID: in.ParentSpaceID.Value, SpaceKey: in.ParentSpaceKey})
			if err != nil {
				return err
			}
			if err := notOwnAncestor(ctx, tx, p.WorkspaceID, sp.SpaceID, parent); err != nil {
				return err
			}
			sp.ParentSpaceID = &parent.SpaceID
		}
		if err := tx.UpdateSpace(ctx, p.WorkspaceID, sp); err != nil {
			return notFound(err, errSpaceNotFound)
		}
		changed := false
		for _, m := range []struct {
			kind store.SpaceMember
			ids  client.Nullable[[]string]
		}{{store.SpaceDevice, in.DeviceIDs}, {store.SpaceAcsEntrance, in.AcsEntranceIDs}} {
			if !m.ids.Set {
				continue
			}
			c, err := replace(ctx, tx, p.WorkspaceID, sp.SpaceID, m.kind, m.ids.Value)
			if err != nil {
				return err
			}
			changed = changed || c
		}
		got, err := tx.Space(ctx, p.WorkspaceID, sp.SpaceID)
		if err != nil {
			return err
		}
		if changed {
			if err := s.record(ctx, tx, p.WorkspaceID, event.SpaceDeviceMembershipChanged, got); err != nil {
				return err
			}
			if err := s.changed(ctx, tx, p.WorkspaceID, sp.SpaceID); err != nil {
				return err
			}
		}
		out = Present(got)
		return nil
	})
	return out, err
}

// notOwnAncestor refuses a parent that is the space itself or one of its
// descendants.
func notOwnAncestor(ctx context.Context, tx *store.Tx, workspaceID, spaceID string, parent store.Space) error {
	seen := map[string]bool{}
	for cur := &parent; ; {
		if cur.SpaceID == spaceID {
			return invalid("parent_space_id", "A space cannot be its own ancestor")
		}
		if cur.ParentSpaceID == nil || seen[cur.SpaceID] {
			return nil
		}
		seen[cur.SpaceID] = true
		next, err := tx.Space(ctx, workspaceID, *cur.ParentSpaceID)
		if err != nil {
			return err
		}
		cur = &next
	}
}

// replace makes ids the objects of a kind in a space and reports whether
// that changed anything.
func replace(ctx context.Context, tx *store.Tx, workspaceID, spaceID string, kind store.SpaceMember, ids []string) (bool, error) {
	ids = lintel.Distinct(ids)
	if err := mustExist(ctx, tx, workspaceID, kind, ids); err != nil {
		return false, err
	}
	current, err := tx.SpaceMembers(ctx, workspaceID, []string{spaceID}, kind)
	if err != nil {
		return false, err
	}
	var gone []string
	for _, id := range current[spaceID] {
		if !slices.Contains(ids, id) {
			gone = append(gone, id)
		}
	}
	removed, err := tx.RemoveFromSpace(ctx, workspaceID, spaceID, kind, gone)
	if err != nil {
		return false, err
	}
	added, err := tx.AddToSpace(ctx, workspaceID, spaceID, kind, ids)
	return removed+added > 0, err
}

// Delete deletes a space and records space.deleted with the devices and
// entrances it held; the live grants naming it lose what it gave them.
func (s *Service) Delete(ctx context.Context, p lintel.Principal, spaceID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		sp, err := tx.Space(ctx, p.WorkspaceID, spaceID)
		if err != nil {
			return notFound(err, errSpaceNotFound)
		}
		if err := s.record(ctx, tx, p.WorkspaceID, event.SpaceDeleted, sp); err != nil {
			return err
		}
		if err := tx.DeleteSpace(ctx, p.WorkspaceID, sp.SpaceID); err != nil {
			return notFound(err, errSpaceNotFound)
		}
		return s.changed(ctx, tx, p.WorkspaceID, sp.SpaceID)
	})
}

// Kinds of objects a space holds, by their parameter names.
const (
	Devices           = store.SpaceDevice
	AcsEntrances      = store.SpaceAcsEntrance
	ConnectedAccounts = store.SpaceConnectedAccount
)

// AddMembers puts objects of a kind in a space; adding devices or
// entrances records space.device_membership_changed when it changes
// something, and the live grants naming the space follow.
func (s *Service) AddMembers(ctx context.Context, p lintel.Principal, spaceID string, kind store.SpaceMember, ids []string) error {
	return s.changeMembers(ctx, p, spaceID, kind, ids, true)
}

// RemoveMembers takes objects of a kind out of a space, as AddMembers puts
// them in.
func (s *Service) RemoveMembers(ctx context.Context, p lintel.Principal, spaceID string, kind store.SpaceMember, ids []string) error {
	return s.changeMembers(ctx, p, spaceID, kind, ids, false)
}

func (s *Service) changeMembers(ctx context.Context, p lintel.Principal, spaceID string, kind store.SpaceMember, ids []string, adding bool) error {
	ids = lintel.Distinct(ids)
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		sp, err := tx.Space(ctx, p.WorkspaceID, spaceID)
		if err != nil {
			return notFound(err, errSpaceNotFound)
		}
		if err := mustExist(ctx, tx, p.WorkspaceID, kind, ids); err != nil {
			return err
		}
		var n int
		if adding {
			n, err = tx.AddToSpace(ctx, p.WorkspaceID, sp.SpaceID, kind, ids)
		} else {
			n, err = tx.RemoveFromSpace(ctx, p.WorkspaceID, sp.SpaceID, kind, ids)
		}
		if err != nil || n == 0 || kind == store.SpaceConnectedAccount {
			return err
		}
		if err := s.record(ctx, tx, p.WorkspaceID, event.SpaceDeviceMembershipChanged, sp); err != nil {
			return err
		}
		return s.changed(ctx, tx, p.WorkspaceID, sp.SpaceID)
	})
}

// related kinds of /spaces/get_related.
var relatedKinds = []string{"spaces", "devices", "acs_entrances", "connected_accounts", "acs_systems", "access_methods"}

// Wanted is the set of related kinds a get_related call asks for: include
// (default: all) without exclude.
func Wanted(include, exclude []string) map[string]bool {
	if len(include) == 0 {
		include = relatedKinds
	}
	out := map[string]bool{}
	for _, k := range include {
		out[k] = !slices.Contains(exclude, k)
	}
	return out
}

// GetRelated returns the spaces named, by id or key, and what they hold:
// their devices and entrances, the connected accounts added to them and
// those of their devices and entrances, and the access systems of their
// entrances. A space id or key not of the workspace is not found.
func (s *Service) GetRelated(ctx context.Context, p lintel.Principal, in client.SpacesGetRelatedParams) (client.SpaceRelated, error) {
	var out client.SpaceRelated
	want := Wanted(in.Include, in.Exclude)
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var spaces []store.Space
		for _, id := range lintel.Distinct(in.SpaceIDs) {
			sp, err := find(ctx, tx, p.WorkspaceID, Ref{SpaceID: id})
			if err != nil {
				return err
			}
			spaces = append(spaces, sp)
		}
		for _, key := range lintel.Distinct(in.SpaceKeys) {
			sp, err := find(ctx, tx, p.WorkspaceID, Ref{SpaceKey: key})
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(spaces, func(x store.Space) bool { return x.SpaceID == sp.SpaceID }) {
				spaces = append(spaces, sp)
			}
		}
		var err error
		out, err = RelatedTx(ctx, tx, p.WorkspaceID, spaces, nil, nil, want)
		return err
	})
	return out, err
}

// RelatedTx gathers what the spaces hold, with the devices and entrances
// given besides (those an access grant names itself), for get_related:
// the spaces, devices and entrances, the connected accounts and the access
// systems behind them, each kind only if wanted.
func RelatedTx(ctx context.Context, tx *store.Tx, workspaceID string, spaces []store.Space, moreDeviceIDs, moreEntranceIDs []string,
	want map[string]bool) (client.SpaceRelated, error) {
	var out client.SpaceRelated
	ids := make([]string, len(spaces))
	for i, sp := range spaces {
		ids[i] = sp.SpaceID
	}
	members := func(kind store.SpaceMember) ([]string, error) {
		m, err := tx.SpaceMembers(ctx, workspaceID, ids, kind)
		var all []string
		for _, id := range ids {
			all = append(all, m[id]...)
		}
		return lintel.Distinct(all), err
	}
	deviceIDs, err := members(store.SpaceDevice)
	if err != nil {
		return out, err
	}
	deviceIDs = lintel.Distinct(append(deviceIDs, moreDeviceIDs...))
	entranceIDs, err := members(store.SpaceAcsEntrance)
	if err != nil {
		return out, err
	}
	entranceIDs = lintel.Distinct(append(entranceIDs, moreEntranceIDs...))
	accountIDs, err := members(store.SpaceConnectedAccount)
	if err != nil {
		return out, err
	}
	var systemIDs []string
	if want["spaces"] {
		out.Spaces = []client.Space{}
		for _, sp := range spaces {
			out.Spaces = append(out.Spaces, Present(sp))
		}
	}
	devices, err := tx.ListDevices(ctx, workspaceID, store.DeviceFilter{DeviceIDs: nonNil(deviceIDs)}, page.Request{Limit: len(deviceIDs)})
	if err != nil {
		return out, err
	}
	for _, d := range devices {
		accountIDs = append(accountIDs, d.ConnectedAccountID)
	}
	if want["devices"] {
		out.Devices = []client.Device{}
		for _, d := range devices {
			out.Devices = append(out.Devices, device.Present(d))
		}
	}
	entrances, err := tx.AcsEntrances(ctx, workspaceID, store.AcsEntranceFilter{AcsEntranceIDs: nonNil(entranceIDs)})
	if err != nil {
		return out, err
	}
	for _, e := range entrances {
		accountIDs = append(accountIDs, e.ConnectedAccountID)
		systemIDs = append(systemIDs, e.AcsSystemID)
	}
	if want["acs_entrances"] {
		if out.AcsEntrances, err = acs.PresentEntrancesTx(ctx, tx, workspaceID, entrances); err != nil {
			return out, err
		}
	}
	if want["connected_accounts"] {
		out.ConnectedAccounts = []client.ConnectedAccount{}
		for _, id := range lintel.Distinct(accountIDs) {
			c, err := tx.ConnectedAccount(ctx, workspaceID, id)
			if err != nil {
				return out, err
			}
			out.ConnectedAccounts = append(out.ConnectedAccounts, acs.PresentConnectedAccount(c))
		}
	}
	if want["acs_systems"] {
		var systems []store.AcsSystem
		for _, id := range lintel.Distinct(systemIDs) {
			sys, err := tx.AcsSystem(ctx, workspaceID, id)
			if err != nil {
				return out, err
			}
			systems = append(systems, sys)
		}
		if out.AcsSystems, err = acs.PresentSystemsTx(ctx, tx, workspaceID, systems); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Present turns a stored space into the API's.
func Present(sp store.Space) client.Space {
	out := client.Space{SpaceID: sp.SpaceID, WorkspaceID: sp.WorkspaceID, Name: sp.Name, DisplayName: sp.Name,
		DeviceCount: sp.DeviceCount, AcsEntranceCount: sp.AcsEntranceCount, CreatedAt: client.NewTime(sp.CreatedAt),
		CustomerData: map[string]any{}}
	if sp.SpaceKey != nil {
		out.SpaceKey = *sp.SpaceKey
	}
	if sp.ParentSpaceID != nil {
		out.ParentSpaceID = *sp.ParentSpaceID
	}
	if sp.ParentSpaceKey != nil {
		out.ParentSpaceKey = *sp.ParentSpaceKey
	}
	if sp.CustomerKey != nil {
		out.CustomerKey = *sp.CustomerKey
	}
	_ = json.Unmarshal([]byte(sp.CustomerData), &out.CustomerData)
	return out
}
