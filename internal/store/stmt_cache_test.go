package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// A statement first met inside a transaction runs unprepared, is prepared
// after the batch, and later transactions use the prepared one; the cache
// stays within its bound.
func TestStmtCache(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const q = "SELECT COUNT(*) FROM workspaces WHERE workspace_id <> $1"
	count := func() int {
		var n int
		err := st.InTx(ctx, func(tx *Tx) error {
			return tx.q.QueryRowContext(ctx, q, "x").Scan(&n)
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("count = %d", n)
	}
	// The writer prepares queued statements after the batch; a second
	// transaction is queued behind that.
	count()
	c := st.writer.stmts
	c.mu.RLock()
	_, ok := c.stmts[q]
	c.mu.RUnlock()
	if !ok {
		t.Fatal("statement not prepared after its first transaction")
	}
	if n := count(); n != 0 {
		t.Fatalf("count through the prepared statement = %d", n)
	}

	small := newStmtCache(st.read, 2)
	for _, text := range []string{"SELECT 1", "SELECT 2", "SELECT 3"} {
		small.lookup(text)
	}
	small.prepareQueued(ctx)
	defer small.close()
	if len(small.stmts) != 2 {
		t.Fatalf("cache of 2 holds %d statements", len(small.stmts))
	}
	if small.lookup("SELECT 3") != nil {
		t.Fatal("a statement past the bound was cached")
	}
	long := "SELECT 1" + strings.Repeat(" ", maxCachedText)
	wide := newStmtCache(st.read, 10)
	wide.lookup(long)
	if len(wide.queued) != 0 {
		t.Fatal("a text longer than maxCachedText was queued for preparation")
	}
}
