package store_test

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// growing are the tables whose size grows with a workspace's users.
var growing = regexp.MustCompile(`^(acs_users|acs_credentials|acs_access_group_members|acs_user_entrances|` +
	`acs_credential_entrances|sandbox_provider_\w+|events|audit_log|pending_mutations)$`)

// wholeScope matches a search bounded by nothing narrower than a system or
// a workspace: it walks every row of one of them.
var wholeScope = regexp.MustCompile(`^SEARCH (\w+)(?: AS \w+)? USING (?:PRIMARY KEY|(?:COVERING )?INDEX \w+) \((?:acs_system_id|workspace_id)=\?\)$`)

// aliased finds "FROM table alias" and "JOIN table alias" in a statement.
var aliased = regexp.MustCompile(`(?i)\b(?:FROM|JOIN)\s+(\w+)\s+(?:AS\s+)?(\w+)`)

// TestDeletePlans deletes users through the ACS service on SQLite and asks
// SQLite for the plan of every statement the deletes ran (and seeding had
// not): none may scan a
// table or walk a whole system or workspace of a table that grows with the
// users, so a delete costs the same with ten users present or a million.
// SQLite has no statistics here, so a table keyed by (system, …) can lure
// its planner into searching by the system alone; this catches that.
func TestDeletePlans(t *testing.T) {
	ctx := context.Background()
	st := storetest.SQLite(t)
	a, _ := seededPair(t, st)
	svc := acs.NewService(st, connector.NewRegistry(map[string]connector.Connector{
		connector.SandboxName: connector.Sandbox{}}), event.NewRecorder(), slog.New(slog.DiscardHandler))
	p := lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: a.WorkspaceID, ActorID: lintel.NewID()}
	seeding := map[string]bool{}
	for _, q := range store.WriterStatements(st) {
		seeding[q] = true
	}
	for _, sys := range a.Systems {
		if err := svc.DeleteUser(ctx, p, acs.UserRef{AcsUserID: sys.AcsUserIDs[0]}); err != nil {
			t.Fatal(err)
		}
		ref := acs.UserRef{UserIdentityID: sys.UserIdentityIDs[1], AcsSystemID: sys.AcsSystemID}
		if sys.UserIdentityIDs[1] == "" {
			ref = acs.UserRef{AcsUserID: sys.AcsUserIDs[1]}
		}
		if err := svc.DeleteUser(ctx, p, ref); err != nil {
			t.Fatal(err)
		}
	}
	var texts []string
	for _, q := range store.WriterStatements(st) {
		if !seeding[q] {
			texts = append(texts, q)
		}
	}
	if len(texts) < 8 {
		t.Fatalf("the writer met %d statements; expected the delete's", len(texts))
	}
	for _, q := range texts {
		checkPlan(t, st, q)
	}
}

// checkPlan fails the test if SQLite's plan for q scans a table that grows
// with the users or walks a whole system or workspace of one.
func checkPlan(t *testing.T, st *store.Store, q string) {
	t.Helper()
	plan, err := store.QueryPlan(context.Background(), st, q)
	if err != nil {
		t.Errorf("explain %q: %v", q, err)
		return
	}
	// SQLite's plan names a table by its alias when it has one.
	table := map[string]string{}
	for _, m := range aliased.FindAllStringSubmatch(q, -1) {
		table[m[2]] = m[1]
	}
	grows := func(name string) bool {
		if t, ok := table[name]; ok {
			name = t
		}
		return growing.MatchString(name)
	}
	for _, line := range plan {
		bad := ""
		if f := strings.Fields(line); len(f) > 1 && f[0] == "SCAN" && grows(f[1]) {
			bad = "scans a table"
		} else if m := wholeScope.FindStringSubmatch(line); m != nil && grows(m[1]) {
			bad = "walks a whole system or workspace"
		}
		if bad != "" {
			t.Errorf("%s: %s\n  %s", bad, line, strings.Join(strings.Fields(q), " "))
		}
	}
}

// TestNarrowListPlans: a list narrowed to one user (or one identity) reads
// that user's rows, not its whole workspace or system filtered row by row:
// acs/credentials/list by acs_user_id walked every credential of the
// workspace, so its cost grew with the workspace (migration 00030).
func TestNarrowListPlans(t *testing.T) {
	ctx := context.Background()
	st := storetest.SQLite(t)
	a, _ := seededPair(t, st)
	sys := a.Systems[0]
	for _, c := range []struct {
		name string
		list func(tx *store.Tx) error
	}{
		{"credentials of a user", func(tx *store.Tx) error {
			_, err := tx.ListAcsCredentials(ctx, a.WorkspaceID, store.AcsCredentialFilter{AcsUserID: sys.AcsUserIDs[0]}, page.Request{Limit: 20})
			return err
		}},
		{"credentials of a user in a system", func(tx *store.Tx) error {
			_, err := tx.ListAcsCredentials(ctx, a.WorkspaceID, store.AcsCredentialFilter{AcsUserID: sys.AcsUserIDs[0],
				AcsSystemID: sys.AcsSystemID}, page.Request{Limit: 20})
			return err
		}},
		{"users of an identity", func(tx *store.Tx) error {
			_, err := tx.ListAcsUsers(ctx, a.WorkspaceID, store.AcsUserFilter{UserIdentityID: sys.UserIdentityIDs[0]}, page.Request{Limit: 20})
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := map[string]bool{}
			for _, q := range store.ReadStatements(st) {
				before[q] = true
			}
			view(t, st, c.list)
			n := 0
			for _, q := range store.ReadStatements(st) {
				if !before[q] {
					n++
					checkPlan(t, st, q)
				}
			}
			if n == 0 {
				t.Fatal("the list prepared no statement of its own")
			}
		})
	}
}
