package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// stored reports whether any workspace holds a row with table.idCol = id,
// live or not. The store's lookups filter by workspace and hide tombstones,
// so they cannot show a row written under the wrong workspace; this reads
// the table itself.
func stored(t *testing.T, st *store.Store, table, idCol, id string) bool {
	t.Helper()
	var n int
	inTx(t, st, func(tx *store.Tx) error {
		return tx.SQL().QueryRowContext(context.Background(),
			`SELECT COUNT(*) FROM `+table+` WHERE `+idCol+` = $1`, id).Scan(&n)
	})
	return n > 0
}

// wantNotFound fails the test unless err is store.ErrNotFound.
func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s: err = %v, want ErrNotFound", what, err)
	}
}

// link is one foreign id of a child table and the table it points into.
type link struct {
	child, column, parent, parentID string
}

// links lists every column of tenant data that holds another row's id,
// with the row's table: every link must stay within its workspace
// (RELIABILITY.md case 8).
var links = []link{
	{"acs_systems", "connected_account_id", "connected_accounts", "connected_account_id"},
	{"devices", "connected_account_id", "connected_accounts", "connected_account_id"},
	{"acs_users", "acs_system_id", "acs_systems", "acs_system_id"},
	{"acs_users", "user_identity_id", "user_identities", "user_identity_id"},
	{"acs_credentials", "acs_system_id", "acs_systems", "acs_system_id"},
	{"acs_credentials", "acs_user_id", "acs_users", "acs_user_id"},
	{"acs_credentials", "credential_manager_acs_system_id", "acs_systems", "acs_system_id"},
	{"acs_access_groups", "acs_system_id", "acs_systems", "acs_system_id"},
	{"acs_access_group_members", "acs_access_group_id", "acs_access_groups", "acs_access_group_id"},
	{"acs_access_group_members", "acs_user_id", "acs_users", "acs_user_id"},
	{"acs_entrances", "acs_system_id", "acs_systems", "acs_system_id"},
	{"acs_access_group_entrances", "acs_access_group_id", "acs_access_groups", "acs_access_group_id"},
	{"acs_access_group_entrances", "acs_entrance_id", "acs_entrances", "acs_entrance_id"},
	{"acs_user_entrances", "acs_user_id", "acs_users", "acs_user_id"},
	{"acs_user_entrances", "acs_entrance_id", "acs_entrances", "acs_entrance_id"},
	{"acs_credential_entrances", "acs_credential_id", "acs_credentials", "acs_credential_id"},
	{"acs_credential_entrances", "acs_entrance_id", "acs_entrances", "acs_entrance_id"},
	{"client_session_user_identities", "client_session_id", "client_sessions", "client_session_id"},
	{"client_session_user_identities", "user_identity_id", "user_identities", "user_identity_id"},
	{"sandbox_provider_users", "acs_system_id", "acs_systems", "acs_system_id"},
	{"sandbox_provider_credentials", "acs_system_id", "acs_systems", "acs_system_id"},
	{"sandbox_provider_group_members", "acs_system_id", "acs_systems", "acs_system_id"},
	{"sandbox_provider_user_entrances", "acs_system_id", "acs_systems", "acs_system_id"},
	{"queued_mutations", "acs_system_id", "acs_systems", "acs_system_id"},
	{"phones", "user_identity_id", "user_identities", "user_identity_id"},
	{"noise_thresholds", "device_id", "devices", "device_id"},
	{"device_time_zones", "device_id", "devices", "device_id"},
	{"acs_encoders", "acs_system_id", "acs_systems", "acs_system_id"},
	{"spaces", "parent_space_id", "spaces", "space_id"},
	{"space_devices", "space_id", "spaces", "space_id"},
	{"space_devices", "device_id", "devices", "device_id"},
	{"user_identity_devices", "user_identity_id", "user_identities", "user_identity_id"},
	{"user_identity_devices", "device_id", "devices", "device_id"},
	{"space_acs_entrances", "space_id", "spaces", "space_id"},
	{"space_acs_entrances", "acs_entrance_id", "acs_entrances", "acs_entrance_id"},
	{"space_connected_accounts", "space_id", "spaces", "space_id"},
	{"space_connected_accounts", "connected_account_id", "connected_accounts", "connected_account_id"},
	// A pending mutation's object is a user or a credential; ids are unique
	// across tables, so each join finds only its own kind.
	{"pending_mutations", "object_id", "acs_users", "acs_user_id"},
	{"pending_mutations", "object_id", "acs_credentials", "acs_credential_id"},
}

// crossWorkspaceLinks counts, per link, the rows whose linked row belongs to
// another workspace, and how many rows it checked.
func crossWorkspaceLinks(t *testing.T, st *store.Store) (bad, checked map[link]int) {
	t.Helper()
	bad, checked = map[link]int{}, map[link]int{}
	inTx(t, st, func(tx *store.Tx) error {
		for _, l := range links {
			var n, all int
			err := tx.SQL().QueryRowContext(context.Background(), `SELECT
				COALESCE(SUM(CASE WHEN p.workspace_id <> c.workspace_id THEN 1 ELSE 0 END), 0), COUNT(*)
				FROM `+l.child+` c JOIN `+l.parent+` p ON p.`+l.parentID+` = c.`+l.column).Scan(&n, &all)
			if err != nil {
				return err
			}
			bad[l], checked[l] = n, all
		}
		return nil
	})
	return bad, checked
}

// TestNoCrossWorkspaceLinks writes the two seeded workspaces, then tries
// every write that names a parent with W_B's workspace and W_A's parents,
// and checks with SQL over every link table that no row points into
// another workspace.
func TestNoCrossWorkspaceLinks(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sysA, sysB := a.Systems[0], b.Systems[0]
		userA, userB := sysA.AcsUserIDs[0], sysB.AcsUserIDs[0]
		identA := sysA.UserIdentityIDs[0]
		credA, credB := sysA.CredentialIDs[userA][0], sysB.CredentialIDs[userB][0]
		entranceA, groupA := sysA.EntranceIDs[0], sysA.AccessGroupIDs[0]
		spaceA, spaceB := lintel.NewID(), lintel.NewID()

		// W_B writes its own links, so that every link table has rows.
		inTx(t, st, func(tx *store.Tx) error {
			session := store.ClientSession{ClientSessionID: lintel.NewID(), ShortToken: lintel.NewID(),
				LongTokenHash: []byte("h"), TokenSealed: "s", UserIdentityIDs: []string{sysB.UserIdentityIDs[0]},
				CreatedAt: tx.Now(), ExpiresAt: tx.Now().Add(time.Hour)}
			if err := tx.InsertClientSession(ctx, b.WorkspaceID, session); err != nil {
				return err
			}
			if _, err := tx.GrantUserEntrance(ctx, b.WorkspaceID, userB, sysB.EntranceIDs[0]); err != nil {
				return err
			}
			if _, err := tx.AddAcsCredentialEntrance(ctx, b.WorkspaceID, credB, sysB.EntranceIDs[0]); err != nil {
				return err
			}
			manager := sysB.AcsSystemID
			if err := tx.InsertAcsCredential(ctx, b.WorkspaceID, store.AcsCredential{AcsCredentialID: lintel.NewID(),
				AcsSystemID: sysB.AcsSystemID, AcsUserID: &userB, ExternalID: lintel.NewID(), AccessMethod: "mobile_key",
				CredentialManagerAcsSystemID: &manager, CreatedAt: tx.Now()}); err != nil {
				return err
			}
			if err := tx.SandboxPutUser(ctx, b.WorkspaceID, sysB.AcsSystemID, store.SandboxUser{ExternalID: "x"}); err != nil {
				return err
			}
			if err := tx.InsertAcsEncoder(ctx, b.WorkspaceID, store.AcsEncoder{AcsEncoderID: lintel.NewID(), AcsSystemID: sysB.AcsSystemID,
				ExternalID: "n", DisplayName: "n", CreatedAt: tx.Now()}); err != nil {
				return err
			}
			deviceB := lintel.NewID()
			if err := tx.InsertDevice(ctx, b.WorkspaceID, store.Device{DeviceID: deviceB, ConnectedAccountID: b.ConnectedAccountID,
				ExternalID: "d", DeviceType: "august_lock", Name: "d", Manufacturer: "august", ManufacturerDisplayName: "August",
				Model: "m", CreatedAt: tx.Now()}); err != nil {
				return err
			}
			if err := tx.InsertNoiseThreshold(ctx, b.WorkspaceID, store.NoiseThreshold{NoiseThresholdID: lintel.NewID(),
				DeviceID: deviceB, Name: "n", StartsDailyAt: "22:00", EndsDailyAt: "07:00", CreatedAt: tx.Now()}); err != nil {
				return err
			}
			if err := tx.SetDeviceTimeZone(ctx, b.WorkspaceID, deviceB, "Europe/Paris"); err != nil {
				return err
			}
			if _, err := tx.GrantIdentityDevice(ctx, b.WorkspaceID, sysB.UserIdentityIDs[0], deviceB); err != nil {
				return err
			}
			if err := tx.InsertPhone(ctx, b.WorkspaceID, testPhone(sysB.UserIdentityIDs[0], tx.Now())); err != nil {
				return err
			}
			if err := tx.InsertSpace(ctx, b.WorkspaceID, store.Space{SpaceID: spaceB, Name: "s", CreatedAt: tx.Now()}); err != nil {
				return err
			}
			if err := tx.InsertSpace(ctx, b.WorkspaceID, store.Space{SpaceID: lintel.NewID(), Name: "child", ParentSpaceID: &spaceB,
				CreatedAt: tx.Now()}); err != nil {
				return err
			}
			for kind, id := range map[store.SpaceMember]string{store.SpaceDevice: deviceB, store.SpaceAcsEntrance: sysB.EntranceIDs[0],
				store.SpaceConnectedAccount: b.ConnectedAccountID} {
				if _, err := tx.AddToSpace(ctx, b.WorkspaceID, spaceB, kind, []string{id}); err != nil {
					return err
				}
			}
			if err := tx.SandboxPutCredential(ctx, b.WorkspaceID, sysB.AcsSystemID, store.SandboxCredential{
				ExternalID: "c", AccessMethod: "code"}); err != nil {
				return err
			}
			if err := tx.SandboxSetGroupMember(ctx, b.WorkspaceID, sysB.AcsSystemID, "g", "x", true); err != nil {
				return err
			}
			if err := tx.SandboxSetUserEntrance(ctx, b.WorkspaceID, sysB.AcsSystemID, "x", "e", true); err != nil {
				return err
			}
			if err := tx.InsertQueuedMutation(ctx, b.WorkspaceID, store.QueuedMutation{JobID: 1, AcsSystemID: sysB.AcsSystemID,
				Subject: "s", ObjectID: userB, Kind: "update_user", CreatedAt: tx.Now()}); err != nil {
				return err
			}
			for typ, id := range map[string]string{"acs_user": userB, "acs_credential": credB} {
				if err := tx.InsertPendingMutation(ctx, b.WorkspaceID, store.PendingMutation{PendingMutationID: lintel.NewID(),
					ObjectType: typ, ObjectID: id, MutationCode: "updating", Message: "x", CreatedAt: tx.Now()}); err != nil {
					return err
				}
			}
			return nil
		})

		// W_B names W_A's parents in every write that takes one.
		inTx(t, st, func(tx *store.Tx) error {
			now := tx.Now()
			wantNotFound(t, "InsertAcsSystem", tx.InsertAcsSystem(ctx, b.WorkspaceID, store.AcsSystem{
				AcsSystemID: lintel.NewID(), ConnectedAccountID: a.ConnectedAccountID, Name: "x", ExternalType: "x",
				ExternalTypeDisplayName: "x", Connector: "sandbox", ConnectorConfig: "{}", CreatedAt: now}))
			wantNotFound(t, "InsertDevice", tx.InsertDevice(ctx, b.WorkspaceID, store.Device{DeviceID: lintel.NewID(),
				ConnectedAccountID: a.ConnectedAccountID, ExternalID: "d", DeviceType: "august_lock", Name: "d",
				Manufacturer: "august", ManufacturerDisplayName: "August", Model: "m", CreatedAt: now}))
			wantNotFound(t, "InsertPhone", tx.InsertPhone(ctx, b.WorkspaceID, testPhone(identA, now)))
			wantNotFound(t, "InsertAcsUser", tx.InsertAcsUser(ctx, b.WorkspaceID, store.AcsUser{AcsUserID: lintel.NewID(),
				AcsSystemID: sysB.AcsSystemID, UserIdentityID: &identA, ExternalID: lintel.NewID(), CreatedAt: now}))
			wantNotFound(t, "InsertAcsCredential", tx.InsertAcsCredential(ctx, b.WorkspaceID, store.AcsCredential{
				AcsCredentialID: lintel.NewID(), AcsSystemID: sysB.AcsSystemID, AcsUserID: &userA,
				ExternalID: lintel.NewID(), AccessMethod: "code", CreatedAt: now}))
			wantNotFound(t, "InsertAcsAccessGroup", tx.InsertAcsAccessGroup(ctx, b.WorkspaceID, store.AcsAccessGroup{
				AcsAccessGroupID: lintel.NewID(), AcsSystemID: sysA.AcsSystemID, ExternalID: "x", Name: "x",
				AccessGroupType: "x", AccessGroupTypeDisplayName: "x", CreatedAt: now}))
			wantNotFound(t, "InsertAcsEntrance", tx.InsertAcsEntrance(ctx, b.WorkspaceID, store.AcsEntrance{
				AcsEntranceID: lintel.NewID(), AcsSystemID: sysA.AcsSystemID, ExternalID: "x", DisplayName: "x", CreatedAt: now}))
			wantNotFound(t, "SetAcsUserIdentity", tx.SetAcsUserIdentity(ctx, b.WorkspaceID, userB, &identA))
			wantNotFound(t, "InsertQueuedMutation", tx.InsertQueuedMutation(ctx, b.WorkspaceID, store.QueuedMutation{
				JobID: 2, AcsSystemID: sysA.AcsSystemID, Subject: "s", ObjectID: userA, Kind: "update_user", CreatedAt: now}))
			wantNotFound(t, "InsertPendingMutation", tx.InsertPendingMutation(ctx, b.WorkspaceID, store.PendingMutation{
				PendingMutationID: lintel.NewID(), ObjectType: "acs_credential", ObjectID: credA, MutationCode: "updating",
				Message: "x", CreatedAt: now}))
			u, err := tx.AcsUser(ctx, b.WorkspaceID, userB)
			if err != nil {
				return err
			}
			u.UserIdentityID = &identA
			wantNotFound(t, "UpdateAcsUser", tx.UpdateAcsUser(ctx, b.WorkspaceID, u))
			c, err := tx.AcsCredential(ctx, b.WorkspaceID, credB)
			if err != nil {
				return err
			}
			c.AcsUserID = &userA
			wantNotFound(t, "UpdateAcsCredential", tx.UpdateAcsCredential(ctx, b.WorkspaceID, c))
			// The link writes that already selected both ends within the
			// workspace write nothing either.
			if ok, err := tx.AddAccessGroupMember(ctx, b.WorkspaceID, groupA, userB); err != nil || ok {
				t.Errorf("AddAccessGroupMember with W_A's group = %v, %v", ok, err)
			}
			if err := tx.AddAccessGroupEntrance(ctx, b.WorkspaceID, sysB.AccessGroupIDs[0], entranceA); err != nil {
				return err
			}
			if ok, err := tx.GrantUserEntrance(ctx, b.WorkspaceID, userB, entranceA); err != nil || ok {
				t.Errorf("GrantUserEntrance with W_A's entrance = %v, %v", ok, err)
			}
			if ok, err := tx.AddAcsCredentialEntrance(ctx, b.WorkspaceID, credB, entranceA); err != nil || ok {
				t.Errorf("AddAcsCredentialEntrance with W_A's entrance = %v, %v", ok, err)
			}
			if ok, err := tx.AddAcsCredentialEntrance(ctx, b.WorkspaceID, credA, sysB.EntranceIDs[0]); err != nil || ok {
				t.Errorf("AddAcsCredentialEntrance with W_A's credential = %v, %v", ok, err)
			}
			if err := tx.SandboxPutUser(ctx, b.WorkspaceID, sysA.AcsSystemID, store.SandboxUser{ExternalID: "y"}); err != nil {
				return err
			}
			wantNotFound(t, "InsertAcsEncoder", tx.InsertAcsEncoder(ctx, b.WorkspaceID, store.AcsEncoder{AcsEncoderID: lintel.NewID(),
				AcsSystemID: sysA.AcsSystemID, ExternalID: "n", DisplayName: "n", CreatedAt: now}))
			wantNotFound(t, "InsertSpace", tx.InsertSpace(ctx, b.WorkspaceID, store.Space{SpaceID: lintel.NewID(), Name: "x",
				ParentSpaceID: &spaceA, CreatedAt: now}))
			if err := tx.InsertSpace(ctx, a.WorkspaceID, store.Space{SpaceID: spaceA, Name: "a", CreatedAt: now}); err != nil {
				return err
			}
			for kind, id := range map[store.SpaceMember]string{store.SpaceAcsEntrance: entranceA, store.SpaceConnectedAccount: a.ConnectedAccountID} {
				if n, err := tx.AddToSpace(ctx, b.WorkspaceID, spaceB, kind, []string{id}); err != nil || n != 0 {
					t.Errorf("AddToSpace with W_A's object = %v, %v", n, err)
				}
			}
			if n, err := tx.AddToSpace(ctx, b.WorkspaceID, spaceA, store.SpaceAcsEntrance, []string{sysB.EntranceIDs[1]}); err != nil || n != 0 {
				t.Errorf("AddToSpace into W_A's space = %v, %v", n, err)
			}
			return nil
		})

		bad, checked := crossWorkspaceLinks(t, st)
		for _, l := range links {
			if bad[l] != 0 {
				t.Errorf("%s.%s: %d rows point to a %s row of another workspace", l.child, l.column, bad[l], l.parent)
			}
			if checked[l] == 0 {
				t.Errorf("%s.%s: no rows checked; the fixture should write some", l.child, l.column)
			}
		}
	})
}
