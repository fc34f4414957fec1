package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestClientSessionStore(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededIdentityPair(t, st)
		ws, other := a.WorkspaceID, b.WorkspaceID
		idents := a.Systems[0].UserIdentityIDs
		key := "app-user"
		cs := store.ClientSession{ClientSessionID: lintel.NewID(), ShortToken: "cs1", LongTokenHash: []byte{1},
			TokenSealed: "v1:x", UserIdentifierKey: &key, ConnectedAccountIDs: []string{a.ConnectedAccountID},
			UserIdentityIDs: []string{idents[0]}}
		solo := store.ClientSession{ClientSessionID: lintel.NewID(), ShortToken: "cs2", LongTokenHash: []byte{2},
			TokenSealed: "v1:y", UserIdentityIDs: []string{idents[1]}}
		inTx(t, st, func(tx *store.Tx) error {
			for _, s := range []*store.ClientSession{&cs, &solo} {
				s.CreatedAt, s.ExpiresAt = tx.Now(), tx.Now().Add(time.Hour)
				if err := tx.InsertClientSession(ctx, ws, *s); err != nil {
					return err
				}
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			got, err := tx.LiveClientSessionByShortToken(ctx, "cs1")
			if err != nil || got.WorkspaceID != ws || !slices.Equal(got.UserIdentityIDs, []string{idents[0]}) ||
				!slices.Equal(got.ConnectedAccountIDs, []string{a.ConnectedAccountID}) {
				t.Errorf("LiveClientSessionByShortToken = %+v, %v", got, err)
			}
			if _, err := tx.LiveClientSession(ctx, other, cs.ClientSessionID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("LiveClientSession(W_B): %v", err)
			}
			if got, err := tx.LiveClientSessionByUserIdentifierKey(ctx, ws, key); err != nil || got.ClientSessionID != cs.ClientSessionID {
				t.Errorf("LiveClientSessionByUserIdentifierKey = %+v, %v", got, err)
			}
			if _, err := tx.LiveClientSessionByUserIdentifierKey(ctx, other, key); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("LiveClientSessionByUserIdentifierKey(W_B): %v", err)
			}
			if got, err := tx.LiveClientSessionOfIdentity(ctx, ws, idents[1]); err != nil || got.ClientSessionID != solo.ClientSessionID {
				t.Errorf("LiveClientSessionOfIdentity = %+v, %v", got, err)
			}
			// cs has a user identifier key: not "the session of" its identity.
			if _, err := tx.LiveClientSessionOfIdentity(ctx, ws, idents[0]); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("LiveClientSessionOfIdentity(keyed): %v", err)
			}
			if _, err := tx.LiveClientSessionOfIdentity(ctx, other, idents[1]); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("LiveClientSessionOfIdentity(W_B): %v", err)
			}
			for _, f := range []store.ClientSessionFilter{{}, {UserIdentityID: idents[0]}, {ClientSessionID: cs.ClientSessionID}} {
				if list, err := tx.ListClientSessions(ctx, other, f); err != nil || len(list) != 0 {
					t.Errorf("ListClientSessions(W_B, %+v) = %+v, %v", f, list, err)
				}
			}
			list, err := tx.ListClientSessions(ctx, ws, store.ClientSessionFilter{WithoutUserIdentifierKey: true})
			if err != nil || len(list) != 1 || list[0].ClientSessionID != solo.ClientSessionID {
				t.Errorf("ListClientSessions(without key) = %+v, %v", list, err)
			}
			// Different workspace: W_B cannot change or revoke W_A's sessions.
			if err := tx.SetClientSessionExpiry(ctx, other, cs.ClientSessionID, tx.Now()); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SetClientSessionExpiry(W_B): %v", err)
			}
			if err := tx.SetClientSessionScope(ctx, other, cs.ClientSessionID, nil, nil); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("SetClientSessionScope(W_B): %v", err)
			}
			if err := tx.RevokeClientSession(ctx, other, cs.ClientSessionID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("RevokeClientSession(W_B): %v", err)
			}
			if ids, err := tx.RevokeClientSessionsOfIdentity(ctx, other, idents[0]); err != nil || len(ids) != 0 {
				t.Errorf("RevokeClientSessionsOfIdentity(W_B) = %v, %v", ids, err)
			}
			// Nor can W_B add identities to it, and W_A's session cannot
			// take W_B's identity.
			if err := tx.AddClientSessionIdentities(ctx, other, cs.ClientSessionID, []string{idents[2]}); err != nil {
				return err
			}
			if err := tx.AddClientSessionIdentities(ctx, ws, cs.ClientSessionID, []string{b.Systems[0].UserIdentityIDs[0]}); err != nil {
				return err
			}
			if got, err := tx.LiveClientSession(ctx, ws, cs.ClientSessionID); err != nil || !slices.Equal(got.UserIdentityIDs, []string{idents[0]}) {
				t.Errorf("after cross-workspace adds: %+v, %v", got.UserIdentityIDs, err)
			}
			if err := tx.AddClientSessionIdentities(ctx, ws, cs.ClientSessionID, []string{idents[2], idents[0]}); err != nil {
				return err
			}
			return tx.SetClientSessionScope(ctx, ws, cs.ClientSessionID, []string{}, []string{"cw1"})
		})
		inTx(t, st, func(tx *store.Tx) error {
			got, err := tx.LiveClientSession(ctx, ws, cs.ClientSessionID)
			if err != nil || !slices.Equal(got.UserIdentityIDs, []string{idents[0], idents[2]}) ||
				len(got.ConnectedAccountIDs) != 0 || !slices.Equal(got.ConnectWebviewIDs, []string{"cw1"}) {
				t.Errorf("after grant: %+v, %v", got, err)
			}
			if list, err := tx.ListClientSessions(ctx, ws, store.ClientSessionFilter{ConnectWebviewID: "cw1"}); err != nil || len(list) != 1 {
				t.Errorf("ListClientSessions(webview) = %+v, %v", list, err)
			}
			revoked, err := tx.RevokeClientSessionsOfIdentity(ctx, ws, idents[2])
			if err != nil || !slices.Equal(revoked, []string{cs.ClientSessionID}) {
				t.Errorf("RevokeClientSessionsOfIdentity = %v, %v", revoked, err)
			}
			if err := tx.SetClientSessionExpiry(ctx, ws, solo.ClientSessionID, tx.Now().Add(-time.Second)); err != nil {
				return err
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			for _, short := range []string{"cs1", "cs2"} {
				if _, err := tx.LiveClientSessionByShortToken(ctx, short); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("revoked or expired session %s still live: %v", short, err)
				}
			}
			if err := tx.RevokeClientSession(ctx, ws, cs.ClientSessionID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("revoking twice: %v", err)
			}
			if list, err := tx.ListClientSessions(ctx, ws, store.ClientSessionFilter{}); err != nil || len(list) != 0 {
				t.Errorf("live sessions after revoke and expiry = %+v, %v", list, err)
			}
			return nil
		})

		// Different workspace: a session W_B creates is W_B's alone.
		t.Run("different workspace insert", func(t *testing.T) {
			theirs := store.ClientSession{ClientSessionID: lintel.NewID(), ShortToken: "csb", LongTokenHash: []byte{3},
				TokenSealed: "v1:z", UserIdentityIDs: []string{b.Systems[0].UserIdentityIDs[0]}}
			inTx(t, st, func(tx *store.Tx) error {
				theirs.CreatedAt, theirs.ExpiresAt = tx.Now(), tx.Now().Add(time.Hour)
				return tx.InsertClientSession(ctx, other, theirs)
			})
			view(t, st, func(tx *store.Tx) error {
				if got, err := tx.LiveClientSessionByShortToken(ctx, "csb"); err != nil || got.WorkspaceID != other {
					t.Errorf("W_B's session = %+v, %v; want W_B's", got, err)
				}
				mine, err := tx.ListClientSessions(ctx, ws, store.ClientSessionFilter{})
				if err != nil {
					return err
				}
				for _, c := range mine {
					if c.ClientSessionID == theirs.ClientSessionID {
						t.Errorf("W_B's session listed in W_A")
					}
				}
				return nil
			})
		})
	})
}
