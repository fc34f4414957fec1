package job_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// outageUsers is the number of users deleted during an outage: 100, or 20
// under the race detector.
var outageUsers = map[bool]int{false: 100, true: 20}[raceEnabled]

// deleteAll deletes every seeded user of workspace A's system, 8 at a time.
func (e *env) deleteAll() []string {
	e.t.Helper()
	ids := e.A.Systems[0].AcsUserIDs
	p := principal(e.A)
	var wg sync.WaitGroup
	errs := make([]error, len(ids))
	sem := make(chan struct{}, 8)
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = e.app.Acs.DeleteUser(context.Background(), p, acs.UserRef{AcsUserID: id})
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		e.t.Fatal(err)
	}
	return ids
}

// checkDeleting checks that a user shows its pending deletion, and that its
// credentials already left service.
func (e *env) checkDeleting(id string) client.AcsUser {
	e.t.Helper()
	u, err := e.app.Acs.GetUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: id})
	if err != nil {
		e.t.Fatalf("get %s while its deletion is pending: %v", id, err)
	}
	if !slices.ContainsFunc(u.PendingMutations, func(m client.PendingMutation) bool { return m.MutationCode == "deleting" }) {
		e.t.Errorf("user %s: pending_mutations %+v, want deleting", id, u.PendingMutations)
	}
	if !slices.ContainsFunc(u.Warnings, func(w client.AcsWarning) bool { return w.WarningCode == "being_deleted" }) {
		e.t.Errorf("user %s: warnings %+v, want being_deleted", id, u.Warnings)
	}
	return u
}

func eventsOf(e *env, eventType string) []client.Event {
	var out []client.Event
	e.view(func(ctx context.Context, tx *store.Tx) error {
		rows, err := tx.ListEvents(ctx, e.A.WorkspaceID, store.EventFilter{EventTypes: []string{eventType}, Limit: 100_000})
		for _, r := range rows {
			ev, err := event.Present(r)
			if err != nil {
				return err
			}
			out = append(out, ev)
		}
		return err
	})
	return out
}

// TestOutage deletes 100 users with credentials while their access system
// is down: each shows "deleting" and being_deleted, its credentials are out
// of service at once, the retries back off, and once the outage ends every
// deletion completes with exactly one acs_user.deleted per user.
func TestOutage(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{users: outageUsers})
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote,
			OutageUntil: e.clock.Now().Add(30 * time.Minute).UnixMilli()})
		ids := e.deleteAll()
		for _, id := range ids {
			e.checkDeleting(id)
		}
		e.checkCredentialsOutOfService(ids)
		if got := len(eventsOf(e, event.AcsUserDeleted)); got != 0 {
			t.Fatalf("%d acs_user.deleted during the outage, want 0", got)
		}
		e.checkProviderUsers(outageUsers)

		// The retries back off: wait until one job has failed five times,
		// then check the gaps grew (never earlier than scheduled).
		var row jobAttempts
		e.eventually("five failed attempts", func() (bool, error) {
			var err error
			row, err = e.mostAttempted("connector_mutation")
			return len(row.errors) >= 5, err
		})
		for i := 1; i < 5; i++ {
			gap := row.errors[i].Sub(row.errors[i-1])
			floor := time.Duration(float64(testBackoff.Base<<(i-1)) * (1 - testBackoff.Jitter))
			if gap < floor {
				t.Errorf("gap before attempt %d: %v, shorter than the back-off floor %v", i+1, gap, floor)
			}
		}

		e.clock.Advance(31 * time.Minute)
		e.eventually("every deletion final", func() (bool, error) {
			users, _, err := e.app.Acs.ListUsers(context.Background(), principal(e.A), client.AcsUsersListParams{AcsSystemID: e.A.Systems[0].AcsSystemID})
			return len(users) == 0, err
		})
		for _, id := range ids {
			_, err := e.app.Acs.GetUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: id})
			if lintel.ErrorCode(err) != "acs_user_not_found" {
				t.Fatalf("get %s after its deletion: %v, want acs_user_not_found", id, err)
			}
		}
		checkOnePerUser(t, eventsOf(e, event.AcsUserDeleted), ids)
		if got, want := len(eventsOf(e, event.AcsCredentialDeleted)), 2*outageUsers; got != want {
			t.Errorf("%d acs_credential.deleted, want %d", got, want)
		}
		e.checkProviderUsers(0)
		e.checkQueueDrained()
		// Workspace B saw none of it.
		var bEvents []store.Event
		e.view(func(ctx context.Context, tx *store.Tx) error {
			var err error
			bEvents, err = tx.ListEvents(ctx, e.B.WorkspaceID, store.EventFilter{Limit: 1000})
			return err
		})
		if len(bEvents) != 0 {
			t.Errorf("workspace B has %d events", len(bEvents))
		}
	})
}

// TestOutageBudgetSpent keeps the system down past the retry budget: every
// user then carries failed_to_delete_on_acs_system, is still being deleted,
// and no acs_user.deleted is recorded. Once the system is back, a
// reconciliation completes the deletions.
func TestOutageBudgetSpent(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{users: outageUsers,
			backoff: job.Backoff{Base: time.Millisecond, Max: 4 * time.Millisecond, Attempts: 4, Jitter: 0.2}})
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote,
			OutageUntil: e.clock.Now().Add(30 * time.Minute).UnixMilli()})
		ids := e.deleteAll()
		e.eventually("every deletion failed", func() (bool, error) {
			for _, id := range ids {
				u, err := e.app.Acs.GetUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: id})
				if err != nil {
					return false, err
				}
				if !slices.ContainsFunc(u.Errors, func(x client.AcsError) bool { return x.ErrorCode == "failed_to_delete_on_acs_system" }) {
					return false, nil
				}
			}
			return true, nil
		})
		for _, id := range ids {
			u, err := e.app.Acs.GetUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: id})
			if err != nil {
				t.Fatal(err)
			}
			if len(u.PendingMutations) != 0 {
				t.Errorf("user %s: pending %+v after the budget is spent, want none", id, u.PendingMutations)
			}
			if !slices.ContainsFunc(u.Warnings, func(w client.AcsWarning) bool { return w.WarningCode == "being_deleted" }) {
				t.Errorf("user %s: warnings %+v, want being_deleted", id, u.Warnings)
			}
			if n := len(u.Errors); n != 1 {
				t.Errorf("user %s: %d errors, want 1: %+v", id, n, u.Errors)
			}
		}
		e.checkCredentialsOutOfService(ids)
		if got := len(eventsOf(e, event.AcsUserDeleted)); got != 0 {
			t.Fatalf("%d acs_user.deleted after failed deletions, want 0", got)
		}
		e.checkJobsSettled("connector_mutation", "cancelled", 4)

		// The system is back: reconciliation pushes the deletions again.
		e.clock.Advance(31 * time.Minute)
		rep, err := e.app.Acs.Reconcile(context.Background(), e.A.WorkspaceID, e.A.Systems[0].AcsSystemID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Requeued != outageUsers {
			t.Errorf("reconciliation requeued %d deletions, want %d", rep.Requeued, outageUsers)
		}
		e.eventually("every deletion final after reconciliation", func() (bool, error) {
			users, _, err := e.app.Acs.ListUsers(context.Background(), principal(e.A), client.AcsUsersListParams{AcsSystemID: e.A.Systems[0].AcsSystemID})
			return len(users) == 0, err
		})
		checkOnePerUser(t, eventsOf(e, event.AcsUserDeleted), ids)
		e.checkProviderUsers(0)
	})
}

// checkCredentialsOutOfService checks that the users' credentials were
// invalidated with their deletion request.
func (e *env) checkCredentialsOutOfService(userIDs []string) {
	e.t.Helper()
	e.view(func(ctx context.Context, tx *store.Tx) error {
		for _, id := range userIDs {
			u, err := tx.AcsUser(ctx, e.A.WorkspaceID, id)
			if err != nil {
				return err
			}
			if u.DeleteRequestedAt == nil {
				e.t.Fatalf("user %s: no deletion requested", id)
			}
			creds, err := tx.CredentialIDsInvalidatedWithUser(ctx, e.A.WorkspaceID, id, *u.DeleteRequestedAt)
			if err != nil {
				return err
			}
			if len(creds) != len(e.A.Systems[0].CredentialIDs[id]) {
				e.t.Errorf("user %s: %d credentials invalidated with the deletion, want %d", id, len(creds), len(e.A.Systems[0].CredentialIDs[id]))
			}
		}
		return nil
	})
}

func (e *env) checkProviderUsers(want int) {
	e.t.Helper()
	e.view(func(ctx context.Context, tx *store.Tx) error {
		held, err := tx.SandboxUsers(ctx, e.A.WorkspaceID, e.A.Systems[0].AcsSystemID)
		if len(held) != want {
			e.t.Errorf("the access system holds %d users, want %d", len(held), want)
		}
		return err
	})
}

// checkQueueDrained checks that no mutation is left waiting or stuck.
func (e *env) checkQueueDrained() {
	e.t.Helper()
	e.checkJobsSettled("connector_mutation", "completed", 0)
}

// checkJobsSettled waits for every job of a kind to reach a final state
// (River records it just after the worker returns), then checks it is the
// given one, after the given number of attempts (0: any).
func (e *env) checkJobsSettled(kind, state string, attempts int) {
	e.t.Helper()
	var jobs []*rivertype.JobRow
	e.eventually("jobs settled", func() (bool, error) {
		var err error
		jobs, err = e.app.Jobs.JobsOfKind(context.Background(), kind)
		for _, j := range jobs {
			if j.FinalizedAt == nil {
				return false, err
			}
		}
		return true, err
	})
	if len(jobs) == 0 {
		e.t.Errorf("no %s jobs", kind)
	}
	for _, j := range jobs {
		if string(j.State) != state || (attempts > 0 && j.Attempt != attempts) {
			e.t.Errorf("job %d: %s after %d attempts, want %s (after %d)", j.ID, j.State, j.Attempt, state, attempts)
		}
	}
}

func checkOnePerUser(t *testing.T, events []client.Event, ids []string) {
	t.Helper()
	seen := map[string]int{}
	for _, ev := range events {
		seen[ev.AcsUserID]++
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("user %s: %d acs_user.deleted events, want 1", id, seen[id])
		}
	}
	if len(events) != len(ids) {
		t.Errorf("%d acs_user.deleted events, want %d", len(events), len(ids))
	}
}

type jobAttempts struct {
	id     int64
	errors []time.Time
}

// mostAttempted returns the attempt times of the job of a kind that failed
// most often.
func (e *env) mostAttempted(kind string) (jobAttempts, error) {
	jobs, err := e.app.Jobs.JobsOfKind(context.Background(), kind)
	var best jobAttempts
	for _, j := range jobs {
		if len(j.Errors) > len(best.errors) {
			best = jobAttempts{id: j.ID}
			for _, x := range j.Errors {
				best.errors = append(best.errors, x.At)
			}
		}
	}
	return best, err
}
