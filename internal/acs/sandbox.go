package acs

import (
	"context"
	"errors"
	"fmt"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// ErrNotSandbox refuses to configure faults on a system that is not a
// sandbox system of a sandbox workspace.
var ErrNotSandbox = errors.New("only sandbox systems of sandbox workspaces can be switched to remote mode or given faults")

// ConfigureSandboxTx changes how a sandbox access system behaves: inline,
// or remote with latency, failures and outage windows, so that the queued
// path and its retries can be exercised for real. change edits the current
// configuration. Only systems of the sandbox connector in sandbox
// workspaces accept it. It returns the stored configuration.
func ConfigureSandboxTx(ctx context.Context, tx *store.Tx, acsSystemID string, change func(*connector.SandboxConfig)) (connector.SandboxConfig, error) {
	sys, err := tx.FindAcsSystem(ctx, acsSystemID)
	if err != nil {
		return connector.SandboxConfig{}, notFound(err, errSystemNotFound)
	}
	ws, err := tx.Workspace(ctx, sys.WorkspaceID)
	if err != nil {
		return connector.SandboxConfig{}, err
	}
	if !ws.IsSandbox || sys.Connector != connector.SandboxName {
		return connector.SandboxConfig{}, ErrNotSandbox
	}
	c, err := connector.ParseSandboxConfig(sys.ConnectorConfig)
	if err != nil {
		return c, err
	}
	change(&c)
	if err := c.Check(); err != nil {
		return c, fmt.Errorf("acs system %s: %w", acsSystemID, err)
	}
	return c, tx.SetAcsSystemConnectorConfig(ctx, sys.WorkspaceID, sys.AcsSystemID, c.String())
}
