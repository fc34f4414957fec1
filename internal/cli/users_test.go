package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/cli"
)

func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsersCreate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := dir + "/lintel.db"
	code, out, errs := runCLI(t, nil, "workspaces", "create", "--name", "Acme", "--database", db)
	if code != 0 {
		t.Fatalf("workspaces create: %d %s %s", code, out, errs)
	}
	var ws struct {
		Workspace struct {
			WorkspaceID string `json:"workspace_id"`
		} `json:"workspace"`
	}
	if err := json.Unmarshal([]byte(out), &ws); err != nil || ws.Workspace.WorkspaceID == "" {
		t.Fatalf("workspaces create printed %s", out)
	}
	code, out, errs = runCLI(t, nil, "users", "create", "--email", "ops@example.com", "--workspace_id", ws.Workspace.WorkspaceID,
		"--console_session", "1h", "--database", db)
	if code != 0 {
		t.Fatalf("users create: %d %s %s", code, out, errs)
	}
	var u map[string]any
	if err := json.Unmarshal([]byte(out), &u); err != nil {
		t.Fatal(err)
	}
	if pat, _ := u["personal_access_token"].(string); !strings.HasPrefix(pat, "seam_at") {
		t.Errorf("personal_access_token = %v", u["personal_access_token"])
	}
	if jwt, _ := u["console_session_token"].(string); !strings.HasPrefix(jwt, "ey") {
		t.Errorf("console_session_token = %v", u["console_session_token"])
	}
	if ids := u["workspace_ids"].([]any); len(ids) != 1 || ids[0] != ws.Workspace.WorkspaceID {
		t.Errorf("workspace_ids = %v", u["workspace_ids"])
	}
	// Usage errors exit 2.
	if code, _, _ := runCLI(t, nil, "users", "create", "--email", "nope", "--database", db); code != 2 {
		t.Errorf("bad email: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, nil, "users", "create", "--email", "a@b.c", "--workspace_id", "x", "--database", db); code != 2 {
		t.Errorf("bad workspace id: exit %d, want 2", code)
	}
}
