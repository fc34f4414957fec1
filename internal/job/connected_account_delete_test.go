package job_test

import (
	"context"
	"testing"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestConnectedAccountDeleteSettlesQueuedWork deletes the connected account
// of a remote system while a user's deletion and a credential's revocation
// are still queued for it: the account's removal records their events, the
// queued jobs then end without applying anything or recording them again,
// and a reconciliation of the gone system brings nothing back.
func TestConnectedAccountDeleteSettlesQueuedWork(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{noWorkers: true})
		ctx := context.Background()
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote})
		sys := e.A.Systems[0]
		queuedUser, other := sys.AcsUserIDs[0], sys.AcsUserIDs[1]
		queuedCred := sys.CredentialIDs[other][0]
		if err := e.app.Acs.DeleteUser(ctx, principal(e.A), acs.UserRef{AcsUserID: queuedUser}); err != nil {
			t.Fatal(err)
		}
		if err := e.app.Acs.DeleteCredential(ctx, principal(e.A), queuedCred); err != nil {
			t.Fatal(err)
		}
		if n := len(eventsOf(e, event.AcsUserDeleted)); n != 0 {
			t.Fatalf("%d acs_user.deleted events before the access system confirmed", n)
		}
		if err := e.app.Acs.DeleteConnectedAccount(ctx, principal(e.A), e.A.ConnectedAccountID); err != nil {
			t.Fatal(err)
		}
		checkOnePerUser(t, eventsOf(e, event.AcsUserDeleted), sys.AcsUserIDs)
		creds := 0
		for _, ids := range sys.CredentialIDs {
			creds += len(ids)
		}
		checkOnePerCredential(t, eventsOf(e, event.AcsCredentialDeleted), creds)

		e.startWorkers()
		e.eventually("the queued mutations ended", func() (bool, error) {
			jobs, err := e.app.Jobs.JobsOfKind(ctx, "connector_mutation")
			if err != nil {
				return false, err
			}
			done := 0
			for _, j := range jobs {
				if j.State == rivertype.JobStateCompleted {
					done++
				}
			}
			return done == 2 && len(jobs) == 2, nil
		})
		rep, err := e.app.Acs.Reconcile(ctx, e.A.WorkspaceID, sys.AcsSystemID)
		if err != nil || rep != (acs.ReconcileReport{}) {
			t.Errorf("reconciling the removed system: %+v, %v; want nothing done", rep, err)
		}
		users, _, err := e.app.Acs.ListUsers(ctx, principal(e.A), client.AcsUsersListParams{})
		if err != nil || len(users) != 0 {
			t.Errorf("users after the removal: %d, %v", len(users), err)
		}
		checkOnePerUser(t, eventsOf(e, event.AcsUserDeleted), sys.AcsUserIDs)
		checkOnePerCredential(t, eventsOf(e, event.AcsCredentialDeleted), creds)
		// W_B's system, of the same shape, is untouched.
		if users, _, err := e.app.Acs.ListUsers(ctx, principal(e.B), client.AcsUsersListParams{}); err != nil || len(users) != len(e.B.Systems[0].AcsUserIDs) {
			t.Errorf("W_B's users: %d, %v", len(users), err)
		}
	})
}

func checkOnePerCredential(t *testing.T, events []client.Event, want int) {
	t.Helper()
	seen := map[string]int{}
	for _, ev := range events {
		seen[ev.AcsCredentialID]++
		if seen[ev.AcsCredentialID] > 1 {
			t.Errorf("credential %s: two acs_credential.deleted events", ev.AcsCredentialID)
		}
	}
	if len(seen) != want {
		t.Errorf("%d credentials with an acs_credential.deleted event, want %d", len(seen), want)
	}
}
