package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestReadsDoNotWaitForTheWriter holds SQLite's one writer in a
// transaction that does not end, then calls every read route of the
// table: each must answer all the same, with real ids (200) and with none
// (400, whose denied-request audit must not wait for the writer either).
// A read that queued behind the writer would wait for every write before
// it: under load, a read's latency would be the writer's.
func TestReadsDoNotWaitForTheWriter(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	ts := newTestServer(t, st)
	sys := ts.A.Systems[0]
	ids := map[string]any{
		"acs_system_id": sys.AcsSystemID,
		"acs_user_id":   sys.AcsUserIDs[0],
	}
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- st.InTx(context.Background(), func(tx *store.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()

	type call struct {
		path string
		body map[string]any
	}
	var calls []call
	for _, r := range api.Routes() {
		if !isRead(r.Path) || !r.APIKey || !slices.Contains(r.Methods, http.MethodPost) {
			continue
		}
		calls = append(calls, call{r.Path, map[string]any{}})
		body := map[string]any{}
		for _, name := range paramNames(r) {
			if v, ok := ids[name]; ok {
				body[name] = v
			}
		}
		if len(body) > 0 {
			calls = append(calls, call{r.Path, body})
		}
	}
	if len(calls) < 20 {
		t.Fatalf("only %d read calls found in the route table", len(calls))
	}
	answered := 0
	for _, c := range calls {
		b, _ := json.Marshal(c.body)
		req := httptest.NewRequest(http.MethodPost, c.path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+ts.A.APIKey)
		rec := httptest.NewRecorder()
		finished := make(chan struct{})
		go func() {
			ts.h.ServeHTTP(rec, req)
			close(finished)
		}()
		select {
		case <-finished:
			answered++
			if rec.Code >= 500 {
				t.Errorf("%s %v: %d %s", c.path, c.body, rec.Code, rec.Body)
			}
		case <-time.After(20 * time.Second):
			// Let it (and the rest) go, then fail: the read waited for the writer.
			close(release)
			released = true
			<-finished
			t.Fatalf("%s %v did not answer while the writer was held: reads wait behind writes", c.path, c.body)
		}
	}
	close(release)
	released = true
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	t.Logf("%d read calls answered while the writer was held", answered)
}
