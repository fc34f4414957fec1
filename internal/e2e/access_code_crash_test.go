package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

const codeCrashKey = "seam_crashcodes1_token"

// TestAccessCodesSurviveSIGKILL kills the real binary with SIGKILL while
// access codes are created concurrently on sandbox locks, then while they
// are deleted, restarting it after each kill. Every code whose creation was
// answered 200 exists and is on its lock; every code whose deletion was
// answered 200 is gone, from lintel and from the lock; lintel's codes and
// the locks' agree, so reconciliation has nothing to take off a lock; and
// each code has exactly one access_code.created event and, once deleted,
// one access_code.deleted.
func TestAccessCodesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	for _, b := range storetest.DurableBackends(t) {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.URL(t)
			locks := seedLocksForCrash(t, dsn, codeCrashKey, func(d store.Device) bool { return d.CanProgramOnlineAccessCodes })
			// 100 codes on each lock, each a distinct PIN.
			var pins []codeRequest
			for i := range 200 {
				pins = append(pins, codeRequest{device: locks[i%len(locks)], code: fmt.Sprintf("%06d", 100000+i*37)})
			}
			created := createsSurviveSIGKILL(t, dsn, pins, func(r codeRequest) string { return r.code }, // PIN → access_code_id
				func(srv *server, reqs []codeRequest) map[string]string {
					return createCodesConcurrently(t, srv, reqs, 16, 20+rand.IntN(60))
				},
				func(created map[string]string) { checkCodeInvariants(t, dsn, created, nil, nil) })
			deleted := deletesSurviveSIGKILL(t, dsn, deleteCodeRoute, created, 16, func() int { return 10 + rand.IntN(40) },
				func(id string) bool {
					return countRows(t, dsn, `SELECT COUNT(*) FROM access_codes WHERE access_code_id = $1`, id) == 0
				},
				func(deleted, unsure map[string]bool) { checkCodeInvariants(t, dsn, created, deleted, unsure) })
			checkCodeInvariants(t, dsn, created, deleted, nil)
			for _, id := range created {
				if !deleted[id] {
					t.Errorf("code %s survived the final run", id)
				}
			}
		})
	}
}

type codeRequest struct{ device, code string }

// seedLocksForCrash fills a new database with a sandbox workspace holding
// Jane's August and Schlage locks, with the API key given, and returns the
// locks keep keeps (at least two).
func seedLocksForCrash(t *testing.T, dsn, apiKey string, keep func(store.Device) bool) []string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var locks []string
	err = st.InTx(ctx, func(tx *store.Tx) error {
		ws, err := seed.Seed(ctx, tx, seed.Options{Name: "Locks", IsSandbox: true, APIKey: apiKey,
			Accounts: seed.SandboxAccounts})
		if err != nil {
			return err
		}
		for _, a := range ws.Accounts {
			for _, id := range a.DeviceIDs {
				d, err := tx.Device(ctx, ws.WorkspaceID, id)
				if err != nil {
					return err
				}
				if keep(d) {
					locks = append(locks, id)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(locks) < 2 {
		t.Fatalf("seeded locks: %v", locks)
	}
	return locks
}

// codeCall sends one POST with the access code and grant crash tests' key
// (crashCall).
func codeCall(client *http.Client, srv *server, path, body string) (status int, raw []byte, ok bool) {
	return crashCall(client, srv, codeCrashKey, http.MethodPost, path, body)
}

// crashCall sends one request with an API key and reports the status and
// body; ok is false when the kill cut it off.
func crashCall(client *http.Client, srv *server, key, method, path, body string) (status int, raw []byte, ok bool) {
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, false
	}
	defer resp.Body.Close()
	raw, _ = io.ReadAll(resp.Body)
	return resp.StatusCode, raw, true
}

// runConcurrently feeds items to c workers, killing the server once
// killAfter answers have arrived (never if negative).
func runConcurrently[T any](srv *server, items []T, c, killAfter int, do func(T) bool) {
	var answered atomic.Int64
	var killOnce sync.Once
	work := make(chan T)
	var wg sync.WaitGroup
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if !do(it) {
					continue
				}
				if n := answered.Add(1); killAfter >= 0 && n >= int64(killAfter) {
					killOnce.Do(srv.kill)
				}
			}
		}()
	}
	for _, it := range items {
		if !srv.running() {
			break
		}
		work <- it
	}
	close(work)
	wg.Wait()
	if killAfter >= 0 {
		killOnce.Do(srv.kill)
	}
}

// createCodesConcurrently creates codes and returns those answered 200, by
// PIN. A PIN whose earlier creation's outcome was unknown may answer
// duplicate_code_on_device: it was created then, unacknowledged.
func createCodesConcurrently(t *testing.T, srv *server, reqs []codeRequest, c, killAfter int) map[string]string {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	var mu sync.Mutex
	out := map[string]string{}
	runConcurrently(srv, reqs, c, killAfter, func(r codeRequest) bool {
		status, raw, ok := codeCall(client, srv, "/access_codes/create", `{"device_id":"`+r.device+`","code":"`+r.code+`"}`)
		if !ok {
			return false
		}
		var body struct {
			AccessCode struct {
				AccessCodeID string `json:"access_code_id"`
				Status       string `json:"status"`
			} `json:"access_code"`
			Error struct{ Type string } `json:"error"`
		}
		_ = json.Unmarshal(raw, &body)
		switch {
		case status == http.StatusOK && body.AccessCode.Status == "set":
			mu.Lock()
			out[r.code] = body.AccessCode.AccessCodeID
			mu.Unlock()
		case status == http.StatusBadRequest && body.Error.Type == "duplicate_code_on_device":
		default:
			t.Errorf("create %s: status %d: %s", r.code, status, raw)
		}
		return true
	})
	return out
}

// deleteCodeRoute deletes an access code.
var deleteCodeRoute = deleteRoute{path: "/access_codes/delete", idParam: "access_code_id", notFound: "access_code_not_found",
	timeout: 30 * time.Second, key: codeCrashKey}

// checkCodeInvariants reads the database directly after a crash.
func checkCodeInvariants(t *testing.T, dsn string, created map[string]string, deleted, unsure map[string]bool) {
	t.Helper()
	for pin, id := range created {
		if unsure[id] {
			continue
		}
		onLock := countRows(t, dsn, `SELECT COUNT(*) FROM sandbox_provider_access_codes p
			JOIN access_codes c ON c.external_id = p.external_id WHERE c.access_code_id = $1 AND p.code = $2`, id, pin)
		rows := countRows(t, dsn, `SELECT COUNT(*) FROM access_codes WHERE access_code_id = $1`, id)
		gone := countRows(t, dsn, `SELECT COUNT(*) FROM sandbox_provider_access_codes WHERE external_id = $1`, id)
		switch {
		case deleted[id] && (rows != 0 || gone != 0):
			t.Errorf("code %s was acknowledged deleted but lintel holds %d rows and its lock %d codes", id, rows, gone)
		case !deleted[id] && (rows != 1 || onLock != 1):
			t.Errorf("code %s (%s) was acknowledged created but lintel holds %d rows and its lock %d", id, pin, rows, onLock)
		}
	}
	// lintel and the locks agree: what reconciliation would compare.
	wantNoRows(t, dsn, map[string]string{
		`SELECT COUNT(*) FROM sandbox_provider_access_codes p WHERE NOT EXISTS
			(SELECT 1 FROM access_codes c WHERE c.external_id = p.external_id)`: "codes on a lock that lintel does not know",
		`SELECT COUNT(*) FROM access_codes c WHERE c.is_managed AND NOT EXISTS
			(SELECT 1 FROM sandbox_provider_access_codes p WHERE p.external_id = c.external_id)`: "codes lintel holds that their lock does not",
		`SELECT COUNT(*) FROM access_codes WHERE status <> 'set'`: "codes not set on an inline lock",
	})
	// Events: one access_code.created per code ever committed, one
	// access_code.deleted per code gone.
	createdEvents := countRows(t, dsn, `SELECT COUNT(*) FROM events WHERE event_type = 'access_code.created'`)
	distinctCreated := countRows(t, dsn, `SELECT COUNT(DISTINCT access_code_id) FROM events WHERE event_type = 'access_code.created'`)
	deletedEvents := countRows(t, dsn, `SELECT COUNT(*) FROM events WHERE event_type = 'access_code.deleted'`)
	live := countRows(t, dsn, `SELECT COUNT(*) FROM access_codes`)
	if createdEvents != distinctCreated || createdEvents != live+deletedEvents {
		t.Errorf("%d access_code.created events (%d codes), %d access_code.deleted, %d codes live", createdEvents,
			distinctCreated, deletedEvents, live)
	}
	if n := countRows(t, dsn, `SELECT COUNT(*) FROM events e WHERE e.event_type = 'access_code.deleted' AND EXISTS
		(SELECT 1 FROM access_codes c WHERE c.access_code_id = e.access_code_id)`); n != 0 {
		t.Errorf("%d access_code.deleted events of codes that still exist", n)
	}
}
