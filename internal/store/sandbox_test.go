package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// The simulated access system is keyed by the provider's external ids, which
// W_B could know or guess: every write below is tried from W_B first, with
// W_A's system id, and must leave W_A's provider state as it was.

func TestSandboxUsers(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sys := a.Systems[0].AcsSystemID
		users := func(ws string) map[string]store.SandboxUser {
			t.Helper()
			out := map[string]store.SandboxUser{}
			view(t, st, func(tx *store.Tx) error {
				us, err := tx.SandboxUsers(ctx, ws, sys)
				for _, u := range us {
					out[u.ExternalID] = u
				}
				return err
			})
			return out
		}
		seeded := users(a.WorkspaceID)
		if len(seeded) != 2 {
			t.Fatalf("seeded provider users = %d, want 2", len(seeded))
		}
		name, email, other := "Pat", "pat@example.com", "Mallory"
		pat := store.SandboxUser{ExternalID: "ext-pat", FullName: &name, EmailAddress: &email}
		inTx(t, st, func(tx *store.Tx) error { return tx.SandboxPutUser(ctx, a.WorkspaceID, sys, pat) })
		got := users(a.WorkspaceID)
		if u := got["ext-pat"]; len(got) != 3 || *u.FullName != name || *u.EmailAddress != email || u.PhoneNumber != nil || u.IsSuspended {
			t.Errorf("SandboxUsers = %+v", got)
		}

		// Paging: after the first external id, one at a time.
		view(t, st, func(tx *store.Tx) error {
			all, err := tx.SandboxUsers(ctx, a.WorkspaceID, sys)
			if err != nil {
				return err
			}
			page, err := tx.SandboxUsersAfter(ctx, a.WorkspaceID, sys, all[0].ExternalID, 1)
			if err != nil || len(page) != 1 || page[0].ExternalID != all[1].ExternalID {
				t.Errorf("SandboxUsersAfter = %+v, %v; want %s", page, err, all[1].ExternalID)
			}
			// Different workspace.
			if page, err := tx.SandboxUsersAfter(ctx, b.WorkspaceID, sys, "", 10); err != nil || len(page) != 0 {
				t.Errorf("SandboxUsersAfter from W_B = %+v, %v", page, err)
			}
			return nil
		})

		// Different workspace: W_B neither sees, replaces, adds nor deletes.
		if got := users(b.WorkspaceID); len(got) != 0 {
			t.Errorf("SandboxUsers from W_B = %+v", got)
		}
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SandboxPutUser(ctx, b.WorkspaceID, sys, store.SandboxUser{ExternalID: "ext-pat", FullName: &other, IsSuspended: true}); err != nil {
				return err
			}
			if err := tx.SandboxPutUser(ctx, b.WorkspaceID, sys, store.SandboxUser{ExternalID: "ext-mallory", FullName: &other}); err != nil {
				return err
			}
			return tx.SandboxDeleteUser(ctx, b.WorkspaceID, sys, "ext-pat")
		})
		if got := users(a.WorkspaceID); len(got) != 3 || *got["ext-pat"].FullName != name || got["ext-pat"].IsSuspended {
			t.Errorf("after W_B's writes, W_A's provider users = %+v", got)
		}
		if got := users(b.WorkspaceID); len(got) != 0 {
			t.Errorf("after W_B's writes, W_B sees %+v", got)
		}

		// Replacing, then deleting.
		pat.IsSuspended, pat.EmailAddress = true, nil
		inTx(t, st, func(tx *store.Tx) error { return tx.SandboxPutUser(ctx, a.WorkspaceID, sys, pat) })
		if u := users(a.WorkspaceID)["ext-pat"]; !u.IsSuspended || u.EmailAddress != nil || *u.FullName != name {
			t.Errorf("after replace: %+v", u)
		}
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SandboxDeleteUser(ctx, a.WorkspaceID, sys, "ext-pat"); err != nil {
				return err
			}
			// The provider's "not found" on delete counts as done.
			return tx.SandboxDeleteUser(ctx, a.WorkspaceID, sys, "ext-pat")
		})
		if got := users(a.WorkspaceID); len(got) != 2 {
			t.Errorf("after delete: %+v", got)
		}
	})
}

func TestSandboxCredentials(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sys := a.Systems[1].AcsSystemID // codes
		creds := func(ws string) map[string]store.SandboxCredential {
			t.Helper()
			out := map[string]store.SandboxCredential{}
			view(t, st, func(tx *store.Tx) error {
				cs, err := tx.SandboxCredentials(ctx, ws, sys)
				for _, c := range cs {
					out[c.ExternalID] = c
				}
				return err
			})
			return out
		}
		if n := len(creds(a.WorkspaceID)); n != 2 {
			t.Fatalf("seeded provider credentials = %d, want 2", n)
		}
		owner, code, evil := "ext-pat", "4821", "0000"
		inTx(t, st, func(tx *store.Tx) error {
			return tx.SandboxPutCredential(ctx, a.WorkspaceID, sys, store.SandboxCredential{ExternalID: "ext-c1",
				UserExternalID: &owner, AccessMethod: "code", Code: &code})
		})
		if c := creds(a.WorkspaceID)["ext-c1"]; c.Code == nil || *c.Code != code || *c.UserExternalID != owner ||
			c.AccessMethod != "code" || c.CardNumber != nil {
			t.Errorf("SandboxCredentials = %+v", c)
		}

		// Different workspace: W_B neither sees, replaces, adds nor deletes.
		if got := creds(b.WorkspaceID); len(got) != 0 {
			t.Errorf("SandboxCredentials from W_B = %+v", got)
		}
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SandboxPutCredential(ctx, b.WorkspaceID, sys, store.SandboxCredential{ExternalID: "ext-c1",
				AccessMethod: "code", Code: &evil}); err != nil {
				return err
			}
			if err := tx.SandboxPutCredential(ctx, b.WorkspaceID, sys, store.SandboxCredential{ExternalID: "ext-c2",
				AccessMethod: "code", Code: &evil}); err != nil {
				return err
			}
			return tx.SandboxDeleteCredential(ctx, b.WorkspaceID, sys, "ext-c1")
		})
		got := creds(a.WorkspaceID)
		if c := got["ext-c1"]; len(got) != 3 || c.Code == nil || *c.Code != code || c.UserExternalID == nil {
			t.Errorf("after W_B's writes, W_A's provider credentials = %+v", got)
		}
		if got := creds(b.WorkspaceID); len(got) != 0 {
			t.Errorf("after W_B's writes, W_B sees %+v", got)
		}

		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SandboxDeleteCredential(ctx, a.WorkspaceID, sys, "ext-c1"); err != nil {
				return err
			}
			return tx.SandboxDeleteCredential(ctx, a.WorkspaceID, sys, "ext-c1")
		})
		if got := creds(a.WorkspaceID); len(got) != 2 {
			t.Errorf("after delete: %+v", got)
		}
	})
}

func TestSandboxGroupMembers(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sys := a.Systems[1].AcsSystemID
		members := func(ws string) []string {
			t.Helper()
			var out []string
			view(t, st, func(tx *store.Tx) error {
				var err error
				out, err = tx.SandboxGroupMembers(ctx, ws, sys, "ext-g1")
				return err
			})
			return out
		}
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SandboxSetGroupMember(ctx, a.WorkspaceID, sys, "ext-g1", "ext-u1", true); err != nil {
				return err
			}
			// Adding twice is harmless.
			return tx.SandboxSetGroupMember(ctx, a.WorkspaceID, sys, "ext-g1", "ext-u1", true)
		})
		if got := members(a.WorkspaceID); !slices.Equal(got, []string{"ext-u1"}) {
			t.Errorf("SandboxGroupMembers = %v", got)
		}

		// Different workspace: W_B neither sees, removes nor adds.
		if got := members(b.WorkspaceID); len(got) != 0 {
			t.Errorf("SandboxGroupMembers from W_B = %v", got)
		}
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SandboxSetGroupMember(ctx, b.WorkspaceID, sys, "ext-g1", "ext-u1", false); err != nil {
				return err
			}
			return tx.SandboxSetGroupMember(ctx, b.WorkspaceID, sys, "ext-g1", "ext-u2", true)
		})
		if got := members(a.WorkspaceID); !slices.Equal(got, []string{"ext-u1"}) {
			t.Errorf("after W_B's writes, W_A's members = %v", got)
		}
		if got := members(b.WorkspaceID); len(got) != 0 {
			t.Errorf("after W_B's writes, W_B sees %v", got)
		}

		// W_A's own add of the member W_B tried to add goes through.
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SandboxSetGroupMember(ctx, a.WorkspaceID, sys, "ext-g1", "ext-u2", true); err != nil {
				return err
			}
			return tx.SandboxSetGroupMember(ctx, a.WorkspaceID, sys, "ext-g1", "ext-u1", false)
		})
		if got := members(a.WorkspaceID); !slices.Equal(got, []string{"ext-u2"}) {
			t.Errorf("after add and remove: %v, want [ext-u2]", got)
		}
	})
}
