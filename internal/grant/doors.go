package grant

import (
	"context"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// syncDoors brings a live grant's doors to what its methods reach now. An
// entrance of the grant's places that an issued credential of one of its
// methods opens is a door: access_grant.access_granted_to_door when it
// becomes one. A door no longer reached (its method was deleted, its
// credential or entrance went) is lost: access_grant.access_to_door_lost.
// Locks are not doors here: Seam's per-door events name an entrance, and a
// lock has none. An ended or deleted grant is left alone: its end has its
// own events.
func (s *Service) syncDoors(ctx context.Context, tx *store.Tx, ws, accessGrantID string) error {
	g, err := tx.AccessGrant(ctx, ws, accessGrantID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if g.State == stateEnded {
		return nil
	}
	reached, err := reachedDoors(ctx, tx, g)
	if err != nil {
		return err
	}
	doors, err := tx.AccessGrantDoors(ctx, ws, g.AccessGrantID)
	if err != nil {
		return err
	}
	var events []client.Event
	for _, id := range doors {
		if slices.Contains(reached, id) {
			continue
		}
		removed, err := tx.RemoveAccessGrantDoor(ctx, ws, g.AccessGrantID, id)
		if err != nil {
			return err
		}
		if removed {
			events = append(events, doorEvent(event.AccessGrantDoorLost, g, id))
		}
	}
	for _, id := range reached {
		if slices.Contains(doors, id) {
			continue
		}
		added, err := tx.AddAccessGrantDoor(ctx, ws, g.AccessGrantID, id)
		if err != nil {
			return err
		}
		if added {
			events = append(events, doorEvent(event.AccessGrantGrantedToDoor, g, id))
		}
	}
	return s.events.Record(ctx, tx, ws, events...)
}

// reachedDoors returns, sorted, the entrances of a grant's places that an
// issued credential of one of its live methods opens.
func reachedDoors(ctx context.Context, tx *store.Tx, g store.AccessGrant) ([]string, error) {
	ws := g.WorkspaceID
	r, err := grantReach(ctx, tx, g)
	if err != nil {
		return nil, err
	}
	methods, objects, err := liveMethods(ctx, tx, ws, store.AccessMethodFilter{AccessGrantIDs: []string{g.AccessGrantID}})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range methods {
		for _, o := range objects[m.AccessMethodID] {
			if o.ObjectType != store.ObjectAcsCredential {
				continue
			}
			c, err := tx.AcsCredential(ctx, ws, o.ObjectID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if !c.IsIssued {
				continue
			}
			opened, err := tx.AcsEntrances(ctx, ws, store.AcsEntranceFilter{AcsCredentialID: c.AcsCredentialID})
			if err != nil {
				return nil, err
			}
			for _, e := range opened {
				if slices.ContainsFunc(r.entrances, func(x store.AcsEntrance) bool { return x.AcsEntranceID == e.AcsEntranceID }) {
					out = append(out, e.AcsEntranceID)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// doorEvent is an access_grant.* event about one of g's doors.
func doorEvent(eventType string, g store.AccessGrant, acsEntranceID string) client.Event {
	return client.Event{EventType: eventType, AccessGrantID: g.AccessGrantID, AcsEntranceID: acsEntranceID}
}
