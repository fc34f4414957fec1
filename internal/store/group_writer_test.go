package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestConcurrentTransactions checks that concurrent write transactions each
// commit or roll back alone, on both databases (group commit on SQLite).
func TestConcurrentTransactions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		const n = 64
		boom := errors.New("boom")
		var wg sync.WaitGroup
		errs := make([]error, n)
		ids := make([]string, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ids[i] = lintel.NewID()
				errs[i] = st.InTx(ctx, func(tx *store.Tx) error {
					err := tx.CreateWorkspace(ctx, store.Workspace{WorkspaceID: ids[i], Name: "x", CompanyName: "x", CreatedAt: tx.Now()})
					if err != nil {
						return err
					}
					if i%3 == 0 {
						return boom // written, then rolled back alone
					}
					if i%7 == 1 {
						// A failing statement inside an otherwise good batch.
						return tx.CreateWorkspace(ctx, store.Workspace{WorkspaceID: ids[i], Name: "dup", CompanyName: "x", CreatedAt: tx.Now()})
					}
					return nil
				})
			}()
		}
		wg.Wait()
		err := st.View(ctx, func(tx *store.Tx) error {
			for i := range n {
				_, err := tx.Workspace(ctx, ids[i])
				switch {
				case i%3 == 0:
					if !errors.Is(errs[i], boom) || !errors.Is(err, store.ErrNotFound) {
						t.Errorf("tx %d: returned %v, row err %v; want rolled back", i, errs[i], err)
					}
				case i%7 == 1:
					if errs[i] == nil || !errors.Is(err, store.ErrNotFound) {
						t.Errorf("tx %d: returned %v, row err %v; want failed and rolled back", i, errs[i], err)
					}
				default:
					if errs[i] != nil || err != nil {
						t.Errorf("tx %d: returned %v, row err %v; want committed", i, errs[i], err)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestPanicInTransaction checks that a panicking transaction is re-raised in
// its caller and leaves the store usable.
func TestPanicInTransaction(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		id := lintel.NewID()
		func() {
			defer func() {
				if recover() == nil {
					t.Error("panic was swallowed")
				}
			}()
			_ = st.InTx(ctx, func(tx *store.Tx) error {
				_ = tx.CreateWorkspace(ctx, store.Workspace{WorkspaceID: id, Name: "p", CompanyName: "p", CreatedAt: tx.Now()})
				panic("boom")
			})
		}()
		err := st.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Workspace(ctx, id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("write of the panicking transaction survived: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestAfterCommit checks that hooks run only for committed transactions.
func TestAfterCommit(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ran := 0
		_ = st.InTx(ctx, func(tx *store.Tx) error { tx.AfterCommit(func() { ran++ }); return nil })
		_ = st.InTx(ctx, func(tx *store.Tx) error { tx.AfterCommit(func() { ran += 10 }); return errors.New("no") })
		if ran != 1 {
			t.Errorf("hooks ran %d, want 1", ran)
		}
	})
}

// TestWriterFinishesWhatItStarted checks that on SQLite a transaction the
// writer has begun runs to its end when its caller's context is cancelled
// halfway (a client that hangs up): every statement still runs, and the
// transaction commits, rather than stopping at whichever statement the
// cancellation happened to reach.
func TestWriterFinishesWhatItStarted(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	ctx, cancel := context.WithCancel(context.Background())
	first, second := lintel.NewID(), lintel.NewID()
	err := st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateWorkspace(ctx, store.Workspace{WorkspaceID: first, Name: "x", CompanyName: "x", CreatedAt: tx.Now()}); err != nil {
			return err
		}
		cancel()
		if err := tx.CreateWorkspace(ctx, store.Workspace{WorkspaceID: second, Name: "y", CompanyName: "y", CreatedAt: tx.Now()}); err != nil {
			return err
		}
		_, err := tx.Workspace(ctx, second)
		return err
	})
	if err != nil {
		t.Fatalf("transaction: %v", err)
	}
	err = st.View(context.Background(), func(tx *store.Tx) error {
		for _, id := range []string{first, second} {
			if _, err := tx.Workspace(context.Background(), id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("after commit: %v", err)
	}
}
