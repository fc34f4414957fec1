package job_test

import (
	"context"
	"testing"

	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestReconcileSeededSandboxIsQuiet reconciles every system of the --seed
// sandbox data, as `lintel serve --seed` does at start: the access systems
// hold exactly what lintel wants, so nothing is repaired.
func TestReconcileSeededSandboxIsQuiet(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	key, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(st, key, nil)
	ctx := context.Background()
	var systems []store.AcsSystem
	err = st.InTx(ctx, func(tx *store.Tx) error {
		if _, err := seed.Sandbox(ctx, tx, key); err != nil {
			return err
		}
		systems, err = tx.AllAcsSystems(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(systems) < 3 {
		t.Fatalf("%d seeded systems", len(systems))
	}
	for _, s := range systems {
		rep, err := a.Acs.Reconcile(ctx, s.WorkspaceID, s.AcsSystemID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Checked == 0 {
			t.Errorf("system %s (%s): no user checked", s.AcsSystemID, s.Name)
		}
		if rep.Requeued+rep.DeletesFinished+rep.DeletedExternally+rep.Tombstoned+rep.Unknown+rep.PagesRepaired != 0 {
			t.Errorf("system %s (%s): %+v, want nothing to repair", s.AcsSystemID, s.Name, rep)
		}
	}
}
