package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// seededIdentityPair seeds W_A and W_B with the same shape: a system with three
// users (each with an identity, two card credentials and a group that
// opens both entrances).
func seededIdentityPair(t *testing.T, st *store.Store) (a, b seed.Workspace) {
	t.Helper()
	systems := []seed.System{{Name: "Vis", ExternalType: "visionline_system", ExternalTypeDisplayName: "Visionline",
		AccessMethod: "card", Users: 3, CredentialsPerUser: 2, Groups: 1, Entrances: 2}}
	inTx(t, st, func(tx *store.Tx) error {
		var err error
		if a, err = seed.Seed(context.Background(), tx, seed.Options{Name: "A", Systems: systems}); err != nil {
			return err
		}
		b, err = seed.Seed(context.Background(), tx, seed.Options{Name: "B", Systems: systems})
		return err
	})
	return a, b
}

func everything() page.Request { return page.Request{Limit: page.MaxLimit} }

func TestUserIdentityStore(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededIdentityPair(t, st)
		ws, other := a.WorkspaceID, b.WorkspaceID
		sys := a.Systems[0]
		identID, userID := sys.UserIdentityIDs[0], sys.AcsUserIDs[0]
		key, email, phone := "k1", "k1@example.com", "+15555550101"

		inTx(t, st, func(tx *store.Tx) error {
			u, err := tx.UserIdentity(ctx, ws, identID)
			if err != nil {
				return err
			}
			u.UserIdentityKey, u.PhoneNumber = &key, &phone
			if err := tx.UpdateUserIdentity(ctx, ws, u); err != nil {
				return err
			}
			// Different workspace: W_B cannot update or delete W_A's identity.
			if err := tx.UpdateUserIdentity(ctx, other, u); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UpdateUserIdentity from W_B: %v", err)
			}
			if err := tx.DeleteUserIdentity(ctx, other, identID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("DeleteUserIdentity from W_B: %v", err)
			}
			// A second identity with the same key: conflict in W_A, fine in W_B.
			dup := store.UserIdentity{UserIdentityID: lintel.NewID(), UserIdentityKey: &key, CreatedAt: tx.Now()}
			if err := tx.InsertUserIdentity(ctx, other, dup); err != nil {
				t.Errorf("same key in W_B: %v", err)
			}
			return nil
		})
		err := st.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertUserIdentity(ctx, ws, store.UserIdentity{UserIdentityID: lintel.NewID(), EmailAddress: &email,
				PhoneNumber: &phone, CreatedAt: tx.Now()})
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate phone: err = %v, want ErrConflict", err)
		}

		inTx(t, st, func(tx *store.Tx) error {
			got, err := tx.UserIdentityByKey(ctx, ws, key)
			if err != nil || got.UserIdentityID != identID {
				t.Errorf("UserIdentityByKey = %+v, %v", got, err)
			}
			if got, err := tx.UserIdentityByKey(ctx, other, key); err != nil || got.UserIdentityID == identID {
				t.Errorf("UserIdentityByKey(W_B) = %+v, %v; want W_B's own", got, err)
			}
			if _, err := tx.UserIdentity(ctx, other, identID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UserIdentity(W_B, A's id): %v", err)
			}
			for _, c := range []struct {
				ws, except, want  string
				key, email, phone *string
			}{
				{ws, "", "user_identity_key", &key, nil, nil},
				{ws, identID, "", &key, nil, &phone}, // its own values
				{ws, "", "phone_number", nil, nil, &phone},
				{other, "", "user_identity_key", &key, nil, nil}, // the duplicate made in W_B
				{other, "", "", nil, nil, &phone},                // different workspace
			} {
				if f, err := tx.UserIdentityTaken(ctx, c.ws, c.except, c.key, c.email, c.phone); err != nil || f != c.want {
					t.Errorf("UserIdentityTaken(%v) = %q, %v; want %q", c, f, err, c.want)
				}
			}
			list, err := tx.ListUserIdentities(ctx, ws, store.UserIdentityFilter{Search: "+1555555"}, everything())
			if err != nil || len(list) != 1 || list[0].UserIdentityID != identID {
				t.Errorf("ListUserIdentities(search) = %+v, %v", list, err)
			}
			list, err = tx.ListUserIdentities(ctx, other, store.UserIdentityFilter{UserIdentityIDs: []string{identID}}, everything())
			if err != nil || len(list) != 0 {
				t.Errorf("ListUserIdentities(W_B, A's id) = %+v, %v", list, err)
			}
			list, err = tx.ListUserIdentities(ctx, other, store.UserIdentityFilter{WithUserOnSystem: sys.AcsSystemID}, everything())
			if err != nil || len(list) != 0 {
				t.Errorf("ListUserIdentities(W_B, A's system) = %+v, %v", list, err)
			}
			list, err = tx.ListUserIdentities(ctx, ws, store.UserIdentityFilter{WithUserOnSystem: sys.AcsSystemID,
				ScopeUserIdentityIDs: []string{sys.UserIdentityIDs[1]}}, everything())
			if err != nil || len(list) != 1 || list[0].UserIdentityID != sys.UserIdentityIDs[1] {
				t.Errorf("ListUserIdentities(scoped) = %+v, %v", list, err)
			}

			links, err := tx.AcsUserIDsOfIdentities(ctx, ws, sys.UserIdentityIDs)
			if err != nil || !slices.Equal(links[identID], []string{userID}) || len(links) != 3 {
				t.Errorf("AcsUserIDsOfIdentities = %v, %v", links, err)
			}
			if links, err := tx.AcsUserIDsOfIdentities(ctx, other, sys.UserIdentityIDs); err != nil || len(links) != 0 {
				t.Errorf("AcsUserIDsOfIdentities(W_B) = %v, %v", links, err)
			}
			users, err := tx.AcsUsersOfIdentity(ctx, ws, identID)
			if err != nil || len(users) != 1 || users[0].AcsUserID != userID {
				t.Errorf("AcsUsersOfIdentity = %+v, %v", users, err)
			}
			if users, err := tx.AcsUsersOfIdentity(ctx, other, identID); err != nil || len(users) != 0 {
				t.Errorf("AcsUsersOfIdentity(W_B) = %+v, %v", users, err)
			}
			entrances, err := tx.AcsEntrancesOfIdentity(ctx, ws, identID)
			var entranceIDs []string
			for _, e := range entrances {
				entranceIDs = append(entranceIDs, e.AcsEntranceID)
			}
			if err != nil || !slices.Equal(entranceIDs, sys.EntranceIDs) {
				t.Errorf("AcsEntrancesOfIdentity = %v, %v; want %v", entranceIDs, err, sys.EntranceIDs)
			}
			if e, err := tx.AcsEntrancesOfIdentity(ctx, other, identID); err != nil || len(e) != 0 {
				t.Errorf("AcsEntrancesOfIdentity(W_B) = %v, %v", e, err)
			}

			// Unlink, and find the unlinked user by its email (UnlinkedAcsUserMatching).
			if err := tx.SetAcsUserIdentity(ctx, other, userID, nil); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SetAcsUserIdentity from W_B: %v", err)
			}
			// W_B links its user to W_A's identity: nothing changes.
			userB, identB := b.Systems[0].AcsUserIDs[0], b.Systems[0].UserIdentityIDs[0]
			wantNotFound(t, "SetAcsUserIdentity from W_B with W_A's identity", tx.SetAcsUserIdentity(ctx, other, userB, &identID))
			if u, err := tx.AcsUser(ctx, other, userB); err != nil || u.UserIdentityID == nil || *u.UserIdentityID != identB {
				t.Errorf("after SetAcsUserIdentity with W_A's identity: %+v, %v", u, err)
			}
			if err := tx.SetAcsUserIdentity(ctx, ws, userID, nil); err != nil {
				return err
			}
			u, err := tx.AcsUser(ctx, ws, userID)
			if err != nil || u.UserIdentityID != nil {
				t.Errorf("after unlink: %+v, %v", u, err)
			}
			found, err := tx.UnlinkedAcsUserMatching(ctx, ws, sys.AcsSystemID, u.EmailAddress, nil)
			if err != nil || found.AcsUserID != userID {
				t.Errorf("UnlinkedAcsUserMatching = %+v, %v", found, err)
			}
			if _, err := tx.UnlinkedAcsUserMatching(ctx, other, sys.AcsSystemID, u.EmailAddress, nil); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UnlinkedAcsUserMatching(W_B): %v", err)
			}
			if _, err := tx.UnlinkedAcsUserMatching(ctx, ws, sys.AcsSystemID, nil, nil); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UnlinkedAcsUserMatching(nothing): %v", err)
			}
			return tx.SetAcsUserIdentity(ctx, ws, userID, &identID)
		})

		// Deleting the identity unlinks its users and leaves W_B alone.
		inTx(t, st, func(tx *store.Tx) error { return tx.DeleteUserIdentity(ctx, ws, identID) })
		inTx(t, st, func(tx *store.Tx) error {
			if _, err := tx.UserIdentity(ctx, ws, identID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("deleted identity found: %v", err)
			}
			u, err := tx.AcsUser(ctx, ws, userID)
			if err != nil || u.UserIdentityID != nil {
				t.Errorf("user of deleted identity: %+v, %v", u, err)
			}
			list, err := tx.ListUserIdentities(ctx, other, store.UserIdentityFilter{}, everything())
			if err != nil || len(list) != 4 {
				t.Errorf("W_B identities = %d, %v; want 4", len(list), err)
			}
			return nil
		})
	})
}

func TestAcsSystemAndConnectedAccountStore(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededIdentityPair(t, st)
		sys := a.Systems[0]
		inTx(t, st, func(tx *store.Tx) error {
			all, err := tx.ListAcsSystems(ctx, a.WorkspaceID, store.AcsSystemFilter{Search: "vi"})
			if err != nil || len(all) != 1 || all[0].AcsSystemID != sys.AcsSystemID {
				t.Errorf("ListAcsSystems = %+v, %v", all, err)
			}
			for _, f := range []store.AcsSystemFilter{{}, {ConnectedAccountID: a.ConnectedAccountID},
				{AcsSystemIDs: []string{sys.AcsSystemID}}, {UserIdentityIDs: sys.UserIdentityIDs}} {
				got, err := tx.ListAcsSystems(ctx, b.WorkspaceID, f)
				if err != nil || (len(got) > 0 && got[0].AcsSystemID == sys.AcsSystemID) {
					t.Errorf("ListAcsSystems(W_B, %+v) = %+v, %v", f, got, err)
				}
			}
			got, err := tx.ListAcsSystems(ctx, a.WorkspaceID, store.AcsSystemFilter{UserIdentityIDs: []string{}})
			if err != nil || len(got) != 0 {
				t.Errorf("ListAcsSystems(empty scope) = %+v, %v", got, err)
			}
			counts, err := tx.CountAcsSystemObjects(ctx, a.WorkspaceID, []string{sys.AcsSystemID})
			if err != nil || counts[sys.AcsSystemID] != (store.AcsSystemCounts{Users: 3, AccessGroups: 1}) {
				t.Errorf("CountAcsSystemObjects = %v, %v", counts, err)
			}
			if counts, err := tx.CountAcsSystemObjects(ctx, b.WorkspaceID, []string{sys.AcsSystemID}); err != nil || len(counts) != 0 {
				t.Errorf("CountAcsSystemObjects(W_B) = %v, %v", counts, err)
			}

			accounts, err := tx.ListConnectedAccounts(ctx, a.WorkspaceID, store.ConnectedAccountFilter{Search: "sandbox"}, everything())
			if err != nil || len(accounts) != 1 || accounts[0].ConnectedAccountID != a.ConnectedAccountID {
				t.Errorf("ListConnectedAccounts = %+v, %v", accounts, err)
			}
			accounts, err = tx.ListConnectedAccounts(ctx, b.WorkspaceID, store.ConnectedAccountFilter{
				ConnectedAccountIDs: []string{a.ConnectedAccountID}}, everything())
			if err != nil || len(accounts) != 0 {
				t.Errorf("ListConnectedAccounts(W_B, A's id) = %+v, %v", accounts, err)
			}
			return nil
		})
	})
}

func TestEventScope(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededIdentityPair(t, st)
		sys := a.Systems[0]
		user, cred := sys.AcsUserIDs[0], sys.CredentialIDs[sys.AcsUserIDs[0]][0]
		inTx(t, st, func(tx *store.Tx) error {
			now := tx.Now()
			for _, e := range []store.Event{
				{EventType: "acs_user.created", AcsUserID: user},
				{EventType: "acs_credential.issued", AcsCredentialID: cred},
				{EventType: "acs_user.created", AcsUserID: sys.AcsUserIDs[1]},
			} {
				e.EventID, e.WorkspaceID, e.CreatedAt, e.OccurredAt, e.AcsSystemID = lintel.NewID(), a.WorkspaceID, now, now, sys.AcsSystemID
				if err := tx.InsertEvent(ctx, a.WorkspaceID, e); err != nil {
					return err
				}
			}
			// Different workspace: W_B's event naming W_A's user stays out of
			// W_A's scoped list below (still two).
			now = tx.Now()
			return tx.InsertEvent(ctx, b.WorkspaceID, store.Event{EventID: lintel.NewID(), WorkspaceID: b.WorkspaceID,
				EventType: "acs_user.created", AcsUserID: user, CreatedAt: now, OccurredAt: now, AcsSystemID: b.Systems[0].AcsSystemID})
		})
		inTx(t, st, func(tx *store.Tx) error {
			since := time.Unix(0, 0)
			got, err := tx.ListEvents(ctx, a.WorkspaceID, store.EventFilter{Since: &since, Limit: 10,
				ScopeUserIdentityIDs: []string{sys.UserIdentityIDs[0]}})
			if err != nil || len(got) != 2 {
				t.Errorf("scoped events = %+v, %v; want the user's and its credential's", got, err)
			}
			got, err = tx.ListEvents(ctx, a.WorkspaceID, store.EventFilter{Since: &since, Limit: 10, ScopeUserIdentityIDs: []string{}})
			if err != nil || len(got) != 0 {
				t.Errorf("empty scope = %+v, %v", got, err)
			}
			// Different workspace: W_B's identities see nothing of W_A.
			got, err = tx.ListEvents(ctx, b.WorkspaceID, store.EventFilter{Since: &since, Limit: 10,
				ScopeUserIdentityIDs: []string{sys.UserIdentityIDs[0]}})
			if err != nil || len(got) != 0 {
				t.Errorf("W_B scoped by A's identity = %+v, %v", got, err)
			}
			return nil
		})
	})
}
