package cli

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/param"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/workspace"
)

func defaultWorkspaceParams() client.WorkspacesCreateParams {
	return client.WorkspacesCreateParams{Name: "Default workspace", CompanyName: "lintel"}
}

func (e *env) migrateCommand() *cobra.Command {
	var f storeFlags
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations and exit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, _, err := e.open(cmd, &f)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "database is up to date (%s)\n", st.Dialect())
			return st.Close()
		},
	}
	f.register(cmd)
	return cmd
}

// printJSON writes v as indented JSON on stdout.
func (e *env) printJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// createWorkspaceInDatabase is `lintel workspaces create --database …`:
// the workspace and an API key for it, made in one transaction.
func (e *env) createWorkspaceInDatabase(cmd *cobra.Command, body map[string]any) error {
	var in client.WorkspacesCreateParams
	if err := decodeParams(body, &in); err != nil {
		return e.printLocalError(err)
	}
	st, _, err := e.open(cmd, &storeFlags{logLevel: "warn", logFormat: "text"})
	if err != nil {
		return err
	}
	defer st.Close()
	var out struct {
		Workspace client.Workspace `json:"workspace"`
		APIKey    string           `json:"api_key"`
	}
	err = st.InTx(e.ctx, func(tx *store.Tx) error {
		w, err := workspace.CreateWorkspaceTx(e.ctx, tx, in)
		if err != nil {
			return err
		}
		k, err := workspace.CreateAPIKeyTx(e.ctx, tx, w.WorkspaceID, "created by lintel workspaces create", "")
		out.Workspace, out.APIKey = w, k.Token
		return err
	})
	if err != nil {
		return err
	}
	return e.printJSON(out)
}

// listWorkspacesInDatabase is `lintel workspaces list --database …`: every
// workspace, whoever it belongs to.
func (e *env) listWorkspacesInDatabase(cmd *cobra.Command, body map[string]any) error {
	var in client.WorkspacesListParams
	if err := decodeParams(body, &in); err != nil {
		return e.printLocalError(err)
	}
	st, _, err := e.open(cmd, &storeFlags{logLevel: "warn", logFormat: "text"})
	if err != nil {
		return err
	}
	defer st.Close()
	var ws []client.Workspace
	err = st.View(e.ctx, func(tx *store.Tx) error {
		ws, err = workspace.AllTx(e.ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	return e.printJSON(map[string]any{"workspaces": ws})
}

// decodeParams checks the parameters of a command that acts on the
// database with the same rules the API applies to them.
func decodeParams(body map[string]any, dst any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return param.DecodeJSON(b, dst)
}

// printLocalError prints a domain error like the API would answer it.
func (e *env) printLocalError(err error) error {
	var le *lintel.Error
	if !errors.As(err, &le) {
		return err
	}
	apiErr := &client.Error{Type: le.Code, Message: le.Message, Data: le.Data}
	if le.Code == lintel.EInvalidInput && len(le.Fields) > 0 {
		apiErr.ValidationErrors = le.ValidationErrors()
	}
	return e.printAPIError(apiErr)
}
