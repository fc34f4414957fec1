package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestIdempotencyKeys(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		now := time.Now().UTC().Truncate(time.Millisecond)
		key := func(k, fp string, at time.Time) store.IdempotencyKey {
			return store.IdempotencyKey{Key: k, Fingerprint: fp, CreatedAt: at, ExpiresAt: at.Add(24 * time.Hour)}
		}
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.ClaimIdempotencyKey(ctx, a.WorkspaceID, key("k1", "fa", now)); err != nil {
				return err
			}
			return tx.RecordIdempotentResponse(ctx, a.WorkspaceID, "k1", 200, []byte(`{"ok":true}`))
		})

		t.Run("claimed once per workspace", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.ClaimIdempotencyKey(ctx, a.WorkspaceID, key("k1", "other", now)); !errors.Is(err, store.ErrConflict) {
					t.Errorf("second claim in W_A: %v, want ErrConflict", err)
				}
				return nil
			})
			view(t, st, func(tx *store.Tx) error {
				k, err := tx.IdempotencyKey(ctx, a.WorkspaceID, "k1", now)
				if err != nil || k.Fingerprint != "fa" || k.Status != 200 || string(k.Response) != `{"ok":true}` || !k.Recorded() {
					t.Errorf("W_A's key = %+v, %v", k, err)
				}
				return nil
			})
		})

		t.Run("different workspace", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				if _, err := tx.IdempotencyKey(ctx, b.WorkspaceID, "k1", now); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("W_A's key read from W_B: %v", err)
				}
				return nil
			})
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.RecordIdempotentResponse(ctx, b.WorkspaceID, "k1", 500, []byte("x")); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("W_B records on W_A's key: %v", err)
				}
				// W_B has its own key of the same name.
				if err := tx.ClaimIdempotencyKey(ctx, b.WorkspaceID, key("k1", "fb", now)); err != nil {
					t.Errorf("W_B claims the name W_A uses: %v", err)
				}
				return nil
			})
			view(t, st, func(tx *store.Tx) error {
				ka, err := tx.IdempotencyKey(ctx, a.WorkspaceID, "k1", now)
				if err != nil || ka.Fingerprint != "fa" || ka.Status != 200 {
					t.Errorf("W_A's key after W_B's writes = %+v, %v", ka, err)
				}
				kb, err := tx.IdempotencyKey(ctx, b.WorkspaceID, "k1", now)
				if err != nil || kb.Fingerprint != "fb" || kb.Recorded() {
					t.Errorf("W_B's key = %+v, %v", kb, err)
				}
				return nil
			})
		})

		t.Run("an expired key is gone and may be claimed again", func(t *testing.T) {
			later := now.Add(24*time.Hour + time.Second)
			view(t, st, func(tx *store.Tx) error {
				if _, err := tx.IdempotencyKey(ctx, a.WorkspaceID, "k1", later); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("expired key read: %v", err)
				}
				return nil
			})
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.ClaimIdempotencyKey(ctx, a.WorkspaceID, key("k2", "f2", now)); err != nil {
					return err
				}
				// Claiming k1 again replaces it, and deletes k2 on the way
				// once it has expired too.
				return tx.ClaimIdempotencyKey(ctx, a.WorkspaceID, key("k1", "new", later))
			})
			view(t, st, func(tx *store.Tx) error {
				k, err := tx.IdempotencyKey(ctx, a.WorkspaceID, "k1", later)
				if err != nil || k.Fingerprint != "new" || k.Recorded() {
					t.Errorf("reclaimed key = %+v, %v", k, err)
				}
				if _, err := tx.IdempotencyKey(ctx, a.WorkspaceID, "k2", now); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("expired k2 was not cleaned up: %v", err)
				}
				if _, err := tx.IdempotencyKey(ctx, b.WorkspaceID, "k1", now); err != nil {
					t.Errorf("W_B's key went with W_A's clean-up: %v", err)
				}
				return nil
			})
		})

		t.Run("the first transaction under a claim stores the key with its writes", func(t *testing.T) {
			c := &store.IdempotencyClaim{WorkspaceID: a.WorkspaceID, Key: key("k3", "f3", now)}
			cctx := store.WithIdempotencyClaim(ctx, c)
			failed := errors.New("domain failure")
			if err := st.InTx(cctx, func(tx *store.Tx) error { return failed }); !errors.Is(err, failed) || c.Claimed() {
				t.Errorf("a failed transaction: %v, claimed %v", err, c.Claimed())
			}
			if err := st.InTx(cctx, func(tx *store.Tx) error { return nil }); err != nil || !c.Claimed() {
				t.Errorf("a committed transaction: %v, claimed %v", err, c.Claimed())
			}
			d := &store.IdempotencyClaim{WorkspaceID: a.WorkspaceID, Key: key("k3", "f3", now)}
			err := st.InTx(store.WithIdempotencyClaim(ctx, d), func(tx *store.Tx) error { return nil })
			if !errors.Is(err, store.ErrConflict) || !d.Taken() || d.Claimed() {
				t.Errorf("a second claim: %v, taken %v", err, d.Taken())
			}
		})
	})
}
