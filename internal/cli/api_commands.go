package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/openapi"
	"github.com/lintel-dev/lintel/internal/param"
)

// The flags that configure how an API command reaches the server.
const (
	flagEndpoint    = "endpoint"
	flagAPIKey      = "api_key"
	flagWorkspaceID = "workspace_id"
	flagRaw         = "raw"
	flagDatabase    = "database"
)

// apiCommandGroup marks the commands addAPICommands made for path
// prefixes, so that a second route under a prefix joins the same command.
const apiCommandGroup = "api-group"

// addAPICommands adds a command for every route of the API, named after
// its path: /acs/users/delete is `lintel acs users delete`. Each command
// calls the API through the Go SDK with POST and a JSON body, as Seam's CLI
// does, and prints the answer.
func (e *env) addAPICommands(root *cobra.Command, ops []openapi.Operation) error {
	for _, op := range ops {
		segs := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
		parent := root
		for i, s := range segs {
			cmd := childCommand(parent, s)
			if cmd != nil && cmd.Annotations[apiCommandGroup] == "" {
				return fmt.Errorf("cli: the route %s would replace the command %q", op.Path, cmd.CommandPath())
			}
			if cmd == nil {
				cmd = e.groupCommand(s, "/"+strings.Join(segs[:i+1], "/"))
				if i == 0 {
					addConnectionFlags(cmd.PersistentFlags())
				}
				parent.AddCommand(cmd)
			}
			parent = cmd
		}
		e.makeRouteCommand(parent, op)
	}
	return nil
}

func childCommand(parent *cobra.Command, name string) *cobra.Command {
	for _, c := range parent.Commands() {
		if c.Name() == name {
			return c
		}
	}
	return nil
}

// groupCommand is the command of a path prefix; on its own it prints its
// help.
func (e *env) groupCommand(name, prefix string) *cobra.Command {
	return &cobra.Command{
		Use:         name,
		Short:       "Call the API routes under " + prefix,
		Annotations: map[string]string{apiCommandGroup: prefix},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return unknownSubcommand(cmd, args[0])
		},
	}
}

func unknownSubcommand(cmd *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q for %q", name, cmd.CommandPath())
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
	}
	return usageErrorFor(cmd, errors.New(msg))
}

// usageErrorFor is a usage error that shows the command's usage.
func usageErrorFor(cmd *cobra.Command, err error) error {
	return usageError{fmt.Errorf("%w\n\n%s", err, cmd.UsageString())}
}

// makeRouteCommand turns the command of the route's path into the route's
// command: its flags are the route's parameters.
func (e *env) makeRouteCommand(cmd *cobra.Command, op openapi.Operation) {
	fields := param.Fields(op.Params)
	local := e.databaseCommands()[op.Path]
	cmd.Short = op.Summary
	if local != nil {
		cmd.Short += " (with --database: " + local.short + ")"
	}
	cmd.Long = routeHelp(op, local)
	cmd.Args = cobra.ArbitraryArgs
	cmd.Flags().SetNormalizeFunc(underscoreFlags)

	var params []paramFlag
	taken := map[string]bool{}
	for _, f := range fields {
		params = addParamFlags(cmd.Flags(), f, params)
		taken[f.Name] = true
	}
	// A parameter named like one of the connection flags shadows it; the
	// setting is then only available from the environment.
	if !taken[flagRaw] {
		cmd.Flags().String(flagRaw, "", "all parameters as one JSON object; flags given too override its keys")
	}
	if local != nil && !taken[flagDatabase] {
		cmd.Flags().String(flagDatabase, "", "act directly on this database (SQLite file or postgres:// URL) instead of calling the API")
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			if cmd.HasSubCommands() {
				return unknownSubcommand(cmd, args[0])
			}
			return usageErrorFor(cmd, fmt.Errorf("unexpected argument %q: parameters are flags, such as --%s", args[0], firstParamName(fields)))
		}
		body, err := e.requestBody(cmd, params, taken[flagRaw])
		if err != nil {
			return usageErrorFor(cmd, err)
		}
		if local != nil && !taken[flagDatabase] && cmd.Flags().Changed(flagDatabase) {
			return local.run(cmd, body)
		}
		return e.callAPI(cmd, op, body, taken)
	}
}

func routeHelp(op openapi.Operation, local *databaseCommand) string {
	var b strings.Builder
	b.WriteString(op.Summary + ".\n\n")
	fmt.Fprintf(&b, "Calls POST %s and prints the answer as JSON", op.Path)
	if op.ResponseKey == "" {
		b.WriteString(" ({} for this route, which answers nothing but success)")
	}
	b.WriteString(". Parameters are flags named like the API's (dashes work too: --acs-user-id), " +
		"array parameters repeat the flag, and object parameters take JSON or one flag per member (--a.b). " +
		"Instead of flags, --raw '{json}' or a JSON object on standard input gives them all.\n\n")
	b.WriteString("An error answer is printed as {\"error\": {…}} and exits with status 1; a wrong command line exits with status 2.")
	if local != nil {
		b.WriteString("\n\nWith --database, the command does not call the API: it " + local.long + ".")
	}
	return b.String()
}

func firstParamName(fields []param.FieldInfo) string {
	if len(fields) > 0 {
		return fields[0].Name
	}
	return "raw"
}

// addConnectionFlags registers the flags that say how to reach the server;
// every API command inherits them from its top-level group.
func addConnectionFlags(fs *pflag.FlagSet) {
	fs.SetNormalizeFunc(underscoreFlags)
	fs.String(flagEndpoint, "", "URL of the server (env SEAM_ENDPOINT or LINTEL_ENDPOINT; default "+client.DefaultEndpoint+")")
	fs.String(flagAPIKey, "", "API key, or personal access token (env SEAM_API_KEY, or SEAM_PERSONAL_ACCESS_TOKEN)")
	fs.String(flagWorkspaceID, "", "workspace a personal access token acts on (env SEAM_WORKSPACE_ID)")
}

// underscoreFlags lets --acs-user-id stand for --acs_user_id.
func underscoreFlags(_ *pflag.FlagSet, name string) pflag.NormalizedName {
	return pflag.NormalizedName(strings.ReplaceAll(name, "-", "_"))
}

// paramFlag is a flag that sets one parameter of the request.
type paramFlag struct {
	path []string // wire names from the top-level object: ["access_schedule", "starts_at"]
	kind string   // param.FieldInfo.Kind
}

func (p paramFlag) name() string { return strings.Join(p.path, ".") }

// addParamFlags registers the flag of a parameter (and of its members, for
// an object with known members).
func addParamFlags(fs *pflag.FlagSet, f param.FieldInfo, out []paramFlag) []paramFlag {
	pf := paramFlag{path: strings.Split(f.Path, "."), kind: f.Kind}
	name, usage := pf.name(), describe(f)
	switch f.Kind {
	case "integer":
		fs.Int64(name, 0, usage)
	case "number":
		fs.Float64(name, 0, usage)
	case "boolean":
		fs.Bool(name, false, usage)
	case "array":
		fs.StringArray(name, nil, usage)
	default:
		fs.String(name, "", usage)
	}
	out = append(out, pf)
	for _, sub := range f.Fields {
		out = addParamFlags(fs, sub, out)
	}
	return out
}

// describe is the usage line of a parameter's flag.
func describe(f param.FieldInfo) string {
	var parts []string
	switch f.Kind {
	case "array":
		item := "string"
		if f.Items != nil && f.Items.Format != "" {
			item = f.Items.Format
		}
		parts = append(parts, "list of "+item+" (repeat the flag)")
		if f.Items != nil && len(f.Items.Enum) > 0 {
			parts = append(parts, "each one of "+strings.Join(f.Items.Enum, ", "))
		}
	case "object", "any":
		parts = append(parts, "JSON")
	default:
		if f.Format != "" {
			parts = append(parts, f.Format)
		}
	}
	if len(f.Enum) > 0 {
		parts = append(parts, "one of "+strings.Join(f.Enum, ", "))
	}
	if f.Required {
		parts = append(parts, "required")
	}
	return strings.Join(parts, "; ")
}

// requestBody assembles the parameters: --raw, else a JSON object on
// standard input when no parameter flag is given, then the flags on top.
func (e *env) requestBody(cmd *cobra.Command, params []paramFlag, rawIsParam bool) (map[string]any, error) {
	body := map[string]any{}
	fs := cmd.Flags()
	flagsGiven := false
	for _, p := range params {
		flagsGiven = flagsGiven || fs.Changed(p.name())
	}
	var raw []byte
	switch {
	case !rawIsParam && fs.Changed(flagRaw):
		v, _ := fs.GetString(flagRaw)
		raw = []byte(v)
		if len(bytes.TrimSpace(raw)) == 0 {
			return nil, errors.New("--raw: empty; give a JSON object such as '{\"acs_user_id\": \"…\"}'")
		}
	case !flagsGiven:
		var err error
		if raw, err = e.readStdin(); err != nil {
			return nil, err
		}
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&body); err != nil || body == nil {
			return nil, fmt.Errorf("the parameters must be one JSON object: %v", err)
		}
		if dec.More() {
			return nil, errors.New("the parameters must be one JSON object, with nothing after it")
		}
	}
	for _, p := range params {
		if !fs.Changed(p.name()) {
			continue
		}
		v, err := flagValue(fs, p)
		if err != nil {
			return nil, err
		}
		if err := setPath(body, p.path, v); err != nil {
			return nil, fmt.Errorf("--%s: %w", p.name(), err)
		}
	}
	return body, nil
}

// readStdin reads parameters piped in; a terminal is left alone.
func (e *env) readStdin() ([]byte, error) {
	if e.stdin == nil {
		return nil, nil
	}
	if f, ok := e.stdin.(*os.File); ok {
		st, err := f.Stat()
		if err != nil || st.Mode()&os.ModeCharDevice != 0 {
			return nil, nil
		}
	}
	b, err := io.ReadAll(io.LimitReader(e.stdin, 1<<20+1))
	if err != nil {
		return nil, fmt.Errorf("reading parameters from standard input: %w", err)
	}
	if len(b) > 1<<20 {
		return nil, errors.New("the parameters on standard input are larger than 1 MiB")
	}
	return b, nil
}

func flagValue(fs *pflag.FlagSet, p paramFlag) (any, error) {
	name := p.name()
	switch p.kind {
	case "integer":
		return fs.GetInt64(name)
	case "number":
		return fs.GetFloat64(name)
	case "boolean":
		return fs.GetBool(name)
	case "array":
		return fs.GetStringArray(name)
	case "object", "any":
		s, _ := fs.GetString(name)
		var v any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("--%s: not JSON: %v", name, err)
		}
		return v, nil
	}
	return fs.GetString(name)
}

// setPath sets body[path[0]][path[1]]… = v, creating objects on the way.
func setPath(body map[string]any, path []string, v any) error {
	for _, k := range path[:len(path)-1] {
		next, ok := body[k].(map[string]any)
		if !ok {
			if body[k] != nil {
				return fmt.Errorf("%s is not an object", k)
			}
			next = map[string]any{}
			body[k] = next
		}
		body = next
	}
	// An object's flag comes before the flags of its members (see
	// addParamFlags), so members given one by one land inside it.
	body[path[len(path)-1]] = v
	return nil
}

// apiClient builds the SDK client from the flags and the environment.
func (e *env) apiClient(cmd *cobra.Command, taken map[string]bool) (*client.Client, error) {
	opts := []client.Option{client.WithEnvironment(e.getenv)}
	given := func(name string) (string, bool) {
		if taken[name] || !cmd.Flags().Changed(name) {
			return "", false
		}
		v, _ := cmd.Flags().GetString(name)
		return v, true
	}
	if v, ok := given(flagEndpoint); ok {
		opts = append(opts, client.WithEndpoint(v))
	}
	if v, ok := given(flagAPIKey); ok {
		if strings.HasPrefix(v, "seam_at") {
			opts = append(opts, client.WithPersonalAccessToken(v, e.getenv(client.EnvWorkspaceID)))
		} else {
			opts = append(opts, client.WithAPIKey(v))
		}
	}
	if v, ok := given(flagWorkspaceID); ok {
		opts = append(opts, client.WithWorkspaceID(v))
	}
	return client.New(opts...)
}

// callAPI sends the request and prints the answer: the body without "ok",
// or the error envelope with exit status 1.
func (e *env) callAPI(cmd *cobra.Command, op openapi.Operation, body map[string]any, taken map[string]bool) error {
	c, err := e.apiClient(cmd, taken)
	if err != nil {
		return usageErrorFor(cmd, err)
	}
	var out map[string]json.RawMessage
	err = c.Do(e.ctx, op.Path, body, &out)
	var apiErr *client.Error
	if errors.As(err, &apiErr) {
		return e.printAPIError(apiErr)
	}
	if err != nil {
		return err
	}
	delete(out, "ok")
	if out == nil {
		out = map[string]json.RawMessage{}
	}
	return e.printJSON(out)
}

// printAPIError prints {"error": {…}} on stdout, as Seam's CLI does, and
// makes the command exit with status 1.
func (e *env) printAPIError(apiErr *client.Error) error {
	if err := e.printJSON(map[string]any{"error": apiErr}); err != nil {
		return err
	}
	return exitCode(exitError)
}

// databaseCommand is what an API command does instead of calling the API
// when --database is given: administration of a server that is not running
// or has no credentials yet.
type databaseCommand struct {
	short, long string
	run         func(cmd *cobra.Command, body map[string]any) error
}

func (e *env) databaseCommands() map[string]*databaseCommand {
	return map[string]*databaseCommand{
		"/workspaces/create": {
			short: "directly in the database, with an API key",
			long:  "creates the workspace directly in the database and prints it with a new API key for it, shown only this once",
			run:   e.createWorkspaceInDatabase,
		},
		"/workspaces/list": {
			short: "every workspace in the database",
			long:  "lists every workspace in the database",
			run:   e.listWorkspacesInDatabase,
		},
	}
}
