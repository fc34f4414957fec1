package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestAcsObjectErrors(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		user := a.Systems[0].AcsUserIDs[0]
		cred := a.Systems[0].CredentialIDs[user][0]
		e := store.ObjectError{CreatedAt: time.Now(), ErrorCode: "failed_to_update_on_acs_system", Message: "m"}
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: not found, nothing changes.
			if _, err := tx.AddAcsUserError(ctx, b.WorkspaceID, user, e); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("AddAcsUserError from W_B: %v", err)
			}
			if _, err := tx.AddAcsCredentialError(ctx, b.WorkspaceID, cred, e); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("AddAcsCredentialError from W_B: %v", err)
			}
			if err := tx.RemoveAcsUserError(ctx, b.WorkspaceID, user, e.ErrorCode); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("RemoveAcsUserError from W_B: %v", err)
			}
			for i, want := range []bool{true, false} {
				added, err := tx.AddAcsUserError(ctx, a.WorkspaceID, user, e)
				if err != nil || added != want {
					t.Errorf("AddAcsUserError #%d = %v, %v; want %v", i+1, added, err, want)
				}
				added, err = tx.AddAcsCredentialError(ctx, a.WorkspaceID, cred, e)
				if err != nil || added != want {
					t.Errorf("AddAcsCredentialError #%d = %v, %v; want %v", i+1, added, err, want)
				}
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			u, err := tx.AcsUser(ctx, a.WorkspaceID, user)
			if err == nil && len(store.ObjectErrors(u.Errors)) != 1 {
				t.Errorf("user errors %s, want one", u.Errors)
			}
			return err
		})
		inTx(t, st, func(tx *store.Tx) error {
			// Different workspace: W_A's error stays.
			if err := tx.RemoveAcsUserError(ctx, b.WorkspaceID, user, e.ErrorCode); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("RemoveAcsUserError from W_B: %v", err)
			}
			if u, err := tx.AcsUser(ctx, a.WorkspaceID, user); err != nil || len(store.ObjectErrors(u.Errors)) != 1 {
				t.Errorf("after W_B's removal, user errors %s, %v; want one", u.Errors, err)
			}
			return tx.RemoveAcsUserError(ctx, a.WorkspaceID, user, e.ErrorCode)
		})
		view(t, st, func(tx *store.Tx) error {
			u, err := tx.AcsUser(ctx, a.WorkspaceID, user)
			if err == nil && u.Errors != "[]" {
				t.Errorf("user errors %s after the removal, want []", u.Errors)
			}
			return err
		})
	})
}

func TestReconcileReads(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sys := a.Systems[0]
		view(t, st, func(tx *store.Tx) error {
			all, err := tx.AllAcsSystems(ctx)
			if err != nil || len(all) != 4 {
				t.Errorf("AllAcsSystems = %d, %v; want the 4 of both workspaces", len(all), err)
			}
			s, err := tx.FindAcsSystem(ctx, sys.AcsSystemID)
			if err != nil || s.WorkspaceID != a.WorkspaceID {
				t.Errorf("FindAcsSystem = %+v, %v", s, err)
			}
			users, err := tx.ManagedAcsUsersOfSystem(ctx, a.WorkspaceID, sys.AcsSystemID, "", -1)
			if err != nil || len(users) != len(sys.AcsUserIDs) {
				t.Errorf("ManagedAcsUsersOfSystem = %d, %v", len(users), err)
			}
			// Different workspace.
			if users, _ := tx.ManagedAcsUsersOfSystem(ctx, b.WorkspaceID, sys.AcsSystemID, "", -1); len(users) != 0 {
				t.Errorf("ManagedAcsUsersOfSystem from W_B = %d", len(users))
			}
			return nil
		})
		user := sys.AcsUserIDs[0]
		var requested time.Time
		inTx(t, st, func(tx *store.Tx) error {
			requested = tx.Now()
			if _, err := tx.ClaimAcsUserDelete(ctx, a.WorkspaceID, user); err != nil {
				return err
			}
			_, err := tx.InvalidateCredentialsOfUser(ctx, a.WorkspaceID, user)
			return err
		})
		view(t, st, func(tx *store.Tx) error {
			ids, err := tx.CredentialIDsInvalidatedWithUser(ctx, a.WorkspaceID, user, requested)
			if err != nil || len(ids) != len(sys.CredentialIDs[user]) {
				t.Errorf("CredentialIDsInvalidatedWithUser = %v, %v", ids, err)
			}
			if ids, _ := tx.CredentialIDsInvalidatedWithUser(ctx, b.WorkspaceID, user, requested); len(ids) != 0 {
				t.Errorf("CredentialIDsInvalidatedWithUser from W_B = %v", ids)
			}
			return nil
		})
	})
}
