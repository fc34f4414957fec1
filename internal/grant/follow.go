package grant

import (
	"context"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// SpaceChanged is told, in the transaction, that what a space of the
// workspace holds changed (entrances or devices added or removed, the
// space deleted; space.Grants). Every live grant naming the space follows
// it: what its methods were resolved into is brought to what its places
// reach now (follow), and its doors are brought up to date. A grant names
// a space's own entrances and devices, not those of the spaces under it,
// as when it was created (reachOf).
func (s *Service) SpaceChanged(ctx context.Context, tx *store.Tx, workspaceID, spaceID string) error {
	grants, err := tx.ListAccessGrants(ctx, workspaceID, store.AccessGrantFilter{SpaceID: spaceID}, everything)
	if err != nil {
		return err
	}
	for _, g := range grants {
		if g.State == stateEnded {
			continue
		}
		if err := s.follow(ctx, tx, g); err != nil {
			return err
		}
	}
	return nil
}

// follow brings a live grant's methods to what its places reach now, as
// create would resolve them: a method gets a credential (or its credential
// the entrance) on an entrance it now reaches and a code with its PIN on a
// lock it now reaches, and loses what only a place no longer reached gave
// it: the entrance is taken from its credential, a credential left without
// entrances is revoked, a code on a lock no longer reached is taken off. A
// method left with nothing is revoked and deleted; a requested method that
// has none yet (no place took it) is created if a place takes it now (and
// the grant's error about it cleared once none is missing); a mode left
// with no method gives the grant that error (and its event) again. Then
// the grant's doors are brought up to date (syncDoors).
func (s *Service) follow(ctx context.Context, tx *store.Tx, g store.AccessGrant) error {
	ws := g.WorkspaceID
	r, err := grantReach(ctx, tx, g)
	if err != nil {
		return err
	}
	shown, is, err := shownState(g)
	if err != nil {
		return err
	}
	methods, objects, err := liveMethods(ctx, tx, ws, store.AccessMethodFilter{AccessGrantIDs: []string{g.AccessGrantID}})
	if err != nil {
		return err
	}
	var kept []store.AccessMethod
	for _, m := range methods {
		left, err := s.fit(ctx, tx, g, r, &m, objects[m.AccessMethodID], &is)
		if err != nil {
			return err
		}
		if left > 0 {
			kept = append(kept, m)
			continue
		}
		if err := s.revoke(ctx, tx, system(ws), m, true); err != nil {
			return err
		}
		for i := range shown {
			shown[i].CreatedAccessMethodIDs = slices.DeleteFunc(shown[i].CreatedAccessMethodIDs,
				func(id string) bool { return id == m.AccessMethodID })
		}
	}
	for i, ra := range shown {
		if len(ra.CreatedAccessMethodIDs) > 0 {
			continue
		}
		m, err := s.addMethod(ctx, tx, g, r, requested{Mode: ra.Mode, Code: ra.Code}, &is)
		if err != nil {
			return err
		}
		if m != nil {
			shown[i].CreatedAccessMethodIDs = []string{m.AccessMethodID}
			kept = append(kept, *m)
		}
	}
	missing := is.markMissing(g, shown, tx.Now())
	if err := setShownState(&g, shown, is); err != nil {
		return err
	}
	if err := tx.UpdateAccessGrant(ctx, ws, g); err != nil {
		return err
	}
	if missing != nil {
		if err := s.events.Record(ctx, tx, ws, *missing); err != nil {
			return err
		}
	}
	for _, m := range kept {
		if err := s.refresh(ctx, tx, m); err != nil {
			return err
		}
	}
	return s.syncDoors(ctx, tx, ws, g.AccessGrantID)
}

// fit brings one method's objects to the reach r of its grant and returns
// how many credentials and codes it has left.
func (s *Service) fit(ctx context.Context, tx *store.Tx, g store.AccessGrant, r reach, m *store.AccessMethod,
	objects []store.AccessMethodObject, is *issues) (int, error) {
	ws := g.WorkspaceID
	p := system(ws)
	wanted, systems, locks := takers(r, m.Mode, tx.Now(), is)
	left := 0
	onSystem := map[string]bool{}
	onLock := map[string]bool{}
	var users []string
	for _, o := range objects {
		switch {
		case o.ObjectType == store.ObjectAcsCredential && o.AcsSystemID != nil:
			sysID := *o.AcsSystemID
			_, err := tx.AcsCredential(ctx, ws, o.ObjectID)
			if errors.Is(err, store.ErrNotFound) {
				// Deleted on its own since: not brought back here.
				onSystem[sysID] = true
				continue
			}
			if err != nil {
				return 0, err
			}
			if ids := wanted[sysID]; len(ids) > 0 {
				if _, err := s.acs.SetCredentialEntrancesTx(ctx, tx, ws, o.ObjectID, ids); err != nil {
					return 0, err
				}
				onSystem[sysID] = true
				left++
				continue
			}
			if err := s.acs.DeleteCredentialTx(ctx, tx, p, o.ObjectID); err != nil {
				return 0, err
			}
			if err := tx.RemoveAccessMethodObject(ctx, ws, m.AccessMethodID, o.ObjectType, o.ObjectID); err != nil {
				return 0, err
			}
			users = append(users, usersOn(objects, sysID)...)
		case o.ObjectType == store.ObjectAccessCode && o.DeviceID != nil:
			if slices.ContainsFunc(locks, func(d store.Device) bool { return d.DeviceID == *o.DeviceID }) {
				onLock[*o.DeviceID] = true
				left++
				continue
			}
			if err := s.codes.DeleteTx(ctx, tx, ws, o.ObjectID); err != nil {
				return 0, err
			}
			if err := tx.RemoveAccessMethodObject(ctx, ws, m.AccessMethodID, o.ObjectType, o.ObjectID); err != nil {
				return 0, err
			}
		}
	}
	// The users the grant made on systems it no longer reaches go once
	// they hold nothing else. The method keeps them among its objects: one
	// that still holds another method's credential is dropped when this
	// method is revoked, if it holds nothing by then, and found again if
	// the system comes back.
	if err := s.dropUsers(ctx, tx, p, users); err != nil {
		return 0, err
	}
	added := false
	for _, d := range locks {
		if onLock[d.DeviceID] {
			continue
		}
		if err := s.codeOn(ctx, tx, g, m, d, is); err != nil {
			return 0, err
		}
		left++
		added = true
	}
	encoding := m.IsEncodingRequired
	for _, sysID := range systems {
		if onSystem[sysID] {
			continue
		}
		if err := s.credentialOn(ctx, tx, g, m, sysID, wanted[sysID]); err != nil {
			return 0, err
		}
		left++
		added = true
	}
	if !added || left == 0 {
		return left, nil
	}
	if err := tx.UpdateAccessMethod(ctx, ws, *m); err != nil {
		return 0, err
	}
	if m.IsEncodingRequired && !encoding {
		return left, s.events.Record(ctx, tx, ws, methodEvent(event.AccessMethodEncodingRequired, *m))
	}
	return left, nil
}

// usersOn returns the ACS users a method's objects say its grant created
// on a system.
func usersOn(objects []store.AccessMethodObject, acsSystemID string) []string {
	var out []string
	for _, o := range objects {
		if o.ObjectType == store.ObjectAcsUser && o.AcsSystemID != nil && *o.AcsSystemID == acsSystemID {
			out = append(out, o.ObjectID)
		}
	}
	return out
}
