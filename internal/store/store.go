package store

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations
var migrations embed.FS

// Dialect names the database behind a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the database. Writes go through InTx, reads through View.
type Store struct {
	dialect Dialect
	// write is the connection pool for transactions that change state. On
	// SQLite it holds one connection, driven by the group-commit writer.
	write *sql.DB
	// read serves View; on Postgres it is the same pool as write.
	read         *sql.DB
	log          *slog.Logger
	writer       *groupWriter
	checkpointer *checkpointer
	// dbFile is the SQLite database file, held open for the checkpointer's
	// fsyncs and closed after every connection.
	dbFile *os.File
	// readers serve View and Read on SQLite, over read's connections; the
	// writer has its own statement cache.
	readers *readers
	// dsn is the PostgreSQL URL, for ListenerPool.
	dsn      string
	listenMu sync.Mutex
	listen   *pgxpool.Pool
}

// Options tune Open. The zero value is fine.
type Options struct {
	Logger *slog.Logger
	// MaxBatch caps how many waiting write transactions SQLite commits together.
	MaxBatch int
	// Durability is what an acknowledged commit survives; the zero value is
	// DurabilityFull.
	Durability Durability
}

// Durability is what an acknowledged commit survives.
type Durability string

const (
	// DurabilityFull: a commit survives a power cut. SQLite syncs its
	// write-ahead log before each commit returns (synchronous=FULL).
	DurabilityFull Durability = "full"
	// DurabilityProcess: a commit survives the process being killed, not
	// the machine losing power. SQLite writes the log on commit and syncs
	// it at checkpoints (synchronous=NORMAL in WAL mode), for sandboxes and
	// CI. SQLite only: PostgreSQL's durability is its own settings.
	DurabilityProcess Durability = "process"
)

// ParseDurability reads a --durability value; "" is DurabilityFull.
func ParseDurability(v string) (Durability, error) {
	switch d := Durability(strings.ToLower(strings.TrimSpace(v))); d {
	case "", DurabilityFull:
		return DurabilityFull, nil
	case DurabilityProcess:
		return d, nil
	}
	return "", fmt.Errorf("durability %q: want full or process", v)
}

// synchronous is the SQLite pragma value for d.
func (d Durability) synchronous() string {
	if d == DurabilityProcess {
		return "NORMAL"
	}
	return "FULL"
}

// IsPostgresURL reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn: a postgres:// URL, or a SQLite file path. It does
// not migrate; call Migrate.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MaxBatch <= 0 {
		opt.MaxBatch = 256
	}
	if opt.Durability == "" {
		opt.Durability = DurabilityFull
	}
	s := &Store{log: opt.Logger}
	if IsPostgresURL(dsn) {
		if opt.Durability != DurabilityFull {
			return nil, fmt.Errorf("durability %q is for SQLite; PostgreSQL keeps what its own settings (fsync, synchronous_commit) say", opt.Durability)
		}
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
		db.SetConnMaxIdleTime(5 * time.Minute)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("connect to postgres: %w", err)
		}
		s.dialect, s.write, s.read, s.dsn = Postgres, db, db, dsn
		return s, nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
	if path == "" {
		return nil, errors.New("empty SQLite path")
	}
	// Commit with fdatasync(2), as SQLite built for Linux does: it makes the
	// WAL's data and size durable like fsync, without waiting on the journal
	// for the file's timestamps (the transpiled library defaults to fsync).
	// Where the platform has no fdatasync the setting stays fsync.
	if _, err := sqlite.Fdatasync(true); err != nil && !errors.Is(err, sqlite.ErrFdatasyncUnavailable) {
		return nil, fmt.Errorf("sqlite fdatasync: %w", err)
	}
	pragmas := []string{
		"journal_mode(WAL)",
		"busy_timeout(10000)",
		"foreign_keys(1)",
		"synchronous(" + opt.Durability.synchronous() + ")",
		"temp_store(MEMORY)",
		// Every connection has its own page cache; together they are bounded
		// by this process-wide limit, past which SQLite recycles pages
		// rather than allocate (each 4 KiB page costs ~8 KiB resident).
		"soft_heap_limit(67108864)",
		// The checkpointer below does it, off the writer's path.
		"wal_autocheckpoint(0)",
	}
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	// The writer's cache holds what the requests write: 32 MiB of pages.
	w, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode()+"&_pragma=cache_size(-32768)")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	// One writer: SQLite allows one at a time anyway, and the group-commit
	// writer batches concurrent transactions on it.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	q.Set("_txlock", "deferred")
	// The checkpointer copies pages from the WAL; it needs almost no cache.
	cp, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode()+"&_pragma=cache_size(-2048)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	cp.SetMaxOpenConns(1)
	q.Add("_pragma", "query_only(1)")
	// Readers look up a few rows each: 8 MiB of cache per connection.
	r, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode()+"&_pragma=cache_size(-8192)")
	if err != nil {
		w.Close()
		cp.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	n := max(4, runtime.GOMAXPROCS(0)*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.dialect, s.write, s.read = SQLite, w, r
	s.readers = newReaders(r, n, stmtCacheSize)
	s.writer = newGroupWriter(w, opt.MaxBatch, opt.Logger)
	// Opened after the writer created the file; see checkpointer.file.
	if f, err := os.Open(path); err == nil {
		s.dbFile = f
	} else {
		opt.Logger.Warn("database file not opened for syncing; the writer will sync it at checkpoints", "err", err)
	}
	s.checkpointer = newCheckpointer(cp, s.dbFile, s.writer, opt.Logger)
	return s, nil
}

// stmtCacheSize bounds each SQLite pool's prepared statements.
const stmtCacheSize = 512

// Dialect reports which database the store uses.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB returns the write pool, for components such as the job queue that
// manage their own statements.
func (s *Store) DB() *sql.DB { return s.write }

// Analyze refreshes PostgreSQL's planner statistics for the store's tables,
// as PostgreSQL's own advice goes after loading many rows at once. Until
// the first ANALYZE (autovacuum's comes up to a minute after the load),
// a partial index built on an empty table, as each is by the migrations,
// counts as holding no rows, and the planner takes it wherever its leading
// column matches: a user's deletion then walked every live credential of
// the workspace (bench/README.md). On SQLite it does nothing: its plans
// are the ones TestDeletePlans checks, made without statistics.
func (s *Store) Analyze(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	// The tables of the schema the connection uses: a bare ANALYZE would
	// also visit every other schema of the database.
	rows, err := s.write.QueryContext(ctx, `SELECT quote_ident(tablename) FROM pg_tables
		WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil {
		return fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	tables, err := scanAll(rows, scanString)
	if err != nil {
		return fmt.Errorf("list tables: %w", err)
	}
	if len(tables) == 0 {
		return nil
	}
	if _, err := s.write.ExecContext(ctx, "ANALYZE "+strings.Join(tables, ", ")); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// ListenerPool returns, on PostgreSQL, a pgx pool of one connection to the
// store's database for LISTEN: database/sql cannot wait for notifications,
// and without them the job queue would see a job queued in a transaction
// only at its next poll. It is opened on first use and closed with the
// store. Nil on SQLite.
func (s *Store) ListenerPool() (*pgxpool.Pool, error) {
	if s.dialect != Postgres {
		return nil, nil
	}
	s.listenMu.Lock()
	defer s.listenMu.Unlock()
	if s.listen != nil {
		return s.listen, nil
	}
	cfg, err := pgxpool.ParseConfig(s.dsn)
	if err != nil {
		return nil, fmt.Errorf("listener pool: %w", err)
	}
	cfg.MaxConns, cfg.MinConns = 1, 0
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, fmt.Errorf("listener pool: %w", err)
	}
	s.listen = p
	return p, nil
}

// Close stops the writer and closes the pools.
func (s *Store) Close() error {
	if s.writer != nil {
		s.writer.close()
	}
	if s.readers != nil {
		s.readers.close()
	}
	if s.checkpointer != nil {
		s.checkpointer.close()
	}
	err := s.write.Close()
	s.listenMu.Lock()
	if s.listen != nil {
		s.listen.Close()
		s.listen = nil
	}
	s.listenMu.Unlock()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	if s.dbFile != nil {
		// Last: closing it drops the process's locks on the file.
		err = errors.Join(err, s.dbFile.Close())
	}
	return err
}

// Migrate applies every pending migration of the store's dialect, then
// those of the job queue.
func (s *Store) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		return err
	}
	gd := goose.DialectSQLite3
	if s.dialect == Postgres {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, s.write, sub)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if s.dialect == SQLite {
		// A migration that rebuilds a large table journals every page it
		// reuses, for the statement's sake; with temporary storage in memory
		// that journal is resident (a million users: 767 MB). On disk for
		// the migrations, in memory again for the requests.
		if _, err := s.write.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer func() { _, _ = s.write.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY") }()
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range res {
		s.log.Info("migration applied", "version", r.Source.Version, "path", r.Source.Path, "took", r.Duration)
	}
	return s.migrateRiver(ctx)
}

// Tx is one transaction. Every store method hangs off it, so the caller
// decides what commits together; it is passed explicitly, never through a
// context.
type Tx struct {
	q       querier
	sqlTx   *sql.Tx
	dialect Dialect
	now     time.Time
	after   []func()

	// conn is the connection of a PostgreSQL write transaction; the
	// writes execLater holds back wait in pending until they go out
	// together, and flushErr keeps the first failure of such a flush.
	conn     *sql.Conn
	pending  []heldExec
	flushErr error
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// SQL returns the underlying *sql.Tx, for libraries (the job queue) that
// insert within the caller's transaction. Nil inside View. The writes held
// back so far are sent first, so that what the library runs sees them.
func (tx *Tx) SQL() *sql.Tx {
	_ = tx.flush(context.Background()) // a failure is kept and ends the transaction
	return tx.sqlTx
}

// Dialect reports the database dialect of the transaction.
func (tx *Tx) Dialect() Dialect { return tx.dialect }

// Now is the transaction's clock reading, in milliseconds precision UTC: every
// row written in one transaction carries the same time.
func (tx *Tx) Now() time.Time { return tx.now }

// AfterCommit registers fn to run once the transaction has committed (for
// example to wake a worker). It does not run if the transaction rolls back.
func (tx *Tx) AfterCommit(fn func()) { tx.after = append(tx.after, fn) }

// InTx runs fn in a write transaction and commits it if fn returns nil. On
// SQLite the transaction joins a group commit: it runs in its own SAVEPOINT
// within a batch, and InTx returns only after the batch's COMMIT is durable.
// fn may be called again if the database asks for a retry; it must not have
// side effects outside tx. Under WithIdempotencyClaim, the transaction
// claims the key first.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	fn = withClaim(ctx, fn)
	if s.writer != nil {
		return classify(s.writer.do(ctx, fn))
	}
	return s.pgTx(ctx, nil, fn)
}

// InSnapshotTx is InTx for a transaction whose statements must all read one
// snapshot: one that compares two sides it reads separately (lintel's rows
// and a provider's, in a reconciliation) and repairs the difference. On
// SQLite every write transaction is one (it holds the only writer). On
// PostgreSQL, whose write transactions read at READ COMMITTED (each
// statement sees what has committed when it starts), it runs at REPEATABLE
// READ: a change committed after its first statement is seen by none of
// them, and a write to a row changed since is a serialization failure,
// retried like any other.
func (s *Store) InSnapshotTx(ctx context.Context, fn func(tx *Tx) error) error {
	if s.writer != nil {
		return s.InTx(ctx, fn)
	}
	return s.pgTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead}, withClaim(ctx, fn))
}

func (s *Store) pgTx(ctx context.Context, opts *sql.TxOptions, fn func(tx *Tx) error) error {
	const attempts = 5
	var err error
	for i := range attempts {
		err = classify(s.pgTxOnce(ctx, opts, fn))
		if err == nil || !errors.Is(err, ErrSerialization) || ctx.Err() != nil {
			return err
		}
		time.Sleep(time.Duration(i+1) * 5 * time.Millisecond)
	}
	return err
}

func (s *Store) pgTxOnce(ctx context.Context, opts *sql.TxOptions, fn func(tx *Tx) error) (err error) {
	// The transaction runs on a connection of its own, held explicitly, so
	// that held-back writes can reach pgx's pipeline under database/sql.
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{sqlTx: sqlTx, conn: conn, dialect: s.dialect, now: now()}
	tx.q = flushingTx{tx}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		// A held-back write that failed aborted the transaction; what
		// fn saw afterwards is a consequence, not the cause.
		return cmp.Or(tx.flushErr, err)
	}
	if err := tx.flush(ctx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for _, f := range tx.after {
		f()
	}
	return nil
}

// View runs fn in a read-only transaction: a consistent snapshot.
func (s *Store) View(ctx context.Context, fn func(tx *Tx) error) error {
	if s.readers != nil {
		return classify(s.readers.view(ctx, func(q querier) error {
			return fn(&Tx{q: q, dialect: s.dialect, now: now()})
		}))
	}
	// On PostgreSQL REPEATABLE READ makes the snapshot one for the whole
	// transaction, as a SQLite read transaction is; a read-only one never
	// fails to serialize.
	sqlTx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return classify(fmt.Errorf("begin read: %w", err))
	}
	defer sqlTx.Rollback() // also when fn panics, or the connection is lost
	return classify(fn(&Tx{q: sqlTx, dialect: s.dialect, now: now()}))
}

// Read runs fn with its statements sent straight to a connection, outside
// any transaction: each statement sees the latest committed state on its
// own, and no BEGIN/ROLLBACK round trips are spent. It suits a lookup of
// one statement (authentication on every request); fn must not write, and
// statements that must agree with each other belong in View.
func (s *Store) Read(ctx context.Context, fn func(tx *Tx) error) error {
	if s.readers != nil {
		return classify(s.readers.read(ctx, func(q querier) error {
			return fn(&Tx{q: q, dialect: s.dialect, now: now()})
		}))
	}
	return classify(fn(&Tx{q: s.read, dialect: s.dialect, now: now()}))
}

func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// ms converts a time to the stored form: Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts a stored Unix-milliseconds value back to UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }
