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
// function exists and calls the method.
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

	// Connected accounts and systems.
	"InsertConnectedAccount":      "TestConnectedAccounts",
	"ConnectedAccount":            "TestConnectedAccounts",
	"ListConnectedAccounts":       "TestAcsSystemAndConnectedAccountStore",
	"InsertAcsSystem":             "TestAcsSystems",
	"AcsSystem":                   "TestAcsSystems",
	"AcsSystems":                  "TestAcsSystems",
	"SetAcsSystemConnectorConfig": "TestAcsSystems",
	"ListAcsSystems":              "TestAcsSystemAndConnectedAccountStore",
	"CountAcsSystemObjects":       "TestAcsSystemAndConnectedAccountStore",
	"ConnectedAccountByLogin":     "TestConnectedAccountByLogin",

	// Devices.
	"InsertDevice":                    "TestDevices",
	"Device":                          "TestDevices",
	"ListDevices":                     "TestDevices",
	"DevicesOfConnectedAccount":       "TestDevices",
	"DeleteDevicesOfConnectedAccount": "TestDevices",
	"DeleteDevicesOfWorkspace":        "TestDevices",

	// ACS users.
	"InsertAcsUser":           "TestAcsUsers",
	"AcsUser":                 "TestAcsUsers",
	"ListAcsUsers":            "TestAcsUsers",
	"AcsUserOfIdentity":       "TestAcsUsers",
	"AcsUserExternalIDTaken":  "TestAcsUsers",
	"UpdateAcsUser":           "TestAcsUsers",
	"SetAcsUserErrors":        "TestAcsUsers",
	"RequestAcsUserDelete":    "TestAcsUsers",
	"FinishAcsUserDelete":     "TestAcsUsers",
	"ClaimAcsUserDelete":      "TestClaimAcsUserDelete",
	"UnlinkedAcsUserMatching": "TestUnlinkedAcsUserMatching",

	// Credentials.
	"InsertAcsCredential":         "TestAcsCredentials",
	"AcsCredential":               "TestAcsCredentials",
	"ListAcsCredentials":          "TestAcsCredentials",
	"UpdateAcsCredential":         "TestAcsCredentials",
	"MarkAcsCredentialIssued":     "TestAcsCredentials",
	"InvalidateAcsCredential":     "TestAcsCredentials",
	"FinishAcsCredentialDelete":   "TestAcsCredentials",
	"AddAcsCredentialEntrance":    "TestAcsCredentials",
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

	// Webhooks.
	"InsertWebhook":        "TestWebhooks",
	"Webhook":              "TestWebhooks",
	"Webhooks":             "TestWebhooks",
	"SetWebhookEventTypes": "TestWebhooks",
	"DisableWebhook":       "TestWebhooks",
	"DeleteWebhook":        "TestWebhooks",

	// Action attempts.
	"InsertActionAttempt": "TestActionAttempts",
	"ActionAttempt":       "TestActionAttempts",
	"ListActionAttempts":  "TestActionAttempts",
	"FinishActionAttempt": "TestActionAttempts",

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

	"CreateWorkspace": "creates the workspace itself",
	"CountWorkspaces": "spans all workspaces by design: detects a first start",
	"AllWorkspaces":   "spans all workspaces by design: the admin CLI",

	"AllAcsSystems": "spans all workspaces by design: the background reconciliation visits every system; serves no request",
	"FindAcsSystem": "finds a system by id alone for administration on the server's machine (the sandbox fault switch); serves no request",
	"JobCounts":     "counts the job queue's own table for metrics; holds no tenant rows",

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
	tests := testFuncs(t)
	withWorkspace := methodsTakingWorkspaceID(t)

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
			if withWorkspace[m] {
				t.Errorf("%s takes a workspace id: it needs a different-workspace case, not a reason", m)
			}
		case covered:
			fn, ok := tests[test]
			switch {
			case !ok:
				t.Errorf("%s: test function %s does not exist", m, test)
			case !callsTxMethod(fn.Body, m):
				t.Errorf("%s: %s never calls tx.%s", m, test, m)
			}
		default:
			t.Errorf("*store.Tx.%s has no different-workspace case: write a test in which W_B reads, counts, "+
				"updates or deletes W_A's rows through it, and name that test in differentWorkspaceCase "+
				"(internal/store/coverage_test.go)", m)
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
// functions by name.
func testFuncs(t *testing.T) map[string]*ast.FuncDecl {
	t.Helper()
	out := map[string]*ast.FuncDecl{}
	for _, f := range parseFiles(t, "*_test.go") {
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Body != nil {
				out[fn.Name.Name] = fn
			}
		}
	}
	return out
}

// methodsTakingWorkspaceID reads the package's source and reports the
// methods of *Tx with a parameter named workspaceID.
func methodsTakingWorkspaceID(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, f := range parseFiles(t, "*.go") {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !isTxPointer(fn.Recv.List[0].Type) {
				continue
			}
			for _, p := range fn.Type.Params.List {
				if slices.ContainsFunc(p.Names, func(n *ast.Ident) bool { return n.Name == "workspaceID" }) {
					out[fn.Name.Name] = true
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
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
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
