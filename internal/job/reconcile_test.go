package job_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sync/atomic"
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

func (e *env) reconcile() acs.ReconcileReport {
	e.t.Helper()
	rep, err := e.app.Acs.Reconcile(context.Background(), e.A.WorkspaceID, e.A.Systems[0].AcsSystemID)
	if err != nil {
		e.t.Fatal(err)
	}
	return rep
}

func (e *env) getUser(id string) (client.AcsUser, error) {
	return e.app.Acs.GetUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: id})
}

func (e *env) listUsers() []client.AcsUser {
	e.t.Helper()
	users, _, err := e.app.Acs.ListUsers(context.Background(), principal(e.A), client.AcsUsersListParams{AcsSystemID: e.A.Systems[0].AcsSystemID})
	if err != nil {
		e.t.Fatal(err)
	}
	return users
}

func (e *env) externalID(userID string) string {
	e.t.Helper()
	var ext string
	if err := e.st.DB().QueryRowContext(context.Background(), `SELECT external_id FROM acs_users WHERE acs_user_id = $1`, userID).Scan(&ext); err != nil {
		e.t.Fatal(err)
	}
	return ext
}

func (e *env) provider(fn func(ctx context.Context, tx *store.Tx, ws, sys string) error) {
	e.t.Helper()
	ctx := context.Background()
	if err := e.st.InTx(ctx, func(tx *store.Tx) error {
		return fn(ctx, tx, e.A.WorkspaceID, e.A.Systems[0].AcsSystemID)
	}); err != nil {
		e.t.Fatal(err)
	}
}

func hasWarning(u client.AcsUser, code string) bool {
	return slices.ContainsFunc(u.Warnings, func(w client.AcsWarning) bool { return w.WarningCode == code })
}

func hasError(u client.AcsUser, code string) bool {
	return slices.ContainsFunc(u.Errors, func(x client.AcsError) bool { return x.ErrorCode == code })
}

// TestNoResurrection deletes a user the access system still holds: a sync
// that still lists it does not bring it back, before or after the deletion
// is final, nor when the system holds its external id again.
func TestNoResurrection(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{noWorkers: true})
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote})
		id := e.A.Systems[0].AcsUserIDs[0]
		ext := e.externalID(id)
		if err := e.app.Acs.DeleteUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: id}); err != nil {
			t.Fatal(err)
		}

		// The push has not run: the system still lists the user.
		rep := e.reconcile()
		if rep.InFlight != 1 || rep.Requeued != 0 || rep.DeletesFinished != 0 {
			t.Errorf("reconcile while the deletion is queued: %+v", rep)
		}
		if u, err := e.getUser(id); err != nil || !hasWarning(u, "being_deleted") {
			t.Fatalf("user after a sync that still sees it: %+v, %v; want it still being deleted", u, err)
		}
		if n := len(e.listUsers()); n != 3 {
			t.Fatalf("%d users listed, want 3 (the one being deleted included, nothing new)", n)
		}

		// The push runs; a sync after it changes nothing.
		e.startWorkers()
		e.eventually("deletion final", func() (bool, error) {
			_, err := e.getUser(id)
			return lintel.ErrorCode(err) == "acs_user_not_found", nil
		})
		if rep := e.reconcile(); rep.Tombstoned != 0 || rep.Requeued != 0 || rep.DeletedExternally != 0 {
			t.Errorf("reconcile after the deletion: %+v", rep)
		}

		// The system holds the external id again: lintel does not bring
		// the tombstone back.
		e.provider(func(ctx context.Context, tx *store.Tx, ws, sys string) error {
			name := "Back from the dead"
			return tx.SandboxPutUser(ctx, ws, sys, store.SandboxUser{ExternalID: ext, FullName: &name})
		})
		if rep := e.reconcile(); rep.Tombstoned != 1 {
			t.Errorf("reconcile with the external id back: %+v, want 1 tombstoned", rep)
		}
		if _, err := e.getUser(id); lintel.ErrorCode(err) != "acs_user_not_found" {
			t.Fatalf("deleted user after a sync that sees it again: %v, want acs_user_not_found", err)
		}
		listed := e.listUsers()
		if len(listed) != 2 {
			t.Errorf("%d users listed after the sync, want the other 2", len(listed))
		}
		for _, u := range listed {
			if u.AcsUserID == id || u.FullName == "Back from the dead" {
				t.Fatalf("the deleted user came back: %+v", u)
			}
		}
		checkOnePerUser(t, eventsOf(e, event.AcsUserDeleted), []string{id})
	})
}

// TestNoResurrectionRandom runs random interleavings of deletions, syncs,
// pushes that fail or succeed, outages, and a system that re-creates
// deleted users or loses users: a user deleted in lintel never shows again
// as an active user, and once the faults stop everything converges.
func TestNoResurrectionRandom(t *testing.T) {
	t.Parallel()
	steps := map[bool]int{false: 400, true: 60}[raceEnabled]
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{users: 40})
		r := rand.New(rand.NewPCG(1, 2))
		ids := e.A.Systems[0].AcsUserIDs
		ext := map[string]string{}
		for _, id := range ids {
			ext[id] = e.externalID(id)
		}
		deleted := map[string]bool{}
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote, FailRate: 0.5})
		for range steps {
			id := ids[r.IntN(len(ids))]
			switch op := r.IntN(10); {
			case op < 3:
				err := e.app.Acs.DeleteUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: id})
				if err != nil && lintel.ErrorCode(err) != "acs_user_not_found" {
					t.Fatal(err)
				}
				if err == nil {
					deleted[id] = true
				}
			case op < 6:
				if _, err := e.app.Acs.Reconcile(context.Background(), e.A.WorkspaceID, e.A.Systems[0].AcsSystemID); err != nil &&
					!errors.Is(err, connector.ErrUnavailable) {
					t.Fatal(err)
				}
			case op < 8:
				// The system re-creates a user, deleted or not.
				e.provider(func(ctx context.Context, tx *store.Tx, ws, sys string) error {
					return tx.SandboxPutUser(ctx, ws, sys, store.SandboxUser{ExternalID: ext[id]})
				})
			case op < 9:
				// The system loses a user.
				e.provider(func(ctx context.Context, tx *store.Tx, ws, sys string) error {
					return tx.SandboxDeleteUser(ctx, ws, sys, ext[id])
				})
			default:
				e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote, FailRate: r.Float64()})
			}
			for d := range deleted {
				u, err := e.getUser(d)
				if err == nil && !hasWarning(u, "being_deleted") {
					t.Fatalf("deleted user %s is active again: %+v", d, u)
				}
				if err != nil && lintel.ErrorCode(err) != "acs_user_not_found" {
					t.Fatal(err)
				}
			}
		}

		// The faults stop: deletions complete, syncs settle.
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote})
		e.eventually("converged", func() (bool, error) {
			if _, err := e.app.Acs.Reconcile(context.Background(), e.A.WorkspaceID, e.A.Systems[0].AcsSystemID); err != nil {
				return false, err
			}
			for d := range deleted {
				if _, err := e.getUser(d); lintel.ErrorCode(err) != "acs_user_not_found" {
					return false, nil
				}
			}
			return true, nil
		})
		ev := eventsOf(e, event.AcsUserDeleted)
		var want []string
		for d := range deleted {
			want = append(want, d)
		}
		checkOnePerUser(t, ev, want)
		// Every live user is held by the system, or carries deleted_externally.
		held := map[string]bool{}
		e.view(func(ctx context.Context, tx *store.Tx) error {
			ps, err := tx.SandboxUsers(ctx, e.A.WorkspaceID, e.A.Systems[0].AcsSystemID)
			for _, p := range ps {
				held[p.ExternalID] = true
			}
			return err
		})
		live := e.listUsers()
		if len(live) != len(ids)-len(deleted) {
			t.Errorf("%d users listed, want %d (%d of %d deleted)", len(live), len(ids)-len(deleted), len(deleted), len(ids))
		}
		for _, u := range live {
			if !held[ext[u.AcsUserID]] && !hasError(u, "deleted_externally") {
				t.Errorf("user %s: not held by the system and not marked deleted_externally: %+v", u.AcsUserID, u)
			}
		}
	})
}

// TestReconcileRacesACreate creates a user while a
// reconciliation that repairs the page is between its two reads: on
// PostgreSQL each statement of a write transaction sees what has committed
// when it starts. Reading the system before lintel found the new user in
// lintel but not on the system, and invalidated its credential as deleted
// outside lintel (seen as a live access grant losing its credential after
// a restart in TestAccessGrantsSurviveSIGKILL). On SQLite the repair holds
// the only writer, so the create could not commit in between: PostgreSQL
// only.
func TestReconcileRacesACreate(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		if st.Dialect() != store.Postgres {
			t.Skip("a SQLite transaction reads one snapshot")
		}
		t.Parallel()
		var calls atomic.Int32
		var created client.AcsUser
		var e *env
		e = newEnv(t, st, envOptions{listed: func(sys store.AcsSystem) {
			// The first listing is the read-only comparison; the second is
			// the repair's, inside its write transaction.
			if calls.Add(1) != 2 {
				return
			}
			ctx := context.Background()
			u, err := e.app.Acs.CreateUser(ctx, principal(e.A), client.AcsUsersCreateParams{
				AcsSystemID: sys.AcsSystemID, FullName: "Created during the repair"})
			if err != nil {
				t.Errorf("create during the repair: %v", err)
				return
			}
			created = u
		}})
		// A user the system lost makes the page need a repair.
		gone := e.A.Systems[0].AcsUserIDs[0]
		ext := e.externalID(gone)
		e.provider(func(ctx context.Context, tx *store.Tx, ws, sys string) error {
			return tx.SandboxDeleteUser(ctx, ws, sys, ext)
		})
		if rep := e.reconcile(); rep.DeletedExternally != 1 || rep.PagesRepaired != 1 {
			t.Fatalf("reconcile: %+v, want the lost user deleted externally, in a repair", rep)
		}
		if created.AcsUserID == "" {
			t.Fatal("no user was created during the repair")
		}
		u, err := e.getUser(created.AcsUserID)
		if err != nil || hasError(u, "deleted_externally") {
			t.Fatalf("user created during the repair: %+v, %v; want it live without deleted_externally", u, err)
		}
		if u, err := e.getUser(gone); err != nil || !hasError(u, "deleted_externally") {
			t.Errorf("lost user: %+v, %v; want deleted_externally", u, err)
		}
		if rep := e.reconcile(); rep.DeletedExternally != 0 {
			t.Errorf("second reconcile: %+v, want nothing deleted externally", rep)
		}
	})
}

// TestDeletedExternally removes a managed user at the access system: the
// next sync marks it deleted_externally and invalidates its credentials,
// with one event each, once.
func TestDeletedExternally(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{})
		id := e.A.Systems[0].AcsUserIDs[0]
		ext := e.externalID(id)
		e.provider(func(ctx context.Context, tx *store.Tx, ws, sys string) error {
			return tx.SandboxDeleteUser(ctx, ws, sys, ext)
		})
		if rep := e.reconcile(); rep.DeletedExternally != 1 {
			t.Fatalf("reconcile: %+v, want 1 deleted externally", rep)
		}
		u, err := e.getUser(id)
		if err != nil || !hasError(u, "deleted_externally") {
			t.Fatalf("user: %+v, %v; want the deleted_externally error", u, err)
		}
		invalidated := eventsOf(e, event.AcsCredentialInvalid)
		if len(invalidated) != 2 {
			t.Fatalf("%d acs_credential.invalidated, want 2", len(invalidated))
		}
		for _, ev := range invalidated {
			if ev.AcsUserID != id || !slices.Contains(e.A.Systems[0].CredentialIDs[id], ev.AcsCredentialID) {
				t.Errorf("event %+v is not about the user's credentials", ev)
			}
		}
		var live int
		if err := st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM acs_credentials
			WHERE acs_user_id = $1 AND invalidated_at IS NULL`, id).Scan(&live); err != nil || live != 0 {
			t.Errorf("%d credentials still in service (%v)", live, err)
		}
		if rep := e.reconcile(); rep.DeletedExternally != 0 {
			t.Errorf("second reconcile: %+v, want nothing new", rep)
		}
		if n := len(eventsOf(e, event.AcsCredentialInvalid)); n != 2 {
			t.Errorf("%d acs_credential.invalidated after a second sync, want still 2", n)
		}
		if n := len(u.Errors); n != 1 {
			t.Errorf("%d errors, want 1", n)
		}
	})
}

// TestReconcileRepairsDrift changes a user's details at the access system
// behind lintel's back: the sync pushes lintel's version again.
func TestReconcileRepairsDrift(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{})
		id := e.A.Systems[0].AcsUserIDs[1]
		ext := e.externalID(id)
		e.provider(func(ctx context.Context, tx *store.Tx, ws, sys string) error {
			name := "Somebody else"
			return tx.SandboxPutUser(ctx, ws, sys, store.SandboxUser{ExternalID: ext, FullName: &name, IsSuspended: true})
		})
		if rep := e.reconcile(); rep.Requeued != 1 {
			t.Fatalf("reconcile: %+v, want 1 update pushed", rep)
		}
		u, err := e.getUser(id)
		if err != nil {
			t.Fatal(err)
		}
		e.view(func(ctx context.Context, tx *store.Tx) error {
			ps, err := tx.SandboxUsers(ctx, e.A.WorkspaceID, e.A.Systems[0].AcsSystemID)
			held := false
			for _, p := range ps {
				if p.ExternalID != ext {
					continue
				}
				held = true
				if p.FullName == nil || *p.FullName != u.FullName || p.IsSuspended {
					t.Errorf("the system holds %+v after the repair, want %q, not suspended", p, u.FullName)
				}
			}
			if err == nil && !held {
				t.Errorf("the system no longer holds the user (external id %s) after the repair", ext)
			}
			return err
		})
		if rep := e.reconcile(); rep.Requeued != 0 {
			t.Errorf("second reconcile: %+v, want nothing to repair", rep)
		}
	})
}

// TestReconcileAfterSwitchToInline fails a deletion on a remote sandbox,
// switches the sandbox back to inline, and reconciles: the deletion is
// completed on the system and made final, with its events recorded once.
func TestReconcileAfterSwitchToInline(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{backoff: job.Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond, Attempts: 2}})
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote, FailRate: 1})
		id := e.A.Systems[0].AcsUserIDs[0]
		if err := e.app.Acs.DeleteUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: id}); err != nil {
			t.Fatal(err)
		}
		e.eventually("the deletion failed", func() (bool, error) {
			u, err := e.getUser(id)
			return err == nil && hasError(u, "failed_to_delete_on_acs_system"), err
		})
		e.setSandbox(e.A, 0, connector.SandboxConfig{})
		if rep := e.reconcile(); rep.DeletesFinished != 1 {
			t.Errorf("reconcile: %+v, want the deletion finished", rep)
		}
		if _, err := e.getUser(id); lintel.ErrorCode(err) != "acs_user_not_found" {
			t.Fatalf("after the reconciliation: %v, want acs_user_not_found", err)
		}
		if rep := e.reconcile(); rep.DeletesFinished != 0 {
			t.Errorf("second reconcile: %+v", rep)
		}
		checkOnePerUser(t, eventsOf(e, event.AcsUserDeleted), []string{id})
		if n := len(eventsOf(e, event.AcsCredentialDeleted)); n != 2 {
			t.Errorf("%d acs_credential.deleted, want 2", n)
		}
		e.checkProviderUsers(len(e.A.Systems[0].AcsUserIDs) - 1)
	})
}

// TestReconcileJobsChain lets the reconcile job run in slices of one page
// (1,200 users: three pages of 500): each job queues the rest of its system
// as a job of its own, and the chain reaches the last page, where a user
// the access system lost is marked deleted_externally.
func TestReconcileJobsChain(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		// The loss is made before the workers start, and with them the
		// reconciliation of every system.
		e := newEnv(t, st, envOptions{users: 1200, noWorkers: true, reconcileEvery: time.Hour, reconcileSlice: time.Nanosecond})
		sys := e.A.Systems[0]
		last, lastExt := "", ""
		for _, id := range sys.AcsUserIDs {
			if ext := e.externalID(id); ext > lastExt {
				last, lastExt = id, ext
			}
		}
		e.provider(func(ctx context.Context, tx *store.Tx, ws, s string) error {
			return tx.SandboxDeleteUser(ctx, ws, s, lastExt)
		})
		e.startWorkers()
		for i := 0; ; i++ {
			u, err := e.getUser(last)
			if err == nil && hasError(u, "deleted_externally") {
				break
			}
			if i == 300 {
				t.Fatalf("after 30 s the last user is %+v (%v); want deleted_externally", u, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		var chained int
		if err := st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM river_job
			WHERE kind = 'acs_reconcile' AND args ->> 'after' IS NOT NULL`).Scan(&chained); err != nil || chained < 2 {
			t.Errorf("%d reconcile jobs continued a system (%v); want at least 2 per 3-page system", chained, err)
		}
	})
}

// TestReconcileAllSkipsSystemsUnderWay: the periodic job does not start a
// system over while a chain of its reconciliation is still half-way; the
// other systems get their reconciliation as usual.
func TestReconcileAllSkipsSystemsUnderWay(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{noWorkers: true, reconcileEvery: time.Hour})
		ctx := context.Background()
		busy, idle := e.A.Systems[0], e.B.Systems[0]
		// The rest of busy's chain waits for its turn, an hour away.
		if err := e.app.Jobs.QueueReconcileRest(ctx, e.A.WorkspaceID, busy.AcsSystemID, "m", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		e.startWorkers() // the periodic job runs on start
		e.eventually("the periodic reconciliation ran", func() (bool, error) {
			jobs, err := e.app.Jobs.JobsOfKind(ctx, "acs_reconcile_all")
			if err != nil || len(jobs) == 0 {
				return false, err
			}
			return jobs[0].State == rivertype.JobStateCompleted, nil
		})
		fresh := e.freshReconciliations()
		if fresh[busy.AcsSystemID] != 0 || fresh[idle.AcsSystemID] != 1 {
			t.Errorf("reconciliations started from the first page: %d of the system under way (want 0), %d of the other (want 1)",
				fresh[busy.AcsSystemID], fresh[idle.AcsSystemID])
		}
	})
}

// TestConnectedAccountSync: connected_accounts/sync queues a reconciliation
// of each of the account's systems, once while it is under way, and the
// workers then run it.
func TestConnectedAccountSync(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{noWorkers: true})
		ctx := context.Background()
		fresh := e.freshReconciliations
		a, b := e.A.Systems[0].AcsSystemID, e.B.Systems[0].AcsSystemID
		for range 2 { // the second request finds the first still queued
			if err := e.app.Acs.SyncConnectedAccount(ctx, principal(e.A), e.A.ConnectedAccountID); err != nil {
				t.Fatal(err)
			}
		}
		if got := fresh(); got[a] != 1 || got[b] != 0 {
			t.Errorf("reconciliations queued: %v; want one of W_A's system %s and none of W_B's", got, a)
		}
		// W_B's account is not W_A's to sync.
		if err := e.app.Acs.SyncConnectedAccount(ctx, principal(e.A), e.B.ConnectedAccountID); err == nil {
			t.Error("W_A synced W_B's connected account")
		}
		if got := fresh(); got[b] != 0 {
			t.Errorf("W_B's system got a reconciliation: %v", got)
		}
		e.startWorkers()
		e.eventually("the reconciliation ran", func() (bool, error) {
			jobs, err := e.app.Jobs.JobsOfKind(ctx, "acs_reconcile")
			if err != nil || len(jobs) == 0 {
				return false, err
			}
			for _, j := range jobs {
				if j.State != rivertype.JobStateCompleted {
					return false, nil
				}
			}
			return true, nil
		})
	})
}

// freshReconciliations counts, by system, the reconcile jobs that start
// from the first page (whatever their state).
func (e *env) freshReconciliations() map[string]int {
	e.t.Helper()
	jobs, err := e.app.Jobs.JobsOfKind(context.Background(), "acs_reconcile")
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]int{}
	for _, j := range jobs {
		sys, after, err := job.ReconcileArgsOf(j)
		if err != nil {
			e.t.Fatal(err)
		}
		if after == "" {
			out[sys]++
		}
	}
	return out
}
