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
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// growing are the tables whose size grows with a workspace's users.
var growing = regexp.MustCompile(`^(acs_users|acs_credentials|acs_access_group_members|acs_user_entrances|` +
	`acs_credential_entrances|sandbox_provider_\w+|events|audit_log|pending_mutations)$`)

// wholeScope matches a search bounded by nothing narrower than a system or
// a workspace: it walks every row of one of them.
var wholeScope = regexp.MustCompile(`^SEARCH (\w+)(?: AS \w+)? USING (?:PRIMARY KEY|(?:COVERING )?INDEX \w+) \((?:acs_system_id|workspace_id)=\?\)$`)

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
		plan, err := store.QueryPlan(ctx, st, q)
		if err != nil {
			t.Errorf("explain %q: %v", q, err)
			continue
		}
		for _, line := range plan {
			bad := ""
			if f := strings.Fields(line); len(f) > 1 && f[0] == "SCAN" && growing.MatchString(f[1]) {
				bad = "scans a table"
			} else if m := wholeScope.FindStringSubmatch(line); m != nil && growing.MatchString(m[1]) {
				bad = "walks a whole system or workspace"
			}
			if bad != "" {
				t.Errorf("%s: %s\n  %s", bad, line, strings.Join(strings.Fields(q), " "))
			}
		}
	}
}
