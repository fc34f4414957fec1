package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// cliActor is who the audit log says acted through an administration
// command: lintel itself, on the database, from the server's machine.
func cliActor(workspaceID, command string) lintel.Principal {
	return lintel.Principal{Kind: lintel.AuthSystem, WorkspaceID: workspaceID, ActorID: "lintel " + command}
}

// keysCommand is `lintel keys create|list|delete`: API keys, administered
// directly in the database (Seam's API has no route for them). A key's
// secret is printed once, by create; list shows keys redacted.
func (e *env) keysCommand() *cobra.Command {
	group := &cobra.Command{Use: "keys", Short: "Administer API keys directly in the database"}
	var f storeFlags
	var wsID, name, keyID string
	needWorkspace := func() error {
		if !lintel.IsUUID(wsID) {
			return usageError{errors.New("--workspace_id must be the UUID of a workspace")}
		}
		return nil
	}
	// inWorkspace runs fn in a transaction on an existing workspace.
	inWorkspace := func(cmd *cobra.Command, fn func(tx *store.Tx) error) error {
		st, _, err := e.open(cmd, &f)
		if err != nil {
			return err
		}
		defer st.Close()
		return st.InTx(e.ctx, func(tx *store.Tx) error {
			if _, err := tx.Workspace(e.ctx, wsID); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("no workspace %s", wsID)
				}
				return err
			}
			return fn(tx)
		})
	}
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API key for a workspace (prints the key once)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needWorkspace(); err != nil {
				return err
			}
			var k workspace.IssuedToken
			err := inWorkspace(cmd, func(tx *store.Tx) error {
				var err error
				if k, err = workspace.CreateAPIKeyTx(e.ctx, tx, wsID, name, ""); err != nil {
					return err
				}
				return audit.Record(e.ctx, tx, cliActor(wsID, "keys create"), "api_key.create", "api_key", k.ID, audit.Succeeded)
			})
			if err != nil {
				return err
			}
			return e.printJSON(map[string]any{"api_key_id": k.ID, "workspace_id": wsID, "api_key": k.Token})
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the API keys of a workspace (redacted: the secret is never shown again)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needWorkspace(); err != nil {
				return err
			}
			var keys []workspace.APIKeyInfo
			err := inWorkspace(cmd, func(tx *store.Tx) error {
				var err error
				keys, err = workspace.APIKeysTx(e.ctx, tx, wsID)
				return err
			})
			if err != nil {
				return err
			}
			return e.printJSON(map[string]any{"api_keys": keys})
		},
	}
	del := &cobra.Command{
		Use:   "delete",
		Short: "Delete an API key: the next request made with it fails (audited)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needWorkspace(); err != nil {
				return err
			}
			if !lintel.IsUUID(keyID) {
				return usageError{errors.New("--api_key_id must be the UUID of an API key")}
			}
			err := inWorkspace(cmd, func(tx *store.Tx) error {
				return workspace.DeleteAPIKeyTx(e.ctx, tx, cliActor(wsID, "keys delete"), keyID)
			})
			if err != nil {
				return e.printLocalError(err) // api_key_not_found like the API would say it; exit 1
			}
			return e.printJSON(map[string]any{})
		},
	}
	for _, c := range []*cobra.Command{create, list, del} {
		f.register(c)
		c.Flags().StringVar(&wsID, "workspace_id", "", "the workspace (required)")
		group.AddCommand(c)
	}
	create.Flags().StringVar(&name, "name", "", "a name to recognise the key by")
	del.Flags().StringVar(&keyID, "api_key_id", "", "the key to delete (required; see keys list)")
	return group
}
