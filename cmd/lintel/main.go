// Command lintel is a self-hosted server for the Seam Connect API, and a
// command-line client of it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/lintel-dev/lintel/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
