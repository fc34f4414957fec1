package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// sandbox is a running server on a seeded database.
type sandbox struct {
	*server
	ws seed.Workspace
	db string
}

// usersPerSystem is how many users each seeded system starts with.
const usersPerSystem = 5

// startSandbox seeds a fresh database with one workspace of two systems
// and runs the real binary on it.
func startSandbox(t *testing.T) sandbox {
	t.Helper()
	db := filepath.Join(t.TempDir(), "lintel.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var ws seed.Workspace
	err = st.InTx(ctx, func(tx *store.Tx) error {
		ws, err = seed.Seed(ctx, tx, seed.Options{Name: "E2E", IsSandbox: true, Systems: []seed.System{
			{Name: "Visionline", ExternalType: "visionline_system", AccessMethod: "card", Users: usersPerSystem, CredentialsPerUser: 1, Groups: 1, Entrances: 1},
			{Name: "Salto KS", ExternalType: "salto_ks_site", AccessMethod: "code", Users: usersPerSystem, CredentialsPerUser: 1, Groups: 1, Entrances: 1},
		}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return sandbox{server: startServer(t, db, nil), ws: ws, db: db}
}

func (s sandbox) client(t *testing.T, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(append([]client.Option{client.WithEnvironment(nil), client.WithEndpoint(s.URL), client.WithAPIKey(s.ws.APIKey)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func apiError(t *testing.T, err error) *client.Error {
	t.Helper()
	var e *client.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *client.Error", err, err)
	}
	return e
}

func TestSDK(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	c := s.client(t)
	ctx := context.Background()
	sys1, sys2 := s.ws.Systems[0], s.ws.Systems[1]

	// Create a user, then delete it by its id.
	u, err := c.Acs.Users.Create(ctx, client.AcsUsersCreateParams{AcsSystemID: sys1.AcsSystemID, FullName: "Jane Doe", EmailAddress: "jane@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if u.AcsSystemID != sys1.AcsSystemID || u.FullName != "Jane Doe" || u.WorkspaceID != s.ws.WorkspaceID {
		t.Errorf("created %+v", u)
	}
	if got, err := c.Acs.Users.Get(ctx, client.AcsUsersGetParams{AcsUserID: u.AcsUserID}); err != nil || got.AcsUserID != u.AcsUserID {
		t.Fatalf("get = %+v, %v", got, err)
	}
	if err := c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{AcsUserID: u.AcsUserID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Acs.Users.Get(ctx, client.AcsUsersGetParams{AcsUserID: u.AcsUserID})
	if e := apiError(t, err); e.Type != "acs_user_not_found" || e.StatusCode != 404 || e.RequestID == "" {
		t.Errorf("get after delete: %+v", e)
	}

	// Create one for a user identity on the second system, then delete it
	// by user identity and system.
	identity := sys1.UserIdentityIDs[0]
	u2, err := c.Acs.Users.Create(ctx, client.AcsUsersCreateParams{AcsSystemID: sys2.AcsSystemID, FullName: "Second", UserIdentityID: identity})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{UserIdentityID: identity, AcsSystemID: sys2.AcsSystemID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Acs.Users.Get(ctx, client.AcsUsersGetParams{AcsUserID: u2.AcsUserID})
	if e := apiError(t, err); e.Type != "acs_user_not_found" {
		t.Errorf("get after delete by identity: %+v", e)
	}
	// The identity's user on the first system is untouched.
	if _, err := c.Acs.Users.Get(ctx, client.AcsUsersGetParams{AcsUserID: sys1.AcsUserIDs[0]}); err != nil {
		t.Errorf("the other user of the identity: %v", err)
	}

	// Pagination: five users in pages of two.
	first, pg, err := c.Acs.Users.ListPage(ctx, client.AcsUsersListParams{AcsSystemID: sys2.AcsSystemID, Limit: 2})
	if err != nil || len(first) != 2 || !pg.HasNextPage || pg.NextPageCursor == nil {
		t.Fatalf("first page: %d users, %+v, %v", len(first), pg, err)
	}
	seen := map[string]bool{}
	for user, err := range c.Acs.Users.ListAll(ctx, client.AcsUsersListParams{AcsSystemID: sys2.AcsSystemID, Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[user.AcsUserID] || user.AcsSystemID != sys2.AcsSystemID {
			t.Errorf("listed %s twice or from another system", user.AcsUserID)
		}
		seen[user.AcsUserID] = true
	}
	if len(seen) != usersPerSystem {
		t.Errorf("ListAll gave %d users, want %d", len(seen), usersPerSystem)
	}
	// A null in the query string: every user left on the system has an
	// identity with an email, so none matches user_identity_email_address=null.
	none, err := c.Acs.Users.List(ctx, client.AcsUsersListParams{AcsSystemID: sys2.AcsSystemID,
		UserIdentityEmailAddress: client.Nullable[string]{Set: true, Null: true}})
	if err != nil || len(none) != 0 {
		t.Errorf("null email filter: %d users, %v", len(none), err)
	}

	// Errors.
	err = c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{AcsUserID: "8d7e0b3a-b889-49a7-9164-4b71a0506a33"})
	if e := apiError(t, err); e.Type != "acs_user_not_found" || e.StatusCode != 404 {
		t.Errorf("unknown id: %+v", e)
	}
	err = c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{})
	if e := apiError(t, err); e.Type != "invalid_input" || e.StatusCode != 400 || e.Message == "" {
		t.Errorf("no parameters: %+v", e)
	}
	err = c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{UserIdentityID: identity})
	if e := apiError(t, err); e.Type != "invalid_input" || len(e.FieldErrors()) == 0 {
		t.Errorf("identity without system: %+v", e)
	}
	_, err = s.client(t, client.WithAPIKey("seam_wrong_key")).Acs.Users.List(ctx, client.AcsUsersListParams{})
	if e := apiError(t, err); e.Type != "unauthorized" || e.StatusCode != 401 {
		t.Errorf("bad key: %+v", e)
	}
	if h, err := c.Health.GetHealth(ctx, client.HealthParams{}); err != nil || !h.OK {
		t.Errorf("health = %+v, %v", h, err)
	}
}

// cliResult is what one run of the lintel binary as a client gave.
type cliResult struct {
	code   int
	stdout string
	stderr string
	body   map[string]any
}

// lintel runs the binary as an API client of s.
func (s sandbox) lintel(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{"LINTEL_ENDPOINT=" + s.URL, "SEAM_API_KEY=" + s.ws.APIKey, "HOME=" + t.TempDir()}
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := cliResult{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	if strings.HasPrefix(r.stdout, "{") {
		if err := json.Unmarshal(stdout.Bytes(), &r.body); err != nil {
			t.Fatalf("lintel %v printed invalid JSON: %v\n%s", args, err, r.stdout)
		}
	}
	return r
}

func (r cliResult) errType() string {
	e, _ := r.body["error"].(map[string]any)
	s, _ := e["type"].(string)
	return s
}

func TestCLI(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	sys1, sys2 := s.ws.Systems[0], s.ws.Systems[1]
	mustOK := func(r cliResult) cliResult {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
		}
		return r
	}

	// Create, then delete by acs_user_id.
	r := mustOK(s.lintel(t, "", "acs", "users", "create", "--acs_system_id", sys1.AcsSystemID, "--full_name", "Jane Doe"))
	user, _ := r.body["acs_user"].(map[string]any)
	id, _ := user["acs_user_id"].(string)
	if id == "" || user["full_name"] != "Jane Doe" || r.body["ok"] != nil {
		t.Fatalf("create printed %s", r.stdout)
	}
	r = mustOK(s.lintel(t, "", "acs", "users", "delete", "--acs_user_id", id))
	if r.stdout != "{}\n" {
		t.Errorf("delete printed %q", r.stdout)
	}
	r = s.lintel(t, "", "acs", "users", "get", "--acs_user_id", id)
	if r.code != 1 || r.errType() != "acs_user_not_found" {
		t.Errorf("get after delete: exit %d, %s", r.code, r.stdout)
	}

	// Create for an identity, then delete by user_identity_id and
	// acs_system_id, the flags spelt with dashes this time.
	identity := sys1.UserIdentityIDs[1]
	r = mustOK(s.lintel(t, "", "acs", "users", "create", "--acs-system-id", sys2.AcsSystemID, "--full-name", "Second", "--user-identity-id", identity))
	user, _ = r.body["acs_user"].(map[string]any)
	id2, _ := user["acs_user_id"].(string)
	mustOK(s.lintel(t, "", "acs", "users", "delete", "--user_identity_id", identity, "--acs_system_id", sys2.AcsSystemID))
	if r := s.lintel(t, "", "acs", "users", "get", "--acs_user_id", id2); r.errType() != "acs_user_not_found" {
		t.Errorf("get after delete by identity: %s", r.stdout)
	}

	// --raw and standard input.
	r = mustOK(s.lintel(t, "", "acs", "users", "get", "--raw", `{"acs_user_id":"`+sys1.AcsUserIDs[2]+`"}`))
	if user, _ := r.body["acs_user"].(map[string]any); user["acs_user_id"] != sys1.AcsUserIDs[2] {
		t.Errorf("get --raw printed %s", r.stdout)
	}
	mustOK(s.lintel(t, `{"acs_user_id":"`+sys1.AcsUserIDs[3]+`"}`, "acs", "users", "delete"))
	if r := s.lintel(t, "", "acs", "users", "get", "--acs_user_id", sys1.AcsUserIDs[3]); r.errType() != "acs_user_not_found" {
		t.Errorf("delete from stdin did not delete: %s", r.stdout)
	}

	// Every page of a list, following the cursor.
	seen := map[string]bool{}
	cursor := ""
	for pages := 1; ; pages++ {
		args := []string{"acs", "users", "list", "--acs_system_id", sys2.AcsSystemID, "--limit", "2"}
		if cursor != "" {
			args = append(args, "--page_cursor", cursor)
		}
		r := mustOK(s.lintel(t, "", args...))
		users, _ := r.body["acs_users"].([]any)
		for _, u := range users {
			seen[u.(map[string]any)["acs_user_id"].(string)] = true
		}
		pg, _ := r.body["pagination"].(map[string]any)
		if pg["has_next_page"] != true {
			if pages < 3 {
				t.Errorf("%d pages for %d users in pages of 2", pages, usersPerSystem)
			}
			break
		}
		cursor, _ = pg["next_page_cursor"].(string)
		if pages > usersPerSystem {
			t.Fatal("the cursor never ends")
		}
	}
	if len(seen) != usersPerSystem {
		t.Errorf("listed %d users, want %d", len(seen), usersPerSystem)
	}

	// Errors.
	r = s.lintel(t, "", "acs", "users", "delete", "--acs_user_id", "8d7e0b3a-b889-49a7-9164-4b71a0506a33")
	if r.code != 1 || r.errType() != "acs_user_not_found" {
		t.Errorf("unknown id: exit %d, %s", r.code, r.stdout)
	}
	r = s.lintel(t, "", "acs", "users", "delete")
	if r.code != 1 || r.errType() != "invalid_input" {
		t.Errorf("no parameters: exit %d, %s", r.code, r.stdout)
	}
	r = s.lintel(t, "", "acs", "users", "delete", "--acs_system_id", sys1.AcsSystemID)
	if r.code != 1 || r.errType() != "invalid_input" || r.body["error"].(map[string]any)["validation_errors"] == nil {
		t.Errorf("system alone: exit %d, %s", r.code, r.stdout)
	}
	r = s.lintel(t, "", "acs", "users", "list", "--api_key", "seam_wrong_key")
	if r.code != 1 || r.errType() != "unauthorized" {
		t.Errorf("bad key: exit %d, %s", r.code, r.stdout)
	}
	r = s.lintel(t, "", "acs", "users", "delete", "--acs_usr_id", id)
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "unknown flag: --acs_usr_id") || !strings.Contains(r.stderr, "--acs_user_id") {
		t.Errorf("misspelt flag: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	r = mustOK(s.lintel(t, "", "acs", "users", "--help"))
	if !strings.Contains(r.stdout, "delete") || !strings.Contains(r.stdout, "Delete an access system user") {
		t.Errorf("help: %s", r.stdout)
	}
}

// TestWorkspacesAsConsoleUser drives the workspace routes with a personal
// access token, and the same commands in their --database form.
func TestWorkspacesAsConsoleUser(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	ctx := context.Background()
	r := s.lintel(t, "", "users", "create", "--email", "ops@example.com", "--workspace_id", s.ws.WorkspaceID, "--database", s.db, "--log-level", "warn")
	pat, _ := r.body["personal_access_token"].(string)
	if r.code != 0 || !strings.HasPrefix(pat, "seam_at") {
		t.Fatalf("users create: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}

	// The SDK, first without a workspace (create, list), then in one.
	c := s.client(t, client.WithPersonalAccessToken(pat, ""))
	created, err := c.Workspaces.Create(ctx, client.WorkspacesCreateParams{Name: "Made by the SDK"})
	if err != nil || created.Name != "Made by the SDK" {
		t.Fatalf("create = %+v, %v", created, err)
	}
	list, err := c.Workspaces.List(ctx, client.WorkspacesListParams{})
	if err != nil || len(list) != 2 {
		t.Fatalf("list = %+v, %v", list, err)
	}
	w, err := s.client(t, client.WithPersonalAccessToken(pat, s.ws.WorkspaceID)).Workspaces.Get(ctx, client.WorkspacesGetParams{})
	if err != nil || w.WorkspaceID != s.ws.WorkspaceID {
		t.Fatalf("get = %+v, %v", w, err)
	}
	_, err = c.Workspaces.Create(ctx, client.WorkspacesCreateParams{})
	if e := apiError(t, err); e.Type != "invalid_input" || e.FieldErrors()["name"] == nil {
		t.Errorf("create without a name: %+v", e)
	}

	// The CLI: a token starting seam_at is a personal access token.
	r = s.lintel(t, "", "workspaces", "create", "--name", "Made by the CLI", "--api_key", pat)
	if ws, _ := r.body["workspace"].(map[string]any); r.code != 0 || ws["name"] != "Made by the CLI" {
		t.Fatalf("workspaces create: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
	r = s.lintel(t, "", "workspaces", "list", "--api_key", pat)
	if ws, _ := r.body["workspaces"].([]any); r.code != 0 || len(ws) != 3 {
		t.Errorf("workspaces list: exit %d, %s", r.code, r.stdout)
	}
	r = s.lintel(t, "", "workspaces", "get", "--api_key", pat, "--workspace_id", s.ws.WorkspaceID)
	if ws, _ := r.body["workspace"].(map[string]any); r.code != 0 || ws["workspace_id"] != s.ws.WorkspaceID {
		t.Errorf("workspaces get: exit %d, %s", r.code, r.stdout)
	}
	// An API key cannot create workspaces.
	r = s.lintel(t, "", "workspaces", "create", "--name", "Refused")
	if r.code != 1 || r.errType() != "unauthorized" {
		t.Errorf("create with an API key: exit %d, %s", r.code, r.stdout)
	}

	// --database: administration, straight to the database.
	r = s.lintel(t, "", "workspaces", "create", "--name", "Made in the database", "--database", s.db)
	key, _ := r.body["api_key"].(string)
	if r.code != 0 || !strings.HasPrefix(key, "seam_") {
		t.Fatalf("workspaces create --database: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
	r = s.lintel(t, "", "workspaces", "get", "--api_key", key)
	if ws, _ := r.body["workspace"].(map[string]any); r.code != 0 || ws["name"] != "Made in the database" {
		t.Errorf("the new key: exit %d, %s", r.code, r.stdout)
	}
	r = s.lintel(t, "", "workspaces", "list", "--database", s.db)
	if ws, _ := r.body["workspaces"].([]any); r.code != 0 || len(ws) != 4 {
		t.Errorf("workspaces list --database: exit %d, %s", r.code, r.stdout)
	}
	r = s.lintel(t, "", "workspaces", "create", "--database", s.db)
	if r.code != 1 || r.errType() != "invalid_input" {
		t.Errorf("workspaces create --database without a name: exit %d, %s", r.code, r.stdout)
	}
}
