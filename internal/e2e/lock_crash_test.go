package e2e

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

const lockCrashKey = "seam_crashlocks1_token"

// TestLockActionsSurviveSIGKILL kills the real binary with SIGKILL while
// locks/lock_door and locks/unlock_door run concurrently on sandbox locks
// in remote mode (each action a pending action attempt that a worker of
// the same process pushes to the lock), restarting it after each kill
// with a short rescue time. After every kill, each acknowledged action
// attempt is still there (its job with it); once a clean run has worked
// the queue, each one has succeeded, with exactly one lock.locked or
// lock.unlocked event naming it, no device mutation is left queued,
// lintel's locked state is the lock's, and `lintel reconcile` finds
// nothing to correct.
func TestLockActionsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	rounds := max(3, crashPoints(t)/4)
	for _, b := range storetest.DurableBackends(t) {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.URL(t)
			locks := seedRemoteLocksForCrash(t, dsn)
			jobFlags := []string{"--job-timeout", "3s", "--job-rescue-after", "4s", "--job-poll-interval", "200ms",
				"--reconcile-every", "0"}
			acked := map[string]lockAction{} // action_attempt_id → what it asked
			for round := range rounds {
				srv := startServer(t, dsn, nil, jobFlags...)
				var actions []lockAction
				for i := range 120 {
					path := "/locks/unlock_door"
					if rand.IntN(2) == 0 {
						path = "/locks/lock_door"
					}
					actions = append(actions, lockAction{device: locks[i%len(locks)], path: path})
				}
				got := lockActionsConcurrently(t, srv, actions, 12, 10+rand.IntN(50))
				for id, a := range got {
					acked[id] = a
				}
				t.Logf("round %d: %d lock actions acknowledged before SIGKILL", round, len(got))
				for id := range acked {
					if n := countRows(t, dsn, `SELECT COUNT(*) FROM action_attempts WHERE action_attempt_id = $1`, id); n != 1 {
						t.Errorf("acknowledged action attempt %s lost after the kill (%d rows)", id, n)
					}
				}
			}

			// A clean run works off what the kills left: stuck jobs are rescued.
			srv := startServer(t, dsn, nil, jobFlags...)
			// Bounded by the backlog the kills left: each lock works off its
			// actions one at a time, in remote mode with latency, after River
			// rescues the jobs cut off. With CI's 5 rounds under -race on
			// durable PostgreSQL this passed the shared 2-minute bound.
			waitWithin(t, 8*time.Minute, "every acknowledged action attempt to end", func() bool {
				return countRows(t, dsn, `SELECT COUNT(*) FROM action_attempts WHERE status = 'pending'
					AND action_type IN ('LOCK_DOOR', 'UNLOCK_DOOR')`) == 0
			})
			srv.stop(t)
			for id, a := range acked {
				if n := countRows(t, dsn, `SELECT COUNT(*) FROM action_attempts WHERE action_attempt_id = $1
					AND status = 'success'`, id); n != 1 {
					t.Errorf("acknowledged %s %s did not succeed", a.path, id)
				}
				if n := countRows(t, dsn, `SELECT COUNT(*) FROM events WHERE event_type IN ('lock.locked', 'lock.unlocked')
					AND payload LIKE $1`, `%"action_attempt_id":"`+id+`"%`); n != 1 {
					t.Errorf("acknowledged %s %s has %d lock events, want 1", a.path, id, n)
				}
			}
			// Every attempt that succeeded, acknowledged or not, has its event
			// once: none applied twice after a rescue.
			if ok, events := countRows(t, dsn, `SELECT COUNT(*) FROM action_attempts WHERE status = 'success'
				AND action_type IN ('LOCK_DOOR', 'UNLOCK_DOOR')`), countRows(t, dsn,
				`SELECT COUNT(*) FROM events WHERE event_type IN ('lock.locked', 'lock.unlocked')`); ok != events {
				t.Errorf("%d lock actions succeeded, %d lock events", ok, events)
			}
			if n := countRows(t, dsn, `SELECT COUNT(*) FROM queued_mutations`); n != 0 {
				t.Errorf("%d device mutations still queued after the queue was worked off", n)
			}
			checkLocksAgree(t, dsn, locks)
			for _, lock := range locks {
				var rep struct {
					Devices struct{ Checked, Removed, Drifted int } `json:"devices_reconciliation"`
				}
				out := runLintelOutput(t, nil, "reconcile", "--database", dsn, "--device_id", lock)
				if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Devices.Checked == 0 ||
					rep.Devices.Drifted+rep.Devices.Removed != 0 {
					t.Errorf("reconcile --device_id %s = %s (%v); want devices checked and nothing to correct", lock, out, err)
				}
			}
			checkLocksAgree(t, dsn, locks)
			t.Logf("%s: %d rounds, %d lock actions acknowledged, 0 lost (else an error above)", b.Name, rounds, len(acked))
		})
	}
}

type lockAction struct{ device, path string }

// seedRemoteLocksForCrash seeds the locks of seedLocksForCrash, puts every
// one that locks remotely in remote mode with a little latency, and returns
// them.
func seedRemoteLocksForCrash(t *testing.T, dsn string) []string {
	t.Helper()
	locks := seedLocksForCrash(t, dsn, lockCrashKey, func(d store.Device) bool { return d.CanRemotelyLock && d.CanRemotelyUnlock })
	for _, lock := range locks {
		runLintel(t, nil, "sandbox", "set-faults", "--database", dsn, "--device_id", lock, "--mode", "remote", "--latency", "20ms")
	}
	return locks
}

// lockActionsConcurrently sends lock actions and returns the action
// attempts answered 200 (pending: the lock is remote), by id.
func lockActionsConcurrently(t *testing.T, srv *server, actions []lockAction, c, killAfter int) map[string]lockAction {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	var mu sync.Mutex
	out := map[string]lockAction{}
	runConcurrently(srv, actions, c, killAfter, func(a lockAction) bool {
		status, raw, ok := crashCall(client, srv, lockCrashKey, http.MethodPost, a.path, `{"device_id":"`+a.device+`"}`)
		if !ok {
			return false
		}
		var body struct {
			ActionAttempt struct {
				ActionAttemptID string `json:"action_attempt_id"`
				ActionType      string `json:"action_type"`
			} `json:"action_attempt"`
		}
		if err := json.Unmarshal(raw, &body); err != nil || status != http.StatusOK ||
			body.ActionAttempt.ActionAttemptID == "" {
			t.Errorf("%s %s: status %d, %+v, %v", a.path, a.device, status, body, err)
			return true
		}
		mu.Lock()
		out[body.ActionAttempt.ActionAttemptID] = a
		mu.Unlock()
		return true
	})
	return out
}

// checkLocksAgree checks that lintel's locked state of each lock is the
// simulated lock's.
func checkLocksAgree(t *testing.T, dsn string, locks []string) {
	t.Helper()
	for _, lock := range locks {
		if n := countRows(t, dsn, `SELECT COUNT(*) FROM devices d JOIN sandbox_provider_devices p
			ON p.workspace_id = d.workspace_id AND p.connected_account_id = d.connected_account_id AND p.external_id = d.external_id
			WHERE d.device_id = $1 AND d.locked = p.locked`, lock); n != 1 {
			t.Errorf("lock %s: lintel's locked state is not the lock's", lock)
		}
	}
}

// runLintelOutput runs the binary and returns what it printed.
func runLintelOutput(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("lintel %v: %v\n%s", args, err, out)
	}
	return string(out)
}
