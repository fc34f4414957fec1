package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestAccessGrantsSurviveSIGKILL kills the real binary with SIGKILL while
// access grants are created concurrently, each for a new user identity on
// two sandbox locks and an entrance of an access system, resolved into a
// PIN code method: two access codes and a credential with one PIN. Then
// while they are deleted. After each kill: every grant whose creation was
// answered 200 exists with its method, its PIN on both locks and on a live
// credential; every grant in the database, acknowledged or not, was
// resolved whole (one method, two codes, one credential) or not at all;
// every grant whose deletion was answered 200 is gone with its method, its
// codes (from lintel and from the locks) and its credential (invalidated);
// no deleted grant left anything behind; and each grant has one
// access_grant.created event and, once deleted, one access_grant.deleted.
func TestAccessGrantsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	for _, b := range storetest.DurableBackends(t) {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.URL(t)
			locks, entrance := seedGrantsForCrash(t, dsn)
			var reqs []grantRequest
			for i := range 80 {
				reqs = append(reqs, grantRequest{email: fmt.Sprintf("guest-%03d@example.com", i), locks: locks, entrance: entrance})
			}
			created := createsSurviveSIGKILL(t, dsn, reqs, func(r grantRequest) string { return r.email }, // email → access_grant_id
				func(srv *server, reqs []grantRequest) map[string]string {
					return createGrantsConcurrently(t, srv, reqs, 8, 10+rand.IntN(30))
				},
				func(created map[string]string) { checkGrantInvariants(t, dsn, created, nil, nil) })
			deleted := deletesSurviveSIGKILL(t, dsn, deleteGrantRoute, created, 8, func() int { return 5 + rand.IntN(20) },
				func(id string) bool {
					return countRows(t, dsn, `SELECT COUNT(*) FROM access_grants WHERE access_grant_id = $1 AND deleted_at IS NOT NULL`, id) == 1
				},
				func(deleted, unsure map[string]bool) { checkGrantInvariants(t, dsn, created, deleted, unsure) })
			checkGrantInvariants(t, dsn, created, deleted, nil)
			for _, id := range created {
				if !deleted[id] {
					t.Errorf("grant %s survived the final run", id)
				}
			}
		})
	}
}

type grantRequest struct {
	email    string
	locks    []string
	entrance string
}

// seedGrantsForCrash fills a new database with a sandbox workspace holding
// Jane's locks and an access system whose entrances open with PINs, and
// returns two locks that take codes and an entrance.
func seedGrantsForCrash(t *testing.T, dsn string) ([]string, string) {
	t.Helper()
	ctx := context.Background()
	var locks []string
	var entrance string
	withStore(t, dsn, func(st *store.Store) {
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		err := st.InTx(ctx, func(tx *store.Tx) error {
			ws, err := seed.Seed(ctx, tx, seed.Options{Name: "Grants", IsSandbox: true, APIKey: codeCrashKey,
				Accounts: seed.SandboxAccounts, Systems: []seed.System{{Name: "Salto KS", ExternalType: "salto_ks_site",
					ExternalTypeDisplayName: "Salto KS site", AccessMethod: "code", Entrances: 1}}})
			if err != nil {
				return err
			}
			entrance = ws.Systems[0].EntranceIDs[0]
			for _, a := range ws.Accounts {
				for _, id := range a.DeviceIDs {
					d, err := tx.Device(ctx, ws.WorkspaceID, id)
					if err != nil {
						return err
					}
					if d.CanProgramOnlineAccessCodes && len(locks) < 2 {
						locks = append(locks, id)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	if len(locks) < 2 || entrance == "" {
		t.Fatalf("seeded locks %v, entrance %q", locks, entrance)
	}
	return locks, entrance
}

// createGrantsConcurrently creates grants and returns those answered 200,
// by email. An email whose earlier creation's outcome was unknown may
// answer conflict: its identity was created then, unacknowledged.
func createGrantsConcurrently(t *testing.T, srv *server, reqs []grantRequest, c, killAfter int) map[string]string {
	t.Helper()
	client := &http.Client{Timeout: 60 * time.Second}
	var mu sync.Mutex
	out := map[string]string{}
	runConcurrently(srv, reqs, c, killAfter, func(r grantRequest) bool {
		body, _ := json.Marshal(map[string]any{"user_identity": map[string]any{"email_address": r.email},
			"device_ids": r.locks, "acs_entrance_ids": []string{r.entrance}, "requested_access_methods": []map[string]any{{"mode": "code"}}})
		status, raw, ok := codeCall(client, srv, "/access_grants/create", string(body))
		if !ok {
			return false
		}
		var got struct {
			AccessGrant struct {
				AccessGrantID   string   `json:"access_grant_id"`
				AccessMethodIDs []string `json:"access_method_ids"`
			} `json:"access_grant"`
			Error struct{ Type string } `json:"error"`
		}
		_ = json.Unmarshal(raw, &got)
		switch {
		case status == http.StatusOK && len(got.AccessGrant.AccessMethodIDs) == 1:
			mu.Lock()
			out[r.email] = got.AccessGrant.AccessGrantID
			mu.Unlock()
		case status == http.StatusConflict && got.Error.Type == "conflict":
		default:
			t.Errorf("create for %s: status %d: %s", r.email, status, raw)
		}
		return true
	})
	return out
}

// deleteGrantRoute deletes an access grant.
var deleteGrantRoute = deleteRoute{path: "/access_grants/delete", idParam: "access_grant_id", notFound: "access_grant_not_found",
	timeout: 60 * time.Second, key: codeCrashKey}

// checkGrantInvariants reads the database directly after a crash.
func checkGrantInvariants(t *testing.T, dsn string, created map[string]string, deleted, unsure map[string]bool) {
	t.Helper()
	for email, id := range created {
		if unsure[id] {
			continue
		}
		live := countRows(t, dsn, `SELECT COUNT(*) FROM access_grants WHERE access_grant_id = $1 AND deleted_at IS NULL`, id)
		switch {
		case deleted[id] && live != 0:
			t.Errorf("grant %s was acknowledged deleted but is live", id)
		case !deleted[id] && live != 1:
			t.Errorf("grant %s (%s) was acknowledged created but is not live", id, email)
		}
	}
	// Every live grant was resolved whole: one live method, whose PIN is on
	// two codes that are set and on their locks, and on one live credential.
	whole := `SELECT COUNT(*) FROM access_grants g WHERE g.deleted_at IS NULL AND NOT (
		(SELECT COUNT(*) FROM access_methods m WHERE m.access_grant_id = g.access_grant_id AND m.deleted_at IS NULL) = 1
		AND (SELECT COUNT(*) FROM access_methods m JOIN access_method_objects o ON o.access_method_id = m.access_method_id
			JOIN access_codes c ON c.access_code_id = o.object_id AND c.code = m.code AND c.status = 'set'
			JOIN sandbox_provider_access_codes p ON p.external_id = c.external_id AND p.code = m.code
			WHERE m.access_grant_id = g.access_grant_id AND m.deleted_at IS NULL AND m.is_issued) = 2
		AND (SELECT COUNT(*) FROM access_methods m JOIN access_method_objects o ON o.access_method_id = m.access_method_id
			JOIN acs_credentials c ON c.acs_credential_id = o.object_id AND c.code = m.code AND c.invalidated_at IS NULL
			WHERE m.access_grant_id = g.access_grant_id AND m.deleted_at IS NULL) = 1)`
	if n := countRows(t, dsn, whole); n != 0 {
		t.Errorf("%d live grants are not resolved whole", n)
	}
	// A deleted grant left nothing behind: no live method, no code, no live
	// credential.
	wantNoRows(t, dsn, map[string]string{
		`SELECT COUNT(*) FROM access_methods m JOIN access_grants g ON g.access_grant_id = m.access_grant_id
			WHERE g.deleted_at IS NOT NULL AND m.deleted_at IS NULL`: "live methods of deleted grants",
		`SELECT COUNT(*) FROM access_method_objects o JOIN access_methods m ON m.access_method_id = o.access_method_id
			JOIN access_codes c ON c.access_code_id = o.object_id WHERE m.deleted_at IS NOT NULL`: "codes of deleted methods",
		`SELECT COUNT(*) FROM access_method_objects o JOIN access_methods m ON m.access_method_id = o.access_method_id
			JOIN acs_credentials c ON c.acs_credential_id = o.object_id
			WHERE m.deleted_at IS NOT NULL AND c.invalidated_at IS NULL`: "live credentials of deleted methods",
		`SELECT COUNT(*) FROM sandbox_provider_access_codes p WHERE NOT EXISTS
			(SELECT 1 FROM access_codes c WHERE c.external_id = p.external_id)`: "codes on a lock that lintel does not know",
		`SELECT COUNT(*) FROM access_codes c WHERE NOT EXISTS (SELECT 1 FROM access_method_objects o
			WHERE o.object_id = c.access_code_id)`: "codes no method was resolved into",
	})
	// And nothing else is there: two codes and one live credential of a
	// grant for each live grant.
	live := countRows(t, dsn, `SELECT COUNT(*) FROM access_grants WHERE deleted_at IS NULL`)
	codes := countRows(t, dsn, `SELECT COUNT(*) FROM access_codes`)
	creds := countRows(t, dsn, `SELECT COUNT(*) FROM acs_credentials c JOIN access_method_objects o ON o.object_id = c.acs_credential_id
		WHERE c.invalidated_at IS NULL`)
	if codes != 2*live || creds != live {
		t.Errorf("%d live grants hold %d codes and %d live credentials, want %d and %d", live, codes, creds, 2*live, live)
	}
	grants := countRows(t, dsn, `SELECT COUNT(*) FROM access_grants`)
	createdEvents := countRows(t, dsn, `SELECT COUNT(*) FROM events WHERE event_type = 'access_grant.created'`)
	distinct := countRows(t, dsn, `SELECT COUNT(DISTINCT access_grant_id) FROM events WHERE event_type = 'access_grant.created'`)
	gone := countRows(t, dsn, `SELECT COUNT(*) FROM access_grants WHERE deleted_at IS NOT NULL`)
	deletedEvents := countRows(t, dsn, `SELECT COUNT(*) FROM events WHERE event_type = 'access_grant.deleted'`)
	if createdEvents != grants || distinct != grants || deletedEvents != gone {
		t.Errorf("%d grants (%d deleted), %d access_grant.created events (%d grants), %d access_grant.deleted",
			grants, gone, createdEvents, distinct, deletedEvents)
	}
}
