package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestStoreErrors provokes each class of store error through the store's
// own methods, on each database, and checks that the class is what callers
// see (errors.Is) while the driver's error stays in the chain.
func TestStoreErrors(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, _ := twoWorkspaces(t, st)
		key := "taken"
		inTx(t, st, func(tx *store.Tx) error {
			return tx.InsertUserIdentity(ctx, a.WorkspaceID, store.UserIdentity{UserIdentityID: lintel.NewID(),
				UserIdentityKey: &key, CreatedAt: tx.Now()})
		})
		event := lintel.NewID()
		inTx(t, st, func(tx *store.Tx) error {
			return tx.InsertEvent(ctx, a.WorkspaceID, heldEvent(tx, event))
		})
		for _, tc := range []struct {
			name string
			run  func() error
			want error
		}{
			{"unique key", func() error {
				return st.InTx(ctx, func(tx *store.Tx) error {
					return tx.InsertUserIdentity(ctx, a.WorkspaceID, store.UserIdentity{UserIdentityID: lintel.NewID(),
						UserIdentityKey: &key, CreatedAt: tx.Now()})
				})
			}, store.ErrConflict},
			{"unique key, seen inside the transaction", func() error {
				var inside error
				err := st.InTx(ctx, func(tx *store.Tx) error {
					inside = tx.InsertUserIdentity(ctx, a.WorkspaceID, store.UserIdentity{UserIdentityID: lintel.NewID(),
						UserIdentityKey: &key, CreatedAt: tx.Now()})
					return inside
				})
				if !errors.Is(inside, store.ErrConflict) {
					t.Errorf("InsertUserIdentity inside the transaction = %v, want ErrConflict", inside)
				}
				return err
			}, store.ErrConflict},
			{"primary key", func() error {
				// On PostgreSQL the insert is held back and fails at commit.
				return st.InTx(ctx, func(tx *store.Tx) error {
					return tx.InsertEvent(ctx, a.WorkspaceID, heldEvent(tx, event))
				})
			}, store.ErrConflict},
			{"write in a read-only transaction", func() error {
				return st.View(ctx, func(tx *store.Tx) error {
					return tx.InsertUserIdentity(ctx, a.WorkspaceID, store.UserIdentity{UserIdentityID: lintel.NewID(),
						CreatedAt: tx.Now()})
				})
			}, store.ErrUnavailable},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := tc.run()
				for _, class := range []error{store.ErrConflict, store.ErrSerialization, store.ErrUnavailable} {
					if is := errors.Is(err, class); is != (class == tc.want) {
						t.Errorf("errors.Is(%v, %v) = %v", err, class, is)
					}
				}
				if errors.Is(err, tc.want) && strings.TrimPrefix(err.Error(), tc.want.Error()+": ") == err.Error() {
					t.Errorf("%v: the driver's error is not kept after the class", err)
				}
			})
		}
	})
}

// TestDiskFull fills a SQLite database (its writer may not grow the file)
// and checks that a write fails with ErrUnavailable, reads keep working,
// and writes work again once there is room, without reopening the store.
func TestDiskFull(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	ctx := context.Background()
	a, _ := twoWorkspaces(t, st)
	var pages int
	if err := st.DB().QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// The write pool is the writer's one connection, where the limit holds.
	if _, err := st.DB().ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 1<<20)
	insert := func(tx *store.Tx) error {
		return tx.InsertUserIdentity(ctx, a.WorkspaceID, store.UserIdentity{UserIdentityID: lintel.NewID(),
			FullName: &big, CreatedAt: tx.Now()})
	}
	err := st.InTx(ctx, insert)
	if !errors.Is(err, store.ErrUnavailable) || errors.Is(err, store.ErrConflict) {
		t.Fatalf("write to a full database = %v, want ErrUnavailable", err)
	}
	view(t, st, func(tx *store.Tx) error {
		_, err := tx.ListUserIdentities(ctx, a.WorkspaceID, store.UserIdentityFilter{}, everything())
		return err
	})
	if _, err := st.DB().ExecContext(ctx, `PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	inTx(t, st, insert)
}

// TestSerializationFailure makes two PostgreSQL serializable transactions
// skew each other's writes: the one that loses fails with a serialization
// failure, classified as ErrSerialization.
func TestSerializationFailure(t *testing.T) {
	t.Parallel()
	if storetest.PostgresURL() == "" {
		t.Skip("LINTEL_TEST_DATABASE_URL is not set")
	}
	st := storetest.Postgres(t)
	ctx := context.Background()
	a, _ := twoWorkspaces(t, st)
	begin := func() *sql.Tx {
		tx, err := st.DB().BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = tx.Rollback() })
		return tx
	}
	t1, t2 := begin(), begin()
	count := `SELECT COUNT(*) FROM user_identities WHERE workspace_id = $1`
	insert := `INSERT INTO user_identities (user_identity_id, workspace_id, created_at) VALUES ($1, $2, 0)`
	var n int
	for _, tx := range []*sql.Tx{t1, t2} {
		if err := tx.QueryRowContext(ctx, count, a.WorkspaceID).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	for _, tx := range []*sql.Tx{t1, t2} {
		if _, err = tx.ExecContext(ctx, insert, lintel.NewID(), a.WorkspaceID); err != nil {
			break
		}
	}
	if err == nil {
		if err = t1.Commit(); err == nil {
			err = t2.Commit()
		}
	}
	if err = store.Classify(err); !errors.Is(err, store.ErrSerialization) {
		t.Errorf("write skew = %v, want ErrSerialization", err)
	}
}

// heldEvent is an event with the given id: inserted twice, the second
// breaks the events' key (on PostgreSQL when it is sent, held back).
func heldEvent(tx *store.Tx, id string) store.Event {
	return store.Event{EventID: id, EventType: "acs_user.deleted", OccurredAt: tx.Now(), CreatedAt: tx.Now(),
		Payload: "{}"}
}
