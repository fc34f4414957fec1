package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestAcsEntrances(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards, codes := a.Systems[0], a.Systems[1]
		userA, identA := cards.AcsUserIDs[0], cards.UserIdentityIDs[0]
		credA := cards.CredentialIDs[userA][0]
		entrance := cards.EntranceIDs[0]
		count := func(ws string, f store.AcsEntranceFilter) int {
			t.Helper()
			var n int
			view(t, st, func(tx *store.Tx) error {
				rows, err := tx.AcsEntrances(ctx, ws, f)
				n = len(rows)
				return err
			})
			return n
		}

		t.Run("get", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				e, err := tx.AcsEntrance(ctx, a.WorkspaceID, entrance)
				if err != nil {
					return err
				}
				if e.ConnectedAccountID != a.ConnectedAccountID || e.AcsSystemID != cards.AcsSystemID || !e.CanUnlockWithCard {
					t.Errorf("AcsEntrance = %+v", e)
				}
				// Different workspace.
				if _, err := tx.AcsEntrance(ctx, b.WorkspaceID, entrance); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("AcsEntrance from W_B: %v", err)
				}
				return nil
			})
		})

		t.Run("filters", func(t *testing.T) {
			for _, tc := range []struct {
				name string
				ws   string
				f    store.AcsEntranceFilter
				want int
			}{
				{"all", a.WorkspaceID, store.AcsEntranceFilter{}, 4},
				{"system", a.WorkspaceID, store.AcsEntranceFilter{AcsSystemID: codes.AcsSystemID}, 2},
				{"connected account", a.WorkspaceID, store.AcsEntranceFilter{ConnectedAccountID: a.ConnectedAccountID}, 4},
				{"ids", a.WorkspaceID, store.AcsEntranceFilter{AcsEntranceIDs: []string{entrance}}, 1},
				{"no ids", a.WorkspaceID, store.AcsEntranceFilter{AcsEntranceIDs: []string{}}, 0},
				{"search", a.WorkspaceID, store.AcsEntranceFilter{Search: "DOOR 1"}, 2},
				{"search like chars", a.WorkspaceID, store.AcsEntranceFilter{Search: "%"}, 0},
				{"group", a.WorkspaceID, store.AcsEntranceFilter{AcsAccessGroupID: cards.AccessGroupIDs[0]}, 2},
				{"user", a.WorkspaceID, store.AcsEntranceFilter{AcsUserID: userA}, 2},
				{"credential", a.WorkspaceID, store.AcsEntranceFilter{AcsCredentialID: credA}, 2},
				{"client scope", a.WorkspaceID, store.AcsEntranceFilter{UserIdentityIDs: []string{identA}}, 2},
				{"empty scope", a.WorkspaceID, store.AcsEntranceFilter{UserIdentityIDs: []string{}}, 0},
				{"different workspace", b.WorkspaceID, store.AcsEntranceFilter{AcsSystemID: cards.AcsSystemID}, 0},
				{"different workspace ids", b.WorkspaceID, store.AcsEntranceFilter{AcsEntranceIDs: []string{entrance}}, 0},
				{"different workspace group", b.WorkspaceID, store.AcsEntranceFilter{AcsAccessGroupID: cards.AccessGroupIDs[0]}, 0},
				{"different workspace user", b.WorkspaceID, store.AcsEntranceFilter{AcsUserID: userA}, 0},
				{"different workspace credential", b.WorkspaceID, store.AcsEntranceFilter{AcsCredentialID: credA}, 0},
				{"different workspace scope", b.WorkspaceID, store.AcsEntranceFilter{UserIdentityIDs: []string{identA}}, 0},
				{"different workspace account", b.WorkspaceID, store.AcsEntranceFilter{ConnectedAccountID: a.ConnectedAccountID}, 0},
			} {
				if got := count(tc.ws, tc.f); got != tc.want {
					t.Errorf("%s: %d entrances, want %d", tc.name, got, tc.want)
				}
			}
		})

		t.Run("pages", func(t *testing.T) {
			seen := map[string]bool{}
			var cursor *string
			for range 10 {
				req, err := page.NewRequest(3, 900, cursor, nil)
				if err != nil {
					t.Fatal(err)
				}
				var rows []store.AcsEntrance
				view(t, st, func(tx *store.Tx) error {
					rows, err = tx.ListAcsEntrances(ctx, a.WorkspaceID, store.AcsEntranceFilter{}, req)
					return err
				})
				rows, pg := page.Result(req, rows, func(e store.AcsEntrance) page.Key {
					return page.Key{CreatedAt: e.CreatedAt, ID: e.AcsEntranceID}
				})
				for _, e := range rows {
					if seen[e.AcsEntranceID] {
						t.Errorf("entrance %s listed twice", e.AcsEntranceID)
					}
					seen[e.AcsEntranceID] = true
				}
				if !pg.HasNextPage {
					break
				}
				cursor = pg.NextPageCursor
			}
			if len(seen) != 4 {
				t.Errorf("pages visited %d entrances, want 4", len(seen))
			}
			req, _ := page.NewRequest(0, 900, nil, nil)
			view(t, st, func(tx *store.Tx) error {
				rows, err := tx.ListAcsEntrances(ctx, b.WorkspaceID, store.AcsEntranceFilter{AcsEntranceIDs: []string{entrance}}, req)
				if len(rows) != 0 {
					t.Errorf("ListAcsEntrances from W_B returned W_A's entrance")
				}
				return err
			})
		})

		t.Run("grants", func(t *testing.T) {
			// A user in no group, with a credential allowed one entrance.
			loner := store.AcsUser{AcsUserID: lintel.NewID(), AcsSystemID: cards.AcsSystemID, ExternalID: lintel.NewID(), IsManaged: true}
			cred := lintel.NewID()
			inTx(t, st, func(tx *store.Tx) error {
				loner.CreatedAt = tx.Now()
				if err := tx.InsertAcsUser(ctx, a.WorkspaceID, loner); err != nil {
					return err
				}
				return tx.InsertAcsCredential(ctx, a.WorkspaceID, store.AcsCredential{AcsCredentialID: cred,
					AcsSystemID: cards.AcsSystemID, AcsUserID: &loner.AcsUserID, ExternalID: lintel.NewID(),
					AccessMethod: "card", DisplayName: "c", CreatedAt: tx.Now()})
			})
			if n := count(a.WorkspaceID, store.AcsEntranceFilter{AcsUserID: loner.AcsUserID}); n != 0 {
				t.Fatalf("user in no group opens %d entrances", n)
			}
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace, and another system's entrance: no row.
				if ok, err := tx.GrantUserEntrance(ctx, b.WorkspaceID, loner.AcsUserID, entrance); err != nil || ok {
					t.Errorf("GrantUserEntrance from W_B = %v, %v", ok, err)
				}
				if ok, err := tx.GrantUserEntrance(ctx, a.WorkspaceID, loner.AcsUserID, codes.EntranceIDs[0]); err != nil || ok {
					t.Errorf("GrantUserEntrance across systems = %v, %v", ok, err)
				}
				if ok, err := tx.GrantUserEntrance(ctx, a.WorkspaceID, loner.AcsUserID, entrance); err != nil || !ok {
					t.Errorf("GrantUserEntrance = %v, %v", ok, err)
				}
				if ok, err := tx.GrantUserEntrance(ctx, a.WorkspaceID, loner.AcsUserID, entrance); err != nil || ok {
					t.Errorf("GrantUserEntrance twice = %v, %v", ok, err)
				}
				_, err := tx.AddAcsCredentialEntrance(ctx, a.WorkspaceID, cred, cards.EntranceIDs[1])
				return err
			})
			if n := count(a.WorkspaceID, store.AcsEntranceFilter{AcsUserID: loner.AcsUserID}); n != 2 {
				t.Errorf("user with a grant and a credential opens %d entrances, want 2", n)
			}
			if n := count(a.WorkspaceID, store.AcsEntranceFilter{AcsCredentialID: cred}); n != 2 {
				t.Errorf("credential opens %d entrances, want 2 (its own and its user's grant)", n)
			}
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing revoked.
				if refs, err := tx.RevokeUserEntrances(ctx, b.WorkspaceID, loner.AcsUserID); err != nil || len(refs) != 0 {
					t.Errorf("RevokeUserEntrances from W_B = %v, %v", refs, err)
				}
				refs, err := tx.RevokeUserEntrances(ctx, a.WorkspaceID, loner.AcsUserID)
				if err != nil || len(refs) != 1 || refs[0].AcsEntranceID != entrance || refs[0].ExternalID == "" {
					t.Errorf("RevokeUserEntrances = %+v, %v", refs, err)
				}
				if refs, err := tx.RevokeUserEntrances(ctx, a.WorkspaceID, loner.AcsUserID); err != nil || len(refs) != 0 {
					t.Errorf("RevokeUserEntrances twice = %v, %v", refs, err)
				}
				return nil
			})
			if n := count(a.WorkspaceID, store.AcsEntranceFilter{AcsUserID: loner.AcsUserID}); n != 1 {
				t.Errorf("after revoking, the user opens %d entrances, want 1 (its credential's)", n)
			}
		})
	})
}

func TestSandboxUserEntrances(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sys := a.Systems[0].AcsSystemID
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SandboxSetUserEntrance(ctx, a.WorkspaceID, sys, "u1", "e1", true); err != nil {
				return err
			}
			if err := tx.SandboxSetUserEntrance(ctx, a.WorkspaceID, sys, "u1", "e1", true); err != nil {
				return err
			}
			// Different workspace: W_B neither sees nor removes it.
			if got, err := tx.SandboxUserEntrances(ctx, b.WorkspaceID, sys, "u1"); err != nil || len(got) != 0 {
				t.Errorf("SandboxUserEntrances from W_B = %v, %v", got, err)
			}
			if err := tx.SandboxSetUserEntrance(ctx, b.WorkspaceID, sys, "u1", "e1", false); err != nil {
				return err
			}
			if got, err := tx.SandboxUserEntrances(ctx, a.WorkspaceID, sys, "u1"); err != nil || len(got) != 1 || got[0] != "e1" {
				t.Errorf("SandboxUserEntrances = %v, %v", got, err)
			}
			// Nor does W_B add one: W_A's own grant of it goes through.
			if err := tx.SandboxSetUserEntrance(ctx, b.WorkspaceID, sys, "u1", "e2", true); err != nil {
				return err
			}
			if got, err := tx.SandboxUserEntrances(ctx, b.WorkspaceID, sys, "u1"); err != nil || len(got) != 0 {
				t.Errorf("SandboxUserEntrances from W_B after its grant = %v, %v", got, err)
			}
			if err := tx.SandboxSetUserEntrance(ctx, a.WorkspaceID, sys, "u1", "e2", true); err != nil {
				return err
			}
			if got, err := tx.SandboxUserEntrances(ctx, a.WorkspaceID, sys, "u1"); err != nil || !slices.Equal(got, []string{"e1", "e2"}) {
				t.Errorf("SandboxUserEntrances = %v, %v; want [e1 e2]", got, err)
			}
			if err := tx.SandboxDeleteUser(ctx, a.WorkspaceID, sys, "u1"); err != nil {
				return err
			}
			if got, err := tx.SandboxUserEntrances(ctx, a.WorkspaceID, sys, "u1"); err != nil || len(got) != 0 {
				t.Errorf("after deleting the user: %v, %v", got, err)
			}
			return nil
		})
	})
}

func TestAcsEntranceInsertAndUserGrants(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards := a.Systems[0]
		e := store.AcsEntrance{AcsEntranceID: lintel.NewID(), AcsSystemID: cards.AcsSystemID, ExternalID: lintel.NewID(),
			DisplayName: "Loading dock", CanUnlockWithCard: true, CanUnlockWithMobileKey: true}
		loner := store.AcsUser{AcsUserID: lintel.NewID(), AcsSystemID: cards.AcsSystemID, ExternalID: lintel.NewID(), IsManaged: true}
		inTx(t, st, func(tx *store.Tx) error {
			e.CreatedAt, loner.CreatedAt = tx.Now(), tx.Now()
			if err := tx.InsertAcsEntrance(ctx, a.WorkspaceID, e); err != nil {
				return err
			}
			return tx.InsertAcsUser(ctx, a.WorkspaceID, loner)
		})
		opens := func(ws, user string) []string {
			t.Helper()
			var ids []string
			view(t, st, func(tx *store.Tx) error {
				es, err := tx.AcsEntrances(ctx, ws, store.AcsEntranceFilter{AcsUserID: user})
				for _, e := range es {
					ids = append(ids, e.AcsEntranceID)
				}
				return err
			})
			return ids
		}

		t.Run("insert", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.AcsEntrance(ctx, a.WorkspaceID, e.AcsEntranceID)
				if err != nil {
					return err
				}
				if got.WorkspaceID != a.WorkspaceID || got.AcsSystemID != cards.AcsSystemID || got.ExternalID != e.ExternalID ||
					got.DisplayName != e.DisplayName || !got.CanUnlockWithCard || got.CanUnlockWithCode ||
					!got.CanUnlockWithMobileKey || got.CanUnlockWithCloudKey || !got.CreatedAt.Equal(e.CreatedAt) ||
					got.ConnectedAccountID != a.ConnectedAccountID {
					t.Errorf("AcsEntrance = %+v", got)
				}
				// Different workspace.
				if _, err := tx.AcsEntrance(ctx, b.WorkspaceID, e.AcsEntranceID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("AcsEntrance from W_B: err = %v, want ErrNotFound", err)
				}
				if es, err := tx.AcsEntrances(ctx, b.WorkspaceID, store.AcsEntranceFilter{Search: "loading"}); err != nil || len(es) != 0 {
					t.Errorf("AcsEntrances from W_B = %d, %v", len(es), err)
				}
				return nil
			})
		})

		t.Run("system of another workspace", func(t *testing.T) {
			other := e
			other.AcsEntranceID = lintel.NewID()
			inTx(t, st, func(tx *store.Tx) error {
				// W_B names W_A's system: nothing is written.
				wantNotFound(t, "InsertAcsEntrance from W_B on W_A's system", tx.InsertAcsEntrance(ctx, b.WorkspaceID, other))
				return nil
			})
			if stored(t, st, "acs_entrances", "acs_entrance_id", other.AcsEntranceID) {
				t.Errorf("InsertAcsEntrance on another workspace's system wrote a row")
			}
		})

		t.Run("remove user entrances", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				for _, id := range []string{e.AcsEntranceID, cards.EntranceIDs[0]} {
					if ok, err := tx.GrantUserEntrance(ctx, a.WorkspaceID, loner.AcsUserID, id); err != nil || !ok {
						t.Errorf("GrantUserEntrance = %v, %v", ok, err)
					}
				}
				return nil
			})
			if got := opens(a.WorkspaceID, loner.AcsUserID); len(got) != 2 {
				t.Fatalf("the user opens %v, want 2 entrances", got)
			}
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing removed.
				return tx.RemoveUserEntrances(ctx, b.WorkspaceID, loner.AcsUserID)
			})
			if got := opens(a.WorkspaceID, loner.AcsUserID); len(got) != 2 {
				t.Errorf("after W_B's remove, the user opens %v", got)
			}
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.RemoveUserEntrances(ctx, a.WorkspaceID, loner.AcsUserID); err != nil {
					return err
				}
				// Removing again is harmless.
				return tx.RemoveUserEntrances(ctx, a.WorkspaceID, loner.AcsUserID)
			})
			if got := opens(a.WorkspaceID, loner.AcsUserID); len(got) != 0 {
				t.Errorf("after remove, the user opens %v", got)
			}
			// Access through groups is not a direct grant: untouched.
			if got := opens(a.WorkspaceID, cards.AcsUserIDs[0]); len(got) != 2 {
				t.Errorf("a group member opens %d entrances, want 2", len(got))
			}
		})
	})
}
