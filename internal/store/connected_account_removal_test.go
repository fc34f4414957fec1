package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// rowsOf counts, table by table, the rows of a workspace in the tables a
// removal or a reset empties; it reads raw SQL so as not to trust the
// methods under test.
func rowsOf(t *testing.T, st *store.Store, workspaceID string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"connected_accounts", "devices", "acs_systems", "acs_users", "acs_credentials", "acs_access_groups",
		"acs_entrances", "acs_access_group_members", "acs_access_group_entrances", "acs_user_entrances",
		"acs_credential_entrances", "pending_mutations", "queued_mutations", "sandbox_provider_users",
		"sandbox_provider_credentials", "sandbox_provider_group_members", "sandbox_provider_user_entrances",
		"user_identities", "connect_webviews", "client_sessions", "action_attempts", "events", "api_keys", "webhooks", "audit_log"} {
		var n int
		if err := st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table+` WHERE workspace_id = $1`,
			workspaceID).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

func sameRows(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	for table, n := range want {
		if got[table] != n {
			t.Errorf("%s: %s has %d rows, want %d", what, table, got[table], n)
		}
	}
}

func TestRemoveConnectedAccount(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sys := a.Systems[0]
		// A deletion waiting for the access system, queued, and a final one.
		pending, final := sys.AcsUserIDs[0], a.Systems[1].AcsUserIDs[0]
		lock := func(account string) store.Device {
			return store.Device{DeviceID: lintel.NewID(), ConnectedAccountID: account, ExternalID: "front",
				DeviceType: "august_lock", Name: "Front Door", Manufacturer: "august", ManufacturerDisplayName: "August",
				Model: "Wi-Fi Smart Lock", CustomMetadata: "{}", IsManaged: true}
		}
		aLock := lock(a.ConnectedAccountID)
		inTx(t, st, func(tx *store.Tx) error {
			for _, d := range []struct {
				ws  string
				dev store.Device
			}{{a.WorkspaceID, aLock}, {b.WorkspaceID, lock(b.ConnectedAccountID)}} {
				d.dev.CreatedAt = tx.Now()
				if err := tx.InsertDevice(ctx, d.ws, d.dev); err != nil {
					return err
				}
			}
			if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, pending); err != nil {
				return err
			}
			if err := tx.InsertPendingMutation(ctx, a.WorkspaceID, store.PendingMutation{PendingMutationID: lintel.NewID(),
				ObjectType: "acs_user", ObjectID: pending, MutationCode: "deleting", Message: "m", CreatedAt: tx.Now()}); err != nil {
				return err
			}
			if err := tx.InsertQueuedMutation(ctx, a.WorkspaceID, store.QueuedMutation{JobID: 424242, AcsSystemID: sys.AcsSystemID,
				Subject: "s", ObjectID: pending, Kind: "delete_user", CreatedAt: tx.Now()}); err != nil {
				return err
			}
			_, err := tx.RevokeAcsUserAccess(ctx, a.WorkspaceID, pending)
			if err != nil {
				return err
			}
			if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, final); err != nil {
				return err
			}
			if err := tx.FinishClaimedAcsUserDelete(ctx, a.WorkspaceID, final); err != nil {
				return err
			}
			_, err = tx.RevokeAcsUserAccess(ctx, a.WorkspaceID, final)
			return err
		})
		aBefore, bBefore := rowsOf(t, st, a.WorkspaceID), rowsOf(t, st, b.WorkspaceID)

		// Different workspace: W_B cannot remove W_A's account, and
		// nothing of W_A's changes.
		inTx(t, st, func(tx *store.Tx) error {
			if _, err := tx.RemoveConnectedAccount(ctx, b.WorkspaceID, a.ConnectedAccountID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("RemoveConnectedAccount from W_B: err = %v, want ErrNotFound", err)
			}
			if _, err := tx.RemoveConnectedAccount(ctx, a.WorkspaceID, lintel.NewID()); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("RemoveConnectedAccount of an unknown account: err = %v, want ErrNotFound", err)
			}
			return nil
		})
		sameRows(t, "W_A after W_B's attempt", rowsOf(t, st, a.WorkspaceID), aBefore)

		var got store.AccountRemoval
		inTx(t, st, func(tx *store.Tx) error {
			var err error
			got, err = tx.RemoveConnectedAccount(ctx, a.WorkspaceID, a.ConnectedAccountID)
			return err
		})
		// Seeded: 2 + 2 users, 2×2 + 2×1 credentials, 1 + 2 groups, 2 + 2
		// entrances. The final deletion's user and credential are not
		// listed (their events were recorded then); the pending one's are.
		if len(got.DeviceIDs) != 1 || got.DeviceIDs[0] != aLock.DeviceID {
			t.Errorf("removed devices %v, want [%s]", got.DeviceIDs, aLock.DeviceID)
		}
		want := map[string]int{"systems": 2, "users": 3, "credentials": 5, "groups": 3, "entrances": 4}
		gotN := map[string]int{"systems": len(got.AcsSystemIDs), "users": len(got.AcsUsers), "credentials": len(got.AcsCredentials),
			"groups": len(got.AccessGroups), "entrances": len(got.Entrances)}
		for k, n := range want {
			if gotN[k] != n {
				t.Errorf("removed %d %s, want %d (%+v)", gotN[k], k, n, got)
			}
		}
		for _, u := range got.AcsUsers {
			if u.ID == final {
				t.Errorf("the finally deleted user %s is listed again", final)
			}
		}
		if !containsObject(got.AcsUsers, pending) {
			t.Errorf("the user whose deletion was pending is not listed: %+v", got.AcsUsers)
		}
		after := rowsOf(t, st, a.WorkspaceID)
		for table, n := range after {
			switch table {
			case "user_identities", "events", "api_keys", "webhooks", "audit_log", "client_sessions", "action_attempts",
				"connect_webviews":
				if n != aBefore[table] {
					t.Errorf("%s: %d rows, was %d; a removal leaves it", table, n, aBefore[table])
				}
			default:
				if n != 0 {
					t.Errorf("%s: %d rows of W_A left", table, n)
				}
			}
		}
		sameRows(t, "W_B", rowsOf(t, st, b.WorkspaceID), bBefore)
		view(t, st, func(tx *store.Tx) error {
			if pending, err := tx.QueuedMutationPending(ctx, a.WorkspaceID, 424242); err != nil || pending {
				t.Errorf("queued mutation still pending: %v, %v", pending, err)
			}
			if _, err := tx.AcsSystem(ctx, a.WorkspaceID, sys.AcsSystemID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("system after removal: %v", err)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			if _, err := tx.RemoveConnectedAccount(ctx, a.WorkspaceID, a.ConnectedAccountID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("second removal: err = %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}

func containsObject(objs []store.RemovedObject, id string) bool {
	for _, o := range objs {
		if o.ID == id {
			return true
		}
	}
	return false
}

func TestConnectedAccountDisconnection(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		set := func(ws string, disconnected bool) (bool, error) {
			var changed bool
			err := st.InTx(ctx, func(tx *store.Tx) error {
				var err error
				changed, err = tx.SetConnectedAccountDisconnected(ctx, ws, a.ConnectedAccountID, disconnected)
				return err
			})
			return changed, err
		}
		state := func() bool {
			var ca store.ConnectedAccount
			view(t, st, func(tx *store.Tx) error {
				var err error
				ca, err = tx.ConnectedAccount(ctx, a.WorkspaceID, a.ConnectedAccountID)
				return err
			})
			return ca.DisconnectedAt != nil
		}
		// Different workspace: W_B changes nothing of W_A's.
		if _, err := set(b.WorkspaceID, true); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("disconnect from W_B: err = %v, want ErrNotFound", err)
		}
		if state() {
			t.Error("W_B disconnected W_A's account")
		}
		for _, step := range []struct {
			disconnected, changed bool
		}{{true, true}, {true, false}, {false, true}, {false, false}, {true, true}} {
			changed, err := set(a.WorkspaceID, step.disconnected)
			if err != nil || changed != step.changed || state() != step.disconnected {
				t.Errorf("set disconnected=%v: changed %v, %v, now %v; want changed %v", step.disconnected, changed, err,
					state(), step.changed)
			}
		}
		if _, err := set(b.WorkspaceID, false); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("reconnect from W_B: err = %v, want ErrNotFound", err)
		}
		if !state() {
			t.Error("W_B reconnected W_A's account")
		}
		inTx(t, st, func(tx *store.Tx) error {
			_, err := tx.SetConnectedAccountDisconnected(ctx, a.WorkspaceID, lintel.NewID(), true)
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("unknown account: err = %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}

func TestResetWorkspace(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		aBefore, bBefore := rowsOf(t, st, a.WorkspaceID), rowsOf(t, st, b.WorkspaceID)
		if aBefore["acs_users"] == 0 || aBefore["user_identities"] == 0 || aBefore["api_keys"] == 0 {
			t.Fatalf("seeded too little: %v", aBefore)
		}
		// Different workspace: resetting W_B leaves W_A whole.
		inTx(t, st, func(tx *store.Tx) error { return tx.ResetWorkspace(ctx, b.WorkspaceID) })
		sameRows(t, "W_A after W_B's reset", rowsOf(t, st, a.WorkspaceID), aBefore)
		inTx(t, st, func(tx *store.Tx) error { return tx.ResetWorkspace(ctx, a.WorkspaceID) })
		for table, n := range rowsOf(t, st, a.WorkspaceID) {
			switch table {
			case "api_keys", "webhooks", "audit_log":
				if n != aBefore[table] {
					t.Errorf("%s: %d rows, was %d; a reset keeps it", table, n, aBefore[table])
				}
			default:
				if n != 0 {
					t.Errorf("%s: %d rows left after the reset", table, n)
				}
			}
		}
		view(t, st, func(tx *store.Tx) error {
			if _, err := tx.Workspace(ctx, a.WorkspaceID); err != nil {
				t.Errorf("the workspace itself: %v", err)
			}
			return nil
		})
		if n := rowsOf(t, st, b.WorkspaceID)["api_keys"]; n != bBefore["api_keys"] {
			t.Errorf("W_B's API keys: %d, were %d", n, bBefore["api_keys"])
		}
	})
}
