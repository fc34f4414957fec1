package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// testPhone is an Android phone of the identity, as a sandbox creates it.
func testPhone(userIdentityID string, created time.Time) store.Phone {
	return store.Phone{DeviceID: lintel.NewID(), UserIdentityID: userIdentityID, DeviceType: "android_phone",
		Manufacturer: "Samsung", Model: "Samsung Galaxy S10", OSVersion: "10", AppVersion: "1.0.0",
		BLECapability: true, SeosAppletVersion: "1.0.0", SeosTSMEndpointID: 1, CreatedAt: created}
}

// idsOf returns the id of every row of a list; never nil.
func idsOf[T any](list []T, id func(T) string) []string {
	out := []string{}
	for _, x := range list {
		out = append(out, id(x))
	}
	return out
}

func phoneIDs(list []store.Phone) []string {
	return idsOf(list, func(p store.Phone) string { return p.DeviceID })
}

func TestPhones(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		identA, identA2 := a.Systems[0].UserIdentityIDs[0], a.Systems[0].UserIdentityIDs[1]
		identB := b.Systems[0].UserIdentityIDs[0]
		nick, sdk := "Work phone", "sdk-install-1"
		full := testPhone(identA, time.Time{})
		full.DeviceType, full.Nickname, full.CustomSDKInstallationID = "ios_phone", &nick, &sdk
		full.Manufacturer, full.Model, full.OSVersion = "Apple", "iPhone 15", "17.2"
		full.HCECapability, full.NFCCapability, full.SeosTSMEndpointID = true, true, 2.5
		full.CustomMetadata = `{"team":"ops"}`
		second := testPhone(identA, time.Time{})
		other := testPhone(identA2, time.Time{})
		var ofB store.Phone
		inTx(t, st, func(tx *store.Tx) error {
			for i, p := range []*store.Phone{&full, &second, &other} {
				p.CreatedAt = tx.Now().Add(time.Duration(i) * time.Millisecond)
				if err := tx.InsertPhone(ctx, a.WorkspaceID, *p); err != nil {
					return err
				}
			}
			ofB = testPhone(identB, tx.Now())
			if err := tx.InsertPhone(ctx, b.WorkspaceID, ofB); err != nil {
				return err
			}
			// Different workspace: W_B cannot give W_A's identity a phone.
			wantNotFound(t, "InsertPhone under W_B for W_A's identity", tx.InsertPhone(ctx, b.WorkspaceID, testPhone(identA, tx.Now())))
			wantNotFound(t, "InsertPhone for no identity", tx.InsertPhone(ctx, a.WorkspaceID, testPhone(lintel.NewID(), tx.Now())))
			return nil
		})

		view(t, st, func(tx *store.Tx) error {
			for _, want := range []store.Phone{full, second} {
				got, err := tx.Phone(ctx, a.WorkspaceID, want.DeviceID)
				if err != nil {
					return err
				}
				want.WorkspaceID = a.WorkspaceID
				if want.CustomMetadata == "" {
					want.CustomMetadata = "{}"
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("Phone =\n%+v, want\n%+v", got, want)
				}
				_, err = tx.Phone(ctx, b.WorkspaceID, want.DeviceID)
				wantNotFound(t, "Phone from W_B", err)
			}
			_, err := tx.Phone(ctx, a.WorkspaceID, lintel.NewID())
			wantNotFound(t, "unknown phone", err)
			return nil
		})

		for _, c := range []struct {
			name string
			ws   string
			f    store.PhoneFilter
			want []string
		}{
			{"all", a.WorkspaceID, store.PhoneFilter{}, []string{full.DeviceID, second.DeviceID, other.DeviceID}},
			{"one identity", a.WorkspaceID, store.PhoneFilter{UserIdentityIDs: []string{identA}}, []string{full.DeviceID, second.DeviceID}},
			{"no identity", a.WorkspaceID, store.PhoneFilter{UserIdentityIDs: []string{}}, []string{}},
			{"different workspace", b.WorkspaceID, store.PhoneFilter{}, []string{ofB.DeviceID}},
			{"different workspace, W_A's identity", b.WorkspaceID, store.PhoneFilter{UserIdentityIDs: []string{identA}}, []string{}},
		} {
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.ListPhones(ctx, c.ws, c.f, everything())
				if err != nil {
					return err
				}
				if ids := phoneIDs(got); !slices.Equal(ids, c.want) {
					t.Errorf("ListPhones %s = %v, want %v", c.name, ids, c.want)
				}
				return nil
			})
		}

		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_B cannot delete W_A's phone.
			_, err := tx.DeletePhone(ctx, b.WorkspaceID, full.DeviceID)
			wantNotFound(t, "DeletePhone from W_B", err)
			if _, err := tx.Phone(ctx, a.WorkspaceID, full.DeviceID); err != nil {
				t.Errorf("W_A's phone after W_B's delete: %v", err)
			}
			got, err := tx.DeletePhone(ctx, a.WorkspaceID, full.DeviceID)
			if err != nil {
				return err
			}
			if got.DeviceID != full.DeviceID || got.UserIdentityID != identA {
				t.Errorf("DeletePhone = %+v", got)
			}
			_, err = tx.DeletePhone(ctx, a.WorkspaceID, full.DeviceID)
			wantNotFound(t, "DeletePhone again", err)
			_, err = tx.Phone(ctx, a.WorkspaceID, full.DeviceID)
			wantNotFound(t, "deleted phone", err)
			return nil
		})

		// Deleting an identity takes its phones with it.
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.DeleteUserIdentity(ctx, a.WorkspaceID, identA2); err != nil {
				return err
			}
			_, err := tx.Phone(ctx, a.WorkspaceID, other.DeviceID)
			wantNotFound(t, "phone of a deleted identity", err)
			return nil
		})
	})
}
