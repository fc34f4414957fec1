package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestInstantKeyStore(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededIdentityPair(t, st)
		ws, other := a.WorkspaceID, b.WorkspaceID
		idents, otherIdents := a.Systems[0].UserIdentityIDs, b.Systems[0].UserIdentityIDs
		// newKey stores a client session of the identity and a key behind it.
		newKey := func(tx *store.Tx, workspaceID, identityID, token string, maxUses int) store.InstantKey {
			t.Helper()
			cs := store.ClientSession{ClientSessionID: lintel.NewID(), ShortToken: token, LongTokenHash: []byte(token),
				TokenSealed: "v1:x", UserIdentityIDs: []string{identityID}, CreatedAt: tx.Now(), ExpiresAt: tx.Now().Add(time.Hour)}
			if err := tx.InsertClientSession(ctx, workspaceID, cs); err != nil {
				t.Fatal(err)
			}
			k := store.InstantKey{InstantKeyID: lintel.NewID(), UserIdentityID: identityID, ClientSessionID: cs.ClientSessionID,
				TokenHash: secret.HashLong(token), TokenSealed: "v1:sealed", MaxUseCount: maxUses,
				CreatedAt: tx.Now(), ExpiresAt: tx.Now().Add(time.Hour)}
			if err := tx.InsertInstantKey(ctx, workspaceID, k); err != nil {
				t.Fatal(err)
			}
			return k
		}
		var twice, once, bs store.InstantKey
		inTx(t, st, func(tx *store.Tx) error {
			twice = newKey(tx, ws, idents[0], "token-1", 2)
			once = newKey(tx, ws, idents[1], "token-2", 1)
			// Different workspace: W_B's own key.
			bs = newKey(tx, other, otherIdents[0], "token-b", 1)
			return nil
		})

		t.Run("get, find by token and list", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				k, err := tx.InstantKey(ctx, ws, twice.InstantKeyID)
				if err != nil || k.UserIdentityID != idents[0] || k.ClientSessionID != twice.ClientSessionID ||
					k.MaxUseCount != 2 || k.UseCount != 0 || !k.ExpiresAt.Equal(twice.ExpiresAt.Truncate(time.Millisecond)) {
					t.Errorf("InstantKey = %+v, %v", k, err)
				}
				if k, err := tx.InstantKeyByToken(ctx, secret.HashLong("token-2")); err != nil || k.InstantKeyID != once.InstantKeyID || k.WorkspaceID != ws {
					t.Errorf("InstantKeyByToken = %+v, %v", k, err)
				}
				if _, err := tx.InstantKeyByToken(ctx, secret.HashLong("token-3")); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("InstantKeyByToken of an unknown token: %v", err)
				}
				if k, err := tx.InstantKeyOfWorkspaceByToken(ctx, ws, secret.HashLong("token-1")); err != nil || k.InstantKeyID != twice.InstantKeyID {
					t.Errorf("InstantKeyOfWorkspaceByToken = %+v, %v", k, err)
				}
				all, err := tx.ListInstantKeys(ctx, ws, "")
				if err != nil || len(all) != 2 || all[0].InstantKeyID != twice.InstantKeyID || all[1].InstantKeyID != once.InstantKeyID {
					t.Errorf("ListInstantKeys = %+v, %v", all, err)
				}
				if mine, err := tx.ListInstantKeys(ctx, ws, idents[1]); err != nil || len(mine) != 1 || mine[0].InstantKeyID != once.InstantKeyID {
					t.Errorf("ListInstantKeys(identity) = %+v, %v", mine, err)
				}
				// Different workspace: W_B finds none of W_A's keys.
				if _, err := tx.InstantKey(ctx, other, twice.InstantKeyID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("InstantKey from W_B: %v", err)
				}
				if _, err := tx.InstantKeyOfWorkspaceByToken(ctx, other, secret.HashLong("token-1")); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("InstantKeyOfWorkspaceByToken from W_B: %v", err)
				}
				if theirs, err := tx.ListInstantKeys(ctx, other, ""); err != nil || len(theirs) != 1 || theirs[0].InstantKeyID != bs.InstantKeyID {
					t.Errorf("ListInstantKeys(W_B) = %+v, %v", theirs, err)
				}
				if theirs, err := tx.ListInstantKeys(ctx, other, idents[0]); err != nil || len(theirs) != 0 {
					t.Errorf("ListInstantKeys(W_B, W_A's identity) = %+v, %v", theirs, err)
				}
				return nil
			})
		})

		t.Run("a key's client session is not the identity's own", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				// get_or_create must not hand out (and later lose) a key's session.
				if cs, err := tx.LiveClientSessionOfIdentity(ctx, ws, idents[0]); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("LiveClientSessionOfIdentity = %+v, %v; want none: the identity's only session is its key's", cs, err)
				}
				return nil
			})
		})

		t.Run("use", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: W_B cannot spend W_A's key.
				if _, err := tx.UseInstantKey(ctx, other, twice.InstantKeyID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("UseInstantKey from W_B: %v", err)
				}
				k, err := tx.UseInstantKey(ctx, ws, twice.InstantKeyID)
				if err != nil || k.UseCount != 1 || !k.ExpiresAt.Equal(twice.ExpiresAt.Truncate(time.Millisecond)) {
					t.Errorf("first use = %+v, %v", k, err)
				}
				k, err = tx.UseInstantKey(ctx, ws, twice.InstantKeyID)
				if err != nil || k.UseCount != 2 || !k.ExpiresAt.Equal(tx.Now()) {
					t.Errorf("last use = %+v, %v; want expired at %v", k, err, tx.Now())
				}
				if _, err := tx.UseInstantKey(ctx, ws, twice.InstantKeyID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("use of a spent key: %v", err)
				}
				return nil
			})
		})

		t.Run("delete", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: W_B cannot delete W_A's key.
				if err := tx.DeleteInstantKey(ctx, other, twice.InstantKeyID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("DeleteInstantKey from W_B: %v", err)
				}
				if err := tx.DeleteInstantKey(ctx, ws, twice.InstantKeyID); err != nil {
					t.Errorf("DeleteInstantKey: %v", err)
				}
				if err := tx.DeleteInstantKey(ctx, ws, twice.InstantKeyID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("DeleteInstantKey again: %v", err)
				}
				if _, err := tx.InstantKey(ctx, other, bs.InstantKeyID); err != nil {
					t.Errorf("W_B's key after W_A's deletes: %v", err)
				}
				return nil
			})
		})

		t.Run("the identity's deletion and the workspace's reset take its keys", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.DeleteUserIdentity(ctx, ws, idents[1]); err != nil {
					return err
				}
				if _, err := tx.InstantKey(ctx, ws, once.InstantKeyID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("key of a deleted identity: %v", err)
				}
				if err := tx.ResetWorkspace(ctx, other); err != nil {
					return err
				}
				if _, err := tx.InstantKey(ctx, other, bs.InstantKeyID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("key of a reset workspace: %v", err)
				}
				return nil
			})
		})
	})
}
