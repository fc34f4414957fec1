package acs_test

import (
	"context"
	"fmt"
	"testing"

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
		var ws seed.Workspace
		err := st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			ws, err = seed.Seed(ctx, tx, seed.Options{Name: "R", Systems: []seed.System{{Name: "R", ExternalType: "salto_ks_site",
				ExternalTypeDisplayName: "Salto KS", AccessMethod: "code", Users: 23, CredentialsPerUser: 1}}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sys := ws.Systems[0]
		// The system loses 5 users and holds 4 it was never told about.
		err = st.InTx(ctx, func(tx *store.Tx) error {
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
				if err := tx.SandboxPutUser(ctx, ws.WorkspaceID, sys.AcsSystemID, store.ProviderUser{ExternalID: fmt.Sprintf("%s-%d", lintel.NewID(), i)}); err != nil {
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
