package grant

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/identity"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Unmanaged access grants are access that is on the hardware but that
// lintel did not give: the unmanaged access codes found on locks
// (reconciliation finds them; access_codes/simulate/create_unmanaged_access_code
// makes one).
//
//   - Each unmanaged code is one unmanaged access method: mode code, its
//     PIN, issued when it was found.
//   - The codes with the same PIN and the same time frame, on however many
//     locks, are one unmanaged grant: a PIN shared by several doors is one
//     person's access. It starts at the codes' starts_at (when the first was
//     found, for ongoing codes) and ends at their ends_at (never, for
//     ongoing ones). Its name is the first code's. It names no user
//     identity, reservation or access system: only locks, and the spaces
//     that hold them.
//   - The rows are written in the transaction that finds the code, and
//     deleted in the one that sees it go (off the lock, its device gone) or
//     converts it (access_codes/unmanaged/convert_to_managed): the method
//     leaves its grant, and a grant left without methods goes. Ids are
//     therefore the same from call to call, and never come back.
//   - They live apart from the managed grants and methods (store:
//     unmanaged_access_*), so access_grants/* and access_methods/* never see
//     them, nor these routes a managed one.
//   - access_grants/unmanaged/update with is_managed true converts a grant:
//     it becomes a managed grant with the same id, for a new user identity
//     (a managed grant is always someone's), on the locks of its codes; each
//     method becomes a managed method with the same id, resolved into its
//     code, and each code a managed code. Events: access_grant.created,
//     access_method.created for each method, and each code's
//     access_code.unmanaged.converted_to_managed.

// Default page size of access_grants/unmanaged/list (the spec's).
const defaultUnmanagedListLimit = 500

// groupKey is what makes unmanaged codes one grant: their PIN and time
// frame.
func groupKey(c store.AccessCode) string {
	at := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return strconv.FormatInt(t.UnixMilli(), 10)
	}
	return deref(c.Code) + "/" + at(c.StartsAt) + "/" + at(c.EndsAt)
}

// UnmanagedFound makes an unmanaged code found on a lock an unmanaged
// access method, of the grant of its PIN and time frame, which it creates
// if there is none (accesscode.Unmanaged).
func (s *Service) UnmanagedFound(ctx context.Context, tx *store.Tx, c store.AccessCode) error {
	ws := c.WorkspaceID
	g := store.UnmanagedAccessGrant{AccessGrantID: lintel.NewID(), GroupKey: groupKey(c), Name: c.Name, StartsAt: c.CreatedAt,
		EndsAt: c.EndsAt, CreatedAt: tx.Now()}
	if c.StartsAt != nil {
		g.StartsAt = *c.StartsAt
	}
	// The group's grant if it has one (written now by another transaction,
	// too: the insert waits for it and then writes nothing).
	err := tx.InsertUnmanagedAccessGrant(ctx, ws, g)
	if errors.Is(err, store.ErrNotFound) {
		var same []store.UnmanagedAccessGrant
		if same, err = tx.ListUnmanagedAccessGrants(ctx, ws, store.UnmanagedAccessGrantFilter{GroupKey: g.GroupKey},
			page.Request{Limit: 1}); err == nil && len(same) == 0 {
			err = errors.New("grant: the unmanaged grant of a group is neither new nor found")
		} else if err == nil {
			g = same[0]
		}
	}
	if err != nil {
		return err
	}
	return tx.InsertUnmanagedAccessMethod(ctx, ws, store.UnmanagedAccessMethod{AccessMethodID: lintel.NewID(),
		AccessGrantID: g.AccessGrantID, AccessCodeID: c.AccessCodeID, DeviceID: c.DeviceID, Code: deref(c.Code),
		IssuedAt: c.CreatedAt, CreatedAt: tx.Now()})
}

// UnmanagedGone deletes the unmanaged access method of a code that is no
// longer an unmanaged one, and its grant if that was its last method
// (accesscode.Unmanaged).
func (s *Service) UnmanagedGone(ctx context.Context, tx *store.Tx, workspaceID, accessCodeID string) error {
	methods, err := tx.ListUnmanagedAccessMethods(ctx, workspaceID, store.UnmanagedAccessMethodFilter{AccessCodeID: accessCodeID})
	if err != nil {
		return err
	}
	for _, m := range methods {
		if err := tx.DeleteUnmanagedAccessMethod(ctx, workspaceID, m.AccessMethodID); err != nil {
			return err
		}
		rest, err := tx.ListUnmanagedAccessMethods(ctx, workspaceID, store.UnmanagedAccessMethodFilter{
			AccessGrantIDs: []string{m.AccessGrantID}})
		if err != nil {
			return err
		}
		if len(rest) == 0 {
			if err := tx.DeleteUnmanagedAccessGrant(ctx, workspaceID, m.AccessGrantID); err != nil {
				return err
			}
		}
	}
	return nil
}

// GetUnmanaged returns an unmanaged grant of the caller's workspace.
func (s *Service) GetUnmanaged(ctx context.Context, p lintel.Principal, accessGrantID string) (client.UnmanagedAccessGrant, error) {
	var out client.UnmanagedAccessGrant
	err := s.store.View(ctx, func(tx *store.Tx) error {
		g, err := tx.UnmanagedAccessGrant(ctx, p.WorkspaceID, accessGrantID)
		if err != nil {
			return notFound(err, errGrantNotFound)
		}
		list, err := presentUnmanaged(ctx, tx, p.WorkspaceID, []store.UnmanagedAccessGrant{g})
		if err == nil {
			out = list[0]
		}
		return err
	})
	return out, err
}

// ListUnmanaged returns one page of the caller's unmanaged grants, oldest
// first. They name no user identity, reservation, access system or
// entrance, so a filter on one of those keeps none.
func (s *Service) ListUnmanaged(ctx context.Context, p lintel.Principal, in client.AccessGrantsUnmanagedListParams) ([]client.UnmanagedAccessGrant, page.Pagination, error) {
	var out []client.UnmanagedAccessGrant
	var pg page.Pagination
	r, err := page.ListRequest(in, defaultUnmanagedListLimit)
	if err != nil {
		return nil, pg, err
	}
	f := store.UnmanagedAccessGrantFilter{}
	if in.UserIdentityID != "" || in.ReservationKey != "" || in.AcsSystemID != "" || in.AcsEntranceID != "" {
		f.AccessGrantIDs = []string{}
	}
	err = s.store.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListUnmanagedAccessGrants(ctx, p.WorkspaceID, f, r)
		if err != nil {
			return err
		}
		rows, pg = page.Result(r, rows, func(g store.UnmanagedAccessGrant) page.Key {
			return page.Key{CreatedAt: g.CreatedAt, ID: g.AccessGrantID}
		})
		out, err = presentUnmanaged(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, pg, err
}

// GetUnmanagedMethod returns an unmanaged access method of the caller's
// workspace.
func (s *Service) GetUnmanagedMethod(ctx context.Context, p lintel.Principal, accessMethodID string) (client.AccessMethod, error) {
	var out client.AccessMethod
	err := s.store.View(ctx, func(tx *store.Tx) error {
		m, err := tx.UnmanagedAccessMethod(ctx, p.WorkspaceID, accessMethodID)
		if err != nil {
			return notFound(err, errMethodNotFound)
		}
		out = presentUnmanagedMethod(m)
		return nil
	})
	return out, err
}

// ListUnmanagedMethods returns the methods of an unmanaged grant of the
// caller's workspace, oldest first, narrowed to a device, to the devices
// of a space, or to an entrance (none: they are codes on locks).
func (s *Service) ListUnmanagedMethods(ctx context.Context, p lintel.Principal, in client.AccessMethodsUnmanagedListParams) ([]client.AccessMethod, error) {
	var out []client.AccessMethod
	err := s.store.View(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		if _, err := tx.UnmanagedAccessGrant(ctx, ws, in.AccessGrantID); err != nil {
			return notFound(err, errGrantNotFound)
		}
		f := store.UnmanagedAccessMethodFilter{AccessGrantIDs: []string{in.AccessGrantID}}
		if in.DeviceID != "" {
			f.DeviceIDs = []string{in.DeviceID}
		}
		if in.SpaceID != "" {
			if _, err := tx.Space(ctx, ws, in.SpaceID); err != nil {
				return notFound(err, errSpaceNotFound)
			}
			members, err := tx.SpaceMembers(ctx, ws, []string{in.SpaceID}, store.SpaceDevice)
			if err != nil {
				return err
			}
			f.DeviceIDs = intersect(f.DeviceIDs, append([]string{}, members[in.SpaceID]...))
		}
		if in.AcsEntranceID != "" {
			if _, err := tx.AcsEntrance(ctx, ws, in.AcsEntranceID); err != nil {
				return notFound(err, errEntranceNotFound)
			}
			f.DeviceIDs = []string{}
		}
		rows, err := tx.ListUnmanagedAccessMethods(ctx, ws, f)
		if err != nil {
			return err
		}
		out = make([]client.AccessMethod, len(rows))
		for i, m := range rows {
			out[i] = presentUnmanagedMethod(m)
		}
		return nil
	})
	return out, err
}

// UpdateUnmanaged converts an unmanaged grant to a managed one (is_managed
// must be true): see the comment at the top of this file.
func (s *Service) UpdateUnmanaged(ctx context.Context, p lintel.Principal, in client.AccessGrantsUnmanagedUpdateParams) error {
	if !*in.IsManaged {
		return invalid("is_managed", "Must be true: an unmanaged access grant can only be converted to a managed one")
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		u, err := tx.UnmanagedAccessGrant(ctx, ws, in.AccessGrantID)
		if err != nil {
			return notFound(err, errGrantNotFound)
		}
		if in.AccessGrantKey != "" {
			if _, err := tx.AccessGrantByKey(ctx, ws, in.AccessGrantKey); err == nil {
				return &lintel.Error{Code: lintel.EConflict, Message: "An access grant with this access_grant_key already exists",
					Data: map[string]any{"field": "access_grant_key"}}
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		methods, err := tx.ListUnmanagedAccessMethods(ctx, ws, store.UnmanagedAccessMethodFilter{AccessGrantIDs: []string{u.AccessGrantID}})
		if err != nil {
			return err
		}
		// The unmanaged rows go first: the codes' conversion below then
		// finds no unmanaged method of theirs to take down.
		if err := tx.DeleteUnmanagedAccessGrant(ctx, ws, u.AccessGrantID); err != nil {
			return err
		}
		ident, err := identity.NewIdentity(nil, nil, nil, u.Name, "")
		if err != nil {
			return err
		}
		if err := identity.InsertTx(ctx, tx, ws, ident); err != nil {
			return err
		}
		now := s.clock()
		ids := make([]string, len(methods))
		for i, m := range methods {
			ids[i] = m.AccessMethodID
		}
		requested, err := json.Marshal([]client.RequestedAccessMethod{{Mode: "code", DisplayName: modeNames["code"],
			CreatedAt: client.NewTime(u.CreatedAt), CreatedAccessMethodIDs: ids}})
		if err != nil {
			return err
		}
		g := store.AccessGrant{AccessGrantID: u.AccessGrantID, WorkspaceID: ws, AccessGrantKey: optString(in.AccessGrantKey),
			UserIdentityID: ident.UserIdentityID, Name: u.Name, StartsAt: u.StartsAt, EndsAt: u.EndsAt, State: stateActive,
			RequestedAccessMethods: string(requested), CreatedAt: u.CreatedAt}
		switch {
		case g.EndsAt != nil && !now.Before(*g.EndsAt):
			g.State = stateEnded
		case g.StartsAt.After(now):
			g.State = stateScheduled
		}
		if err := tx.InsertAccessGrant(ctx, ws, g); err != nil {
			return err
		}
		var places []store.AccessGrantPlace
		for _, m := range methods {
			places = append(places, store.AccessGrantPlace{Type: store.PlaceDevice, ID: m.DeviceID})
		}
		if err := tx.SetAccessGrantPlaces(ctx, ws, g.AccessGrantID, places); err != nil {
			return err
		}
		events := []client.Event{grantEvent(event.AccessGrantCreated, g)}
		for _, um := range methods {
			code, issued := um.Code, um.IssuedAt
			m := store.AccessMethod{AccessMethodID: um.AccessMethodID, WorkspaceID: ws, AccessGrantID: g.AccessGrantID,
				Mode: "code", DisplayName: modeNames["code"], Code: &code, IsIssued: true, IssuedAt: &issued, CreatedAt: um.CreatedAt}
			if err := tx.InsertAccessMethod(ctx, ws, m); err != nil {
				return err
			}
			deviceID := um.DeviceID
			if err := tx.AddAccessMethodObject(ctx, ws, store.AccessMethodObject{AccessMethodID: m.AccessMethodID,
				ObjectType: store.ObjectAccessCode, ObjectID: um.AccessCodeID, DeviceID: &deviceID}); err != nil {
				return err
			}
			if err := s.codes.ConvertTx(ctx, tx, ws, um.AccessCodeID); err != nil {
				return err
			}
			events = append(events, methodEvent(event.AccessMethodCreated, m))
		}
		if err := s.events.Record(ctx, tx, ws, events...); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "access_grant.unmanaged.update", "access_grant", g.AccessGrantID, audit.Succeeded); err != nil {
			return err
		}
		if g.State == stateEnded {
			return nil
		}
		return s.scheduleEnd(ctx, tx, g)
	})
}

// presentUnmanaged turns stored unmanaged grants of the workspace into API
// objects: their spaces are those holding the locks of their codes.
func presentUnmanaged(ctx context.Context, tx *store.Tx, ws string, rows []store.UnmanagedAccessGrant) ([]client.UnmanagedAccessGrant, error) {
	ids := make([]string, len(rows))
	for i, g := range rows {
		ids[i] = g.AccessGrantID
	}
	methods, err := tx.ListUnmanagedAccessMethods(ctx, ws, store.UnmanagedAccessMethodFilter{AccessGrantIDs: ids})
	if err != nil {
		return nil, err
	}
	methodsOf, devicesOf := map[string][]string{}, map[string][]string{}
	var devices []string
	for _, m := range methods {
		methodsOf[m.AccessGrantID] = append(methodsOf[m.AccessGrantID], m.AccessMethodID)
		devicesOf[m.AccessGrantID] = append(devicesOf[m.AccessGrantID], m.DeviceID)
		devices = append(devices, m.DeviceID)
	}
	spacesOf, err := tx.SpacesOf(ctx, ws, store.SpaceDevice, lintel.Distinct(devices))
	if err != nil {
		return nil, err
	}
	out := make([]client.UnmanagedAccessGrant, len(rows))
	for i, g := range rows {
		ug := client.UnmanagedAccessGrant{AccessGrantID: g.AccessGrantID, WorkspaceID: g.WorkspaceID, Name: g.Name,
			DisplayName: "Unmanaged access grant", SpaceIDs: []string{}, AccessMethodIDs: []string{},
			StartsAt: client.NewTime(g.StartsAt), CreatedAt: client.NewTime(g.CreatedAt), Errors: []client.AccessGrantIssue{},
			Warnings: []client.AccessGrantIssue{}, PendingMutations: []client.AccessGrantMutation{}}
		if g.Name != nil && *g.Name != "" {
			ug.DisplayName = *g.Name
		}
		if g.EndsAt != nil {
			t := client.NewTime(*g.EndsAt)
			ug.EndsAt = &t
		}
		if m := methodsOf[g.AccessGrantID]; m != nil {
			ug.AccessMethodIDs = m
		}
		var spaces []string
		for _, d := range devicesOf[g.AccessGrantID] {
			spaces = append(spaces, spacesOf[d]...)
		}
		if spaces = lintel.Distinct(spaces); len(spaces) > 0 {
			ug.SpaceIDs = spaces
		}
		ug.LocationIDs = ug.SpaceIDs
		ug.RequestedAccessMethods = []client.RequestedAccessMethod{{Mode: "code", DisplayName: modeNames["code"],
			CreatedAt: ug.CreatedAt, CreatedAccessMethodIDs: ug.AccessMethodIDs}}
		out[i] = ug
	}
	return out, nil
}

// presentUnmanagedMethod turns a stored unmanaged method into an API
// object: a code on a lock, issued since it was found.
func presentUnmanagedMethod(m store.UnmanagedAccessMethod) client.AccessMethod {
	code := m.Code
	issued := client.NewTime(m.IssuedAt)
	return client.AccessMethod{AccessMethodID: m.AccessMethodID, WorkspaceID: m.WorkspaceID, Mode: "code",
		DisplayName: modeNames["code"], Code: &code, IsIssued: true, IssuedAt: &issued, DisplayStatus: "issued",
		CreatedAt: client.NewTime(m.CreatedAt), Errors: []client.AccessMethodIssue{}, Warnings: []client.AccessMethodIssue{},
		PendingMutations: []client.AccessMethodMutation{}}
}
