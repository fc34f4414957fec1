package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
)

// differentWorkspaceCase names, for every exported method of *store.Tx, the
// test function of this package that holds its "different workspace" case:
// W_A writes, W_B reads, counts, updates and deletes with W_A's ids, reads
// come back not-found or empty, writes change nothing of W_A's
// (RELIABILITY.md case 10). TestEveryTxMethodIsCovered checks that the
// function calls the method with W_B's workspace id (see isWorkspaceB for
// what counts as W_B).
var differentWorkspaceCase = map[string]string{
	// Workspaces, members and API keys.
	"Workspace":              "TestWorkspaces",
	"UpdateWorkspace":        "TestWorkspaces",
	"UpdateConnectedAccount": "TestConnectedAccounts",
	"AddWorkspaceMember":     "TestWorkspaces",
	"IsWorkspaceMember":      "TestWorkspaces",
	"CreateAPIKey":           "TestAPIKeys",
	"APIKeys":                "TestAPIKeys",
	"DeleteAPIKey":           "TestAPIKeys",
	"CreatePublishableKey":   "TestPublishableKeys",

	// Client sessions.
	"InsertClientSession":                  "TestClientSessionStore",
	"AddClientSessionIdentities":           "TestClientSessionStore",
	"LiveClientSession":                    "TestClientSessionStore",
	"LiveClientSessionByUserIdentifierKey": "TestClientSessionStore",
	"LiveClientSessionOfIdentity":          "TestClientSessionStore",
	"ListClientSessions":                   "TestClientSessionStore",
	"SetClientSessionExpiry":               "TestClientSessionStore",
	"SetClientSessionScope":                "TestClientSessionStore",
	"RevokeClientSession":                  "TestClientSessionStore",
	"RevokeClientSessionsOfIdentity":       "TestClientSessionStore",

	// Instant keys.
	"InsertInstantKey":             "TestInstantKeyStore",
	"InstantKey":                   "TestInstantKeyStore",
	"InstantKeyOfWorkspaceByToken": "TestInstantKeyStore",
	"ListInstantKeys":              "TestInstantKeyStore",
	"UseInstantKey":                "TestInstantKeyStore",
	"DeleteInstantKey":             "TestInstantKeyStore",

	// User identities and what hangs off them.
	"InsertUserIdentity":     "TestUserIdentityStore",
	"UserIdentity":           "TestUserIdentityStore",
	"UserIdentityByKey":      "TestUserIdentityStore",
	"UserIdentityTaken":      "TestUserIdentityStore",
	"ListUserIdentities":     "TestUserIdentityStore",
	"UpdateUserIdentity":     "TestUserIdentityStore",
	"DeleteUserIdentity":     "TestUserIdentityStore",
	"AcsUserIDsOfIdentities": "TestUserIdentityStore",
	"AcsUsersOfIdentity":     "TestUserIdentityStore",
	"AcsEntrancesOfIdentity": "TestUserIdentityStore",
	"SetAcsUserIdentity":     "TestUserIdentityStore",
	"GrantIdentityDevice":    "TestIdentityDevices",
	"RevokeIdentityDevice":   "TestIdentityDevices",
	"DevicesOfIdentity":      "TestIdentityDevices",

	// Connected accounts and systems.
	"InsertConnectedAccount":          "TestConnectedAccounts",
	"ConnectedAccount":                "TestConnectedAccounts",
	"ListConnectedAccounts":           "TestAcsSystemAndConnectedAccountStore",
	"InsertAcsSystem":                 "TestAcsSystems",
	"AcsSystem":                       "TestAcsSystems",
	"AcsSystems":                      "TestAcsSystems",
	"SetAcsSystemConnectorConfig":     "TestAcsSystems",
	"ListAcsSystems":                  "TestAcsSystemAndConnectedAccountStore",
	"CountAcsSystemObjects":           "TestAcsSystemAndConnectedAccountStore",
	"ConnectedAccountByLogin":         "TestConnectedAccountByLogin",
	"RemoveConnectedAccount":          "TestRemoveConnectedAccount",
	"SetConnectedAccountDisconnected": "TestConnectedAccountDisconnection",
	"ResetWorkspace":                  "TestResetWorkspace",

	// Access codes.
	"InsertAccessCode":     "TestAccessCodes",
	"UpdateAccessCode":     "TestAccessCodes",
	"SetAccessCodeJobs":    "TestAccessCodes",
	"AccessCode":           "TestAccessCodes",
	"DeleteAccessCode":     "TestAccessCodes",
	"ListAccessCodes":      "TestAccessCodes",
	"AccessCodesOfDevice":  "TestAccessCodes",
	"SetDeviceCodeLengths": "TestAccessCodes",
	"SetDeviceTimeZone":    "TestDeviceTimeZones",
	"DeviceTimeZones":      "TestDeviceTimeZones",

	// Devices.
	"InsertDevice": "TestDevices",
	"Device":       "TestDevices",
	"ListDevices":  "TestDevices",

	// Phones.
	"InsertPhone": "TestPhones",
	"Phone":       "TestPhones",
	"ListPhones":  "TestPhones",
	"DeletePhone": "TestPhones",

	// Noise thresholds.
	"InsertNoiseThreshold":    "TestNoiseThresholds",
	"NoiseThreshold":          "TestNoiseThresholds",
	"NoiseThresholdsOfDevice": "TestNoiseThresholds",
	"UpdateNoiseThreshold":    "TestNoiseThresholds",
	"DeleteNoiseThreshold":    "TestNoiseThresholds",
	// Thermostats, their schedules and daily programs, and the simulated
	// thermostats behind the sandbox connector.
	"InsertThermostat":                "TestThermostats",
	"Thermostat":                      "TestThermostats",
	"UpdateThermostat":                "TestThermostats",
	"SandboxThermostat":               "TestThermostats",
	"SandboxPutThermostat":            "TestThermostats",
	"InsertThermostatSchedule":        "TestThermostatSchedules",
	"ThermostatSchedule":              "TestThermostatSchedules",
	"ThermostatSchedulesOfDevice":     "TestThermostatSchedules",
	"UpdateThermostatSchedule":        "TestThermostatSchedules",
	"DeleteThermostatSchedule":        "TestThermostatSchedules",
	"InsertThermostatDailyProgram":    "TestThermostatDailyPrograms",
	"ThermostatDailyProgram":          "TestThermostatDailyPrograms",
	"ThermostatDailyProgramsOfDevice": "TestThermostatDailyPrograms",
	"UpdateThermostatDailyProgram":    "TestThermostatDailyPrograms",
	"DeleteThermostatDailyProgram":    "TestThermostatDailyPrograms",
	"DevicesOfConnectedAccount":       "TestDevices",
	"DeleteDevicesOfConnectedAccount": "TestDevices",
	"DeleteDevicesOfWorkspace":        "TestDevices",
	"UpdateDevice":                    "TestDeviceChanges",
	"DeleteDevice":                    "TestDeviceChanges",
	"SetDeviceConnectorConfig":        "TestDeviceChanges",

	// Access grants and methods.
	"InsertAccessGrant":           "TestAccessGrants",
	"AccessGrant":                 "TestAccessGrants",
	"AccessGrantByKey":            "TestAccessGrants",
	"ListAccessGrants":            "TestAccessGrants",
	"UpdateAccessGrant":           "TestAccessGrants",
	"DeleteAccessGrant":           "TestAccessGrants",
	"SetAccessGrantEndJob":        "TestAccessGrants",
	"SetAccessGrantPlaces":        "TestAccessGrants",
	"AccessGrantPlaces":           "TestAccessGrants",
	"InsertAccessMethod":          "TestAccessGrants",
	"AccessMethod":                "TestAccessGrants",
	"ListAccessMethods":           "TestAccessGrants",
	"UpdateAccessMethod":          "TestAccessGrants",
	"DeleteAccessMethod":          "TestAccessGrants",
	"InsertUnmanagedAccessGrant":  "TestUnmanagedAccessGrants",
	"UnmanagedAccessGrant":        "TestUnmanagedAccessGrants",
	"ListUnmanagedAccessGrants":   "TestUnmanagedAccessGrants",
	"DeleteUnmanagedAccessGrant":  "TestUnmanagedAccessGrants",
	"InsertUnmanagedAccessMethod": "TestUnmanagedAccessGrants",
	"UnmanagedAccessMethod":       "TestUnmanagedAccessGrants",
	"ListUnmanagedAccessMethods":  "TestUnmanagedAccessGrants",
	"DeleteUnmanagedAccessMethod": "TestUnmanagedAccessGrants",
	"AddAccessMethodObject":       "TestAccessGrants",
	"AccessMethodObjects":         "TestAccessGrants",
	"AccessMethodsOfObject":       "TestAccessGrants",
	"RemoveAccessMethodObject":    "TestAccessGrants",
	"AccessGrantDoors":            "TestAccessGrantDoors",
	"AddAccessGrantDoor":          "TestAccessGrantDoors",
	"RemoveAccessGrantDoor":       "TestAccessGrantDoors",
	// Spaces.
	"SpacesOf":        "TestSpaceMembersElsewhere",
	"InsertSpace":     "TestSpaces",
	"Space":           "TestSpaces",
	"SpaceByKey":      "TestSpaces",
	"ListSpaces":      "TestSpaces",
	"UpdateSpace":     "TestSpaces",
	"DeleteSpace":     "TestSpaces",
	"AddToSpace":      "TestSpaces",
	"RemoveFromSpace": "TestSpaces",
	"SpaceMembers":    "TestSpaces",

	// Encoders.
	"InsertAcsEncoder":    "TestAcsEncoders",
	"AcsEncoder":          "TestAcsEncoders",
	"ListAcsEncoders":     "TestAcsEncoders",
	"SetAcsEncoderState":  "TestAcsEncoders",
	"EncodeAcsCredential": "TestAcsEncoders",

	// ACS users.
	"InsertAcsUser":              "TestAcsUsers",
	"AcsUser":                    "TestAcsUsers",
	"ListAcsUsers":               "TestAcsUsers",
	"AcsUserIdentity":            "TestAcsUsers",
	"AcsUserOfIdentity":          "TestAcsUsers",
	"AcsUserExternalIDTaken":     "TestAcsUsers",
	"UpdateAcsUser":              "TestAcsUsers",
	"SetAcsUserErrors":           "TestAcsUsers",
	"FinishClaimedAcsUserDelete": "TestClaimAcsUserDelete",
	"FinishAcsUserDelete":        "TestAcsUsers",
	"ClaimAcsUserDelete":         "TestClaimAcsUserDelete",
	"ClaimAcsUserDeleteRevoking": "TestClaimAcsUserDeleteRevoking",
	"UnlinkedAcsUserMatching":    "TestUnlinkedAcsUserMatching",

	// Credentials.
	"InsertAcsCredential":         "TestAcsCredentials",
	"AcsCredential":               "TestAcsCredentials",
	"ListAcsCredentials":          "TestAcsCredentials",
	"UpdateAcsCredential":         "TestAcsCredentials",
	"MarkAcsCredentialIssued":     "TestAcsCredentials",
	"InvalidateAcsCredential":     "TestAcsCredentials",
	"FinishAcsCredentialDelete":   "TestAcsCredentials",
	"AddAcsCredentialEntrance":    "TestAcsCredentials",
	"RemoveAcsCredentialEntrance": "TestAcsCredentials",
	"CredentialsWithAccessTo":     "TestAcsCredentials",
	"InvalidateCredentialsOfUser": "TestInvalidateCredentialsOfUser",
	"RevokeAcsUserAccess":         "TestRevokeAcsUserAccess",

	// Access groups.
	"InsertAcsAccessGroup":    "TestAcsAccessGroupMembership",
	"AcsAccessGroup":          "TestAcsAccessGroupMembership",
	"AddAccessGroupEntrance":  "TestAcsAccessGroupMembership",
	"AddAccessGroupMember":    "TestAcsAccessGroupMembership",
	"RemoveAccessGroupMember": "TestAcsAccessGroupMembership",
	"RemoveUserFromAllGroups": "TestAcsAccessGroupMembership",
	"DeleteUserMemberships":   "TestAcsAccessGroupMembership",
	"ListAcsAccessGroups":     "TestAcsAccessGroups",
	"AccessGroupMembers":      "TestAcsAccessGroups",
	"AccessGroupHasMemberOf":  "TestAcsAccessGroups",
	"DeleteAcsAccessGroup":    "TestAcsAccessGroups",

	// Entrances.
	"InsertAcsEntrance":   "TestAcsEntranceInsertAndUserGrants",
	"RemoveUserEntrances": "TestAcsEntranceInsertAndUserGrants",
	"AcsEntrance":         "TestAcsEntrances",
	"AcsEntrances":        "TestAcsEntrances",
	"ListAcsEntrances":    "TestAcsEntrances",
	"GrantUserEntrance":   "TestAcsEntrances",
	"RevokeUserEntrances": "TestAcsEntrances",

	// Events, audit log, pending mutations.
	"InsertEvent":            "TestEventScope",
	"ListEvents":             "TestEventScope",
	"InsertEvents":           "TestEventLog",
	"Event":                  "TestEventLog",
	"InsertAudit":            "TestAuditLog",
	"AuditRecords":           "TestAuditLog",
	"InsertPendingMutation":  "TestPendingMutations",
	"PendingMutations":       "TestPendingMutations",
	"DeletePendingMutations": "TestPendingMutations",

	// Idempotency keys.
	"IdempotencyKey":           "TestIdempotencyKeys",
	"ClaimIdempotencyKey":      "TestIdempotencyKeys",
	"RecordIdempotentResponse": "TestIdempotencyKeys",

	// Webhooks.
	"InsertWebhook":           "TestWebhooks",
	"Webhook":                 "TestWebhooks",
	"Webhooks":                "TestWebhooks",
	"SetWebhookEventTypes":    "TestWebhooks",
	"DisableWebhook":          "TestWebhooks",
	"DeleteWebhook":           "TestWebhooks",
	"LockWebhook":             "TestLockWebhook",
	"ShareWebhookLock":        "TestLockWebhook",
	"SetWebhookHealth":        "TestWebhookDeliveries",
	"InsertWebhookDeliveries": "TestWebhookDeliveries",
	"ClaimWebhookDeliveries":  "TestWebhookDeliveries",
	"RetryWebhookDelivery":    "TestWebhookDeliveries",
	"FinishWebhookDelivery":   "TestWebhookDeliveries",
	"WebhookDeliveries":       "TestWebhookDeliveries",

	// Bridges: bridge client sessions paired with a workspace.
	"InsertBridge":              "TestBridges",
	"Bridge":                    "TestBridges",
	"ListBridges":               "TestBridges",
	"SetConnectedAccountBridge": "TestBridges",

	// Connect Webviews.
	"InsertConnectWebview":         "TestConnectWebviews",
	"ConnectWebview":               "TestConnectWebviews",
	"ListConnectWebviews":          "TestConnectWebviews",
	"UpdateConnectWebviewProgress": "TestConnectWebviews",
	"DeleteConnectWebview":         "TestConnectWebviews",

	// Action attempts.
	"InsertActionAttempt":           "TestActionAttempts",
	"ActionAttempt":                 "TestActionAttempts",
	"ListActionAttempts":            "TestActionAttempts",
	"PendingActionAttemptsOfDevice": "TestActionAttempts",
	"FinishActionAttempt":           "TestActionAttempts",

	// Background work: object errors, queued mutations, reconciliation.
	"AddAcsUserError":                  "TestAcsObjectErrors",
	"RemoveAcsUserError":               "TestAcsObjectErrors",
	"AddAcsCredentialError":            "TestAcsObjectErrors",
	"InsertQueuedMutation":             "TestQueuedMutations",
	"ClaimQueuedMutation":              "TestQueuedMutations",
	"QueuedMutationPending":            "TestQueuedMutations",
	"QueuedMutationBefore":             "TestQueuedMutations",
	"QueuedSubjectsOfSystem":           "TestQueuedMutations",
	"NextQueuedMutation":               "TestQueuedMutations",
	"ManagedAcsUsersOfSystem":          "TestReconcileReads",
	"CredentialIDsInvalidatedWithUser": "TestReconcileReads",

	// The simulated access system.
	"SandboxPutUser":          "TestSandboxUsers",
	"SandboxUsers":            "TestSandboxUsers",
	"SandboxUsersAfter":       "TestSandboxUsers",
	"SandboxDeleteUser":       "TestSandboxUsers",
	"SandboxPutCredential":    "TestSandboxCredentials",
	"SandboxCredentials":      "TestSandboxCredentials",
	"SandboxDeleteCredential": "TestSandboxCredentials",
	"SandboxSetGroupMember":   "TestSandboxGroupMembers",
	"SandboxGroupMembers":     "TestSandboxGroupMembers",
	"SandboxSetUserEntrance":  "TestSandboxUserEntrances",
	"SandboxUserEntrances":    "TestSandboxUserEntrances",
	"SandboxPutDevice":        "TestSandboxDevices",
	"SandboxAddDevice":        "TestSandboxDevices",
	"SandboxDevice":           "TestSandboxDevices",
	"SandboxDevices":          "TestSandboxDevices",
	"SandboxDeleteDevice":     "TestSandboxDevices",
	"SandboxPutAccessCode":    "TestSandboxDevices",
	"SandboxDeleteAccessCode": "TestSandboxDevices",
	"SandboxAccessCodes":      "TestSandboxDevices",
}

// noWorkspace lists the methods of *store.Tx that take no workspace id by
// design, and why. A method whose source has a workspaceID parameter cannot
// be listed here.
var noWorkspace = map[string]string{
	"Dialect":     "reports the database dialect; touches no rows",
	"SQL":         "hands out the *sql.Tx for libraries; touches no rows",
	"Now":         "the transaction's clock; touches no rows",
	"AfterCommit": "registers a callback; touches no rows",

	"APIKeyByShortToken":            "finds a caller by its globally unique short token: this is how a request's workspace is found",
	"PublishableKeyByShortToken":    "finds a caller by its globally unique short token: this is how a request's workspace is found",
	"PATByShortToken":               "finds a caller by its globally unique short token: this is how a request's workspace is found",
	"LiveClientSessionByShortToken": "finds a caller by its globally unique short token: this is how a request's workspace is found",
	"ConnectWebviewByAuthToken":     "finds a Connect Webview by the hash of its random auth token: this is how its page, opened without API credentials, finds its workspace",
	"InstantKeyByToken":             "finds an instant key by the hash of its random token: this is how its page, opened without API credentials, finds its workspace",

	"InsertBridgeClientSession":        "a bridge client session belongs to no workspace until it is paired (InsertBridge)",
	"BridgeClientSessionByShortToken":  "finds a caller by its globally unique short token: this is how a bridge client is authenticated",
	"BridgeClientSession":              "scoped by the bridge client session its token resolved to (TestBridgeClientSessions: one session's reads and writes never reach another's)",
	"SetBridgePairingCode":             "scoped by the bridge client session its token resolved to (TestBridgeClientSessions)",
	"RecordBridgeStatus":               "scoped by the bridge client session its token resolved to (TestBridgeClientSessions)",
	"SetBridgeTailscaleAuthKey":        "scoped by the bridge client session its token resolved to (TestBridgeClientSessions)",
	"SetBridgeTelemetryToken":          "scoped by the bridge client session its token resolved to (TestBridgeClientSessions)",
	"BridgeConnectedSystems":           "scoped by the bridge client session its token resolved to: the systems behind its own bridge only (TestBridges)",
	"BridgeClientSessionByPairingCode": "finds an unpaired session by its live pairing code for administration on the server's machine (lintel pair-bridge); serves no request",

	"CreateWorkspace": "creates the workspace itself",
	"CountWorkspaces": "spans all workspaces by design: detects a first start",
	"AllWorkspaces":   "spans all workspaces by design: the admin CLI",

	"AllDeviceAccounts": "spans all workspaces by design: the background reconciliation visits every account with devices; serves no request",
	"AllAcsSystems":     "spans all workspaces by design: the background reconciliation visits every system; serves no request",
	"FindDevice":        "finds a device by id alone for administration on the server's machine (the sandbox fault switch); serves no request",
	"FindAcsSystem":     "finds a system by id alone for administration on the server's machine (the sandbox fault switch); serves no request",
	"WebhooksDue":       "spans all workspaces by design: the delivery waker finds every webhook with a delivery due, to queue its job; serves no request",
	"JobCounts":         "counts the job queue's own table for metrics; holds no tenant rows",

	"CreateConsoleUser":    "console users belong to no workspace; membership is AddWorkspaceMember's",
	"ConsoleUserByEmail":   "console users belong to no workspace; membership is AddWorkspaceMember's",
	"WorkspacesOfUser":     "scoped by console user, not workspace (TestWorkspaces: lists only the user's own)",
	"CreatePAT":            "personal access tokens belong to a console user, not a workspace",
	"RevokePAT":            "scoped by console user (TestPersonalAccessTokensAndSessions: another user cannot revoke)",
	"CreateConsoleSession": "console sessions belong to a console user, not a workspace",
	"LiveConsoleSession":   "scoped by console user (TestPersonalAccessTokensAndSessions: another user's session is not live)",
}

// TestEveryTxMethodIsCovered fails for every exported method of *store.Tx
// without a different-workspace case: a new store method needs a test and a
// line in differentWorkspaceCase (or, if it takes no workspace id by
// design, a reason in noWorkspace).
func TestEveryTxMethodIsCovered(t *testing.T) {
	t.Parallel()
	tests, pairs := testFuncs(t)
	workspaceArg := methodsTakingWorkspaceID(t)

	tx := reflect.TypeFor[*store.Tx]()
	for i := range tx.NumMethod() {
		m := tx.Method(i).Name
		test, covered := differentWorkspaceCase[m]
		reason, excused := noWorkspace[m]
		switch {
		case covered && excused:
			t.Errorf("%s is in both differentWorkspaceCase and noWorkspace; keep one", m)
		case excused:
			if strings.TrimSpace(reason) == "" {
				t.Errorf("%s: noWorkspace needs a reason", m)
			}
			if _, ok := workspaceArg[m]; ok {
				t.Errorf("%s takes a workspace id: it needs a different-workspace case, not a reason", m)
			}
		case covered:
			fn, ok := tests[test]
			switch {
			case !ok:
				t.Errorf("%s: test function %s does not exist", m, test)
			case !callsTxMethod(fn.Body, m):
				t.Errorf("%s: %s never calls tx.%s", m, test, m)
			case !callsWithWorkspaceB(fn.Body, m, argOf(workspaceArg, m), pairs):
				t.Errorf("%s: %s calls tx.%s, never with W_B's workspace id: add a call in which W_B "+
					"reads, counts, updates or deletes W_A's rows (its workspace argument b.WorkspaceID, b "+
					"the second result of seededPair, seededIdentityPair or twoWorkspaces, or a variable, "+
					"closure parameter or table field given it) and assert W_A's rows are untouched", m, test, m)
			}
		default:
			t.Errorf("*store.Tx.%s has no different-workspace case: write a test in which W_B reads, counts, "+
				"updates or deletes W_A's rows through it (calling tx.%s with b.WorkspaceID, b the second "+
				"result of seededPair, seededIdentityPair or twoWorkspaces), and name that test in "+
				"differentWorkspaceCase (internal/store/coverage_test.go)", m, m)
		}
	}
	// Entries for methods that no longer exist would hide a typo.
	for _, table := range []map[string]string{differentWorkspaceCase, noWorkspace} {
		for m := range table {
			if _, ok := tx.MethodByName(m); !ok {
				t.Errorf("%s is listed but *store.Tx has no such method", m)
			}
		}
	}
}

// testFuncs parses the package's test files and returns their top-level
// functions by name, and the names of the pair helpers: the functions whose
// two results are named a and b (seededPair, twoWorkspaces, …), b being W_B.
func testFuncs(t *testing.T) (funcs map[string]*ast.FuncDecl, pairs map[string]bool) {
	t.Helper()
	funcs, pairs = map[string]*ast.FuncDecl{}, map[string]bool{}
	for _, f := range parseFiles(t, "*_test.go") {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Body == nil {
				continue
			}
			funcs[fn.Name.Name] = fn
			if r := fn.Type.Results; r != nil && len(r.List) == 1 && len(r.List[0].Names) == 2 &&
				r.List[0].Names[0].Name == "a" && r.List[0].Names[1].Name == "b" {
				pairs[fn.Name.Name] = true
			}
		}
	}
	return funcs, pairs
}

// methodsTakingWorkspaceID reads the package's source and reports the
// methods of *Tx with a parameter named workspaceID, and its position among
// the arguments.
func methodsTakingWorkspaceID(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, f := range parseFiles(t, "*.go") {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !isTxPointer(fn.Recv.List[0].Type) {
				continue
			}
			i := 0
			for _, p := range fn.Type.Params.List {
				for _, n := range p.Names {
					if n.Name == "workspaceID" {
						out[fn.Name.Name] = i
					}
					i++
				}
			}
		}
	}
	return out
}

// parseFiles parses the package directory's files matching pattern; "*.go"
// means the non-test files.
func parseFiles(t *testing.T, pattern string) []*ast.File {
	t.Helper()
	names, err := filepath.Glob(pattern)
	if err != nil || len(names) == 0 {
		t.Fatalf("no %s files: %v", pattern, err)
	}
	fset := token.NewFileSet()
	var out []*ast.File
	for _, name := range names {
		if pattern == "*.go" && strings.HasSuffix(name, "_test.go") {
			continue
		}
		// Test files keep their object resolution: isWorkspaceB follows a
		// local identifier to its declaration.
		mode := parser.SkipObjectResolution
		if pattern != "*.go" {
			mode = 0
		}
		f, err := parser.ParseFile(fset, name, nil, mode)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

func isTxPointer(e ast.Expr) bool {
	star, ok := e.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := star.X.(*ast.Ident)
	return ok && id.Name == "Tx"
}

// callsTxMethod reports whether body, closures included, calls
// tx.<method>. The tests name their *store.Tx "tx" (inTx, view, and
// Store.InTx callbacks), which tells the store's methods from same-named
// ones of other types (time.Now, Store.Dialect).
func callsTxMethod(body *ast.BlockStmt, method string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != method {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == "tx" {
			found = true
		}
		return !found
	})
	return found
}

// callsWithWorkspaceB reports whether body calls tx.<method> with W_B's
// workspace id as argument arg; arg is -1 for a method that takes the id
// inside a struct (UpdateWorkspace), where any argument naming W_B counts.
func callsWithWorkspaceB(body *ast.BlockStmt, method string, arg int, pairs map[string]bool) bool {
	r := resolver{body: body, pairs: pairs}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok {
			return !found
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != method {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "tx" {
			return true
		}
		if arg >= 0 {
			found = arg < len(call.Args) && r.isWorkspaceB(call.Args[arg], 0)
			return !found
		}
		for _, a := range call.Args {
			ast.Inspect(a, func(n ast.Node) bool {
				if e, ok := n.(ast.Expr); ok && r.isWorkspaceB(e, 0) {
					found = true
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// resolver follows expressions of one test function back to W_B.
type resolver struct {
	body  *ast.BlockStmt
	pairs map[string]bool
}

// isWorkspaceB reports whether e is W_B's workspace id: b.WorkspaceID where b
// is the second result of a pair helper (a, b := seededPair(t, st)); a local
// variable assigned such an expression; a parameter of a local closure that
// some call of the closure passes such an expression; or a field of a table
// row (for _, tc := range []struct{…}{…}) that some row sets to one.
func (r resolver) isWorkspaceB(e ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.isWorkspaceB(e.X, depth+1)
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return false
		}
		if e.Sel.Name == "WorkspaceID" && r.isPairB(x) {
			return true
		}
		return r.tableFieldIsB(x, e.Sel.Name, depth)
	case *ast.Ident:
		if e.Obj == nil {
			return false
		}
		switch d := e.Obj.Decl.(type) {
		case *ast.AssignStmt:
			i := identIndex(d.Lhs, e.Name)
			return i >= 0 && len(d.Rhs) == len(d.Lhs) && r.isWorkspaceB(d.Rhs[i], depth+1)
		case *ast.ValueSpec:
			i := slices.IndexFunc(d.Names, func(n *ast.Ident) bool { return n.Name == e.Name })
			return i >= 0 && len(d.Values) == len(d.Names) && r.isWorkspaceB(d.Values[i], depth+1)
		case *ast.Field:
			return r.closureParamIsB(d, e.Name, depth)
		}
	}
	return false
}

// isPairB reports whether x is declared as the second result of a pair helper.
func (r resolver) isPairB(x *ast.Ident) bool {
	if x.Obj == nil {
		return false
	}
	as, ok := x.Obj.Decl.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || identIndex(as.Lhs, x.Name) != 1 {
		return false
	}
	call, ok := as.Rhs[0].(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := call.Fun.(*ast.Ident)
	return ok && r.pairs[fn.Name]
}

// closureParamIsB reports whether the parameter name of field belongs to a
// closure assigned to a local variable that is called, somewhere in the
// test, with W_B's id in that position.
func (r resolver) closureParamIsB(field *ast.Field, name string, depth int) bool {
	var closure *ast.Ident // the variable the closure is assigned to
	pos := -1
	ast.Inspect(r.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || closure != nil {
			return closure == nil
		}
		for i, rhs := range as.Rhs {
			lit, ok := rhs.(*ast.FuncLit)
			if !ok || i >= len(as.Lhs) {
				continue
			}
			k := 0
			for _, f := range lit.Type.Params.List {
				for _, n := range f.Names {
					if f == field && n.Name == name {
						closure, _ = as.Lhs[i].(*ast.Ident)
						pos = k
					}
					k++
				}
			}
		}
		return closure == nil
	})
	if closure == nil || closure.Obj == nil {
		return false
	}
	found := false
	ast.Inspect(r.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok {
			return !found
		}
		if fn, ok := call.Fun.(*ast.Ident); ok && fn.Obj == closure.Obj && pos < len(call.Args) {
			found = r.isWorkspaceB(call.Args[pos], depth+1)
		}
		return !found
	})
	return found
}

// tableFieldIsB reports whether row is the value of a range over a
// composite literal of structs, one of whose rows sets field to W_B's id.
func (r resolver) tableFieldIsB(row *ast.Ident, field string, depth int) bool {
	if row.Obj == nil {
		return false
	}
	as, ok := row.Obj.Decl.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || identIndex(as.Lhs, row.Name) != 1 {
		return false
	}
	rng, ok := as.Rhs[0].(*ast.UnaryExpr)
	if !ok || rng.Op != token.RANGE {
		return false
	}
	table, ok := rng.X.(*ast.CompositeLit)
	if !ok {
		return false
	}
	arr, ok := table.Type.(*ast.ArrayType)
	if !ok {
		return false
	}
	st, ok := arr.Elt.(*ast.StructType)
	if !ok {
		return false
	}
	pos, k := -1, 0
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == field {
				pos = k
			}
			k++
		}
	}
	for _, el := range table.Elts {
		lit, ok := el.(*ast.CompositeLit)
		if !ok {
			continue
		}
		for i, v := range lit.Elts {
			if kv, ok := v.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok && key.Name == field && r.isWorkspaceB(kv.Value, depth+1) {
					return true
				}
			} else if i == pos && r.isWorkspaceB(v, depth+1) {
				return true
			}
		}
	}
	return false
}

func identIndex(list []ast.Expr, name string) int {
	return slices.IndexFunc(list, func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == name
	})
}

// argOf is the position of method's workspace id argument, -1 when the id
// travels inside a struct.
func argOf(workspaceArg map[string]int, method string) int {
	if i, ok := workspaceArg[method]; ok {
		return i
	}
	return -1
}
