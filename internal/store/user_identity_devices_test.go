package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// insertLock adds a managed lock on a new connected account of the
// workspace and returns it.
func insertLock(t *testing.T, st *store.Store, workspaceID string) store.Device {
	t.Helper()
	account := insertAccount(t, st, workspaceID, "august", nil)
	d := store.Device{DeviceID: lintel.NewID(), ConnectedAccountID: account.ConnectedAccountID, ExternalID: lintel.NewID(),
		DeviceType: "august_lock", Name: "Front Door", Manufacturer: "august", ManufacturerDisplayName: "August",
		Model: "Wi-Fi Smart Lock", IsManaged: true}
	inTx(t, st, func(tx *store.Tx) error {
		d.CreatedAt = tx.Now()
		return tx.InsertDevice(context.Background(), workspaceID, d)
	})
	return d
}

func TestIdentityDevices(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededIdentityPair(t, st)
		ws, other := a.WorkspaceID, b.WorkspaceID
		identA, identA2, identB := a.Systems[0].UserIdentityIDs[0], a.Systems[0].UserIdentityIDs[1], b.Systems[0].UserIdentityIDs[0]
		devA, devA2, devB := insertLock(t, st, ws), insertLock(t, st, ws), insertLock(t, st, other)

		devicesOf := func(workspaceID, identID string) []string {
			t.Helper()
			var ids []string
			view(t, st, func(tx *store.Tx) error {
				list, err := tx.DevicesOfIdentity(ctx, workspaceID, identID)
				ids = deviceIDs(list)
				return err
			})
			return ids
		}

		inTx(t, st, func(tx *store.Tx) error {
			for _, g := range []struct {
				ident, device string
				want          bool
			}{{identA, devA.DeviceID, true}, {identA, devA.DeviceID, false}, {identA, devA2.DeviceID, true},
				{identA2, devA.DeviceID, true}, {identB, devB.DeviceID, true}} {
				wsOf := ws
				if g.ident == identB {
					wsOf = other
				}
				if ok, err := tx.GrantIdentityDevice(ctx, wsOf, g.ident, g.device); err != nil || ok != g.want {
					t.Errorf("GrantIdentityDevice(%s, %s) = %v, %v; want %v", g.ident, g.device, ok, err, g.want)
				}
			}
			// Different workspace: W_B names W_A's identity and device.
			ok, err := tx.GrantIdentityDevice(ctx, other, identA2, devA2.DeviceID)
			wantNotFound(t, "GrantIdentityDevice from W_B", err)
			if ok {
				t.Error("GrantIdentityDevice from W_B wrote a link")
			}
			// Mixed workspaces, or no such id: not found, nothing written.
			for name, g := range map[string][3]string{
				"W_B's identity":             {ws, identB, devA.DeviceID},
				"W_B's device":               {ws, identA, devB.DeviceID},
				"W_A's objects, from W_B":    {other, identA, devA.DeviceID},
				"W_A's identity, from W_B":   {other, identA, devB.DeviceID},
				"an identity that is not":    {ws, lintel.NewID(), devA.DeviceID},
				"a device that is not":       {ws, identA, lintel.NewID()},
				"a link of W_A, seen by W_B": {other, identA2, devA.DeviceID},
			} {
				ok, err := tx.GrantIdentityDevice(ctx, g[0], g[1], g[2])
				wantNotFound(t, "GrantIdentityDevice with "+name, err)
				if ok {
					t.Errorf("GrantIdentityDevice with %s wrote a link", name)
				}
			}
			return nil
		})
		if got := devicesOf(ws, identA); !slices.Equal(got, []string{devA.DeviceID, devA2.DeviceID}) {
			t.Errorf("DevicesOfIdentity(identA) = %v, want [%s %s] (one link for the second grant)", got, devA.DeviceID, devA2.DeviceID)
		}
		if got := devicesOf(ws, identA2); !slices.Equal(got, []string{devA.DeviceID}) {
			t.Errorf("DevicesOfIdentity(identA2) = %v, want [%s] (W_B's grant wrote nothing)", got, devA.DeviceID)
		}
		if got := devicesOf(other, identA); len(got) != 0 {
			t.Errorf("DevicesOfIdentity(identA) from W_B = %v, want none", got)
		}
		if got := devicesOf(ws, identB); len(got) != 0 {
			t.Errorf("DevicesOfIdentity(identB) from W_A = %v, want none", got)
		}
		bad, _ := crossWorkspaceLinks(t, st)
		for l, n := range bad {
			if l.child == "user_identity_devices" && n != 0 {
				t.Errorf("%s.%s: %d rows point into another workspace", l.child, l.column, n)
			}
		}

		// Revoking: from another workspace it removes nothing; twice, the
		// second finds nothing.
		inTx(t, st, func(tx *store.Tx) error {
			if ok, err := tx.RevokeIdentityDevice(ctx, other, identA, devA2.DeviceID); err != nil || ok {
				t.Errorf("RevokeIdentityDevice from W_B = %v, %v; want false", ok, err)
			}
			for i, want := range []bool{true, false} {
				if ok, err := tx.RevokeIdentityDevice(ctx, ws, identA, devA2.DeviceID); err != nil || ok != want {
					t.Errorf("RevokeIdentityDevice #%d = %v, %v; want %v", i+1, ok, err, want)
				}
			}
			return nil
		})
		if got := devicesOf(ws, identA); !slices.Equal(got, []string{devA.DeviceID}) {
			t.Errorf("after revoking: DevicesOfIdentity(identA) = %v, want [%s]", got, devA.DeviceID)
		}
	})
}

// TestIdentityDevicesGoWithTheirEnds checks that every path that deletes a
// user identity or a device deletes its links, and only its own
// workspace's.
func TestIdentityDevicesGoWithTheirEnds(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededIdentityPair(t, st)
		ws, other := a.WorkspaceID, b.WorkspaceID
		idents := a.Systems[0].UserIdentityIDs
		identB := b.Systems[0].UserIdentityIDs[0]
		devB := insertLock(t, st, other)
		grant := func(workspaceID, identID, deviceID string) {
			t.Helper()
			inTx(t, st, func(tx *store.Tx) error {
				_, err := tx.GrantIdentityDevice(ctx, workspaceID, identID, deviceID)
				return err
			})
		}
		grant(other, identB, devB.DeviceID)
		linked := func(col, id string) bool { return stored(t, st, "user_identity_devices", col, id) }

		t.Run("the device deleted", func(t *testing.T) {
			d := insertLock(t, st, ws)
			grant(ws, idents[0], d.DeviceID)
			inTx(t, st, func(tx *store.Tx) error { return tx.DeleteDevice(ctx, ws, d.DeviceID) })
			if linked("device_id", d.DeviceID) {
				t.Error("DeleteDevice left the device's link")
			}
		})
		t.Run("the identity deleted", func(t *testing.T) {
			d := insertLock(t, st, ws)
			grant(ws, idents[1], d.DeviceID)
			inTx(t, st, func(tx *store.Tx) error { return tx.DeleteUserIdentity(ctx, ws, idents[1]) })
			if linked("user_identity_id", idents[1]) {
				t.Error("DeleteUserIdentity left the identity's link")
			}
		})
		t.Run("the connected account removed", func(t *testing.T) {
			d := insertLock(t, st, ws)
			grant(ws, idents[0], d.DeviceID)
			inTx(t, st, func(tx *store.Tx) error {
				_, err := tx.RemoveConnectedAccount(ctx, ws, d.ConnectedAccountID)
				return err
			})
			if linked("device_id", d.DeviceID) {
				t.Error("RemoveConnectedAccount left the link of its device")
			}
		})
		t.Run("the workspace's devices deleted", func(t *testing.T) {
			d := insertLock(t, st, ws)
			grant(ws, idents[0], d.DeviceID)
			inTx(t, st, func(tx *store.Tx) error {
				_, err := tx.DeleteDevicesOfWorkspace(ctx, ws)
				return err
			})
			if linked("device_id", d.DeviceID) {
				t.Error("DeleteDevicesOfWorkspace left the link of its device")
			}
		})
		t.Run("the workspace reset", func(t *testing.T) {
			d := insertLock(t, st, ws)
			grant(ws, idents[2], d.DeviceID)
			inTx(t, st, func(tx *store.Tx) error { return tx.ResetWorkspace(ctx, ws) })
			if linked("device_id", d.DeviceID) || linked("user_identity_id", idents[2]) {
				t.Error("ResetWorkspace left a link")
			}
		})
		// Different workspace: W_B's link survived all of it.
		if !linked("device_id", devB.DeviceID) {
			t.Error("W_B's link went with W_A's deletions")
		}
	})
}
