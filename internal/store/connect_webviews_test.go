package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestConnectWebviews(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		key := "jane"
		newWebview := func(tx *store.Tx, token, metadata string) store.ConnectWebview {
			return store.ConnectWebview{ConnectWebviewID: lintel.NewID(), AuthTokenHash: secret.HashLong(token),
				AuthTokenSealed: "v1:sealed", ExpiresAt: tx.Now().Add(3600e9), Status: "pending",
				AcceptedProviders: []string{"august", "schlage"}, AcceptedCapabilities: []string{"lock"},
				DeviceSelectionMode: "none", CustomMetadata: metadata, AutomaticallyManageNewDevices: true,
				UserIdentifierKey: &key, CreatedAt: tx.Now()}
		}
		var first, second, bs store.ConnectWebview
		inTx(t, st, func(tx *store.Tx) error {
			first = newWebview(tx, "token-1", `{"site":"berlin","vip":true}`)
			second = newWebview(tx, "token-2", `{"site":"paris"}`)
			second.UserIdentifierKey = nil
			if err := tx.InsertConnectWebview(ctx, a.WorkspaceID, first); err != nil {
				return err
			}
			if err := tx.InsertConnectWebview(ctx, a.WorkspaceID, second); err != nil {
				return err
			}
			// Different workspace: W_B's own webview, with the same user
			// identifier key and metadata, stays out of W_A's reads.
			bs = newWebview(tx, "token-b", `{"site":"berlin","vip":true}`)
			return tx.InsertConnectWebview(ctx, b.WorkspaceID, bs)
		})

		t.Run("get and find by token", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				w, err := tx.ConnectWebview(ctx, a.WorkspaceID, first.ConnectWebviewID)
				if err != nil {
					return err
				}
				if w.Status != "pending" || !slices.Equal(w.AcceptedProviders, []string{"august", "schlage"}) ||
					w.UserIdentifierKey == nil || *w.UserIdentifierKey != "jane" || w.ConnectedAccountID != nil ||
					w.CustomMetadata != `{"site":"berlin","vip":true}` || !w.AutomaticallyManageNewDevices {
					t.Errorf("ConnectWebview = %+v", w)
				}
				if w, err := tx.ConnectWebviewByAuthToken(ctx, secret.HashLong("token-2")); err != nil || w.ConnectWebviewID != second.ConnectWebviewID {
					t.Errorf("ConnectWebviewByAuthToken = %+v, %v", w, err)
				}
				if _, err := tx.ConnectWebviewByAuthToken(ctx, secret.HashLong("token-3")); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ConnectWebviewByAuthToken of an unknown token: %v", err)
				}
				// Different workspace.
				if _, err := tx.ConnectWebview(ctx, b.WorkspaceID, first.ConnectWebviewID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ConnectWebview from W_B: %v", err)
				}
				return nil
			})
		})

		t.Run("list", func(t *testing.T) {
			req, err := page.NewRequest(0, page.MaxLimit, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			ids := func(ws []store.ConnectWebview) []string {
				var out []string
				for _, w := range ws {
					out = append(out, w.ConnectWebviewID)
				}
				return out
			}
			for name, c := range map[string]struct {
				ws   string
				f    store.ConnectWebviewFilter
				want []string
			}{
				"all":                   {a.WorkspaceID, store.ConnectWebviewFilter{}, []string{first.ConnectWebviewID, second.ConnectWebviewID}},
				"user identifier key":   {a.WorkspaceID, store.ConnectWebviewFilter{UserIdentifierKey: "jane"}, []string{first.ConnectWebviewID}},
				"metadata string":       {a.WorkspaceID, store.ConnectWebviewFilter{CustomMetadataHas: map[string]any{"site": "paris"}}, []string{second.ConnectWebviewID}},
				"metadata bool":         {a.WorkspaceID, store.ConnectWebviewFilter{CustomMetadataHas: map[string]any{"vip": true, "site": "berlin"}}, []string{first.ConnectWebviewID}},
				"metadata unset":        {a.WorkspaceID, store.ConnectWebviewFilter{CustomMetadataHas: map[string]any{"vip": nil}}, []string{second.ConnectWebviewID}},
				"metadata prefix":       {a.WorkspaceID, store.ConnectWebviewFilter{CustomMetadataHas: map[string]any{"site": "ber"}}, nil},
				"metadata case":         {a.WorkspaceID, store.ConnectWebviewFilter{CustomMetadataHas: map[string]any{"site": "Berlin"}}, nil},
				"metadata bool as text": {a.WorkspaceID, store.ConnectWebviewFilter{CustomMetadataHas: map[string]any{"vip": "true"}}, nil},
				"metadata any of":       {a.WorkspaceID, store.ConnectWebviewFilter{CustomMetadataHas: map[string]any{"site": []any{"rome", "paris"}}}, []string{second.ConnectWebviewID}},
				"search":                {a.WorkspaceID, store.ConnectWebviewFilter{Search: "PARIS"}, []string{second.ConnectWebviewID}},
				"scope":                 {a.WorkspaceID, store.ConnectWebviewFilter{ConnectWebviewIDs: []string{second.ConnectWebviewID}}, []string{second.ConnectWebviewID}},
				"empty scope":           {a.WorkspaceID, store.ConnectWebviewFilter{ConnectWebviewIDs: []string{}}, nil},
				// Different workspace.
				"W_B":                {b.WorkspaceID, store.ConnectWebviewFilter{}, []string{bs.ConnectWebviewID}},
				"W_B with W_A's ids": {b.WorkspaceID, store.ConnectWebviewFilter{ConnectWebviewIDs: []string{first.ConnectWebviewID}}, nil},
			} {
				view(t, st, func(tx *store.Tx) error {
					got, err := tx.ListConnectWebviews(ctx, c.ws, c.f, req)
					if err != nil {
						return err
					}
					if !slices.Equal(ids(got), c.want) {
						t.Errorf("%s: got %v, want %v", name, ids(got), c.want)
					}
					return nil
				})
			}
		})

		t.Run("W_B lists none of W_A's", func(t *testing.T) {
			req, _ := page.NewRequest(0, page.MaxLimit, nil, nil)
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.ListConnectWebviews(ctx, b.WorkspaceID, store.ConnectWebviewFilter{UserIdentifierKey: "jane",
					CustomMetadataHas: map[string]any{"site": "berlin"}}, req)
				if err != nil {
					return err
				}
				if len(got) != 1 || got[0].ConnectWebviewID != bs.ConnectWebviewID || got[0].WorkspaceID != b.WorkspaceID {
					t.Errorf("W_B's list = %+v", got)
				}
				return nil
			})
		})

		t.Run("progress", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				w := first
				provider, email, account, now := "august", "jane@example.com", lintel.NewID(), tx.Now()
				w.SelectedProvider, w.LoginEmail, w.FailedLogins = &provider, &email, 2
				// Different workspace: nothing changes.
				if err := tx.UpdateConnectWebviewProgress(ctx, b.WorkspaceID, w); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("UpdateConnectWebviewProgress from W_B: %v", err)
				}
				if got, err := tx.ConnectWebview(ctx, a.WorkspaceID, w.ConnectWebviewID); err != nil || got.SelectedProvider != nil {
					t.Errorf("after W_B's update: %+v, %v", got, err)
				}
				if err := tx.UpdateConnectWebviewProgress(ctx, a.WorkspaceID, w); err != nil {
					return err
				}
				w.Status, w.ConnectedAccountID, w.AuthorizedAt, w.LoginEmail = "authorized", &account, &now, nil
				if err := tx.UpdateConnectWebviewProgress(ctx, a.WorkspaceID, w); err != nil {
					return err
				}
				got, err := tx.ConnectWebview(ctx, a.WorkspaceID, w.ConnectWebviewID)
				if err != nil {
					return err
				}
				if got.Status != "authorized" || *got.SelectedProvider != "august" || got.FailedLogins != 2 ||
					got.LoginEmail != nil || *got.ConnectedAccountID != account || got.AuthorizedAt == nil {
					t.Errorf("after progress: %+v", got)
				}
				// A webview no longer pending takes no more progress.
				w.Status = "failed"
				if err := tx.UpdateConnectWebviewProgress(ctx, a.WorkspaceID, w); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("progress on an authorized webview: %v", err)
				}
				return nil
			})
		})

		t.Run("delete", func(t *testing.T) {
			inTx(t, st, func(tx *store.Tx) error {
				if err := tx.DeleteConnectWebview(ctx, b.WorkspaceID, second.ConnectWebviewID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("DeleteConnectWebview from W_B: %v", err)
				}
				if _, err := tx.ConnectWebview(ctx, a.WorkspaceID, second.ConnectWebviewID); err != nil {
					t.Errorf("W_B's delete removed W_A's webview: %v", err)
				}
				if err := tx.DeleteConnectWebview(ctx, a.WorkspaceID, second.ConnectWebviewID); err != nil {
					return err
				}
				if _, err := tx.ConnectWebviewByAuthToken(ctx, secret.HashLong("token-2")); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("a deleted webview is still found by its token: %v", err)
				}
				if err := tx.DeleteConnectWebview(ctx, a.WorkspaceID, second.ConnectWebviewID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("second delete: %v", err)
				}
				return nil
			})
		})
	})
}
