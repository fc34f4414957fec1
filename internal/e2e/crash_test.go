package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

const crashKey = "seam_crashtest1_token"

// crashPoints is how many times each backend is killed: 20 by default,
// LINTEL_CRASH_POINTS to change it.
func crashPoints(t *testing.T) int {
	if v := os.Getenv("LINTEL_CRASH_POINTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("LINTEL_CRASH_POINTS=%q: want a positive number", v)
		}
		return n
	}
	return 20
}

// TestDeleteSurvivesSIGKILL kills the real binary with SIGKILL while 1,000
// deletes run concurrently, at 20 random points (each after 10 to 50 more
// answers), restarting it each time, and checks after every kill that every
// delete that was answered 200 is complete, that no deleted user has a live
// credential, and that no event or audit row is missing or doubled — on
// every backend (PostgreSQL with fsync and synchronous_commit on, in CI),
// and on SQLite in --durability=process too, which promises exactly this.
func TestDeleteSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	points := crashPoints(t)
	type backend struct {
		storetest.Backend
		args []string
	}
	var backends []backend
	for _, b := range storetest.DurableBackends(t) {
		backends = append(backends, backend{Backend: b})
		if b.Name == "sqlite" {
			b.Name = "sqlite-process"
			backends = append(backends, backend{Backend: b, args: []string{"--durability=process"}})
		}
	}
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.URL(t)
			users := seedForCrash(t, dsn, 1000)
			acked := map[string]bool{}
			remaining := users
			total := 0
			for round := range points {
				srv := startServer(t, dsn, nil, b.args...)
				killAfter := 10 + rand.IntN(41)
				got, _ := deleteObjectsConcurrently(t, srv, deleteUserRoute, remaining, 32, killAfter)
				for id := range got {
					acked[id] = true
				}
				total += len(got)
				t.Logf("kill point %d: %d deletes acknowledged before SIGKILL", round+1, len(got))
				checkInvariants(t, dsn, acked)
				var next []string
				for _, u := range remaining {
					if !got[u] {
						next = append(next, u)
					}
				}
				remaining = next
			}
			// A last, clean run deletes the rest; retried deletes of users whose
			// outcome was unknown answer 200 or 404, never anything else.
			srv := startServer(t, dsn, nil, b.args...)
			got, _ := deleteObjectsConcurrently(t, srv, deleteUserRoute, remaining, 32, -1)
			for id := range got {
				acked[id] = true
			}
			srv.stop(t)
			checkInvariants(t, dsn, acked)
			if n := countRows(t, dsn, `SELECT COUNT(*) FROM acs_users WHERE deleted_at IS NULL AND full_name LIKE 'Crash%'`); n != 0 {
				t.Errorf("%d seeded users survived the final run", n)
			}
			t.Logf("%s: %d kill points, %d deletes acknowledged before a kill, 0 lost (else an error above)", b.Name, points, total)
		})
	}
}

// seedForCrash fills a new database with n users, two credentials each.
func seedForCrash(t *testing.T, dsn string, n int) []string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var ws seed.Workspace
	err = st.InTx(ctx, func(tx *store.Tx) error {
		ws, err = seed.Seed(ctx, tx, seed.Options{Name: "Crash", IsSandbox: true, APIKey: crashKey, Systems: []seed.System{{
			Name: "Crash", ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS site", AccessMethod: "code",
			Users: n, CredentialsPerUser: 2, Groups: 2, Entrances: 2}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ws.Systems[0].AcsUserIDs
}

// deleteUserRoute deletes an ACS user, by POST and by DELETE.
var deleteUserRoute = deleteRoute{path: "/acs/users/delete", idParam: "acs_user_id", notFound: "acs_user_not_found",
	timeout: 30 * time.Second, key: crashKey, both: true}

// checkInvariants reads the database directly after a crash, in one
// snapshot: on PostgreSQL the killed server's last transactions may still
// commit while the checks run (its backends outlive it until they see the
// socket closed), and queries each in a snapshot of their own would then
// count a delete's events but not its tombstone, read a moment earlier.
func checkInvariants(t *testing.T, dsn string, acked map[string]bool) {
	t.Helper()
	withStore(t, dsn, func(st *store.Store) {
		opts := &sql.TxOptions{ReadOnly: true}
		if strings.HasPrefix(dsn, "postgres") {
			opts.Isolation = sql.LevelRepeatableRead
		}
		db, err := st.DB().BeginTx(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Rollback()
		count := func(q string, args ...any) int {
			var n int
			if err := db.QueryRow(q, args...).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		// Every acknowledged delete is complete.
		deleted := map[string]bool{}
		rows, err := db.Query(`SELECT acs_user_id FROM acs_users WHERE deleted_at IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			deleted[id] = true
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		for u := range acked {
			if !deleted[u] {
				t.Errorf("user %s was acknowledged deleted but is not", u)
			}
		}
		// No half-applied delete: a user marked for deletion is final (the
		// sandbox is inline) and holds no live credential, membership or link.
		for q, what := range map[string]string{
			`SELECT COUNT(*) FROM acs_users WHERE delete_requested_at IS NOT NULL AND deleted_at IS NULL`:                                                                   "pending deletions on an inline system",
			`SELECT COUNT(*) FROM acs_credentials c JOIN acs_users u ON u.acs_user_id = c.acs_user_id WHERE u.delete_requested_at IS NOT NULL AND c.invalidated_at IS NULL`: "live credentials of deleted users",
			`SELECT COUNT(*) FROM acs_access_group_members m JOIN acs_users u ON u.acs_user_id = m.acs_user_id WHERE u.delete_requested_at IS NOT NULL`:                     "group memberships of deleted users",
			`SELECT COUNT(*) FROM acs_users WHERE deleted_at IS NOT NULL AND user_identity_id IS NOT NULL`:                                                                  "deleted users still linked to identities",
			`SELECT COUNT(*) FROM sandbox_provider_users p JOIN acs_users u ON u.external_id = p.external_id WHERE u.deleted_at IS NOT NULL`:                                "deleted users still in the access system",
		} {
			if n := count(q); n != 0 {
				t.Errorf("%d %s", n, what)
			}
		}
		// Events: exactly one acs_user.deleted per deleted user, one
		// acs_credential.deleted per credential of a deleted user, one audit row.
		for q, want := range map[string]int{
			`SELECT COUNT(*) FROM events WHERE event_type = 'acs_user.deleted'`:                                len(deleted),
			`SELECT COUNT(DISTINCT acs_user_id) FROM events WHERE event_type = 'acs_user.deleted'`:             len(deleted),
			`SELECT COUNT(*) FROM audit_log WHERE action = 'acs_user.delete'`:                                  len(deleted),
			`SELECT COUNT(*) FROM events WHERE event_type = 'acs_credential.deleted'`:                          2 * len(deleted),
			`SELECT COUNT(DISTINCT acs_credential_id) FROM events WHERE event_type = 'acs_credential.deleted'`: 2 * len(deleted),
		} {
			if n := count(q); n != want {
				t.Errorf("%s = %d, want %d", q, n, want)
			}
		}
		if !strings.HasPrefix(dsn, "postgres") {
			var res string
			if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil {
				t.Fatal(err)
			}
			if res != "ok" {
				t.Errorf("integrity_check: %s", res)
			}
		}
	})
}

func countRows(t *testing.T, dsn, q string, args ...any) int {
	t.Helper()
	var n int
	withStore(t, dsn, func(st *store.Store) {
		if err := st.DB().QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	})
	return n
}

func withStore(t *testing.T, dsn string, fn func(*store.Store)) {
	t.Helper()
	st, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(fmt.Errorf("open: %w", err))
	}
	defer st.Close()
	fn(st)
}
