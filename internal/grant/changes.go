package grant

import (
	"context"
	"slices"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/identity"
	"github.com/lintel-dev/lintel/internal/space"
	"github.com/lintel-dev/lintel/internal/store"
)

// Update renames a grant or moves its times, and re-resolves what its
// methods became: each credential's validity moves on its access system,
// and each code is replaced on its lock by one with the same PIN for the
// new window. It records access_grant.access_times_changed when the times
// moved, and schedules the new end in place of the old one, whose job it
// cancels.
func (s *Service) Update(ctx context.Context, p lintel.Principal, in client.AccessGrantsUpdateParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		g, err := findGrant(ctx, tx, ws, in.AccessGrantID, in.AccessGrantKey)
		if err != nil {
			return err
		}
		if g.State == stateEnded {
			return invalid("access_grant_id", "The access grant has ended")
		}
		var v lintel.InvalidInput
		now := s.clock()
		startsAt := in.StartsAt
		if startsAt == "" {
			startsAt = g.StartsAt.Format(time.RFC3339Nano)
		}
		var endsAt *string
		switch {
		case in.EndsAt.Set && !in.EndsAt.Null:
			endsAt = &in.EndsAt.Value
		case !in.EndsAt.Set && g.EndsAt != nil:
			e := g.EndsAt.Format(time.RFC3339Nano)
			endsAt = &e
		}
		starts, ends := window(&v, startsAt, endsAt, now)
		if err := v.Err(); err != nil {
			return err
		}
		if in.Name.Set {
			g.Name = nil
			if !in.Name.Null {
				g.Name = &in.Name.Value
			}
		}
		moved := !starts.Equal(g.StartsAt) || !sameTime(ends, g.EndsAt)
		g.StartsAt, g.EndsAt = starts, ends
		if moved {
			g.State = stateActive
			if starts.After(now) {
				g.State = stateScheduled
			}
		}
		if err := tx.UpdateAccessGrant(ctx, ws, g); err != nil {
			return err
		}
		if !moved {
			return nil
		}
		if err := s.retime(ctx, tx, g); err != nil {
			return err
		}
		if err := s.scheduleEnd(ctx, tx, g); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, ws, grantEvent(event.AccessGrantTimesChanged, g))
	})
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// retime brings what a grant's methods became to the grant's times.
func (s *Service) retime(ctx context.Context, tx *store.Tx, g store.AccessGrant) error {
	ws := g.WorkspaceID
	methods, objects, err := liveMethods(ctx, tx, ws, store.AccessMethodFilter{AccessGrantIDs: []string{g.AccessGrantID}})
	if err != nil {
		return err
	}
	var events []client.Event
	for _, m := range methods {
		reprogrammed := false
		for _, o := range objects[m.AccessMethodID] {
			switch o.ObjectType {
			case store.ObjectAcsCredential:
				if err := s.acs.SetCredentialTimesTx(ctx, tx, ws, o.ObjectID, &g.StartsAt, g.EndsAt); err != nil {
					return err
				}
			case store.ObjectAccessCode:
				on, err := s.replaceCode(ctx, tx, g, m.AccessMethodID, o)
				if err != nil {
					return err
				}
				reprogrammed = reprogrammed || on
			}
		}
		// An issued method whose codes were programmed again at once is
		// reissued; codes that go out later reissue it when they get
		// there (codeChanged).
		if m.IsIssued && reprogrammed {
			events = append(events, issueEvent(event.AccessMethodReissued, m))
		}
	}
	return s.events.Record(ctx, tx, ws, events...)
}

// replaceCode takes a method's code off its lock and puts one with the
// same PIN there for the grant's times; it reports whether the new code is
// on the lock at once (a connector that applies inline).
func (s *Service) replaceCode(ctx context.Context, tx *store.Tx, g store.AccessGrant, methodID string, o store.AccessMethodObject) (bool, error) {
	ws := g.WorkspaceID
	old, err := tx.AccessCode(ctx, ws, o.ObjectID)
	if err != nil {
		return false, notFound(err, errMethodNotFound)
	}
	d, err := tx.Device(ctx, ws, old.DeviceID)
	if err != nil {
		return false, err
	}
	if err := s.codes.DeleteTx(ctx, tx, ws, old.AccessCodeID); err != nil {
		return false, err
	}
	c, err := s.codes.CreateForGrantTx(ctx, tx, d, deref(old.Code), g.Name, &g.StartsAt, g.EndsAt)
	if err != nil {
		return false, err
	}
	if err := tx.RemoveAccessMethodObject(ctx, ws, methodID, store.ObjectAccessCode, old.AccessCodeID); err != nil {
		return false, err
	}
	if err := tx.AddAccessMethodObject(ctx, ws, store.AccessMethodObject{AccessMethodID: methodID,
		ObjectType: store.ObjectAccessCode, ObjectID: c.AccessCodeID, DeviceID: o.DeviceID}); err != nil {
		return false, err
	}
	return accesscode.IsOnLockTx(ctx, tx, ws, c.AccessCodeID)
}

// RequestAccessMethods adds access methods to a live grant, resolved on
// its places as at creation, and returns the grant.
func (s *Service) RequestAccessMethods(ctx context.Context, p lintel.Principal, in client.AccessGrantsRequestAccessMethodsParams) (client.AccessGrant, error) {
	var out client.AccessGrant
	reqs, err := parseRequested(in.RequestedAccessMethods, "requested_access_methods")
	if err != nil {
		return out, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		g, err := tx.AccessGrant(ctx, ws, in.AccessGrantID)
		if err != nil {
			return notFound(err, errGrantNotFound)
		}
		if g.State == stateEnded {
			return invalid("access_grant_id", "The access grant has ended")
		}
		r, err := grantReach(ctx, tx, g)
		if err != nil {
			return err
		}
		if err := s.resolve(ctx, tx, &g, r, reqs); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, ws, g.AccessGrantID)
		return err
	})
	return out, err
}

// wanted is the set of related kinds a get_related call asks for: include
// (default: all of kinds) without exclude.
func wanted(kinds, include, exclude []string) map[string]bool {
	if len(include) == 0 {
		include = kinds
	}
	out := map[string]bool{}
	for _, k := range include {
		out[k] = !slices.Contains(exclude, k)
	}
	return out
}

var grantRelatedKinds = []string{"spaces", "devices", "acs_entrances", "connected_accounts", "acs_systems",
	"user_identities", "acs_access_groups", "access_methods"}

// GetRelated returns the grants named, by id or key, with what they name
// and what is behind it: their spaces, devices and entrances, the
// connected accounts and access systems of those, their user identities
// and their access methods. lintel gives access through credentials, not
// access groups, so acs_access_groups is always empty. A grant id or key
// not of the workspace is not found.
func (s *Service) GetRelated(ctx context.Context, p lintel.Principal, in client.AccessGrantsGetRelatedParams) (client.AccessGrantRelated, error) {
	var out client.AccessGrantRelated
	want := wanted(grantRelatedKinds, in.Include, in.Exclude)
	err := s.store.View(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		var grants []store.AccessGrant
		add := func(g store.AccessGrant, err error) error {
			if err != nil {
				return notFound(err, errGrantNotFound)
			}
			if !slices.ContainsFunc(grants, func(x store.AccessGrant) bool { return x.AccessGrantID == g.AccessGrantID }) {
				grants = append(grants, g)
			}
			return nil
		}
		for _, id := range in.AccessGrantIDs {
			if err := add(tx.AccessGrant(ctx, ws, id)); err != nil {
				return err
			}
		}
		for _, key := range in.AccessGrantKeys {
			if err := add(tx.AccessGrantByKey(ctx, ws, key)); err != nil {
				return err
			}
		}
		ids := make([]string, len(grants))
		for i, g := range grants {
			ids[i] = g.AccessGrantID
		}
		places, err := tx.AccessGrantPlaces(ctx, ws, ids)
		if err != nil {
			return err
		}
		var spaces []store.Space
		var deviceIDs, entranceIDs []string
		for _, id := range ids {
			for _, pl := range places[id] {
				switch pl.Type {
				case store.PlaceSpace:
					sp, err := tx.Space(ctx, ws, pl.ID)
					if err != nil {
						if notFound(err, errSpaceNotFound) == errSpaceNotFound {
							continue // the space went after the grant named it
						}
						return err
					}
					spaces = append(spaces, sp)
				case store.PlaceDevice:
					deviceIDs = append(deviceIDs, pl.ID)
				case store.PlaceAcsEntrance:
					entranceIDs = append(entranceIDs, pl.ID)
				}
			}
		}
		rel, err := space.RelatedTx(ctx, tx, ws, spaces, deviceIDs, entranceIDs, want)
		if err != nil {
			return err
		}
		out = client.AccessGrantRelated{Spaces: rel.Spaces, Devices: rel.Devices, AcsEntrances: rel.AcsEntrances,
			ConnectedAccounts: rel.ConnectedAccounts, AcsSystems: rel.AcsSystems}
		if want["user_identities"] {
			var idents []store.UserIdentity
			for _, g := range grants {
				if slices.ContainsFunc(idents, func(u store.UserIdentity) bool { return u.UserIdentityID == g.UserIdentityID }) {
					continue
				}
				u, err := tx.UserIdentity(ctx, ws, g.UserIdentityID)
				if err != nil {
					return err
				}
				idents = append(idents, u)
			}
			if out.UserIdentities, err = identity.PresentTx(ctx, tx, ws, idents); err != nil {
				return err
			}
		}
		if want["acs_access_groups"] {
			out.AcsAccessGroups = []client.AcsAccessGroup{}
		}
		if want["access_methods"] {
			methods, err := tx.ListAccessMethods(ctx, ws, store.AccessMethodFilter{AccessGrantIDs: ids}, everything)
			if err != nil {
				return err
			}
			if out.AccessMethods, err = presentMethods(ctx, tx, ws, methods); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

var methodRelatedKinds = []string{"spaces", "devices", "acs_entrances", "access_grants", "access_methods", "acs_credentials",
	"client_sessions", "instant_keys"}

// GetMethodRelated returns the access methods named with what they
// became and where: their grants, the credentials and the locks they were
// resolved into, the spaces and entrances their grants name, and the
// live client sessions and instant keys of the grants' user identities. A
// method id not of the workspace is not found.
func (s *Service) GetMethodRelated(ctx context.Context, p lintel.Principal, in client.AccessMethodsGetRelatedParams) (client.AccessMethodRelated, error) {
	var out client.AccessMethodRelated
	want := wanted(methodRelatedKinds, in.Include, in.Exclude)
	err := s.store.View(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		var methods []store.AccessMethod
		for _, id := range lintel.Distinct(in.AccessMethodIDs) {
			m, err := tx.AccessMethod(ctx, ws, id)
			if err != nil {
				return notFound(err, errMethodNotFound)
			}
			methods = append(methods, m)
		}
		var grantIDs, methodIDs []string
		for _, m := range methods {
			grantIDs = append(grantIDs, m.AccessGrantID)
			methodIDs = append(methodIDs, m.AccessMethodID)
		}
		grantIDs = lintel.Distinct(grantIDs)
		objects, err := tx.AccessMethodObjects(ctx, ws, methodIDs)
		if err != nil {
			return err
		}
		var deviceIDs []string
		var creds []store.AcsCredential
		for _, id := range methodIDs {
			for _, o := range objects[id] {
				switch {
				case o.DeviceID != nil:
					deviceIDs = append(deviceIDs, *o.DeviceID)
				case o.ObjectType == store.ObjectAcsCredential:
					c, err := tx.AcsCredential(ctx, ws, o.ObjectID)
					if err != nil {
						if notFound(err, errMethodNotFound) == errMethodNotFound {
							continue
						}
						return err
					}
					creds = append(creds, c)
				}
			}
		}
		places, err := tx.AccessGrantPlaces(ctx, ws, grantIDs)
		if err != nil {
			return err
		}
		var spaces []store.Space
		var entranceIDs []string
		for _, id := range grantIDs {
			for _, pl := range places[id] {
				switch pl.Type {
				case store.PlaceSpace:
					sp, err := tx.Space(ctx, ws, pl.ID)
					if err == nil {
						spaces = append(spaces, sp)
					} else if notFound(err, errSpaceNotFound) != errSpaceNotFound {
						return err
					}
				case store.PlaceAcsEntrance:
					entranceIDs = append(entranceIDs, pl.ID)
				}
			}
		}
		rel, err := space.RelatedTx(ctx, tx, ws, spaces, deviceIDs, entranceIDs, want)
		if err != nil {
			return err
		}
		out = client.AccessMethodRelated{Spaces: rel.Spaces, Devices: rel.Devices, AcsEntrances: rel.AcsEntrances}
		if want["access_methods"] {
			if out.AccessMethods, err = presentMethods(ctx, tx, ws, methods); err != nil {
				return err
			}
		}
		var grants []store.AccessGrant
		var identities []string
		for _, id := range grantIDs {
			g, err := tx.AccessGrant(ctx, ws, id)
			if err != nil {
				return err
			}
			grants = append(grants, g)
			identities = append(identities, g.UserIdentityID)
		}
		if want["access_grants"] {
			if out.AccessGrants, err = s.present(ctx, tx, ws, grants); err != nil {
				return err
			}
		}
		if want["client_sessions"] && s.sessions != nil {
			if out.ClientSessions, err = s.sessions.SessionsOfIdentitiesTx(ctx, tx, ws, identities); err != nil {
				return err
			}
		}
		if want["instant_keys"] && s.instantKeys != nil {
			if out.InstantKeys, err = s.instantKeys.KeysOfIdentitiesTx(ctx, tx, ws, identities); err != nil {
				return err
			}
		}
		if want["acs_credentials"] {
			if out.AcsCredentials, err = s.acs.PresentCredentialsTx(ctx, tx, ws, creds); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
