package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pressly/goose/v3"

	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// The two dialects' migrations must not drift apart. Three checks, each
// over whatever files migrations/sqlite and migrations/postgres hold:
//
//   - migrationTextProblems (always): both directories hold the same file
//     names, and each file's Up and Down sections hold the same statements
//     once the differences listed in dialectRules are applied.
//   - rebuildProblems (always): a SQLite table rebuild, which the text
//     check sets aside, keeps the table's columns, key and foreign keys.
//   - schemaProblems (with LINTEL_TEST_DATABASE_URL): a SQLite database and
//     a PostgreSQL schema migrated by the files hold the same tables,
//     columns, keys, unique constraints, foreign keys and indexes, but for
//     the facts listed in dialectOnlyFacts.
//
// TestMigrationChecksCatchDrift applies drifts to copies of the files and
// requires each to be caught.

func migrationDirs() (sqliteFS, postgresFS fs.FS) {
	return os.DirFS("migrations/sqlite"), os.DirFS("migrations/postgres")
}

func TestMigrationsAgreeAcrossDialects(t *testing.T) {
	t.Parallel()
	sq, pg := migrationDirs()
	for _, p := range migrationTextProblems(t, sq, pg) {
		t.Error(p)
	}
}

func TestSQLiteRebuildsKeepTheirTables(t *testing.T) {
	t.Parallel()
	sq, _ := migrationDirs()
	if len(sqliteRebuilds(t, sq)) == 0 {
		t.Log("no SQLite migration rebuilds a table")
	}
	for _, p := range rebuildProblems(t, sq) {
		t.Error(p)
	}
}

func TestMigratedSchemasAgree(t *testing.T) {
	t.Parallel()
	if storetest.PostgresURL() == "" {
		t.Skip("LINTEL_TEST_DATABASE_URL is not set")
	}
	sq, pg := migrationDirs()
	for _, p := range schemaProblems(t, sq, pg) {
		t.Error(p)
	}
}

// TestMigrationChecksCatchDrift applies one drift at a time to a copy of
// the migrations and requires the checks to report it.
func TestMigrationChecksCatchDrift(t *testing.T) {
	t.Parallel()
	sq, pg := migrationDirs()
	names := migrationNames(t, sq)
	last := names[len(names)-1]
	table := firstCreatedTable(t, sq, names[0])
	addColumn := func(fsys fstest.MapFS) {
		fsys[last].Data = []byte(strings.Replace(string(fsys[last].Data), "-- +goose Up\n",
			"-- +goose Up\nALTER TABLE "+table+" ADD COLUMN drift_probe TEXT;\n", 1))
	}
	cases := []struct {
		name   string
		mutate func(sqlite, postgres fstest.MapFS)
		// rebuild: without PostgreSQL, only SQLite's rebuild check sees it.
		rebuild bool
		// schema: the migrated schemas differ too.
		schema bool
	}{
		{"a column added to SQLite only", func(s, _ fstest.MapFS) { addColumn(s) }, false, true},
		{"a column added to PostgreSQL only", func(_, p fstest.MapFS) { addColumn(p) }, false, true},
		{"a column's type changed in one dialect", func(_, p fstest.MapFS) {
			f := p[names[0]]
			loc := regexp.MustCompile(`(?m)^\s+\w+ (TEXT) NOT NULL`).FindSubmatchIndex(f.Data)
			if loc == nil {
				t.Fatalf("%s has no TEXT NOT NULL column", names[0])
			}
			f.Data = slices.Concat(f.Data[:loc[2]], []byte("BIGINT"), f.Data[loc[3]:])
		}, false, true},
		{"a version in one dialect only", func(s, _ fstest.MapFS) {
			s["99999_drift.sql"] = &fstest.MapFile{Data: []byte("-- +goose Up\nCREATE TABLE drift_probe (id TEXT PRIMARY KEY);\n-- +goose Down\nDROP TABLE drift_probe;\n")}
		}, false, true},
		{"a Down section that differs", func(s, _ fstest.MapFS) {
			s[last].Data = append(s[last].Data, []byte("\nDROP TABLE IF EXISTS drift_probe;\n")...)
		}, false, false},
		{"a SQLite rebuild that loses a NOT NULL", func(s, _ fstest.MapFS) {
			rb := sqliteRebuilds(t, sq)
			if len(rb) == 0 {
				t.Skip("no SQLite migration rebuilds a table")
			}
			f := s[rb[0].file]
			i := strings.Index(string(f.Data), "CREATE TABLE "+rb[0].temp+" (")
			j := i + strings.Index(string(f.Data[i:]), " NOT NULL")
			f.Data = slices.Concat(f.Data[:j], f.Data[j+len(" NOT NULL"):])
		}, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, p := copyFS(t, sq), copyFS(t, pg)
			c.mutate(s, p)
			var found []string
			if c.rebuild {
				found = rebuildProblems(t, s)
			} else {
				found = migrationTextProblems(t, s, p)
			}
			if len(found) == 0 {
				t.Error("the migration files' check passed the drift")
			}
			t.Logf("reported: %q", found)
			if c.schema && storetest.PostgresURL() != "" {
				found := schemaProblems(t, s, p)
				if len(found) == 0 {
					t.Error("the migrated schemas' check passed the drift")
				}
				t.Logf("schemas: %q", found)
			}
		})
	}
	t.Run("the allowed differences pass", func(t *testing.T) {
		s, p := copyFS(t, sq), copyFS(t, pg)
		s["99999_allowed.sql"] = &fstest.MapFile{Data: []byte("-- +goose Up\n-- SQLite's words.\nCREATE TABLE allowed (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;\n-- +goose Down\nDROP TABLE allowed;\n")}
		p["99999_allowed.sql"] = &fstest.MapFile{Data: []byte("-- +goose Up\nCREATE TABLE allowed (\n    k TEXT PRIMARY KEY,\n    v BYTEA\n);\n\n-- +goose Down\n-- PostgreSQL's words.\nDROP TABLE allowed;\n")}
		if found := migrationTextProblems(t, s, p); len(found) > 0 {
			t.Errorf("reported %q", found)
		}
	})
}

// dialectRules are the only differences allowed between a SQLite and a
// PostgreSQL migration file. Each rewrites one dialect's statements toward
// the other's; after them the two lists must be equal. A new difference
// gets a rule here, with its reason, or the files are written alike.
var dialectRules = []struct {
	name    string
	dialect string // "sqlite", "postgres" or "" for both
	apply   func(stmts []string) []string
}{
	// Comments, blank lines and layout: splitStatements drops the first
	// and collapses runs of white space, so prose may differ freely.
	{"BYTEA is BLOB: PostgreSQL's byte string type is SQLite's BLOB", "postgres", func(stmts []string) []string {
		return replaceAll(stmts, regexp.MustCompile(`\bBYTEA\b`), "BLOB")
	}},
	{"WITHOUT ROWID: a SQLite storage option that PostgreSQL's heap tables have no use for", "sqlite", func(stmts []string) []string {
		return replaceAll(stmts, regexp.MustCompile(`\) WITHOUT ROWID$`), ")")
	}},
	{"a random v4 UUID: PostgreSQL has gen_random_uuid(), SQLite builds one from randomblob (sqliteUUID), for ids " +
		"a migration gives to rows it derives from others", "sqlite", func(stmts []string) []string {
		return replaceAll(stmts, regexp.MustCompile(regexp.QuoteMeta(sqliteUUID)), "gen_random_uuid()::text")
	}},
	{"a primary key dropped or added: PostgreSQL alters the table (keeping the former key's column NOT NULL), " +
		"SQLite rebuilds it (the rebuild's change is listed in intendedRebuildChanges)", "postgres", func(stmts []string) []string {
		dropped := map[string]bool{}
		for _, s := range stmts {
			if m := primaryKeyChange.FindStringSubmatch(s); m != nil && strings.HasPrefix(m[2], "DROP") {
				dropped[m[1]] = true
			}
		}
		return slices.DeleteFunc(stmts, func(s string) bool {
			if primaryKeyChange.MatchString(s) {
				return true
			}
			m := keepNotNull.FindStringSubmatch(s)
			return m != nil && dropped[m[1]]
		})
	}},
	{"SELECT 1 changes nothing: it fills a version that has nothing to do in one dialect", "", func(stmts []string) []string {
		return slices.DeleteFunc(stmts, func(s string) bool { return s == "SELECT 1" })
	}},
	{"a SQLite table rebuild (CREATE TABLE t_new … INSERT INTO t_new SELECT … FROM t; DROP TABLE t; " +
		"ALTER TABLE t_new RENAME TO t, with the indexes it creates on t_new) changes storage or key order, " +
		"which SQLite's ALTER TABLE cannot; rebuildProblems checks that it keeps the table's columns", "sqlite",
		func(stmts []string) []string {
			drop := map[int]bool{}
			for _, rb := range findRebuilds(stmts) {
				for _, i := range rb.stmts {
					drop[i] = true
				}
			}
			var out []string
			for i, s := range stmts {
				if !drop[i] {
					out = append(out, s)
				}
			}
			return out
		}},
}

// primaryKeyChange is a PostgreSQL statement that drops or adds a table's
// primary key; keepNotNull one that keeps a column NOT NULL, which the
// rule allows only for a table whose key the same section drops.
var (
	primaryKeyChange = regexp.MustCompile(`^ALTER TABLE (\w+) (DROP CONSTRAINT \w+_pkey|ADD PRIMARY KEY \([\w, ]+\))$`)
	keepNotNull      = regexp.MustCompile(`^ALTER TABLE (\w+) ALTER COLUMN \w+ SET NOT NULL$`)
)

// sqliteUUID is the expression SQLite migrations write for a random v4
// UUID, as splitStatements lays it out.
const sqliteUUID = `lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || ` +
	`substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || ` +
	`substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))`

func replaceAll(stmts []string, re *regexp.Regexp, with string) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		out[i] = re.ReplaceAllString(s, with)
	}
	return out
}

// migrationTextProblems compares the two directories file by file.
func migrationTextProblems(t *testing.T, sqliteFS, postgresFS fs.FS) []string {
	t.Helper()
	sqNames, pgNames := migrationNames(t, sqliteFS), migrationNames(t, postgresFS)
	var problems []string
	for _, n := range sqNames {
		if !slices.Contains(pgNames, n) {
			problems = append(problems, fmt.Sprintf("%s: in migrations/sqlite only", n))
		}
	}
	for _, n := range pgNames {
		if !slices.Contains(sqNames, n) {
			problems = append(problems, fmt.Sprintf("%s: in migrations/postgres only", n))
			continue
		}
		sq, pg := normalisedSections(t, sqliteFS, n, "sqlite"), normalisedSections(t, postgresFS, n, "postgres")
		for _, sec := range []string{"Up", "Down"} {
			if d := diffStatements(sq[sec], pg[sec]); d != "" {
				problems = append(problems, fmt.Sprintf("%s, %s: the dialects differ beyond dialectRules:\n%s", n, sec, d))
			}
		}
	}
	return problems
}

func migrationNames(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no migration files")
	}
	return names // fs.Glob sorts them
}

func normalisedSections(t *testing.T, fsys fs.FS, name, dialect string) map[string][]string {
	t.Helper()
	secs := fileSections(t, fsys, name)
	for sec, stmts := range secs {
		for _, r := range dialectRules {
			if r.dialect == "" || r.dialect == dialect {
				stmts = r.apply(stmts)
			}
		}
		secs[sec] = stmts
	}
	return secs
}

func fileSections(t *testing.T, fsys fs.FS, name string) map[string][]string {
	t.Helper()
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	secs, err := splitStatements(string(src))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return secs
}

var gooseAnnotation = regexp.MustCompile(`^--\s*\+goose\s+(.*?)\s*$`)

// splitStatements reads a goose SQL file into the statements of its Up and
// Down sections, comments dropped and white space collapsed. Goose's other
// annotations say how a file runs, not what it makes: StatementBegin and
// StatementEnd delimit a statement holding semicolons, the rest is ignored.
func splitStatements(src string) (map[string][]string, error) {
	secs := map[string][]string{}
	section, block := "", false
	var cur strings.Builder
	flush := func() {
		s := strings.Join(strings.Fields(cur.String()), " ")
		s = strings.ReplaceAll(strings.ReplaceAll(s, "( ", "("), " )", ")")
		if s != "" {
			secs[section] = append(secs[section], s)
		}
		cur.Reset()
	}
	for line := range strings.Lines(src) {
		if m := gooseAnnotation.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			switch strings.ToLower(m[1]) {
			case "up", "down":
				flush()
				section = strings.ToUpper(m[1][:1]) + strings.ToLower(m[1][1:])
			case "statementbegin":
				flush()
				block = true
			case "statementend":
				flush()
				block = false
			}
			continue
		}
		quote := rune(0)
		for i, r := range line {
			switch {
			case quote != 0:
				cur.WriteRune(r)
				if r == quote {
					quote = 0
				}
			case r == '\'' || r == '"':
				quote = r
				cur.WriteRune(r)
			case r == '-' && strings.HasPrefix(line[i:], "--"):
				cur.WriteByte(' ')
				goto nextLine
			case r == ';' && !block:
				flush()
			default:
				cur.WriteRune(r)
			}
		}
		if quote != 0 {
			return nil, fmt.Errorf("a string spans lines: %q", line)
		}
	nextLine:
		cur.WriteByte(' ')
	}
	if block {
		return nil, fmt.Errorf("StatementBegin without StatementEnd")
	}
	if section == "" && strings.TrimSpace(cur.String()) != "" {
		return nil, fmt.Errorf("statements before -- +goose Up")
	}
	flush()
	delete(secs, "")
	return secs, nil
}

// diffStatements lists the statements one list holds and the other does not
// (or says the order differs); empty when they are equal.
func diffStatements(sq, pg []string) string {
	if slices.Equal(sq, pg) {
		return ""
	}
	var b strings.Builder
	rest := slices.Clone(pg)
	for _, s := range sq {
		if i := slices.Index(rest, s); i >= 0 {
			rest = slices.Delete(rest, i, i+1)
		} else {
			fmt.Fprintf(&b, "  sqlite only:   %s\n", s)
		}
	}
	for _, s := range rest {
		fmt.Fprintf(&b, "  postgres only: %s\n", s)
	}
	if b.Len() == 0 {
		b.WriteString("  the same statements in another order\n")
	}
	return b.String()
}

// rebuild is one SQLite table rebuild: statements stmts (indexes into the
// section's list) make table under the name temp and rename it.
type rebuild struct {
	file, table, temp string
	version           int64
	stmts             []int
}

var (
	renameStmt      = regexp.MustCompile(`^ALTER TABLE (\w+) RENAME TO (\w+)$`)
	createIndexStmt = regexp.MustCompile(`^CREATE (?:UNIQUE )?INDEX (\w+) ON (\w+)\b`)
	dropIndexStmt   = regexp.MustCompile(`^DROP INDEX (?:IF EXISTS )?(\w+)$`)
)

// findRebuilds finds, in one section, each table created under a temporary
// name, filled from the table it replaces, which is dropped before the new
// one takes its name.
func findRebuilds(stmts []string) []rebuild {
	var out []rebuild
	for i, s := range stmts {
		m := renameStmt.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		temp, table := m[1], m[2]
		rb := rebuild{table: table, temp: temp, stmts: []int{i}}
		created, dropped := false, false
		indexes := map[string]bool{}
		for j, s := range stmts[:i] {
			switch {
			case strings.HasPrefix(s, "CREATE TABLE "+temp+" ("):
				created = true
			case s == "DROP TABLE "+table:
				dropped = true
			case strings.HasPrefix(s, "INSERT INTO "+temp+" "):
			default:
				if m := createIndexStmt.FindStringSubmatch(s); m != nil && m[2] == temp {
					indexes[m[1]] = true
				} else {
					continue
				}
			}
			rb.stmts = append(rb.stmts, j)
		}
		for j, s := range stmts[:i] {
			if m := dropIndexStmt.FindStringSubmatch(s); m != nil && indexes[m[1]] {
				rb.stmts = append(rb.stmts, j)
			}
		}
		if created && dropped {
			out = append(out, rb)
		}
	}
	return out
}

// sqliteRebuilds lists the rebuilds of every SQLite migration's Up section.
func sqliteRebuilds(t *testing.T, fsys fs.FS) []rebuild {
	t.Helper()
	var out []rebuild
	for _, n := range migrationNames(t, fsys) {
		v, err := goose.NumericComponent(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		for _, rb := range findRebuilds(fileSections(t, fsys, n)["Up"]) {
			rb.file, rb.version = n, v
			out = append(out, rb)
		}
	}
	return out
}

// intendedRebuildChanges are the changes a rebuild was made for, by table
// and version, as diffFacts prints them: SQLite changes a table's key only
// by rebuilding it.
var intendedRebuildChanges = map[string]string{
	// The audit log's rows in a rowid table, its id unindexed (00037).
	"audit_log@37": "  before only: primary key audit_log (audit_id)\n",
}

// rebuildProblems migrates a SQLite database to just before each version
// that rebuilds tables and to that version, and compares the rebuilt
// tables' columns, primary key and foreign keys before and after.
func rebuildProblems(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	byVersion := map[int64][]string{}
	for _, rb := range sqliteRebuilds(t, fsys) {
		byVersion[rb.version] = append(byVersion[rb.version], rb.table)
	}
	var problems []string
	for v, tables := range byVersion {
		db, p := gooseSQLite(t, fsys)
		before, after := map[string][]string{}, map[string][]string{}
		if _, err := p.UpTo(context.Background(), v-1); err != nil {
			t.Fatalf("migrate SQLite to %d: %v", v-1, err)
		}
		for _, tb := range tables {
			before[tb] = tableFacts(sqliteFacts(t, db), tb)
		}
		if _, err := p.UpTo(context.Background(), v); err != nil {
			problems = append(problems, fmt.Sprintf("migrate SQLite to %d: %v", v, err))
			continue
		}
		for _, tb := range tables {
			after[tb] = tableFacts(sqliteFacts(t, db), tb)
			if d := diffFacts(before[tb], after[tb], "before", "after"); d != "" && d != intendedRebuildChanges[fmt.Sprintf("%s@%d", tb, v)] {
				problems = append(problems, fmt.Sprintf("version %d rebuilds %s and changes it:\n%s", v, tb, d))
			}
		}
	}
	return problems
}

// tableFacts keeps a table's facts of kinds a rebuild must keep.
func tableFacts(facts []string, table string) []string {
	var out []string
	for _, f := range facts {
		for _, kind := range []string{"column ", "primary key ", "unique ", "foreign key "} {
			if strings.HasPrefix(f, kind+table+" ") || strings.HasPrefix(f, kind+table+".") {
				out = append(out, f)
			}
		}
	}
	return out
}

// dialectOnlyFacts are the schema facts one dialect holds on purpose and
// the other does not, with the reason.
var dialectOnlyFacts = map[string]string{
	// SQLite's 00007 rebuilt the sandbox provider's tables WITHOUT ROWID,
	// keyed and indexed for a user's deletion (bench/README.md); a
	// PostgreSQL heap table keeps a separate index for its key, so its
	// indexes stayed as 00002 made them.
	"sqlite: index sandbox_provider_credentials.sandbox_provider_credentials_user (acs_system_id, user_external_id, workspace_id)":       "00007",
	"postgres: index sandbox_provider_credentials.sandbox_provider_credentials_user (acs_system_id, user_external_id)":                   "00007",
	"sqlite: index sandbox_provider_group_members.sandbox_provider_group_members_group (acs_system_id, group_external_id, workspace_id)": "00007",
	"postgres: index sandbox_provider_group_members.sandbox_provider_group_members_user (acs_system_id, user_external_id)":               "00007",
}

// schemaProblems migrates a SQLite database and a PostgreSQL schema with
// the two directories and compares what they hold.
func schemaProblems(t *testing.T, sqliteFS, postgresFS fs.FS) []string {
	t.Helper()
	ctx := context.Background()
	sdb, sp := gooseSQLite(t, sqliteFS)
	if _, err := sp.Up(ctx); err != nil {
		return []string{fmt.Sprintf("migrate SQLite: %v", err)}
	}
	pdb, err := sql.Open("pgx", storetest.PostgresSchemaURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pdb.Close() })
	pdb.SetMaxOpenConns(1)
	pp, err := goose.NewProvider(goose.DialectPostgres, pdb, postgresFS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pp.Up(ctx); err != nil {
		return []string{fmt.Sprintf("migrate PostgreSQL: %v", err)}
	}
	sq, pg := sqliteFacts(t, sdb), postgresFacts(t, pdb)
	if len(sq) == 0 || len(pg) == 0 {
		t.Fatalf("no schema facts read: %d from SQLite, %d from PostgreSQL", len(sq), len(pg))
	}
	var problems []string
	for f := range dialectOnlyFacts {
		dialect, fact, _ := strings.Cut(f, ": ")
		if facts := map[string][]string{"sqlite": sq, "postgres": pg}[dialect]; !slices.Contains(facts, fact) {
			problems = append(problems, fmt.Sprintf("dialectOnlyFacts lists %q, which the migrated schema does not hold", f))
		}
	}
	sq, pg = withoutDialectOnly("sqlite", sq), withoutDialectOnly("postgres", pg)
	if d := diffFacts(sq, pg, "sqlite", "postgres"); d != "" {
		problems = append(problems, "the migrated schemas differ beyond dialectOnlyFacts:\n"+d)
	}
	return problems
}

func withoutDialectOnly(dialect string, facts []string) []string {
	return slices.DeleteFunc(slices.Clone(facts), func(f string) bool { return dialectOnlyFacts[dialect+": "+f] != "" })
}

func diffFacts(a, b []string, aName, bName string) string {
	var out strings.Builder
	for _, f := range a {
		if !slices.Contains(b, f) {
			fmt.Fprintf(&out, "  %s only: %s\n", aName, f)
		}
	}
	for _, f := range b {
		if !slices.Contains(a, f) {
			fmt.Fprintf(&out, "  %s only: %s\n", bName, f)
		}
	}
	return out.String()
}

func gooseSQLite(t *testing.T, fsys fs.FS) (*sql.DB, *goose.Provider) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+t.TempDir()+"/m.db?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	return db, p
}

// Schema facts are sentences in one form for both dialects, compared as
// sets:
//
//	column T.C TYPE [not null] [default D]
//	primary key T (C, …)            columns sorted: a key's order is storage
//	unique T (C, …)                 a UNIQUE constraint
//	foreign key T (C, …) references T2 (C2, …) on delete ACTION
//	index T.I [unique] (C, …) [where P]
//
// Types map BLOB to bytea; a primary key column is not null in both;
// defaults and predicates lose casts, parentheses and case. CHECK
// constraints are left to the text comparison.

var (
	castRe   = regexp.MustCompile(`::[a-z ]+(\[\])?`)
	parensRe = regexp.MustCompile(`[()]`)
)

func normalExpr(s string) string {
	s = strings.ToLower(s)
	s = castRe.ReplaceAllString(s, "")
	s = parensRe.ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), " ")
}

func columnFact(table, col, typ string, notNull bool, dflt sql.NullString) string {
	typ = strings.ToLower(typ)
	if typ == "blob" {
		typ = "bytea"
	}
	f := fmt.Sprintf("column %s.%s %s", table, col, typ)
	if notNull {
		f += " not null"
	}
	if dflt.Valid {
		f += " default " + normalExpr(dflt.String)
	}
	return f
}

func sqliteFacts(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var facts []string
	tables := queryStrings(t, db, `SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name`)
	for _, tb := range tables {
		var pk []string
		scanRows(t, db, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`, []any{tb}, func(r *sql.Rows) error {
			var name, typ string
			var notNull bool
			var dflt sql.NullString
			var pkPos int
			if err := r.Scan(&name, &typ, &notNull, &dflt, &pkPos); err != nil {
				return err
			}
			if pkPos > 0 {
				pk = append(pk, name)
			}
			facts = append(facts, columnFact(tb, name, typ, notNull || pkPos > 0, dflt))
			return nil
		})
		if len(pk) > 0 {
			slices.Sort(pk)
			facts = append(facts, fmt.Sprintf("primary key %s (%s)", tb, strings.Join(pk, ", ")))
		}
		type fk struct {
			from, to []string
			table    string
			onDelete string
		}
		fks := map[int]*fk{}
		var ids []int
		scanRows(t, db, `SELECT id, "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`, []any{tb}, func(r *sql.Rows) error {
			var id int
			var table, from, onDelete string
			var to sql.NullString
			if err := r.Scan(&id, &table, &from, &to, &onDelete); err != nil {
				return err
			}
			if fks[id] == nil {
				fks[id] = &fk{table: table, onDelete: strings.ToLower(onDelete)}
				ids = append(ids, id)
			}
			fks[id].from = append(fks[id].from, from)
			fks[id].to = append(fks[id].to, to.String)
			return nil
		})
		for _, id := range ids {
			k := fks[id]
			facts = append(facts, fmt.Sprintf("foreign key %s (%s) references %s (%s) on delete %s",
				tb, strings.Join(k.from, ", "), k.table, strings.Join(k.to, ", "), k.onDelete))
		}
		type index struct {
			name, origin string
			unique       bool
		}
		var indexes []index
		scanRows(t, db, `SELECT name, "unique", origin FROM pragma_index_list(?)`, []any{tb}, func(r *sql.Rows) error {
			var ix index
			if err := r.Scan(&ix.name, &ix.unique, &ix.origin); err != nil {
				return err
			}
			indexes = append(indexes, ix)
			return nil
		})
		for _, ix := range indexes {
			cols := strings.Join(queryStrings(t, db, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix.name), ", ")
			switch ix.origin {
			case "pk":
			case "u":
				facts = append(facts, fmt.Sprintf("unique %s (%s)", tb, cols))
			default:
				def := queryStrings(t, db, `SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`, ix.name)
				pred := ""
				if _, after, ok := strings.Cut(def[0], " WHERE "); ok {
					pred = after
				}
				facts = append(facts, indexFact(tb, ix.name, ix.unique, cols, pred))
			}
		}
	}
	slices.Sort(facts)
	return facts
}

func indexFact(table, name string, unique bool, cols, pred string) string {
	f := "index " + table + "." + name
	if unique {
		f += " unique"
	}
	f += " (" + cols + ")"
	if pred != "" {
		f += " where " + normalExpr(pred)
	}
	return f
}

func postgresFacts(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var facts []string
	scanRows(t, db, `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO', c.column_default
		FROM information_schema.columns c JOIN information_schema.tables t
		  ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
		WHERE c.table_schema = current_schema() AND c.table_name <> 'goose_db_version'`, nil, func(r *sql.Rows) error {
		var table, col, typ string
		var notNull bool
		var dflt sql.NullString
		if err := r.Scan(&table, &col, &typ, &notNull, &dflt); err != nil {
			return err
		}
		facts = append(facts, columnFact(table, col, typ, notNull, dflt))
		return nil
	})
	// cols lists a constraint's or index's columns in their order.
	const cols = `(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(%s) WITH ORDINALITY k(attnum, n)
		JOIN pg_attribute a ON a.attrelid = %s AND a.attnum = k.attnum)`
	scanRows(t, db, `SELECT t.relname, c.contype,
		  `+fmt.Sprintf(cols, "c.conkey", "c.conrelid")+`,
		  coalesce(f.relname, ''), coalesce(`+fmt.Sprintf(cols, "c.confkey", "c.confrelid")+`, ''),
		  c.confdeltype
		FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class f ON f.oid = c.confrelid
		WHERE c.connamespace = current_schema()::regnamespace AND c.contype IN ('p', 'u', 'f')
		  AND t.relname <> 'goose_db_version'`, nil, func(r *sql.Rows) error {
		var table, kind, from, refTable, to, onDelete string
		if err := r.Scan(&table, &kind, &from, &refTable, &to, &onDelete); err != nil {
			return err
		}
		switch kind {
		case "p":
			pk := strings.Split(from, ", ")
			slices.Sort(pk)
			facts = append(facts, fmt.Sprintf("primary key %s (%s)", table, strings.Join(pk, ", ")))
		case "u":
			facts = append(facts, fmt.Sprintf("unique %s (%s)", table, from))
		case "f":
			action := map[string]string{"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}[onDelete]
			facts = append(facts, fmt.Sprintf("foreign key %s (%s) references %s (%s) on delete %s", table, from, refTable, to, action))
		}
		return nil
	})
	scanRows(t, db, `SELECT t.relname, i.relname, x.indisunique,
		  `+fmt.Sprintf(cols, "x.indkey::int2[]", "x.indrelid")+`,
		  coalesce(pg_get_expr(x.indpred, x.indrelid), '')
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname <> 'goose_db_version'
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`, nil, func(r *sql.Rows) error {
		var table, name, cols, pred string
		var unique bool
		if err := r.Scan(&table, &name, &unique, &cols, &pred); err != nil {
			return err
		}
		facts = append(facts, indexFact(table, name, unique, cols, pred))
		return nil
	})
	slices.Sort(facts)
	return facts
}

func scanRows(t *testing.T, db *sql.DB, q string, args []any, fn func(*sql.Rows) error) {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	var out []string
	scanRows(t, db, q, args, func(r *sql.Rows) error {
		var s string
		if err := r.Scan(&s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out
}

func copyFS(t *testing.T, fsys fs.FS) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	for _, n := range migrationNames(t, fsys) {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			t.Fatal(err)
		}
		out[path.Base(n)] = &fstest.MapFile{Data: b}
	}
	return out
}

func firstCreatedTable(t *testing.T, fsys fs.FS, name string) string {
	t.Helper()
	re := regexp.MustCompile(`^CREATE TABLE (\w+) \(`)
	for _, s := range fileSections(t, fsys, name)["Up"] {
		if m := re.FindStringSubmatch(s); m != nil {
			return m[1]
		}
	}
	t.Fatalf("%s creates no table", name)
	return ""
}
