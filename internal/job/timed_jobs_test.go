package job_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/grant"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// wantJobStates checks the states of the jobs of one code or grant, by
// what they do and when: exactly those of want, in those states.
func wantJobStates[K comparable](t *testing.T, when string, jobs map[K]*rivertype.JobRow, want map[K]rivertype.JobState) {
	t.Helper()
	if len(jobs) != len(want) {
		got := map[K]rivertype.JobState{}
		for k, j := range jobs {
			got[k] = j.State
		}
		t.Errorf("%s: jobs %v; want %v", when, got, want)
	}
	for k, state := range want {
		if j := jobs[k]; j == nil {
			t.Errorf("%s: no job %+v; want one %q", when, k, state)
		} else if j.State != state {
			t.Errorf("%s: job %+v is %q; want %q", when, k, j.State, state)
		}
	}
}

const (
	scheduled = rivertype.JobStateScheduled
	cancelled = rivertype.JobStateCancelled
)

// TestTimedJobsAreCancelled: the jobs of a time-bound access code's start
// and end, and of an access grant's end, are cancelled in the transaction
// that moves the time (a new one takes their place), deletes the code or
// the grant, or takes the code's lock out of lintel: none is left queued
// to run for a time or a thing that is gone.
func TestTimedJobsAreCancelled(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		t.Run("access code", func(t *testing.T) {
			t.Parallel()
			e, d, hour, at := newTimedEnv(t, st)
			ctx, p := context.Background(), principal(e.A)
			create := func(code string, from, to int) string {
				t.Helper()
				c, _, err := e.app.AccessCodes.Create(ctx, p, client.AccessCodesCreateParams{DeviceID: d.DeviceID,
					Code: code, StartsAt: at(from), EndsAt: at(to)})
				if err != nil {
					t.Fatal(err)
				}
				return c.AccessCodeID
			}
			id := create("4821", 1, 3)
			due := func(id, what string, h int) accesscode.Due {
				return accesscode.Due{WorkspaceID: e.A.WorkspaceID, AccessCodeID: id, What: what, At: hour(h).UnixMilli()}
			}
			wantJobStates(t, "created", e.dueJobs(id), map[accesscode.Due]rivertype.JobState{
				due(id, accesscode.DueStart, 1): scheduled, due(id, accesscode.DueEnd, 3): scheduled})

			if _, err := e.app.AccessCodes.Update(ctx, p, client.AccessCodesUpdateParams{AccessCodeID: id,
				StartsAt: at(2)}); err != nil {
				t.Fatal(err)
			}
			startMoved := map[accesscode.Due]rivertype.JobState{due(id, accesscode.DueStart, 1): cancelled,
				due(id, accesscode.DueStart, 2): scheduled, due(id, accesscode.DueEnd, 3): scheduled}
			wantJobStates(t, "start moved", e.dueJobs(id), startMoved)

			// A change refused changes no job.
			if _, err := e.app.AccessCodes.Update(ctx, p, client.AccessCodesUpdateParams{AccessCodeID: id,
				EndsAt: at(5), Code: "12"}); err == nil {
				t.Fatal("an update to a code too short was accepted")
			}
			wantJobStates(t, "update refused", e.dueJobs(id), startMoved)

			if _, err := e.app.AccessCodes.Update(ctx, p, client.AccessCodesUpdateParams{AccessCodeID: id,
				EndsAt: at(4)}); err != nil {
				t.Fatal(err)
			}
			wantJobStates(t, "end moved", e.dueJobs(id), map[accesscode.Due]rivertype.JobState{
				due(id, accesscode.DueStart, 1): cancelled, due(id, accesscode.DueStart, 2): scheduled,
				due(id, accesscode.DueEnd, 3): cancelled, due(id, accesscode.DueEnd, 4): scheduled})

			if _, err := e.app.AccessCodes.Delete(ctx, p, client.AccessCodesDeleteParams{AccessCodeID: id}); err != nil {
				t.Fatal(err)
			}
			wantJobStates(t, "deleted", e.dueJobs(id), map[accesscode.Due]rivertype.JobState{
				due(id, accesscode.DueStart, 1): cancelled, due(id, accesscode.DueStart, 2): cancelled,
				due(id, accesscode.DueEnd, 3): cancelled, due(id, accesscode.DueEnd, 4): cancelled})

			// A lock removed takes its codes' jobs with it.
			other := create("5150", 4, 6)
			if err := e.app.Devices.Delete(ctx, p, d.DeviceID); err != nil {
				t.Fatal(err)
			}
			wantJobStates(t, "lock deleted", e.dueJobs(other), map[accesscode.Due]rivertype.JobState{
				due(other, accesscode.DueStart, 4): cancelled, due(other, accesscode.DueEnd, 6): cancelled})
		})

		t.Run("access grant", func(t *testing.T) {
			t.Parallel()
			e, d, hour, at := newTimedEnv(t, st)
			ctx, p := context.Background(), principal(e.A)
			ident := e.guest()
			create := func(from, to int) (grantID, codeID string) {
				t.Helper()
				ends := at(to)
				g, err := e.app.Grants.Create(ctx, p, client.AccessGrantsCreateParams{UserIdentityID: ident.UserIdentityID,
					DeviceIDs: []string{d.DeviceID}, StartsAt: at(from), EndsAt: &ends,
					RequestedAccessMethods: json.RawMessage(`[{"mode":"code"}]`)})
				if err != nil || len(g.AccessMethodIDs) != 1 {
					t.Fatalf("Create = %+v, %v", g, err)
				}
				return g.AccessGrantID, e.codeOfMethod(g.AccessMethodIDs[0])
			}
			id, code := create(1, 3)
			end := func(id string, h int) grant.Due {
				return grant.Due{WorkspaceID: e.A.WorkspaceID, AccessGrantID: id, At: hour(h).UnixMilli()}
			}
			wantJobStates(t, "created", e.grantJobs(id), map[grant.Due]rivertype.JobState{end(id, 3): scheduled})
			if n := countStates(e.dueJobs(code)); n[scheduled] != 2 {
				t.Errorf("the grant's code's jobs: %v", n)
			}

			ends := at(4)
			if err := e.app.Grants.Update(ctx, p, client.AccessGrantsUpdateParams{AccessGrantID: id,
				EndsAt: client.Nullable[string]{Set: true, Value: ends}}); err != nil {
				t.Fatal(err)
			}
			wantJobStates(t, "end moved", e.grantJobs(id), map[grant.Due]rivertype.JobState{
				end(id, 3): cancelled, end(id, 4): scheduled})
			// The code the grant had was replaced by one for the new times:
			// the old one's jobs went with it.
			if n := countStates(e.dueJobs(code)); n[cancelled] != 2 {
				t.Errorf("the replaced code's jobs: %v", n)
			}
			code = e.codeOfMethod(e.methodsOf(id)[0])
			if n := countStates(e.dueJobs(code)); n[scheduled] != 2 {
				t.Errorf("the new code's jobs: %v", n)
			}

			if err := e.app.Grants.Delete(ctx, p, id); err != nil {
				t.Fatal(err)
			}
			wantJobStates(t, "deleted", e.grantJobs(id), map[grant.Due]rivertype.JobState{
				end(id, 3): cancelled, end(id, 4): cancelled})
			if n := countStates(e.dueJobs(code)); n[cancelled] != 2 {
				t.Errorf("the deleted grant's code's jobs: %v", n)
			}

			// A lock removed takes the jobs of the grant's code on it; the
			// grant lives on, and so does the job of its end.
			other, code := create(5, 7)
			if err := e.app.Devices.Delete(ctx, p, d.DeviceID); err != nil {
				t.Fatal(err)
			}
			if n := countStates(e.dueJobs(code)); n[cancelled] != 2 {
				t.Errorf("the jobs of the code on a deleted lock: %v", n)
			}
			wantJobStates(t, "lock deleted", e.grantJobs(other), map[grant.Due]rivertype.JobState{end(other, 7): scheduled})
		})
	})
}

// newTimedEnv is an environment whose workers do not run, with W_A's
// first lock online; hour(h) is h hours from now, at(h) the same in
// RFC 3339.
func newTimedEnv(t *testing.T, st *store.Store) (e *env, d store.Device, hour func(int) time.Time, at func(int) string) {
	e = newEnv(t, st, envOptions{locks: true, noWorkers: true})
	d = e.setLockSandbox(0, connector.SandboxConfig{}, true)
	t0 := e.clock.Now().UTC().Truncate(time.Second)
	hour = func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	return e, d, hour, func(h int) string { return hour(h).Format(time.RFC3339) }
}

// countStates counts jobs by state.
func countStates[K comparable](jobs map[K]*rivertype.JobRow) map[rivertype.JobState]int {
	n := map[rivertype.JobState]int{}
	for _, j := range jobs {
		n[j.State]++
	}
	return n
}

// codeOfMethod is the access code an access method of W_A was resolved
// into.
func (e *env) codeOfMethod(methodID string) string {
	e.t.Helper()
	var id string
	e.view(func(ctx context.Context, tx *store.Tx) error {
		objects, err := tx.AccessMethodObjects(ctx, e.A.WorkspaceID, []string{methodID})
		for _, o := range objects[methodID] {
			if o.ObjectType == store.ObjectAccessCode {
				id = o.ObjectID
			}
		}
		return err
	})
	if id == "" {
		e.t.Fatalf("access method %s has no access code", methodID)
	}
	return id
}

// methodsOf lists the access methods of a grant of W_A.
func (e *env) methodsOf(grantID string) []string {
	e.t.Helper()
	g, err := e.app.Grants.Get(context.Background(), principal(e.A), client.AccessGrantsGetParams{AccessGrantID: grantID})
	if err != nil {
		e.t.Fatal(err)
	}
	return g.AccessMethodIDs
}

// TestUnmanagedCodeLosesItsJobs: a time-bound code switched to unmanaged
// (access_codes/update with is_managed false) is no longer lintel's to
// program or take off: the jobs of its times are cancelled in the switch's
// transaction, and a job of its end that runs anyway (one left from
// before) leaves the code and the lock as they are.
func TestUnmanagedCodeLosesItsJobs(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e, d, hour, _ := newTimedEnv(t, st)
		ctx, p := context.Background(), principal(e.A)
		id, start, end := e.timedCode(d, "4821", hour(1), hour(3))
		e.clock.Advance(time.Hour)
		if _, err := e.app.AccessCodes.RunDue(ctx, start); err != nil {
			t.Fatal(err)
		}
		if got := e.codesOnLock(d); len(got) != 1 || got[0] != "4821" {
			t.Fatalf("at the start the lock holds %v", got)
		}

		unmanaged := false
		if _, err := e.app.AccessCodes.Update(ctx, p, client.AccessCodesUpdateParams{AccessCodeID: id,
			IsManaged: &unmanaged}); err != nil {
			t.Fatal(err)
		}
		// The start's job already ran (the test ran it by hand: River
		// still has it scheduled, which is not lintel's to change here);
		// the end's is cancelled.
		if j := e.dueJobs(id)[end]; j == nil || j.State != cancelled {
			t.Errorf("the end's job after the switch: %v", countStates(e.dueJobs(id)))
		}

		e.clock.Advance(3 * time.Hour)
		if _, err := e.app.AccessCodes.RunDue(ctx, end); err != nil {
			t.Fatal(err)
		}
		if got := e.codesOnLock(d); len(got) != 1 || got[0] != "4821" {
			t.Errorf("after the end the lock holds %v; want the unmanaged code kept", got)
		}
		e.view(func(ctx context.Context, tx *store.Tx) error {
			c, err := tx.AccessCode(ctx, e.A.WorkspaceID, id)
			if err != nil || c.IsManaged || c.StartJobID != nil || c.EndJobID != nil {
				t.Errorf("the unmanaged code after its end: %+v, %v", c, err)
			}
			return nil
		})
	})
}

// TestUnmanagedDeviceLosesItsCodesJobs: a lock switched to unmanaged
// (devices/update with is_managed false) is not lintel's to program: the
// jobs of its codes' times are cancelled in the switch's transaction, as
// when the lock leaves lintel; managed again (devices/unmanaged/update),
// its time-bound codes get jobs for their times again, and one whose start
// passed meanwhile goes to the lock.
func TestUnmanagedDeviceLosesItsCodesJobs(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e, d, hour, _ := newTimedEnv(t, st)
		ctx, p := context.Background(), principal(e.A)
		id, start, end := e.timedCode(d, "4821", hour(1), hour(3))

		late, _, lateEnd := e.timedCode(d, "5150", hour(1), hour(5))

		managed := false
		if err := e.app.Devices.Update(ctx, p, client.DevicesUpdateParams{DeviceID: d.DeviceID, IsManaged: &managed}); err != nil {
			t.Fatal(err)
		}
		wantJobStates(t, "lock unmanaged", e.dueJobs(id), map[accesscode.Due]rivertype.JobState{
			start: cancelled, end: cancelled})
		if n := countStates(e.dueJobs(late)); n[cancelled] != 2 {
			t.Errorf("the other code's jobs, lock unmanaged: %v", n)
		}

		managed = true
		if err := e.app.Devices.UpdateUnmanaged(ctx, p, client.DevicesUnmanagedUpdateParams{DeviceID: d.DeviceID,
			IsManaged: &managed}); err != nil {
			t.Fatal(err)
		}
		// A new job per time (dueJobs keeps the newest of each).
		wantJobStates(t, "lock managed again", e.dueJobs(id), map[accesscode.Due]rivertype.JobState{
			start: scheduled, end: scheduled})
		e.view(func(ctx context.Context, tx *store.Tx) error {
			c, err := tx.AccessCode(ctx, e.A.WorkspaceID, id)
			if err != nil || c.StartJobID == nil || c.EndJobID == nil {
				t.Errorf("the code of the lock managed again: %+v, %v", c, err)
			}
			return nil
		})

		// Unmanaged while its start passes: managed again, the code goes
		// to the lock, and only its end has a job.
		managed = false
		if err := e.app.Devices.Update(ctx, p, client.DevicesUpdateParams{DeviceID: d.DeviceID, IsManaged: &managed}); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(2 * time.Hour)
		managed = true
		if err := e.app.Devices.UpdateUnmanaged(ctx, p, client.DevicesUnmanagedUpdateParams{DeviceID: d.DeviceID,
			IsManaged: &managed}); err != nil {
			t.Fatal(err)
		}
		if c, _ := e.accessCode(late); c.Status != "setting" && c.Status != "set" {
			t.Errorf("the code whose start passed, lock managed again: %q; want it on its way to the lock", c.Status)
		}
		if j := e.dueJobs(late)[lateEnd]; j == nil || j.State != scheduled {
			t.Errorf("the end's job of the code whose start passed: %v", countStates(e.dueJobs(late)))
		}
	})
}

// timedCode creates a time-bound code of W_A on d, from starts to ends,
// and returns its id and the Due of its start and of its end.
func (e *env) timedCode(d store.Device, code string, starts, ends time.Time) (id string, start, end accesscode.Due) {
	e.t.Helper()
	c, _, err := e.app.AccessCodes.Create(context.Background(), principal(e.A), client.AccessCodesCreateParams{
		DeviceID: d.DeviceID, Code: code, StartsAt: starts.Format(time.RFC3339), EndsAt: ends.Format(time.RFC3339)})
	if err != nil {
		e.t.Fatal(err)
	}
	due := func(what string, at time.Time) accesscode.Due {
		return accesscode.Due{WorkspaceID: e.A.WorkspaceID, AccessCodeID: c.AccessCodeID, What: what, At: at.UnixMilli()}
	}
	return c.AccessCodeID, due(accesscode.DueStart, starts), due(accesscode.DueEnd, ends)
}
