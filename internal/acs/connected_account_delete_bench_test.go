package acs_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// BenchmarkDeleteConnectedAccount is the one transaction of
// connected_accounts/delete on each store, without HTTP, for an account
// whose one system has n users with two credentials each, in access groups
// and with entrances: every row removed and 3n + groups + entrances + 1
// events recorded. Each iteration deletes a freshly seeded account (the
// seeding is not timed).
//
//	go test ./internal/acs/ -run '^$' -bench DeleteConnectedAccount -benchtime 3x
func BenchmarkDeleteConnectedAccount(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		for _, n := range []int{2000, 10000} {
			b.Run(fmt.Sprintf("%s/users=%d", be.Name, n), func(b *testing.B) {
				ctx := context.Background()
				st := be.Open(b)
				svc := acs.NewService(st, connector.NewRegistry(map[string]connector.Connector{
					connector.SandboxName: connector.Sandbox{}}), event.NewRecorder(), slog.New(slog.DiscardHandler))
				for range b.N {
					b.StopTimer()
					var w seed.Workspace
					err := st.InTx(ctx, func(tx *store.Tx) error {
						var err error
						w, err = seed.Seed(ctx, tx, seed.Options{Name: "Bench", IsSandbox: true, Systems: []seed.System{{
							Name: "Salto KS", ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS site",
							AccessMethod: "code", Users: n, CredentialsPerUser: 2, Groups: 4, Entrances: 8}}})
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
					p := lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: w.WorkspaceID, ActorID: lintel.NewID()}
					b.StartTimer()
					if err := svc.DeleteConnectedAccount(ctx, p, w.ConnectedAccountID); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
