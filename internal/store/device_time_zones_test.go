package store_test

import (
	"context"
	"maps"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestDeviceTimeZones(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		account := insertAccount(t, st, a.WorkspaceID, "schlage", nil)
		front := insertSandboxLock(t, st, a.WorkspaceID, account.ConnectedAccountID, "front")
		back := insertSandboxLock(t, st, a.WorkspaceID, account.ConnectedAccountID, "back")
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SetDeviceTimeZone(ctx, a.WorkspaceID, front.DeviceID, "Europe/Paris"); err != nil {
				return err
			}
			// A second report replaces the first.
			return tx.SetDeviceTimeZone(ctx, a.WorkspaceID, front.DeviceID, "America/New_York")
		})
		want := func(ws string, ids []string, w map[string]string) {
			t.Helper()
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.DeviceTimeZones(ctx, ws, ids)
				if err == nil && !maps.Equal(got, w) {
					t.Errorf("DeviceTimeZones(%v) = %v, want %v", ids, got, w)
				}
				return err
			})
		}
		want(a.WorkspaceID, []string{front.DeviceID, back.DeviceID}, map[string]string{front.DeviceID: "America/New_York"})
		want(a.WorkspaceID, nil, map[string]string{})

		// Different workspace: W_B neither reads nor writes W_A's device's
		// zone, and an unknown device is not found.
		want(b.WorkspaceID, []string{front.DeviceID}, map[string]string{})
		inTx(t, st, func(tx *store.Tx) error {
			wantNotFound(t, "W_B sets W_A's device's zone", tx.SetDeviceTimeZone(ctx, b.WorkspaceID, front.DeviceID, "UTC"))
			wantNotFound(t, "an unknown device", tx.SetDeviceTimeZone(ctx, a.WorkspaceID, lintel.NewID(), "UTC"))
			return nil
		})
		want(a.WorkspaceID, []string{front.DeviceID}, map[string]string{front.DeviceID: "America/New_York"})

		// The zone goes with its device.
		inTx(t, st, func(tx *store.Tx) error { return tx.DeleteDevice(ctx, a.WorkspaceID, front.DeviceID) })
		inTx(t, st, func(tx *store.Tx) error {
			var n int
			err := tx.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM device_time_zones`).Scan(&n)
			if err == nil && n != 0 {
				t.Errorf("%d time zones left after the device went", n)
			}
			return err
		})
	})
}
