package api_test

import (
	"context"
	"os"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
)

// These read raw state through a throwaway SQL query on the store's pool,
// so the checks do not depend on the code under test.

func queryInt(t *testing.T, st *store.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func credentialLive(t *testing.T, st *store.Store, ws, credID string) bool {
	return queryInt(t, st, `SELECT COUNT(*) FROM acs_credentials WHERE workspace_id = $1 AND acs_credential_id = $2
		AND invalidated_at IS NULL`, ws, credID) > 0
}

func groupHasUser(t *testing.T, st *store.Store, ws, groupID, userID string) bool {
	return queryInt(t, st, `SELECT COUNT(*) FROM acs_access_group_members WHERE workspace_id = $1
		AND acs_access_group_id = $2 AND acs_user_id = $3`, ws, groupID, userID) > 0
}

func identityUsers(t *testing.T, st *store.Store, ws, identID string) int {
	return queryInt(t, st, `SELECT COUNT(*) FROM acs_users WHERE workspace_id = $1 AND user_identity_id = $2
		AND deleted_at IS NULL`, ws, identID)
}

func sandboxHolds(t *testing.T, st *store.Store, ws, sysID, userID string) bool {
	var ext string
	if err := st.DB().QueryRowContext(context.Background(), `SELECT external_id FROM acs_users WHERE acs_user_id = $1`,
		userID).Scan(&ext); err != nil {
		t.Fatal(err)
	}
	return queryInt(t, st, `SELECT COUNT(*) FROM sandbox_provider_users WHERE workspace_id = $1 AND acs_system_id = $2
		AND external_id = $3`, ws, sysID, ext)+
		queryInt(t, st, `SELECT COUNT(*) FROM sandbox_provider_credentials WHERE workspace_id = $1 AND acs_system_id = $2
		AND user_external_id = $3`, ws, sysID, ext) > 0
}

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }
