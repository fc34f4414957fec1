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

func TestUnmanagedAccessGrants(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		account := insertAccount(t, st, a.WorkspaceID, "august", nil)
		front := insertCodeLock(t, st, a.WorkspaceID, account.ConnectedAccountID, "Front")
		back := insertCodeLock(t, st, a.WorkspaceID, account.ConnectedAccountID, "Back")
		pin := "9999"
		codes := []store.AccessCode{{AccessCodeID: lintel.NewID(), DeviceID: front.DeviceID, Code: &pin, Status: "set"},
			{AccessCodeID: lintel.NewID(), DeviceID: back.DeviceID, Code: &pin, Status: "set"}}
		name := "Found"
		g := store.UnmanagedAccessGrant{AccessGrantID: lintel.NewID(), GroupKey: "9999/-/-", Name: &name,
			StartsAt: time.UnixMilli(1_800_000_000_000).UTC()}
		other := store.UnmanagedAccessGrant{AccessGrantID: lintel.NewID(), GroupKey: "1111/-/-", StartsAt: g.StartsAt}
		var methods []store.UnmanagedAccessMethod
		inTx(t, st, func(tx *store.Tx) error {
			for i := range codes {
				codes[i].ExternalID, codes[i].CreatedAt = codes[i].AccessCodeID, tx.Now()
				if err := tx.InsertAccessCode(ctx, a.WorkspaceID, codes[i]); err != nil {
					return err
				}
			}
			for i, x := range []*store.UnmanagedAccessGrant{&g, &other} {
				x.CreatedAt = tx.Now().Add(time.Duration(i) * time.Millisecond)
				if err := tx.InsertUnmanagedAccessGrant(ctx, a.WorkspaceID, *x); err != nil {
					return err
				}
			}
			// Groups are per workspace: W_B has its own grant for the PIN.
			if err := tx.InsertUnmanagedAccessGrant(ctx, b.WorkspaceID, store.UnmanagedAccessGrant{AccessGrantID: lintel.NewID(),
				GroupKey: g.GroupKey, StartsAt: g.StartsAt, CreatedAt: tx.Now()}); err != nil {
				return err
			}
			// A grant of the same group is not written twice.
			twin := g
			twin.AccessGrantID = lintel.NewID()
			wantNotFound(t, "InsertUnmanagedAccessGrant of a group that has one", tx.InsertUnmanagedAccessGrant(ctx, a.WorkspaceID, twin))
			for i, c := range codes {
				m := store.UnmanagedAccessMethod{AccessMethodID: lintel.NewID(), AccessGrantID: g.AccessGrantID,
					AccessCodeID: c.AccessCodeID, DeviceID: c.DeviceID, Code: pin, IssuedAt: c.CreatedAt,
					CreatedAt: tx.Now().Add(time.Duration(i) * time.Millisecond)}
				// Different workspace: W_B cannot hang a method on W_A's
				// grant or code.
				stray := m
				stray.AccessMethodID = lintel.NewID()
				wantNotFound(t, "InsertUnmanagedAccessMethod by W_B on W_A's grant and code",
					tx.InsertUnmanagedAccessMethod(ctx, b.WorkspaceID, stray))
				if err := tx.InsertUnmanagedAccessMethod(ctx, a.WorkspaceID, m); err != nil {
					return err
				}
				methods = append(methods, m)
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.UnmanagedAccessGrant(ctx, a.WorkspaceID, g.AccessGrantID)
			if err != nil || got.GroupKey != g.GroupKey || *got.Name != name || !got.StartsAt.Equal(g.StartsAt) ||
				got.EndsAt != nil || got.WorkspaceID != a.WorkspaceID {
				t.Errorf("UnmanagedAccessGrant = %+v, %v", got, err)
			}
			_, err = tx.UnmanagedAccessGrant(ctx, b.WorkspaceID, g.AccessGrantID)
			wantNotFound(t, "UnmanagedAccessGrant from W_B", err)
			for _, c := range []struct {
				name string
				ws   string
				f    store.UnmanagedAccessGrantFilter
				want []string
			}{
				{"all", a.WorkspaceID, store.UnmanagedAccessGrantFilter{}, []string{g.AccessGrantID, other.AccessGrantID}},
				{"by group", a.WorkspaceID, store.UnmanagedAccessGrantFilter{GroupKey: "1111/-/-"}, []string{other.AccessGrantID}},
				{"by ids", a.WorkspaceID, store.UnmanagedAccessGrantFilter{AccessGrantIDs: []string{g.AccessGrantID}}, []string{g.AccessGrantID}},
				{"no ids", a.WorkspaceID, store.UnmanagedAccessGrantFilter{AccessGrantIDs: []string{}}, []string{}},
				{"W_B by W_A's ids", b.WorkspaceID, store.UnmanagedAccessGrantFilter{AccessGrantIDs: []string{g.AccessGrantID}}, []string{}},
				{"W_B by W_A's group", b.WorkspaceID, store.UnmanagedAccessGrantFilter{GroupKey: "1111/-/-"}, []string{}},
			} {
				got, err := tx.ListUnmanagedAccessGrants(ctx, c.ws, c.f, page.Request{Limit: 10})
				if err != nil {
					return err
				}
				ids := []string{}
				for _, x := range got {
					ids = append(ids, x.AccessGrantID)
				}
				if !slices.Equal(ids, c.want) {
					t.Errorf("ListUnmanagedAccessGrants %s = %v, want %v", c.name, ids, c.want)
				}
			}
			m, err := tx.UnmanagedAccessMethod(ctx, a.WorkspaceID, methods[0].AccessMethodID)
			if err != nil || m.AccessCodeID != codes[0].AccessCodeID || m.DeviceID != front.DeviceID || m.Code != pin ||
				m.AccessGrantID != g.AccessGrantID {
				t.Errorf("UnmanagedAccessMethod = %+v, %v", m, err)
			}
			_, err = tx.UnmanagedAccessMethod(ctx, b.WorkspaceID, methods[0].AccessMethodID)
			wantNotFound(t, "UnmanagedAccessMethod from W_B", err)
			for _, c := range []struct {
				name string
				ws   string
				f    store.UnmanagedAccessMethodFilter
				want []string
			}{
				{"all", a.WorkspaceID, store.UnmanagedAccessMethodFilter{}, []string{methods[0].AccessMethodID, methods[1].AccessMethodID}},
				{"by grant", a.WorkspaceID, store.UnmanagedAccessMethodFilter{AccessGrantIDs: []string{other.AccessGrantID}}, []string{}},
				{"by code", a.WorkspaceID, store.UnmanagedAccessMethodFilter{AccessCodeID: codes[1].AccessCodeID}, []string{methods[1].AccessMethodID}},
				{"by device", a.WorkspaceID, store.UnmanagedAccessMethodFilter{DeviceIDs: []string{front.DeviceID}}, []string{methods[0].AccessMethodID}},
				{"W_B by W_A's grant", b.WorkspaceID, store.UnmanagedAccessMethodFilter{AccessGrantIDs: []string{g.AccessGrantID}}, []string{}},
				{"W_B by W_A's code", b.WorkspaceID, store.UnmanagedAccessMethodFilter{AccessCodeID: codes[0].AccessCodeID}, []string{}},
			} {
				got, err := tx.ListUnmanagedAccessMethods(ctx, c.ws, c.f)
				if err != nil {
					return err
				}
				ids := []string{}
				for _, x := range got {
					ids = append(ids, x.AccessMethodID)
				}
				if !slices.Equal(ids, c.want) {
					t.Errorf("ListUnmanagedAccessMethods %s = %v, want %v", c.name, ids, c.want)
				}
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_B deletes nothing of W_A's.
			wantNotFound(t, "DeleteUnmanagedAccessMethod from W_B", tx.DeleteUnmanagedAccessMethod(ctx, b.WorkspaceID, methods[0].AccessMethodID))
			wantNotFound(t, "DeleteUnmanagedAccessGrant from W_B", tx.DeleteUnmanagedAccessGrant(ctx, b.WorkspaceID, g.AccessGrantID))
			if _, err := tx.UnmanagedAccessMethod(ctx, a.WorkspaceID, methods[0].AccessMethodID); err != nil {
				t.Errorf("W_A's method after W_B's delete: %v", err)
			}
			if err := tx.DeleteUnmanagedAccessMethod(ctx, a.WorkspaceID, methods[0].AccessMethodID); err != nil {
				return err
			}
			wantNotFound(t, "DeleteUnmanagedAccessMethod again", tx.DeleteUnmanagedAccessMethod(ctx, a.WorkspaceID, methods[0].AccessMethodID))
			// A grant goes with its methods.
			if err := tx.DeleteUnmanagedAccessGrant(ctx, a.WorkspaceID, g.AccessGrantID); err != nil {
				return err
			}
			if _, err := tx.UnmanagedAccessMethod(ctx, a.WorkspaceID, methods[1].AccessMethodID); err == nil {
				t.Errorf("the deleted grant's method is still there")
			}
			// A method goes with its code.
			m := store.UnmanagedAccessMethod{AccessMethodID: lintel.NewID(), AccessGrantID: other.AccessGrantID,
				AccessCodeID: codes[0].AccessCodeID, DeviceID: front.DeviceID, Code: pin, IssuedAt: tx.Now(), CreatedAt: tx.Now()}
			if err := tx.InsertUnmanagedAccessMethod(ctx, a.WorkspaceID, m); err != nil {
				return err
			}
			if err := tx.DeleteAccessCode(ctx, a.WorkspaceID, codes[0].AccessCodeID); err != nil {
				return err
			}
			_, err := tx.UnmanagedAccessMethod(ctx, a.WorkspaceID, m.AccessMethodID)
			wantNotFound(t, "the method of a deleted code", err)
			return nil
		})
	})
}

// TestUnmanagedCodesOfAnOlderDatabase: migration unmanagedGrantsVersion turns the unmanaged
// codes a database already holds into unmanaged grants and methods, one
// grant per workspace, PIN and time frame, as finding them now would.
// unmanagedGrantsVersion is the migration that adds the unmanaged access
// grants (00029_unmanaged_access_grants.sql).
const unmanagedGrantsVersion = 29

func TestUnmanagedCodesOfAnOlderDatabase(t *testing.T) {
	t.Parallel()
	forEachDatabaseAt(t, unmanagedGrantsVersion-1, func(t *testing.T, ctx context.Context, st *store.Store) {
		a, b := twoWorkspaces(t, st)
		account := insertAccount(t, st, a.WorkspaceID, "august", nil)
		front := insertCodeLock(t, st, a.WorkspaceID, account.ConnectedAccountID, "Front")
		back := insertCodeLock(t, st, a.WorkspaceID, account.ConnectedAccountID, "Back")
		bAccount := insertAccount(t, st, b.WorkspaceID, "august", nil)
		bLock := insertCodeLock(t, st, b.WorkspaceID, bAccount.ConnectedAccountID, "Theirs")
		pin, other := "4455", "7788"
		ends := time.UnixMilli(1_900_000_000_000).UTC()
		codes := []store.AccessCode{
			{DeviceID: front.DeviceID, Code: &pin}, {DeviceID: back.DeviceID, Code: &pin},
			{DeviceID: front.DeviceID, Code: &other, EndsAt: &ends},
			{DeviceID: back.DeviceID, Code: &other, IsManaged: true},
		}
		inTx(t, st, func(tx *store.Tx) error {
			for i, c := range append(codes, store.AccessCode{DeviceID: bLock.DeviceID, Code: &pin}) {
				c.AccessCodeID, c.Status, c.CreatedAt = lintel.NewID(), "set", tx.Now().Add(time.Duration(i)*time.Millisecond)
				c.ExternalID = c.AccessCodeID
				ws := a.WorkspaceID
				if c.DeviceID == bLock.DeviceID {
					ws = b.WorkspaceID
				}
				if err := tx.InsertAccessCode(ctx, ws, c); err != nil {
					return err
				}
				if i < len(codes) {
					codes[i] = c
				}
			}
			return nil
		})
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		view(t, st, func(tx *store.Tx) error {
			grants, err := tx.ListUnmanagedAccessGrants(ctx, a.WorkspaceID, store.UnmanagedAccessGrantFilter{}, page.Request{Limit: 10})
			if err != nil {
				return err
			}
			byKey := map[string]store.UnmanagedAccessGrant{}
			for _, g := range grants {
				byKey[g.GroupKey] = g
			}
			shared, timed := byKey["4455/-/-"], byKey["7788/-/1900000000000"]
			if len(grants) != 2 || shared.AccessGrantID == "" || timed.AccessGrantID == "" || !timed.EndsAt.Equal(ends) ||
				!shared.StartsAt.Equal(codes[0].CreatedAt) || len(shared.AccessGrantID) != 36 {
				t.Fatalf("unmanaged grants = %+v", grants)
			}
			for _, c := range []struct {
				grant string
				codes []store.AccessCode
			}{{shared.AccessGrantID, codes[:2]}, {timed.AccessGrantID, codes[2:3]}} {
				methods, err := tx.ListUnmanagedAccessMethods(ctx, a.WorkspaceID, store.UnmanagedAccessMethodFilter{AccessGrantIDs: []string{c.grant}})
				if err != nil {
					return err
				}
				if len(methods) != len(c.codes) {
					t.Fatalf("methods of %s = %+v", c.grant, methods)
				}
				for i, m := range methods {
					if m.AccessCodeID != c.codes[i].AccessCodeID || m.DeviceID != c.codes[i].DeviceID || m.Code != *c.codes[i].Code ||
						!m.IssuedAt.Equal(c.codes[i].CreatedAt) || len(m.AccessMethodID) != 36 {
						t.Errorf("method %d of %s = %+v", i, c.grant, m)
					}
				}
			}
			bGrants, err := tx.ListUnmanagedAccessGrants(ctx, b.WorkspaceID, store.UnmanagedAccessGrantFilter{}, page.Request{Limit: 10})
			if err != nil || len(bGrants) != 1 || bGrants[0].AccessGrantID == shared.AccessGrantID {
				t.Errorf("W_B's unmanaged grants = %+v, %v", bGrants, err)
			}
			return nil
		})
	})
}
