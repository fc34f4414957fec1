package acs_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// heldQueue keeps queued mutations for the test to apply when it likes, as
// an access system that answers later would.
type heldQueue struct{ held []connector.Mutation }

func (q *heldQueue) Enqueue(_ context.Context, _ *store.Tx, m connector.Mutation) error {
	q.held = append(q.held, m)
	return nil
}

func (q *heldQueue) Reconcile(context.Context, string, []string) (int, error) {
	return 0, errors.New("heldQueue does not reconcile")
}

func (q *heldQueue) ReconcileDevices(context.Context, string, string) (bool, error) {
	return false, errors.New("heldQueue does not reconcile")
}

// remoteWorkspace seeds a workspace whose one code system applies
// mutations through the queue.
func remoteWorkspace(t *testing.T, st *store.Store) (*acs.Service, *heldQueue, seed.Workspace, lintel.Principal) {
	t.Helper()
	ctx := context.Background()
	var w seed.Workspace
	err := st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		w, err = seed.Seed(ctx, tx, seed.Options{Name: "R", IsSandbox: true, Systems: []seed.System{{Name: "Remote",
			ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS", AccessMethod: "code", Users: 2,
			CredentialsPerUser: 1, Groups: 1, Entrances: 1}}})
		if err != nil {
			return err
		}
		return tx.SetAcsSystemConnectorConfig(ctx, w.WorkspaceID, w.Systems[0].AcsSystemID, `{"mode":"remote"}`)
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := acs.NewService(st, connector.NewRegistry(map[string]connector.Connector{connector.SandboxName: connector.Sandbox{}}),
		event.NewRecorder(), nil)
	q := &heldQueue{}
	svc.SetQueue(q)
	return svc, q, w, lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: w.WorkspaceID, ActorID: lintel.NewID()}
}

// apply runs the held mutations as a worker would, each twice, as a worker
// retrying after a lost acknowledgement might.
func apply(t *testing.T, st *store.Store, svc *acs.Service, q *heldQueue) {
	t.Helper()
	for _, m := range q.held {
		for range 2 {
			if err := st.InTx(context.Background(), func(tx *store.Tx) error { return svc.ApplyQueued(context.Background(), tx, m) }); err != nil {
				t.Fatal(err)
			}
		}
	}
	q.held = nil
}

func countEvents(t *testing.T, st *store.Store, ws, eventType, credentialID string) int {
	t.Helper()
	var n int
	err := st.View(context.Background(), func(tx *store.Tx) error {
		evs, err := tx.ListEvents(context.Background(), ws, store.EventFilter{EventTypes: []string{eventType},
			AcsCredentialID: credentialID, Limit: 100})
		n = len(evs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestQueuedCredentialIssue: on a system that answers later, a new
// credential waits to be issued, and is issued (one event) once the
// access system has it.
func TestQueuedCredentialIssue(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, q, w, p := remoteWorkspace(t, st)
		c, err := svc.CreateCredential(ctx, p, client.AcsCredentialsCreateParams{AcsUserID: w.Systems[0].AcsUserIDs[0],
			AccessMethod: "code", Code: "8642"})
		if err != nil {
			t.Fatal(err)
		}
		if c.IsIssued || c.IssuedAt != nil || *c.IsLatestDesiredStateSyncedWithProvider ||
			len(c.Warnings) != 1 || c.Warnings[0].WarningCode != "waiting_to_be_issued" {
			t.Errorf("waiting credential = %+v", c)
		}
		if len(q.held) != 1 || q.held[0].Kind != connector.IssueCredential {
			t.Fatalf("queued %+v", q.held)
		}
		if n := countEvents(t, st, w.WorkspaceID, event.AcsCredentialIssued, c.AcsCredentialID); n != 0 {
			t.Errorf("%d issued events before the system confirmed", n)
		}
		apply(t, st, svc, q)
		got, err := svc.GetCredential(ctx, p, c.AcsCredentialID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.IsIssued || got.IssuedAt == nil || !*got.IsLatestDesiredStateSyncedWithProvider || len(got.Warnings) != 0 {
			t.Errorf("issued credential = %+v", got)
		}
		if n := countEvents(t, st, w.WorkspaceID, event.AcsCredentialIssued, c.AcsCredentialID); n != 1 {
			t.Errorf("%d issued events, want 1", n)
		}
	})
}

// TestQueuedCredentialDelete: a deleted credential leaves the API at once;
// acs_credential.deleted is recorded once, when the access system has
// revoked it.
func TestQueuedCredentialDelete(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, q, w, p := remoteWorkspace(t, st)
		sys := w.Systems[0]
		cred := sys.CredentialIDs[sys.AcsUserIDs[0]][0]
		if err := svc.DeleteCredential(ctx, p, cred); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.GetCredential(ctx, p, cred); lintel.ErrorCode(err) != "acs_credential_not_found" {
			t.Errorf("get after delete: %v", err)
		}
		if err := svc.DeleteCredential(ctx, p, cred); lintel.ErrorCode(err) != "acs_credential_not_found" {
			t.Errorf("deleting again: %v", err)
		}
		if n := countEvents(t, st, w.WorkspaceID, event.AcsCredentialDeleted, cred); n != 0 {
			t.Errorf("%d deleted events before the system confirmed", n)
		}
		held := func() int {
			var n int
			_ = st.View(ctx, func(tx *store.Tx) error {
				creds, err := tx.SandboxCredentials(ctx, w.WorkspaceID, sys.AcsSystemID)
				n = len(creds)
				return err
			})
			return n
		}
		if n := held(); n != 2 {
			t.Errorf("the access system already lost the credential: %d left", n)
		}
		if len(q.held) != 1 || q.held[0].Kind != connector.RevokeCredential {
			t.Fatalf("queued %+v", q.held)
		}
		apply(t, st, svc, q)
		if n := countEvents(t, st, w.WorkspaceID, event.AcsCredentialDeleted, cred); n != 1 {
			t.Errorf("%d deleted events, want 1", n)
		}
		if n := held(); n != 1 {
			t.Errorf("the access system holds %d credentials, want 1", n)
		}
	})
}

// TestQueuedGroupChanges: membership changes of a queued system show as
// pending on the user until the access system has them.
func TestQueuedGroupChanges(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc, q, w, p := remoteWorkspace(t, st)
		sys := w.Systems[0]
		user := sys.AcsUserIDs[0]
		if err := svc.RevokeUserAccess(ctx, p, acs.UserRef{AcsUserID: user}); err != nil {
			t.Fatal(err)
		}
		u, err := svc.GetUser(ctx, p, acs.UserRef{AcsUserID: user})
		if err != nil {
			t.Fatal(err)
		}
		codes := []string{}
		for _, m := range u.PendingMutations {
			codes = append(codes, m.MutationCode)
		}
		if !slices.Equal(codes, []string{"updating_group_membership"}) {
			t.Errorf("pending %v", codes)
		}
		apply(t, st, svc, q)
		if u, _ = svc.GetUser(ctx, p, acs.UserRef{AcsUserID: user}); len(u.PendingMutations) != 0 {
			t.Errorf("still pending after the system confirmed: %+v", u.PendingMutations)
		}
	})
}
