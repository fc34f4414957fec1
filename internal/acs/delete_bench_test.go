package acs_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/bench/seed"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// BenchmarkDeleteUser is the delete transaction on each store, without
// HTTP: a user with two credentials and one access group, deleted on an
// inline sandbox system (credentials invalidated, memberships removed,
// audit row, provider rows, events). "serial" is one caller; "parallel"
// is 16 callers, which on SQLite share group commits.
func BenchmarkDeleteUser(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		for _, mode := range []struct {
			name        string
			parallelism int
		}{{"serial", 0}, {"parallel", 8}} {
			b.Run(be.Name+"/"+mode.name, func(b *testing.B) {
				ctx := context.Background()
				st := be.Open(b)
				t, _, err := seed.NewSandbox(ctx, st, 2, "")
				if err != nil {
					b.Fatal(err)
				}
				ids, err := seed.Users(ctx, st, t, b.N, 2, 1, 1000, true, nil)
				if err != nil {
					b.Fatal(err)
				}
				svc := acs.NewService(st, connector.NewRegistry(map[string]connector.Connector{
					connector.SandboxName: connector.Sandbox{}}), event.NewRecorder(), slog.New(slog.DiscardHandler))
				p := lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: t.WorkspaceID, ActorID: lintel.NewID()}
				b.ReportAllocs()
				b.ResetTimer()
				if mode.parallelism == 0 {
					for _, id := range ids {
						if err := svc.DeleteUser(ctx, p, acs.UserRef{AcsUserID: id}); err != nil {
							b.Fatal(err)
						}
					}
					return
				}
				var next atomic.Int64
				b.SetParallelism(mode.parallelism)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						id := ids[next.Add(1)-1]
						if err := svc.DeleteUser(ctx, p, acs.UserRef{AcsUserID: id}); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}
