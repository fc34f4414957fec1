package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/bridge"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// TestPairBridge: `lintel pair-bridge` pairs the Seam Bridge client showing
// a pairing code with a workspace, once; a code no client shows is
// invalid_input (exit 1), a malformed command line a usage error (exit 2).
func TestPairBridge(t *testing.T) {
	t.Parallel()
	db := t.TempDir() + "/lintel.db"
	code, out, errs := runCLI(t, nil, "workspaces", "create", "--name", "Hotel", "--database", db)
	var ws struct {
		Workspace struct {
			WorkspaceID string `json:"workspace_id"`
		} `json:"workspace"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &ws) != nil {
		t.Fatalf("workspaces create: %d %s %s", code, out, errs)
	}
	wsID := ws.Workspace.WorkspaceID

	// A bridge client opens its session, as bridge_client_sessions/create does.
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	var sess client.BridgeClientSession
	err = st.InTx(ctx, func(tx *store.Tx) error {
		sess, err = bridge.CreateSessionTx(ctx, tx, key, bridge.NewSession{BridgeClientSessionsCreateParams: client.BridgeClientSessionsCreateParams{
			BridgeClientName: "front desk", BridgeClientTimeZone: "UTC", BridgeClientMachineIdentifierKey: "m1"}})
		return err
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	wrong := "000000"
	if sess.PairingCode == wrong {
		wrong = "000001"
	}

	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no workspace id", []string{"--pairing_code", sess.PairingCode}, 2, ""},
		{"no pairing code", []string{"--workspace_id", wsID}, 2, ""},
		{"a connected account id that is no UUID", []string{"--workspace_id", wsID, "--pairing_code", sess.PairingCode, "--connected_account_id", "ca1"}, 2, ""},
		{"a code no client shows", []string{"--workspace_id", wsID, "--pairing_code", wrong}, 1, `"type": "invalid_input"`},
		{"an account the workspace does not have", []string{"--workspace_id", wsID, "--pairing_code", sess.PairingCode,
			"--connected_account_id", "00000000-0000-4000-8000-000000000000"}, 1, `"type": "connected_account_not_found"`},
		{"paired", []string{"--workspace_id", wsID, "--pairing_code", sess.PairingCode}, 0, `"bridge_id"`},
		{"paired once only", []string{"--workspace_id", wsID, "--pairing_code", sess.PairingCode}, 1, "already paired"},
	} {
		code, out, errs := runCLI(t, nil, append([]string{"pair-bridge", "--database", db}, c.args...)...)
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("%s: exit %d, stdout %s, stderr %s; want exit %d and %q", c.name, code, out, errs, c.code, c.want)
		}
	}

	st, err = store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.View(ctx, func(tx *store.Tx) error {
		bridges, err := tx.ListBridges(ctx, wsID)
		if err != nil {
			return err
		}
		if len(bridges) != 1 || bridges[0].BridgeClientSessionID != sess.BridgeClientSessionID {
			t.Errorf("bridges = %+v, want the one paired session", bridges)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
