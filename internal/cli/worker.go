package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/webhook"
)

// jobFlags tune the background work, in `lintel serve` and `lintel worker`.
type jobFlags struct {
	timeout        time.Duration
	rescueAfter    time.Duration
	workers        int
	reconcileEvery time.Duration
	pollInterval   time.Duration
	webhookTimeout time.Duration
}

func (f *jobFlags) register(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&f.timeout, "job-timeout", job.DefaultJobTimeout, "longest one attempt of a background job may run")
	cmd.Flags().DurationVar(&f.rescueAfter, "job-rescue-after", job.DefaultRescueAfter, "how long a job may stay running before it is deemed stuck (its worker died) and run again; at least --job-timeout")
	cmd.Flags().IntVar(&f.workers, "job-workers", job.DefaultWorkers, "jobs of each queue one process runs at once")
	cmd.Flags().DurationVar(&f.reconcileEvery, "reconcile-every", job.DefaultReconcileEvery, "how often every access system is compared with what lintel wants it to hold; 0 never")
	cmd.Flags().DurationVar(&f.pollInterval, "job-poll-interval", job.DefaultPollInterval, "how often a worker looks for jobs it was not told about")
	cmd.Flags().DurationVar(&f.webhookTimeout, "webhook-timeout", webhook.DefaultTimeout, "longest one webhook delivery attempt may take, connection to last byte")
}

func (f jobFlags) config() job.Config {
	c := job.Config{JobTimeout: f.timeout, RescueAfter: f.rescueAfter, Workers: f.workers,
		ReconcileEvery: f.reconcileEvery, PollInterval: f.pollInterval}
	if f.reconcileEvery == 0 {
		c.ReconcileEvery = -1
	}
	if c.RescueAfter < c.JobTimeout {
		c.RescueAfter = c.JobTimeout
	}
	return c
}

// stopJobs lets running jobs finish for a while, then cancels them.
func (e *env) stopJobs(a *app.App, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(e.ctx), 15*time.Second)
	defer cancel()
	if err := a.Jobs.Stop(ctx); err != nil {
		log.Warn("stopping the workers", "err", err)
	}
}

func (e *env) workerCommand() *cobra.Command {
	var f storeFlags
	var jf jobFlags
	var metricsAddr string
	var allowPrivate bool
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Run the background workers alone: connector mutations, webhook deliveries, reconciliation",
		Long: "Run the background workers without the API, for scale-out: any number of `lintel worker` and\n" +
			"`lintel serve --workers=false` processes may share one PostgreSQL database.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := e.openApp(cmd, &f, jf, allowPrivate)
			if err != nil {
				return err
			}
			defer r.st.Close()
			st, log, a := r.st, r.log, r.app
			if metricsAddr != "" {
				ln, err := net.Listen("tcp", metricsAddr)
				if err != nil {
					return fmt.Errorf("--metrics-addr: %w", err)
				}
				mux := http.NewServeMux()
				mux.Handle("GET /metrics", a.Metrics())
				msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
				go func() { _ = msrv.Serve(ln) }()
				defer msrv.Close()
				log.Info("metrics listening", "addr", ln.Addr().String())
			}
			if err := a.Jobs.Start(e.ctx); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "lintel %s worker started (%s)\n", Version, st.Dialect())
			<-e.ctx.Done()
			log.Info("shutting down")
			e.stopJobs(a, log)
			if err := e.ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
				return err
			}
			return nil
		},
	}
	f.register(cmd)
	f.registerDurability(cmd)
	jf.register(cmd)
	cmd.Flags().StringVar(&metricsAddr, "metrics-addr", "", "serve Prometheus metrics at http://ADDR/metrics (off unless set)")
	cmd.Flags().BoolVar(&allowPrivate, "allow-private-webhooks", false, "let webhooks reach loopback, private and link-local addresses, for local development")
	return cmd
}
