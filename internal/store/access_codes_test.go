package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// insertCodeLock stores a lock of a connected account of the workspace.
func insertCodeLock(t *testing.T, st *store.Store, workspaceID, accountID, name string) store.Device {
	t.Helper()
	d := store.Device{DeviceID: lintel.NewID(), ConnectedAccountID: accountID, ExternalID: name,
		DeviceType: "august_lock", Name: name, Manufacturer: "august", ManufacturerDisplayName: "August",
		Model: "Wi-Fi Smart Lock", SupportedCodeLengths: []int{4, 6}, CodeDigitsOnly: true}
	inTx(t, st, func(tx *store.Tx) error {
		d.CreatedAt = tx.Now()
		return tx.InsertDevice(context.Background(), workspaceID, d)
	})
	return d
}

func accessCodeIDs(list []store.AccessCode) []string {
	out := []string{}
	for _, c := range list {
		out = append(out, c.AccessCodeID)
	}
	return out
}

func TestAccessCodes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		account := insertAccount(t, st, a.WorkspaceID, "august", nil)
		otherAccount := insertAccount(t, st, a.WorkspaceID, "schlage", nil)
		front := insertCodeLock(t, st, a.WorkspaceID, account.ConnectedAccountID, "Front")
		back := insertCodeLock(t, st, a.WorkspaceID, otherAccount.ConnectedAccountID, "Back")
		bAccount := insertAccount(t, st, b.WorkspaceID, "august", nil)
		bLock := insertCodeLock(t, st, b.WorkspaceID, bAccount.ConnectedAccountID, "Theirs")

		str := func(s string) *string { return &s }
		starts := time.UnixMilli(1_800_000_000_000).UTC()
		ends := starts.Add(48 * time.Hour)
		timed := store.AccessCode{AccessCodeID: lintel.NewID(), DeviceID: front.DeviceID, IsManaged: true,
			Name: str("Guest"), Code: str("4821"), CommonCodeKey: str("stay-1"), StartsAt: &starts, EndsAt: &ends,
			Status: "unset", IsExternalModificationAllowed: true, IsOneTimeUse: true, IsOfflineAccessCode: true,
			PreferNativeScheduling: true, UseBackupAccessCodePool: true,
			Errors:   []store.AccessCodeIssue{{Code: "failed_to_set_on_device", Message: "no", CreatedAt: starts}},
			Warnings: []store.AccessCodeIssue{{Code: "being_deleted", Message: "bye", CreatedAt: starts}}}
		ongoing := store.AccessCode{AccessCodeID: lintel.NewID(), DeviceID: back.DeviceID, IsManaged: true,
			Name: str("Cleaner"), Code: str("123456"), CommonCodeKey: str("stay-1"), Status: "set", OnDevice: true}
		unmanaged := store.AccessCode{AccessCodeID: lintel.NewID(), DeviceID: front.DeviceID, Code: str("9999"),
			Status: "set"}
		backup := store.AccessCode{AccessCodeID: lintel.NewID(), DeviceID: front.DeviceID, IsManaged: true,
			Code: str("5555"), Status: "set", IsBackup: true}
		inTx(t, st, func(tx *store.Tx) error {
			for i, c := range []*store.AccessCode{&timed, &ongoing, &unmanaged, &backup} {
				c.ExternalID = c.AccessCodeID
				c.CreatedAt = tx.Now().Add(time.Duration(i) * time.Millisecond)
				if err := tx.InsertAccessCode(ctx, a.WorkspaceID, *c); err != nil {
					return err
				}
			}
			// Different workspace: W_B cannot hang a code on W_A's lock, nor
			// W_A on W_B's.
			stray := ongoing
			stray.AccessCodeID, stray.ExternalID = lintel.NewID(), "stray"
			wantNotFound(t, "InsertAccessCode under W_B on W_A's lock", tx.InsertAccessCode(ctx, b.WorkspaceID, stray))
			stray.DeviceID = bLock.DeviceID
			wantNotFound(t, "InsertAccessCode under W_A on W_B's lock", tx.InsertAccessCode(ctx, a.WorkspaceID, stray))
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			for _, want := range []store.AccessCode{timed, ongoing, unmanaged, backup} {
				got, err := tx.AccessCode(ctx, a.WorkspaceID, want.AccessCodeID)
				if err != nil {
					return err
				}
				want.WorkspaceID = a.WorkspaceID
				for _, l := range []*[]store.AccessCodeIssue{&want.Errors, &want.Warnings} {
					if *l == nil {
						*l = []store.AccessCodeIssue{}
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("AccessCode =\n%+v, want\n%+v", got, want)
				}
				_, err = tx.AccessCode(ctx, b.WorkspaceID, want.AccessCodeID)
				wantNotFound(t, "AccessCode from W_B", err)
			}
			return nil
		})

		for _, c := range []struct {
			name string
			ws   string
			f    store.AccessCodeFilter
			want []string
		}{
			{"managed", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true}, []string{timed.AccessCodeID, ongoing.AccessCodeID}},
			{"unmanaged", a.WorkspaceID, store.AccessCodeFilter{}, []string{unmanaged.AccessCodeID}},
			{"W_B sees none", b.WorkspaceID, store.AccessCodeFilter{IsManaged: true}, []string{}},
			{"W_B by W_A's ids", b.WorkspaceID, store.AccessCodeFilter{IsManaged: true, AccessCodeIDs: []string{timed.AccessCodeID}}, []string{}},
			{"W_B by W_A's device", b.WorkspaceID, store.AccessCodeFilter{IsManaged: true, DeviceIDs: []string{front.DeviceID}}, []string{}},
			{"device", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, DeviceIDs: []string{back.DeviceID}}, []string{ongoing.AccessCodeID}},
			{"ids", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, AccessCodeIDs: []string{ongoing.AccessCodeID, backup.AccessCodeID}}, []string{ongoing.AccessCodeID}},
			{"no ids", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, AccessCodeIDs: []string{}}, []string{}},
			{"common key", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, CommonCodeKey: "stay-1"}, []string{timed.AccessCodeID, ongoing.AccessCodeID}},
			{"code", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, Code: "123456"}, []string{ongoing.AccessCodeID}},
			{"search name", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, Search: "guE"}, []string{timed.AccessCodeID}},
			{"search code", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, Search: "23456"}, []string{ongoing.AccessCodeID}},
			{"search wildcard is literal", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, Search: "%"}, []string{}},
			{"account", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, ConnectedAccountIDs: []string{otherAccount.ConnectedAccountID}}, []string{ongoing.AccessCodeID}},
			{"no account", a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, ConnectedAccountIDs: []string{}}, []string{}},
		} {
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.ListAccessCodes(ctx, c.ws, c.f, everything())
				if err != nil {
					return err
				}
				if ids := accessCodeIDs(got); !slices.Equal(ids, c.want) {
					t.Errorf("%s: ListAccessCodes = %v, want %v", c.name, ids, c.want)
				}
				return nil
			})
		}
		view(t, st, func(tx *store.Tx) error {
			first, err := tx.ListAccessCodes(ctx, a.WorkspaceID, store.AccessCodeFilter{IsManaged: true}, page.Request{Limit: 1})
			if ids := accessCodeIDs(first); err != nil || !slices.Equal(ids, []string{timed.AccessCodeID, ongoing.AccessCodeID}) {
				t.Errorf("first page (one more than the limit) = %v, %v", ids, err)
			}
			rest, err := tx.ListAccessCodes(ctx, a.WorkspaceID, store.AccessCodeFilter{IsManaged: true}, page.Request{Limit: 5,
				After: &page.Key{CreatedAt: timed.CreatedAt, ID: timed.AccessCodeID}})
			if ids := accessCodeIDs(rest); err != nil || !slices.Equal(ids, []string{ongoing.AccessCodeID}) {
				t.Errorf("second page = %v, %v", ids, err)
			}
			all, err := tx.AccessCodesOfDevice(ctx, a.WorkspaceID, front.DeviceID)
			want := []string{timed.AccessCodeID, unmanaged.AccessCodeID, backup.AccessCodeID}
			if ids := accessCodeIDs(all); err != nil || !slices.Equal(ids, want) {
				t.Errorf("AccessCodesOfDevice = %v, %v; want %v", ids, err, want)
			}
			none, err := tx.AccessCodesOfDevice(ctx, b.WorkspaceID, front.DeviceID)
			if err != nil || len(none) != 0 {
				t.Errorf("AccessCodesOfDevice from W_B = %v, %v", accessCodeIDs(none), err)
			}
			return nil
		})

		// A pulled backup code is listed; one waiting in the pool is not.
		inTx(t, st, func(tx *store.Tx) error {
			backup.PulledFor = &timed.AccessCodeID
			backup.Name = str("Guest (backup)")
			backup.StartsAt, backup.EndsAt = &starts, &ends
			if err := tx.UpdateAccessCode(ctx, a.WorkspaceID, backup); err != nil {
				return err
			}
			// Different workspace: W_B changes nothing of W_A's.
			changed := timed
			changed.Status = "removing"
			wantNotFound(t, "UpdateAccessCode from W_B", tx.UpdateAccessCode(ctx, b.WorkspaceID, changed))
			wantNotFound(t, "DeleteAccessCode from W_B", tx.DeleteAccessCode(ctx, b.WorkspaceID, timed.AccessCodeID))
			wantNotFound(t, "SetAccessCodeJobs from W_B", tx.SetAccessCodeJobs(ctx, b.WorkspaceID, timed.AccessCodeID,
				new(int64(9)), nil))
			// W_A's: a job id past 32 bits, and none; UpdateAccessCode
			// leaves them as they are.
			if err := tx.SetAccessCodeJobs(ctx, a.WorkspaceID, timed.AccessCodeID, nil, new(int64(1)<<40)); err != nil {
				return err
			}
			if err := tx.UpdateAccessCode(ctx, a.WorkspaceID, timed); err != nil {
				return err
			}
			wantNotFound(t, "SetDeviceCodeLengths from W_B", tx.SetDeviceCodeLengths(ctx, b.WorkspaceID, front.DeviceID, []int{8}))
			return tx.SetDeviceCodeLengths(ctx, a.WorkspaceID, back.DeviceID, []int{5, 7})
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.AccessCode(ctx, a.WorkspaceID, backup.AccessCodeID)
			if err != nil || got.PulledFor == nil || *got.PulledFor != timed.AccessCodeID || *got.Name != "Guest (backup)" ||
				!got.EndsAt.Equal(ends) {
				t.Errorf("updated backup = %+v, %v", got, err)
			}
			list, err := tx.ListAccessCodes(ctx, a.WorkspaceID, store.AccessCodeFilter{IsManaged: true, DeviceIDs: []string{front.DeviceID}}, everything())
			if ids := accessCodeIDs(list); err != nil || !slices.Equal(ids, []string{timed.AccessCodeID, backup.AccessCodeID}) {
				t.Errorf("list with a pulled backup = %v, %v", ids, err)
			}
			still, err := tx.AccessCode(ctx, a.WorkspaceID, timed.AccessCodeID)
			if err != nil || still.Status != "unset" {
				t.Errorf("W_A's code after W_B's update = %+v, %v", still, err)
			}
			if still.StartJobID != nil || still.EndJobID == nil || *still.EndJobID != 1<<40 {
				t.Errorf("W_A's code's jobs = %v, %v; want none, %d", still.StartJobID, still.EndJobID, int64(1)<<40)
			}
			lock, err := tx.Device(ctx, a.WorkspaceID, front.DeviceID)
			if err != nil || !slices.Equal(lock.SupportedCodeLengths, []int{4, 6}) {
				t.Errorf("W_A's lock after W_B's report = %v, %v", lock.SupportedCodeLengths, err)
			}
			lock, err = tx.Device(ctx, a.WorkspaceID, back.DeviceID)
			if err != nil || !slices.Equal(lock.SupportedCodeLengths, []int{5, 7}) {
				t.Errorf("reported lengths = %v, %v", lock.SupportedCodeLengths, err)
			}
			return nil
		})

		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.DeleteAccessCode(ctx, a.WorkspaceID, ongoing.AccessCodeID); err != nil {
				return err
			}
			_, err := tx.AccessCode(ctx, a.WorkspaceID, ongoing.AccessCodeID)
			wantNotFound(t, "deleted code", err)
			wantNotFound(t, "deleting again", tx.DeleteAccessCode(ctx, a.WorkspaceID, ongoing.AccessCodeID))
			return nil
		})
		// A device's codes go with it.
		inTx(t, st, func(tx *store.Tx) error {
			if _, err := tx.DeleteDevicesOfConnectedAccount(ctx, a.WorkspaceID, account.ConnectedAccountID); err != nil {
				return err
			}
			_, err := tx.AccessCode(ctx, a.WorkspaceID, timed.AccessCodeID)
			wantNotFound(t, "code of a deleted device", err)
			return nil
		})
	})
}
