// Package seed fills a database with sandbox data: workspaces with their
// access systems, users, credentials, access groups, entrances and user
// identities. `lintel serve --seed` uses it, and so do the tests.
package seed

import (
	"context"
	"fmt"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// System describes a sandbox access system to create.
type System struct {
	// Provider, if set, makes the system the one a sandbox login of that
	// provider ("salto_ks") connects, through the provider catalogue like a
	// Connect Webview: its account, name, type, time zone, access method,
	// entrances and access groups are the catalogue's, and the fields below
	// up to Users are ignored. Login is the login's email address (the
	// catalogue's Jane when empty).
	Provider string
	Login    string

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
	// CloudKeyEntrances makes its entrances unlock remotely with cloud_key
	// credentials too (no seeded credential is one).
	CloudKeyEntrances bool
	// AccountType, if set, gives the system a connected account of its own
	// of that type ("salto_ks", …); otherwise it shares the workspace's
	// sandbox account.
	AccountType            string
	AccountTypeDisplayName string
	// ConnectorConfig is the sandbox connector's configuration ("" means
	// inline).
	ConnectorConfig string
	TimeZone        string
}

// Options shape one seeded workspace.
type Options struct {
	Name      string
	IsSandbox bool
	// APIKey, if set, is the workspace's API key (a well-known seed token);
	// otherwise a random one is issued.
	APIKey  string
	Systems []System
	// Accounts are further sandbox logins connected through the provider
	// catalogue (lock brands: their devices).
	Accounts []Account
}

// Account is a sandbox login of a provider of the catalogue.
type Account struct {
	Provider string
	// Login is the login's email address (the catalogue's Jane when empty).
	Login string
}

// Workspace is what Seed made for one workspace.
type Workspace struct {
	WorkspaceID string
	APIKey      string
	// ConnectedAccountID is the workspace's own sandbox account, shared by
	// the systems that have neither a provider nor an account type ("" if
	// there are none).
	ConnectedAccountID string
	Systems            []SeededSystem
	Accounts           []SeededAccount
}

// SeededAccount is a connected sandbox login with its devices.
type SeededAccount struct {
	ConnectedAccountID string
	Provider           string
	DeviceIDs          []string
}

// SeededSystem lists the objects seeded on one system.
type SeededSystem struct {
	AcsSystemID        string
	Name               string
	ConnectedAccountID string
	ExternalType       string
	AcsUserIDs         []string
	UserIdentityIDs    []string // UserIdentityIDs[i] is linked to AcsUserIDs[i]
	CredentialIDs      map[string][]string
	AccessGroupIDs     []string
	EntranceIDs        []string
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
	out := Workspace{WorkspaceID: w.WorkspaceID, APIKey: key.Token}
	ws := w.WorkspaceID
	connect := provider.NewService(nil) // seed data has no past events
	if slices.ContainsFunc(o.Systems, func(sd System) bool { return sd.Provider == "" && sd.AccountType == "" }) {
		out.ConnectedAccountID = lintel.NewID()
		if err := tx.InsertConnectedAccount(ctx, ws, store.ConnectedAccount{ConnectedAccountID: out.ConnectedAccountID,
			AccountType: "sandbox", AccountTypeDisplayName: "Sandbox", DisplayName: o.Name + " sandbox account",
			AutomaticallyManageNewDevices: true, CreatedAt: tx.Now()}); err != nil {
			return out, err
		}
	}
	for _, sd := range o.Systems {
		var s SeededSystem
		var err error
		if sd.Provider != "" {
			s, err = seedProviderSystem(ctx, tx, connect, ws, sd)
		} else {
			s, err = seedOwnSystem(ctx, tx, ws, out.ConnectedAccountID, sd)
		}
		if err != nil {
			return out, err
		}
		out.Systems = append(out.Systems, s)
	}
	for _, a := range o.Accounts {
		c, err := connect.ConnectTx(ctx, tx, ws, connectRequest(a.Provider, a.Login))
		if err != nil {
			return out, fmt.Errorf("seed %s account: %w", a.Provider, err)
		}
		sa := SeededAccount{ConnectedAccountID: c.ConnectedAccountID, Provider: a.Provider}
		for _, d := range c.Devices {
			sa.DeviceIDs = append(sa.DeviceIDs, d.DeviceID)
		}
		out.Accounts = append(out.Accounts, sa)
	}
	return out, nil
}

// connectRequest is a sandbox sign-in with a login of the catalogue, the
// way a Connect Webview that manages new devices makes it.
func connectRequest(providerKey, email string) provider.ConnectRequest {
	if email == "" {
		email = provider.JaneEmail
	}
	return provider.ConnectRequest{Provider: providerKey, Login: provider.Login{Email: email},
		AutomaticallyManageNewDevices: true}
}

// seedProviderSystem connects the login of sd's provider and seeds users on
// the (one) system it connects.
func seedProviderSystem(ctx context.Context, tx *store.Tx, connect *provider.Service, ws string, sd System) (SeededSystem, error) {
	c, err := connect.ConnectTx(ctx, tx, ws, connectRequest(sd.Provider, sd.Login))
	if err != nil {
		return SeededSystem{}, fmt.Errorf("seed %s system: %w", sd.Provider, err)
	}
	if len(c.Systems) != 1 {
		return SeededSystem{}, fmt.Errorf("seed %s system: the login connects %d systems, not one", sd.Provider, len(c.Systems))
	}
	sd, cat := sd.fromCatalogue()
	out := SeededSystem{AcsSystemID: c.Systems[0].AcsSystemID, Name: cat.Name, ConnectedAccountID: c.ConnectedAccountID,
		ExternalType: cat.ExternalType, CredentialIDs: map[string][]string{}, EntranceIDs: c.Systems[0].EntranceIDs,
		AccessGroupIDs: c.Systems[0].AccessGroupIDs}
	return out, seedUsers(ctx, tx, ws, sd, &out)
}

// fromCatalogue fills the name, type and access method of a system of a
// provider from the catalogue's system of its login, which it also returns.
func (sd System) fromCatalogue() (System, provider.System) {
	p, _ := provider.Lookup(sd.Provider)
	login, _ := p.LoginFor(connectRequest(sd.Provider, sd.Login).Login.Email)
	var cat provider.System
	if len(login.Systems) > 0 {
		cat = login.Systems[0]
	}
	sd.Name, sd.ExternalType, sd.ExternalTypeDisplayName, sd.AccessMethod = cat.Name, cat.ExternalType,
		cat.ExternalTypeDisplayName, cat.AccessMethod
	return sd, cat
}

// seedOwnSystem seeds a system described field by field, on its own
// account when it has an account type and on the workspace's sandbox
// account otherwise.
func seedOwnSystem(ctx context.Context, tx *store.Tx, ws, sharedAccountID string, sd System) (SeededSystem, error) {
	caID := sharedAccountID
	if sd.AccountType != "" {
		caID = lintel.NewID()
		if err := tx.InsertConnectedAccount(ctx, ws, store.ConnectedAccount{ConnectedAccountID: caID,
			AccountType: sd.AccountType, AccountTypeDisplayName: sd.AccountTypeDisplayName,
			DisplayName: sd.Name + " account", AutomaticallyManageNewDevices: true, CreatedAt: tx.Now()}); err != nil {
			return SeededSystem{}, err
		}
	}
	return seedSystem(ctx, tx, ws, caID, sd)
}

func seedSystem(ctx context.Context, tx *store.Tx, ws, caID string, sd System) (SeededSystem, error) {
	config := sd.ConnectorConfig
	if config == "" {
		config = "{}"
	}
	sys := store.AcsSystem{AcsSystemID: lintel.NewID(), ConnectedAccountID: caID, Name: sd.Name,
		ExternalType: sd.ExternalType, ExternalTypeDisplayName: sd.ExternalTypeDisplayName,
		Connector: "sandbox", ConnectorConfig: config, CreatedAt: tx.Now()}
	if sd.TimeZone != "" {
		sys.TimeZone = &sd.TimeZone
	}
	out := SeededSystem{AcsSystemID: sys.AcsSystemID, Name: sd.Name, ConnectedAccountID: caID, ExternalType: sd.ExternalType,
		CredentialIDs: map[string][]string{}}
	if err := tx.InsertAcsSystem(ctx, ws, sys); err != nil {
		return out, err
	}
	for i := range sd.Entrances {
		id := lintel.NewID()
		if err := tx.InsertAcsEntrance(ctx, ws, store.AcsEntrance{AcsEntranceID: id, AcsSystemID: sys.AcsSystemID,
			ExternalID: lintel.NewID(), DisplayName: fmt.Sprintf("%s door %d", sd.Name, i+1),
			CanUnlockWithCard: sd.AccessMethod == "card", CanUnlockWithCode: sd.AccessMethod == "code",
			CanUnlockWithMobileKey: sd.AccessMethod == "mobile_key", CanUnlockWithCloudKey: sd.CloudKeyEntrances,
			CreatedAt: tx.Now()}); err != nil {
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
	return out, seedUsers(ctx, tx, ws, sd, &out)
}

// seedUsers creates sd.Users users on a seeded system, each with an
// identity, sd.CredentialsPerUser credentials and, where the system has
// access groups, a membership of one of them in turn.
func seedUsers(ctx context.Context, tx *store.Tx, ws string, sd System, out *SeededSystem) error {
	for i := range sd.Users {
		name := fmt.Sprintf("%s user %d", sd.Name, i+1)
		email := fmt.Sprintf("user%d.%s@example.com", i+1, out.AcsSystemID[24:])
		ident := store.UserIdentity{UserIdentityID: lintel.NewID(), FullName: &name, EmailAddress: &email, CreatedAt: tx.Now()}
		if err := tx.InsertUserIdentity(ctx, ws, ident); err != nil {
			return err
		}
		var group string
		if len(out.AccessGroupIDs) > 0 {
			group = out.AccessGroupIDs[i%len(out.AccessGroupIDs)]
		}
		u, creds, err := seedUser(ctx, tx, ws, out.AcsSystemID, sd, seedUserSpec{identityID: ident.UserIdentityID,
			name: name, email: email, groupID: group, index: i})
		if err != nil {
			return err
		}
		out.CredentialIDs[u] = creds
		out.AcsUserIDs = append(out.AcsUserIDs, u)
		out.UserIdentityIDs = append(out.UserIdentityIDs, ident.UserIdentityID)
	}
	return nil
}

// seedUserSpec describes one seeded user.
type seedUserSpec struct {
	identityID  string
	name, email string
	groupID     string // "" for none
	index       int    // varies the credential values
}

// seedUser creates a user of a system with sd.CredentialsPerUser
// credentials, on lintel's side and in the simulated access system, and
// returns its id and its credentials' ids.
func seedUser(ctx context.Context, tx *store.Tx, ws, acsSystemID string, sd System, us seedUserSpec) (string, []string, error) {
	now := tx.Now()
	u := store.AcsUser{AcsUserID: lintel.NewID(), AcsSystemID: acsSystemID, ExternalID: lintel.NewID(),
		FullName: &us.name, EmailAddress: &us.email, IsManaged: true, CreatedAt: now, LastSuccessfulSyncAt: &now}
	if us.identityID != "" {
		u.UserIdentityID = &us.identityID
	}
	if err := tx.InsertAcsUser(ctx, ws, u); err != nil {
		return "", nil, err
	}
	if err := tx.SandboxPutUser(ctx, ws, acsSystemID, store.SandboxUser{ExternalID: u.ExternalID, FullName: &us.name, EmailAddress: &us.email}); err != nil {
		return "", nil, err
	}
	var creds []string
	for j := range sd.CredentialsPerUser {
		c := store.AcsCredential{AcsCredentialID: lintel.NewID(), AcsSystemID: acsSystemID, AcsUserID: &u.AcsUserID,
			ExternalID: lintel.NewID(), AccessMethod: sd.AccessMethod, DisplayName: fmt.Sprintf("%s credential %d", us.name, j+1),
			IsIssued: true, IssuedAt: &now, CreatedAt: now}
		switch sd.AccessMethod {
		case "code":
			code := fmt.Sprintf("%04d", (us.index*7+j*13+1234)%10000)
			c.Code = &code
		case "card":
			card := fmt.Sprintf("%010d", (us.index+1)*1000+j)
			c.CardNumber = &card
		}
		if err := tx.InsertAcsCredential(ctx, ws, c); err != nil {
			return "", nil, err
		}
		if err := tx.SandboxPutCredential(ctx, ws, acsSystemID, store.SandboxCredential{ExternalID: c.ExternalID,
			UserExternalID: &u.ExternalID, AccessMethod: c.AccessMethod, Code: c.Code, CardNumber: c.CardNumber}); err != nil {
			return "", nil, err
		}
		creds = append(creds, c.AcsCredentialID)
	}
	if us.groupID != "" {
		if _, err := tx.AddAccessGroupMember(ctx, ws, us.groupID, u.AcsUserID); err != nil {
			return "", nil, err
		}
	}
	return u.AcsUserID, creds, nil
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
	case "avigilon_alta_org":
		return "avigilon_alta_group"
	case "kisi_organization":
		return "kisi_access_group"
	}
	// Systems whose groups have no type of their own in Seam's enum (a
	// Visionline system, say) get PTI's access levels.
	return "pti_access_level"
}
