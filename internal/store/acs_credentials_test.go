package store_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestAcsCredentials(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards := a.Systems[0]
		userA, identA := cards.AcsUserIDs[0], cards.UserIdentityIDs[0]
		credA := cards.CredentialIDs[userA][0]
		all := func(ws string, f store.AcsCredentialFilter) []store.AcsCredential {
			t.Helper()
			req, err := page.NewRequest(0, page.MaxLimit, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var out []store.AcsCredential
			view(t, st, func(tx *store.Tx) error {
				out, err = tx.ListAcsCredentials(ctx, ws, f, req)
				return err
			})
			return out
		}

		t.Run("get", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				c, err := tx.AcsCredential(ctx, a.WorkspaceID, credA)
				if err != nil {
					return err
				}
				if c.ConnectedAccountID != a.ConnectedAccountID || c.SystemExternalType != "visionline_system" ||
					c.UserIdentityID == nil || *c.UserIdentityID != identA || c.AcsUserID == nil || *c.AcsUserID != userA {
					t.Errorf("AcsCredential = %+v", c)
				}
				// Different workspace.
				if _, err := tx.AcsCredential(ctx, b.WorkspaceID, credA); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("AcsCredential from W_B: err = %v, want ErrNotFound", err)
				}
				return nil
			})
		})

		t.Run("list", func(t *testing.T) {
			sys, isMulti := cards.AcsSystemID, true
			for _, tc := range []struct {
				name string
				ws   string
				f    store.AcsCredentialFilter
				want int
			}{
				{"all", a.WorkspaceID, store.AcsCredentialFilter{}, 6},
				{"system", a.WorkspaceID, store.AcsCredentialFilter{AcsSystemID: sys}, 4},
				{"user", a.WorkspaceID, store.AcsCredentialFilter{AcsUserID: userA}, 2},
				{"identity", a.WorkspaceID, store.AcsCredentialFilter{UserIdentityID: identA}, 2},
				{"search id", a.WorkspaceID, store.AcsCredentialFilter{Search: credA[len(credA)-12:]}, 1},
				{"multi phone", a.WorkspaceID, store.AcsCredentialFilter{IsMultiPhoneSyncCredential: &isMulti}, 0},
				{"cards", a.WorkspaceID, store.AcsCredentialFilter{AccessMethod: "card"}, 4},
				{"mobile keys", a.WorkspaceID, store.AcsCredentialFilter{AccessMethod: "mobile_key"}, 0},
				{"identity's cards", a.WorkspaceID, store.AcsCredentialFilter{UserIdentityID: identA, AccessMethod: "card"}, 2},
				{"client scope", a.WorkspaceID, store.AcsCredentialFilter{UserIdentityIDs: []string{identA}}, 2},
				{"empty scope", a.WorkspaceID, store.AcsCredentialFilter{UserIdentityIDs: []string{}}, 0},
				{"different workspace", b.WorkspaceID, store.AcsCredentialFilter{AcsSystemID: sys}, 0},
				{"different workspace user", b.WorkspaceID, store.AcsCredentialFilter{AcsUserID: userA}, 0},
			} {
				if got := all(tc.ws, tc.f); len(got) != tc.want {
					t.Errorf("%s: %d credentials, want %d", tc.name, len(got), tc.want)
				}
			}
			req, _ := page.NewRequest(4, page.MaxLimit, nil, nil)
			view(t, st, func(tx *store.Tx) error {
				rows, err := tx.ListAcsCredentials(ctx, a.WorkspaceID, store.AcsCredentialFilter{}, req)
				if err != nil {
					return err
				}
				rows, pg := page.Result(req, rows, func(c store.AcsCredential) page.Key {
					return page.Key{CreatedAt: c.CreatedAt, ID: c.AcsCredentialID}
				})
				if len(rows) != 4 || !pg.HasNextPage {
					t.Fatalf("first page: %d rows, %+v", len(rows), pg)
				}
				next, err := page.NewRequest(4, page.MaxLimit, pg.NextPageCursor, nil)
				if err != nil {
					return err
				}
				rest, err := tx.ListAcsCredentials(ctx, a.WorkspaceID, store.AcsCredentialFilter{}, next)
				if len(rest) != 2 {
					t.Errorf("second page: %d rows, want 2", len(rest))
				}
				return err
			})
		})

		t.Run("update", func(t *testing.T) {
			code := "1234"
			inTx(t, st, func(tx *store.Tx) error {
				c, err := tx.AcsCredential(ctx, a.WorkspaceID, credA)
				if err != nil {
					return err
				}
				c.Code = &code
				// Different workspace: W_B cannot change it.
				if err := tx.UpdateAcsCredential(ctx, b.WorkspaceID, c); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("UpdateAcsCredential from W_B: err = %v", err)
				}
				if c2, _ := tx.AcsCredential(ctx, a.WorkspaceID, credA); c2.Code != nil {
					t.Errorf("W_B's update changed the code")
				}
				if err := tx.UpdateAcsCredential(ctx, a.WorkspaceID, c); err != nil {
					return err
				}
				c2, err := tx.AcsCredential(ctx, a.WorkspaceID, credA)
				if err != nil || c2.Code == nil || *c2.Code != code {
					t.Errorf("after update: %+v, %v", c2, err)
				}
				return nil
			})
		})

		t.Run("issue", func(t *testing.T) {
			id := lintel.NewID()
			inTx(t, st, func(tx *store.Tx) error {
				mgr := cards.AcsSystemID
				if err := tx.InsertAcsCredential(ctx, a.WorkspaceID, store.AcsCredential{AcsCredentialID: id,
					AcsSystemID: cards.AcsSystemID, AcsUserID: &userA, ExternalID: lintel.NewID(), AccessMethod: "mobile_key",
					DisplayName: "k", IsMultiPhoneSyncCredential: true, CredentialManagerAcsSystemID: &mgr, CreatedAt: tx.Now()}); err != nil {
					return err
				}
				// Different workspace.
				if _, err := tx.AcsCredential(ctx, b.WorkspaceID, id); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("inserted credential from W_B: %v", err)
				}
				if ok, err := tx.MarkAcsCredentialIssued(ctx, b.WorkspaceID, id); err != nil || ok {
					t.Errorf("MarkAcsCredentialIssued from W_B = %v, %v", ok, err)
				}
				if ok, err := tx.MarkAcsCredentialIssued(ctx, a.WorkspaceID, id); err != nil || !ok {
					t.Errorf("MarkAcsCredentialIssued = %v, %v", ok, err)
				}
				if ok, err := tx.MarkAcsCredentialIssued(ctx, a.WorkspaceID, id); err != nil || ok {
					t.Errorf("MarkAcsCredentialIssued twice = %v, %v", ok, err)
				}
				c, err := tx.AcsCredential(ctx, a.WorkspaceID, id)
				if err != nil || !c.IsIssued || c.IssuedAt == nil || !c.IsMultiPhoneSyncCredential ||
					c.CredentialManagerAcsSystemID == nil || *c.CredentialManagerAcsSystemID != mgr {
					t.Errorf("issued credential = %+v, %v", c, err)
				}
				return nil
			})
		})

		t.Run("parents of another workspace", func(t *testing.T) {
			bSys, userB := b.Systems[0].AcsSystemID, b.Systems[0].AcsUserIDs[0]
			credB := b.Systems[0].CredentialIDs[userB][0]
			sysA := cards.AcsSystemID
			newCred := func(system string, user, manager *string) store.AcsCredential {
				return store.AcsCredential{AcsCredentialID: lintel.NewID(), AcsSystemID: system, AcsUserID: user,
					ExternalID: lintel.NewID(), AccessMethod: "mobile_key", CredentialManagerAcsSystemID: manager}
			}
			bad := map[string]store.AcsCredential{
				"W_A's system":         newCred(sysA, &userB, nil),
				"W_A's user":           newCred(bSys, &userA, nil),
				"W_A's manager system": newCred(bSys, &userB, &sysA),
			}
			inTx(t, st, func(tx *store.Tx) error {
				// W_B names one of W_A's parents: nothing is written.
				for name, c := range bad {
					c.CreatedAt = tx.Now()
					wantNotFound(t, "InsertAcsCredential from W_B with "+name, tx.InsertAcsCredential(ctx, b.WorkspaceID, c))
				}
				// W_B moves its credential to W_A's user: nothing changes.
				c, err := tx.AcsCredential(ctx, b.WorkspaceID, credB)
				if err != nil {
					return err
				}
				code := "9999"
				c.AcsUserID, c.Code = &userA, &code
				wantNotFound(t, "UpdateAcsCredential from W_B with W_A's user", tx.UpdateAcsCredential(ctx, b.WorkspaceID, c))
				after, err := tx.AcsCredential(ctx, b.WorkspaceID, credB)
				if err != nil || after.AcsUserID == nil || *after.AcsUserID != userB || after.Code != nil {
					t.Errorf("after UpdateAcsCredential with W_A's user: %+v, %v", after, err)
				}
				return nil
			})
			for name, c := range bad {
				if stored(t, st, "acs_credentials", "acs_credential_id", c.AcsCredentialID) {
					t.Errorf("InsertAcsCredential with %s wrote a row", name)
				}
			}
		})

		t.Run("delete", func(t *testing.T) {
			victim := cards.CredentialIDs[userA][1]
			credIDs := func() []string {
				var ids []string
				for _, c := range all(a.WorkspaceID, store.AcsCredentialFilter{AcsUserID: userA}) {
					ids = append(ids, c.AcsCredentialID)
				}
				slices.Sort(ids)
				return ids
			}
			before := credIDs()
			if !slices.Contains(before, victim) {
				t.Fatalf("the user's credentials %v do not list %s", before, victim)
			}
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace.
				if err := tx.InvalidateAcsCredential(ctx, b.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("InvalidateAcsCredential from W_B: %v", err)
				}
				if err := tx.FinishAcsCredentialDelete(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("FinishAcsCredentialDelete of a live credential: %v", err)
				}
				if err := tx.InvalidateAcsCredential(ctx, a.WorkspaceID, victim); err != nil {
					return err
				}
				if err := tx.InvalidateAcsCredential(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("InvalidateAcsCredential twice: %v", err)
				}
				if _, err := tx.AcsCredential(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("invalidated credential still found: %v", err)
				}
				if err := tx.FinishAcsCredentialDelete(ctx, b.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("FinishAcsCredentialDelete from W_B: %v", err)
				}
				if err := tx.FinishAcsCredentialDelete(ctx, a.WorkspaceID, victim); err != nil {
					return err
				}
				if err := tx.FinishAcsCredentialDelete(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("FinishAcsCredentialDelete twice: %v", err)
				}
				return nil
			})
			// The others stay listed; the invalidated one is not.
			if after, want := credIDs(), slices.DeleteFunc(before, func(id string) bool { return id == victim }); !slices.Equal(after, want) {
				t.Errorf("the user's credentials after one was invalidated: %v, want %v", after, want)
			}
		})

		t.Run("entrances and access", func(t *testing.T) {
			codes := a.Systems[1]
			entrance := cards.EntranceIDs[0]
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing is linked.
				if ok, err := tx.AddAcsCredentialEntrance(ctx, b.WorkspaceID, credA, entrance); err != nil || ok {
					t.Errorf("AddAcsCredentialEntrance from W_B = %v, %v", ok, err)
				}
				// Another system's entrance: nothing is linked.
				if ok, err := tx.AddAcsCredentialEntrance(ctx, a.WorkspaceID, credA, codes.EntranceIDs[0]); err != nil || ok {
					t.Errorf("AddAcsCredentialEntrance across systems = %v, %v", ok, err)
				}
				if ok, err := tx.AddAcsCredentialEntrance(ctx, a.WorkspaceID, credA, entrance); err != nil || !ok {
					t.Errorf("AddAcsCredentialEntrance = %v, %v", ok, err)
				}
				if ok, err := tx.AddAcsCredentialEntrance(ctx, a.WorkspaceID, credA, entrance); err != nil || ok {
					t.Errorf("AddAcsCredentialEntrance twice = %v, %v", ok, err)
				}
				// Different workspace: nothing is unlinked.
				if ok, err := tx.RemoveAcsCredentialEntrance(ctx, b.WorkspaceID, credA, entrance); err != nil || ok {
					t.Errorf("RemoveAcsCredentialEntrance from W_B = %v, %v", ok, err)
				}
				if ok, err := tx.RemoveAcsCredentialEntrance(ctx, a.WorkspaceID, credA, entrance); err != nil || !ok {
					t.Errorf("RemoveAcsCredentialEntrance = %v, %v", ok, err)
				}
				if ok, err := tx.RemoveAcsCredentialEntrance(ctx, a.WorkspaceID, credA, entrance); err != nil || ok {
					t.Errorf("RemoveAcsCredentialEntrance twice = %v, %v", ok, err)
				}
				if ok, err := tx.AddAcsCredentialEntrance(ctx, a.WorkspaceID, credA, entrance); err != nil || !ok {
					t.Errorf("AddAcsCredentialEntrance again = %v, %v", ok, err)
				}
				// Both users of the card system are in its one group, which
				// opens every entrance: their live credentials have access.
				got, err := tx.CredentialsWithAccessTo(ctx, a.WorkspaceID, entrance, nil)
				if err != nil {
					return err
				}
				// 4 seeded, one deleted and one issued above.
				if len(got) != 4 {
					t.Errorf("CredentialsWithAccessTo = %d, want 4", len(got))
				}
				scoped, err := tx.CredentialsWithAccessTo(ctx, a.WorkspaceID, entrance, []string{identA})
				if err != nil || len(scoped) != 2 {
					t.Errorf("CredentialsWithAccessTo in scope = %d, %v; want 2", len(scoped), err)
				}
				// Different workspace.
				other, err := tx.CredentialsWithAccessTo(ctx, b.WorkspaceID, entrance, nil)
				if err != nil || len(other) != 0 {
					t.Errorf("CredentialsWithAccessTo from W_B = %d, %v", len(other), err)
				}
				return nil
			})
		})
	})
}

func TestInvalidateCredentialsOfUser(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards := a.Systems[0]
		userA, neighbour := cards.AcsUserIDs[0], cards.AcsUserIDs[1]
		live := func(ws, user string) int {
			t.Helper()
			var n int
			view(t, st, func(tx *store.Tx) error {
				cs, err := tx.ListAcsCredentials(ctx, ws, store.AcsCredentialFilter{AcsUserID: user}, everything())
				n = len(cs)
				return err
			})
			return n
		}
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: nothing invalidated.
			if refs, err := tx.InvalidateCredentialsOfUser(ctx, b.WorkspaceID, userA); err != nil || len(refs) != 0 {
				t.Errorf("InvalidateCredentialsOfUser from W_B = %v, %v", refs, err)
			}
			return nil
		})
		if n := live(a.WorkspaceID, userA); n != 2 {
			t.Fatalf("after W_B's call, the user has %d live credentials, want 2", n)
		}
		want := map[string]string{}
		view(t, st, func(tx *store.Tx) error {
			for _, id := range cards.CredentialIDs[userA] {
				c, err := tx.AcsCredential(ctx, a.WorkspaceID, id)
				if err != nil {
					return err
				}
				want[id] = c.ExternalID
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			refs, err := tx.InvalidateCredentialsOfUser(ctx, a.WorkspaceID, userA)
			if err != nil {
				return err
			}
			if len(refs) != 2 {
				t.Errorf("InvalidateCredentialsOfUser = %+v, want 2", refs)
			}
			for _, r := range refs {
				if ext, ok := want[r.AcsCredentialID]; !ok || ext != r.ExternalID {
					t.Errorf("unexpected ref %+v, want one of %v", r, want)
				}
			}
			if refs, err := tx.InvalidateCredentialsOfUser(ctx, a.WorkspaceID, userA); err != nil || len(refs) != 0 {
				t.Errorf("InvalidateCredentialsOfUser twice = %v, %v", refs, err)
			}
			for id := range want {
				if _, err := tx.AcsCredential(ctx, a.WorkspaceID, id); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("invalidated credential %s still found: %v", id, err)
				}
				// Invalidated, so its delete can be finished.
				if err := tx.FinishAcsCredentialDelete(ctx, a.WorkspaceID, id); err != nil {
					t.Errorf("FinishAcsCredentialDelete after invalidation: %v", err)
				}
			}
			return nil
		})
		if n := live(a.WorkspaceID, userA); n != 0 {
			t.Errorf("the user has %d live credentials after invalidation", n)
		}
		if n := live(a.WorkspaceID, neighbour); n != 2 {
			t.Errorf("another user's credentials were touched: %d live", n)
		}
		if n := live(b.WorkspaceID, b.Systems[0].AcsUserIDs[0]); n != 2 {
			t.Errorf("W_B's credentials were touched: %d live", n)
		}
	})
}

// userAccess counts what lets a user in: live credentials, groups, and
// entrances (direct or through a group).
func userAccess(t *testing.T, st *store.Store, ws, user string) [3]int {
	t.Helper()
	ctx := context.Background()
	var n [3]int
	view(t, st, func(tx *store.Tx) error {
		cs, err := tx.ListAcsCredentials(ctx, ws, store.AcsCredentialFilter{AcsUserID: user}, everything())
		if err != nil {
			return err
		}
		gs, err := tx.ListAcsAccessGroups(ctx, ws, store.AcsAccessGroupFilter{AcsUserID: user})
		if err != nil {
			return err
		}
		es, err := tx.AcsEntrances(ctx, ws, store.AcsEntranceFilter{AcsUserID: user})
		n = [3]int{len(cs), len(gs), len(es)}
		return err
	})
	return n
}

func TestRevokeAcsUserAccess(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards := a.Systems[0]
		userA, neighbour := cards.AcsUserIDs[0], cards.AcsUserIDs[1]
		access := func(ws, user string) [3]int { t.Helper(); return userAccess(t, st, ws, user) }
		inTx(t, st, func(tx *store.Tx) error {
			_, err := tx.GrantUserEntrance(ctx, a.WorkspaceID, userA, cards.EntranceIDs[0])
			return err
		})
		before, neighbourBefore := access(a.WorkspaceID, userA), access(a.WorkspaceID, neighbour)
		if before[0] != 2 || before[1] == 0 || before[2] == 0 {
			t.Fatalf("the user starts with %v credentials, groups, entrances", before)
		}
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: nothing taken.
			if refs, err := tx.RevokeAcsUserAccess(ctx, b.WorkspaceID, userA); err != nil || len(refs) != 0 {
				t.Errorf("RevokeAcsUserAccess from W_B = %v, %v", refs, err)
			}
			return nil
		})
		if got := access(a.WorkspaceID, userA); got != before {
			t.Fatalf("after W_B's call, the user has %v, want %v", got, before)
		}
		inTx(t, st, func(tx *store.Tx) error {
			refs, err := tx.RevokeAcsUserAccess(ctx, a.WorkspaceID, userA)
			if err != nil {
				return err
			}
			if len(refs) != 2 {
				t.Errorf("RevokeAcsUserAccess = %+v, want the 2 credentials", refs)
			}
			for _, r := range refs {
				if !slices.Contains(cards.CredentialIDs[userA], r.AcsCredentialID) || r.ExternalID == "" {
					t.Errorf("unexpected ref %+v", r)
				}
			}
			if refs, err := tx.RevokeAcsUserAccess(ctx, a.WorkspaceID, userA); err != nil || len(refs) != 0 {
				t.Errorf("RevokeAcsUserAccess twice = %v, %v", refs, err)
			}
			return nil
		})
		if got := access(a.WorkspaceID, userA); got != [3]int{} {
			t.Errorf("after revoking, the user has %v credentials, groups, entrances", got)
		}
		if got := access(a.WorkspaceID, neighbour); got != neighbourBefore {
			t.Errorf("the neighbour went from %v to %v", neighbourBefore, got)
		}
		if got := access(b.WorkspaceID, b.Systems[0].AcsUserIDs[0]); got[0] != 2 || got[1] == 0 {
			t.Errorf("W_B's user was touched: %v", got)
		}
	})
}

// TestClaimAcsUserDeleteRevoking: the claim of ClaimAcsUserDelete and the
// revocation of RevokeAcsUserAccess in one step, the revocation only for a
// user this call claims.
func TestClaimAcsUserDeleteRevoking(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards := a.Systems[0]
		user, neighbour := cards.AcsUserIDs[0], cards.AcsUserIDs[1]
		claimedBefore, bare := a.Systems[1].AcsUserIDs[0], a.Systems[1].AcsUserIDs[1]
		inTx(t, st, func(tx *store.Tx) error {
			_, err := tx.GrantUserEntrance(ctx, a.WorkspaceID, user, cards.EntranceIDs[0])
			return err
		})
		before := userAccess(t, st, a.WorkspaceID, user)
		if before[0] != 2 || before[1] == 0 || before[2] == 0 {
			t.Fatalf("the user starts with %v credentials, groups, entrances", before)
		}
		var seen store.AcsUser
		view(t, st, func(tx *store.Tx) (err error) { seen, err = tx.AcsUser(ctx, a.WorkspaceID, user); return err })

		// Different workspace, or no such user: nothing claimed, nothing taken.
		inTx(t, st, func(tx *store.Tx) error {
			for _, c := range []struct{ ws, id string }{{b.WorkspaceID, user}, {a.WorkspaceID, lintel.NewID()}} {
				if _, refs, err := tx.ClaimAcsUserDeleteRevoking(ctx, c.ws, c.id); !errors.Is(err, store.ErrNotFound) || len(refs) != 0 {
					t.Errorf("ClaimAcsUserDeleteRevoking(%s, %s) = %v, %v", c.ws, c.id, refs, err)
				}
			}
			return nil
		})
		if got := userAccess(t, st, a.WorkspaceID, user); got != before {
			t.Fatalf("after W_B's call, the user has %v, want %v", got, before)
		}

		inTx(t, st, func(tx *store.Tx) error {
			u, refs, err := tx.ClaimAcsUserDeleteRevoking(ctx, a.WorkspaceID, user)
			if err != nil {
				return err
			}
			// The user as the claim left it, with its system.
			want := seen
			want.DeleteRequestedAt, want.UserIdentityID = u.DeleteRequestedAt, nil
			want.UserIdentityFullName, want.UserIdentityEmailAddress, want.UserIdentityPhoneNumber = nil, nil, nil
			if !reflect.DeepEqual(u, want) || u.DeleteRequestedAt == nil || !u.DeleteRequestedAt.Equal(tx.Now()) {
				t.Errorf("claimed %+v, want %+v requested at %v, without identity", u, want, tx.Now())
			}
			if len(refs) != 2 {
				t.Errorf("ClaimAcsUserDeleteRevoking invalidated %+v, want the 2 credentials", refs)
			}
			for _, r := range refs {
				if !slices.Contains(cards.CredentialIDs[user], r.AcsCredentialID) || r.ExternalID == "" {
					t.Errorf("unexpected ref %+v", r)
				}
			}
			if _, refs, err := tx.ClaimAcsUserDeleteRevoking(ctx, a.WorkspaceID, user); !errors.Is(err, store.ErrNotFound) || len(refs) != 0 {
				t.Errorf("ClaimAcsUserDeleteRevoking twice = %v, %v", refs, err)
			}
			return nil
		})
		if got := userAccess(t, st, a.WorkspaceID, user); got != [3]int{} {
			t.Errorf("after the claim, the user has %v credentials, groups, entrances", got)
		}

		// A user whose deletion another transaction claimed keeps what
		// that transaction left it: this call claims nothing, so it takes
		// nothing.
		inTx(t, st, func(tx *store.Tx) error {
			_, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, claimedBefore)
			return err
		})
		kept := userAccess(t, st, a.WorkspaceID, claimedBefore)
		inTx(t, st, func(tx *store.Tx) error {
			if _, refs, err := tx.ClaimAcsUserDeleteRevoking(ctx, a.WorkspaceID, claimedBefore); !errors.Is(err, store.ErrNotFound) || len(refs) != 0 {
				t.Errorf("ClaimAcsUserDeleteRevoking of a claimed user = %v, %v", refs, err)
			}
			return nil
		})
		if got := userAccess(t, st, a.WorkspaceID, claimedBefore); got != kept || kept[0] == 0 {
			t.Errorf("a user claimed before went from %v to %v", kept, got)
		}

		// A user with nothing left to take is claimed all the same.
		inTx(t, st, func(tx *store.Tx) error {
			_, err := tx.RevokeAcsUserAccess(ctx, a.WorkspaceID, bare)
			return err
		})
		inTx(t, st, func(tx *store.Tx) error {
			u, refs, err := tx.ClaimAcsUserDeleteRevoking(ctx, a.WorkspaceID, bare)
			if err != nil || u.AcsUserID != bare || u.DeleteRequestedAt == nil || len(refs) != 0 {
				t.Errorf("ClaimAcsUserDeleteRevoking of a user without access = %+v, %v, %v", u, refs, err)
			}
			return nil
		})

		if got := userAccess(t, st, a.WorkspaceID, neighbour); got[0] != 2 || got[1] == 0 {
			t.Errorf("the neighbour was touched: %v", got)
		}
		if got := userAccess(t, st, b.WorkspaceID, b.Systems[0].AcsUserIDs[0]); got[0] != 2 || got[1] == 0 {
			t.Errorf("W_B's user was touched: %v", got)
		}
	})
}
