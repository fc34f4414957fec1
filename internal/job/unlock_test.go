package job_test

import (
	"context"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/job"
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
		sys := e.A.Systems[0]
		err := st.InTx(ctx, func(tx *store.Tx) error {
			// The seeded doors open with codes only; this one takes cloud keys.
			_, err := tx.SQL().ExecContext(ctx, `UPDATE acs_entrances SET can_unlock_with_cloud_key = TRUE
				WHERE workspace_id = $1 AND acs_entrance_id = $2`, e.A.WorkspaceID, sys.EntranceIDs[0])
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// Issued while the system is inline, so that only the unlock waits.
		cred, err := e.app.Acs.CreateCredential(ctx, principal(e.A), client.AcsCredentialsCreateParams{
			AcsUserID: sys.AcsUserIDs[0], AccessMethod: "cloud_key"})
		if err != nil {
			t.Fatal(err)
		}
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote,
			OutageUntil: e.clock.Now().Add(30 * time.Minute).UnixMilli()})
		a, err := e.app.Acs.UnlockEntrance(ctx, principal(e.A), client.AcsEntrancesUnlockParams{
			AcsEntranceID: sys.EntranceIDs[0], AcsCredentialID: cred.AcsCredentialID})
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
	})
}
