package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// twoWorkspaces creates W_A and W_B with the same shape.
func twoWorkspaces(t *testing.T, st *store.Store) (a, b store.Workspace) {
	t.Helper()
	ctx := context.Background()
	err := st.InTx(ctx, func(tx *store.Tx) error {
		for _, w := range []*store.Workspace{&a, &b} {
			*w = store.Workspace{WorkspaceID: lintel.NewID(), Name: "w", CompanyName: "c", CreatedAt: tx.Now(),
				IsPublishableKeyAuthEnabled: true}
			if err := tx.CreateWorkspace(ctx, *w); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

func inTx(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := st.InTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func TestWorkspaces(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		inTx(t, st, func(tx *store.Tx) error {
			got, err := tx.Workspace(ctx, a.WorkspaceID)
			if err != nil {
				return err
			}
			if got.WorkspaceID != a.WorkspaceID || got.Name != "w" || got.ConnectPartnerName != nil {
				t.Errorf("Workspace = %+v", got)
			}
			// Different workspace: W_B's id gives W_B, never W_A.
			if got, err := tx.Workspace(ctx, b.WorkspaceID); err != nil || got.WorkspaceID != b.WorkspaceID {
				t.Errorf("Workspace(W_B) = %+v, %v", got.WorkspaceID, err)
			}
			if _, err := tx.Workspace(ctx, lintel.NewID()); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("unknown workspace: err = %v, want ErrNotFound", err)
			}
			// UpdateWorkspace changes the settings of its workspace only.
			partner, org := "Partner", lintel.NewID()
			upd := got
			upd.Name, upd.ConnectPartnerName, upd.OrganizationID = "renamed", &partner, &org
			upd.ConnectWebviewCustomization, upd.IsPublishableKeyAuthEnabled = `{"logo_shape":"circle"}`, false
			upd.CompanyName, upd.IsSandbox = "ignored", true // not settings a caller changes
			if err := tx.UpdateWorkspace(ctx, upd); err != nil {
				return err
			}
			if got, err := tx.Workspace(ctx, a.WorkspaceID); err != nil || got.Name != "renamed" || got.ConnectPartnerName == nil ||
				*got.ConnectPartnerName != partner || got.OrganizationID == nil || *got.OrganizationID != org ||
				got.ConnectWebviewCustomization != `{"logo_shape":"circle"}` || got.IsPublishableKeyAuthEnabled ||
				got.CompanyName != "c" || got.IsSandbox {
				t.Errorf("after UpdateWorkspace, W_A = %+v, %v", got, err)
			}
			// Different workspace: W_B keeps its settings.
			if got, err := tx.Workspace(ctx, b.WorkspaceID); err != nil || got.Name != "w" || !got.IsPublishableKeyAuthEnabled ||
				got.ConnectPartnerName != nil || got.ConnectWebviewCustomization != "{}" {
				t.Errorf("after W_A's update, W_B = %+v, %v", got, err)
			}
			// Different workspace: W_B's update leaves W_A's settings.
			wb, err := tx.Workspace(ctx, b.WorkspaceID)
			if err != nil {
				return err
			}
			wb.Name = "B renamed"
			if err := tx.UpdateWorkspace(ctx, store.Workspace{WorkspaceID: b.WorkspaceID, Name: wb.Name,
				IsPublishableKeyAuthEnabled: true}); err != nil {
				return err
			}
			if got, err := tx.Workspace(ctx, a.WorkspaceID); err != nil || got.Name != "renamed" || got.ConnectPartnerName == nil {
				t.Errorf("after W_B's update, W_A = %+v, %v", got, err)
			}
			if err := tx.UpdateWorkspace(ctx, store.Workspace{WorkspaceID: lintel.NewID(), Name: "x"}); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UpdateWorkspace(unknown) = %v, want ErrNotFound", err)
			}
			n, err := tx.CountWorkspaces(ctx)
			if err != nil || n != 2 {
				t.Errorf("CountWorkspaces = %d, %v", n, err)
			}
			all, err := tx.AllWorkspaces(ctx)
			if err != nil || len(all) != 2 {
				t.Errorf("AllWorkspaces = %d, %v", len(all), err)
			}
			u := store.ConsoleUser{UserID: lintel.NewID(), Email: "u@example.com", CreatedAt: tx.Now()}
			if err := tx.CreateConsoleUser(ctx, u); err != nil {
				return err
			}
			if err := tx.AddWorkspaceMember(ctx, b.WorkspaceID, u.UserID); err != nil {
				return err
			}
			// Adding twice is harmless.
			if err := tx.AddWorkspaceMember(ctx, b.WorkspaceID, u.UserID); err != nil {
				return err
			}
			// Different workspace: membership in W_B says nothing of W_A.
			if ok, err := tx.IsWorkspaceMember(ctx, a.WorkspaceID, u.UserID); err != nil || ok {
				t.Errorf("IsWorkspaceMember(W_A) = %v, %v; want false", ok, err)
			}
			if ok, err := tx.IsWorkspaceMember(ctx, b.WorkspaceID, u.UserID); err != nil || !ok {
				t.Errorf("IsWorkspaceMember(W_B) = %v, %v; want true", ok, err)
			}
			ws, err := tx.WorkspacesOfUser(ctx, u.UserID)
			if err != nil || len(ws) != 1 || ws[0].WorkspaceID != b.WorkspaceID {
				t.Errorf("WorkspacesOfUser = %+v, %v", ws, err)
			}
			got2, err := tx.ConsoleUserByEmail(ctx, "u@example.com")
			if err != nil || got2.UserID != u.UserID {
				t.Errorf("ConsoleUserByEmail = %+v, %v", got2, err)
			}
			if _, err := tx.ConsoleUserByEmail(ctx, "nobody@example.com"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("ConsoleUserByEmail(unknown) err = %v", err)
			}
			return nil
		})
	})
}

func TestAPIKeys(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		k := store.APIKey{APIKeyID: lintel.NewID(), Name: "k", ShortToken: "short1", LongTokenHash: []byte{1, 2, 3}}
		inTx(t, st, func(tx *store.Tx) error {
			k.CreatedAt = tx.Now()
			return tx.CreateAPIKey(ctx, a.WorkspaceID, k)
		})
		inTx(t, st, func(tx *store.Tx) error {
			got, err := tx.APIKeyByShortToken(ctx, "short1")
			if err != nil {
				return err
			}
			if got.WorkspaceID != a.WorkspaceID || string(got.LongTokenHash) != "\x01\x02\x03" {
				t.Errorf("APIKeyByShortToken = %+v", got)
			}
			if keys, err := tx.APIKeys(ctx, b.WorkspaceID); err != nil || len(keys) != 0 {
				t.Errorf("APIKeys(W_B) = %v, %v; want none", keys, err)
			}
			if keys, err := tx.APIKeys(ctx, a.WorkspaceID); err != nil || len(keys) != 1 {
				t.Errorf("APIKeys(W_A) = %v, %v; want one", keys, err)
			}
			// Different workspace: W_B cannot delete W_A's key.
			if err := tx.DeleteAPIKey(ctx, b.WorkspaceID, k.APIKeyID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("DeleteAPIKey from W_B: err = %v, want ErrNotFound", err)
			}
			// Different workspace: a key W_B creates is W_B's, and W_A's
			// keys stay one.
			kb := store.APIKey{APIKeyID: lintel.NewID(), Name: "kb", ShortToken: "short2", LongTokenHash: []byte{4}, CreatedAt: tx.Now()}
			if err := tx.CreateAPIKey(ctx, b.WorkspaceID, kb); err != nil {
				return err
			}
			if got, err := tx.APIKeyByShortToken(ctx, "short2"); err != nil || got.WorkspaceID != b.WorkspaceID {
				t.Errorf("W_B's key = %+v, %v; want W_B's", got, err)
			}
			if keys, err := tx.APIKeys(ctx, a.WorkspaceID); err != nil || len(keys) != 1 || keys[0].APIKeyID != k.APIKeyID {
				t.Errorf("APIKeys(W_A) after W_B's create = %v, %v; want W_A's one", keys, err)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error { return tx.DeleteAPIKey(ctx, a.WorkspaceID, k.APIKeyID) })
		inTx(t, st, func(tx *store.Tx) error {
			if _, err := tx.APIKeyByShortToken(ctx, "short1"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("deleted key still found: %v", err)
			}
			if err := tx.DeleteAPIKey(ctx, a.WorkspaceID, k.APIKeyID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("deleting twice: err = %v", err)
			}
			return nil
		})
	})
}

func TestPersonalAccessTokensAndSessions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		u := store.ConsoleUser{UserID: lintel.NewID(), Email: "p@example.com"}
		other := store.ConsoleUser{UserID: lintel.NewID(), Email: "q@example.com"}
		past := time.Now().Add(-time.Hour)
		inTx(t, st, func(tx *store.Tx) error {
			for _, x := range []store.ConsoleUser{u, other} {
				x.CreatedAt = tx.Now()
				if err := tx.CreateConsoleUser(ctx, x); err != nil {
					return err
				}
			}
			if err := tx.CreatePAT(ctx, store.PersonalAccessToken{PATID: lintel.NewID(), UserID: u.UserID,
				ShortToken: "live", LongTokenHash: []byte{9}, CreatedAt: tx.Now()}); err != nil {
				return err
			}
			if err := tx.CreatePAT(ctx, store.PersonalAccessToken{PATID: lintel.NewID(), UserID: u.UserID,
				ShortToken: "expired", LongTokenHash: []byte{9}, CreatedAt: tx.Now(), ExpiresAt: &past}); err != nil {
				return err
			}
			return tx.CreateConsoleSession(ctx, store.ConsoleSession{ConsoleSessionID: "s1", UserID: u.UserID,
				CreatedAt: tx.Now(), ExpiresAt: tx.Now().Add(time.Hour)})
		})
		inTx(t, st, func(tx *store.Tx) error {
			p, err := tx.PATByShortToken(ctx, "live")
			if err != nil || p.UserID != u.UserID {
				t.Errorf("PATByShortToken = %+v, %v", p, err)
			}
			if _, err := tx.PATByShortToken(ctx, "expired"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("expired PAT found: %v", err)
			}
			// Another user cannot revoke it.
			if err := tx.RevokePAT(ctx, other.UserID, p.PATID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("RevokePAT by another user: %v", err)
			}
			if ok, err := tx.LiveConsoleSession(ctx, u.UserID, "s1"); err != nil || !ok {
				t.Errorf("LiveConsoleSession = %v, %v", ok, err)
			}
			if ok, err := tx.LiveConsoleSession(ctx, other.UserID, "s1"); err != nil || ok {
				t.Errorf("LiveConsoleSession(other user) = %v, %v", ok, err)
			}
			return tx.RevokePAT(ctx, u.UserID, p.PATID)
		})
		inTx(t, st, func(tx *store.Tx) error {
			if _, err := tx.PATByShortToken(ctx, "live"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("revoked PAT found: %v", err)
			}
			return nil
		})
	})
}

func TestPublishableKeys(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		inTx(t, st, func(tx *store.Tx) error {
			return tx.CreatePublishableKey(ctx, a.WorkspaceID, store.PublishableKey{PublishableKeyID: lintel.NewID(),
				ShortToken: "pk1", LongTokenHash: []byte{7}, CreatedAt: tx.Now()})
		})
		inTx(t, st, func(tx *store.Tx) error {
			k, err := tx.PublishableKeyByShortToken(ctx, "pk1")
			if err != nil || k.WorkspaceID != a.WorkspaceID || k.PublishableKeyID == "" || string(k.LongTokenHash) != "\x07" {
				t.Errorf("PublishableKeyByShortToken = %+v, %v", k, err)
			}
			// Different workspace: the key authenticates W_A only.
			if k.WorkspaceID == b.WorkspaceID {
				t.Errorf("W_A's publishable key resolves to W_B")
			}
			// Different workspace: W_B's key is W_B's; W_A's still W_A's.
			if err := tx.CreatePublishableKey(ctx, b.WorkspaceID, store.PublishableKey{PublishableKeyID: lintel.NewID(),
				ShortToken: "pk2", LongTokenHash: []byte{8}, CreatedAt: tx.Now()}); err != nil {
				return err
			}
			if kb, err := tx.PublishableKeyByShortToken(ctx, "pk2"); err != nil || kb.WorkspaceID != b.WorkspaceID {
				t.Errorf("W_B's publishable key = %+v, %v", kb, err)
			}
			if ka, err := tx.PublishableKeyByShortToken(ctx, "pk1"); err != nil || ka.WorkspaceID != a.WorkspaceID {
				t.Errorf("W_A's publishable key after W_B's create = %+v, %v", ka, err)
			}
			if _, err := tx.PublishableKeyByShortToken(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("unknown publishable key: %v", err)
			}
			// Publishable key authentication turned off: the key is not found.
			w, err := tx.Workspace(ctx, a.WorkspaceID)
			if err != nil {
				return err
			}
			w.IsPublishableKeyAuthEnabled = false
			if err := tx.UpdateWorkspace(ctx, w); err != nil {
				return err
			}
			if _, err := tx.PublishableKeyByShortToken(ctx, "pk1"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("publishable key of a workspace that turned them off: %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}
