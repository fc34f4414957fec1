package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"golang.org/x/time/rate"

	"github.com/lintel-dev/lintel/internal/api"
)

// registerWorkspaceLimits adds the flags of the per-workspace request
// budgets to serve.
func registerWorkspaceLimits(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.String("workspace-limits", string(api.WorkspaceLimitContended),
		"when each workspace's request budget applies: contended (while another workspace is active), always (a hard cap), off (env LINTEL_WORKSPACE_LIMITS)")
	fl.Float64("workspace-write-rate", api.DefaultWorkspaceWriteRate, "writes per second a workspace may make (env LINTEL_WORKSPACE_WRITE_RATE)")
	fl.Int("workspace-write-burst", api.DefaultWorkspaceWriteBurst, "writes a workspace may make at once above its rate (env LINTEL_WORKSPACE_WRITE_BURST)")
	fl.Float64("workspace-read-rate", api.DefaultWorkspaceReadRate, "reads per second a workspace may make (env LINTEL_WORKSPACE_READ_RATE)")
	fl.Int("workspace-read-burst", api.DefaultWorkspaceReadBurst, "reads a workspace may make at once above its rate (env LINTEL_WORKSPACE_READ_BURST)")
}

// workspaceLimits reads those flags, or their environment variables.
func (e *env) workspaceLimits(cmd *cobra.Command) (api.WorkspaceLimits, error) {
	var c api.WorkspaceLimits
	c.Mode = api.WorkspaceLimitMode(e.orEnv(cmd, "workspace-limits", "LINTEL_WORKSPACE_LIMITS", string(api.WorkspaceLimitContended)))
	switch c.Mode {
	case api.WorkspaceLimitContended, api.WorkspaceLimitAlways, api.WorkspaceLimitOff:
	default:
		return c, fmt.Errorf("--workspace-limits must be contended, always or off, not %q", c.Mode)
	}
	for _, n := range []struct {
		flag, envName string
		def           float64
		set           func(float64)
	}{
		{"workspace-write-rate", "LINTEL_WORKSPACE_WRITE_RATE", api.DefaultWorkspaceWriteRate, func(x float64) { c.WriteRate = rate.Limit(x) }},
		{"workspace-write-burst", "LINTEL_WORKSPACE_WRITE_BURST", api.DefaultWorkspaceWriteBurst, func(x float64) { c.WriteBurst = int(x) }},
		{"workspace-read-rate", "LINTEL_WORKSPACE_READ_RATE", api.DefaultWorkspaceReadRate, func(x float64) { c.ReadRate = rate.Limit(x) }},
		{"workspace-read-burst", "LINTEL_WORKSPACE_READ_BURST", api.DefaultWorkspaceReadBurst, func(x float64) { c.ReadBurst = int(x) }},
	} {
		x := n.def
		if v := e.orEnv(cmd, n.flag, n.envName, ""); v != "" {
			var err error
			if x, err = strconv.ParseFloat(v, 64); err != nil || x <= 0 {
				return c, fmt.Errorf("--%s must be a number above 0, not %q", n.flag, v)
			}
		}
		n.set(x)
	}
	return c, nil
}
