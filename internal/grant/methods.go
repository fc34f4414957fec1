package grant

import (
	"context"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Default page size of access_methods/list (the spec's).
const defaultMethodListLimit = 500

// ready reports whether an object of a method gives access now: a
// credential the access system has (or, for a card, that an encoder
// wrote), a code on its lock (or held there for its window).
func ready(ctx context.Context, tx *store.Tx, ws string, o store.AccessMethodObject) (bool, error) {
	switch o.ObjectType {
	case store.ObjectAcsCredential:
		c, err := tx.AcsCredential(ctx, ws, o.ObjectID)
		if errors.Is(err, store.ErrNotFound) {
			return false, nil
		}
		return err == nil && c.IsIssued, err
	case store.ObjectAccessCode:
		return accesscode.IsOnLockTx(ctx, tx, ws, o.ObjectID)
	}
	return true, nil
}

// refresh brings a method's grant's doors to what it reaches now
// (syncDoors), then marks the method issued once every object it was
// resolved into gives access (access_method.issued; a delay or failure of
// issuing it is then over), and, when that was the grant's last method to
// be issued, records access_grant.access_granted_to_all_doors.
func (s *Service) refresh(ctx context.Context, tx *store.Tx, m store.AccessMethod) error {
	ws := m.WorkspaceID
	if ws == "" {
		return errors.New("grant: refresh of a method without its workspace")
	}
	if err := s.syncDoors(ctx, tx, ws, m.AccessGrantID); err != nil {
		return err
	}
	if m.IsIssued {
		return nil
	}
	objects, err := tx.AccessMethodObjects(ctx, ws, []string{m.AccessMethodID})
	if err != nil {
		return err
	}
	if len(objects[m.AccessMethodID]) == 0 {
		return nil
	}
	for _, o := range objects[m.AccessMethodID] {
		ok, err := ready(ctx, tx, ws, o)
		if err != nil || !ok {
			return err
		}
	}
	now := tx.Now()
	m.IsIssued, m.IssuedAt = true, &now
	m.IssueDelayedAt, m.IssueFailedAt = nil, nil
	if err := tx.UpdateAccessMethod(ctx, ws, m); err != nil {
		return err
	}
	events := []client.Event{issueEvent(event.AccessMethodIssued, m)}
	siblings, err := tx.ListAccessMethods(ctx, ws, store.AccessMethodFilter{AccessGrantIDs: []string{m.AccessGrantID}},
		everything)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(siblings, func(x store.AccessMethod) bool { return !x.IsIssued }) {
		events = append(events, client.Event{EventType: event.AccessGrantGrantedToAllDoors, AccessGrantID: m.AccessGrantID})
	}
	return s.events.Record(ctx, tx, ws, events...)
}

// issueEvent is access_method.issued or access_method.reissued about m,
// with its PIN for a code.
func issueEvent(eventType string, m store.AccessMethod) client.Event {
	e := methodEvent(eventType, m)
	e.Code = deref(m.Code)
	return e
}

// CredentialIssued is told by the ACS domain that a credential is issued:
// the methods resolved into it may now be issued (acs.AccessMethods).
func (s *Service) CredentialIssued(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID string) error {
	return s.objectChanged(ctx, tx, workspaceID, store.ObjectAcsCredential, acsCredentialID, false)
}

// CredentialReissued is told by the ACS domain that a credential was
// issued again (a card encoded again): the issued methods resolved into it
// record access_method.reissued (acs.AccessMethods).
func (s *Service) CredentialReissued(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID string) error {
	return s.objectChanged(ctx, tx, workspaceID, store.ObjectAcsCredential, acsCredentialID, true)
}

// codeChanged is told by the access codes domain that a code reached its
// lock, or that its window opened there; programmed says it was written
// onto the lock (accesscode.Watcher). An issued method whose code is
// written again (reconciliation found it missing) is reissued.
func (s *Service) codeChanged(ctx context.Context, tx *store.Tx, workspaceID, accessCodeID string, programmed bool) error {
	return s.objectChanged(ctx, tx, workspaceID, store.ObjectAccessCode, accessCodeID, programmed)
}

// objectChanged refreshes the methods resolved into an object; again says
// the object was issued anew, which an issued method records as
// access_method.reissued.
func (s *Service) objectChanged(ctx context.Context, tx *store.Tx, workspaceID, objectType, objectID string, again bool) error {
	methods, err := tx.AccessMethodsOfObject(ctx, workspaceID, objectType, objectID)
	if err != nil {
		return err
	}
	for _, m := range methods {
		if m.IsIssued && again {
			if err := s.events.Record(ctx, tx, workspaceID, issueEvent(event.AccessMethodReissued, m)); err != nil {
				return err
			}
		}
		if err := s.refresh(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// CardCredentialOf returns the card credential an access method of the
// workspace was resolved into on an access system, for encoding it
// (acs.AccessMethods).
func (s *Service) CardCredentialOf(ctx context.Context, tx *store.Tx, workspaceID, accessMethodID, acsSystemID string) (string, error) {
	m, err := tx.AccessMethod(ctx, workspaceID, accessMethodID)
	if err != nil {
		return "", notFound(err, errMethodNotFound)
	}
	if m.Mode != "card" {
		return "", invalid("access_method_id", "Only an access method of mode card can be encoded; this one is "+m.Mode)
	}
	objects, err := tx.AccessMethodObjects(ctx, workspaceID, []string{m.AccessMethodID})
	if err != nil {
		return "", err
	}
	for _, o := range objects[m.AccessMethodID] {
		if o.ObjectType == store.ObjectAcsCredential && o.AcsSystemID != nil && *o.AcsSystemID == acsSystemID {
			return o.ObjectID, nil
		}
	}
	return "", invalid("acs_encoder_id", "The access method has no card on the encoder's access system")
}

// revoke takes down what a method was resolved into, with the guarantees
// of the lower layers: each credential is invalidated at once and revoked
// on its access system (acs/credentials/delete), each code taken off its
// lock (access_codes/delete), and each user the grant created deleted
// (acs/users/delete) once it holds no other credential. The method is
// then deleted; revoked says whether to record access_method.revoked (it
// gave access) before access_method.deleted (asDeleted).
func (s *Service) revoke(ctx context.Context, tx *store.Tx, p lintel.Principal, m store.AccessMethod, asDeleted bool) error {
	ws := m.WorkspaceID
	if err := tx.DeleteAccessMethod(ctx, ws, m.AccessMethodID); err != nil {
		return notFound(err, errMethodNotFound)
	}
	objects, err := tx.AccessMethodObjects(ctx, ws, []string{m.AccessMethodID})
	if err != nil {
		return err
	}
	var users []string
	for _, o := range objects[m.AccessMethodID] {
		switch o.ObjectType {
		case store.ObjectAcsCredential:
			if _, err := tx.AcsCredential(ctx, ws, o.ObjectID); errors.Is(err, store.ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			if err := s.acs.DeleteCredentialTx(ctx, tx, p, o.ObjectID); err != nil {
				return err
			}
		case store.ObjectAccessCode:
			if err := s.codes.DeleteTx(ctx, tx, ws, o.ObjectID); err != nil {
				return err
			}
		case store.ObjectAcsUser:
			users = append(users, o.ObjectID)
		}
	}
	if err := s.dropUsers(ctx, tx, p, users); err != nil {
		return err
	}
	var events []client.Event
	if m.IsIssued || !asDeleted {
		events = append(events, methodEvent(event.AccessMethodRevoked, m))
	}
	if asDeleted {
		events = append(events, methodEvent(event.AccessMethodDeleted, m))
	}
	return s.events.Record(ctx, tx, ws, events...)
}

// dropUsers deletes (acs/users/delete) each listed ACS user a grant
// created that holds no live credential any more.
func (s *Service) dropUsers(ctx context.Context, tx *store.Tx, p lintel.Principal, users []string) error {
	ws := p.WorkspaceID
	for _, id := range users {
		u, err := tx.AcsUser(ctx, ws, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && u.DeleteRequestedAt != nil) {
			continue
		}
		if err != nil {
			return err
		}
		others, err := tx.ListAcsCredentials(ctx, ws, store.AcsCredentialFilter{AcsUserID: id}, page.Request{Limit: 1})
		if err != nil {
			return err
		}
		if len(others) > 0 {
			continue
		}
		if err := s.acs.DeleteUserTx(ctx, tx, p, acs.UserRef{AcsUserID: id}); err != nil {
			return err
		}
	}
	return nil
}

// GetMethod returns a live access method of the caller's workspace.
func (s *Service) GetMethod(ctx context.Context, p lintel.Principal, accessMethodID string) (client.AccessMethod, error) {
	var out client.AccessMethod
	err := s.store.View(ctx, func(tx *store.Tx) error {
		m, err := tx.AccessMethod(ctx, p.WorkspaceID, accessMethodID)
		if err != nil {
			return notFound(err, errMethodNotFound)
		}
		list, err := presentMethods(ctx, tx, p.WorkspaceID, []store.AccessMethod{m})
		if err == nil {
			out = list[0]
		}
		return err
	})
	return out, err
}

// ListMethods returns one page of the access methods of a grant (by id or
// key) or of the grants that open an entrance, oldest first, narrowed by
// device, space or access code.
func (s *Service) ListMethods(ctx context.Context, p lintel.Principal, in client.AccessMethodsListParams) ([]client.AccessMethod, page.Pagination, error) {
	var out []client.AccessMethod
	var pg page.Pagination
	if in.AccessGrantID == "" && in.AccessGrantKey == "" && in.AcsEntranceID == "" {
		return nil, pg, invalid("access_grant_id", "Required: give access_grant_id, access_grant_key or acs_entrance_id")
	}
	r, err := page.ListRequest(in, defaultMethodListLimit)
	if err != nil {
		return nil, pg, err
	}
	err = s.store.View(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		f := store.AccessMethodFilter{DeviceID: in.DeviceID, AccessCodeID: in.AccessCodeID}
		if in.AccessGrantID != "" || in.AccessGrantKey != "" {
			g, err := findGrant(ctx, tx, ws, in.AccessGrantID, in.AccessGrantKey)
			if err != nil {
				return err
			}
			f.AccessGrantIDs = []string{g.AccessGrantID}
		}
		if in.AcsEntranceID != "" {
			ids, err := grantsOpening(ctx, tx, ws, in.AcsEntranceID)
			if err != nil {
				return err
			}
			f.AccessGrantIDs = intersect(f.AccessGrantIDs, ids)
		}
		if in.SpaceID != "" {
			ids, err := methodsInSpace(ctx, tx, ws, in.SpaceID, f.AccessGrantIDs)
			if err != nil {
				return err
			}
			f.AccessMethodIDs = ids
		}
		rows, err := tx.ListAccessMethods(ctx, ws, f, r)
		if err != nil {
			return err
		}
		rows, pg = page.Result(r, rows, func(m store.AccessMethod) page.Key {
			return page.Key{CreatedAt: m.CreatedAt, ID: m.AccessMethodID}
		})
		out, err = presentMethods(ctx, tx, ws, rows)
		return err
	})
	return out, pg, err
}

// intersect is b narrowed to a; a nil a does not narrow.
func intersect(a, b []string) []string {
	if a == nil {
		return b
	}
	out := []string{}
	for _, x := range b {
		if slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}

// grantsOpening returns the live grants of the workspace that name an
// entrance of the workspace, directly or through a space.
func grantsOpening(ctx context.Context, tx *store.Tx, ws, acsEntranceID string) ([]string, error) {
	e, err := tx.AcsEntrance(ctx, ws, acsEntranceID)
	if err != nil {
		return nil, notFound(err, errEntranceNotFound)
	}
	grants, err := tx.ListAccessGrants(ctx, ws, store.AccessGrantFilter{AcsSystemID: e.AcsSystemID}, everything)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, g := range grants {
		r, err := grantReach(ctx, tx, g)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(r.entrances, func(x store.AcsEntrance) bool { return x.AcsEntranceID == acsEntranceID }) {
			out = append(out, g.AccessGrantID)
		}
	}
	return out, nil
}

// liveMethods returns the live methods of the workspace that f keeps, with
// the objects they were resolved into, by method.
func liveMethods(ctx context.Context, tx *store.Tx, ws string, f store.AccessMethodFilter) ([]store.AccessMethod, map[string][]store.AccessMethodObject, error) {
	methods, err := tx.ListAccessMethods(ctx, ws, f, everything)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(methods))
	for i, m := range methods {
		ids[i] = m.AccessMethodID
	}
	objects, err := tx.AccessMethodObjects(ctx, ws, ids)
	return methods, objects, err
}

// methodsInSpace returns the live methods of the listed grants (every
// grant when nil) that were resolved into an object on a device of a
// space, or on the access system of one of its entrances.
func methodsInSpace(ctx context.Context, tx *store.Tx, ws, spaceID string, grantIDs []string) ([]string, error) {
	if _, err := tx.Space(ctx, ws, spaceID); err != nil {
		return nil, notFound(err, errSpaceNotFound)
	}
	r, err := reachOf(ctx, tx, ws, []store.AccessGrantPlace{{Type: store.PlaceSpace, ID: spaceID}})
	if err != nil {
		return nil, err
	}
	methods, objects, err := liveMethods(ctx, tx, ws, store.AccessMethodFilter{AccessGrantIDs: grantIDs})
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, m := range methods {
		id := m.AccessMethodID
		if slices.ContainsFunc(objects[id], func(o store.AccessMethodObject) bool {
			return (o.DeviceID != nil && slices.ContainsFunc(r.devices, func(d store.Device) bool { return d.DeviceID == *o.DeviceID })) ||
				(o.AcsSystemID != nil && slices.ContainsFunc(r.entrances, func(e store.AcsEntrance) bool { return e.AcsSystemID == *o.AcsSystemID }))
		}) {
			out = append(out, id)
		}
	}
	return out, nil
}

// DeleteMethods deletes one access method, or every method of a grant
// (by id or by reservation key), taking down what they were resolved
// into. The grant stays.
func (s *Service) DeleteMethods(ctx context.Context, p lintel.Principal, in client.AccessMethodsDeleteParams) error {
	n := 0
	for _, x := range []string{in.AccessMethodID, in.AccessGrantID, in.ReservationKey} {
		if x != "" {
			n++
		}
	}
	if n != 1 {
		return invalid("access_method_id", "Give exactly one of access_method_id, access_grant_id or reservation_key")
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		var methods []store.AccessMethod
		switch {
		case in.AccessMethodID != "":
			m, err := tx.AccessMethod(ctx, ws, in.AccessMethodID)
			if err != nil {
				return notFound(err, errMethodNotFound)
			}
			methods = []store.AccessMethod{m}
		default:
			f := store.AccessGrantFilter{ReservationKey: in.ReservationKey}
			if in.AccessGrantID != "" {
				f.AccessGrantIDs = []string{in.AccessGrantID}
			}
			grants, err := tx.ListAccessGrants(ctx, ws, f, everything)
			if err != nil {
				return err
			}
			if len(grants) == 0 {
				return errGrantNotFound
			}
			ids := make([]string, len(grants))
			for i, g := range grants {
				ids[i] = g.AccessGrantID
			}
			if methods, err = tx.ListAccessMethods(ctx, ws, store.AccessMethodFilter{AccessGrantIDs: ids},
				everything); err != nil {
				return err
			}
		}
		var grants []string
		for _, m := range methods {
			if err := audit.Record(ctx, tx, p, "access_method.delete", "access_method", m.AccessMethodID, audit.Succeeded); err != nil {
				return err
			}
			if err := s.revoke(ctx, tx, p, m, true); err != nil {
				return err
			}
			grants = append(grants, m.AccessGrantID)
		}
		// The grants stay: the doors only the deleted methods opened are
		// lost.
		for _, id := range lintel.Distinct(grants) {
			if err := s.syncDoors(ctx, tx, ws, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// presentMethods turns stored methods of the workspace into API objects.
// A method not yet issued shows what is being set up (provisioning_access,
// with its locks) unless it waits for a card to be encoded.
func presentMethods(ctx context.Context, tx *store.Tx, ws string, rows []store.AccessMethod) ([]client.AccessMethod, error) {
	ids := make([]string, len(rows))
	for i, m := range rows {
		ids[i] = m.AccessMethodID
	}
	objects, err := tx.AccessMethodObjects(ctx, ws, ids)
	if err != nil {
		return nil, err
	}
	out := make([]client.AccessMethod, len(rows))
	for i, m := range rows {
		am := client.AccessMethod{AccessMethodID: m.AccessMethodID, WorkspaceID: m.WorkspaceID, Mode: m.Mode,
			DisplayName: m.DisplayName, Code: m.Code, IsIssued: m.IsIssued, IsEncodingRequired: m.IsEncodingRequired,
			IsReadyForEncoding: m.IsEncodingRequired && !m.IsIssued, CreatedAt: client.NewTime(m.CreatedAt),
			Errors: []client.AccessMethodIssue{}, Warnings: []client.AccessMethodIssue{},
			PendingMutations: []client.AccessMethodMutation{}, DisplayStatus: "issued"}
		if m.IssuedAt != nil {
			t := client.NewTime(*m.IssuedAt)
			am.IssuedAt = &t
		}
		switch {
		case m.IsIssued:
		case m.IssueFailedAt != nil:
			am.Errors = append(am.Errors, client.AccessMethodIssue{ErrorCode: "failed_to_issue",
				Message:   "The access method could not be issued: a device or access system did not take it",
				CreatedAt: client.NewTime(*m.IssueFailedAt)})
		case m.IssueDelayedAt != nil:
			am.Warnings = append(am.Warnings, client.AccessMethodIssue{WarningCode: "delay_in_issuing",
				Message:   "Issuing the access method is taking longer than expected: a device or access system is not answering",
				CreatedAt: client.NewTime(*m.IssueDelayedAt)})
		}
		if !m.IsIssued {
			am.DisplayStatus = "pending"
			switch {
			case m.IsEncodingRequired:
				am.DisplayStatus = "encoding_required"
			case m.IssueFailedAt != nil:
				// Nothing is under way any more.
			default:
				devices := []string{}
				for _, o := range objects[m.AccessMethodID] {
					if o.DeviceID != nil {
						devices = append(devices, *o.DeviceID)
					}
				}
				am.PendingMutations = append(am.PendingMutations, client.AccessMethodMutation{MutationCode: "provisioning_access",
					Message: "Setting up the access method on its devices and access systems", CreatedAt: client.NewTime(m.CreatedAt),
					From: client.AccessMethodDevs{DeviceIDs: []string{}}, To: client.AccessMethodDevs{DeviceIDs: devices}})
			}
		}
		out[i] = am
	}
	return out, nil
}
