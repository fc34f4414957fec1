package job_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/grant"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// grantJobs lists the scheduled end jobs of a grant.
func (e *env) grantJobs(id string) map[grant.Due]*rivertype.JobRow {
	e.t.Helper()
	jobs, err := e.app.Jobs.JobsOfKind(context.Background(), "access_grant_due")
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[grant.Due]*rivertype.JobRow{}
	for _, j := range jobs {
		due, err := job.GrantDueOf(j)
		if err != nil {
			e.t.Fatal(err)
		}
		if due.AccessGrantID == id {
			out[due] = j
		}
	}
	return out
}

// runGrantDue makes a grant's end job run now and waits until it has run.
func (e *env) runGrantDue(due grant.Due) {
	e.t.Helper()
	j, ok := e.grantJobs(due.AccessGrantID)[due]
	if !ok {
		e.t.Fatalf("no job for %+v", due)
	}
	before := j.AttemptedAt
	if err := e.app.Jobs.RunNow(context.Background(), j.ID); err != nil {
		e.t.Fatal(err)
	}
	e.eventually("the grant's job ran", func() (bool, error) {
		j := e.grantJobs(due.AccessGrantID)[due]
		ran := j.AttemptedAt != nil && (before == nil || j.AttemptedAt.After(*before))
		return ran && (j.State == rivertype.JobStateCompleted || j.State == rivertype.JobStateScheduled), nil
	})
}

// grantEventTypes lists the types of W_A's events about a grant or a
// method, oldest first.
func (e *env) grantEventTypes(id string) []string {
	e.t.Helper()
	var out []string
	e.view(func(ctx context.Context, tx *store.Tx) error {
		evs, err := tx.ListEvents(ctx, e.A.WorkspaceID, store.EventFilter{Limit: 1000})
		for i := len(evs) - 1; i >= 0; i-- {
			var p struct {
				AccessGrantID  string `json:"access_grant_id"`
				AccessMethodID string `json:"access_method_id"`
			}
			if err := json.Unmarshal([]byte(evs[i].Payload), &p); err != nil {
				return err
			}
			if p.AccessGrantID == id || p.AccessMethodID == id {
				out = append(out, evs[i].EventType)
			}
		}
		return err
	})
	return out
}

// TestAccessGrantLife: a grant from t0+1h to t0+3h on a lock and on an
// entrance of an access system whose connector queues. At creation the
// credential goes out through the queue and is issued; the code waits,
// off the lock, for its start, so the method is not issued yet. At the
// start (by the injected clock) the code's job programs it and the method
// is issued; at the end the grant's job revokes the method: the
// credential is invalidated and revoked on the system, the code comes off
// the lock, and the grant shows ended. A job run early waits.
func TestAccessGrantLife(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true})
		ctx := context.Background()
		p := principal(e.A)
		d := e.setLockSandbox(0, connector.SandboxConfig{}, true)
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: 1})
		ident := e.guest()
		t0 := e.clock.Now().UTC().Truncate(time.Second)
		starts, ends := t0.Add(time.Hour), t0.Add(3*time.Hour)
		endsAt := ends.Format(time.RFC3339)
		g, err := e.app.Grants.Create(ctx, p, client.AccessGrantsCreateParams{UserIdentityID: ident.UserIdentityID,
			DeviceIDs: []string{d.DeviceID}, AcsEntranceIDs: []string{e.A.Systems[0].EntranceIDs[0]},
			StartsAt: starts.Format(time.RFC3339), EndsAt: &endsAt,
			RequestedAccessMethods: json.RawMessage(`[{"mode":"code","code":"4821"}]`)})
		if err != nil || g.DisplayStatus != "pending" || len(g.AccessMethodIDs) != 1 {
			t.Fatalf("Create = %+v, %v", g, err)
		}
		methodID := g.AccessMethodIDs[0]
		method := func() (client.AccessMethod, bool) {
			m, err := e.app.Grants.GetMethod(ctx, p, methodID)
			if lintel.ErrorCode(err) == "access_method_not_found" {
				return m, false
			}
			if err != nil {
				t.Fatal(err)
			}
			return m, true
		}
		var credID, codeID string
		e.view(func(ctx context.Context, tx *store.Tx) error {
			objects, err := tx.AccessMethodObjects(ctx, e.A.WorkspaceID, []string{methodID})
			for _, o := range objects[methodID] {
				switch o.ObjectType {
				case store.ObjectAcsCredential:
					credID = o.ObjectID
				case store.ObjectAccessCode:
					codeID = o.ObjectID
				}
			}
			return err
		})
		if credID == "" || codeID == "" {
			t.Fatalf("the method was resolved into credential %q and code %q", credID, codeID)
		}
		end := grant.Due{WorkspaceID: e.A.WorkspaceID, AccessGrantID: g.AccessGrantID, At: ends.UnixMilli()}
		if j := e.grantJobs(g.AccessGrantID)[end]; j == nil || !j.ScheduledAt.Equal(ends) {
			t.Fatalf("grant jobs = %v", e.grantJobs(g.AccessGrantID))
		}

		// The queued credential is issued; the code is not on the lock yet.
		e.eventually("the credential was issued", func() (bool, error) {
			c, err := e.app.Acs.GetCredential(ctx, p, credID)
			return err == nil && c.IsIssued, err
		})
		if m, _ := method(); m.IsIssued || len(m.PendingMutations) != 1 || m.PendingMutations[0].MutationCode != "provisioning_access" {
			t.Errorf("before the start: %+v", m)
		}
		if got := e.codesOnLock(d); len(got) != 0 {
			t.Errorf("the lock holds %v before the start", got)
		}

		// At the start the code goes to the lock and the method is issued.
		e.clock.Advance(time.Hour)
		e.runDue(accesscode.Due{WorkspaceID: e.A.WorkspaceID, AccessCodeID: codeID, What: accesscode.DueStart, At: starts.UnixMilli()})
		if m, _ := method(); !m.IsIssued || m.IssuedAt == nil || *m.Code != "4821" || !slices.Equal(e.codesOnLock(d), []string{"4821"}) {
			t.Errorf("at the start: %+v, lock %v", m, e.codesOnLock(d))
		}
		// The grant's end job, run early, waits.
		e.runGrantDue(end)
		if _, found := method(); !found {
			t.Fatal("the method was revoked before the end")
		}

		// At the end everything is revoked.
		e.clock.Advance(2 * time.Hour)
		e.runGrantDue(end)
		if _, found := method(); found {
			t.Error("the method outlived its grant")
		}
		e.eventually("the credential was revoked on the system", func() (bool, error) {
			var n int
			err := st.View(ctx, func(tx *store.Tx) error {
				evs, err := tx.ListEvents(ctx, e.A.WorkspaceID, store.EventFilter{AcsCredentialID: credID,
					EventTypes: []string{"acs_credential.deleted"}, Limit: 10})
				n = len(evs)
				return err
			})
			return n == 1, err
		})
		if _, err := e.app.Acs.GetCredential(ctx, p, credID); lintel.ErrorCode(err) != "acs_credential_not_found" {
			t.Errorf("the credential after the end: %v", err)
		}
		if got := e.codesOnLock(d); len(got) != 0 {
			t.Errorf("the lock holds %v after the end", got)
		}
		if _, found := e.accessCode(codeID); found {
			t.Error("the access code outlived its grant")
		}
		got, err := e.app.Grants.Get(ctx, p, client.AccessGrantsGetParams{AccessGrantID: g.AccessGrantID})
		if err != nil || got.DisplayStatus != "ended" || len(got.AccessMethodIDs) != 0 {
			t.Errorf("the grant after the end: %+v, %v", got, err)
		}
		var users []store.AcsUser
		e.view(func(ctx context.Context, tx *store.Tx) error {
			users, err = tx.ListAcsUsers(ctx, e.A.WorkspaceID, store.AcsUserFilter{UserIdentityID: ident.UserIdentityID}, page.Request{Limit: 10})
			return err
		})
		for _, u := range users {
			if u.DeleteRequestedAt == nil {
				t.Errorf("the user the grant created is still live: %+v", u)
			}
		}
		want := []string{"access_grant.created", "access_method.created", "access_grant.access_granted_to_door",
			"access_method.issued", "access_grant.access_granted_to_all_doors", "access_method.revoked"}
		if got := append(e.grantEventTypes(g.AccessGrantID), e.grantEventTypes(methodID)...); !sameSet(got, want) {
			t.Errorf("events = %v, want %v", got, want)
		}
	})
}

// guest creates a user identity in W_A.
func (e *env) guest() client.UserIdentity {
	e.t.Helper()
	name := "Guest"
	ident, err := e.app.Identity.Create(context.Background(), principal(e.A), client.UserIdentitiesCreateParams{FullName: &name})
	if err != nil {
		e.t.Fatal(err)
	}
	return ident
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestAccessMethodIssueDelayedThenIssued: a grant's PIN goes to a lock and
// to an entrance whose connectors are both in an outage. The first retry
// of each delays the method: access_method.delay_in_issuing once, and the
// warning delay_in_issuing while it waits. Once the outage ends the method
// is issued, the warning goes, and nothing failed.
func TestAccessMethodIssueDelayedThenIssued(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true})
		ctx := context.Background()
		p := principal(e.A)
		outage := connector.SandboxConfig{Mode: connector.SandboxRemote, OutageUntil: e.clock.Now().Add(30 * time.Minute).UnixMilli()}
		d := e.setLockSandbox(0, outage, true)
		e.setSandbox(e.A, 0, outage)
		ident := e.guest()
		g, err := e.app.Grants.Create(ctx, p, client.AccessGrantsCreateParams{UserIdentityID: ident.UserIdentityID,
			DeviceIDs: []string{d.DeviceID}, AcsEntranceIDs: []string{e.A.Systems[0].EntranceIDs[0]},
			RequestedAccessMethods: json.RawMessage(`[{"mode":"code"}]`)})
		if err != nil || len(g.AccessMethodIDs) != 1 {
			t.Fatalf("Create = %+v, %v", g, err)
		}
		methodID := g.AccessMethodIDs[0]
		e.eventually("the method is delayed", func() (bool, error) {
			m, err := e.app.Grants.GetMethod(ctx, p, methodID)
			return err == nil && len(m.Warnings) == 1 && m.Warnings[0].WarningCode == "delay_in_issuing", err
		})
		if m, _ := e.app.Grants.GetMethod(ctx, p, methodID); m.IsIssued || len(m.Errors) != 0 || m.DisplayStatus != "pending" {
			t.Errorf("during the outage: %+v", m)
		}
		e.clock.Advance(31 * time.Minute)
		e.eventually("the method is issued", func() (bool, error) {
			m, err := e.app.Grants.GetMethod(ctx, p, methodID)
			return err == nil && m.IsIssued, err
		})
		if m, _ := e.app.Grants.GetMethod(ctx, p, methodID); len(m.Warnings) != 0 || len(m.Errors) != 0 {
			t.Errorf("issued: warnings %+v, errors %+v", m.Warnings, m.Errors)
		}
		got := e.grantEventTypes(methodID)
		want := []string{"access_method.created", "access_method.delay_in_issuing", "access_method.issued"}
		if !sameSet(got, want) {
			t.Errorf("events of the method = %v, want %v", got, want)
		}
		var bEvents []store.Event
		e.view(func(ctx context.Context, tx *store.Tx) error {
			bEvents, err = tx.ListEvents(ctx, e.B.WorkspaceID, store.EventFilter{Limit: 1000})
			return err
		})
		if len(bEvents) != 0 {
			t.Errorf("workspace B has %d events", len(bEvents))
		}
	})
}

// TestAccessMethodFailsToIssue: a grant's PIN goes to a lock in an outage
// longer than the retry budget. The method is delayed, then fails for good
// with the code: access_method.failed_to_issue once, the error
// failed_to_issue, and nothing shown under way any more.
func TestAccessMethodFailsToIssue(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true,
			backoff: job.Backoff{Base: time.Millisecond, Max: 4 * time.Millisecond, Attempts: 4, Jitter: 0.2}})
		ctx := context.Background()
		p := principal(e.A)
		d := e.setLockSandbox(0, connector.SandboxConfig{Mode: connector.SandboxRemote,
			OutageUntil: e.clock.Now().Add(30 * time.Minute).UnixMilli()}, true)
		ident := e.guest()
		g, err := e.app.Grants.Create(ctx, p, client.AccessGrantsCreateParams{UserIdentityID: ident.UserIdentityID,
			DeviceIDs: []string{d.DeviceID}, RequestedAccessMethods: json.RawMessage(`[{"mode":"code"}]`)})
		if err != nil || len(g.AccessMethodIDs) != 1 {
			t.Fatalf("Create = %+v, %v", g, err)
		}
		methodID := g.AccessMethodIDs[0]
		e.eventually("the method failed", func() (bool, error) {
			m, err := e.app.Grants.GetMethod(ctx, p, methodID)
			return err == nil && len(m.Errors) == 1, err
		})
		m, err := e.app.Grants.GetMethod(ctx, p, methodID)
		if err != nil || m.Errors[0].ErrorCode != "failed_to_issue" || m.IsIssued || len(m.Warnings) != 0 || len(m.PendingMutations) != 0 {
			t.Errorf("after the failure: %+v, %v", m, err)
		}
		got := e.grantEventTypes(methodID)
		want := []string{"access_method.created", "access_method.delay_in_issuing", "access_method.failed_to_issue"}
		if !sameSet(got, want) {
			t.Errorf("events of the method = %v, want %v", got, want)
		}
	})
}

// TestAccessMethodReissuedByReconciliation: someone takes a grant's code
// off its lock; the device reconciliation programs it again, and the
// method, issued once, records access_method.reissued once. A
// reconciliation that finds the code there changes nothing.
func TestAccessMethodReissuedByReconciliation(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true, noWorkers: true})
		ctx := context.Background()
		p := principal(e.A)
		account := e.A.Accounts[0].ConnectedAccountID
		var d store.Device
		e.view(func(ctx context.Context, tx *store.Tx) error {
			var err error
			d, err = tx.Device(ctx, e.A.WorkspaceID, e.A.Accounts[0].DeviceIDs[0])
			return err
		})
		g, err := e.app.Grants.Create(ctx, p, client.AccessGrantsCreateParams{UserIdentityID: e.guest().UserIdentityID,
			DeviceIDs: []string{d.DeviceID}, RequestedAccessMethods: json.RawMessage(`[{"mode":"code","code":"5937"}]`)})
		if err != nil || len(g.AccessMethodIDs) != 1 {
			t.Fatalf("Create = %+v, %v", g, err)
		}
		methodID := g.AccessMethodIDs[0]
		if got := e.codesOnLock(d); !slices.Equal(got, []string{"5937"}) {
			t.Fatalf("the lock holds %v", got)
		}
		err = st.InTx(ctx, func(tx *store.Tx) error {
			codes, err := tx.SandboxAccessCodes(ctx, e.A.WorkspaceID, account, d.ExternalID)
			if err != nil {
				return err
			}
			return tx.SandboxDeleteAccessCode(ctx, e.A.WorkspaceID, account, d.ExternalID, codes[0].ExternalID)
		})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := e.app.Devices.Reconcile(ctx, e.A.WorkspaceID, account); err != nil {
				t.Fatal(err)
			}
		}
		if got := e.codesOnLock(d); !slices.Equal(got, []string{"5937"}) {
			t.Errorf("after reconciliation the lock holds %v", got)
		}
		got := e.grantEventTypes(methodID)
		want := []string{"access_method.created", "access_method.issued", "access_method.reissued"}
		if !sameSet(got, want) {
			t.Errorf("events of the method = %v, want %v", got, want)
		}
	})
}
