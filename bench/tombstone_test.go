// Package bench holds the load generator, the comparison suite and their
// scripts; this file keeps bench/tombstone.sh working as the code moves.
package bench

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTombstonePatchApplies checks that bench/tombstone-only.patch, which
// bench/tombstone.sh applies to a copy of the tree, still applies to this
// one: the experiment in bench/README.md must stay repeatable.
func TestTombstonePatchApplies(t *testing.T) {
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not in a git work tree (%v): nothing to apply the patch to", err)
	}
	cmd := exec.Command("git", "apply", "--check", "bench/tombstone-only.patch")
	cmd.Dir = strings.TrimSpace(string(root))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bench/tombstone-only.patch no longer applies: %v\n%s", err, out)
	}
}
