package seed

import (
	"context"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/bridge"
	"github.com/lintel-dev/lintel/internal/identity"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// The well-known sandbox tokens of Seam's own fake server, so that test
// suites written against it run unchanged. They exist only in a database
// filled by Sandbox (`lintel serve --seed`).
const (
	APIKey1              = "seam_apikey1_token" // the populated workspace
	APIKey2              = "seam_apikey2_token" // the empty workspace
	ClientSessionToken1  = "seam_cst1_token"    // a client session of John's identity
	PersonalAccessToken1 = "seam_at1_longtoken" // John's console user, a member of the populated workspace
	PublishableKey1      = "seam_pk1_token"     // the populated workspace
	// BridgeClientSessionToken1 is a Seam Bridge client's session, paired
	// with the populated workspace; the Visionline account is behind it.
	BridgeClientSessionToken1 = "seam_bcs1_token"
	// JohnUserIdentifierKey is the user identifier key of the seeded client
	// session and the user_identity_key of John's identity.
	JohnUserIdentifierKey = "john_user_identifier_key"
	// ConsoleUserEmail is the console user who owns the seeded PAT.
	ConsoleUserEmail = "john@example.com"
)

// SandboxSystems are the access systems of the populated sandbox workspace:
// Jane's logins of three access-control providers of the catalogue, each
// its own connected account, with seeded users and credentials.
var SandboxSystems = []System{
	{Provider: "visionline", Users: 3, CredentialsPerUser: 2},
	{Provider: "salto_ks", Users: 4, CredentialsPerUser: 1},
	{Provider: "brivo", Users: 2, CredentialsPerUser: 1},
}

// SandboxAccounts are the device accounts of the populated sandbox
// workspace: Jane's August (two locks) and Schlage (one lock), and her
// Minut (two noise sensors) and ecobee (two thermostats).
var SandboxAccounts = []Account{{Provider: "august"}, {Provider: "schlage"}, {Provider: "minut"}, {Provider: "ecobee"}}

// SandboxData is what Sandbox made.
type SandboxData struct {
	// Populated is the workspace with systems, users and credentials;
	// Empty has nothing but its API key.
	Populated, Empty Workspace
	// JohnUserIdentityID is the identity of the seeded client session, with
	// a user on the Visionline and the Salto KS systems.
	JohnUserIdentityID string
	JohnAcsUserIDs     []string
	ClientSessionID    string
	ConsoleUserID      string
	// BridgeID is the seeded bridge, paired from the session of
	// BridgeClientSessionToken1.
	BridgeID string
}

// Sandbox fills an empty database with the sandbox data of `lintel serve
// --seed` and its well-known tokens, within tx. key seals the client
// session's token.
func Sandbox(ctx context.Context, tx *store.Tx, key secret.Key) (SandboxData, error) {
	var out SandboxData
	var err error
	out.Populated, err = Seed(ctx, tx, Options{Name: "My Workspace", IsSandbox: true, APIKey: APIKey1, Systems: SandboxSystems,
		Accounts: SandboxAccounts})
	if err != nil {
		return out, err
	}
	out.Empty, err = Seed(ctx, tx, Options{Name: "Empty Workspace", IsSandbox: true, APIKey: APIKey2})
	if err != nil {
		return out, err
	}
	ws := out.Populated.WorkspaceID
	if _, err := workspace.CreatePublishableKeyTx(ctx, tx, ws, PublishableKey1); err != nil {
		return out, err
	}
	cu, err := workspace.CreateConsoleUserTx(ctx, tx, ConsoleUserEmail, "John Doe")
	if err != nil {
		return out, err
	}
	out.ConsoleUserID = cu.UserID
	if err := tx.AddWorkspaceMember(ctx, ws, cu.UserID); err != nil {
		return out, err
	}
	if _, err := workspace.CreatePATTx(ctx, tx, cu.UserID, "seed", PersonalAccessToken1); err != nil {
		return out, err
	}

	// John: one identity with a user (and credentials) on two systems.
	key1, name, email, phone := JohnUserIdentifierKey, "John Doe", ConsoleUserEmail, "+15555550100"
	john := store.UserIdentity{UserIdentityID: lintel.NewID(), UserIdentityKey: &key1, FullName: &name,
		EmailAddress: &email, PhoneNumber: &phone, CreatedAt: tx.Now()}
	if err := tx.InsertUserIdentity(ctx, ws, john); err != nil {
		return out, err
	}
	out.JohnUserIdentityID = john.UserIdentityID
	for i, sys := range out.Populated.Systems[:2] {
		var group string
		if len(sys.AccessGroupIDs) > 0 {
			group = sys.AccessGroupIDs[0]
		}
		sd, _ := SandboxSystems[i].fromCatalogue()
		id, _, err := seedUser(ctx, tx, ws, sys.AcsSystemID, sd, seedUserSpec{identityID: john.UserIdentityID,
			name: name, email: email, groupID: group, index: 9})
		if err != nil {
			return out, err
		}
		out.JohnAcsUserIDs = append(out.JohnAcsUserIDs, id)
	}
	cs, err := identity.CreateClientSessionTx(ctx, tx, key, ws, identity.NewClientSession{
		UserIdentifierKey: &key1, UserIdentityIDs: []string{john.UserIdentityID},
		ConnectedAccountIDs: []string{out.Populated.Systems[0].ConnectedAccountID},
		// Seam's fake never expires it either; ten years stands in for never.
		ExpiresAt: tx.Now().Add(10 * 365 * 24 * time.Hour), Token: ClientSessionToken1,
	})
	if err != nil {
		return out, err
	}
	out.ClientSessionID = cs.ClientSessionID

	// A Seam Bridge on the hotel's network, through which the on-premises
	// Visionline system is reached.
	bcs, err := bridge.CreateSessionTx(ctx, tx, key, bridge.NewSession{Token: BridgeClientSessionToken1,
		BridgeClientSessionsCreateParams: client.BridgeClientSessionsCreateParams{BridgeClientName: "bridge_1",
			BridgeClientTimeZone: "America/Los_Angeles", BridgeClientMachineIdentifierKey: "bcs1_machine"}})
	if err != nil {
		return out, err
	}
	b, err := bridge.PairTx(ctx, tx, lintel.Principal{Kind: lintel.AuthSystem, WorkspaceID: ws}, bcs.PairingCode,
		[]string{out.Populated.Systems[0].ConnectedAccountID})
	if err != nil {
		return out, err
	}
	out.BridgeID = b.BridgeID
	return out, nil
}

// Empty reports whether the database holds no workspace yet, the only
// state in which Sandbox may run.
func Empty(ctx context.Context, tx *store.Tx) (bool, error) {
	n, err := tx.CountWorkspaces(ctx)
	return n == 0, err
}
