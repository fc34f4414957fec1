package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

const workerCrashKey = "seam_workercrash1_token"

var workerStarted = regexp.MustCompile(`worker started`)

// TestWorkerSurvivesSIGKILL kills `lintel worker` with SIGKILL while it is
// in the middle of pushing a deletion to a remote sandbox system that
// blocks, then starts a new worker: the stuck job is rescued and run again,
// the deletion completes once, and no job is left running — on every
// backend. The API runs in its own process (`lintel serve
// --workers=false`), as it would when scaled out.
func TestWorkerSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	for _, b := range storetest.DurableBackends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			dsn := b.URL(t)
			raw := make([]byte, 32)
			rand.Read(raw)
			env := []string{"LINTEL_SECRET_KEY=" + hex.EncodeToString(raw)}
			sys, user, ext := seedForWorkerCrash(t, dsn)
			// The access system takes an hour to answer: the push blocks.
			runLintel(t, env, "sandbox", "set-faults", "--database", dsn, "--acs_system_id", sys, "--latency", "1h")

			api := startServer(t, dsn, env, "--workers=false")
			workerArgs := []string{"worker", "--database", dsn, "--log-level", "warn",
				"--job-timeout", "3s", "--job-rescue-after", "4s", "--job-poll-interval", "200ms", "--reconcile-every", "0"}
			worker := startProcess(t, env, workerStarted, workerArgs...)

			if status, body := call(t, api, http.MethodPost, "/acs/users/delete", `{"acs_user_id":"`+user+`"}`); status != 200 {
				t.Fatalf("delete: %d %s", status, body)
			}
			if status, body := call(t, api, http.MethodPost, "/acs/users/get", `{"acs_user_id":"`+user+`"}`); status != 200 ||
				!strings.Contains(body, `"mutation_code":"deleting"`) || !strings.Contains(body, `"warning_code":"being_deleted"`) {
				t.Fatalf("get while the deletion is pending: %d %s", status, body)
			}
			waitFor(t, "the worker to be in the middle of the push", func() bool {
				return jobsIn(t, dsn, "running") == 1
			})
			worker.kill()
			if n := countRows(t, dsn, `SELECT COUNT(*) FROM sandbox_provider_users WHERE external_id = $1`, ext); n != 1 {
				t.Fatalf("the access system lost the user before any push completed (%d rows)", n)
			}

			// The system recovers; a new worker rescues the job and completes it.
			runLintel(t, env, "sandbox", "set-faults", "--database", dsn, "--acs_system_id", sys, "--latency", "0")
			worker = startProcess(t, env, workerStarted, workerArgs...)
			waitFor(t, "the deletion to be final", func() bool {
				status, _ := call(t, api, http.MethodPost, "/acs/users/get", `{"acs_user_id":"`+user+`"}`)
				return status == 404
			})
			if n := countRows(t, dsn, `SELECT COUNT(*) FROM sandbox_provider_users WHERE external_id = $1`, ext); n != 0 {
				t.Errorf("the access system still holds the deleted user")
			}
			for q, want := range map[string]int{
				`SELECT COUNT(*) FROM events WHERE event_type = 'acs_user.deleted' AND acs_user_id = $1`:       1,
				`SELECT COUNT(*) FROM events WHERE event_type = 'acs_credential.deleted' AND acs_user_id = $1`: 2,
				`SELECT COUNT(*) FROM pending_mutations WHERE object_id = $1`:                                  0,
			} {
				if n := countRows(t, dsn, q, user); n != want {
					t.Errorf("%s = %d, want %d", q, n, want)
				}
			}
			if n := countRows(t, dsn, `SELECT COUNT(*) FROM queued_mutations`); n != 0 {
				t.Errorf("%d queued mutations left", n)
			}
			waitFor(t, "no job left running", func() bool {
				return jobsIn(t, dsn, "running", "available", "retryable", "scheduled") == 0
			})
			if n := countRows(t, dsn, `SELECT COUNT(*) FROM river_job WHERE kind = 'connector_mutation' AND state = 'completed' AND attempt >= 2`); n != 1 {
				t.Errorf("%d completed mutations after a rescue, want 1 (the one the killed worker held)", n)
			}
			worker.stop(t)
			api.stop(t)
		})
	}
}

// seedForWorkerCrash seeds a sandbox workspace with one system of two
// users holding two credentials each, and returns the system, a user and
// the user's id in the access system.
func seedForWorkerCrash(t *testing.T, dsn string) (sys, user, ext string) {
	t.Helper()
	ctx := context.Background()
	withStore(t, dsn, func(st *store.Store) {
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		err := st.InTx(ctx, func(tx *store.Tx) error {
			ws, err := seed.Seed(ctx, tx, seed.Options{Name: "Worker crash", IsSandbox: true, APIKey: workerCrashKey,
				Systems: []seed.System{{Name: "Remote", ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS site",
					AccessMethod: "code", Users: 2, CredentialsPerUser: 2}}})
			if err != nil {
				return err
			}
			sys, user = ws.Systems[0].AcsSystemID, ws.Systems[0].AcsUserIDs[0]
			u, err := tx.AcsUser(ctx, ws.WorkspaceID, user)
			ext = u.ExternalID
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	return sys, user, ext
}

// runLintel runs one administration command of the binary to completion.
func runLintel(t *testing.T, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(cmd.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lintel %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// call sends a JSON body with the worker crash workspace's key.
func call(t *testing.T, srv *server, method, path, body string) (int, string) {
	t.Helper()
	return callWith(t, srv, workerCrashKey, method, path, body)
}

// callWith sends a JSON body with a key.
func callWith(t *testing.T, srv *server, key, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(raw)
}

// jobsIn counts the connector mutation jobs in the given states.
func jobsIn(t *testing.T, dsn string, states ...string) int {
	t.Helper()
	n := 0
	for _, s := range states {
		n += countRows(t, dsn, `SELECT COUNT(*) FROM river_job WHERE kind = 'connector_mutation' AND state = $1`, s)
	}
	return n
}

// waitFor polls cond for up to two minutes: a new worker takes over once
// the killed one's leadership expires (about 15 s), then rescues its job.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitWithin(t, 2*time.Minute, what, cond)
}

// waitWithin is waitFor with its own bound.
func waitWithin(t *testing.T, bound time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(bound)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
