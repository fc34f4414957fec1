// Package seed fills a database with sandbox data: workspaces with their
// access systems, users, credentials, access groups, entrances and user
// identities. `lintel serve --seed` uses it, and so do the tests.
package seed

import (
	"context"
	"fmt"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// System describes a sandbox access system to create.
type System struct {
	Name                    string
	ExternalType            string
	ExternalTypeDisplayName string
	// AccessMethod is the kind of credential its users hold: code, card or
	// mobile_key.
	AccessMethod string
	Users        int
	// CredentialsPerUser of AccessMethod each seeded user holds.
	CredentialsPerUser int
	Groups             int
	Entrances          int
}

// Options shape one seeded workspace.
type Options struct {
	Name      string
	IsSandbox bool
	// APIKey, if set, is the workspace's API key (a well-known seed token);
	// otherwise a random one is issued.
	APIKey  string
	Systems []System
}

// Workspace is what Seed made for one workspace.
type Workspace struct {
	WorkspaceID        string
	APIKey             string
	ConnectedAccountID string
	Systems            []SeededSystem
}

// SeededSystem lists the objects seeded on one system.
type SeededSystem struct {
	AcsSystemID     string
	AcsUserIDs      []string
	UserIdentityIDs []string // UserIdentityIDs[i] is linked to AcsUserIDs[i]
	CredentialIDs   map[string][]string
	AccessGroupIDs  []string
	EntranceIDs     []string
}

// Seed creates one workspace as described, within tx.
func Seed(ctx context.Context, tx *store.Tx, o Options) (Workspace, error) {
	w, err := workspace.CreateWorkspaceTx(ctx, tx, client.WorkspacesCreateParams{Name: o.Name, CompanyName: o.Name, IsSandbox: o.IsSandbox})
	if err != nil {
		return Workspace{}, err
	}
	key, err := workspace.CreateAPIKeyTx(ctx, tx, w.WorkspaceID, "seed", o.APIKey)
	if err != nil {
		return Workspace{}, err
	}
	out := Workspace{WorkspaceID: w.WorkspaceID, APIKey: key.Token, ConnectedAccountID: lintel.NewID()}
	ws := w.WorkspaceID
	if err := tx.InsertConnectedAccount(ctx, ws, store.ConnectedAccount{ConnectedAccountID: out.ConnectedAccountID,
		AccountType: "sandbox", AccountTypeDisplayName: "Sandbox", DisplayName: o.Name + " sandbox account",
		AutomaticallyManageNewDevices: true, CreatedAt: tx.Now()}); err != nil {
		return out, err
	}
	for _, sd := range o.Systems {
		s, err := seedSystem(ctx, tx, ws, out.ConnectedAccountID, sd)
		if err != nil {
			return out, err
		}
		out.Systems = append(out.Systems, s)
	}
	return out, nil
}

func seedSystem(ctx context.Context, tx *store.Tx, ws, caID string, sd System) (SeededSystem, error) {
	sys := store.AcsSystem{AcsSystemID: lintel.NewID(), ConnectedAccountID: caID, Name: sd.Name,
		ExternalType: sd.ExternalType, ExternalTypeDisplayName: sd.ExternalTypeDisplayName,
		Connector: "sandbox", ConnectorConfig: "{}", CreatedAt: tx.Now()}
	out := SeededSystem{AcsSystemID: sys.AcsSystemID, CredentialIDs: map[string][]string{}}
	if err := tx.InsertAcsSystem(ctx, ws, sys); err != nil {
		return out, err
	}
	for i := range sd.Entrances {
		id := lintel.NewID()
		if err := tx.InsertAcsEntrance(ctx, ws, store.AcsEntrance{AcsEntranceID: id, AcsSystemID: sys.AcsSystemID,
			ExternalID: lintel.NewID(), DisplayName: fmt.Sprintf("%s door %d", sd.Name, i+1),
			CanUnlockWithCard: sd.AccessMethod == "card", CanUnlockWithCode: sd.AccessMethod == "code",
			CanUnlockWithMobileKey: sd.AccessMethod == "mobile_key", CreatedAt: tx.Now()}); err != nil {
			return out, err
		}
		out.EntranceIDs = append(out.EntranceIDs, id)
	}
	for i := range sd.Groups {
		g := store.AcsAccessGroup{AcsAccessGroupID: lintel.NewID(), AcsSystemID: sys.AcsSystemID, ExternalID: lintel.NewID(),
			Name: fmt.Sprintf("%s group %d", sd.Name, i+1), AccessGroupType: groupType(sd.ExternalType),
			AccessGroupTypeDisplayName: "Access group", CreatedAt: tx.Now()}
		if err := tx.InsertAcsAccessGroup(ctx, ws, g); err != nil {
			return out, err
		}
		for _, e := range out.EntranceIDs {
			if err := tx.AddAccessGroupEntrance(ctx, ws, g.AcsAccessGroupID, e); err != nil {
				return out, err
			}
		}
		out.AccessGroupIDs = append(out.AccessGroupIDs, g.AcsAccessGroupID)
	}
	for i := range sd.Users {
		name := fmt.Sprintf("%s user %d", sd.Name, i+1)
		email := fmt.Sprintf("user%d.%s@example.com", i+1, sys.AcsSystemID[24:])
		ident := store.UserIdentity{UserIdentityID: lintel.NewID(), FullName: &name, EmailAddress: &email, CreatedAt: tx.Now()}
		if err := tx.InsertUserIdentity(ctx, ws, ident); err != nil {
			return out, err
		}
		u := store.AcsUser{AcsUserID: lintel.NewID(), AcsSystemID: sys.AcsSystemID, UserIdentityID: &ident.UserIdentityID,
			ExternalID: lintel.NewID(), FullName: &name, EmailAddress: &email, IsManaged: true, CreatedAt: tx.Now()}
		now := tx.Now()
		u.LastSuccessfulSyncAt = &now
		if err := tx.InsertAcsUser(ctx, ws, u); err != nil {
			return out, err
		}
		if err := tx.SandboxPutUser(ctx, ws, sys.AcsSystemID, store.ProviderUser{ExternalID: u.ExternalID, FullName: &name, EmailAddress: &email}); err != nil {
			return out, err
		}
		for j := range sd.CredentialsPerUser {
			c := store.AcsCredential{AcsCredentialID: lintel.NewID(), AcsSystemID: sys.AcsSystemID, AcsUserID: &u.AcsUserID,
				ExternalID: lintel.NewID(), AccessMethod: sd.AccessMethod, DisplayName: fmt.Sprintf("%s credential %d", name, j+1),
				IsIssued: true, CreatedAt: tx.Now()}
			c.IssuedAt = &now
			switch sd.AccessMethod {
			case "code":
				code := fmt.Sprintf("%04d", (i*7+j*13+1234)%10000)
				c.Code = &code
			case "card":
				card := fmt.Sprintf("%010d", (i+1)*1000+j)
				c.CardNumber = &card
			}
			if err := tx.InsertAcsCredential(ctx, ws, c); err != nil {
				return out, err
			}
			if err := tx.SandboxPutCredential(ctx, ws, sys.AcsSystemID, store.ProviderCredential{ExternalID: c.ExternalID,
				UserExternalID: &u.ExternalID, AccessMethod: c.AccessMethod, Code: c.Code, CardNumber: c.CardNumber}); err != nil {
				return out, err
			}
			out.CredentialIDs[u.AcsUserID] = append(out.CredentialIDs[u.AcsUserID], c.AcsCredentialID)
		}
		if len(out.AccessGroupIDs) > 0 {
			g := out.AccessGroupIDs[i%len(out.AccessGroupIDs)]
			if _, err := tx.AddAccessGroupMember(ctx, ws, g, u.AcsUserID); err != nil {
				return out, err
			}
		}
		out.AcsUserIDs = append(out.AcsUserIDs, u.AcsUserID)
		out.UserIdentityIDs = append(out.UserIdentityIDs, ident.UserIdentityID)
	}
	return out, nil
}

func groupType(systemType string) string {
	switch systemType {
	case "salto_ks_site":
		return "salto_ks_access_group"
	case "brivo_account":
		return "brivo_group"
	case "salto_space_system":
		return "salto_space_group"
	case "dormakaba_community_site":
		return "dormakaba_community_access_group"
	}
	return "pti_access_group"
}
