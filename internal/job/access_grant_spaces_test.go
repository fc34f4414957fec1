package job_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/grant"
	"github.com/lintel-dev/lintel/internal/space"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestGrantsFollowSpacesThroughTheQueue: three grants name one space
// holding an entrance of a remote access system: one live, one that has
// ended, one scheduled. While the lock's and the system's connectors are in
// an outage, a lock added to the space gets the live grant's PIN and the
// scheduled grant's code through the mutation queue, not at once; the
// entrance taken from the space and given back gets the live grant a new
// credential, issued through the queue, and the door back once it is. The
// ended grant gets nothing.
func TestGrantsFollowSpacesThroughTheQueue(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true})
		ctx := context.Background()
		p := principal(e.A)
		d := e.setLockSandbox(0, connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: 1}, true)
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: 1})
		entrance := e.A.Systems[0].EntranceIDs[0]
		sp, err := e.app.Spaces.Create(ctx, p, client.SpacesCreateParams{Name: "Room 101", AcsEntranceIDs: []string{entrance}})
		if err != nil {
			t.Fatal(err)
		}
		t0 := e.clock.Now().UTC().Truncate(time.Second)
		create := func(code string, starts, ends time.Time) client.AccessGrant {
			t.Helper()
			var endsAt *string
			if !ends.IsZero() {
				s := ends.Format(time.RFC3339)
				endsAt = &s
			}
			req := `[{"mode":"code"}]`
			if code != "" {
				req = `[{"mode":"code","code":"` + code + `"}]`
			}
			in := client.AccessGrantsCreateParams{UserIdentityID: e.guest().UserIdentityID, SpaceIDs: []string{sp.SpaceID},
				EndsAt: endsAt, RequestedAccessMethods: json.RawMessage(req)}
			if !starts.IsZero() {
				in.StartsAt = starts.Format(time.RFC3339)
			}
			g, err := e.app.Grants.Create(ctx, p, in)
			if err != nil || len(g.AccessMethodIDs) != 1 {
				t.Fatalf("Create = %+v, %v", g, err)
			}
			return g
		}
		live := create("4821", time.Time{}, time.Time{})
		ended := create("", time.Time{}, t0.Add(time.Hour))
		scheduled := create("", t0.Add(3*time.Hour), time.Time{})
		objects := func(methodID string) map[string][]string {
			t.Helper()
			out := map[string][]string{}
			e.view(func(ctx context.Context, tx *store.Tx) error {
				got, err := tx.AccessMethodObjects(ctx, e.A.WorkspaceID, []string{methodID})
				for _, o := range got[methodID] {
					out[o.ObjectType] = append(out[o.ObjectType], o.ObjectID)
				}
				return err
			})
			return out
		}
		issued := func(credID string) bool {
			t.Helper()
			c, err := e.app.Acs.GetCredential(ctx, p, credID)
			return err == nil && c.IsIssued
		}
		doorEvents := func(eventType string) int {
			n := 0
			for _, et := range e.grantEventTypes(live.AccessGrantID) {
				if et == eventType {
					n++
				}
			}
			return n
		}
		liveMethod := live.AccessMethodIDs[0]
		firstCred := objects(liveMethod)[store.ObjectAcsCredential]
		if len(firstCred) != 1 {
			t.Fatalf("the live grant's objects: %v", objects(liveMethod))
		}
		e.eventually("the live grant's credential was issued", func() (bool, error) { return issued(firstCred[0]), nil })

		e.clock.Advance(time.Hour)
		e.runGrantDue(grant.Due{WorkspaceID: e.A.WorkspaceID, AccessGrantID: ended.AccessGrantID, At: t0.Add(time.Hour).UnixMilli()})
		endedEvents := e.grantEventTypes(ended.AccessGrantID)

		outage := connector.SandboxConfig{Mode: connector.SandboxRemote, OutageUntil: e.clock.Now().Add(30 * time.Minute).UnixMilli()}
		e.setLockSandbox(0, outage, true)
		e.setSandbox(e.A, 0, outage)
		if err := e.app.Spaces.AddMembers(ctx, p, sp.SpaceID, space.Devices, []string{d.DeviceID}); err != nil {
			t.Fatal(err)
		}
		if got := objects(liveMethod)[store.ObjectAccessCode]; len(got) != 1 {
			t.Fatalf("the live grant's codes after the lock was added: %v", got)
		}
		if got := objects(scheduled.AccessMethodIDs[0])[store.ObjectAccessCode]; len(got) != 1 {
			t.Errorf("the scheduled grant's codes after the lock was added: %v", got)
		}
		if got := e.codesOnLock(d); len(got) != 0 {
			t.Errorf("the lock holds %v during the outage", got)
		}

		// The entrance goes: the credential is revoked; it comes back: a new
		// one is issued through the queue.
		if err := e.app.Spaces.RemoveMembers(ctx, p, sp.SpaceID, space.AcsEntrances, []string{entrance}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.Acs.GetCredential(ctx, p, firstCred[0]); err == nil {
			t.Error("the credential outlived its entrance's leaving the space")
		}
		if n := doorEvents("access_grant.access_to_door_lost"); n != 1 {
			t.Errorf("%d access_to_door_lost, want 1", n)
		}
		if err := e.app.Spaces.AddMembers(ctx, p, sp.SpaceID, space.AcsEntrances, []string{entrance}); err != nil {
			t.Fatal(err)
		}
		creds := objects(liveMethod)[store.ObjectAcsCredential]
		if len(creds) != 1 || creds[0] == firstCred[0] {
			t.Fatalf("the live grant's credentials after the entrance came back: %v", creds)
		}
		if issued(creds[0]) || doorEvents("access_grant.access_granted_to_door") != 1 {
			t.Errorf("during the outage: credential issued %v, %d access_granted_to_door", issued(creds[0]),
				doorEvents("access_grant.access_granted_to_door"))
		}

		e.clock.Advance(31 * time.Minute)
		e.eventually("the new credential was issued", func() (bool, error) { return issued(creds[0]), nil })
		e.eventually("the PIN reached the added lock", func() (bool, error) {
			return slices.Contains(e.codesOnLock(d), "4821"), nil
		})
		e.eventually("the door came back", func() (bool, error) {
			return doorEvents("access_grant.access_granted_to_door") == 2, nil
		})
		if got := e.codesOnLock(d); len(got) != 1 {
			t.Errorf("the lock holds %v before the scheduled grant starts, want only the live PIN", got)
		}
		// The ended grant's revoked method keeps the record of what it was
		// resolved into, and nothing was added to it.
		if got := objects(ended.AccessMethodIDs[0]); len(got[store.ObjectAccessCode]) != 0 || len(got[store.ObjectAcsCredential]) != 1 {
			t.Errorf("the ended grant's method's objects: %v", got)
		}
		if got := e.grantEventTypes(ended.AccessGrantID); !slices.Equal(got, endedEvents) {
			t.Errorf("the ended grant's events = %v, were %v", got, endedEvents)
		}
	})
}
