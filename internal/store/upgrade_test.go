package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// fixtureVersion is the schema the fixture below is written for: the
// schema of the release before the migrations this test upgrades across
// (00011, the last one on main when it was written). The fixture stays as
// it is when migrations are added: it is what an old database holds.
const fixtureVersion = 11

// Ids of the fixture rows.
const (
	fxWorkspace  = "0193a000-0000-7000-8000-000000000001"
	fxAPIKey     = "0193a000-0000-7000-8000-000000000002"
	fxAccount    = "0193a000-0000-7000-8000-000000000003"
	fxSystem     = "0193a000-0000-7000-8000-000000000004"
	fxIdentity   = "0193a000-0000-7000-8000-000000000005"
	fxUser       = "0193a000-0000-7000-8000-000000000006"
	fxDeleted    = "0193a000-0000-7000-8000-000000000007"
	fxCredential = "0193a000-0000-7000-8000-000000000008"
	fxWebhook    = "0193a000-0000-7000-8000-000000000009"
	fxEvent      = "0193a000-0000-7000-8000-00000000000a"
	fxAudit      = "0193a000-0000-7000-8000-00000000000b"
	fxShort      = "upgradeshort1"
	fxLong       = "upgradelongtokenupgradelo"
	fxCreatedMS  = 1767225600000 // 2026-01-01T00:00:00Z
)

// fixture is a small database of schema fixtureVersion: a workspace with an
// API key (hashed), a connected account, an ACS system, an identity, a live
// user with a credential, a deleted user, a webhook, an event and an audit
// row. The same statements serve both dialects.
var fixture = []struct {
	query string
	args  []any
}{
	{`INSERT INTO workspaces (workspace_id, name, company_name, is_sandbox, created_at) VALUES ($1, 'Old', 'Old Co', TRUE, $2)`,
		[]any{fxWorkspace, fxCreatedMS}},
	{`INSERT INTO api_keys (api_key_id, workspace_id, name, short_token, long_token_hash, created_at) VALUES ($1, $2, 'old key', $3, $4, $5)`,
		[]any{fxAPIKey, fxWorkspace, fxShort, longHash(), fxCreatedMS}},
	{`INSERT INTO connected_accounts (workspace_id, connected_account_id, account_type, account_type_display_name, display_name, created_at)
		VALUES ($1, $2, 'salto_ks', 'Salto KS', 'Old account', $3)`, []any{fxWorkspace, fxAccount, fxCreatedMS}},
	{`INSERT INTO acs_systems (workspace_id, acs_system_id, connected_account_id, name, external_type, external_type_display_name, created_at)
		VALUES ($1, $2, $3, 'Old site', 'salto_ks_site', 'Salto KS site', $4)`, []any{fxWorkspace, fxSystem, fxAccount, fxCreatedMS}},
	{`INSERT INTO user_identities (workspace_id, user_identity_id, email_address, full_name, created_at) VALUES ($1, $2, 'jane@example.com', 'Jane', $3)`,
		[]any{fxWorkspace, fxIdentity, fxCreatedMS}},
	{`INSERT INTO acs_users (workspace_id, acs_user_id, acs_system_id, user_identity_id, external_id, full_name, created_at)
		VALUES ($1, $2, $3, $4, 'ext-jane', 'Jane Doe', $5)`, []any{fxWorkspace, fxUser, fxSystem, fxIdentity, fxCreatedMS}},
	{`INSERT INTO acs_users (workspace_id, acs_user_id, acs_system_id, external_id, full_name, created_at, delete_requested_at, deleted_at)
		VALUES ($1, $2, $3, 'ext-gone', 'Gone', $4, $4, $4)`, []any{fxWorkspace, fxDeleted, fxSystem, fxCreatedMS}},
	{`INSERT INTO acs_credentials (workspace_id, acs_credential_id, acs_system_id, acs_user_id, external_id, access_method, code, is_issued, created_at)
		VALUES ($1, $2, $3, $4, 'ext-code', 'code', '1234', TRUE, $5)`, []any{fxWorkspace, fxCredential, fxSystem, fxUser, fxCreatedMS}},
	{`INSERT INTO webhooks (workspace_id, webhook_id, url, event_types, secret_sealed, created_at) VALUES ($1, $2, 'https://example.com/h', '["*"]', 'v1:sealed', $3)`,
		[]any{fxWorkspace, fxWebhook, fxCreatedMS}},
	{`INSERT INTO events (workspace_id, event_id, event_type, occurred_at, created_at, acs_user_id, payload)
		VALUES ($1, $2, 'acs_user.deleted', $3, $3, $4, $5)`,
		[]any{fxWorkspace, fxEvent, fxCreatedMS, fxDeleted, `{"event_id":"` + fxEvent + `","event_type":"acs_user.deleted"}`}},
	{`INSERT INTO audit_log (audit_id, workspace_id, action, object_type, object_id, actor_kind, actor_id, actor_short_token, outcome, occurred_at)
		VALUES ($1, $2, 'acs_user.delete', 'acs_user', $3, 'api_key', $4, $5, 'succeeded', $6)`,
		[]any{fxAudit, fxWorkspace, fxDeleted, fxAPIKey, fxShort, fxCreatedMS}},
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func longHash() []byte {
	h := sha256.Sum256([]byte(fxLong))
	return h[:]
}

// TestUpgradeWithData builds a database of the previous schema
// (fixtureVersion) with goose, fills it with rows written for that schema,
// runs lintel's migrations, and reads every row back through the store:
// nothing lost or altered, the hashed key still matches, and the upgraded
// database takes writes — on both databases.
func TestUpgradeWithData(t *testing.T) {
	t.Parallel()
	forEachDatabaseAt(t, fixtureVersion, func(t *testing.T, ctx context.Context, st *store.Store) {
		for _, f := range fixture {
			if _, err := st.DB().ExecContext(ctx, f.query, f.args...); err != nil {
				t.Fatalf("fixture at version %d: %v\n%s", fixtureVersion, err, f.query)
			}
		}
		before := fixtureRows(t, st, nil)
		if err := st.Migrate(ctx); err != nil {
			t.Fatalf("migrating a database of version %d with data: %v", fixtureVersion, err)
		}
		after := fixtureRows(t, st, before)
		for table, rows := range before {
			if !slices.Equal(after[table].rows, rows.rows) {
				t.Errorf("%s: %q before the upgrade, %q after", table, rows.rows, after[table].rows)
			}
		}
		checkFixture(t, st)
	})
}

// tableRows are a table's rows of the fixture workspace, rendered, over
// the columns the table had before the upgrade.
type tableRows struct {
	columns []string
	rows    []string
}

// fixtureRows renders the fixture workspace's rows of every table the
// fixture writes; with old set, only over the columns each table had then.
func fixtureRows(t *testing.T, st *store.Store, old map[string]tableRows) map[string]tableRows {
	t.Helper()
	out := map[string]tableRows{}
	for _, f := range fixture {
		table := strings.Fields(f.query)[2]
		if _, done := out[table]; done {
			continue
		}
		var tr tableRows
		if old != nil {
			tr.columns = old[table].columns
		} else {
			rows, err := st.DB().Query(`SELECT * FROM ` + table + ` WHERE 1 = 0`)
			if err != nil {
				t.Fatal(err)
			}
			tr.columns, err = rows.Columns()
			rows.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
		rows, err := st.DB().Query(`SELECT `+strings.Join(tr.columns, ", ")+` FROM `+table+` WHERE workspace_id = $1`, fxWorkspace)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals := make([]any, len(tr.columns))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			tr.rows = append(tr.rows, fmt.Sprintf("%v", vals))
		}
		rows.Close()
		slices.Sort(tr.rows)
		out[table] = tr
	}
	return out
}

// checkFixture reads the fixture back through the store after the upgrade.
func checkFixture(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	view(t, st, func(tx *store.Tx) error {
		k, err := tx.APIKeyByShortToken(ctx, fxShort)
		if err != nil || k.APIKeyID != fxAPIKey || k.WorkspaceID != fxWorkspace || string(k.LongTokenHash) != string(longHash()) {
			t.Errorf("API key after the upgrade: %+v, %v (its hash must still match)", k, err)
		}
		if w, err := tx.Workspace(ctx, fxWorkspace); err != nil || w.Name != "Old" || !w.IsSandbox {
			t.Errorf("workspace: %+v, %v", w, err)
		}
		if s, err := tx.AcsSystem(ctx, fxWorkspace, fxSystem); err != nil || s.Name != "Old site" {
			t.Errorf("ACS system: %+v, %v", s, err)
		}
		u, err := tx.AcsUser(ctx, fxWorkspace, fxUser)
		if err != nil || deref(u.FullName) != "Jane Doe" || deref(u.UserIdentityID) != fxIdentity || u.ExternalID != "ext-jane" {
			t.Errorf("live user: %+v, %v", u, err)
		}
		if _, err := tx.AcsUser(ctx, fxWorkspace, fxDeleted); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the deleted user came back: %v", err)
		}
		if c, err := tx.AcsCredential(ctx, fxWorkspace, fxCredential); err != nil || deref(c.AcsUserID) != fxUser || deref(c.Code) != "1234" {
			t.Errorf("credential: %+v, %v", c, err)
		}
		if w, err := tx.Webhook(ctx, fxWorkspace, fxWebhook); err != nil || w.URL != "https://example.com/h" || w.DisabledAt != nil || w.Failures != 0 {
			t.Errorf("webhook: %+v, %v", w, err)
		}
		if e, err := tx.Event(ctx, fxWorkspace, fxEvent); err != nil || e.EventType != "acs_user.deleted" || e.AcsUserID != fxDeleted {
			t.Errorf("event: %+v, %v", e, err)
		}
		if a, err := tx.AuditRecords(ctx, fxWorkspace, fxDeleted); err != nil || len(a) != 1 || a[0].AuditID != fxAudit || a[0].Reason != "" {
			t.Errorf("audit rows: %+v, %v", a, err)
		}
		return nil
	})
	// The upgraded database takes writes of the new schema.
	inTx(t, st, func(tx *store.Tx) error {
		return tx.InsertWebhookDeliveries(ctx, fxWorkspace, []store.WebhookDelivery{{DeliveryID: fxAudit, WebhookID: fxWebhook, EventID: fxEvent}})
	})
}

// forEachDatabaseAt runs fn, in parallel subtests, on a new SQLite database
// and a new PostgreSQL schema that goose migrated up to version only, as a
// database of that version would be when it meets today's lintel.
func forEachDatabaseAt(t *testing.T, version int64, fn func(t *testing.T, ctx context.Context, st *store.Store)) {
	t.Helper()
	backends := []struct {
		name, dialect string
		url           func(testing.TB) string
		goose         goose.Dialect
	}{
		{"sqlite", "sqlite", storetest.SQLiteURL, goose.DialectSQLite3},
		{"postgres", "postgres", storetest.PostgresSchemaURL, goose.DialectPostgres},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st, err := store.Open(ctx, b.url(t), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			p, err := goose.NewProvider(b.goose, st.DB(), os.DirFS("migrations/"+b.dialect))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, version); err != nil {
				t.Fatal(err)
			}
			fn(t, ctx, st)
		})
	}
}
