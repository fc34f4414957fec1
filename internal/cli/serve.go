package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/cores"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/webhook"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// DefaultAddr is where lintel listens unless told otherwise: loopback only.
const DefaultAddr = "127.0.0.1:4555"

// DefaultDatabase is the SQLite file used when no database is named.
const DefaultDatabase = "lintel.db"

// storeFlags are the flags of every command that opens the database.
type storeFlags struct {
	database  string
	keyFile   string
	logLevel  string
	logFormat string
	// sandbox makes DurabilityProcess the default on SQLite (serve --seed).
	sandbox bool
}

func (f *storeFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.database, "database", DefaultDatabase, "SQLite file path or postgres:// URL (env LINTEL_DATABASE_URL)")
	cmd.Flags().StringVar(&f.keyFile, "key-file", "", "file holding the server key; created if missing (default: beside the SQLite file, or ./lintel.key; env LINTEL_KEY_FILE; LINTEL_SECRET_KEY overrides)")
	cmd.Flags().StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	cmd.Flags().StringVar(&f.logFormat, "log-format", "text", "text or json")
}

// registerDurability adds --durability, for the commands that write
// continuously (serve, worker).
func (f *storeFlags) registerDurability(cmd *cobra.Command) {
	cmd.Flags().String("durability", "", "what an acknowledged write survives on SQLite: full (a power cut: the log is synced on every commit) or process (a killed process, not a power cut: synced at checkpoints; for sandboxes and CI) (env LINTEL_DURABILITY; default full, process with --seed)")
}

// durability resolves --durability and LINTEL_DURABILITY for dsn.
func (e *env) durability(cmd *cobra.Command, f *storeFlags, dsn string) (store.Durability, error) {
	v := e.orEnv(cmd, "durability", "LINTEL_DURABILITY", "")
	if v == "" && f.sandbox && !store.IsPostgresURL(dsn) {
		return store.DurabilityProcess, nil
	}
	return store.ParseDurability(v)
}

// open resolves the flags and environment, opens and migrates the store.
func (e *env) open(cmd *cobra.Command, f *storeFlags) (*store.Store, *slog.Logger, error) {
	log, err := e.logger(f.logLevel, f.logFormat)
	if err != nil {
		return nil, nil, err
	}
	dsn := e.orEnv(cmd, "database", "LINTEL_DATABASE_URL", DefaultDatabase)
	dur, err := e.durability(cmd, f, dsn)
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(e.ctx, dsn, store.Options{Logger: log, Durability: dur})
	if err != nil {
		return nil, nil, err
	}
	if dur == store.DurabilityProcess {
		log.Warn("durability=process: an acknowledged write survives lintel being killed, not the machine losing power; use --durability=full for data you keep")
	}
	if err := st.Migrate(e.ctx); err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, log, nil
}

// serverKey loads the key that signs console sessions and seals secrets:
// LINTEL_SECRET_KEY, else the key file (created on first use).
func (e *env) serverKey(cmd *cobra.Command, f *storeFlags, log *slog.Logger) (secret.Key, error) {
	if v := e.getenv("LINTEL_SECRET_KEY"); v != "" {
		return secret.KeyFromString(v)
	}
	path := e.orEnv(cmd, "key-file", "LINTEL_KEY_FILE", "")
	if path == "" {
		dsn := e.orEnv(cmd, "database", "LINTEL_DATABASE_URL", DefaultDatabase)
		path = "lintel.key"
		if !store.IsPostgresURL(dsn) {
			base := strings.TrimSuffix(dsn, filepath.Ext(dsn))
			path = base + ".key"
		}
	}
	k, created, err := secret.LoadOrCreateKeyFile(path)
	if err != nil {
		return k, fmt.Errorf("server key: %w", err)
	}
	if created {
		log.Info("created a new server key", "path", path)
	}
	return k, nil
}

// running is what the commands that run lintel (serve, worker,
// reconcile) run on.
type running struct {
	st  *store.Store
	key secret.Key
	log *slog.Logger
	app *app.App
}

// openApp opens and migrates the store, loads the server key and builds
// the services with the job flags' settings. The caller closes r.st.
func (e *env) openApp(cmd *cobra.Command, f *storeFlags, jf jobFlags, allowPrivateWebhooks bool) (r running, err error) {
	if r.st, r.log, err = e.open(cmd, f); err != nil {
		return r, err
	}
	defer func() {
		if err != nil {
			r.st.Close()
		}
	}()
	if r.key, err = e.serverKey(cmd, f, r.log); err != nil {
		return r, err
	}
	if allowPrivateWebhooks {
		r.log.Warn("webhooks may point at loopback and private addresses (--allow-private-webhooks); never on a server others use")
	}
	r.app, err = app.Build(r.st, r.key, app.Options{Logger: r.log, Jobs: jf.config(),
		Webhooks: webhook.Config{AllowPrivate: allowPrivateWebhooks, Timeout: jf.webhookTimeout}})
	return r, err
}

func (e *env) serveCommand() *cobra.Command {
	var f storeFlags
	var jf jobFlags
	var addr, publicURL string
	var seedMode, workers, allowPrivate, adaptiveCores bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the API server and the background workers (SQLite ./lintel.db unless --database names another)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("allow-private-webhooks") {
				// Sandbox data is for local development, where webhooks
				// to a receiver on this machine are the point.
				allowPrivate = seedMode
			}
			f.sandbox = seedMode
			limits, err := e.workspaceLimits(cmd)
			if err != nil {
				return err
			}
			r, err := e.openApp(cmd, &f, jf, allowPrivate)
			if err != nil {
				return err
			}
			defer r.st.Close()
			st, key, log, a := r.st, r.key, r.log, r.app
			// Denied requests queued for the audit log are written before
			// the database closes.
			defer a.Denials.Flush()
			listenAddr := e.orEnv(cmd, "addr", "LINTEL_ADDR", DefaultAddr)
			if seedMode {
				if err := e.seedSandbox(st, key, listenAddr); err != nil {
					return err
				}
			} else if err := e.bootstrap(st); err != nil {
				return err
			}
			srv, err := api.New(a.APIServices(), api.Config{Logger: log, Version: Version, Metrics: a.Metrics(), Pages: a.Pages, KeyPages: a.KeyPages,
				WorkspaceLimits: limits})
			if err != nil {
				return err
			}
			if workers {
				if err := a.Jobs.Start(e.ctx); err != nil {
					return err
				}
				defer e.stopJobs(a, log)
			}
			publicURL = e.orEnv(cmd, "public-url", "LINTEL_PUBLIC_URL", "")
			var h http.Handler = srv
			if adaptiveCores {
				gov := cores.New(e.getenv)
				h = gov.Wrap(srv)
				ctx, stop := context.WithCancel(e.ctx)
				governed := make(chan struct{})
				go func() { gov.Run(ctx); close(governed) }()
				defer func() { stop(); <-governed }()
			}
			return e.listen(cmd, h, listenAddr, log, func(ln net.Addr) {
				// Connect Webview urls point at lintel itself.
				if publicURL == "" {
					publicURL = defaultPublicURL(ln)
				}
				a.Webviews.SetPublicURL(publicURL)
				a.InstantKeys.SetPublicURL(publicURL)
			})
		},
	}
	f.register(cmd)
	f.registerDurability(cmd)
	jf.register(cmd)
	registerWorkspaceLimits(cmd)
	cmd.Flags().StringVar(&addr, "addr", DefaultAddr, "address to listen on (env LINTEL_ADDR)")
	cmd.Flags().StringVar(&publicURL, "public-url", "", "lintel's address as a browser reaches it, the base of Connect Webview and instant key urls (env LINTEL_PUBLIC_URL; default http:// and the listen address)")
	cmd.Flags().BoolVar(&seedMode, "seed", false, "fill an empty database with sandbox data and Seam's well-known sandbox tokens (seam_apikey1_token, …); does nothing on a database that holds data")
	cmd.Flags().BoolVar(&workers, "workers", true, "run the background workers (connector mutations, webhook deliveries, reconciliation) in this process; --workers=false leaves them to `lintel worker`")
	cmd.Flags().BoolVar(&adaptiveCores, "adaptive-cores", true, "run on one core while requests come one at a time (a test suite's calls), on all of them from the moment two overlap; GOMAXPROCS in the environment turns this off")
	cmd.Flags().BoolVar(&allowPrivate, "allow-private-webhooks", false, "let webhooks point at loopback, private and link-local addresses, for local development (default: on with --seed, off otherwise)")
	return cmd
}

// bootstrap gives a newcomer something to call: on an empty database it
// creates a default workspace and prints one API key, once.
func (e *env) bootstrap(st *store.Store) error {
	var token, wsID string
	err := st.InTx(e.ctx, func(tx *store.Tx) error {
		n, err := tx.CountWorkspaces(e.ctx)
		if err != nil || n > 0 {
			return err
		}
		w, err := workspace.CreateWorkspaceTx(e.ctx, tx, defaultWorkspaceParams())
		if err != nil {
			return err
		}
		k, err := workspace.CreateAPIKeyTx(e.ctx, tx, w.WorkspaceID, "default", "")
		wsID, token = w.WorkspaceID, k.Token
		return err
	})
	if err != nil || token == "" {
		return err
	}
	fmt.Fprintf(e.stdout, "Created workspace %s with an API key. It is shown only this once:\n\n    %s\n\n", wsID, token)
	return nil
}

// defaultPublicURL is the base of Connect Webview urls when none is
// given: the address lintel listens on, with loopback for "any address".
func defaultPublicURL(ln net.Addr) string {
	tcp, ok := ln.(*net.TCPAddr)
	if !ok {
		return "http://" + ln.String()
	}
	host := tcp.IP
	if host.IsUnspecified() {
		host = net.IPv4(127, 0, 0, 1)
	}
	return "http://" + net.JoinHostPort(host.String(), strconv.Itoa(tcp.Port))
}

// listen serves until the context ends, then drains in-flight requests.
// listening, if not nil, is called with the address before serving.
func (e *env) listen(cmd *cobra.Command, h http.Handler, addr string, log *slog.Logger, listening func(net.Addr)) error {
	if err := e.servePprof(log); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if listening != nil {
		listening(ln.Addr())
	}
	fmt.Fprintf(e.stdout, "lintel %s listening on http://%s\n", Version, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-e.ctx.Done():
	}
	log.Info("shutting down")
	ctx, cancel := context.WithTimeout(context.WithoutCancel(e.ctx), 15*time.Second)
	defer cancel()
	return srv.Shutdown(ctx)
}
