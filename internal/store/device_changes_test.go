package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// insertLock stores a lock of the account.
func insertSandboxLock(t *testing.T, st *store.Store, workspaceID, accountID, externalID string) store.Device {
	t.Helper()
	locked := true
	d := store.Device{DeviceID: lintel.NewID(), WorkspaceID: workspaceID, ConnectedAccountID: accountID,
		ExternalID: externalID, DeviceType: "august_lock", Name: externalID, Manufacturer: "august",
		ManufacturerDisplayName: "August", Model: "Lock", Online: true, Locked: &locked, CustomMetadata: "{}"}
	inTx(t, st, func(tx *store.Tx) error {
		d.CreatedAt = tx.Now()
		return tx.InsertDevice(context.Background(), workspaceID, d)
	})
	return d
}

func TestDeviceChanges(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		account := insertAccount(t, st, a.WorkspaceID, "august", nil)
		d := insertSandboxLock(t, st, a.WorkspaceID, account.ConnectedAccountID, "front")
		other := insertSandboxLock(t, st, a.WorkspaceID, account.ConnectedAccountID, "back")

		nick, unlocked, battery, on, delay := "Porch", false, 0.2, true, 30
		changed := d
		changed.Nickname, changed.CustomMetadata, changed.IsManaged = &nick, `{"unit":"4"}`, false
		changed.Online, changed.Locked, changed.BatteryLevel = false, &unlocked, &battery
		changed.AutoLockEnabled, changed.AutoLockDelaySeconds = &on, &delay
		changed.Errors = []store.DeviceIssue{{Code: "device_offline", Message: "Offline", CreatedAt: time.UnixMilli(1_700_000_000_000).UTC()}}
		changed.Warnings = []store.DeviceIssue{}
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_B changes nothing of W_A's.
			wantNotFound(t, "UpdateDevice from W_B", tx.UpdateDevice(ctx, b.WorkspaceID, changed))
			wantNotFound(t, "SetDeviceConnectorConfig from W_B", tx.SetDeviceConnectorConfig(ctx, b.WorkspaceID, d.DeviceID, `{"mode":"remote"}`))
			wantNotFound(t, "DeleteDevice from W_B", tx.DeleteDevice(ctx, b.WorkspaceID, d.DeviceID))
			got, err := tx.Device(ctx, a.WorkspaceID, d.DeviceID)
			if err != nil || got.Nickname != nil || got.ConnectorConfig != "{}" || !got.Online {
				t.Errorf("after W_B's changes: %+v, %v", got, err)
			}
			if err := tx.UpdateDevice(ctx, a.WorkspaceID, changed); err != nil {
				return err
			}
			return tx.SetDeviceConnectorConfig(ctx, a.WorkspaceID, d.DeviceID, `{"mode":"remote"}`)
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.Device(ctx, a.WorkspaceID, d.DeviceID)
			if err != nil {
				return err
			}
			want := changed
			want.Connector, want.ConnectorConfig, want.SupportedCodeLengths, want.CodeConstraints = "sandbox", `{"mode":"remote"}`, []int{}, []string{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("UpdateDevice: got\n%+v, want\n%+v", got, want)
			}
			found, err := tx.FindDevice(ctx, d.DeviceID)
			if err != nil || found.WorkspaceID != a.WorkspaceID {
				t.Errorf("FindDevice = %+v, %v", found, err)
			}
			_, err = tx.FindDevice(ctx, lintel.NewID())
			wantNotFound(t, "FindDevice of an unknown id", err)
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.DeleteDevice(ctx, a.WorkspaceID, d.DeviceID); err != nil {
				return err
			}
			wantNotFound(t, "DeleteDevice again", tx.DeleteDevice(ctx, a.WorkspaceID, d.DeviceID))
			_, err := tx.Device(ctx, a.WorkspaceID, d.DeviceID)
			wantNotFound(t, "a deleted device", err)
			_, err = tx.Device(ctx, a.WorkspaceID, other.DeviceID)
			return err
		})
	})
}

func TestSandboxDevices(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		account := insertAccount(t, st, a.WorkspaceID, "august", nil)
		front := store.SandboxDevice{ConnectedAccountID: account.ConnectedAccountID, ExternalID: "front", Online: true,
			Locked: true, BatteryLevel: 0.8}
		back := store.SandboxDevice{ConnectedAccountID: account.ConnectedAccountID, ExternalID: "back", Online: true}
		name := "Guest"
		starts, ends := time.UnixMilli(1_700_000_000_000).UTC(), time.UnixMilli(1_700_086_400_000).UTC()
		code := store.SandboxAccessCode{ExternalID: "c1", Code: "4821", Name: &name, StartsAt: &starts, EndsAt: &ends}
		ongoing := store.SandboxAccessCode{ExternalID: "c2", Code: "1234"}
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_B cannot add a device to W_A's account.
			wantNotFound(t, "SandboxPutDevice from W_B", tx.SandboxPutDevice(ctx, b.WorkspaceID, front))
			if err := tx.SandboxAddDevice(ctx, b.WorkspaceID, front); err != nil {
				return err
			}
			if err := tx.SandboxPutDevice(ctx, a.WorkspaceID, front); err != nil {
				return err
			}
			// Adding keeps what is there.
			unlocked := front
			unlocked.Locked = false
			if err := tx.SandboxAddDevice(ctx, a.WorkspaceID, unlocked); err != nil {
				return err
			}
			if err := tx.SandboxAddDevice(ctx, a.WorkspaceID, back); err != nil {
				return err
			}
			wantNotFound(t, "SandboxPutAccessCode from W_B", tx.SandboxPutAccessCode(ctx, b.WorkspaceID, account.ConnectedAccountID, "front", code))
			wantNotFound(t, "SandboxPutAccessCode on no lock", tx.SandboxPutAccessCode(ctx, a.WorkspaceID, account.ConnectedAccountID, "nowhere", code))
			for _, c := range []store.SandboxAccessCode{code, ongoing} {
				if err := tx.SandboxPutAccessCode(ctx, a.WorkspaceID, account.ConnectedAccountID, "front", c); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.SandboxDevice(ctx, a.WorkspaceID, account.ConnectedAccountID, "front")
			if err != nil || got != front {
				t.Errorf("SandboxDevice = %+v, %v; want %+v", got, err, front)
			}
			_, err = tx.SandboxDevice(ctx, b.WorkspaceID, account.ConnectedAccountID, "front")
			wantNotFound(t, "SandboxDevice from W_B", err)
			all, err := tx.SandboxDevices(ctx, a.WorkspaceID, account.ConnectedAccountID)
			if err != nil || !reflect.DeepEqual(all, []store.SandboxDevice{back, front}) {
				t.Errorf("SandboxDevices = %+v, %v", all, err)
			}
			none, err := tx.SandboxDevices(ctx, b.WorkspaceID, account.ConnectedAccountID)
			if err != nil || len(none) != 0 {
				t.Errorf("SandboxDevices from W_B = %+v, %v", none, err)
			}
			codes, err := tx.SandboxAccessCodes(ctx, a.WorkspaceID, account.ConnectedAccountID, "front")
			if err != nil || !reflect.DeepEqual(codes, []store.SandboxAccessCode{code, ongoing}) {
				t.Errorf("SandboxAccessCodes = %+v, %v", codes, err)
			}
			codes, err = tx.SandboxAccessCodes(ctx, b.WorkspaceID, account.ConnectedAccountID, "front")
			if err != nil || len(codes) != 0 {
				t.Errorf("SandboxAccessCodes from W_B = %+v, %v", codes, err)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			// W_B removes nothing of W_A's.
			if err := tx.SandboxDeleteAccessCode(ctx, b.WorkspaceID, account.ConnectedAccountID, "front", "c1"); err != nil {
				return err
			}
			if err := tx.SandboxDeleteDevice(ctx, b.WorkspaceID, account.ConnectedAccountID, "front"); err != nil {
				return err
			}
			if codes, _ := tx.SandboxAccessCodes(ctx, a.WorkspaceID, account.ConnectedAccountID, "front"); len(codes) != 2 {
				t.Errorf("after W_B's deletes, %d codes are left, want 2", len(codes))
			}
			if err := tx.SandboxDeleteAccessCode(ctx, a.WorkspaceID, account.ConnectedAccountID, "front", "c1"); err != nil {
				return err
			}
			if codes, _ := tx.SandboxAccessCodes(ctx, a.WorkspaceID, account.ConnectedAccountID, "front"); len(codes) != 1 || codes[0].ExternalID != "c2" {
				t.Errorf("after deleting c1: %+v", codes)
			}
			if err := tx.SandboxDeleteDevice(ctx, a.WorkspaceID, account.ConnectedAccountID, "front"); err != nil {
				return err
			}
			_, err := tx.SandboxDevice(ctx, a.WorkspaceID, account.ConnectedAccountID, "front")
			wantNotFound(t, "a deleted sandbox device", err)
			if codes, _ := tx.SandboxAccessCodes(ctx, a.WorkspaceID, account.ConnectedAccountID, "front"); len(codes) != 0 {
				t.Errorf("the codes of a deleted lock are left: %+v", codes)
			}
			return nil
		})
	})
}
