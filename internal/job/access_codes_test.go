package job_test

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// codesOnLock lists the codes a simulated lock holds.
func (e *env) codesOnLock(d store.Device) []string {
	e.t.Helper()
	var out []string
	e.view(func(ctx context.Context, tx *store.Tx) error {
		codes, err := tx.SandboxAccessCodes(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
		for _, c := range codes {
			out = append(out, c.Code)
		}
		return err
	})
	slices.Sort(out)
	return out
}

// accessCode reads a code as W_A's API shows it; found is false once it is
// gone.
func (e *env) accessCode(id string) (c client.AccessCode, found bool) {
	e.t.Helper()
	c, err := e.app.AccessCodes.Get(context.Background(), principal(e.A), client.AccessCodesGetParams{AccessCodeID: id})
	if lintel.ErrorCode(err) == "access_code_not_found" {
		return c, false
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return c, true
}

// codeEvents lists the types of W_A's events about an access code, oldest
// first.
func (e *env) codeEvents(id string) []string {
	e.t.Helper()
	evs, _, err := e.app.AccessCodes.Timeline(context.Background(), principal(e.A), client.AccessCodesGetTimelineParams{AccessCodeID: id})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		out = append(out, ev.EventType)
	}
	return out
}

// dueJobs lists the scheduled jobs of a code, by what they do and when.
func (e *env) dueJobs(id string) map[accesscode.Due]*rivertype.JobRow {
	e.t.Helper()
	jobs, err := e.app.Jobs.JobsOfKind(context.Background(), "access_code_due")
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[accesscode.Due]*rivertype.JobRow{}
	for _, j := range jobs {
		due, err := job.DueOf(j)
		if err != nil {
			e.t.Fatal(err)
		}
		if due.AccessCodeID == id {
			out[due] = j
		}
	}
	return out
}

// runDue makes the job of one of a code's times run now and waits until it
// has run (completed, or snoozed until its time).
func (e *env) runDue(due accesscode.Due) {
	e.t.Helper()
	j, ok := e.dueJobs(due.AccessCodeID)[due]
	if !ok {
		e.t.Fatalf("no job for %+v", due)
	}
	before := j.AttemptedAt
	if err := e.app.Jobs.RunNow(context.Background(), j.ID); err != nil {
		e.t.Fatal(err)
	}
	e.eventually("the job ran", func() (bool, error) {
		j := e.dueJobs(due.AccessCodeID)[due]
		ran := j.AttemptedAt != nil && (before == nil || j.AttemptedAt.After(*before))
		return ran && (j.State == rivertype.JobStateCompleted || j.State == rivertype.JobStateScheduled), nil
	})
}

// TestTimeBoundAccessCode: a time-bound code waits, unset and off the
// lock, for its starts_at; jobs scheduled in the transaction that created
// it program it at starts_at and take it off at ends_at, by the domain's
// clock; update moves them (a job for the old time does nothing); a job
// that runs early waits for its time.
func TestTimeBoundAccessCode(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true})
		ctx := context.Background()
		d := e.setLockSandbox(0, connector.SandboxConfig{}, true)
		t0 := e.clock.Now().UTC().Truncate(time.Second)
		starts, ends := t0.Add(time.Hour), t0.Add(3*time.Hour)
		c, aa, err := e.app.AccessCodes.Create(ctx, principal(e.A), client.AccessCodesCreateParams{DeviceID: d.DeviceID,
			Code: "4821", StartsAt: starts.Format(time.RFC3339), EndsAt: ends.Format(time.RFC3339)})
		if err != nil || c.Status != "unset" || aa.Status != client.ActionAttemptStatusSuccess {
			t.Fatalf("Create = %+v, %+v, %v", c, aa, err)
		}
		id := c.AccessCodeID
		start := accesscode.Due{WorkspaceID: e.A.WorkspaceID, AccessCodeID: id, What: accesscode.DueStart, At: starts.UnixMilli()}
		end := accesscode.Due{WorkspaceID: e.A.WorkspaceID, AccessCodeID: id, What: accesscode.DueEnd, At: ends.UnixMilli()}
		jobs := e.dueJobs(id)
		if len(jobs) != 2 || jobs[start] == nil || !jobs[start].ScheduledAt.Equal(starts) || jobs[end] == nil ||
			!jobs[end].ScheduledAt.Equal(ends) {
			t.Fatalf("scheduled jobs = %v", jobs)
		}
		if got := e.codesOnLock(d); len(got) != 0 {
			t.Errorf("the lock holds %v before the start", got)
		}

		// Moved: the start goes to t0+2h.
		moved := t0.Add(2 * time.Hour)
		if _, err := e.app.AccessCodes.Update(ctx, principal(e.A), client.AccessCodesUpdateParams{AccessCodeID: id,
			StartsAt: moved.Format(time.RFC3339)}); err != nil {
			t.Fatal(err)
		}
		newStart := start
		newStart.At = moved.UnixMilli()
		if j := e.dueJobs(id)[newStart]; j == nil || !j.ScheduledAt.Equal(moved) {
			t.Fatalf("no job at the new start: %v", e.dueJobs(id))
		}
		// The old start's job was cancelled (TestTimedJobsAreCancelled);
		// one left from before lintel kept job ids finds nothing to do.
		e.clock.Advance(time.Hour)
		if _, err := e.app.AccessCodes.RunDue(ctx, start); err != nil {
			t.Fatal(err)
		}
		if c, _ := e.accessCode(id); c.Status != "unset" || len(e.codesOnLock(d)) != 0 {
			t.Errorf("at the old start: %+v, lock %v", c, e.codesOnLock(d))
		}
		// The new start's job, run early, waits.
		e.runDue(newStart)
		if c, _ := e.accessCode(id); c.Status != "unset" {
			t.Errorf("before the new start: %+v", c)
		}
		// At the new start, the code goes to the lock.
		e.clock.Advance(time.Hour)
		e.runDue(newStart)
		if c, _ := e.accessCode(id); c.Status != "set" || !slices.Equal(e.codesOnLock(d), []string{"4821"}) {
			t.Errorf("at the start: %+v, lock %v", c, e.codesOnLock(d))
		}
		// At the end, it comes off and is deleted.
		e.clock.Advance(time.Hour)
		e.runDue(end)
		if _, found := e.accessCode(id); found || len(e.codesOnLock(d)) != 0 {
			t.Errorf("after the end: found %v, lock %v", found, e.codesOnLock(d))
		}
		want := []string{"access_code.created", "access_code.changed", "access_code.set_on_device",
			"access_code.removed_from_device", "access_code.deleted"}
		if got := e.codeEvents(id); !slices.Equal(got, want) {
			t.Errorf("events = %v, want %v", got, want)
		}
	})
}

// TestAccessCodeOnARemoteLock: on a lock in remote mode during an outage a
// new code stays setting (pending "creating", its attempt pending) while
// the queue retries, and is set once the lock answers; a deletion stays
// removing until the lock confirms. A lock that is offline refuses the
// code for good: failed_to_set_on_device, its event, the attempt in error;
// reconciliation programs it once the lock is back.
func TestAccessCodeOnARemoteLock(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true})
		ctx := context.Background()
		outage := connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: 2,
			OutageUntil: e.clock.Now().Add(time.Hour).UnixMilli()}
		d := e.setLockSandbox(0, outage, true)
		c, aa, err := e.app.AccessCodes.Create(ctx, principal(e.A), client.AccessCodesCreateParams{DeviceID: d.DeviceID, Code: "5150"})
		if err != nil || c.Status != "setting" || aa.Status != client.ActionAttemptStatusPending ||
			len(c.PendingMutations) != 1 || c.PendingMutations[0].MutationCode != "creating" {
			t.Fatalf("Create = %+v, %+v, %v", c, aa, err)
		}
		e.eventually("the code was retried", func() (bool, error) {
			jobs, err := e.app.Jobs.JobsOfKind(ctx, "connector_mutation")
			return len(jobs) == 1 && jobs[0].Attempt >= 3, err
		})
		if got, _ := e.accessCode(c.AccessCodeID); got.Status != "setting" || len(e.codesOnLock(d)) != 0 {
			t.Errorf("during the outage: %+v, lock %v", got, e.codesOnLock(d))
		}
		e.clock.Advance(2 * time.Hour)
		if got := e.waitAttempt(aa.ActionAttemptID); got.Status != client.ActionAttemptStatusSuccess {
			t.Errorf("attempt = %+v", got)
		}
		if got, _ := e.accessCode(c.AccessCodeID); got.Status != "set" || !slices.Equal(e.codesOnLock(d), []string{"5150"}) {
			t.Errorf("after the outage: %+v, lock %v", got, e.codesOnLock(d))
		}

		// A deletion during another outage.
		outage.OutageUntil = e.clock.Now().Add(time.Hour).UnixMilli()
		e.setLockSandbox(0, outage, true)
		del, err := e.app.AccessCodes.Delete(ctx, principal(e.A), client.AccessCodesDeleteParams{AccessCodeID: c.AccessCodeID})
		if err != nil || del.Status != client.ActionAttemptStatusPending {
			t.Fatalf("Delete = %+v, %v", del, err)
		}
		if got, found := e.accessCode(c.AccessCodeID); !found || got.Status != "removing" ||
			len(got.PendingMutations) != 1 || got.PendingMutations[0].MutationCode != "deleting" {
			t.Errorf("while removing: %+v", got)
		}
		e.clock.Advance(2 * time.Hour)
		if got := e.waitAttempt(del.ActionAttemptID); got.Status != client.ActionAttemptStatusSuccess {
			t.Errorf("delete attempt = %+v", got)
		}
		if _, found := e.accessCode(c.AccessCodeID); found || len(e.codesOnLock(d)) != 0 {
			t.Errorf("after the deletion: found %v, lock %v", found, e.codesOnLock(d))
		}

		// An offline lock refuses a code for good.
		d = e.setLockSandbox(0, connector.SandboxConfig{Mode: connector.SandboxRemote}, false)
		c, aa, err = e.app.AccessCodes.Create(ctx, principal(e.A), client.AccessCodesCreateParams{DeviceID: d.DeviceID, Code: "6160"})
		if err != nil {
			t.Fatal(err)
		}
		if got := e.waitAttempt(aa.ActionAttemptID); got.Status != client.ActionAttemptStatusError ||
			got.Error == nil || got.Error.Type != "failed_to_set_on_device" {
			t.Errorf("attempt on an offline lock = %+v", got)
		}
		got, _ := e.accessCode(c.AccessCodeID)
		if len(got.Errors) != 1 || got.Errors[0].ErrorCode != "failed_to_set_on_device" {
			t.Errorf("code on an offline lock = %+v", got)
		}
		if evs := e.codeEvents(c.AccessCodeID); !slices.Contains(evs, "access_code.failed_to_set_on_device") {
			t.Errorf("events = %v", evs)
		}
		// Back online, reconciliation programs it.
		d = e.setLockSandbox(0, connector.SandboxConfig{}, true)
		if err := e.reconcileLock(d); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.accessCode(c.AccessCodeID); got.Status != "set" || len(got.Errors) != 0 ||
			!slices.Equal(e.codesOnLock(d), []string{"6160"}) {
			t.Errorf("after reconciliation: %+v, lock %v", got, e.codesOnLock(d))
		}
	})
}

// TestReconcileRacesACodeCreate creates an access code on a lock while a
// reconciliation of its account is between reading the lock's codes and
// lintel's. On PostgreSQL at READ COMMITTED the new code was set in lintel
// but not on the lock, and was programmed again; the reconciliation now
// reads one snapshot (store.InSnapshotTx) and leaves it alone. On SQLite the
// reconciliation holds the only writer, so the create could not commit in
// between: PostgreSQL only.
func TestReconcileRacesACodeCreate(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		if st.Dialect() != store.Postgres {
			t.Skip("a SQLite transaction reads one snapshot")
		}
		t.Parallel()
		var once atomic.Bool
		var created client.AccessCode
		var e *env
		e = newEnv(t, st, envOptions{locks: true, listedCodes: func(d store.Device) {
			if once.Swap(true) {
				return
			}
			c, _, err := e.app.AccessCodes.Create(context.Background(), principal(e.A),
				client.AccessCodesCreateParams{DeviceID: d.DeviceID, Code: "7171"})
			if err != nil {
				t.Errorf("create during the reconciliation: %v", err)
				return
			}
			created = c
		}})
		d := e.setLockSandbox(0, connector.SandboxConfig{}, true)
		if err := e.reconcileLock(d); err != nil {
			t.Fatal(err)
		}
		if created.AccessCodeID == "" {
			t.Fatal("no code was created during the reconciliation")
		}
		// Programmed once, by its creation (it was programmed a second time).
		before := e.codeEvents(created.AccessCodeID)
		if n := countOf(before, "access_code.set_on_device"); n != 1 {
			t.Errorf("events of the code: %v, want it set on the lock once", before)
		}
		if got, _ := e.accessCode(created.AccessCodeID); got.Status != "set" {
			t.Errorf("code created during the reconciliation: %+v, want set", got)
		}
		if err := e.reconcileLock(d); err != nil {
			t.Fatal(err)
		}
		if after := e.codeEvents(created.AccessCodeID); !slices.Equal(before, after) || slices.Contains(after, "access_code.removed_externally") {
			t.Errorf("events of the code: %v, then %v", before, after)
		}
	})
}

func countOf(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

// reconcileLock compares a lock's codes with lintel's, as the background
// reconciliation does.
func (e *env) reconcileLock(d store.Device) error {
	_, err := e.app.Devices.Reconcile(context.Background(), d.WorkspaceID, d.ConnectedAccountID)
	return err
}

// TestAccessCodeNativeSchedulingAndFailedRemoval: a time-bound code with
// prefer_native_scheduling goes to the lock at once with its window, stays
// unset (access_code.scheduled_on_device) until its start's job makes it
// set without programming it again (access_code.set_on_device). Deleting
// it while the lock is offline fails for good: the code stays, removing,
// with failed_to_remove_from_device and its event, the attempt in error;
// once the lock is back, reconciliation takes it off and deletes it.
func TestAccessCodeNativeSchedulingAndFailedRemoval(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true})
		ctx := context.Background()
		d := e.setLockSandbox(0, connector.SandboxConfig{}, true)
		t0 := e.clock.Now().UTC().Truncate(time.Second)
		starts, ends := t0.Add(time.Hour), t0.Add(3*time.Hour)
		native := true
		c, aa, err := e.app.AccessCodes.Create(ctx, principal(e.A), client.AccessCodesCreateParams{DeviceID: d.DeviceID,
			Code: "7331", StartsAt: starts.Format(time.RFC3339), EndsAt: ends.Format(time.RFC3339), PreferNativeScheduling: &native})
		if err != nil || c.Status != "unset" || aa.Status != client.ActionAttemptStatusSuccess {
			t.Fatalf("Create = %+v, %+v, %v", c, aa, err)
		}
		id := c.AccessCodeID
		if got := e.codesOnLock(d); !slices.Equal(got, []string{"7331"}) {
			t.Errorf("the lock holds %v before the start; want the code, scheduled on it", got)
		}
		if got, want := e.codeEvents(id), []string{"access_code.created", "access_code.scheduled_on_device"}; !slices.Equal(got, want) {
			t.Errorf("events before the start = %v, want %v", got, want)
		}
		e.clock.Advance(time.Hour)
		e.runDue(accesscode.Due{WorkspaceID: e.A.WorkspaceID, AccessCodeID: id, What: accesscode.DueStart, At: starts.UnixMilli()})
		if got, _ := e.accessCode(id); got.Status != "set" {
			t.Errorf("at the start: %+v", got)
		}
		if got, want := e.codeEvents(id), []string{"access_code.created", "access_code.scheduled_on_device",
			"access_code.set_on_device"}; !slices.Equal(got, want) {
			t.Errorf("events at the start = %v, want %v", got, want)
		}

		// The lock goes offline (remote mode): the deletion fails for good.
		d = e.setLockSandbox(0, connector.SandboxConfig{Mode: connector.SandboxRemote}, false)
		del, err := e.app.AccessCodes.Delete(ctx, principal(e.A), client.AccessCodesDeleteParams{AccessCodeID: id})
		if err != nil {
			t.Fatal(err)
		}
		if got := e.waitAttempt(del.ActionAttemptID); got.Status != client.ActionAttemptStatusError ||
			got.Error == nil || got.Error.Type != "failed_to_remove_from_device" {
			t.Errorf("delete attempt on an offline lock = %+v", got)
		}
		got, found := e.accessCode(id)
		if !found || got.Status != "removing" || len(got.Errors) != 1 || got.Errors[0].ErrorCode != "failed_to_remove_from_device" {
			t.Errorf("code after the failed removal = %+v (found %v)", got, found)
		}
		if evs := e.codeEvents(id); !slices.Contains(evs, "access_code.failed_to_remove_from_device") {
			t.Errorf("events = %v", evs)
		}
		if got := e.codesOnLock(d); !slices.Equal(got, []string{"7331"}) {
			t.Errorf("the offline lock holds %v", got)
		}
		// Back online and inline, reconciliation removes it.
		d = e.setLockSandbox(0, connector.SandboxConfig{}, true)
		if err := e.reconcileLock(d); err != nil {
			t.Fatal(err)
		}
		if _, found := e.accessCode(id); found || len(e.codesOnLock(d)) != 0 {
			t.Errorf("after reconciliation: found %v, lock %v", found, e.codesOnLock(d))
		}
		if evs := e.codeEvents(id); evs[len(evs)-1] != "access_code.deleted" {
			t.Errorf("events after reconciliation = %v", evs)
		}
	})
}
