package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestAcsSystems(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		tz := "Europe/Berlin"
		account := store.ConnectedAccount{ConnectedAccountID: lintel.NewID(), AccountType: "salto_ks",
			AccountTypeDisplayName: "Salto KS", DisplayName: "Second account"}
		sys := store.AcsSystem{AcsSystemID: lintel.NewID(), ConnectedAccountID: account.ConnectedAccountID, Name: "Berlin office",
			ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS site", IsCredentialManager: true, TimeZone: &tz,
			Connector: "sandbox", ConnectorConfig: `{"mode":"remote"}`}
		inTx(t, st, func(tx *store.Tx) error {
			account.CreatedAt, sys.CreatedAt = tx.Now(), tx.Now()
			if err := tx.InsertConnectedAccount(ctx, a.WorkspaceID, account); err != nil {
				return err
			}
			return tx.InsertAcsSystem(ctx, a.WorkspaceID, sys)
		})
		get := func(ws, id string) (store.AcsSystem, error) {
			t.Helper()
			var s store.AcsSystem
			var err error
			view(t, st, func(tx *store.Tx) error {
				s, err = tx.AcsSystem(ctx, ws, id)
				return nil
			})
			return s, err
		}

		t.Run("insert and get", func(t *testing.T) {
			got, err := get(a.WorkspaceID, sys.AcsSystemID)
			if err != nil {
				t.Fatal(err)
			}
			if got.WorkspaceID != a.WorkspaceID || got.ConnectedAccountID != account.ConnectedAccountID || got.Name != sys.Name ||
				got.ExternalType != sys.ExternalType || got.ExternalTypeDisplayName != sys.ExternalTypeDisplayName ||
				!got.IsCredentialManager || got.TimeZone == nil || *got.TimeZone != tz || got.Connector != "sandbox" ||
				got.ConnectorConfig != sys.ConnectorConfig || !got.CreatedAt.Equal(sys.CreatedAt) {
				t.Errorf("AcsSystem = %+v", got)
			}
			seeded, err := get(a.WorkspaceID, a.Systems[0].AcsSystemID)
			if err != nil || seeded.TimeZone != nil || seeded.IsCredentialManager || seeded.ConnectorConfig != "{}" {
				t.Errorf("seeded AcsSystem = %+v, %v", seeded, err)
			}
			// Different workspace.
			if _, err := get(b.WorkspaceID, sys.AcsSystemID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("AcsSystem from W_B: err = %v, want ErrNotFound", err)
			}
			if _, err := get(a.WorkspaceID, lintel.NewID()); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("unknown system: err = %v, want ErrNotFound", err)
			}
		})

		t.Run("account of another workspace", func(t *testing.T) {
			// W_B names W_A's connected account: nothing is written.
			other := sys
			other.AcsSystemID = lintel.NewID()
			inTx(t, st, func(tx *store.Tx) error {
				wantNotFound(t, "InsertAcsSystem from W_B with W_A's account", tx.InsertAcsSystem(ctx, b.WorkspaceID, other))
				return nil
			})
			if stored(t, st, "acs_systems", "acs_system_id", other.AcsSystemID) {
				t.Errorf("InsertAcsSystem with another workspace's account wrote a row")
			}
		})

		t.Run("list", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				for _, tc := range []struct {
					name, ws, account string
					want              []string
				}{
					{"all", a.WorkspaceID, "", []string{a.Systems[0].AcsSystemID, a.Systems[1].AcsSystemID, sys.AcsSystemID}},
					{"account", a.WorkspaceID, account.ConnectedAccountID, []string{sys.AcsSystemID}},
					{"sandbox account", a.WorkspaceID, a.ConnectedAccountID, []string{a.Systems[0].AcsSystemID, a.Systems[1].AcsSystemID}},
					{"different workspace", b.WorkspaceID, "", []string{b.Systems[0].AcsSystemID, b.Systems[1].AcsSystemID}},
					{"different workspace account", b.WorkspaceID, account.ConnectedAccountID, nil},
				} {
					got, err := tx.AcsSystems(ctx, tc.ws, tc.account)
					if err != nil {
						return err
					}
					var ids []string
					for _, s := range got {
						ids = append(ids, s.AcsSystemID)
					}
					if len(ids) != len(tc.want) {
						t.Errorf("AcsSystems %s = %v, want %v", tc.name, ids, tc.want)
						continue
					}
					for i := range ids {
						if ids[i] != tc.want[i] {
							t.Errorf("AcsSystems %s = %v, want %v", tc.name, ids, tc.want)
							break
						}
					}
				}
				return nil
			})
		})

		t.Run("connector config", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing changes.
				if err := tx.SetAcsSystemConnectorConfig(ctx, b.WorkspaceID, sys.AcsSystemID, `{}`); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("SetAcsSystemConnectorConfig from W_B: err = %v, want ErrNotFound", err)
				}
				return nil
			})
			if got, _ := get(a.WorkspaceID, sys.AcsSystemID); got.ConnectorConfig != sys.ConnectorConfig {
				t.Errorf("W_B's change reached W_A's system: %q", got.ConnectorConfig)
			}
			config := `{"mode":"remote","fail":"create_user"}`
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.SetAcsSystemConnectorConfig(ctx, a.WorkspaceID, lintel.NewID(), config); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("SetAcsSystemConnectorConfig of an unknown system: %v", err)
				}
				return tx.SetAcsSystemConnectorConfig(ctx, a.WorkspaceID, sys.AcsSystemID, config)
			})
			if got, _ := get(a.WorkspaceID, sys.AcsSystemID); got.ConnectorConfig != config || got.Name != sys.Name {
				t.Errorf("after the change: %+v", got)
			}
		})
	})
}
