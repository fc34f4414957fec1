package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
)

// TestKeysListDelete: `lintel keys list` shows a workspace's keys redacted
// (never a secret), `lintel keys delete` deletes one, audited, and the
// deleted key is gone from the list; W_B's id cannot reach W_A's key.
func TestKeysListDelete(t *testing.T) {
	t.Parallel()
	db := t.TempDir() + "/lintel.db"
	type created struct {
		Workspace struct {
			WorkspaceID string `json:"workspace_id"`
		} `json:"workspace"`
		APIKey string `json:"api_key"`
	}
	var a, b created
	for _, ws := range []*created{&a, &b} {
		code, out, errs := runCLI(t, nil, "workspaces", "create", "--name", "Acme", "--database", db)
		if code != 0 || json.Unmarshal([]byte(out), ws) != nil {
			t.Fatalf("workspaces create: %d %s %s", code, out, errs)
		}
	}
	code, out, errs := runCLI(t, nil, "keys", "create", "--workspace_id", a.Workspace.WorkspaceID, "--name", "ci", "--database", db)
	var second struct {
		APIKeyID string `json:"api_key_id"`
		APIKey   string `json:"api_key"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &second) != nil || second.APIKeyID == "" {
		t.Fatalf("keys create: %d %s %s", code, out, errs)
	}

	type listed struct {
		APIKeys []struct {
			APIKeyID      string `json:"api_key_id"`
			Name          string `json:"name"`
			RedactedToken string `json:"redacted_token"`
		} `json:"api_keys"`
	}
	list := func(ws string) listed {
		t.Helper()
		code, out, errs := runCLI(t, nil, "keys", "list", "--workspace_id", ws, "--database", db)
		var l listed
		if code != 0 || json.Unmarshal([]byte(out), &l) != nil {
			t.Fatalf("keys list: %d %s %s", code, out, errs)
		}
		for _, secret := range []string{a.APIKey, b.APIKey, second.APIKey} {
			long := secret[strings.LastIndex(secret, "_")+1:]
			if strings.Contains(out, long) {
				t.Errorf("keys list printed a secret: %s", out)
			}
		}
		return l
	}
	l := list(a.Workspace.WorkspaceID)
	if len(l.APIKeys) != 2 || l.APIKeys[1].APIKeyID != second.APIKeyID || l.APIKeys[1].Name != "ci" ||
		!strings.HasSuffix(l.APIKeys[1].RedactedToken, "_***") ||
		!strings.HasPrefix(second.APIKey, strings.TrimSuffix(l.APIKeys[1].RedactedToken, "***")) {
		t.Fatalf("keys list = %+v", l)
	}

	// Different workspace: W_B's id does not reach W_A's key.
	code, out, _ = runCLI(t, nil, "keys", "delete", "--workspace_id", b.Workspace.WorkspaceID, "--api_key_id", second.APIKeyID, "--database", db)
	if code != 1 || !strings.Contains(out, "api_key_not_found") {
		t.Errorf("keys delete from W_B: exit %d, %s; want 1 and api_key_not_found", code, out)
	}
	if len(list(a.Workspace.WorkspaceID).APIKeys) != 2 {
		t.Error("W_B's delete removed W_A's key")
	}
	if code, out, errs := runCLI(t, nil, "keys", "delete", "--workspace_id", a.Workspace.WorkspaceID, "--api_key_id", second.APIKeyID,
		"--database", db); code != 0 {
		t.Fatalf("keys delete: %d %s %s", code, out, errs)
	}
	if l := list(a.Workspace.WorkspaceID); len(l.APIKeys) != 1 || l.APIKeys[0].APIKeyID == second.APIKeyID {
		t.Errorf("after delete, keys list = %+v", l)
	}
	if code, _, _ := runCLI(t, nil, "keys", "delete", "--workspace_id", a.Workspace.WorkspaceID, "--api_key_id", "x", "--database", db); code != 2 {
		t.Errorf("bad key id: exit %d, want 2", code)
	}

	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var actions []string
	err = st.View(context.Background(), func(tx *store.Tx) error {
		rows, err := tx.AuditRecords(context.Background(), a.Workspace.WorkspaceID, second.APIKeyID)
		for _, r := range rows {
			if r.ActorKind != "system" || !strings.HasPrefix(r.ActorID, "lintel keys") {
				t.Errorf("audit row without the CLI as actor: %+v", r)
			}
			actions = append(actions, r.Action+"/"+r.Outcome)
		}
		return err
	})
	if err != nil || strings.Join(actions, ",") != "api_key.create/succeeded,api_key.delete/succeeded" {
		t.Errorf("audit of the key: %v, %v", actions, err)
	}
}
