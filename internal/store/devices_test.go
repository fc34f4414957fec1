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

// insertAccount stores a connected account of the workspace.
func insertAccount(t *testing.T, st *store.Store, workspaceID, accountType string, email *string) store.ConnectedAccount {
	t.Helper()
	c := store.ConnectedAccount{ConnectedAccountID: lintel.NewID(), WorkspaceID: workspaceID, AccountType: accountType,
		AccountTypeDisplayName: accountType, DisplayName: accountType, CustomMetadata: "{}",
		AutomaticallyManageNewDevices: true, UserIdentifierEmail: email}
	inTx(t, st, func(tx *store.Tx) error {
		c.CreatedAt = tx.Now()
		return tx.InsertConnectedAccount(context.Background(), workspaceID, c)
	})
	return c
}

func deviceIDs(list []store.Device) []string {
	out := []string{}
	for _, d := range list {
		out = append(out, d.DeviceID)
	}
	return out
}

func TestDevices(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		august := insertAccount(t, st, a.WorkspaceID, "august", nil)
		schlage := insertAccount(t, st, a.WorkspaceID, "schlage", nil)
		otherAccount := insertAccount(t, st, b.WorkspaceID, "august", nil)
		locked, battery, maxCodes, nameMax, nick, serial := true, 0.5, 250, 9, "Nick", "SN-1"
		full := store.Device{DeviceID: lintel.NewID(), ConnectedAccountID: august.ConnectedAccountID, ExternalID: "front",
			DeviceType: "august_lock", Name: "Front Door", Nickname: &nick, Manufacturer: "august",
			ManufacturerDisplayName: "August", Model: "Wi-Fi Smart Lock", SerialNumber: &serial, HasBuiltInKeypad: true,
			CanConnectAccessoryKeypad: true, Online: true, Locked: &locked, BatteryLevel: &battery,
			CanRemotelyLock: true, CanRemotelyUnlock: true, CanProgramOnlineAccessCodes: true, CanUnlockWithCode: true,
			CanSimulateRemoval: true, CanSimulateConnection: true, CanSimulateDisconnection: true,
			CanConfigureAutoLock: true, CanProgramOfflineAccessCodes: true,
			SupportedCodeLengths: []int{4, 6}, MaxActiveCodesSupported: &maxCodes, CodeDigitsOnly: true,
			CodeConstraints: []string{"no_zeros"}, CodeNameMaxLength: &nameMax,
			CustomMetadata: `{"unit":"12","vip":true}`, IsManaged: true,
			Errors:   []store.DeviceIssue{{Code: "device_offline", Message: "Offline", CreatedAt: time.UnixMilli(1_700_000_000_000).UTC()}},
			Warnings: []store.DeviceIssue{}}
		bare := store.Device{DeviceID: lintel.NewID(), ConnectedAccountID: august.ConnectedAccountID, ExternalID: "back",
			DeviceType: "august_lock", Name: "Back Door", Manufacturer: "august", ManufacturerDisplayName: "August",
			Model: "Wi-Fi Smart Lock", CustomMetadata: `{"unit":"13"}`}
		third := store.Device{DeviceID: lintel.NewID(), ConnectedAccountID: schlage.ConnectedAccountID, ExternalID: "office",
			DeviceType: "schlage_lock", Name: "Office", Manufacturer: "schlage", ManufacturerDisplayName: "Schlage",
			Model: "Encode", IsManaged: true}
		inTx(t, st, func(tx *store.Tx) error {
			for i, d := range []*store.Device{&full, &bare, &third} {
				d.CreatedAt = tx.Now().Add(time.Duration(i) * time.Millisecond)
				if err := tx.InsertDevice(ctx, a.WorkspaceID, *d); err != nil {
					return err
				}
			}
			// Different workspace: W_B cannot hang a device on W_A's account,
			// nor W_A on W_B's.
			stray := third
			stray.DeviceID = lintel.NewID()
			wantNotFound(t, "InsertDevice under W_B on W_A's account", tx.InsertDevice(ctx, b.WorkspaceID, stray))
			stray.ConnectedAccountID = otherAccount.ConnectedAccountID
			wantNotFound(t, "InsertDevice under W_A on W_B's account", tx.InsertDevice(ctx, a.WorkspaceID, stray))
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			for _, want := range []store.Device{full, bare, third} {
				got, err := tx.Device(ctx, a.WorkspaceID, want.DeviceID)
				if err != nil {
					return err
				}
				want.WorkspaceID = a.WorkspaceID
				if want.CustomMetadata == "" {
					want.CustomMetadata = "{}"
				}
				want.Connector, want.ConnectorConfig = "sandbox", "{}" // the defaults
				for _, l := range []*[]store.DeviceIssue{&want.Errors, &want.Warnings} {
					if *l == nil {
						*l = []store.DeviceIssue{}
					}
				}
				if want.SupportedCodeLengths == nil {
					want.SupportedCodeLengths = []int{}
				}
				if want.CodeConstraints == nil {
					want.CodeConstraints = []string{}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("Device =\n%+v, want\n%+v", got, want)
				}
				_, err = tx.Device(ctx, b.WorkspaceID, want.DeviceID)
				wantNotFound(t, "Device from W_B", err)
			}
			_, err := tx.Device(ctx, a.WorkspaceID, lintel.NewID())
			wantNotFound(t, "unknown device", err)
			return nil
		})

		managed, unmanaged := true, false
		before := third.CreatedAt
		for _, c := range []struct {
			name string
			ws   string
			f    store.DeviceFilter
			want []string
		}{
			{"all", a.WorkspaceID, store.DeviceFilter{}, []string{full.DeviceID, bare.DeviceID, third.DeviceID}},
			{"W_B sees none", b.WorkspaceID, store.DeviceFilter{}, []string{}},
			{"W_B by W_A's ids", b.WorkspaceID, store.DeviceFilter{DeviceIDs: []string{full.DeviceID}}, []string{}},
			{"W_B by W_A's account", b.WorkspaceID, store.DeviceFilter{ConnectedAccountIDs: []string{august.ConnectedAccountID}}, []string{}},
			{"ids", a.WorkspaceID, store.DeviceFilter{DeviceIDs: []string{third.DeviceID, bare.DeviceID}}, []string{bare.DeviceID, third.DeviceID}},
			{"no ids", a.WorkspaceID, store.DeviceFilter{DeviceIDs: []string{}}, []string{}},
			{"type", a.WorkspaceID, store.DeviceFilter{DeviceTypes: []string{"schlage_lock"}}, []string{third.DeviceID}},
			{"manufacturer", a.WorkspaceID, store.DeviceFilter{Manufacturer: "august"}, []string{full.DeviceID, bare.DeviceID}},
			{"account", a.WorkspaceID, store.DeviceFilter{ConnectedAccountIDs: []string{schlage.ConnectedAccountID}}, []string{third.DeviceID}},
			{"created before", a.WorkspaceID, store.DeviceFilter{CreatedBefore: &before}, []string{full.DeviceID, bare.DeviceID}},
			{"managed", a.WorkspaceID, store.DeviceFilter{IsManaged: &managed}, []string{full.DeviceID, third.DeviceID}},
			{"unmanaged", a.WorkspaceID, store.DeviceFilter{IsManaged: &unmanaged}, []string{bare.DeviceID}},
			{"search name", a.WorkspaceID, store.DeviceFilter{Search: "door"}, []string{full.DeviceID, bare.DeviceID}},
			{"search nickname", a.WorkspaceID, store.DeviceFilter{Search: "nick"}, []string{full.DeviceID}},
			{"name", a.WorkspaceID, store.DeviceFilter{Name: "Back Door"}, []string{bare.DeviceID}},
			{"name is a nickname too", a.WorkspaceID, store.DeviceFilter{Name: "Nick"}, []string{full.DeviceID}},
			{"include if", a.WorkspaceID, store.DeviceFilter{IncludeIf: []string{"can_remotely_lock", "can_unlock_with_code"}}, []string{full.DeviceID}},
			{"include if a flag no lock has", a.WorkspaceID, store.DeviceFilter{IncludeIf: []string{"can_hvac_heat"}}, []string{}},
			{"exclude if", a.WorkspaceID, store.DeviceFilter{ExcludeIf: []string{"can_remotely_lock"}}, []string{bare.DeviceID, third.DeviceID}},
			{"exclude if a flag no lock has", a.WorkspaceID, store.DeviceFilter{ExcludeIf: []string{"can_hvac_heat"}}, []string{full.DeviceID, bare.DeviceID, third.DeviceID}},
			{"external ids", a.WorkspaceID, store.DeviceFilter{WithExternalIDs: map[string][]string{"august": {"back"}, "schlage": {"office", "front"}}},
				[]string{bare.DeviceID, third.DeviceID}},
			{"external ids of another manufacturer", a.WorkspaceID, store.DeviceFilter{WithExternalIDs: map[string][]string{"schlage": {"front"}}}, []string{}},
			{"no external ids", a.WorkspaceID, store.DeviceFilter{WithExternalIDs: map[string][]string{}}, []string{}},
			{"without external ids", a.WorkspaceID, store.DeviceFilter{WithoutExternalIDs: map[string][]string{"august": {"back", "front"}}}, []string{third.DeviceID}},
			{"without no external ids", a.WorkspaceID, store.DeviceFilter{WithoutExternalIDs: map[string][]string{"august": {}}},
				[]string{full.DeviceID, bare.DeviceID, third.DeviceID}},
			{"W_B by W_A's external ids", b.WorkspaceID, store.DeviceFilter{WithExternalIDs: map[string][]string{"august": {"front"}}}, []string{}},
			{"metadata string", a.WorkspaceID, store.DeviceFilter{CustomMetadataHas: map[string]any{"unit": "13"}}, []string{bare.DeviceID}},
			{"metadata bool", a.WorkspaceID, store.DeviceFilter{CustomMetadataHas: map[string]any{"vip": true}}, []string{full.DeviceID}},
			{"metadata bool is not its string", a.WorkspaceID, store.DeviceFilter{CustomMetadataHas: map[string]any{"vip": "true"}}, []string{}},
			{"metadata false", a.WorkspaceID, store.DeviceFilter{CustomMetadataHas: map[string]any{"vip": false}}, []string{}},
			{"metadata null", a.WorkspaceID, store.DeviceFilter{CustomMetadataHas: map[string]any{"vip": nil}}, []string{bare.DeviceID, third.DeviceID}},
			{"metadata both", a.WorkspaceID, store.DeviceFilter{CustomMetadataHas: map[string]any{"unit": "12", "vip": true}}, []string{full.DeviceID}},
		} {
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.ListDevices(ctx, c.ws, c.f, everything())
				if err != nil {
					return err
				}
				if ids := deviceIDs(got); !slices.Equal(ids, c.want) {
					t.Errorf("%s: ListDevices = %v, want %v", c.name, ids, c.want)
				}
				return nil
			})
		}
		// Pages follow creation order.
		view(t, st, func(tx *store.Tx) error {
			first, err := tx.ListDevices(ctx, a.WorkspaceID, store.DeviceFilter{}, page.Request{Limit: 1})
			if err != nil || len(first) < 1 || first[0].DeviceID != full.DeviceID {
				t.Errorf("first page = %v, %v", deviceIDs(first), err)
			}
			rest, err := tx.ListDevices(ctx, a.WorkspaceID, store.DeviceFilter{}, page.Request{Limit: 5,
				After: &page.Key{CreatedAt: full.CreatedAt, ID: full.DeviceID}})
			if ids := deviceIDs(rest); err != nil || !slices.Equal(ids, []string{bare.DeviceID, third.DeviceID}) {
				t.Errorf("second page = %v, %v", ids, err)
			}
			return nil
		})

		view(t, st, func(tx *store.Tx) error {
			got, err := tx.DevicesOfConnectedAccount(ctx, a.WorkspaceID, august.ConnectedAccountID)
			if ids := deviceIDs(got); err != nil || !slices.Equal(ids, []string{full.DeviceID, bare.DeviceID}) {
				t.Errorf("DevicesOfConnectedAccount = %v, %v", ids, err)
			}
			got, err = tx.DevicesOfConnectedAccount(ctx, b.WorkspaceID, august.ConnectedAccountID)
			if err != nil || len(got) != 0 {
				t.Errorf("DevicesOfConnectedAccount from W_B = %v, %v", deviceIDs(got), err)
			}
			return nil
		})

		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_B deletes nothing of W_A's.
			if ids, err := tx.DeleteDevicesOfConnectedAccount(ctx, b.WorkspaceID, august.ConnectedAccountID); err != nil || len(ids) != 0 {
				t.Errorf("DeleteDevicesOfConnectedAccount from W_B = %v, %v", ids, err)
			}
			if ids, err := tx.DeleteDevicesOfWorkspace(ctx, b.WorkspaceID); err != nil || len(ids) != 0 {
				t.Errorf("DeleteDevicesOfWorkspace of W_B = %v, %v", ids, err)
			}
			ids, err := tx.DeleteDevicesOfConnectedAccount(ctx, a.WorkspaceID, august.ConnectedAccountID)
			slices.Sort(ids)
			want := []string{full.DeviceID, bare.DeviceID}
			slices.Sort(want)
			if err != nil || !slices.Equal(ids, want) {
				t.Errorf("DeleteDevicesOfConnectedAccount = %v, %v; want %v", ids, err, want)
			}
			left, err := tx.ListDevices(ctx, a.WorkspaceID, store.DeviceFilter{}, everything())
			if ids := deviceIDs(left); err != nil || !slices.Equal(ids, []string{third.DeviceID}) {
				t.Errorf("after deleting August's devices: %v, %v", ids, err)
			}
			ids, err = tx.DeleteDevicesOfWorkspace(ctx, a.WorkspaceID)
			if err != nil || !slices.Equal(ids, []string{third.DeviceID}) {
				t.Errorf("DeleteDevicesOfWorkspace = %v, %v", ids, err)
			}
			return nil
		})
		if stored(t, st, "devices", "device_id", third.DeviceID) {
			t.Error("a deleted device is still stored")
		}
	})
}

func TestConnectedAccountByLogin(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		jane, john := "jane@example.com", "john@example.com"
		janes := insertAccount(t, st, a.WorkspaceID, "august", &jane)
		insertAccount(t, st, a.WorkspaceID, "august", &john)
		insertAccount(t, st, a.WorkspaceID, "august", nil)
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.ConnectedAccountByLogin(ctx, a.WorkspaceID, "august", "Jane@Example.com")
			if err != nil || got.ConnectedAccountID != janes.ConnectedAccountID || got.UserIdentifierEmail == nil ||
				*got.UserIdentifierEmail != jane {
				t.Errorf("ConnectedAccountByLogin = %+v, %v", got, err)
			}
			_, err = tx.ConnectedAccountByLogin(ctx, a.WorkspaceID, "schlage", jane)
			wantNotFound(t, "another account type", err)
			// Different workspace.
			_, err = tx.ConnectedAccountByLogin(ctx, b.WorkspaceID, "august", jane)
			wantNotFound(t, "ConnectedAccountByLogin from W_B", err)
			return nil
		})
	})
}
