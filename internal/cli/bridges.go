package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/bridge"
	"github.com/lintel-dev/lintel/internal/store"
)

// pairBridgeCommand is `lintel pair-bridge`: an operator on the server's
// machine pairs a Seam Bridge client with a workspace by the pairing code
// the client shows, and may put connected accounts behind the new bridge.
// Seam's API has no route for it (Seam's console does it).
func (e *env) pairBridgeCommand() *cobra.Command {
	var f storeFlags
	var wsID, code string
	var accounts []string
	cmd := &cobra.Command{
		Use:   "pair-bridge",
		Short: "Pair a Seam Bridge client with a workspace by its pairing code (directly in the database)",
		Example: "  lintel pair-bridge --workspace_id ID --pairing_code 123456\n" +
			"  lintel pair-bridge --workspace_id ID --pairing_code 123456 --connected_account_id ID   # the account is reached through it",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !lintel.IsUUID(wsID) {
				return usageError{errors.New("--workspace_id must be the UUID of a workspace")}
			}
			if code == "" {
				return usageError{errors.New("--pairing_code is required: the six digits the bridge client shows")}
			}
			for _, id := range accounts {
				if !lintel.IsUUID(id) {
					return usageError{fmt.Errorf("--connected_account_id %q is not a UUID", id)}
				}
			}
			st, _, err := e.open(cmd, &f)
			if err != nil {
				return err
			}
			defer st.Close()
			var b client.Bridge
			err = st.InTx(e.ctx, func(tx *store.Tx) error {
				if _, err := tx.Workspace(e.ctx, wsID); err != nil {
					if errors.Is(err, store.ErrNotFound) {
						return fmt.Errorf("no workspace %s", wsID)
					}
					return err
				}
				b, err = bridge.PairTx(e.ctx, tx, cliActor(wsID, "pair-bridge"), code, accounts)
				return err
			})
			if err != nil {
				return e.printLocalError(err) // invalid_input or connected_account_not_found, as the API would say it; exit 1
			}
			return e.printJSON(map[string]any{"bridge": b})
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&wsID, "workspace_id", "", "the workspace (required)")
	cmd.Flags().StringVar(&code, "pairing_code", "", "the pairing code the bridge client shows (required)")
	cmd.Flags().StringArrayVar(&accounts, "connected_account_id", nil, "a connected account of the workspace to reach through the bridge (repeatable)")
	return cmd
}
