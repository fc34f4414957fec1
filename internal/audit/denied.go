package audit

import (
	"context"
	"log/slog"
	"sync"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
)

// Denial is a refused request of a known actor: an API key whose secret
// was wrong, a 404 on an id the workspace does not hold, a 400.
type Denial struct {
	// Principal is the actor, with the workspace it acted on; a denial
	// without a workspace is not recorded (there is no tenant to file it
	// under).
	Principal lintel.Principal
	// Action is what was attempted: the route's path.
	Action string
	// Reason is the error's type and message.
	Reason string
}

// DenialLimits bound the denied rows: each actor and each client address
// may write Rate a second, Burst at once; the rest are counted, not
// written, so a flood of refused requests cannot flood the table.
type DenialLimits struct {
	Rate  rate.Limit
	Burst int
}

// maxQueued bounds the denied rows waiting to be written.
const maxQueued = 4096

// queued is a denied row waiting to be written.
type queued struct {
	workspaceID string
	rec         store.AuditRecord
}

// DefaultDenialLimits allow a row a second per actor and per address, after
// a burst of 20.
var DefaultDenialLimits = DenialLimits{Rate: 1, Burst: 20}

// Denials records denials as audit rows with outcome denied. The refused
// request changed nothing, and its answer does not wait for the row: rows
// are queued and written in transactions of their own, in batches, by one
// goroutine that runs while there is something to write. A read refused
// with a 400 thus never waits behind the writer (on SQLite, one for the
// whole server). A denial is not an acknowledged write: rows queued when
// the process dies are lost, and a full queue drops and counts.
type Denials struct {
	store  *store.Store
	log    *slog.Logger
	limits DenialLimits

	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	queue    []queued
	// writing is set while the goroutine runs; idle is closed when it
	// stops.
	writing bool
	idle    chan struct{}

	recorded prometheus.Counter
	dropped  prometheus.Counter
}

// NewDenials builds the recorder; zero limits mean DefaultDenialLimits.
func NewDenials(st *store.Store, log *slog.Logger, limits DenialLimits) *Denials {
	if limits.Rate == 0 {
		limits = DefaultDenialLimits
	}
	return &Denials{store: st, log: log, limits: limits, limiters: map[string]*rate.Limiter{},
		recorded: prometheus.NewCounter(prometheus.CounterOpts{Name: "lintel_audit_denied_recorded_total",
			Help: "Refused requests recorded in the audit log (outcome denied)."}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{Name: "lintel_audit_denied_dropped_total",
			Help: "Refused requests not recorded because their actor or address passed the rate of denied rows."}),
	}
}

// Collectors are the counters of recorded and dropped denials, for /metrics.
func (d *Denials) Collectors() []prometheus.Collector {
	return []prometheus.Collector{d.recorded, d.dropped}
}

// Record writes the denial, unless its actor or its address has written
// too many lately. A failure to write is logged: the request was refused
// either way.
func (d *Denials) Record(_ context.Context, den Denial) {
	p := den.Principal
	if p.WorkspaceID == "" {
		return
	}
	if !d.allow("actor:"+p.WorkspaceID+"/"+p.ActorID) || !d.allow("ip:"+p.SourceIP) {
		d.dropped.Inc()
		return
	}
	reason := den.Reason
	if len(reason) > 300 {
		reason = reason[:300]
		for !utf8.ValidString(reason) {
			reason = reason[:len(reason)-1]
		}
	}
	q := queued{workspaceID: p.WorkspaceID, rec: store.AuditRecord{
		AuditID: lintel.NewID(), Action: den.Action, ObjectType: "route", ObjectID: den.Action,
		ActorKind: string(p.Kind), ActorID: p.ActorID, ActorShortToken: p.ShortToken, ActorUserID: p.UserID,
		RequestID: p.RequestID, SourceIP: p.SourceIP, Outcome: Denied, Reason: reason,
	}}
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.queue) >= maxQueued {
		d.dropped.Inc()
		return
	}
	d.queue = append(d.queue, q)
	if !d.writing {
		d.writing, d.idle = true, make(chan struct{})
		go d.write()
	}
}

// write writes the queue in batches until it is empty.
func (d *Denials) write() {
	for {
		d.mu.Lock()
		batch := d.queue
		d.queue = nil
		if len(batch) == 0 {
			d.writing = false
			close(d.idle)
			d.mu.Unlock()
			return
		}
		d.mu.Unlock()
		if d.insert(batch) == nil {
			d.recorded.Add(float64(len(batch)))
			continue
		}
		// One bad row (its workspace deleted meanwhile) must not cost the
		// others theirs.
		for _, q := range batch {
			if err := d.insert([]queued{q}); err != nil {
				d.log.Warn("audit: recording a denied request", "request_id", q.rec.RequestID, "err", err)
				continue
			}
			d.recorded.Inc()
		}
	}
}

func (d *Denials) insert(batch []queued) error {
	ctx := context.Background()
	return d.store.InTx(ctx, func(tx *store.Tx) error {
		for _, q := range batch {
			q.rec.OccurredAt = tx.Now()
			if err := tx.InsertAudit(ctx, q.workspaceID, q.rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// Flush waits until every denial recorded before it is written (or its
// failure logged).
func (d *Denials) Flush() {
	d.mu.Lock()
	if !d.writing {
		d.mu.Unlock()
		return
	}
	idle := d.idle
	d.mu.Unlock()
	<-idle
}

// allow takes a token from key's bucket. The map is emptied when it grows
// past 100,000 keys, which bounds its memory under a spray of addresses.
func (d *Denials) allow(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	l, ok := d.limiters[key]
	if !ok {
		if len(d.limiters) >= 100_000 {
			d.limiters = map[string]*rate.Limiter{}
		}
		l = rate.NewLimiter(d.limits.Rate, d.limits.Burst)
		d.limiters[key] = l
	}
	return l.Allow()
}
