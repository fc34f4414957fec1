package cli_test

import (
	"strings"
	"testing"
)

// TestServeWorkspaceLimitFlags: a budget that makes no sense stops serve
// before it opens anything, whether it comes from a flag or the environment.
func TestServeWorkspaceLimitFlags(t *testing.T) {
	t.Parallel()
	db := t.TempDir() + "/l.db"
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--workspace-limits", "sometimes"}, "--workspace-limits must be contended, always or off"},
		{nil, []string{"--workspace-write-rate", "0"}, "--workspace-write-rate must be a number above 0"},
		{map[string]string{"LINTEL_WORKSPACE_READ_BURST": "lots"}, nil, "--workspace-read-burst must be a number above 0"},
	} {
		code, _, stderr := runCLI(t, c.env, append([]string{"serve", "--database", db}, c.args...)...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v %v: exit %d, stderr %q; want %q", c.env, c.args, code, stderr, c.want)
		}
	}
}
