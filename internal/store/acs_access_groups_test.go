package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

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

func TestAcsAccessGroupMembership(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards := a.Systems[0]
		userA, other := cards.AcsUserIDs[0], cards.AcsUserIDs[1]
		seededGroup := cards.AccessGroupIDs[0]
		members := func(ws, group string) []string {
			t.Helper()
			var ids []string
			view(t, st, func(tx *store.Tx) error {
				users, err := tx.AccessGroupMembers(ctx, ws, group)
				for _, u := range users {
					ids = append(ids, u.AcsUserID)
				}
				return err
			})
			return ids
		}
		groupsOf := func(ws, user string) int {
			t.Helper()
			var n int
			view(t, st, func(tx *store.Tx) error {
				gs, err := tx.ListAcsAccessGroups(ctx, ws, store.AcsAccessGroupFilter{AcsUserID: user})
				n = len(gs)
				return err
			})
			return n
		}
		entrancesOf := func(ws, group string) int {
			t.Helper()
			var n int
			view(t, st, func(tx *store.Tx) error {
				es, err := tx.AcsEntrances(ctx, ws, store.AcsEntranceFilter{AcsAccessGroupID: group})
				n = len(es)
				return err
			})
			return n
		}

		var g store.AcsAccessGroup
		t.Run("insert and get", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				starts := tx.Now().Add(time.Hour)
				g = store.AcsAccessGroup{AcsAccessGroupID: lintel.NewID(), AcsSystemID: cards.AcsSystemID, ExternalID: lintel.NewID(),
					Name: "Night shift", AccessGroupType: "pti_access_level", AccessGroupTypeDisplayName: "PTI access level",
					AccessStartsAt: &starts, CreatedAt: tx.Now()}
				return tx.InsertAcsAccessGroup(ctx, a.WorkspaceID, g)
			})
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.AcsAccessGroup(ctx, a.WorkspaceID, g.AcsAccessGroupID)
				if err != nil {
					return err
				}
				if got.WorkspaceID != a.WorkspaceID || got.AcsSystemID != cards.AcsSystemID || got.ExternalID != g.ExternalID ||
					got.Name != g.Name || got.AccessGroupType != g.AccessGroupType ||
					got.AccessGroupTypeDisplayName != g.AccessGroupTypeDisplayName || !got.AccessStartsAt.Equal(*g.AccessStartsAt) ||
					got.AccessEndsAt != nil || !got.CreatedAt.Equal(g.CreatedAt) || got.ConnectedAccountID != a.ConnectedAccountID ||
					got.ExternalType != "visionline_system" {
					t.Errorf("AcsAccessGroup = %+v", got)
				}
				// Different workspace.
				if _, err := tx.AcsAccessGroup(ctx, b.WorkspaceID, g.AcsAccessGroupID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("AcsAccessGroup from W_B: err = %v, want ErrNotFound", err)
				}
				if gs, err := tx.ListAcsAccessGroups(ctx, b.WorkspaceID, store.AcsAccessGroupFilter{Search: "night"}); err != nil || len(gs) != 0 {
					t.Errorf("ListAcsAccessGroups from W_B = %d, %v", len(gs), err)
				}
				return nil
			})
		})

		t.Run("system of another workspace", func(t *testing.T) {
			other := g
			other.AcsAccessGroupID = lintel.NewID()
			inTx(t, st, func(tx *store.Tx) error {
				// W_B names W_A's system: nothing is written.
				wantNotFound(t, "InsertAcsAccessGroup from W_B on W_A's system", tx.InsertAcsAccessGroup(ctx, b.WorkspaceID, other))
				return nil
			})
			if stored(t, st, "acs_access_groups", "acs_access_group_id", other.AcsAccessGroupID) {
				t.Errorf("InsertAcsAccessGroup on another workspace's system wrote a row")
			}
		})

		t.Run("entrances", func(t *testing.T) {
			entrance := cards.EntranceIDs[0]
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: W_B cannot make W_A's group open W_A's door.
				return tx.AddAccessGroupEntrance(ctx, b.WorkspaceID, g.AcsAccessGroupID, entrance)
			})
			if n := entrancesOf(a.WorkspaceID, g.AcsAccessGroupID); n != 0 {
				t.Errorf("after W_B's add, the group opens %d entrances", n)
			}
			if n := entrancesOf(b.WorkspaceID, g.AcsAccessGroupID); n != 0 {
				t.Errorf("W_B sees %d entrances of W_A's group", n)
			}
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.AddAccessGroupEntrance(ctx, a.WorkspaceID, g.AcsAccessGroupID, entrance); err != nil {
					return err
				}
				// Adding twice is harmless.
				return tx.AddAccessGroupEntrance(ctx, a.WorkspaceID, g.AcsAccessGroupID, entrance)
			})
			if n := entrancesOf(a.WorkspaceID, g.AcsAccessGroupID); n != 1 {
				t.Errorf("the group opens %d entrances, want 1", n)
			}
		})

		t.Run("add and remove", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: no row.
				if added, err := tx.AddAccessGroupMember(ctx, b.WorkspaceID, g.AcsAccessGroupID, userA); err != nil || added {
					t.Errorf("AddAccessGroupMember from W_B = %v, %v; want false", added, err)
				}
				return nil
			})
			if m := members(a.WorkspaceID, g.AcsAccessGroupID); len(m) != 0 {
				t.Errorf("after W_B's add, the group has members %v", m)
			}
			inTx(t, st, func(tx *store.Tx) error {
				if added, err := tx.AddAccessGroupMember(ctx, a.WorkspaceID, g.AcsAccessGroupID, userA); err != nil || !added {
					t.Errorf("AddAccessGroupMember = %v, %v; want true", added, err)
				}
				if added, err := tx.AddAccessGroupMember(ctx, a.WorkspaceID, g.AcsAccessGroupID, userA); err != nil || added {
					t.Errorf("AddAccessGroupMember twice = %v, %v; want false", added, err)
				}
				return nil
			})
			if m := members(a.WorkspaceID, g.AcsAccessGroupID); len(m) != 1 || m[0] != userA {
				t.Errorf("members = %v, want [%s]", m, userA)
			}
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing removed.
				if err := tx.RemoveAccessGroupMember(ctx, b.WorkspaceID, g.AcsAccessGroupID, userA); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("RemoveAccessGroupMember from W_B: err = %v, want ErrNotFound", err)
				}
				return nil
			})
			if m := members(a.WorkspaceID, g.AcsAccessGroupID); len(m) != 1 {
				t.Errorf("W_B's remove took W_A's member: %v", m)
			}
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.RemoveAccessGroupMember(ctx, a.WorkspaceID, g.AcsAccessGroupID, userA); err != nil {
					return err
				}
				if err := tx.RemoveAccessGroupMember(ctx, a.WorkspaceID, g.AcsAccessGroupID, userA); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("RemoveAccessGroupMember twice: %v", err)
				}
				_, err := tx.AddAccessGroupMember(ctx, a.WorkspaceID, g.AcsAccessGroupID, userA)
				return err
			})
		})

		t.Run("remove from all groups", func(t *testing.T) {
			if n := groupsOf(a.WorkspaceID, userA); n != 2 {
				t.Fatalf("user is in %d groups, want 2", n)
			}
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing removed.
				if refs, err := tx.RemoveUserFromAllGroups(ctx, b.WorkspaceID, userA); err != nil || len(refs) != 0 {
					t.Errorf("RemoveUserFromAllGroups from W_B = %v, %v", refs, err)
				}
				return nil
			})
			if n := groupsOf(a.WorkspaceID, userA); n != 2 {
				t.Errorf("after W_B's remove, the user is in %d groups", n)
			}
			inTx(t, st, func(tx *store.Tx) error {
				refs, err := tx.RemoveUserFromAllGroups(ctx, a.WorkspaceID, userA)
				if err != nil {
					return err
				}
				want := map[string]string{g.AcsAccessGroupID: g.ExternalID}
				sg, err := tx.AcsAccessGroup(ctx, a.WorkspaceID, seededGroup)
				if err != nil {
					return err
				}
				want[sg.AcsAccessGroupID] = sg.ExternalID
				if len(refs) != 2 || want[refs[0].AcsAccessGroupID] != refs[0].ExternalID || want[refs[1].AcsAccessGroupID] != refs[1].ExternalID {
					t.Errorf("RemoveUserFromAllGroups = %+v, want %v", refs, want)
				}
				if refs, err := tx.RemoveUserFromAllGroups(ctx, a.WorkspaceID, userA); err != nil || len(refs) != 0 {
					t.Errorf("RemoveUserFromAllGroups twice = %v, %v", refs, err)
				}
				return nil
			})
			if n := groupsOf(a.WorkspaceID, userA); n != 0 {
				t.Errorf("after removal, the user is in %d groups", n)
			}
			if m := members(a.WorkspaceID, seededGroup); len(m) != 1 || m[0] != other {
				t.Errorf("the other member was touched: %v", m)
			}
		})

		t.Run("delete memberships", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing removed.
				return tx.DeleteUserMemberships(ctx, b.WorkspaceID, other)
			})
			if n := groupsOf(a.WorkspaceID, other); n != 1 {
				t.Errorf("after W_B's delete, the user is in %d groups, want 1", n)
			}
			inTx(t, st, func(tx *store.Tx) error { return tx.DeleteUserMemberships(ctx, a.WorkspaceID, other) })
			if n := groupsOf(a.WorkspaceID, other); n != 0 {
				t.Errorf("after delete, the user is in %d groups", n)
			}
			// W_B's own memberships are untouched by all of the above.
			bCards := b.Systems[0]
			if m := members(b.WorkspaceID, bCards.AccessGroupIDs[0]); len(m) != 2 {
				t.Errorf("W_B's group has %d members, want 2", len(m))
			}
		})
	})
}
