package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// deniedRows reads the denied audit rows of a workspace about a route.
func (s *testServer) deniedRows(workspaceID, path string) []store.AuditRecord {
	s.t.Helper()
	s.app.Denials.Flush() // rows are written after the answer
	var out []store.AuditRecord
	err := s.st.View(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.AuditRecords(context.Background(), workspaceID, path)
		for _, r := range rows {
			if r.Outcome == audit.Denied {
				out = append(out, r)
			}
		}
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// TestDeniedRequestsAreAudited: a refused request of a known actor leaves
// one denied audit row in the actor's workspace, with the actor and the
// reason: 401 with a known key's prefix and a wrong secret, 404 on another
// workspace's id, 400. A token that names no known key leaves none.
func TestDeniedRequestsAreAudited(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		parts := strings.Split(s.A.APIKey, "_") // seam_<short>_<long>
		short := parts[1]
		wrongSecret := "seam_" + short + "_" + strings.Repeat("x", len(parts[2]))
		theirUser := s.B.Systems[0].AcsUserIDs[0]

		for _, c := range []struct {
			name, path, token string
			params            map[string]any
			status            int
			errType, reason   string
		}{
			{"401 with a known key's prefix", "/acs/users/list", wrongSecret, map[string]any{}, 401, "unauthorized", "unauthorized"},
			{"404 on another workspace's id", "/acs/users/get", s.A.APIKey, map[string]any{"acs_user_id": theirUser}, 404,
				"acs_user_not_found", "acs_user_not_found"},
			{"400", "/acs/users/delete", s.A.APIKey, map[string]any{"acs_user_id": "not-a-uuid"}, 400, "invalid_input", "invalid_input"},
			{"401 of a credential the route refuses", "/workspaces/create", s.A.APIKey,
				map[string]any{"name": "x", "connect_partner_name": "x"}, 401, "unauthorized", "unauthorized"},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := s.call(http.MethodPost, c.path, c.token, c.params)
				s.wantError(r, c.status, c.errType)
				rows := s.deniedRows(s.A.WorkspaceID, c.path)
				if len(rows) != 1 {
					t.Fatalf("%d denied rows for %s, want 1", len(rows), c.path)
				}
				row := rows[0]
				if row.ActorKind != string(lintel.AuthAPIKey) || row.ActorID == "" || row.ActorShortToken != short ||
					row.RequestID != r.Header.Get("seam-request-id") || row.SourceIP == "" ||
					!strings.Contains(row.Reason, c.reason) || row.Action != c.path {
					t.Errorf("denied row %+v", row)
				}
				if strings.Contains(row.Reason, parts[2]) || strings.Contains(row.Reason, wrongSecret) {
					t.Errorf("the reason holds a secret: %q", row.Reason)
				}
				if rows := s.deniedRows(s.B.WorkspaceID, c.path); len(rows) != 0 {
					t.Errorf("denied rows in W_B: %+v", rows)
				}
			})
		}
		t.Run("unknown key", func(t *testing.T) {
			s.wantError(s.call(http.MethodPost, "/acs/systems/list", "seam_nosuchkey_"+strings.Repeat("y", 24), map[string]any{}),
				401, "unauthorized")
			for _, ws := range []string{s.A.WorkspaceID, s.B.WorkspaceID} {
				if rows := s.deniedRows(ws, "/acs/systems/list"); len(rows) != 0 {
					t.Errorf("denied rows for a key nobody holds: %+v", rows)
				}
			}
		})
	})
}

var metricLine = regexp.MustCompile(`(?m)^(lintel_audit_denied_\w+_total) (\d+)$`)

// TestDeniedRowsAreBounded: a flood of refused requests from one key writes
// at most a burst of rows and then about one a second; every one left out
// is counted in /metrics.
func TestDeniedRowsAreBounded(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		const flood = 300
		for range flood {
			s.wantError(s.call(http.MethodPost, "/acs/users/get", s.A.APIKey,
				map[string]any{"acs_user_id": s.B.Systems[0].AcsUserIDs[0]}), 404, "acs_user_not_found")
		}
		rows := len(s.deniedRows(s.A.WorkspaceID, "/acs/users/get"))
		rec := httptest.NewRecorder()
		s.app.Metrics().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		body, _ := io.ReadAll(rec.Body)
		got := map[string]int{}
		for _, m := range metricLine.FindAllStringSubmatch(string(body), -1) {
			got[m[1]], _ = strconv.Atoi(m[2])
		}
		recorded, dropped := got["lintel_audit_denied_recorded_total"], got["lintel_audit_denied_dropped_total"]
		t.Logf("%d refused requests: %d denied rows written, %d dropped", flood, rows, dropped)
		if rows < audit.DefaultDenialLimits.Burst || rows >= flood/2 {
			t.Errorf("%d denied rows for %d refused requests, want at least the burst (%d) and far fewer than the requests",
				rows, flood, audit.DefaultDenialLimits.Burst)
		}
		if recorded != rows || recorded+dropped != flood {
			t.Errorf("metrics: recorded %d, dropped %d; want %d and %d", recorded, dropped, rows, flood-rows)
		}
	})
}
