package acs_test

import (
	"context"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestQueuedMutationsNameTheirRequest: a mutation queued for a system that
// answers later carries the id of the request that caused it, so that the
// worker's log lines can be tied to the request's.
func TestQueuedMutationsNameTheirRequest(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	svc, q, w, p := remoteWorkspace(t, st)
	ctx := lintel.WithRequestID(context.Background(), "req-42")
	if err := svc.DeleteUser(ctx, p, acs.UserRef{AcsUserID: w.Systems[0].AcsUserIDs[0]}); err != nil {
		t.Fatal(err)
	}
	if len(q.held) != 1 || q.held[0].RequestID != "req-42" {
		t.Fatalf("queued %+v; want one mutation naming req-42", q.held)
	}
}
