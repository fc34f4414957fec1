package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func grantIDs(list []store.AccessGrant) []string {
	out := []string{}
	for _, g := range list {
		out = append(out, g.AccessGrantID)
	}
	return out
}

func methodIDs(list []store.AccessMethod) []string {
	out := []string{}
	for _, m := range list {
		out = append(out, m.AccessMethodID)
	}
	return out
}

func TestAccessGrants(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededIdentityPair(t, st)
		ident, bIdent := a.Systems[0].UserIdentityIDs[0], b.Systems[0].UserIdentityIDs[0]
		entrance, sysID := a.Systems[0].EntranceIDs[0], a.Systems[0].AcsSystemID
		cred := a.Systems[0].CredentialIDs[a.Systems[0].AcsUserIDs[0]][0]
		lock := insertCodeLock(t, st, a.WorkspaceID, a.Systems[0].ConnectedAccountID, "Front")
		key, reservation := "stay-1", "res-1"
		ends := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
		g := store.AccessGrant{AccessGrantID: lintel.NewID(), AccessGrantKey: &key, UserIdentityID: ident,
			ReservationKey: &reservation, StartsAt: time.Now().UTC().Truncate(time.Millisecond), EndsAt: &ends, State: "active",
			RequestedAccessMethods: `[{"mode":"code"}]`}
		other := store.AccessGrant{AccessGrantID: lintel.NewID(), UserIdentityID: ident, StartsAt: g.StartsAt, State: "scheduled"}
		m := store.AccessMethod{AccessMethodID: lintel.NewID(), AccessGrantID: g.AccessGrantID, Mode: "code", DisplayName: "PIN Code"}
		code := "1234"
		inTx(t, st, func(tx *store.Tx) error {
			for _, x := range []*store.AccessGrant{&g, &other} {
				x.CreatedAt = tx.Now()
				if x == &other {
					x.CreatedAt = tx.Now().Add(time.Millisecond)
				}
				if err := tx.InsertAccessGrant(ctx, a.WorkspaceID, *x); err != nil {
					return err
				}
			}
			// Different workspace: W_B cannot make a grant for W_A's
			// identity, nor hang places or methods on W_A's grant.
			stray := store.AccessGrant{AccessGrantID: lintel.NewID(), UserIdentityID: ident, StartsAt: g.StartsAt,
				State: "active", CreatedAt: tx.Now()}
			wantNotFound(t, "InsertAccessGrant by W_B for W_A's identity", tx.InsertAccessGrant(ctx, b.WorkspaceID, stray))
			wantNotFound(t, "SetAccessGrantPlaces by W_B", tx.SetAccessGrantPlaces(ctx, b.WorkspaceID, g.AccessGrantID,
				[]store.AccessGrantPlace{{Type: store.PlaceDevice, ID: lock.DeviceID}}))
			bm := store.AccessMethod{AccessMethodID: lintel.NewID(), AccessGrantID: g.AccessGrantID, Mode: "card",
				DisplayName: "Card", CreatedAt: tx.Now()}
			wantNotFound(t, "InsertAccessMethod by W_B on W_A's grant", tx.InsertAccessMethod(ctx, b.WorkspaceID, bm))
			if err := tx.SetAccessGrantPlaces(ctx, a.WorkspaceID, g.AccessGrantID, []store.AccessGrantPlace{
				{Type: store.PlaceAcsEntrance, ID: entrance}, {Type: store.PlaceDevice, ID: lock.DeviceID}}); err != nil {
				return err
			}
			m.CreatedAt, m.Code = tx.Now(), &code
			if err := tx.InsertAccessMethod(ctx, a.WorkspaceID, m); err != nil {
				return err
			}
			wantNotFound(t, "AddAccessMethodObject by W_B", tx.AddAccessMethodObject(ctx, b.WorkspaceID, store.AccessMethodObject{
				AccessMethodID: m.AccessMethodID, ObjectType: store.ObjectAcsCredential, ObjectID: cred, AcsSystemID: &sysID}))
			if err := tx.AddAccessMethodObject(ctx, a.WorkspaceID, store.AccessMethodObject{AccessMethodID: m.AccessMethodID,
				ObjectType: store.ObjectAcsCredential, ObjectID: cred, AcsSystemID: &sysID}); err != nil {
				return err
			}
			return tx.AddAccessMethodObject(ctx, a.WorkspaceID, store.AccessMethodObject{AccessMethodID: m.AccessMethodID,
				ObjectType: store.ObjectAccessCode, ObjectID: "code-1", DeviceID: &lock.DeviceID})
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.AccessGrant(ctx, a.WorkspaceID, g.AccessGrantID)
			if err != nil {
				return err
			}
			if *got.AccessGrantKey != key || got.UserIdentityID != ident || !got.EndsAt.Equal(ends) || got.State != "active" ||
				got.RequestedAccessMethods != `[{"mode":"code"}]` || got.Errors != "[]" || got.Warnings != "[]" || got.WorkspaceID != a.WorkspaceID {
				t.Errorf("AccessGrant = %+v", got)
			}
			_, err = tx.AccessGrant(ctx, b.WorkspaceID, g.AccessGrantID)
			wantNotFound(t, "AccessGrant from W_B", err)
			if byKey, err := tx.AccessGrantByKey(ctx, a.WorkspaceID, key); err != nil || byKey.AccessGrantID != g.AccessGrantID {
				t.Errorf("AccessGrantByKey = %v, %v", byKey.AccessGrantID, err)
			}
			_, err = tx.AccessGrantByKey(ctx, b.WorkspaceID, key)
			wantNotFound(t, "AccessGrantByKey from W_B", err)
			places, err := tx.AccessGrantPlaces(ctx, a.WorkspaceID, []string{g.AccessGrantID})
			if err != nil || len(places[g.AccessGrantID]) != 2 {
				t.Errorf("AccessGrantPlaces = %v, %v", places, err)
			}
			if places, err := tx.AccessGrantPlaces(ctx, b.WorkspaceID, []string{g.AccessGrantID}); err != nil || len(places) != 0 {
				t.Errorf("AccessGrantPlaces from W_B = %v, %v", places, err)
			}
			for _, c := range []struct {
				name string
				ws   string
				f    store.AccessGrantFilter
				want []string
			}{
				{"all", a.WorkspaceID, store.AccessGrantFilter{}, []string{g.AccessGrantID, other.AccessGrantID}},
				{"W_B's", b.WorkspaceID, store.AccessGrantFilter{}, []string{}},
				{"W_B by W_A's ids", b.WorkspaceID, store.AccessGrantFilter{AccessGrantIDs: []string{g.AccessGrantID}}, []string{}},
				{"W_B by W_A's identity", b.WorkspaceID, store.AccessGrantFilter{UserIdentityID: ident}, []string{}},
				{"W_B by W_A's device", b.WorkspaceID, store.AccessGrantFilter{DeviceID: lock.DeviceID}, []string{}},
				{"W_B by W_A's system", b.WorkspaceID, store.AccessGrantFilter{AcsSystemID: sysID}, []string{}},
				{"by ids", a.WorkspaceID, store.AccessGrantFilter{AccessGrantIDs: []string{other.AccessGrantID}}, []string{other.AccessGrantID}},
				{"no ids", a.WorkspaceID, store.AccessGrantFilter{AccessGrantIDs: []string{}}, []string{}},
				{"by key", a.WorkspaceID, store.AccessGrantFilter{AccessGrantKey: key}, []string{g.AccessGrantID}},
				{"without key", a.WorkspaceID, store.AccessGrantFilter{NoAccessGrantKey: true}, []string{other.AccessGrantID}},
				{"by identity", a.WorkspaceID, store.AccessGrantFilter{UserIdentityID: bIdent}, []string{}},
				{"by reservation", a.WorkspaceID, store.AccessGrantFilter{ReservationKey: reservation}, []string{g.AccessGrantID}},
				{"by entrance", a.WorkspaceID, store.AccessGrantFilter{AcsEntranceID: entrance}, []string{g.AccessGrantID}},
				{"by device", a.WorkspaceID, store.AccessGrantFilter{DeviceID: lock.DeviceID}, []string{g.AccessGrantID}},
				{"by system", a.WorkspaceID, store.AccessGrantFilter{AcsSystemID: sysID}, []string{g.AccessGrantID}},
				{"by code", a.WorkspaceID, store.AccessGrantFilter{AccessCodeID: "code-1"}, []string{g.AccessGrantID}},
				{"by customer", a.WorkspaceID, store.AccessGrantFilter{CustomerKey: "nobody"}, []string{}},
			} {
				got, err := tx.ListAccessGrants(ctx, c.ws, c.f, page.Request{Limit: 10})
				if err != nil {
					return err
				}
				if !slices.Equal(grantIDs(got), c.want) {
					t.Errorf("ListAccessGrants %s = %v, want %v", c.name, grantIDs(got), c.want)
				}
			}
			gm, err := tx.AccessMethod(ctx, a.WorkspaceID, m.AccessMethodID)
			if err != nil || *gm.Code != code || gm.Mode != "code" || gm.IsIssued || gm.AccessGrantID != g.AccessGrantID {
				t.Errorf("AccessMethod = %+v, %v", gm, err)
			}
			_, err = tx.AccessMethod(ctx, b.WorkspaceID, m.AccessMethodID)
			wantNotFound(t, "AccessMethod from W_B", err)
			objects, err := tx.AccessMethodObjects(ctx, a.WorkspaceID, []string{m.AccessMethodID})
			if err != nil || len(objects[m.AccessMethodID]) != 2 {
				t.Errorf("AccessMethodObjects = %v, %v", objects, err)
			}
			if objects, err := tx.AccessMethodObjects(ctx, b.WorkspaceID, []string{m.AccessMethodID}); err != nil || len(objects) != 0 {
				t.Errorf("AccessMethodObjects from W_B = %v, %v", objects, err)
			}
			of, err := tx.AccessMethodsOfObject(ctx, a.WorkspaceID, store.ObjectAcsCredential, cred)
			if err != nil || !slices.Equal(methodIDs(of), []string{m.AccessMethodID}) {
				t.Errorf("AccessMethodsOfObject = %v, %v", methodIDs(of), err)
			}
			if of, err := tx.AccessMethodsOfObject(ctx, b.WorkspaceID, store.ObjectAcsCredential, cred); err != nil || len(of) != 0 {
				t.Errorf("AccessMethodsOfObject from W_B = %v, %v", methodIDs(of), err)
			}
			for _, c := range []struct {
				name string
				ws   string
				f    store.AccessMethodFilter
				want []string
			}{
				{"all", a.WorkspaceID, store.AccessMethodFilter{}, []string{m.AccessMethodID}},
				{"W_B's", b.WorkspaceID, store.AccessMethodFilter{}, []string{}},
				{"W_B by W_A's grant", b.WorkspaceID, store.AccessMethodFilter{AccessGrantIDs: []string{g.AccessGrantID}}, []string{}},
				{"W_B by W_A's device", b.WorkspaceID, store.AccessMethodFilter{DeviceID: lock.DeviceID}, []string{}},
				{"by grant", a.WorkspaceID, store.AccessMethodFilter{AccessGrantIDs: []string{other.AccessGrantID}}, []string{}},
				{"by ids", a.WorkspaceID, store.AccessMethodFilter{AccessMethodIDs: []string{m.AccessMethodID}}, []string{m.AccessMethodID}},
				{"by device", a.WorkspaceID, store.AccessMethodFilter{DeviceID: lock.DeviceID}, []string{m.AccessMethodID}},
				{"by system", a.WorkspaceID, store.AccessMethodFilter{AcsSystemID: sysID}, []string{m.AccessMethodID}},
				{"by code", a.WorkspaceID, store.AccessMethodFilter{AccessCodeID: "code-1"}, []string{m.AccessMethodID}},
				{"by another code", a.WorkspaceID, store.AccessMethodFilter{AccessCodeID: "code-2"}, []string{}},
			} {
				got, err := tx.ListAccessMethods(ctx, c.ws, c.f, page.Request{Limit: 10})
				if err != nil {
					return err
				}
				if !slices.Equal(methodIDs(got), c.want) {
					t.Errorf("ListAccessMethods %s = %v, want %v", c.name, methodIDs(got), c.want)
				}
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_B updates and deletes nothing of W_A's.
			changed := g
			changed.State = "ended"
			wantNotFound(t, "UpdateAccessGrant from W_B", tx.UpdateAccessGrant(ctx, b.WorkspaceID, changed))
			wantNotFound(t, "DeleteAccessGrant from W_B", tx.DeleteAccessGrant(ctx, b.WorkspaceID, g.AccessGrantID))
			wantNotFound(t, "SetAccessGrantEndJob from W_B", tx.SetAccessGrantEndJob(ctx, b.WorkspaceID, g.AccessGrantID, new(int64(9))))
			mc := m
			mc.IsIssued = true
			wantNotFound(t, "UpdateAccessMethod from W_B", tx.UpdateAccessMethod(ctx, b.WorkspaceID, mc))
			wantNotFound(t, "DeleteAccessMethod from W_B", tx.DeleteAccessMethod(ctx, b.WorkspaceID, m.AccessMethodID))
			// W_A's own; UpdateAccessGrant leaves the job id as it is.
			if err := tx.SetAccessGrantEndJob(ctx, a.WorkspaceID, g.AccessGrantID, new(int64(1)<<40)); err != nil {
				return err
			}
			changed.Warnings = `[{"warning_code":"x"}]`
			if err := tx.UpdateAccessGrant(ctx, a.WorkspaceID, changed); err != nil {
				return err
			}
			now := tx.Now()
			mc.IssuedAt, mc.IssueDelayedAt, mc.IssueFailedAt = &now, &now, &now
			return tx.UpdateAccessMethod(ctx, a.WorkspaceID, mc)
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.AccessGrant(ctx, a.WorkspaceID, g.AccessGrantID)
			if err != nil || got.State != "ended" || got.Warnings != `[{"warning_code":"x"}]` ||
				got.EndJobID == nil || *got.EndJobID != 1<<40 {
				t.Errorf("AccessGrant after update = %+v, %v", got, err)
			}
			gm, err := tx.AccessMethod(ctx, a.WorkspaceID, m.AccessMethodID)
			if err != nil || !gm.IsIssued || gm.IssuedAt == nil || gm.IssueDelayedAt == nil || gm.IssueFailedAt == nil {
				t.Errorf("AccessMethod after update = %+v, %v", gm, err)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			wantNotFound(t, "RemoveAccessMethodObject from W_B", tx.RemoveAccessMethodObject(ctx, b.WorkspaceID, m.AccessMethodID,
				store.ObjectAccessCode, "code-1"))
			if err := tx.RemoveAccessMethodObject(ctx, a.WorkspaceID, m.AccessMethodID, store.ObjectAccessCode, "code-1"); err != nil {
				return err
			}
			wantNotFound(t, "RemoveAccessMethodObject again", tx.RemoveAccessMethodObject(ctx, a.WorkspaceID, m.AccessMethodID,
				store.ObjectAccessCode, "code-1"))
			objects, err := tx.AccessMethodObjects(ctx, a.WorkspaceID, []string{m.AccessMethodID})
			if err != nil || len(objects[m.AccessMethodID]) != 1 {
				t.Errorf("AccessMethodObjects after removal = %v, %v", objects, err)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.DeleteAccessMethod(ctx, a.WorkspaceID, m.AccessMethodID); err != nil {
				return err
			}
			wantNotFound(t, "DeleteAccessMethod again", tx.DeleteAccessMethod(ctx, a.WorkspaceID, m.AccessMethodID))
			_, err := tx.AccessMethod(ctx, a.WorkspaceID, m.AccessMethodID)
			wantNotFound(t, "deleted method", err)
			if err := tx.DeleteAccessGrant(ctx, a.WorkspaceID, g.AccessGrantID); err != nil {
				return err
			}
			wantNotFound(t, "DeleteAccessGrant again", tx.DeleteAccessGrant(ctx, a.WorkspaceID, g.AccessGrantID))
			_, err = tx.AccessGrantByKey(ctx, a.WorkspaceID, key)
			wantNotFound(t, "deleted grant by key", err)
			// The key is free again for a new grant.
			again := g
			again.AccessGrantID, again.CreatedAt = lintel.NewID(), tx.Now()
			return tx.InsertAccessGrant(ctx, a.WorkspaceID, again)
		})
	})
}

// TestAccessGrantDoors: the doors of a live grant are added once, read
// back, removed once; W_B adds none to W_A's grant, none of W_A's
// entrances to its own, reads none and removes none.
func TestAccessGrantDoors(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededIdentityPair(t, st)
		entrance, entrance2 := a.Systems[0].EntranceIDs[0], a.Systems[0].EntranceIDs[1]
		g := store.AccessGrant{AccessGrantID: lintel.NewID(), UserIdentityID: a.Systems[0].UserIdentityIDs[0],
			StartsAt: time.Now().UTC().Truncate(time.Millisecond), State: "active"}
		bg := store.AccessGrant{AccessGrantID: lintel.NewID(), UserIdentityID: b.Systems[0].UserIdentityIDs[0],
			StartsAt: g.StartsAt, State: "active"}
		added := func(tx *store.Tx, ws, grantID, entranceID string, want bool) {
			t.Helper()
			got, err := tx.AddAccessGrantDoor(ctx, ws, grantID, entranceID)
			if err != nil || got != want {
				t.Errorf("AddAccessGrantDoor(%s, %s) = %v, %v; want %v", grantID, entranceID, got, err, want)
			}
		}
		inTx(t, st, func(tx *store.Tx) error {
			g.CreatedAt, bg.CreatedAt = tx.Now(), tx.Now()
			if err := tx.InsertAccessGrant(ctx, a.WorkspaceID, g); err != nil {
				return err
			}
			if err := tx.InsertAccessGrant(ctx, b.WorkspaceID, bg); err != nil {
				return err
			}
			added(tx, a.WorkspaceID, g.AccessGrantID, entrance, true)
			added(tx, a.WorkspaceID, g.AccessGrantID, entrance, false)
			added(tx, a.WorkspaceID, g.AccessGrantID, entrance2, true)
			// Different workspace: W_B hangs no door on W_A's grant, nor
			// W_A's entrance on its own grant.
			added(tx, b.WorkspaceID, g.AccessGrantID, b.Systems[0].EntranceIDs[0], false)
			added(tx, b.WorkspaceID, bg.AccessGrantID, entrance, false)
			added(tx, a.WorkspaceID, bg.AccessGrantID, entrance, false)
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			want := []string{entrance, entrance2}
			slices.Sort(want)
			if got, err := tx.AccessGrantDoors(ctx, a.WorkspaceID, g.AccessGrantID); err != nil || !slices.Equal(got, want) {
				t.Errorf("AccessGrantDoors = %v, %v; want %v", got, err, want)
			}
			if got, err := tx.AccessGrantDoors(ctx, b.WorkspaceID, g.AccessGrantID); err != nil || len(got) != 0 {
				t.Errorf("AccessGrantDoors from W_B = %v, %v", got, err)
			}
			if got, err := tx.AccessGrantDoors(ctx, b.WorkspaceID, bg.AccessGrantID); err != nil || len(got) != 0 {
				t.Errorf("W_B's doors = %v, %v", got, err)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			if removed, err := tx.RemoveAccessGrantDoor(ctx, b.WorkspaceID, g.AccessGrantID, entrance); err != nil || removed {
				t.Errorf("RemoveAccessGrantDoor from W_B = %v, %v", removed, err)
			}
			if removed, err := tx.RemoveAccessGrantDoor(ctx, a.WorkspaceID, g.AccessGrantID, entrance); err != nil || !removed {
				t.Errorf("RemoveAccessGrantDoor = %v, %v", removed, err)
			}
			if removed, err := tx.RemoveAccessGrantDoor(ctx, a.WorkspaceID, g.AccessGrantID, entrance); err != nil || removed {
				t.Errorf("RemoveAccessGrantDoor again = %v, %v", removed, err)
			}
			if got, err := tx.AccessGrantDoors(ctx, a.WorkspaceID, g.AccessGrantID); err != nil || !slices.Equal(got, []string{entrance2}) {
				t.Errorf("AccessGrantDoors after removal = %v, %v", got, err)
			}
			// A deleted grant takes no new door.
			if err := tx.DeleteAccessGrant(ctx, a.WorkspaceID, g.AccessGrantID); err != nil {
				return err
			}
			added(tx, a.WorkspaceID, g.AccessGrantID, entrance, false)
			return nil
		})
	})
}
