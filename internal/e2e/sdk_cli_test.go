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
)

// sandbox is a running `lintel serve --seed`.
type sandbox struct {
	*server
	db     string
	apiKey string
	// system is the seeded Salto KS system (PIN codes), the one the tests
	// create users and credentials on.
	system client.AcsSystem
}

// startSandbox runs the real binary in seed mode on a fresh database.
func startSandbox(t *testing.T) sandbox {
	t.Helper()
	db := filepath.Join(t.TempDir(), "lintel.db")
	s := sandbox{server: startServer(t, db, nil, "--seed"), db: db, apiKey: seed.APIKey1}
	systems, err := s.client(t).Acs.Systems.List(context.Background(), client.AcsSystemsListParams{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sys := range systems {
		if sys.ExternalType == "salto_ks_site" {
			s.system = sys
		}
	}
	if s.system.AcsSystemID == "" {
		t.Fatalf("no seeded Salto KS system among %+v", systems)
	}
	return s
}

func (s sandbox) client(t *testing.T, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(append([]client.Option{client.WithEnvironment(nil), client.WithEndpoint(s.URL), client.WithAPIKey(s.apiKey)}, opts...)...)
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
	sys := s.system.AcsSystemID

	// A user identity, a user on the seeded system for it, a credential.
	name, email := "Jane Doe", "jane@example.com"
	ident, err := c.UserIdentities.Create(ctx, client.UserIdentitiesCreateParams{FullName: &name, EmailAddress: &email})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Acs.Users.Create(ctx, client.AcsUsersCreateParams{AcsSystemID: sys, FullName: name, UserIdentityID: ident.UserIdentityID})
	if err != nil {
		t.Fatal(err)
	}
	if u.AcsSystemID != sys || u.FullName != name || u.UserIdentityID != ident.UserIdentityID || u.WorkspaceID != s.system.WorkspaceID {
		t.Errorf("created %+v", u)
	}
	cred, err := c.Acs.Credentials.Create(ctx, client.AcsCredentialsCreateParams{AcsUserID: u.AcsUserID, AccessMethod: "code", Code: "4821"})
	if err != nil {
		t.Fatal(err)
	}
	if cred.AcsUserID != u.AcsUserID {
		t.Errorf("credential %+v", cred)
	}

	// Delete the user by its id: it and its credential leave the API.
	if err := c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{AcsUserID: u.AcsUserID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Acs.Users.Get(ctx, client.AcsUsersGetParams{AcsUserID: u.AcsUserID})
	if e := apiError(t, err); e.Type != "acs_user_not_found" || e.StatusCode != 404 || e.RequestID == "" {
		t.Errorf("user after delete: %+v", e)
	}
	_, err = c.Acs.Credentials.Get(ctx, client.AcsCredentialsGetParams{AcsCredentialID: cred.AcsCredentialID})
	if e := apiError(t, err); e.Type != "acs_credential_not_found" {
		t.Errorf("credential after delete: %+v", e)
	}

	// Another user for the same identity, deleted by identity and system.
	u2, err := c.Acs.Users.Create(ctx, client.AcsUsersCreateParams{AcsSystemID: sys, FullName: name, UserIdentityID: ident.UserIdentityID})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{UserIdentityID: ident.UserIdentityID, AcsSystemID: sys}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Acs.Users.Get(ctx, client.AcsUsersGetParams{AcsUserID: u2.AcsUserID})
	if e := apiError(t, err); e.Type != "acs_user_not_found" {
		t.Errorf("user after delete by identity: %+v", e)
	}
	if got, err := c.UserIdentities.Get(ctx, client.UserIdentitiesGetParams{UserIdentityID: ident.UserIdentityID}); err != nil || len(got.AcsUserIDs) != 0 {
		t.Errorf("identity after its users' deletion = %+v, %v", got, err)
	}

	// Pagination: every user of the workspace in pages of two, against
	// one big page.
	all, err := c.Acs.Users.List(ctx, client.AcsUsersListParams{Limit: 500})
	if err != nil || len(all) < 6 {
		t.Fatalf("one page of everything: %d users, %v", len(all), err)
	}
	first, pg, err := c.Acs.Users.ListPage(ctx, client.AcsUsersListParams{Limit: 2})
	if err != nil || len(first) != 2 || !pg.HasNextPage || pg.NextPageCursor == nil {
		t.Fatalf("first page: %d users, %+v, %v", len(first), pg, err)
	}
	var paged []string
	for user, err := range c.Acs.Users.ListAll(ctx, client.AcsUsersListParams{Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, user.AcsUserID)
	}
	if len(paged) != len(all) {
		t.Fatalf("ListAll gave %d users, one page %d", len(paged), len(all))
	}
	for i := range all {
		if paged[i] != all[i].AcsUserID {
			t.Fatalf("user %d: paged %s, one page %s", i, paged[i], all[i].AcsUserID)
		}
	}
	// A null in the query string: every seeded identity has an email, so
	// no user of the system matches user_identity_email_address=null.
	none, err := c.Acs.Users.List(ctx, client.AcsUsersListParams{AcsSystemID: sys,
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
	err = c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{UserIdentityID: ident.UserIdentityID})
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
	cmd.Env = []string{"LINTEL_ENDPOINT=" + s.URL, "SEAM_API_KEY=" + s.apiKey, "HOME=" + t.TempDir()}
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
	sys := s.system.AcsSystemID
	mustOK := func(r cliResult) cliResult {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
		}
		return r
	}
	field := func(r cliResult, key, name string) string {
		t.Helper()
		obj, _ := r.body[key].(map[string]any)
		v, _ := obj[name].(string)
		if v == "" {
			t.Fatalf("no %s.%s in %s", key, name, r.stdout)
		}
		return v
	}

	// A user identity, a user on the seeded system for it, a credential.
	r := mustOK(s.lintel(t, "", "user_identities", "create", "--full_name", "Jane Doe", "--email_address", "jane@example.com"))
	ident := field(r, "user_identity", "user_identity_id")
	r = mustOK(s.lintel(t, "", "acs", "users", "create", "--acs_system_id", sys, "--full_name", "Jane Doe", "--user_identity_id", ident))
	id := field(r, "acs_user", "acs_user_id")
	if r.body["ok"] != nil {
		t.Errorf("create printed ok: %s", r.stdout)
	}
	r = mustOK(s.lintel(t, "", "acs", "credentials", "create", "--acs_user_id", id, "--access_method", "code", "--code", "4821"))
	cred := field(r, "acs_credential", "acs_credential_id")

	// Delete by acs_user_id.
	r = mustOK(s.lintel(t, "", "acs", "users", "delete", "--acs_user_id", id))
	if r.stdout != "{}\n" {
		t.Errorf("delete printed %q", r.stdout)
	}
	r = s.lintel(t, "", "acs", "users", "get", "--acs_user_id", id)
	if r.code != 1 || r.errType() != "acs_user_not_found" {
		t.Errorf("user after delete: exit %d, %s", r.code, r.stdout)
	}
	r = s.lintel(t, "", "acs", "credentials", "get", "--acs_credential_id", cred)
	if r.code != 1 || r.errType() != "acs_credential_not_found" {
		t.Errorf("credential after delete: exit %d, %s", r.code, r.stdout)
	}

	// Another for the same identity, deleted by user_identity_id and
	// acs_system_id; the flags spelt with dashes this time.
	r = mustOK(s.lintel(t, "", "acs", "users", "create", "--acs-system-id", sys, "--full-name", "Jane Doe", "--user-identity-id", ident))
	id2 := field(r, "acs_user", "acs_user_id")
	r = mustOK(s.lintel(t, "", "acs", "users", "delete", "--user-identity-id", ident, "--acs-system-id", sys))
	if r.stdout != "{}\n" {
		t.Errorf("delete printed %q", r.stdout)
	}
	if r := s.lintel(t, "", "acs", "users", "get", "--acs_user_id", id2); r.errType() != "acs_user_not_found" {
		t.Errorf("user after delete by identity: %s", r.stdout)
	}

	// --raw and standard input.
	r = mustOK(s.lintel(t, "", "acs", "users", "create", "--raw", `{"acs_system_id":"`+sys+`","full_name":"Raw"}`))
	id3 := field(r, "acs_user", "acs_user_id")
	r = mustOK(s.lintel(t, "", "acs", "users", "get", "--raw", `{"acs_user_id":"`+id3+`"}`))
	if field(r, "acs_user", "full_name") != "Raw" {
		t.Errorf("get --raw printed %s", r.stdout)
	}
	mustOK(s.lintel(t, `{"acs_user_id":"`+id3+`"}`, "acs", "users", "delete"))
	if r := s.lintel(t, "", "acs", "users", "get", "--acs_user_id", id3); r.errType() != "acs_user_not_found" {
		t.Errorf("delete from stdin did not delete: %s", r.stdout)
	}

	// Every page of the list, following the cursor, against one big page.
	r = mustOK(s.lintel(t, "", "acs", "users", "list", "--limit", "500"))
	all, _ := r.body["acs_users"].([]any)
	var paged []string
	cursor := ""
	for pages := 1; ; pages++ {
		args := []string{"acs", "users", "list", "--limit", "2"}
		if cursor != "" {
			args = append(args, "--page_cursor", cursor)
		}
		r := mustOK(s.lintel(t, "", args...))
		users, _ := r.body["acs_users"].([]any)
		for _, u := range users {
			paged = append(paged, u.(map[string]any)["acs_user_id"].(string))
		}
		pg, _ := r.body["pagination"].(map[string]any)
		if pg["has_next_page"] != true {
			if pages < 3 {
				t.Errorf("%d pages for %d users in pages of 2", pages, len(all))
			}
			break
		}
		cursor, _ = pg["next_page_cursor"].(string)
		if pages > len(all) {
			t.Fatal("the cursor never ends")
		}
	}
	if len(paged) != len(all) || len(all) < 6 {
		t.Errorf("listed %d users in pages, %d in one", len(paged), len(all))
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
	r = s.lintel(t, "", "acs", "users", "delete", "--acs_system_id", sys)
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
	r := s.lintel(t, "", "users", "create", "--email", "ops@example.com", "--workspace_id", s.system.WorkspaceID, "--database", s.db, "--log-level", "warn")
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
	w, err := s.client(t, client.WithPersonalAccessToken(pat, s.system.WorkspaceID)).Workspaces.Get(ctx, client.WorkspacesGetParams{})
	if err != nil || w.WorkspaceID != s.system.WorkspaceID {
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
	r = s.lintel(t, "", "workspaces", "get", "--api_key", pat, "--workspace_id", s.system.WorkspaceID)
	if ws, _ := r.body["workspace"].(map[string]any); r.code != 0 || ws["workspace_id"] != s.system.WorkspaceID {
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
	// Every workspace of the database: the seeded ones and the three made here.
	r = s.lintel(t, "", "workspaces", "list", "--database", s.db)
	names := map[string]bool{}
	ws, _ := r.body["workspaces"].([]any)
	for _, w := range ws {
		names[w.(map[string]any)["name"].(string)] = true
	}
	for _, n := range []string{"My Workspace", "Empty Workspace", "Made by the SDK", "Made by the CLI", "Made in the database"} {
		if !names[n] {
			t.Errorf("workspaces list --database lacks %q: exit %d, %s", n, r.code, r.stdout)
		}
	}
	r = s.lintel(t, "", "workspaces", "create", "--database", s.db)
	if r.code != 1 || r.errType() != "invalid_input" {
		t.Errorf("workspaces create --database without a name: exit %d, %s", r.code, r.stdout)
	}
}
