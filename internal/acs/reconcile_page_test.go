package acs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestReconcileWalksPages reconciles a system in pages far smaller than it
// and checks that every user is compared exactly once and every repair is
// made, as in one pass.
func TestReconcileWalksPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ws, sys := seedReconcileSystem(t, st, 23)
		// The system loses 5 users and holds 4 it was never told about.
		err := st.InTx(ctx, func(tx *store.Tx) error {
			for _, id := range sys.AcsUserIDs[:5] {
				u, err := tx.AcsUser(ctx, ws.WorkspaceID, id)
				if err != nil {
					return err
				}
				if err := tx.SandboxDeleteUser(ctx, ws.WorkspaceID, sys.AcsSystemID, u.ExternalID); err != nil {
					return err
				}
			}
			for i := range 4 {
				if err := tx.SandboxPutUser(ctx, ws.WorkspaceID, sys.AcsSystemID, store.SandboxUser{ExternalID: fmt.Sprintf("%s-%d", lintel.NewID(), i)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		defer acs.SetReconcilePageSize(3)()
		s := acs.NewService(st, connector.NewRegistry(map[string]connector.Connector{connector.SandboxName: connector.Sandbox{}}), event.NewRecorder(), nil)
		rep, err := s.Reconcile(ctx, ws.WorkspaceID, sys.AcsSystemID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Checked != 23 || rep.DeletedExternally != 5 || rep.Unknown != 4 || rep.PagesRepaired == 0 {
			t.Errorf("report %+v; want 23 checked, 5 deleted externally, 4 unknown, pages repaired", rep)
		}
		// A second pass finds nothing new to repair.
		rep, err = s.Reconcile(ctx, ws.WorkspaceID, sys.AcsSystemID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Checked != 23 || rep.DeletedExternally != 0 || rep.Unknown != 4 || rep.PagesRepaired != 0 {
			t.Errorf("second report %+v; want 23 checked, nothing deleted externally again, 4 unknown, "+
				"every page only read", rep)
		}
	})
}

// TestReconcileFromResumes reconciles a system in slices: each call stops
// after the page that crosses its time limit and says where the rest
// starts; the slices together do what one whole pass does.
func TestReconcileFromResumes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ws, sys := seedReconcileSystem(t, st, 10)
		err := st.InTx(ctx, func(tx *store.Tx) error {
			u, err := tx.AcsUser(ctx, ws.WorkspaceID, sys.AcsUserIDs[7])
			if err != nil {
				return err
			}
			return tx.SandboxDeleteUser(ctx, ws.WorkspaceID, sys.AcsSystemID, u.ExternalID)
		})
		if err != nil {
			t.Fatal(err)
		}
		defer acs.SetReconcilePageSize(3)()
		s := acs.NewService(st, connector.NewRegistry(map[string]connector.Connector{connector.SandboxName: connector.Sandbox{}}), event.NewRecorder(), nil)
		var total acs.ReconcileReport
		after, slices := "", 0
		for {
			rep, rest, err := s.ReconcileFrom(ctx, ws.WorkspaceID, sys.AcsSystemID, after,
				acs.ReconcileLimits{For: time.Nanosecond, Pause: 0.5})
			if err != nil {
				t.Fatal(err)
			}
			slices++
			total.Checked += rep.Checked
			total.DeletedExternally += rep.DeletedExternally
			if rest == "" {
				break
			}
			if rest <= after {
				t.Fatalf("slice %d stopped at %q, not past %q", slices, rest, after)
			}
			if slices > 10 {
				t.Fatal("no end after 10 slices")
			}
			after = rest
		}
		if slices < 3 || total.Checked != 10 || total.DeletedExternally != 1 {
			t.Errorf("%d slices, %+v; want several slices, 10 checked, 1 deleted externally", slices, total)
		}
		// A context that ends during the pause between pages ends the call.
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, _, err := s.ReconcileFrom(cctx, ws.WorkspaceID, sys.AcsSystemID, "", acs.ReconcileLimits{Pause: 1}); err == nil {
			t.Error("a cancelled reconciliation answered no error")
		}
	})
}

// seedReconcileSystem seeds a workspace with one code system of n users.
func seedReconcileSystem(t *testing.T, st *store.Store, n int) (seed.Workspace, seed.SeededSystem) {
	t.Helper()
	var ws seed.Workspace
	err := st.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		ws, err = seed.Seed(context.Background(), tx, seed.Options{Name: "R", Systems: []seed.System{{Name: "R",
			ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS", AccessMethod: "code", Users: n,
			CredentialsPerUser: 1}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ws, ws.Systems[0]
}
