// Package seed fills a lintel database with ACS users straight through the
// store, as the services would leave them, far faster than through HTTP:
// the benchmarks only need the users to be there.
package seed

import (
	"context"
	"fmt"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// Target is where users go: a sandbox system of a workspace and the access
// groups they join.
type Target struct {
	WorkspaceID string
	AcsSystemID string
	Groups      []store.AcsAccessGroup
}

// NewSandbox creates a workspace with an API key (token, or a random one
// when empty), one inline sandbox system and groups access groups, and
// returns them with the key's token.
func NewSandbox(ctx context.Context, st *store.Store, groups int, token string) (Target, string, error) {
	var t Target
	err := st.InTx(ctx, func(tx *store.Tx) error {
		w, err := workspace.CreateWorkspaceTx(ctx, tx, client.WorkspacesCreateParams{Name: "bench", IsSandbox: true})
		if err != nil {
			return err
		}
		k, err := workspace.CreateAPIKeyTx(ctx, tx, w.WorkspaceID, "bench", token)
		if err != nil {
			return err
		}
		t.WorkspaceID, token = w.WorkspaceID, k.Token
		accountID := lintel.NewID()
		// The store has no connected-account writer yet; this is its row.
		if _, err := tx.SQL().ExecContext(ctx, `INSERT INTO connected_accounts (workspace_id, connected_account_id,
			account_type, account_type_display_name, display_name, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			w.WorkspaceID, accountID, "visionline", "Visionline", "Bench", tx.Now().UnixMilli()); err != nil {
			return err
		}
		sys := store.AcsSystem{AcsSystemID: lintel.NewID(), ConnectedAccountID: accountID, Name: "Bench",
			ExternalType: "visionline_system", ExternalTypeDisplayName: "Visionline", Connector: "sandbox",
			ConnectorConfig: "{}", CreatedAt: tx.Now()}
		if err := tx.InsertAcsSystem(ctx, w.WorkspaceID, sys); err != nil {
			return err
		}
		t.AcsSystemID = sys.AcsSystemID
		for i := range groups {
			g := store.AcsAccessGroup{AcsAccessGroupID: lintel.NewID(), AcsSystemID: sys.AcsSystemID,
				ExternalID: lintel.NewID(), Name: fmt.Sprintf("Bench group %d", i+1),
				AccessGroupType: "visionline_access_group", AccessGroupTypeDisplayName: "Visionline access group",
				CreatedAt: tx.Now()}
			if err := tx.InsertAcsAccessGroup(ctx, w.WorkspaceID, g); err != nil {
				return err
			}
			t.Groups = append(t.Groups, g)
		}
		return nil
	})
	return t, token, err
}

// Users inserts n users into t, each with k code credentials and
// memberships of g of t's groups (taken in turn), both in lintel's tables
// and in the simulated provider's. It commits every batch users and calls
// progress after each commit; it returns the new users' ids when keepIDs.
func Users(ctx context.Context, st *store.Store, t Target, n, k, g, batch int, keepIDs bool, progress func(done int)) ([]string, error) {
	if g > len(t.Groups) {
		return nil, fmt.Errorf("%d groups per user, but the system has %d", g, len(t.Groups))
	}
	if batch <= 0 {
		batch = 2000
	}
	var ids []string
	for done := 0; done < n; {
		size := min(batch, n-done)
		first := done
		var made []string
		err := st.InTx(ctx, func(tx *store.Tx) error {
			made = made[:0] // the store may run fn again
			for i := first; i < first+size; i++ {
				id, err := user(ctx, tx, t, i, k, g)
				if err != nil {
					return err
				}
				if keepIDs {
					made = append(made, id)
				}
			}
			return nil
		})
		if err != nil {
			return ids, err
		}
		ids = append(ids, made...)
		done += size
		if progress != nil {
			progress(done)
		}
	}
	return ids, nil
}

// user writes one user, numbered i, with its credentials and memberships.
func user(ctx context.Context, tx *store.Tx, t Target, i, k, g int) (string, error) {
	ws, sys := t.WorkspaceID, t.AcsSystemID
	now := tx.Now()
	name := fmt.Sprintf("Seeded user %d", i)
	email := fmt.Sprintf("seeded-%s@example.com", lintel.NewID()[24:])
	u := store.AcsUser{AcsUserID: lintel.NewID(), AcsSystemID: sys, ExternalID: lintel.NewID(),
		FullName: &name, EmailAddress: &email, IsManaged: true, CreatedAt: now, LastSuccessfulSyncAt: &now}
	if err := tx.InsertAcsUser(ctx, ws, u); err != nil {
		return "", err
	}
	if err := tx.SandboxPutUser(ctx, ws, sys, store.SandboxUser{ExternalID: u.ExternalID,
		FullName: &name, EmailAddress: &email}); err != nil {
		return "", err
	}
	for j := range k {
		code := fmt.Sprintf("%06d", (i*k+j)%1_000_000)
		c := store.AcsCredential{AcsCredentialID: lintel.NewID(), AcsSystemID: sys, AcsUserID: &u.AcsUserID,
			ExternalID: lintel.NewID(), AccessMethod: "code", Code: &code, IsIssued: true, IssuedAt: &now, CreatedAt: now}
		if err := tx.InsertAcsCredential(ctx, ws, c); err != nil {
			return "", err
		}
		if err := tx.SandboxPutCredential(ctx, ws, sys, store.SandboxCredential{ExternalID: c.ExternalID,
			UserExternalID: &u.ExternalID, AccessMethod: "code", Code: &code}); err != nil {
			return "", err
		}
	}
	for j := range g {
		grp := t.Groups[(i+j)%len(t.Groups)]
		if _, err := tx.AddAccessGroupMember(ctx, ws, grp.AcsAccessGroupID, u.AcsUserID); err != nil {
			return "", err
		}
		if err := tx.SandboxSetGroupMember(ctx, ws, sys, grp.ExternalID, u.ExternalID, true); err != nil {
			return "", err
		}
	}
	return u.AcsUserID, nil
}

// Find returns the sandbox system systemID of the workspace (its first
// sandbox system when empty) with its access groups. tx must be a write
// transaction (it reads through tx.SQL).
func Find(ctx context.Context, tx *store.Tx, workspaceID, systemID string) (Target, error) {
	systems, err := tx.AcsSystems(ctx, workspaceID, "")
	if err != nil {
		return Target{}, err
	}
	t := Target{WorkspaceID: workspaceID}
	for _, s := range systems {
		if s.Connector == "sandbox" && (systemID == "" || s.AcsSystemID == systemID) {
			t.AcsSystemID = s.AcsSystemID
			break
		}
	}
	if t.AcsSystemID == "" {
		return t, fmt.Errorf("workspace %s has no sandbox system %s", workspaceID, systemID)
	}
	// The store has no access group listing yet; these are its rows.
	rows, err := tx.SQL().QueryContext(ctx, `SELECT acs_access_group_id FROM acs_access_groups
		WHERE workspace_id = $1 AND acs_system_id = $2 AND deleted_at IS NULL ORDER BY created_at, acs_access_group_id`,
		workspaceID, t.AcsSystemID)
	if err != nil {
		return t, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return t, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return t, err
	}
	for _, id := range ids {
		g, err := tx.AcsAccessGroup(ctx, workspaceID, id)
		if err != nil {
			return t, err
		}
		t.Groups = append(t.Groups, g)
	}
	return t, nil
}
