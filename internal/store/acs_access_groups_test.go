package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestAcsAccessGroups(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards, codes := a.Systems[0], a.Systems[1]
		group := cards.AccessGroupIDs[0]

		t.Run("list", func(t *testing.T) {
			for _, tc := range []struct {
				name string
				ws   string
				f    store.AcsAccessGroupFilter
				want int
			}{
				{"all", a.WorkspaceID, store.AcsAccessGroupFilter{}, 3},
				{"system", a.WorkspaceID, store.AcsAccessGroupFilter{AcsSystemID: codes.AcsSystemID}, 2},
				{"user", a.WorkspaceID, store.AcsAccessGroupFilter{AcsUserID: codes.AcsUserIDs[0]}, 1},
				{"identity", a.WorkspaceID, store.AcsAccessGroupFilter{UserIdentityID: codes.UserIdentityIDs[1]}, 1},
				{"search", a.WorkspaceID, store.AcsAccessGroupFilter{Search: "GROUP 2"}, 1},
				{"search id", a.WorkspaceID, store.AcsAccessGroupFilter{Search: group[len(group)-12:]}, 1},
				{"different workspace", b.WorkspaceID, store.AcsAccessGroupFilter{AcsSystemID: codes.AcsSystemID}, 0},
				{"different workspace user", b.WorkspaceID, store.AcsAccessGroupFilter{AcsUserID: codes.AcsUserIDs[0]}, 0},
				{"different workspace identity", b.WorkspaceID, store.AcsAccessGroupFilter{UserIdentityID: codes.UserIdentityIDs[1]}, 0},
			} {
				view(t, st, func(tx *store.Tx) error {
					got, err := tx.ListAcsAccessGroups(ctx, tc.ws, tc.f)
					if len(got) != tc.want {
						t.Errorf("%s: %d groups, want %d", tc.name, len(got), tc.want)
					}
					return err
				})
			}
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.ListAcsAccessGroups(ctx, a.WorkspaceID, store.AcsAccessGroupFilter{AcsSystemID: cards.AcsSystemID})
				if err == nil && (len(got) != 1 || got[0].ConnectedAccountID != a.ConnectedAccountID || got[0].Name == "") {
					t.Errorf("ListAcsAccessGroups = %+v", got)
				}
				return err
			})
		})

		t.Run("members", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				users, err := tx.AccessGroupMembers(ctx, a.WorkspaceID, group)
				if err != nil || len(users) != 2 {
					t.Errorf("AccessGroupMembers = %d, %v; want 2", len(users), err)
				}
				// Different workspace.
				if users, err := tx.AccessGroupMembers(ctx, b.WorkspaceID, group); err != nil || len(users) != 0 {
					t.Errorf("AccessGroupMembers from W_B = %d, %v", len(users), err)
				}
				for _, tc := range []struct {
					name  string
					ws    string
					ids   []string
					group string
					want  bool
				}{
					{"member", a.WorkspaceID, []string{cards.UserIdentityIDs[0]}, group, true},
					{"not a member", a.WorkspaceID, []string{codes.UserIdentityIDs[0]}, group, false},
					{"no identities", a.WorkspaceID, nil, group, false},
					{"different workspace", b.WorkspaceID, []string{cards.UserIdentityIDs[0]}, group, false},
				} {
					ok, err := tx.AccessGroupHasMemberOf(ctx, tc.ws, tc.group, tc.ids)
					if err != nil || ok != tc.want {
						t.Errorf("AccessGroupHasMemberOf %s = %v, %v", tc.name, ok, err)
					}
				}
				return nil
			})
		})

		t.Run("delete", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing changes.
				if err := tx.DeleteAcsAccessGroup(ctx, b.WorkspaceID, group); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("DeleteAcsAccessGroup from W_B: %v", err)
				}
				if users, _ := tx.AccessGroupMembers(ctx, a.WorkspaceID, group); len(users) != 2 {
					t.Errorf("W_B's delete removed members")
				}
				if err := tx.DeleteAcsAccessGroup(ctx, a.WorkspaceID, group); err != nil {
					return err
				}
				if err := tx.DeleteAcsAccessGroup(ctx, a.WorkspaceID, group); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("DeleteAcsAccessGroup twice: %v", err)
				}
				if _, err := tx.AcsAccessGroup(ctx, a.WorkspaceID, group); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("deleted group found: %v", err)
				}
				if users, _ := tx.AccessGroupMembers(ctx, a.WorkspaceID, group); len(users) != 0 {
					t.Errorf("deleted group has %d members", len(users))
				}
				if rows, _ := tx.AcsEntrances(ctx, a.WorkspaceID, store.AcsEntranceFilter{AcsAccessGroupID: group}); len(rows) != 0 {
					t.Errorf("deleted group opens %d entrances", len(rows))
				}
				if rows, _ := tx.AcsEntrances(ctx, a.WorkspaceID, store.AcsEntranceFilter{AcsUserID: cards.AcsUserIDs[0]}); len(rows) != 0 {
					t.Errorf("member of a deleted group still opens %d entrances", len(rows))
				}
				got, err := tx.ListAcsAccessGroups(ctx, a.WorkspaceID, store.AcsAccessGroupFilter{})
				if err != nil || len(got) != 2 {
					t.Errorf("after delete, %d groups, %v", len(got), err)
				}
				return nil
			})
		})
	})
}

func TestUnlinkedAcsUserMatching(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sys := a.Systems[0].AcsSystemID
		email, phone := "walk.in@example.com", "+15555550100"
		u := store.AcsUser{AcsUserID: lintel.NewID(), AcsSystemID: sys, ExternalID: lintel.NewID(), EmailAddress: &email,
			PhoneNumber: &phone, IsManaged: true}
		inTx(t, st, func(tx *store.Tx) error {
			u.CreatedAt = tx.Now()
			return tx.InsertAcsUser(ctx, a.WorkspaceID, u)
		})
		upper, other := "WALK.IN@example.com", "nobody@example.com"
		view(t, st, func(tx *store.Tx) error {
			for _, tc := range []struct {
				name         string
				ws, sys      string
				email, phone *string
				found        bool
			}{
				{"email, any case", a.WorkspaceID, sys, &upper, nil, true},
				{"phone", a.WorkspaceID, sys, nil, &phone, true},
				{"either", a.WorkspaceID, sys, &other, &phone, true},
				{"neither given", a.WorkspaceID, sys, nil, nil, false},
				{"no match", a.WorkspaceID, sys, &other, nil, false},
				{"another system", a.WorkspaceID, a.Systems[1].AcsSystemID, &email, nil, false},
				{"different workspace", b.WorkspaceID, sys, &email, &phone, false},
			} {
				got, err := tx.UnlinkedAcsUserMatching(ctx, tc.ws, tc.sys, tc.email, tc.phone)
				switch {
				case tc.found && (err != nil || got.AcsUserID != u.AcsUserID):
					t.Errorf("%s: %+v, %v; want the walk-in user", tc.name, got.AcsUserID, err)
				case !tc.found && !errors.Is(err, store.ErrNotFound):
					t.Errorf("%s: err = %v, want ErrNotFound", tc.name, err)
				}
			}
			// A user linked to an identity is never offered.
			seeded := a.Systems[0].AcsUserIDs[0]
			su, err := tx.AcsUser(ctx, a.WorkspaceID, seeded)
			if err != nil {
				return err
			}
			if _, err := tx.UnlinkedAcsUserMatching(ctx, a.WorkspaceID, sys, su.EmailAddress, nil); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("linked user offered: %v", err)
			}
			return nil
		})
	})
}
