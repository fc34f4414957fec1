package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
)

// apiCase is one row of a route table test: a call and what it must answer.
type apiCase struct {
	name   string
	method string
	path   string
	// token defaults to workspace A's API key; "-" sends none.
	token  string
	params map[string]any
	// status is the expected status; 200 unless errType is set.
	status  int
	errType string
	// field, for invalid_input, is the parameter validation_errors must name.
	field string
	// check inspects a successful response.
	check func(t *testing.T, r response)
}

// run plays the cases in order (later cases may rely on earlier ones).
func (s *testServer) run(cases []apiCase) {
	s.t.Helper()
	for _, c := range cases {
		s.t.Run(c.name, func(t *testing.T) {
			inner := *s
			inner.t = t
			token := c.token
			switch token {
			case "":
				token = s.A.APIKey
			case "-":
				token = ""
			}
			r := inner.call(c.method, c.path, token, c.params)
			if c.errType == "" {
				inner.ok(r)
				if c.check != nil {
					c.check(t, r)
				}
				return
			}
			inner.wantError(r, c.status, c.errType)
			if c.field != "" {
				e := r.Body["error"].(map[string]any)
				ve, _ := e["validation_errors"].(map[string]any)
				if !namesField(ve, c.field) {
					t.Errorf("validation_errors does not name %q: %s", c.field, r.Raw)
				}
			}
		})
	}
}

// namesField reports whether validation errors name a field: a key, or a
// dotted path into their tree ("devices.0.device_id").
func namesField(ve map[string]any, field string) bool {
	if _, ok := ve[field]; ok {
		return true
	}
	node := ve
	for seg := range strings.SplitSeq(field, ".") {
		next, ok := node[seg].(map[string]any)
		if !ok {
			return false
		}
		node = next
	}
	return true
}

// obj returns the object under key of a response.
func obj(t *testing.T, r response, key string) map[string]any {
	t.Helper()
	o, ok := r.Body[key].(map[string]any)
	if !ok {
		t.Fatalf("no object under %q: %s", key, r.Raw)
	}
	return o
}

// list returns the array under key of a response.
func list(t *testing.T, r response, key string) []map[string]any {
	t.Helper()
	raw, ok := r.Body[key].([]any)
	if !ok {
		t.Fatalf("no array under %q: %s", key, r.Raw)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i] = x.(map[string]any)
	}
	return out
}

// ids returns the values of field in every item.
func ids(items []map[string]any, field string) []string {
	out := make([]string, len(items))
	for i, x := range items {
		out[i], _ = x[field].(string)
	}
	return out
}

// requireFields fails unless o carries every field, with a non-null value
// for those the spec types as non-nullable arrays.
func requireFields(t *testing.T, o map[string]any, fields ...string) {
	t.Helper()
	for _, f := range fields {
		v, ok := o[f]
		if !ok {
			t.Errorf("missing required field %q in %v", f, o)
			continue
		}
		if f == "errors" || f == "warnings" || f == "pending_mutations" || f == "space_ids" {
			if _, ok := v.([]any); !ok {
				t.Errorf("%q is %v, want an array", f, v)
			}
		}
	}
}

// Required fields of the resources, from the spec.
var (
	credentialFields = []string{"acs_credential_id", "connected_account_id", "acs_system_id", "display_name",
		"access_method", "created_at", "workspace_id", "errors", "warnings", "is_managed"}
	accessGroupFields = []string{"acs_access_group_id", "acs_system_id", "workspace_id", "connected_account_id", "name",
		"access_group_type", "access_group_type_display_name", "display_name", "external_type",
		"external_type_display_name", "created_at", "errors", "warnings", "pending_mutations", "is_managed"}
	entranceFields = []string{"acs_system_id", "acs_entrance_id", "space_ids", "created_at", "display_name",
		"connected_account_id", "errors", "warnings"}
	userFields = []string{"acs_user_id", "acs_system_id", "workspace_id", "connected_account_id", "created_at",
		"display_name", "is_managed", "last_successful_sync_at", "errors", "warnings"}
)

// events counts the events of a type about an object of workspace ws.
func (s *testServer) events(ws, eventType string, f store.EventFilter) int {
	s.t.Helper()
	f.EventTypes, f.Limit = []string{eventType}, 1000
	var n int
	err := s.st.View(context.Background(), func(tx *store.Tx) error {
		evs, err := tx.ListEvents(context.Background(), ws, f)
		n = len(evs)
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return n
}

// audits returns the audit actions recorded about an object.
func (s *testServer) audits(ws, objectID string) []string {
	s.t.Helper()
	var out []string
	err := s.st.View(context.Background(), func(tx *store.Tx) error {
		recs, err := tx.AuditRecords(context.Background(), ws, objectID)
		for _, r := range recs {
			out = append(out, r.Action)
		}
		return err
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// sandbox reads the simulated access system's state through fn.
func (s *testServer) sandbox(fn func(tx *store.Tx) error) {
	s.t.Helper()
	if err := s.st.View(context.Background(), fn); err != nil {
		s.t.Fatal(err)
	}
}

// crossLinkQueries count link rows whose ends lie in different workspaces
// or different access systems; each must find none.
var crossLinkQueries = map[string]string{
	"group members": `SELECT COUNT(*) FROM acs_access_group_members m
		JOIN acs_users u ON u.acs_user_id = m.acs_user_id
		JOIN acs_access_groups g ON g.acs_access_group_id = m.acs_access_group_id
		WHERE m.workspace_id <> u.workspace_id OR m.workspace_id <> g.workspace_id OR u.acs_system_id <> g.acs_system_id`,
	"group entrances": `SELECT COUNT(*) FROM acs_access_group_entrances ge
		JOIN acs_entrances e ON e.acs_entrance_id = ge.acs_entrance_id
		JOIN acs_access_groups g ON g.acs_access_group_id = ge.acs_access_group_id
		WHERE ge.workspace_id <> e.workspace_id OR ge.workspace_id <> g.workspace_id OR e.acs_system_id <> g.acs_system_id`,
	"user entrances": `SELECT COUNT(*) FROM acs_user_entrances ue
		JOIN acs_users u ON u.acs_user_id = ue.acs_user_id
		JOIN acs_entrances e ON e.acs_entrance_id = ue.acs_entrance_id
		WHERE ue.workspace_id <> u.workspace_id OR ue.workspace_id <> e.workspace_id OR u.acs_system_id <> e.acs_system_id`,
	"credential entrances": `SELECT COUNT(*) FROM acs_credential_entrances ce
		JOIN acs_credentials c ON c.acs_credential_id = ce.acs_credential_id
		JOIN acs_entrances e ON e.acs_entrance_id = ce.acs_entrance_id
		WHERE ce.workspace_id <> c.workspace_id OR ce.workspace_id <> e.workspace_id OR c.acs_system_id <> e.acs_system_id`,
	"credential holders": `SELECT COUNT(*) FROM acs_credentials c JOIN acs_users u ON u.acs_user_id = c.acs_user_id
		WHERE c.workspace_id <> u.workspace_id OR c.acs_system_id <> u.acs_system_id`,
	"credential managers": `SELECT COUNT(*) FROM acs_credentials c
		JOIN acs_systems m ON m.acs_system_id = c.credential_manager_acs_system_id
		WHERE c.workspace_id <> m.workspace_id`,
	"user identities": `SELECT COUNT(*) FROM acs_users u JOIN user_identities i ON i.user_identity_id = u.user_identity_id
		WHERE u.workspace_id <> i.workspace_id`,
	"live credentials of deleted users": `SELECT COUNT(*) FROM acs_credentials c JOIN acs_users u ON u.acs_user_id = c.acs_user_id
		WHERE c.invalidated_at IS NULL AND (u.deleted_at IS NOT NULL OR u.delete_requested_at IS NOT NULL)`,
}

// assertNoCrossLinks checks the tenancy invariant over every link table.
func (s *testServer) assertNoCrossLinks() {
	s.t.Helper()
	for name, q := range crossLinkQueries {
		var n int
		if err := s.st.DB().QueryRow(q).Scan(&n); err != nil {
			s.t.Fatalf("%s: %v", name, err)
		}
		if n != 0 {
			s.t.Errorf("%s: %d rows link objects of different workspaces or systems", name, n)
		}
	}
}

// clientSessions resolves client-session tokens of the tests: each short
// token stands for a principal chosen by the test.
type clientSessions map[string]lintel.Principal

func (c clientSessions) ResolveClientSession(_ context.Context, _ *store.Tx, short string, _ []byte) (lintel.Principal, error) {
	p, ok := c[short]
	if !ok {
		return p, store.ErrNotFound
	}
	return p, nil
}
