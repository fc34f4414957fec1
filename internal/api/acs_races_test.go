package api_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// race sends n identical requests at once and returns their statuses.
func (s *testServer) race(n int, method, path, body string) []int {
	s.t.Helper()
	statuses := make([]int, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range n {
		done.Add(1)
		go func() {
			defer done.Done()
			req := httptest.NewRequest(method, path, bytes.NewBufferString(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+s.A.APIKey)
			start.Wait()
			rec := httptest.NewRecorder()
			s.h.ServeHTTP(rec, req)
			statuses[i] = rec.Code
		}()
	}
	start.Done()
	done.Wait()
	return statuses
}

func countStatus(statuses []int, status int) int {
	n := 0
	for _, s := range statuses {
		if s == status {
			n++
		}
	}
	return n
}

// TestConcurrentDeletes: of many simultaneous deletes of one credential or
// one access group, exactly one succeeds, with one event and one audit row;
// the others find it gone.
func TestConcurrentDeletes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		sys := s.A.Systems[0]
		cred := sys.CredentialIDs[sys.AcsUserIDs[0]][0]
		group := sys.AccessGroupIDs[0]
		for _, tc := range []struct {
			path, body, id, event string
			filter                store.EventFilter
		}{
			{"/acs/credentials/delete", `{"acs_credential_id":"` + cred + `"}`, cred, "acs_credential.deleted",
				store.EventFilter{AcsCredentialID: cred}},
			{"/acs/access_groups/delete", `{"acs_access_group_id":"` + group + `"}`, group, "acs_access_group.deleted",
				store.EventFilter{AcsAccessGroupID: group}},
		} {
			statuses := s.race(20, http.MethodPost, tc.path, tc.body)
			if countStatus(statuses, 200) != 1 || countStatus(statuses, 404) != 19 {
				t.Errorf("%s: statuses %v; want one 200 and nineteen 404", tc.path, statuses)
			}
			if n := s.events(s.A.WorkspaceID, tc.event, tc.filter); n != 1 {
				t.Errorf("%s: %d %s events, want 1", tc.path, n, tc.event)
			}
			if got := s.audits(s.A.WorkspaceID, tc.id); len(got) != 1 {
				t.Errorf("%s: audit %v, want one row", tc.path, got)
			}
		}
	})
}
