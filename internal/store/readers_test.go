package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestViewSnapshot checks that a View is one snapshot: a commit landing
// while it runs is not seen by its later statements, and is by the next
// View. On SQLite a View's BEGIN and ROLLBACK are statements prepared once
// per connection; if the BEGIN did not take, each statement would see the
// latest commit.
func TestViewSnapshot(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		count := func(tx *store.Tx) int {
			t.Helper()
			n, err := tx.CountWorkspaces(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		newWorkspace(t, st)
		var before, inside int
		err := st.View(ctx, func(tx *store.Tx) error {
			before = count(tx)
			newWorkspace(t, st) // commits on the writer while the View is open
			inside = count(tx)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if inside != before {
			t.Errorf("a View saw a commit made while it ran: %d workspaces, then %d", before, inside)
		}
		var after int
		if err := st.View(ctx, func(tx *store.Tx) error { after = count(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		if after != before+1 {
			t.Errorf("the next View counted %d workspaces, want %d", after, before+1)
		}
		var read int
		if err := st.Read(ctx, func(tx *store.Tx) error { read = count(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		if read != after {
			t.Errorf("Read counted %d workspaces, want %d", read, after)
		}
	})
}

// TestViewsEndTheirTransaction checks that a View that fails or panics
// gives back no connection still inside its transaction (the next View on
// it would see an old snapshot), and that more Views than connections, at
// once, all run.
func TestViewsEndTheirTransaction(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		boom := errors.New("boom")
		// Fail and panic on every connection of the pool at least once.
		for i := range 20 {
			err := st.View(ctx, func(tx *store.Tx) error {
				if _, err := tx.CountWorkspaces(ctx); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("view %d: %v, want boom", i, err)
			}
			func() {
				defer func() {
					if recover() == nil {
						t.Fatal("the panic did not come through")
					}
				}()
				_ = st.View(ctx, func(tx *store.Tx) error {
					if _, err := tx.CountWorkspaces(ctx); err != nil {
						return err
					}
					panic("in view")
				})
			}()
		}
		id := newWorkspace(t, st)
		// Many at once, more than the pool's connections, each holding
		// its connection while the others wait: every one sees the commit.
		const n = 64
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				errs[i] = st.View(ctx, func(tx *store.Tx) error {
					_, err := tx.Workspace(ctx, id)
					return err
				})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("view %d: %v", i, err)
			}
		}
	})
}

// TestViewWaitsForItsContext checks that a View whose context has ended
// does not start, and on SQLite that one waiting for a connection, every
// one held, gives up when its context ends.
func TestViewWaitsForItsContext(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		none := func(tx *store.Tx) error { return nil }
		ended, cancel := context.WithCancel(ctx)
		cancel()
		if err := st.View(ended, none); !errors.Is(err, context.Canceled) {
			t.Errorf("view with an ended context: %v, want canceled", err)
		}
		if st.Dialect() != store.SQLite {
			return
		}
		n := store.ReaderConns(st)
		release := make(chan struct{})
		held := make(chan struct{}, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				_ = st.View(ctx, func(tx *store.Tx) error {
					held <- struct{}{}
					<-release
					return nil
				})
			})
		}
		for range n {
			<-held
		}
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if err := st.View(short, none); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("view with every connection held: %v, want deadline exceeded", err)
		}
		close(release)
		wg.Wait()
		// DurabilitySettings holds every connection at once, each asked on
		// its own: there are n of them, and views run after it.
		settings, err := st.DurabilitySettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		readers := 0
		for _, s := range settings {
			if strings.HasPrefix(s.Connection, "reader ") && s.Name == "synchronous" {
				readers++
			}
		}
		if readers != n {
			t.Errorf("DurabilitySettings asked %d readers, want %d", readers, n)
		}
		if err := st.View(ctx, none); err != nil {
			t.Fatal(err)
		}
	})
}

// newWorkspace commits a new workspace and returns its id.
func newWorkspace(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx := context.Background()
	id := lintel.NewID()
	err := st.InTx(ctx, func(tx *store.Tx) error {
		return tx.CreateWorkspace(ctx, store.Workspace{WorkspaceID: id, Name: "x", CompanyName: "x", CreatedAt: tx.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestDurabilitySettingsTakeTurns checks that callers asking every
// connection at once (a metrics scrape) while others read all finish:
// two that each held part of the read pool would wait for each other.
func TestDurabilitySettingsTakeTurns(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		id := newWorkspace(t, st)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for range 8 {
			wg.Go(func() {
				for range 5 {
					if _, err := st.DurabilitySettings(ctx); err != nil {
						errs <- fmt.Errorf("durability settings: %w", err)
						return
					}
				}
			})
			wg.Go(func() {
				for range 20 {
					err := st.View(ctx, func(tx *store.Tx) error { _, err := tx.Workspace(ctx, id); return err })
					if err != nil {
						errs <- fmt.Errorf("view: %w", err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}
