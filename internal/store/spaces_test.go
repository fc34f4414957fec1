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

func spaceIDs(list []store.Space) []string {
	out := []string{}
	for _, s := range list {
		out = append(out, s.SpaceID)
	}
	return out
}

func TestSpaces(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		entrance, bEntrance := a.Systems[0].EntranceIDs[0], b.Systems[0].EntranceIDs[0]
		key, customer := "unit-1", "cust"
		unit := store.Space{SpaceID: lintel.NewID(), SpaceKey: &key, Name: "Unit 1", CustomerKey: &customer,
			CustomerData: `{"address":"1 Main St"}`}
		floor := store.Space{SpaceID: lintel.NewID(), Name: "Floor"}
		bSpace := store.Space{SpaceID: lintel.NewID(), SpaceKey: &key, Name: "B's"}
		inTx(t, st, func(tx *store.Tx) error {
			for _, sp := range []*store.Space{&floor, &unit} {
				sp.CreatedAt = tx.Now()
				if sp == &unit {
					sp.ParentSpaceID = &floor.SpaceID
					sp.CreatedAt = tx.Now().Add(time.Millisecond)
				}
				if err := tx.InsertSpace(ctx, a.WorkspaceID, *sp); err != nil {
					return err
				}
			}
			bSpace.CreatedAt = tx.Now()
			if err := tx.InsertSpace(ctx, b.WorkspaceID, bSpace); err != nil {
				return err
			}
			// Different workspace: W_B cannot hang a space under W_A's.
			stray := store.Space{SpaceID: lintel.NewID(), Name: "x", ParentSpaceID: &floor.SpaceID, CreatedAt: tx.Now()}
			wantNotFound(t, "InsertSpace under W_B with W_A's parent", tx.InsertSpace(ctx, b.WorkspaceID, stray))
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			n, err := tx.AddToSpace(ctx, a.WorkspaceID, unit.SpaceID, store.SpaceAcsEntrance, []string{entrance, entrance, bEntrance})
			if err != nil || n != 1 {
				t.Errorf("AddToSpace = %d, %v; want 1 (W_B's entrance is not added)", n, err)
			}
			n, err = tx.AddToSpace(ctx, a.WorkspaceID, unit.SpaceID, store.SpaceConnectedAccount, []string{a.ConnectedAccountID, b.ConnectedAccountID})
			if err != nil || n != 1 {
				t.Errorf("AddToSpace accounts = %d, %v; want 1", n, err)
			}
			// Different workspace: W_B adds nothing to W_A's space, and
			// nothing of W_A's to its own.
			n, err = tx.AddToSpace(ctx, b.WorkspaceID, unit.SpaceID, store.SpaceAcsEntrance, []string{bEntrance})
			if err != nil || n != 0 {
				t.Errorf("AddToSpace by W_B into W_A's space = %d, %v", n, err)
			}
			n, err = tx.AddToSpace(ctx, b.WorkspaceID, bSpace.SpaceID, store.SpaceAcsEntrance, []string{entrance})
			if err != nil || n != 0 {
				t.Errorf("AddToSpace by W_B of W_A's entrance = %d, %v", n, err)
			}
			n, err = tx.RemoveFromSpace(ctx, b.WorkspaceID, unit.SpaceID, store.SpaceAcsEntrance, []string{entrance})
			if err != nil || n != 0 {
				t.Errorf("RemoveFromSpace by W_B = %d, %v", n, err)
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.Space(ctx, a.WorkspaceID, unit.SpaceID)
			if err != nil {
				return err
			}
			if got.Name != "Unit 1" || *got.SpaceKey != key || *got.ParentSpaceID != floor.SpaceID || got.AcsEntranceCount != 1 ||
				got.DeviceCount != 0 || got.ParentSpaceKey != nil || got.CustomerData != unit.CustomerData || got.WorkspaceID != a.WorkspaceID {
				t.Errorf("Space = %+v", got)
			}
			byKey, err := tx.SpaceByKey(ctx, a.WorkspaceID, key)
			if err != nil || byKey.SpaceID != unit.SpaceID {
				t.Errorf("SpaceByKey = %v, %v", byKey.SpaceID, err)
			}
			byKey, err = tx.SpaceByKey(ctx, b.WorkspaceID, key)
			if err != nil || byKey.SpaceID != bSpace.SpaceID {
				t.Errorf("SpaceByKey in W_B = %v, %v; want W_B's own", byKey.SpaceID, err)
			}
			_, err = tx.Space(ctx, b.WorkspaceID, unit.SpaceID)
			wantNotFound(t, "Space from W_B", err)
			_, err = tx.SpaceByKey(ctx, b.WorkspaceID, "nope")
			wantNotFound(t, "SpaceByKey unknown", err)
			members, err := tx.SpaceMembers(ctx, a.WorkspaceID, []string{unit.SpaceID, floor.SpaceID}, store.SpaceAcsEntrance)
			if err != nil || !slices.Equal(members[unit.SpaceID], []string{entrance}) || len(members[floor.SpaceID]) != 0 {
				t.Errorf("SpaceMembers = %v, %v", members, err)
			}
			members, err = tx.SpaceMembers(ctx, b.WorkspaceID, []string{unit.SpaceID}, store.SpaceAcsEntrance)
			if err != nil || len(members) != 0 {
				t.Errorf("SpaceMembers from W_B = %v, %v", members, err)
			}
			for _, c := range []struct {
				name string
				ws   string
				f    store.SpaceFilter
				want []string
			}{
				{"all", a.WorkspaceID, store.SpaceFilter{}, []string{floor.SpaceID, unit.SpaceID}},
				{"W_B's", b.WorkspaceID, store.SpaceFilter{}, []string{bSpace.SpaceID}},
				{"W_B by W_A's ids", b.WorkspaceID, store.SpaceFilter{SpaceIDs: []string{unit.SpaceID}}, []string{}},
				{"W_B by W_A's account", b.WorkspaceID, store.SpaceFilter{ConnectedAccountID: a.ConnectedAccountID}, []string{}},
				{"W_B by W_A's parent", b.WorkspaceID, store.SpaceFilter{ParentSpaceID: floor.SpaceID}, []string{}},
				{"by ids", a.WorkspaceID, store.SpaceFilter{SpaceIDs: []string{unit.SpaceID}}, []string{unit.SpaceID}},
				{"no ids", a.WorkspaceID, store.SpaceFilter{SpaceIDs: []string{}}, []string{}},
				{"by keys", a.WorkspaceID, store.SpaceFilter{SpaceKeys: []string{key}}, []string{unit.SpaceID}},
				{"by key", a.WorkspaceID, store.SpaceFilter{SpaceKey: key}, []string{unit.SpaceID}},
				{"by customer", a.WorkspaceID, store.SpaceFilter{CustomerKey: customer}, []string{unit.SpaceID}},
				{"by parent", a.WorkspaceID, store.SpaceFilter{ParentSpaceID: floor.SpaceID}, []string{unit.SpaceID}},
				{"by account", a.WorkspaceID, store.SpaceFilter{ConnectedAccountID: a.ConnectedAccountID}, []string{unit.SpaceID}},
				{"search", a.WorkspaceID, store.SpaceFilter{Search: "FLO"}, []string{floor.SpaceID}},
				{"search key", a.WorkspaceID, store.SpaceFilter{Search: "nit-"}, []string{unit.SpaceID}},
				{"search %", a.WorkspaceID, store.SpaceFilter{Search: "%"}, []string{}},
			} {
				got, err := tx.ListSpaces(ctx, c.ws, c.f, page.Request{Limit: 10})
				if err != nil {
					return err
				}
				if !slices.Equal(spaceIDs(got), c.want) {
					t.Errorf("ListSpaces %s = %v, want %v", c.name, spaceIDs(got), c.want)
				}
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_B renames, re-parents and deletes
			// nothing of W_A's.
			changed := unit
			changed.Name = "B's now"
			wantNotFound(t, "UpdateSpace from W_B", tx.UpdateSpace(ctx, b.WorkspaceID, changed))
			mine := bSpace
			mine.ParentSpaceID = &floor.SpaceID
			wantNotFound(t, "UpdateSpace with W_A's parent", tx.UpdateSpace(ctx, b.WorkspaceID, mine))
			wantNotFound(t, "DeleteSpace from W_B", tx.DeleteSpace(ctx, b.WorkspaceID, unit.SpaceID))
			// W_A's own update and removal.
			changed.Name, changed.ParentSpaceID, changed.CustomerData = "Unit 1A", nil, "{}"
			if err := tx.UpdateSpace(ctx, a.WorkspaceID, changed); err != nil {
				return err
			}
			n, err := tx.RemoveFromSpace(ctx, a.WorkspaceID, unit.SpaceID, store.SpaceAcsEntrance, []string{entrance, bEntrance})
			if err != nil || n != 1 {
				t.Errorf("RemoveFromSpace = %d, %v", n, err)
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.Space(ctx, a.WorkspaceID, unit.SpaceID)
			if err != nil {
				return err
			}
			if got.Name != "Unit 1A" || got.ParentSpaceID != nil || got.AcsEntranceCount != 0 {
				t.Errorf("Space after update = %+v", got)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.DeleteSpace(ctx, a.WorkspaceID, floor.SpaceID); err != nil {
				return err
			}
			_, err := tx.Space(ctx, a.WorkspaceID, floor.SpaceID)
			wantNotFound(t, "deleted space", err)
			if _, err := tx.Space(ctx, b.WorkspaceID, bSpace.SpaceID); err != nil {
				t.Errorf("W_B's space after W_A's deletion: %v", err)
			}
			return nil
		})
	})
}

// TestSpaceMembersElsewhere: what a space holds shows on its members and
// narrows their lists: the spaces of a device or an entrance (SpacesOf),
// the devices of a space (ListDevices) and the accounts added to it
// (ListConnectedAccounts); W_B reads none of W_A's through them.
func TestSpaceMembersElsewhere(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		entrance := a.Systems[0].EntranceIDs[0]
		lock := insertCodeLock(t, st, a.WorkspaceID, a.ConnectedAccountID, "Front")
		other := insertCodeLock(t, st, a.WorkspaceID, a.ConnectedAccountID, "Back")
		unit := store.Space{SpaceID: lintel.NewID(), Name: "Unit"}
		inTx(t, st, func(tx *store.Tx) error {
			unit.CreatedAt = tx.Now()
			if err := tx.InsertSpace(ctx, a.WorkspaceID, unit); err != nil {
				return err
			}
			for _, m := range []struct {
				kind store.SpaceMember
				id   string
			}{{store.SpaceDevice, lock.DeviceID}, {store.SpaceAcsEntrance, entrance}, {store.SpaceConnectedAccount, a.ConnectedAccountID}} {
				if _, err := tx.AddToSpace(ctx, a.WorkspaceID, unit.SpaceID, m.kind, []string{m.id}); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.SpacesOf(ctx, a.WorkspaceID, store.SpaceDevice, []string{lock.DeviceID, other.DeviceID})
			if err != nil || !slices.Equal(got[lock.DeviceID], []string{unit.SpaceID}) || len(got[other.DeviceID]) != 0 {
				t.Errorf("SpacesOf devices = %v, %v", got, err)
			}
			got, err = tx.SpacesOf(ctx, a.WorkspaceID, store.SpaceAcsEntrance, []string{entrance})
			if err != nil || !slices.Equal(got[entrance], []string{unit.SpaceID}) {
				t.Errorf("SpacesOf entrances = %v, %v", got, err)
			}
			if got, err := tx.SpacesOf(ctx, b.WorkspaceID, store.SpaceDevice, []string{lock.DeviceID}); err != nil || len(got) != 0 {
				t.Errorf("SpacesOf from W_B = %v, %v", got, err)
			}
			devices, err := tx.ListDevices(ctx, a.WorkspaceID, store.DeviceFilter{SpaceID: unit.SpaceID}, page.Request{Limit: 10})
			if err != nil || len(devices) != 1 || devices[0].DeviceID != lock.DeviceID {
				t.Errorf("ListDevices in the space = %v, %v", devices, err)
			}
			if devices, err := tx.ListDevices(ctx, b.WorkspaceID, store.DeviceFilter{SpaceID: unit.SpaceID}, page.Request{Limit: 10}); err != nil || len(devices) != 0 {
				t.Errorf("ListDevices from W_B by W_A's space = %v, %v", devices, err)
			}
			accounts, err := tx.ListConnectedAccounts(ctx, a.WorkspaceID, store.ConnectedAccountFilter{SpaceID: unit.SpaceID}, page.Request{Limit: 10})
			if err != nil || len(accounts) != 1 || accounts[0].ConnectedAccountID != a.ConnectedAccountID {
				t.Errorf("ListConnectedAccounts in the space = %v, %v", accounts, err)
			}
			if accounts, err := tx.ListConnectedAccounts(ctx, b.WorkspaceID, store.ConnectedAccountFilter{SpaceID: unit.SpaceID}, page.Request{Limit: 10}); err != nil || len(accounts) != 0 {
				t.Errorf("ListConnectedAccounts from W_B by W_A's space = %v, %v", accounts, err)
			}
			return nil
		})
	})
}
