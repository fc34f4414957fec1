package job

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/store"
)

// Metrics are the queue's Prometheus metrics, in a registry of their own
// (no global state): job outcomes and durations, queue depth read from the
// database at each scrape, webhook deliveries, failed mutations and
// reconciliation repairs.
type Metrics struct {
	registry         *prometheus.Registry
	jobs             *prometheus.CounterVec
	jobRun           *prometheus.HistogramVec
	jobWait          *prometheus.HistogramVec
	deliveries       *prometheus.CounterVec
	deliveriesFailed prometheus.Counter
	deliveryLatency  prometheus.Histogram
	mutationsFailed  *prometheus.CounterVec
	repairs          *prometheus.CounterVec
	depth            *queueDepth
}

func newMetrics(st *store.Store) *Metrics {
	m := &Metrics{registry: prometheus.NewRegistry(), depth: &queueDepth{st: st}}
	m.jobs = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lintel_jobs_total",
		Help: "Job attempts by kind and outcome (completed, retry, discarded, cancelled, snoozed)."}, []string{"kind", "outcome"})
	m.jobRun = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "lintel_job_run_seconds",
		Help: "Time one job attempt ran, by kind.", Buckets: prometheus.ExponentialBuckets(0.001, 4, 10)}, []string{"kind"})
	m.jobWait = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "lintel_job_queue_wait_seconds",
		Help: "Time a job waited, available, before it ran, by kind.", Buckets: prometheus.ExponentialBuckets(0.001, 4, 10)}, []string{"kind"})
	m.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lintel_webhook_delivery_attempts_total",
		Help: "Webhook delivery attempts by outcome (delivered, failed, gone, dropped)."}, []string{"outcome"})
	m.deliveriesFailed = prometheus.NewCounter(prometheus.CounterOpts{Name: "lintel_webhook_deliveries_failed_total",
		Help: "Webhook deliveries given up after every attempt of the schedule failed."})
	m.deliveryLatency = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "lintel_webhook_delivery_seconds",
		Help: "Time from a delivery request to the end of the receiver's answer.", Buckets: prometheus.ExponentialBuckets(0.005, 3, 9)})
	m.mutationsFailed = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lintel_connector_mutations_failed_total",
		Help: "Queued connector mutations given up after the retry budget, by kind."}, []string{"kind"})
	m.repairs = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lintel_reconcile_repairs_total",
		Help: "Differences reconciliation found and repaired, by kind."}, []string{"repair"})
	m.registry.MustRegister(m.jobs, m.jobRun, m.jobWait, m.deliveries, m.deliveriesFailed, m.deliveryLatency,
		m.mutationsFailed, m.repairs, m.depth, databaseSettings{st},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// RegisterMetrics adds other services' collectors to the process's
// /metrics.
func (q *Queue) RegisterMetrics(cs ...prometheus.Collector) {
	q.metrics.registry.MustRegister(cs...)
}

func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// observe counts one job event.
func (m *Metrics) observe(e *river.Event) {
	if e.Job == nil {
		return
	}
	kind := e.Job.Kind
	outcome := string(e.Kind)
	switch e.Kind {
	case river.EventKindJobCompleted:
		outcome = "completed"
	case river.EventKindJobCancelled:
		outcome = "cancelled"
	case river.EventKindJobSnoozed:
		outcome = "snoozed"
	case river.EventKindJobFailed:
		outcome = "retry"
		if e.Job.State == rivertype.JobStateDiscarded {
			outcome = "discarded"
		}
	}
	m.jobs.WithLabelValues(kind, outcome).Inc()
	if e.JobStats != nil {
		m.jobRun.WithLabelValues(kind).Observe(e.JobStats.RunDuration.Seconds())
		m.jobWait.WithLabelValues(kind).Observe(e.JobStats.QueueWaitDuration.Seconds())
	}
}

func (m *Metrics) observeReconcile(r acs.ReconcileReport) {
	m.repairs.WithLabelValues("delete_finished").Add(float64(r.DeletesFinished))
	m.repairs.WithLabelValues("requeued").Add(float64(r.Requeued))
	m.repairs.WithLabelValues("deleted_externally").Add(float64(r.DeletedExternally))
}

// queueDepth reports the unfinished jobs by kind and state when scraped:
// every kind the queue works, in every unfinished state, with zeros where
// no job waits, so that a series never vanishes when its queue drains.
type queueDepth struct {
	st    *store.Store
	kinds []string // set once by New, before the registry is scraped
}

// unfinishedStates are the states JobCounts counts.
var unfinishedStates = []string{"available", "pending", "retryable", "running", "scheduled"}

var queueDepthDesc = prometheus.NewDesc("lintel_job_queue_depth",
	"Unfinished jobs by kind and state (available, scheduled, retryable, running, pending).", []string{"kind", "state"}, nil)

func (q *queueDepth) Describe(ch chan<- *prometheus.Desc) { ch <- queueDepthDesc }

func (q *queueDepth) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var counts []store.JobCount
	err := q.st.View(ctx, func(tx *store.Tx) error {
		var err error
		counts, err = tx.JobCounts(ctx)
		return err
	})
	if err != nil {
		ch <- prometheus.NewInvalidMetric(queueDepthDesc, err)
		return
	}
	type series struct{ kind, state string }
	depth := map[series]int64{}
	for _, k := range q.kinds {
		for _, st := range unfinishedStates {
			depth[series{k, st}] = 0
		}
	}
	for _, c := range counts {
		depth[series{c.Kind, c.State}] = int64(c.Count)
	}
	for s, n := range depth {
		ch <- prometheus.MustNewConstMetric(queueDepthDesc, prometheus.GaugeValue, float64(n), s.kind, s.state)
	}
}

// databaseSettings reports, when scraped, the durability settings that the
// store's live connections report (store.DurabilitySettings): what a commit
// survives is read from the database, never from lintel's configuration.
type databaseSettings struct{ st *store.Store }

var databaseSettingsDesc = prometheus.NewDesc("lintel_database_durability_info",
	"A setting that decides what a commit survives (SQLite: synchronous, journal_mode; PostgreSQL: fsync, "+
		"synchronous_commit, full_page_writes), as each live database connection reports it; always 1.",
	[]string{"connection", "setting", "value"}, nil)

func (d databaseSettings) Describe(ch chan<- *prometheus.Desc) { ch <- databaseSettingsDesc }

func (d databaseSettings) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	settings, err := d.st.DurabilitySettings(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(databaseSettingsDesc, err)
		return
	}
	for _, s := range settings {
		ch <- prometheus.MustNewConstMetric(databaseSettingsDesc, prometheus.GaugeValue, 1, s.Connection, s.Name, s.Value)
	}
}
