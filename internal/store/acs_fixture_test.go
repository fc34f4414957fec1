package store_test

import (
	"context"
	"testing"

	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// seededPair seeds W_A and W_B with the same shape: a card system and a code
// system, each with users, credentials, access groups and entrances.
func seededPair(t *testing.T, st *store.Store) (a, b seed.Workspace) {
	t.Helper()
	systems := []seed.System{
		{Name: "Cards", ExternalType: "visionline_system", ExternalTypeDisplayName: "Visionline", AccessMethod: "card",
			Users: 2, CredentialsPerUser: 2, Groups: 1, Entrances: 2},
		{Name: "Codes", ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS", AccessMethod: "code",
			Users: 2, CredentialsPerUser: 1, Groups: 2, Entrances: 2},
	}
	inTx(t, st, func(tx *store.Tx) error {
		var err error
		if a, err = seed.Seed(context.Background(), tx, seed.Options{Name: "A", IsSandbox: true, Systems: systems}); err != nil {
			return err
		}
		b, err = seed.Seed(context.Background(), tx, seed.Options{Name: "B", IsSandbox: true, Systems: systems})
		return err
	})
	return a, b
}

// view runs fn in a read transaction and fails the test on error.
func view(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := st.View(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}
