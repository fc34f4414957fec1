package grant

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/identity"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Default page size of access_grants/list (the spec's).
const defaultListLimit = 500

// States of a grant.
const (
	stateScheduled = "scheduled"
	stateActive    = "active"
	stateEnded     = "ended"
)

func parseTime(v *lintel.InvalidInput, field, s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		v.Add(field, "Invalid datetime")
		return nil
	}
	t = t.UTC().Truncate(time.Millisecond)
	return &t
}

// window checks a grant's times: it starts at starts_at (now when not
// given) and ends at ends_at, which must be in the future and after the
// start.
func window(v *lintel.InvalidInput, startsAt string, endsAt *string, now time.Time) (time.Time, *time.Time) {
	starts := now
	if t := parseTime(v, "starts_at", startsAt); t != nil {
		starts = *t
	}
	var ends *time.Time
	if endsAt != nil {
		ends = parseTime(v, "ends_at", *endsAt)
	}
	if ends != nil {
		if !ends.After(now) {
			v.Add("ends_at", "Must be in the future")
		} else if !ends.After(starts) {
			v.Add("ends_at", "Must be after starts_at")
		}
	}
	return starts, ends
}

// Create makes a grant for a user identity (an existing one, or a new one
// given inline) on its places, and resolves it in the same transaction into
// access methods and what they need on each access system and lock. It
// records access_grant.created, the methods' events, and schedules the
// grant's end.
func (s *Service) Create(ctx context.Context, p lintel.Principal, in client.AccessGrantsCreateParams) (client.AccessGrant, error) {
	var out client.AccessGrant
	var v lintel.InvalidInput
	switch {
	case in.UserIdentityID == "" && in.UserIdentity == nil:
		v.Add("user_identity_id", "Required: give user_identity_id or user_identity")
	case in.UserIdentityID != "" && in.UserIdentity != nil:
		v.Add("user_identity", "Give user_identity_id or user_identity, not both")
	}
	spaceIDs := lintel.Distinct(append(append([]string{}, in.SpaceIDs...), in.LocationIDs...))
	if len(spaceIDs) == 0 && len(in.SpaceKeys) == 0 && len(in.AcsEntranceIDs) == 0 && len(in.DeviceIDs) == 0 {
		v.Add("space_ids", "Required: give space_ids, space_keys, acs_entrance_ids or device_ids")
	}
	reqs, err := parseRequested(in.RequestedAccessMethods, "requested_access_methods")
	if err != nil {
		return out, err
	}
	now := s.clock()
	starts, ends := window(&v, in.StartsAt, in.EndsAt, now)
	if err := v.Err(); err != nil {
		return out, err
	}
	var newIdentity *store.UserIdentity
	if in.UserIdentity != nil {
		u := in.UserIdentity
		ident, err := identity.NewIdentity(u.UserIdentityKey, u.EmailAddress, u.PhoneNumber, u.FullName, "user_identity.")
		if err != nil {
			return out, err
		}
		newIdentity = &ident
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		g := store.AccessGrant{AccessGrantID: lintel.NewID(), WorkspaceID: ws, UserIdentityID: in.UserIdentityID, Name: in.Name,
			AccessGrantKey: optString(in.AccessGrantKey), ReservationKey: optString(in.ReservationKey),
			StartsAt: starts, EndsAt: ends, State: stateActive, CreatedAt: tx.Now()}
		if starts.After(now) {
			g.State = stateScheduled
		}
		if in.AccessGrantKey != "" {
			if _, err := tx.AccessGrantByKey(ctx, ws, in.AccessGrantKey); err == nil {
				return &lintel.Error{Code: lintel.EConflict, Message: "An access grant with this access_grant_key already exists",
					Data: map[string]any{"field": "access_grant_key"}}
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		places, err := checkPlaces(ctx, tx, ws, spaceIDs, in.SpaceKeys, in.AcsEntranceIDs, in.DeviceIDs)
		if err != nil {
			return err
		}
		if newIdentity != nil {
			if err := identity.InsertTx(ctx, tx, ws, *newIdentity); err != nil {
				return err
			}
			g.UserIdentityID = newIdentity.UserIdentityID
		} else if _, err := tx.UserIdentity(ctx, ws, g.UserIdentityID); err != nil {
			return notFound(err, errIdentityNotFound)
		}
		if err := tx.InsertAccessGrant(ctx, ws, g); err != nil {
			return err
		}
		if err := tx.SetAccessGrantPlaces(ctx, ws, g.AccessGrantID, places); err != nil {
			return err
		}
		if err := s.events.Record(ctx, tx, ws, grantEvent(event.AccessGrantCreated, g)); err != nil {
			return err
		}
		r, err := reachOf(ctx, tx, ws, places)
		if err != nil {
			return err
		}
		if err := s.resolve(ctx, tx, &g, r, reqs); err != nil {
			return err
		}
		if err := s.scheduleEnd(ctx, tx, g); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, ws, g.AccessGrantID)
		return err
	})
	return out, err
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// grantEvent is an access_grant.* event about g.
func grantEvent(eventType string, g store.AccessGrant) client.Event {
	return client.Event{EventType: eventType, AccessGrantID: g.AccessGrantID}
}

// checkPlaces loads each place a grant names in the workspace (a place of
// another workspace is not found) and returns them as the grant keeps them.
func checkPlaces(ctx context.Context, tx *store.Tx, ws string, spaceIDs, spaceKeys, entranceIDs, deviceIDs []string) ([]store.AccessGrantPlace, error) {
	var places []store.AccessGrantPlace
	for _, key := range lintel.Distinct(spaceKeys) {
		sp, err := tx.SpaceByKey(ctx, ws, key)
		if err != nil {
			return nil, notFound(err, errSpaceNotFound)
		}
		spaceIDs = append(spaceIDs, sp.SpaceID)
	}
	for _, id := range lintel.Distinct(spaceIDs) {
		if _, err := tx.Space(ctx, ws, id); err != nil {
			return nil, notFound(err, errSpaceNotFound)
		}
		places = append(places, store.AccessGrantPlace{Type: store.PlaceSpace, ID: id})
	}
	for _, id := range lintel.Distinct(entranceIDs) {
		if _, err := tx.AcsEntrance(ctx, ws, id); err != nil {
			return nil, notFound(err, errEntranceNotFound)
		}
		places = append(places, store.AccessGrantPlace{Type: store.PlaceAcsEntrance, ID: id})
	}
	for _, id := range lintel.Distinct(deviceIDs) {
		if _, err := tx.Device(ctx, ws, id); err != nil {
			return nil, notFound(err, errDeviceNotFound)
		}
		places = append(places, store.AccessGrantPlace{Type: store.PlaceDevice, ID: id})
	}
	return places, nil
}

// scheduleEnd inserts the job of a grant's end, if it has one, in place of
// the one it had, which it cancels, and keeps its id with the grant.
func (s *Service) scheduleEnd(ctx context.Context, tx *store.Tx, g store.AccessGrant) error {
	var end *int64
	if g.EndsAt != nil {
		if s.sched == nil {
			return errNoScheduler
		}
		id, err := s.sched.ScheduleAccessGrant(ctx, tx, Due{WorkspaceID: g.WorkspaceID, AccessGrantID: g.AccessGrantID,
			At: g.EndsAt.UnixMilli()})
		if err != nil {
			return err
		}
		end = &id
	}
	if end == nil && g.EndJobID == nil {
		return nil
	}
	if err := s.cancelJobs(ctx, tx, g.EndJobID); err != nil {
		return err
	}
	return tx.SetAccessGrantEndJob(ctx, g.WorkspaceID, g.AccessGrantID, end)
}

// cancelJobs cancels those of a grant's jobs whose ids are set.
func (s *Service) cancelJobs(ctx context.Context, tx *store.Tx, ids ...*int64) error {
	if s.sched == nil {
		return nil // without a queue no job was scheduled
	}
	return s.sched.CancelJobs(ctx, tx, ids...)
}

// findGrant loads a live grant of the workspace by id or key; when both
// are given they must designate the same grant.
func findGrant(ctx context.Context, tx *store.Tx, ws, id, key string) (store.AccessGrant, error) {
	var g store.AccessGrant
	var err error
	switch {
	case id != "":
		g, err = tx.AccessGrant(ctx, ws, id)
		if err == nil && key != "" && deref(g.AccessGrantKey) != key {
			err = store.ErrNotFound
		}
	case key != "":
		g, err = tx.AccessGrantByKey(ctx, ws, key)
	default:
		return g, invalid("access_grant_id", "Required: give access_grant_id or access_grant_key")
	}
	return g, notFound(err, errGrantNotFound)
}

// Get returns a live grant of the caller's workspace, by id or key.
func (s *Service) Get(ctx context.Context, p lintel.Principal, in client.AccessGrantsGetParams) (client.AccessGrant, error) {
	var out client.AccessGrant
	err := s.store.View(ctx, func(tx *store.Tx) error {
		g, err := findGrant(ctx, tx, p.WorkspaceID, in.AccessGrantID, in.AccessGrantKey)
		if err != nil {
			return err
		}
		out, err = s.load(ctx, tx, p.WorkspaceID, g.AccessGrantID)
		return err
	})
	return out, err
}

// List returns one page of the caller's live grants, oldest first.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.AccessGrantsListParams) ([]client.AccessGrant, page.Pagination, error) {
	var out []client.AccessGrant
	var pg page.Pagination
	r, err := page.ListRequest(in, defaultListLimit)
	if err != nil {
		return nil, pg, err
	}
	f := store.AccessGrantFilter{AccessGrantIDs: in.AccessGrantIDs, UserIdentityID: in.UserIdentityID,
		ReservationKey: in.ReservationKey, AcsEntranceID: in.AcsEntranceID, DeviceID: in.DeviceID,
		SpaceID: in.SpaceID, AcsSystemID: in.AcsSystemID, AccessCodeID: in.AccessCodeID, CustomerKey: in.CustomerKey}
	if in.SpaceID == "" {
		f.SpaceID = in.LocationID
	}
	if in.AccessGrantKey.Set {
		if in.AccessGrantKey.Null {
			f.NoAccessGrantKey = true
		} else {
			f.AccessGrantKey = in.AccessGrantKey.Value
		}
	}
	err = s.store.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListAccessGrants(ctx, p.WorkspaceID, f, r)
		if err != nil {
			return err
		}
		rows, pg = page.Result(r, rows, func(g store.AccessGrant) page.Key {
			return page.Key{CreatedAt: g.CreatedAt, ID: g.AccessGrantID}
		})
		out, err = s.present(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, pg, err
}

// Delete deletes a grant and takes down every access method it was
// resolved into, with the guarantees of acs/users/delete for what is on
// access systems (each credential invalidated at once and revoked, never
// brought back) and of access_codes/delete for codes on locks; the job of
// its end is cancelled. Deleting again is not found.
func (s *Service) Delete(ctx context.Context, p lintel.Principal, accessGrantID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		g, err := tx.AccessGrant(ctx, ws, accessGrantID)
		if err != nil {
			return notFound(err, errGrantNotFound)
		}
		methods, err := tx.ListAccessMethods(ctx, ws, store.AccessMethodFilter{AccessGrantIDs: []string{g.AccessGrantID}}, everything)
		if err != nil {
			return err
		}
		// The claim: of concurrent deletes, one wins and the others find
		// the grant gone.
		if err := tx.DeleteAccessGrant(ctx, ws, g.AccessGrantID); err != nil {
			return notFound(err, errGrantNotFound)
		}
		if err := s.cancelJobs(ctx, tx, g.EndJobID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "access_grant.delete", "access_grant", g.AccessGrantID, audit.Succeeded); err != nil {
			return err
		}
		for _, m := range methods {
			if err := s.revoke(ctx, tx, p, m, true); err != nil {
				return err
			}
		}
		return s.events.Record(ctx, tx, ws, grantEvent(event.AccessGrantDeleted, g))
	})
}

// RunDue ends a grant at its ends_at: every access method is revoked
// (access_method.revoked) and what it was resolved into taken down, as on
// delete; the grant stays, ended. It returns how long to wait if the end
// has not come yet by the domain's clock. A job for a time the grant no
// longer has, or for a grant that is gone, does nothing.
func (s *Service) RunDue(ctx context.Context, due Due) (time.Duration, error) {
	var wait time.Duration
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		wait = 0
		g, err := tx.AccessGrant(ctx, due.WorkspaceID, due.AccessGrantID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if g.EndsAt == nil || g.EndsAt.UnixMilli() != due.At || g.State == stateEnded {
			return nil
		}
		if now := s.clock(); now.Before(*g.EndsAt) {
			wait = g.EndsAt.Sub(now)
			return nil
		}
		methods, err := tx.ListAccessMethods(ctx, g.WorkspaceID, store.AccessMethodFilter{AccessGrantIDs: []string{g.AccessGrantID}}, everything)
		if err != nil {
			return err
		}
		p := system(g.WorkspaceID)
		for _, m := range methods {
			if err := s.revoke(ctx, tx, p, m, false); err != nil {
				return err
			}
		}
		g.State = stateEnded
		return tx.UpdateAccessGrant(ctx, g.WorkspaceID, g)
	})
	return wait, err
}

// load presents one live grant of the workspace.
func (s *Service) load(ctx context.Context, tx *store.Tx, ws, accessGrantID string) (client.AccessGrant, error) {
	g, err := tx.AccessGrant(ctx, ws, accessGrantID)
	if err != nil {
		return client.AccessGrant{}, notFound(err, errGrantNotFound)
	}
	list, err := s.present(ctx, tx, ws, []store.AccessGrant{g})
	if err != nil {
		return client.AccessGrant{}, err
	}
	return list[0], nil
}

// present turns stored grants of the workspace into API objects.
func (s *Service) present(ctx context.Context, tx *store.Tx, ws string, rows []store.AccessGrant) ([]client.AccessGrant, error) {
	ids := make([]string, len(rows))
	for i, g := range rows {
		ids[i] = g.AccessGrantID
	}
	places, err := tx.AccessGrantPlaces(ctx, ws, ids)
	if err != nil {
		return nil, err
	}
	methods, err := tx.ListAccessMethods(ctx, ws, store.AccessMethodFilter{AccessGrantIDs: ids}, everything)
	if err != nil {
		return nil, err
	}
	methodsOf := map[string][]string{}
	for _, m := range methods {
		methodsOf[m.AccessGrantID] = append(methodsOf[m.AccessGrantID], m.AccessMethodID)
	}
	now := s.clock()
	out := make([]client.AccessGrant, len(rows))
	for i, g := range rows {
		ag := client.AccessGrant{AccessGrantID: g.AccessGrantID, WorkspaceID: g.WorkspaceID,
			AccessGrantKey: deref(g.AccessGrantKey), UserIdentityID: g.UserIdentityID, ReservationKey: deref(g.ReservationKey),
			Name: g.Name, DisplayName: "Access grant", SpaceIDs: []string{}, AccessMethodIDs: []string{},
			StartsAt: client.NewTime(g.StartsAt), CreatedAt: client.NewTime(g.CreatedAt),
			PendingMutations: []client.AccessGrantMutation{}, DisplayStatus: "granted"}
		if g.Name != nil && *g.Name != "" {
			ag.DisplayName = *g.Name
		}
		if g.EndsAt != nil {
			t := client.NewTime(*g.EndsAt)
			ag.EndsAt = &t
		}
		switch {
		case g.State == stateEnded || (g.EndsAt != nil && !now.Before(*g.EndsAt)):
			ag.DisplayStatus = "ended"
		case now.Before(g.StartsAt):
			ag.DisplayStatus = "pending"
		}
		for _, pl := range places[g.AccessGrantID] {
			if pl.Type == store.PlaceSpace {
				ag.SpaceIDs = append(ag.SpaceIDs, pl.ID)
			}
		}
		ag.LocationIDs = ag.SpaceIDs
		if m := methodsOf[g.AccessGrantID]; m != nil {
			ag.AccessMethodIDs = m
		}
		for _, x := range []struct {
			doc string
			dst any
		}{{g.RequestedAccessMethods, &ag.RequestedAccessMethods}, {g.Errors, &ag.Errors}, {g.Warnings, &ag.Warnings}} {
			if err := json.Unmarshal([]byte(orEmpty(x.doc)), x.dst); err != nil {
				return nil, err
			}
		}
		out[i] = ag
	}
	return out, nil
}

// DeviceIDsOfIdentityTx returns the devices the granted grants of the
// identity name, directly or through their spaces, each once: what the
// identity may open now (an instant key's page). Grants pending or ended
// give none.
func (s *Service) DeviceIDsOfIdentityTx(ctx context.Context, tx *store.Tx, workspaceID, userIdentityID string) ([]string, error) {
	grants, err := tx.ListAccessGrants(ctx, workspaceID, store.AccessGrantFilter{UserIdentityID: userIdentityID}, everything)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	var ids []string
	for _, g := range grants {
		if g.State == stateEnded || now.Before(g.StartsAt) || (g.EndsAt != nil && !now.Before(*g.EndsAt)) {
			continue
		}
		ids = append(ids, g.AccessGrantID)
	}
	places, err := tx.AccessGrantPlaces(ctx, workspaceID, ids)
	if err != nil {
		return nil, err
	}
	var devices, spaces []string
	for _, id := range ids {
		for _, pl := range places[id] {
			switch pl.Type {
			case store.PlaceDevice:
				devices = append(devices, pl.ID)
			case store.PlaceSpace:
				spaces = append(spaces, pl.ID)
			}
		}
	}
	spaces = lintel.Distinct(spaces)
	members, err := tx.SpaceMembers(ctx, workspaceID, spaces, store.SpaceDevice)
	if err != nil {
		return nil, err
	}
	for _, id := range spaces {
		devices = append(devices, members[id]...)
	}
	return lintel.Distinct(devices), nil
}
