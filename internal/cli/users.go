package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// usersCommand administers console users: the people behind personal
// access tokens and console sessions.
func (e *env) usersCommand() *cobra.Command {
	group := &cobra.Command{Use: "users", Short: "Administer console users directly in the database"}
	var f storeFlags
	var email, name string
	workspaces := []string{}
	var pat bool
	var session time.Duration
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a console user (or reuse one by email), add it to workspaces, and issue a token",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !strings.Contains(email, "@") {
				return usageError{errors.New("--email must be an email address")}
			}
			for _, w := range workspaces {
				if !lintel.IsUUID(w) {
					return usageError{fmt.Errorf("--workspace_id %q is not a UUID", w)}
				}
			}
			st, log, err := e.open(cmd, &f)
			if err != nil {
				return err
			}
			defer st.Close()
			out := map[string]any{}
			var userID string
			err = st.InTx(e.ctx, func(tx *store.Tx) error {
				u, err := workspace.CreateConsoleUserTx(e.ctx, tx, email, name)
				if err != nil {
					return err
				}
				userID = u.UserID
				out["user_id"], out["email"] = u.UserID, u.Email
				for _, w := range workspaces {
					if _, err := tx.Workspace(e.ctx, w); err != nil {
						if errors.Is(err, store.ErrNotFound) {
							return fmt.Errorf("no workspace %s", w)
						}
						return err
					}
					if err := tx.AddWorkspaceMember(e.ctx, w, u.UserID); err != nil {
						return err
					}
				}
				out["workspace_ids"] = workspaces
				if pat {
					k, err := workspace.CreatePATTx(e.ctx, tx, u.UserID, "created by lintel users create", "")
					if err != nil {
						return err
					}
					out["personal_access_token"] = k.Token
				}
				return nil
			})
			if err != nil {
				return err
			}
			if session > 0 {
				key, err := e.serverKey(cmd, &f, log)
				if err != nil {
					return err
				}
				a := app.New(st, key, log)
				tok, err := a.Workspaces.CreateConsoleSession(e.ctx, userID, session)
				if err != nil {
					return err
				}
				out["console_session_token"] = tok.Token
			}
			return e.printJSON(out)
		},
	}
	f.register(create)
	create.Flags().StringVar(&email, "email", "", "email address of the user (required)")
	create.Flags().StringVar(&name, "full_name", "", "the user's name")
	create.Flags().StringArrayVar(&workspaces, "workspace_id", []string{}, "workspace to add the user to (repeatable)")
	create.Flags().BoolVar(&pat, "pat", true, "issue a personal access token (printed once)")
	create.Flags().DurationVar(&session, "console_session", 0, "also sign a console session valid this long (e.g. 24h)")
	group.AddCommand(create)
	return group
}
