package cli

import (
	"fmt"
	"strings"

	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// seedSandbox fills an empty database with the sandbox data of --seed and
// prints its well-known tokens and a few ids to try them on. A database
// that holds anything is left alone, and the output says so.
func (e *env) seedSandbox(st *store.Store, key secret.Key, addr string) error {
	var data seed.SandboxData
	seeded := false
	err := st.InTx(e.ctx, func(tx *store.Tx) error {
		empty, err := seed.Empty(e.ctx, tx)
		if err != nil || !empty {
			return err
		}
		data, err = seed.Sandbox(e.ctx, tx, key)
		seeded = err == nil
		return err
	})
	if err != nil {
		return fmt.Errorf("--seed: %w", err)
	}
	if !seeded {
		fmt.Fprintln(e.stdout, "--seed: the database already holds data, so nothing was seeded and no sandbox token was created.")
		return nil
	}
	e.printSandbox(data, addr)
	return nil
}

func (e *env) printSandbox(d seed.SandboxData, addr string) {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("Seed mode: sandbox data created. The well-known tokens below exist only because this\n")
	p("database was seeded with --seed; never seed a database that will hold real data.\n\n")
	p("  workspace \"My Workspace\"      %s\n", d.Populated.WorkspaceID)
	p("    API key                     %s\n", seed.APIKey1)
	p("    publishable key             %s\n", seed.PublishableKey1)
	p("    client session token        %s  (user identity %s)\n", seed.ClientSessionToken1, d.JohnUserIdentityID)
	p("    personal access token       %s  (console user %s; send seam-workspace: %s)\n",
		seed.PersonalAccessToken1, seed.ConsoleUserEmail, d.Populated.WorkspaceID)
	p("    Seam Bridge client token    %s  (bridge %s)\n", seed.BridgeClientSessionToken1, d.BridgeID)
	p("  workspace \"Empty Workspace\"   %s\n", d.Empty.WorkspaceID)
	p("    API key                     %s\n\n", seed.APIKey2)
	p("  access systems of \"My Workspace\":\n")
	for _, s := range d.Populated.Systems {
		p("    acs_system_id %s  %s (%s), %d users\n", s.AcsSystemID, s.Name, s.ExternalType, len(s.AcsUserIDs))
	}
	p("  locks of \"My Workspace\":\n")
	for _, a := range d.Populated.Accounts {
		for _, id := range a.DeviceIDs {
			p("    device_id %s  (%s)\n", id, a.Provider)
		}
	}
	// A user that is not John's, so deleting it leaves the client session's
	// scope as it was.
	user := d.Populated.Systems[1].AcsUserIDs[0]
	p("\n  a seeded user to delete:      acs_user_id %s\n", user)
	p("    curl -X POST http://%s/acs/users/delete -H \"Authorization: Bearer %s\" --json '{\"acs_user_id\": \"%s\"}'\n\n",
		addr, seed.APIKey1, user)
	fmt.Fprint(e.stdout, b.String())
}
