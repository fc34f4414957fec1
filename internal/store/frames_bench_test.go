package store_test

import (
	"context"
	"log/slog"
	"math/rand/v2"
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
// deleted in random order by 16 callers, as the load generator does; the
// groups they share with others' commits are counted once per commit.
func BenchmarkDeleteWALFrames(b *testing.B) {
	ctx := context.Background()
	st := storetest.SQLite(b)
	t, _, err := seed.NewSandbox(ctx, st, 2, "")
	if err != nil {
		b.Fatal(err)
	}
	ids, err := seed.Users(ctx, st, t, b.N+2000, 2, 1, 1000, true, nil)
	if err != nil {
		b.Fatal(err)
	}
	rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	svc := acs.NewService(st, connector.NewRegistry(map[string]connector.Connector{
		connector.SandboxName: connector.Sandbox{}}), event.NewRecorder(), slog.New(slog.DiscardHandler))
	p := lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: t.WorkspaceID, ActorID: lintel.NewID()}
	walFrames := store.WALFrames(b, st)
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
		for range 16 {
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
		}
	}
	if counted > 0 {
		b.ReportMetric(float64(frames)/float64(counted), "wal-frames/delete")
	}
}
