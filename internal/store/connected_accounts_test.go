package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestConnectedAccounts(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		plain := store.ConnectedAccount{ConnectedAccountID: lintel.NewID(), AccountType: "brivo",
			AccountTypeDisplayName: "Brivo", DisplayName: "Campus"}
		tagged := store.ConnectedAccount{ConnectedAccountID: lintel.NewID(), AccountType: "salto_ks",
			AccountTypeDisplayName: "Salto KS", DisplayName: "Office", CustomMetadata: `{"site":"berlin"}`,
			AutomaticallyManageNewDevices: true}
		inTx(t, st, func(tx *store.Tx) error {
			for _, c := range []*store.ConnectedAccount{&plain, &tagged} {
				c.CreatedAt = tx.Now()
				if err := tx.InsertConnectedAccount(ctx, a.WorkspaceID, *c); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			for _, want := range []store.ConnectedAccount{plain, tagged} {
				got, err := tx.ConnectedAccount(ctx, a.WorkspaceID, want.ConnectedAccountID)
				if err != nil {
					return err
				}
				want.WorkspaceID = a.WorkspaceID
				if want.CustomMetadata == "" {
					want.CustomMetadata = "{}"
				}
				if got != want {
					t.Errorf("ConnectedAccount = %+v, want %+v", got, want)
				}
				// Different workspace.
				if _, err := tx.ConnectedAccount(ctx, b.WorkspaceID, want.ConnectedAccountID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ConnectedAccount from W_B: err = %v, want ErrNotFound", err)
				}
			}
			if _, err := tx.ConnectedAccount(ctx, a.WorkspaceID, lintel.NewID()); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("unknown account: err = %v, want ErrNotFound", err)
			}
			if list, err := tx.ListConnectedAccounts(ctx, b.WorkspaceID, store.ConnectedAccountFilter{}, everything()); err != nil || len(list) != 0 {
				t.Errorf("ListConnectedAccounts from W_B = %+v, %v", list, err)
			}
			if list, err := tx.ListConnectedAccounts(ctx, a.WorkspaceID, store.ConnectedAccountFilter{}, everything()); err != nil || len(list) != 2 {
				t.Errorf("ListConnectedAccounts = %d, %v; want 2", len(list), err)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			upd := tagged
			upd.WorkspaceID = a.WorkspaceID
			upd.DisplayName, upd.CustomMetadata, upd.AutomaticallyManageNewDevices = "Renamed", `{"site":"paris"}`, false
			upd.AccountType = "ignored" // not a setting a caller changes
			// Different workspace: W_B cannot update W_A's account.
			if err := tx.UpdateConnectedAccount(ctx, b.WorkspaceID, upd); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UpdateConnectedAccount from W_B: err = %v, want ErrNotFound", err)
			}
			if got, err := tx.ConnectedAccount(ctx, a.WorkspaceID, tagged.ConnectedAccountID); err != nil || got.DisplayName != "Office" {
				t.Errorf("after W_B's update, W_A's account = %+v, %v", got, err)
			}
			if err := tx.UpdateConnectedAccount(ctx, a.WorkspaceID, upd); err != nil {
				return err
			}
			got, err := tx.ConnectedAccount(ctx, a.WorkspaceID, tagged.ConnectedAccountID)
			if err != nil || got.DisplayName != "Renamed" || got.CustomMetadata != `{"site":"paris"}` ||
				got.AutomaticallyManageNewDevices || got.AccountType != "salto_ks" {
				t.Errorf("after UpdateConnectedAccount = %+v, %v", got, err)
			}
			return nil
		})

		// Different workspace: an account W_B connects is W_B's alone.
		t.Run("different workspace insert", func(t *testing.T) {
			theirs := store.ConnectedAccount{ConnectedAccountID: lintel.NewID(), AccountType: "brivo",
				AccountTypeDisplayName: "Brivo", DisplayName: "Theirs"}
			inTx(t, st, func(tx *store.Tx) error {
				theirs.CreatedAt = tx.Now()
				return tx.InsertConnectedAccount(ctx, b.WorkspaceID, theirs)
			})
			view(t, st, func(tx *store.Tx) error {
				if _, err := tx.ConnectedAccount(ctx, a.WorkspaceID, theirs.ConnectedAccountID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("W_B's account from W_A: %v, want ErrNotFound", err)
				}
				mine, err := tx.ListConnectedAccounts(ctx, a.WorkspaceID, store.ConnectedAccountFilter{}, everything())
				if err != nil {
					return err
				}
				for _, c := range mine {
					if c.ConnectedAccountID == theirs.ConnectedAccountID {
						t.Errorf("W_B's account listed in W_A")
					}
				}
				return nil
			})
		})
	})
}
