package job_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestMutationOrder creates users in an access group and deletes them at
// once, on a system that fails half of its calls: the queued mutations of
// each user are applied in order, so the system ends up holding none of
// them, in no group, and each user's events read created, then deleted.
func TestMutationOrder(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{})
		e.setSandbox(e.A, 0, connector.SandboxConfig{Mode: connector.SandboxRemote, FailRate: 0.5})
		sys := e.A.Systems[0]
		p := principal(e.A)
		var ids []string
		for i := range 10 {
			u, err := e.app.Acs.CreateUser(context.Background(), p, client.AcsUsersCreateParams{AcsSystemID: sys.AcsSystemID,
				FullName: fmt.Sprintf("Ordered %d", i), AcsAccessGroupIDs: sys.AccessGroupIDs})
			if err != nil {
				t.Fatal(err)
			}
			codes := []string{}
			for _, m := range u.PendingMutations {
				codes = append(codes, m.MutationCode)
			}
			if !slices.Contains(codes, "creating") || !slices.Contains(codes, "updating_group_membership") {
				t.Errorf("new user's pending mutations %v, want creating and updating_group_membership", codes)
			}
			if err := e.app.Acs.DeleteUser(context.Background(), p, acs.UserRef{AcsUserID: u.AcsUserID}); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, u.AcsUserID)
		}
		ext := map[string]string{}
		for _, id := range ids {
			ext[id] = e.externalID(id)
		}
		e.eventually("deletions final", func() (bool, error) {
			for _, id := range ids {
				if _, err := e.getUser(id); lintel.ErrorCode(err) != "acs_user_not_found" {
					return false, nil
				}
			}
			return true, nil
		})
		e.checkQueueDrained()
		e.view(func(ctx context.Context, tx *store.Tx) error {
			held, err := tx.SandboxUsers(ctx, e.A.WorkspaceID, sys.AcsSystemID)
			if err != nil {
				return err
			}
			for _, h := range held {
				for id, x := range ext {
					if h.ExternalID == x {
						t.Errorf("the system still holds user %s", id)
					}
				}
			}
			members, err := tx.SandboxGroupMembers(ctx, e.A.WorkspaceID, sys.AcsSystemID, groupExternalID(t, e, sys.AccessGroupIDs[0]))
			for _, m := range members {
				for id, x := range ext {
					if m == x {
						t.Errorf("user %s is still in the group on the system", id)
					}
				}
			}
			return err
		})
		created, deleted := eventsOf(e, event.AcsUserCreated), eventsOf(e, event.AcsUserDeleted)
		checkOnePerUser(t, deleted, ids)
		for _, id := range ids {
			c := slices.IndexFunc(created, func(ev client.Event) bool { return ev.AcsUserID == id })
			d := slices.IndexFunc(deleted, func(ev client.Event) bool { return ev.AcsUserID == id })
			if c < 0 || d < 0 || created[c].EventID > deleted[d].EventID {
				t.Errorf("user %s: created %v, deleted %v: want one of each, created first", id, c >= 0, d >= 0)
			}
		}
	})
}

func groupExternalID(t *testing.T, e *env, groupID string) string {
	t.Helper()
	var ext string
	if err := e.st.DB().QueryRowContext(context.Background(), `SELECT external_id FROM acs_access_groups
		WHERE acs_access_group_id = $1`, groupID).Scan(&ext); err != nil {
		t.Fatal(err)
	}
	return ext
}
