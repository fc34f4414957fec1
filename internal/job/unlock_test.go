package job_test

import (
	"context"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestUnlockBudgetSpent: an unlock queued to a system that stays down past
// the retry budget ends its action attempt in error, and W_B cannot see
// the attempt.
func TestUnlockBudgetSpent(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{backoff: job.Backoff{Base: time.Millisecond, Max: 4 * time.Millisecond, Attempts: 4, Jitter: 0.2}})
		ctx := context.Background()
		sys, cred := e.cloudKeyDoor()
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote,
			OutageUntil: e.clock.Now().Add(30 * time.Minute).UnixMilli()})
		a, err := e.app.Acs.UnlockEntrance(ctx, principal(e.A), client.AcsEntrancesUnlockParams{
			AcsEntranceID: sys.EntranceIDs[0], AcsCredentialID: cred})
		if err != nil || a.Status != client.ActionAttemptStatusPending {
			t.Fatalf("UnlockEntrance = %+v, %v; want a pending attempt", a, err)
		}
		e.eventually("the attempt failed", func() (bool, error) {
			got, err := e.app.Attempts.Get(ctx, principal(e.A), a.ActionAttemptID)
			if err != nil {
				return false, err
			}
			if got.Status == client.ActionAttemptStatusPending {
				return false, nil
			}
			if got.Status != client.ActionAttemptStatusError || got.Error == nil || got.Error.Type != "failed_to_unlock_on_acs_system" ||
				string(got.Result) != "null" {
				t.Errorf("attempt = %+v", got)
			}
			return true, nil
		})
		e.checkJobsSettled("connector_mutation", "cancelled", 4)
		if _, err := e.app.Attempts.Get(ctx, principal(e.B), a.ActionAttemptID); err == nil {
			t.Error("W_B sees W_A's attempt")
		}
		e.checkAttemptEvents(a.ActionAttemptID, "action_attempt.unlock_door.failed", client.ActionAttemptStatusError)
	})
}

// TestQueuedUnlockSucceeds: an unlock queued to a remote-like system that
// answers ends its attempt in success once a worker has it, with one
// action_attempt.unlock_door.succeeded event.
func TestQueuedUnlockSucceeds(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{noWorkers: true})
		ctx := context.Background()
		sys, cred := e.cloudKeyDoor()
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote})
		a, err := e.app.Acs.UnlockEntrance(ctx, principal(e.A), client.AcsEntrancesUnlockParams{
			AcsEntranceID: sys.EntranceIDs[0], AcsCredentialID: cred})
		if err != nil || a.Status != client.ActionAttemptStatusPending {
			t.Fatalf("UnlockEntrance = %+v, %v; want a pending attempt", a, err)
		}
		// No event while the attempt is pending.
		e.checkAttemptEvents(a.ActionAttemptID, "", "")
		e.startWorkers()
		e.eventually("the attempt succeeded", func() (bool, error) {
			got, err := e.app.Attempts.Get(ctx, principal(e.A), a.ActionAttemptID)
			if err != nil || got.Status == client.ActionAttemptStatusPending {
				return false, err
			}
			if got.Status != client.ActionAttemptStatusSuccess {
				t.Errorf("attempt = %+v", got)
			}
			return true, nil
		})
		e.checkAttemptEvents(a.ActionAttemptID, "action_attempt.unlock_door.succeeded", client.ActionAttemptStatusSuccess)
	})
}

// cloudKeyDoor makes W_A's first system's first entrance open with cloud
// keys and issues one to the system's first user while the system is
// inline, so that only what the test does next waits on the connector.
func (e *env) cloudKeyDoor() (seed.SeededSystem, string) {
	e.t.Helper()
	ctx := context.Background()
	sys := e.A.Systems[0]
	err := e.st.InTx(ctx, func(tx *store.Tx) error {
		// The seeded doors open with codes only; this one takes cloud keys.
		_, err := tx.SQL().ExecContext(ctx, `UPDATE acs_entrances SET can_unlock_with_cloud_key = TRUE
			WHERE workspace_id = $1 AND acs_entrance_id = $2`, e.A.WorkspaceID, sys.EntranceIDs[0])
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	cred, err := e.app.Acs.CreateCredential(ctx, principal(e.A), client.AcsCredentialsCreateParams{
		AcsUserID: sys.AcsUserIDs[0], AccessMethod: "cloud_key"})
	if err != nil {
		e.t.Fatal(err)
	}
	return sys, cred.AcsCredentialID
}

// checkAttemptEvents checks that W_A's only action attempt event about
// the attempt is of eventType with status (none if eventType is ""), and
// that W_B has none.
func (e *env) checkAttemptEvents(attemptID, eventType, status string) {
	e.t.Helper()
	types := []string{"action_attempt.unlock_door.succeeded", "action_attempt.unlock_door.failed"}
	for _, ws := range []seed.Workspace{e.A, e.B} {
		evs, err := e.app.EventLog.List(context.Background(), principal(ws),
			client.EventsListParams{Since: "2000-01-01T00:00:00.000Z", EventTypes: types})
		if err != nil {
			e.t.Fatal(err)
		}
		var got []client.Event
		for _, ev := range evs {
			if ev.ActionAttemptID == attemptID {
				got = append(got, ev)
			}
		}
		want := 1
		if eventType == "" || ws.WorkspaceID != e.A.WorkspaceID {
			want = 0
		}
		if len(got) != want {
			e.t.Errorf("%s has %d events about attempt %s, want %d: %+v", ws.WorkspaceID, len(got), attemptID, want, got)
			continue
		}
		if want == 1 && (got[0].EventType != eventType || got[0].Status != status || got[0].ActionType != "UNLOCK_DOOR") {
			e.t.Errorf("event %+v, want %s with status %s", got[0], eventType, status)
		}
	}
}
