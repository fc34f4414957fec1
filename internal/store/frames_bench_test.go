package store_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/bench/seed"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// BenchmarkDeleteWALFrames reports how many pages a user's deletion adds to
// SQLite's write-ahead log (wal-frames/delete): every one is written at
// commit and copied by the checkpoint, so it is the delete's I/O, free of
// the machine's noise. Users with two credentials and one membership are
// deleted in random order by 16 callers, as the load generator does (the
// pages they share with others' commits are counted once per commit), and
// by one caller, where every delete is a commit of its own and every page
// it touches is written (and synced) for it alone. -k0 users have no
// credential and no group: the equal work of bench/README.md.
func BenchmarkDeleteWALFrames(b *testing.B) {
	for _, work := range []struct {
		name          string
		creds, groups int
	}{{"k2g1", 2, 1}, {"k0g0", 0, 0}} {
		for _, callers := range []int{16, 1} {
			b.Run(fmt.Sprintf("%s/c=%d", work.name, callers), func(b *testing.B) {
				deleteWALFrames(b, work.creds, work.groups, callers)
			})
		}
	}
}

func deleteWALFrames(b *testing.B, creds, groups, callers int) {
	ctx := context.Background()
	st := storetest.SQLite(b)
	t, _, err := seed.NewSandbox(ctx, st, 2, "")
	if err != nil {
		b.Fatal(err)
	}
	ids, err := seed.Users(ctx, st, t, b.N+2000, creds, groups, 1000, true, nil)
	if err != nil {
		b.Fatal(err)
	}
	rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	svc := acs.NewService(st, connector.NewRegistry(map[string]connector.Connector{
		connector.SandboxName: connector.Sandbox{}}), event.NewRecorder(), slog.New(slog.DiscardHandler))
	p := lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: t.WorkspaceID, ActorID: lintel.NewID()}
	walFrames := store.WALFrames(b, st)
	walTables := store.WALTables(b, st)
	pages := map[string]int{}
	b.ResetTimer()
	// Chunks of 100: the log starts over at most once per checkpoint
	// interval, and a chunk during which it did is not counted.
	var frames, counted int
	for start := 0; start < b.N; start += 100 {
		chunk := ids[start:min(start+100, b.N)]
		before, err := walFrames()
		if err != nil {
			b.Fatal(err)
		}
		var wg sync.WaitGroup
		next := make(chan string)
		for range callers {
			wg.Go(func() {
				for id := range next {
					if err := svc.DeleteUser(ctx, p, acs.UserRef{AcsUserID: id}); err != nil {
						b.Error(err)
					}
				}
			})
		}
		for _, id := range chunk {
			next <- id
		}
		close(next)
		wg.Wait()
		after, err := walFrames()
		if err != nil {
			b.Fatal(err)
		}
		if after >= before {
			frames += after - before
			counted += len(chunk)
			b.StopTimer()
			tables, err := walTables(ctx, before, after)
			if err != nil {
				b.Fatal(err)
			}
			for name, n := range tables {
				pages[name] += n
			}
			b.StartTimer()
		}
	}
	if counted > 0 {
		b.ReportMetric(float64(frames)/float64(counted), "wal-frames/delete")
		// Where they go: each table's pages, its indexes included, written
		// per delete (a page written twice in one commit counts once).
		for name, n := range pages {
			if per := float64(n) / float64(counted); per >= 0.05 {
				b.ReportMetric(per, strings.ReplaceAll(name, " ", "_")+"-pages/delete")
			}
		}
	}
}
