// Package grant is the access grants domain: who (a user identity) may
// enter where (spaces, entrances, devices) and when, resolved into access
// methods (a PIN code, a card, a mobile key) and those into the objects
// the lower layers already keep: ACS users and credentials on access
// systems (through the acs service), access codes on locks (through the
// accesscode service). Deletion, tenancy, pushing to the connectors and
// reconciliation come from those layers; a grant and its methods are the
// view on top, and which objects they became (access_method_objects).
//
// Every use case runs in one store transaction: the grant, its methods,
// the objects they resolve into, their events and the jobs that end the
// grant on time commit or vanish together.
package grant

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Scheduler inserts, in tx, a job that runs Service.RunDue at a grant's
// end, and cancels one (job.Queue).
type Scheduler interface {
	ScheduleAccessGrant(ctx context.Context, tx *store.Tx, due Due) (jobID int64, err error)
	// CancelJobs cancels the jobs ScheduleAccessGrant inserted whose ids
	// are given (nil ones are skipped); one that has run, or is gone, is
	// left as it is.
	CancelJobs(ctx context.Context, tx *store.Tx, jobIDs ...*int64) error
}

// ClientSessions presents the client sessions of user identities, for
// get_related (identity.Service).
type ClientSessions interface {
	SessionsOfIdentitiesTx(ctx context.Context, tx *store.Tx, workspaceID string, userIdentityIDs []string) ([]client.ClientSession, error)
}

// InstantKeys presents the instant keys of user identities, for
// get_related (instantkey.Service).
type InstantKeys interface {
	KeysOfIdentitiesTx(ctx context.Context, tx *store.Tx, workspaceID string, userIdentityIDs []string) ([]client.InstantKey, error)
}

// Due is the end of a grant, a scheduled job's argument (its JSON keys do
// not change). At is the grant's ends_at when the job was scheduled. The
// grant keeps its job's id, and moving its end or deleting it cancels the
// job in that transaction; a job whose time the grant no longer has (one
// already running then, or one scheduled before lintel kept the ids) does
// nothing.
type Due struct {
	WorkspaceID   string `json:"workspace_id"`
	AccessGrantID string `json:"access_grant_id"`
	// At is Unix ms.
	At int64 `json:"at"`
}

// Time is when the job is due.
func (d Due) Time() time.Time { return time.UnixMilli(d.At).UTC() }

// Service is the access grants domain.
type Service struct {
	store  *store.Store
	events *event.Recorder
	acs    *acs.Service
	codes  *accesscode.Service
	sched  Scheduler
	// sessions presents the client sessions get_related returns.
	sessions ClientSessions
	// instantKeys presents the instant keys get_related returns.
	instantKeys InstantKeys
	log         *slog.Logger
	// now is the domain's clock: whether a grant has started or ended is
	// read from it, so tests can move time.
	now func() time.Time
}

// NewService builds the access grants service. now is its clock (time.Now
// when nil). It registers itself with acs and codes, which tell it when the
// objects of its methods are issued.
func NewService(st *store.Store, events *event.Recorder, acsService *acs.Service, codes *accesscode.Service,
	log *slog.Logger, now func() time.Time) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	s := &Service{store: st, events: events, acs: acsService, codes: codes, log: log, now: now}
	acsService.SetAccessMethods(s)
	codes.SetWatcher(s.codeChanged)
	codes.SetUnmanaged(s)
	return s
}

// SetClientSessions wires what presents the client sessions of the user
// identities of grants.
func (s *Service) SetClientSessions(c ClientSessions) { s.sessions = c }

// SetInstantKeys wires what presents the instant keys of the user
// identities of grants.
func (s *Service) SetInstantKeys(k InstantKeys) { s.instantKeys = k }

// SetScheduler wires the job queue that ends grants on time.
func (s *Service) SetScheduler(sc Scheduler) { s.sched = sc }

// Errors of this domain.
var (
	errGrantNotFound    = lintel.NotFound("access_grant", "Access grant not found")
	errMethodNotFound   = lintel.NotFound("access_method", "Access method not found")
	errIdentityNotFound = lintel.NotFound("user_identity", "User identity not found")
	errSpaceNotFound    = lintel.NotFound("space", "Space not found")
	errEntranceNotFound = lintel.NotFound("acs_entrance", "Entrance not found")
	errDeviceNotFound   = lintel.NotFound("device", "Device not found")
	errNoScheduler      = errors.New("grant: grants that end need the job queue, which is not wired")
)

func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}

func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

// clock reads the domain's clock at millisecond precision, as the store
// keeps times.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// system is the principal of lintel itself acting for a grant (a job),
// for the audit rows of the lower layers.
func system(workspaceID string) lintel.Principal {
	return lintel.Principal{Kind: lintel.AuthSystem, WorkspaceID: workspaceID, ActorID: "access_grants"}
}

// everything is a page request for every row: the lists a grant reads
// whole (its methods, the grants of a system) are bounded by what one
// grant names.
var everything = page.Request{Limit: math.MaxInt32 - 1}
