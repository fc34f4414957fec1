package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestAcsUsers(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards, codes := a.Systems[0], a.Systems[1]
		userA, identA := cards.AcsUserIDs[0], cards.UserIdentityIDs[0]
		list := func(ws string, f store.AcsUserFilter) []store.AcsUser {
			t.Helper()
			var out []store.AcsUser
			view(t, st, func(tx *store.Tx) error {
				var err error
				out, err = tx.ListAcsUsers(ctx, ws, f, everything())
				return err
			})
			return out
		}
		get := func(ws, id string) (store.AcsUser, error) {
			t.Helper()
			var u store.AcsUser
			var err error
			view(t, st, func(tx *store.Tx) error {
				u, err = tx.AcsUser(ctx, ws, id)
				return nil
			})
			return u, err
		}
		mustGet := func(id string) store.AcsUser {
			t.Helper()
			u, err := get(a.WorkspaceID, id)
			if err != nil {
				t.Fatalf("AcsUser(W_A, %s): %v", id, err)
			}
			return u
		}
		seeded := mustGet(userA)

		t.Run("list", func(t *testing.T) {
			later := seeded.CreatedAt.Add(time.Second)
			email := seeded.UserIdentityEmailAddress
			for _, tc := range []struct {
				name string
				ws   string
				f    store.AcsUserFilter
				want int
			}{
				{"all", a.WorkspaceID, store.AcsUserFilter{}, 4},
				{"system", a.WorkspaceID, store.AcsUserFilter{AcsSystemID: codes.AcsSystemID}, 2},
				{"identity", a.WorkspaceID, store.AcsUserFilter{UserIdentityID: identA}, 1},
				{"identity email", a.WorkspaceID, store.AcsUserFilter{IdentityEmailSet: true, IdentityEmail: email}, 1},
				{"identity without phone", a.WorkspaceID, store.AcsUserFilter{IdentityPhoneSet: true}, 4},
				{"search name", a.WorkspaceID, store.AcsUserFilter{Search: "CARDS USER 1"}, 1},
				{"search id", a.WorkspaceID, store.AcsUserFilter{Search: userA[len(userA)-12:]}, 1},
				{"search like chars", a.WorkspaceID, store.AcsUserFilter{Search: "_"}, 0},
				{"created before", a.WorkspaceID, store.AcsUserFilter{CreatedBefore: &later}, 4},
				{"created before seeding", a.WorkspaceID, store.AcsUserFilter{CreatedBefore: &seeded.CreatedAt}, 0},
				{"ids", a.WorkspaceID, store.AcsUserFilter{AcsUserIDs: []string{userA, codes.AcsUserIDs[0]}}, 2},
				{"no ids", a.WorkspaceID, store.AcsUserFilter{AcsUserIDs: []string{}}, 0},
				{"client scope", a.WorkspaceID, store.AcsUserFilter{UserIdentityIDs: []string{identA}}, 1},
				{"different workspace", b.WorkspaceID, store.AcsUserFilter{AcsSystemID: cards.AcsSystemID}, 0},
				{"different workspace identity", b.WorkspaceID, store.AcsUserFilter{UserIdentityID: identA}, 0},
				{"different workspace email", b.WorkspaceID, store.AcsUserFilter{IdentityEmailSet: true, IdentityEmail: email}, 0},
				{"different workspace search", b.WorkspaceID, store.AcsUserFilter{Search: userA}, 0},
				{"different workspace ids", b.WorkspaceID, store.AcsUserFilter{AcsUserIDs: []string{userA}}, 0},
				{"different workspace scope", b.WorkspaceID, store.AcsUserFilter{UserIdentityIDs: []string{identA}}, 0},
			} {
				if got := list(tc.ws, tc.f); len(got) != tc.want {
					t.Errorf("%s: %d users, want %d", tc.name, len(got), tc.want)
				}
			}
			got := list(a.WorkspaceID, store.AcsUserFilter{AcsUserIDs: []string{userA}})
			if len(got) != 1 || got[0].AcsUserID != userA || got[0].ConnectedAccountID != a.ConnectedAccountID ||
				got[0].ExternalType != "visionline_system" || got[0].Connector != "sandbox" || got[0].ConnectorConfig != "{}" || got[0].UserIdentityID == nil || *got[0].UserIdentityID != identA {
				t.Errorf("ListAcsUsers = %+v", got)
			}
			// W_B lists its own users only.
			listedB := list(b.WorkspaceID, store.AcsUserFilter{})
			if len(listedB) == 0 {
				t.Error("W_B lists no users; its fixture has some")
			}
			for _, u := range listedB {
				if u.WorkspaceID != b.WorkspaceID {
					t.Errorf("W_B lists a user of %s", u.WorkspaceID)
				}
			}
		})

		t.Run("insert and get", func(t *testing.T) {
			name, email, phone := "Walk In", "walk.in@example.com", "+15555550100"
			starts, ends := seeded.CreatedAt.Add(time.Hour), seeded.CreatedAt.Add(2*time.Hour)
			u := store.AcsUser{AcsUserID: lintel.NewID(), AcsSystemID: codes.AcsSystemID, ExternalID: lintel.NewID(),
				FullName: &name, EmailAddress: &email, PhoneNumber: &phone, AccessStartsAt: &starts, AccessEndsAt: &ends,
				IsSuspended: true, IsManaged: true}
			inTx(t, st, func(tx *store.Tx) error {
				u.CreatedAt = tx.Now()
				return tx.InsertAcsUser(ctx, a.WorkspaceID, u)
			})
			got := mustGet(u.AcsUserID)
			if got.WorkspaceID != a.WorkspaceID || got.AcsSystemID != codes.AcsSystemID || got.ExternalID != u.ExternalID ||
				*got.FullName != name || *got.EmailAddress != email || *got.PhoneNumber != phone ||
				!got.AccessStartsAt.Equal(starts) || !got.AccessEndsAt.Equal(ends) || !got.IsSuspended || !got.IsManaged ||
				got.Errors != "[]" || !got.CreatedAt.Equal(u.CreatedAt) || got.UserIdentityID != nil ||
				got.DeleteRequestedAt != nil || got.ExternalType != "salto_ks_site" {
				t.Errorf("AcsUser = %+v", got)
			}
			// Different workspace: W_B neither gets nor lists it.
			if _, err := get(b.WorkspaceID, u.AcsUserID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("AcsUser from W_B: err = %v, want ErrNotFound", err)
			}
			if _, err := get(a.WorkspaceID, lintel.NewID()); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("unknown user: err = %v, want ErrNotFound", err)
			}
			if got := list(b.WorkspaceID, store.AcsUserFilter{Search: "walk"}); len(got) != 0 {
				t.Errorf("W_B lists W_A's new user")
			}
		})

		t.Run("identity of user", func(t *testing.T) {
			withoutIdentity := lintel.NewID()
			inTx(t, st, func(tx *store.Tx) error {
				return tx.InsertAcsUser(ctx, a.WorkspaceID, store.AcsUser{AcsUserID: withoutIdentity,
					AcsSystemID: codes.AcsSystemID, ExternalID: lintel.NewID(), CreatedAt: tx.Now()})
			})
			for _, tc := range []struct {
				name, ws, id string
				want         *string
				err          error
			}{
				{"with identity", a.WorkspaceID, userA, &identA, nil},
				{"without identity", a.WorkspaceID, withoutIdentity, nil, nil},
				{"unknown", a.WorkspaceID, lintel.NewID(), nil, store.ErrNotFound},
			} {
				view(t, st, func(tx *store.Tx) error {
					got, err := tx.AcsUserIdentity(ctx, tc.ws, tc.id)
					if !errors.Is(err, tc.err) || (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
						t.Errorf("%s: AcsUserIdentity = %v, %v; want %v, %v", tc.name, got, err, tc.want, tc.err)
					}
					return nil
				})
			}
			// Different workspace: W_B does not find W_A's user.
			view(t, st, func(tx *store.Tx) error {
				if got, err := tx.AcsUserIdentity(ctx, b.WorkspaceID, userA); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("AcsUserIdentity from W_B = %v, %v; want ErrNotFound", got, err)
				}
				return nil
			})
		})

		t.Run("of identity", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				u, err := tx.AcsUserOfIdentity(ctx, a.WorkspaceID, identA, cards.AcsSystemID)
				if err != nil || u.AcsUserID != userA {
					t.Errorf("AcsUserOfIdentity = %+v, %v", u.AcsUserID, err)
				}
				if _, err := tx.AcsUserOfIdentity(ctx, a.WorkspaceID, identA, codes.AcsSystemID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("AcsUserOfIdentity on another system: %v", err)
				}
				// Different workspace.
				if _, err := tx.AcsUserOfIdentity(ctx, b.WorkspaceID, identA, cards.AcsSystemID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("AcsUserOfIdentity from W_B: %v", err)
				}
				return nil
			})
		})

		t.Run("external id taken", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				for _, tc := range []struct {
					name, ws, sys, ext string
					want               bool
				}{
					{"taken", a.WorkspaceID, cards.AcsSystemID, seeded.ExternalID, true},
					{"another system", a.WorkspaceID, codes.AcsSystemID, seeded.ExternalID, false},
					{"unknown", a.WorkspaceID, cards.AcsSystemID, lintel.NewID(), false},
					{"different workspace", b.WorkspaceID, cards.AcsSystemID, seeded.ExternalID, false},
				} {
					if got, err := tx.AcsUserExternalIDTaken(ctx, tc.ws, tc.sys, tc.ext); err != nil || got != tc.want {
						t.Errorf("AcsUserExternalIDTaken %s = %v, %v; want %v", tc.name, got, err, tc.want)
					}
				}
				return nil
			})
		})

		t.Run("update", func(t *testing.T) {
			id := cards.AcsUserIDs[1]
			before := mustGet(id)
			name, phone := "Renamed", "+15555550199"
			ends := before.CreatedAt.Add(24 * time.Hour)
			changed := before
			changed.FullName, changed.PhoneNumber, changed.AccessEndsAt, changed.IsSuspended, changed.UserIdentityID =
				&name, &phone, &ends, true, nil
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing changes.
				if err := tx.UpdateAcsUser(ctx, b.WorkspaceID, changed); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("UpdateAcsUser from W_B: err = %v, want ErrNotFound", err)
				}
				if err := tx.SetAcsUserErrors(ctx, b.WorkspaceID, id, `[{"error_code":"x"}]`); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("SetAcsUserErrors from W_B: err = %v, want ErrNotFound", err)
				}
				return nil
			})
			if got := mustGet(id); *got.FullName != *before.FullName || got.PhoneNumber != nil || got.IsSuspended ||
				got.UserIdentityID == nil || got.Errors != "[]" {
				t.Errorf("W_B's update changed W_A's user: %+v", got)
			}
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.UpdateAcsUser(ctx, a.WorkspaceID, changed); err != nil {
					return err
				}
				return tx.SetAcsUserErrors(ctx, a.WorkspaceID, id, `[{"error_code":"x"}]`)
			})
			got := mustGet(id)
			if *got.FullName != name || *got.PhoneNumber != phone || !got.AccessEndsAt.Equal(ends) || !got.IsSuspended ||
				got.UserIdentityID != nil || got.ExternalID != before.ExternalID || got.Errors != `[{"error_code":"x"}]` {
				t.Errorf("after update: %+v", got)
			}
			if errs := store.ObjectErrors(got.Errors); len(errs) != 1 {
				t.Errorf("AcsUserErrors = %s", errs)
			}
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.UpdateAcsUser(ctx, a.WorkspaceID, store.AcsUser{AcsUserID: lintel.NewID()}); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("UpdateAcsUser of an unknown user: %v", err)
				}
				return nil
			})
		})

		t.Run("delete at once", func(t *testing.T) {
			victim := cards.AcsUserIDs[1]
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing is deleted.
				if _, err := tx.ClaimAcsUserDelete(ctx, b.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ClaimAcsUserDelete from W_B: %v", err)
				}
				if err := tx.FinishClaimedAcsUserDelete(ctx, b.WorkspaceID, victim); err != nil {
					t.Errorf("FinishClaimedAcsUserDelete from W_B: %v", err)
				}
				return nil
			})
			if got := mustGet(victim); got.DeleteRequestedAt != nil {
				t.Fatalf("W_B's final request marked W_A's user: %+v", got)
			}
			inTx(t, st, func(tx *store.Tx) error {
				if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, victim); err != nil {
					return err
				}
				if err := tx.FinishClaimedAcsUserDelete(ctx, a.WorkspaceID, victim); err != nil {
					return err
				}
				// Final at once: nothing left to finish or request.
				if err := tx.FinishAcsUserDelete(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("FinishAcsUserDelete after a final request: %v", err)
				}
				if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ClaimAcsUserDelete after a final request: %v", err)
				}
				return nil
			})
			if _, err := get(a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("finally deleted user found: %v", err)
			}
		})

		t.Run("delete", func(t *testing.T) {
			victim := codes.AcsUserIDs[1]
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: W_B can neither request nor finish it.
				if _, err := tx.ClaimAcsUserDelete(ctx, b.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ClaimAcsUserDelete from W_B: %v", err)
				}
				// Not requested: nothing to finish.
				if err := tx.FinishAcsUserDelete(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("FinishAcsUserDelete before the request: %v", err)
				}
				return nil
			})
			if got := mustGet(victim); got.DeleteRequestedAt != nil || got.UserIdentityID == nil {
				t.Fatalf("W_B's request marked W_A's user: %+v", got)
			}
			var requestedAt time.Time
			inTx(t, st, func(tx *store.Tx) error {
				requestedAt = tx.Now()
				if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, victim); err != nil {
					return err
				}
				if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ClaimAcsUserDelete twice: %v", err)
				}
				return nil
			})
			// Requested: still readable, pending, unlinked from its identity.
			got := mustGet(victim)
			if got.DeleteRequestedAt == nil || !got.DeleteRequestedAt.Equal(requestedAt) || got.UserIdentityID != nil {
				t.Errorf("after the request: %+v", got)
			}
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.FinishAcsUserDelete(ctx, b.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("FinishAcsUserDelete from W_B: %v", err)
				}
				return nil
			})
			if _, err := get(a.WorkspaceID, victim); err != nil {
				t.Fatalf("W_B's finish deleted W_A's user: %v", err)
			}
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.FinishAcsUserDelete(ctx, a.WorkspaceID, victim); err != nil {
					return err
				}
				if err := tx.FinishAcsUserDelete(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("FinishAcsUserDelete twice: %v", err)
				}
				// A tombstone can be neither changed nor deleted again.
				if err := tx.UpdateAcsUser(ctx, a.WorkspaceID, got); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("UpdateAcsUser of a tombstone: %v", err)
				}
				if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ClaimAcsUserDelete of a tombstone: %v", err)
				}
				// Its external id stays taken, so a sync does not revive it.
				if taken, err := tx.AcsUserExternalIDTaken(ctx, a.WorkspaceID, codes.AcsSystemID, got.ExternalID); err != nil || !taken {
					t.Errorf("tombstone's external id taken = %v, %v", taken, err)
				}
				return nil
			})
			if _, err := get(a.WorkspaceID, victim); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("deleted user found: %v", err)
			}
			if got := list(a.WorkspaceID, store.AcsUserFilter{AcsUserIDs: []string{victim}}); len(got) != 0 {
				t.Errorf("deleted user listed")
			}
		})

		t.Run("parents of another workspace", func(t *testing.T) {
			bSys, bIdent := b.Systems[0].AcsSystemID, b.Systems[0].UserIdentityIDs[0]
			newUser := func(system string, identity *string) store.AcsUser {
				return store.AcsUser{AcsUserID: lintel.NewID(), AcsSystemID: system, UserIdentityID: identity,
					ExternalID: lintel.NewID(), IsManaged: true, CreatedAt: seeded.CreatedAt}
			}
			withSystemA, withIdentityA := newUser(cards.AcsSystemID, nil), newUser(bSys, &identA)
			own := newUser(bSys, &bIdent)
			inTx(t, st, func(tx *store.Tx) error {
				// W_B names W_A's system, or W_A's identity: nothing is written.
				wantNotFound(t, "InsertAcsUser from W_B on W_A's system", tx.InsertAcsUser(ctx, b.WorkspaceID, withSystemA))
				wantNotFound(t, "InsertAcsUser from W_B with W_A's identity", tx.InsertAcsUser(ctx, b.WorkspaceID, withIdentityA))
				// Its own system and identity: written.
				return tx.InsertAcsUser(ctx, b.WorkspaceID, own)
			})
			for _, u := range []store.AcsUser{withSystemA, withIdentityA} {
				if stored(t, st, "acs_users", "acs_user_id", u.AcsUserID) {
					t.Errorf("InsertAcsUser with another workspace's parent wrote %+v", u)
				}
			}
			if !stored(t, st, "acs_users", "acs_user_id", own.AcsUserID) {
				t.Fatalf("InsertAcsUser with W_B's own parents wrote nothing")
			}

			// W_B links its user to W_A's identity: nothing changes.
			changed := own
			name := "Moved"
			changed.FullName, changed.UserIdentityID = &name, &identA
			inTx(t, st, func(tx *store.Tx) error {
				wantNotFound(t, "UpdateAcsUser from W_B with W_A's identity", tx.UpdateAcsUser(ctx, b.WorkspaceID, changed))
				return nil
			})
			got, err := get(b.WorkspaceID, own.AcsUserID)
			if err != nil || got.FullName != nil || got.UserIdentityID == nil || *got.UserIdentityID != bIdent {
				t.Errorf("after UpdateAcsUser with W_A's identity: %+v, %v", got, err)
			}
		})
	})
}

func TestClaimAcsUserDelete(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		cards := a.Systems[0]
		pending, final := cards.AcsUserIDs[0], cards.AcsUserIDs[1]
		get := func(ws, id string) (u store.AcsUser, err error) {
			view(t, st, func(tx *store.Tx) error { u, err = tx.AcsUser(ctx, ws, id); return nil })
			return u, err
		}
		before, err := get(a.WorkspaceID, pending)
		if err != nil || before.UserIdentityID == nil {
			t.Fatalf("the seeded user: %+v, %v", before, err)
		}
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace, or no such user: nothing claimed.
			for _, c := range []struct{ ws, id string }{{b.WorkspaceID, pending}, {a.WorkspaceID, lintel.NewID()}} {
				if _, err := tx.ClaimAcsUserDelete(ctx, c.ws, c.id); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ClaimAcsUserDelete(%s, %s): %v", c.ws, c.id, err)
				}
			}
			return nil
		})
		if got, _ := get(a.WorkspaceID, pending); got.DeleteRequestedAt != nil {
			t.Fatalf("W_B's claim marked W_A's user: %+v", got)
		}
		var claimedAt time.Time
		inTx(t, st, func(tx *store.Tx) error {
			claimedAt = tx.Now()
			u, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, pending)
			if err != nil {
				return err
			}
			// The claim returns the user as it left it, with its system.
			want := before
			want.DeleteRequestedAt, want.UserIdentityID = u.DeleteRequestedAt, nil
			want.UserIdentityFullName, want.UserIdentityEmailAddress, want.UserIdentityPhoneNumber = nil, nil, nil
			if !reflect.DeepEqual(u, want) || u.DeleteRequestedAt == nil || !u.DeleteRequestedAt.Equal(claimedAt) {
				t.Errorf("claimed %+v, want %+v requested at %v, without identity", u, want, claimedAt)
			}
			if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, pending); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("ClaimAcsUserDelete twice: %v", err)
			}
			return nil
		})
		// Not final: still readable, pending, unlinked from its identity.
		if got, err := get(a.WorkspaceID, pending); err != nil || got.DeleteRequestedAt == nil ||
			!got.DeleteRequestedAt.Equal(claimedAt) || got.UserIdentityID != nil {
			t.Errorf("after the claim: %+v, %v", got, err)
		}
		inTx(t, st, func(tx *store.Tx) error {
			if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, final); err != nil {
				return err
			}
			// Different workspace: W_B's finish changes nothing of W_A's.
			if err := tx.FinishClaimedAcsUserDelete(ctx, b.WorkspaceID, final); err != nil {
				return err
			}
			if _, err := tx.AcsUser(ctx, a.WorkspaceID, final); err != nil {
				t.Errorf("W_B's finish deleted W_A's user: %v", err)
			}
			return tx.FinishClaimedAcsUserDelete(ctx, a.WorkspaceID, final)
		})
		if _, err := get(a.WorkspaceID, final); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a finished claim left the user readable: %v", err)
		}
		if _, err := get(b.WorkspaceID, b.Systems[0].AcsUserIDs[1]); err != nil {
			t.Errorf("W_B's user: %v", err)
		}
	})
}
