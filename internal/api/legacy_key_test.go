package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestAPIKeyWithTheBridgePrefix: an API key issued before bridge client
// session tokens took the "seam_bcs" prefix may have a short part that
// starts with "bcs"; it still authenticates as the API key it is, and only
// with its own secret.
func TestAPIKeyWithTheBridgePrefix(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		ctx := context.Background()
		err := st.InTx(ctx, func(tx *store.Tx) error {
			return tx.CreateAPIKey(ctx, s.A.WorkspaceID, store.APIKey{APIKeyID: lintel.NewID(), WorkspaceID: s.A.WorkspaceID,
				Name: "old", ShortToken: "bcsLegacy7", LongTokenHash: secret.HashLong("oldSecret42"), CreatedAt: tx.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
		r := s.call(http.MethodPost, "/acs/systems/list", "seam_bcsLegacy7_oldSecret42", map[string]any{})
		if r.Status != 200 || len(r.Body["acs_systems"].([]any)) != len(s.A.Systems) {
			t.Errorf("the old key: %d %s; want W_A's systems", r.Status, r.Raw)
		}
		s.wantError(s.call(http.MethodPost, "/acs/systems/list", "seam_bcsLegacy7_wrongSecret", map[string]any{}), 401, "unauthorized")
		s.wantError(s.call(http.MethodPost, "/acs/systems/list", "seam_bcsNoSuchKey_oldSecret42", map[string]any{}), 401, "unauthorized")
	})
}
