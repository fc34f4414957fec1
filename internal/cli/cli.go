// Package cli is the lintel command line: the server, administration, and
// the API commands. Run is what main and the end-to-end tests call.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/openapi"
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=…".
var Version = "dev"

// Exit codes. An API error exits with 1, as in Seam's CLI, so scripts
// written for it work unchanged; a wrong command line with 2.
const (
	exitOK    = 0
	exitError = 1 // the API or the server reported an error
	exitUsage = 2 // the command line was wrong
)

// env is the process environment, injected so tests control it.
type env struct {
	ctx    context.Context
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// usageError marks an error in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

// exitCode carries an exit code chosen by a command that already printed
// its output.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// Run executes the lintel command line and returns the process exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	root, err := e.rootCommand(api.Operations())
	if err != nil {
		// The route table and the fixed commands disagree: a programming
		// error that every test of the CLI shows at once.
		fmt.Fprintln(stderr, "Error:", err)
		return exitError
	}
	return e.execute(root, args)
}

// execute runs the command line and turns its outcome into an exit code.
func (e *env) execute(root *cobra.Command, args []string) int {
	stderr := e.stderr
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(e.ctx)
	if err == nil {
		return exitOK
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		fmt.Fprintln(stderr, "Error:", err)
		fmt.Fprintln(stderr, "Run 'lintel --help' for usage.")
		return exitUsage
	}
	fmt.Fprintln(stderr, "Error:", err)
	return exitError
}

// isCobraUsage recognises cobra's own errors for unknown commands and flags.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown command", "unknown flag", "unknown shorthand flag",
		"flag needs an argument", "invalid argument", "accepts ", "requires at least", "required flag"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// rootCommand builds the command tree: the fixed commands, and one command
// per API operation.
func (e *env) rootCommand(ops []openapi.Operation) (*cobra.Command, error) {
	root := &cobra.Command{
		Use:           "lintel",
		Short:         "A self-hosted server for the Seam Connect access-control API",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\n\n%s", err, c.UsageString())}
	})
	root.AddCommand(e.serveCommand(), e.workerCommand(), e.migrateCommand(), e.keysCommand(), e.usersCommand(),
		e.sandboxCommand(), e.reconcileCommand(), e.pairBridgeCommand(), e.versionCommand())
	return root, e.addAPICommands(root, ops)
}

func (e *env) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of lintel",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(e.stdout, "lintel", Version)
			return nil
		},
	}
}

// logger builds the process logger: text or JSON on stderr.
func (e *env) logger(level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError{fmt.Errorf("--log-level: %w", err)}
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opts)), nil
	}
	return nil, usageError{fmt.Errorf("--log-format must be text or json, not %q", format)}
}

// orEnv returns the flag value if set on the command line, else the
// environment variable, else the default.
func (e *env) orEnv(cmd *cobra.Command, flag, envName, def string) string {
	if f := cmd.Flags().Lookup(flag); f != nil && f.Changed {
		return f.Value.String()
	}
	if v := e.getenv(envName); v != "" {
		return v
	}
	return def
}
