// Package accesscode is the access codes domain: PIN codes on locks, as
// access_codes/* shows them. A managed code goes to its lock through the
// device path (device.Service.Push): setting, then set once the lock has
// it; removing, then gone. A time-bound code waits, unset, until its
// starts_at, and is taken off at its ends_at, by jobs scheduled in the
// transaction that created or moved it. Codes found on a lock that lintel
// did not put there are unmanaged codes; reconciliation finds them, and
// programs again a managed code the lock lost.
//
// Every use case runs in one store transaction: the code, its events, its
// action attempt, the mutation handed to the device and the scheduled jobs
// commit or vanish together.
package accesscode

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// Devices is the device path (device.Service): Push hands a mutation to
// the device's connector, inline or queued.
type Devices interface {
	Push(ctx context.Context, tx *store.Tx, d store.Device, m connector.Mutation) (queued bool, err error)
}

// Scheduler inserts, in tx, a job that runs Service.RunDue for a code at
// a given time, and cancels one (job.Queue).
type Scheduler interface {
	ScheduleAccessCode(ctx context.Context, tx *store.Tx, due Due) (jobID int64, err error)
	// CancelJobs cancels the jobs ScheduleAccessCode inserted whose ids
	// are given (nil ones are skipped); one that has run, or is gone, is
	// left as it is.
	CancelJobs(ctx context.Context, tx *store.Tx, jobIDs ...*int64) error
}

// Due is a time in a code's life at which something must happen: its
// start (program it) or its end (take it off). It is a scheduled job's
// argument, so its JSON keys do not change. At is the code's starts_at or
// ends_at when the job was scheduled. The code keeps its jobs' ids, and
// moving its times or deleting it cancels them in that transaction; a job
// whose time the code no longer has (one already running then, or one
// scheduled before lintel kept the ids) does nothing.
type Due struct {
	WorkspaceID  string `json:"workspace_id"`
	AccessCodeID string `json:"access_code_id"`
	// What is DueStart or DueEnd.
	What string `json:"what"`
	// At is Unix ms.
	At int64 `json:"at"`
}

// What a Due job does.
const (
	DueStart = "start"
	DueEnd   = "end"
)

// Service is the access codes domain.
type Service struct {
	store   *store.Store
	events  *event.Recorder
	devices Devices
	sched   Scheduler
	watch   Watcher
	// unmanaged keeps the unmanaged access grants with the unmanaged codes.
	unmanaged Unmanaged
	log       *slog.Logger
	// now is the domain's clock: whether a time-bound code is active is
	// read from it, so tests can move time.
	now func() time.Time
}

// NewService builds the access codes domain service. now is its clock
// (time.Now when nil).
func NewService(st *store.Store, events *event.Recorder, devices Devices, log *slog.Logger, now func() time.Time) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, events: events, devices: devices, log: log, now: now}
}

// SetScheduler wires the job queue that runs the starts and ends of
// time-bound codes.
func (s *Service) SetScheduler(sc Scheduler) { s.sched = sc }

// Errors of this domain.
var (
	errAccessCodeNotFound = lintel.NotFound("access_code", "Access code not found")
	errDeviceNotFound     = lintel.NotFound("device", "Device not found")
)

// errDuplicateCode is the spec's error for a code the device already
// holds.
func errDuplicateCode(field string) error {
	return &lintel.Error{Code: "duplicate_code_on_device", Message: "The device already has an access code with this code",
		Data: map[string]any{"field": field}}
}

// invalid is the invalid_input error for one field.
func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}

// notFound maps the store's ErrNotFound to a domain error; other errors
// pass through unchanged.
func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

// clock reads the domain's clock at millisecond precision, as the store
// keeps times.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// device loads a device of the caller's workspace that the caller may
// see: a client session sees only the devices of its connected accounts.
func device(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Device, error) {
	d, err := tx.Device(ctx, p.WorkspaceID, deviceID)
	if err != nil {
		return d, notFound(err, errDeviceNotFound)
	}
	accounts, err := sessionAccounts(ctx, tx, p)
	if err != nil {
		return d, err
	}
	if accounts != nil && !contains(accounts, d.ConnectedAccountID) {
		return d, errDeviceNotFound
	}
	return d, nil
}

// sessionAccounts is the connected accounts a client session may see; nil
// for every other caller (no restriction).
func sessionAccounts(ctx context.Context, tx *store.Tx, p lintel.Principal) ([]string, error) {
	if !p.IsClientSession() {
		return nil, nil
	}
	cs, err := tx.LiveClientSession(ctx, p.WorkspaceID, p.ActorID)
	if err != nil {
		return nil, notFound(err, errDeviceNotFound)
	}
	return append([]string{}, cs.ConnectedAccountIDs...), nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// codeEvent is an access_code.* event about c on d.
func codeEvent(eventType string, d store.Device, c store.AccessCode) client.Event {
	e := client.Event{EventType: eventType, AccessCodeID: c.AccessCodeID, DeviceID: d.DeviceID,
		ConnectedAccountID: d.ConnectedAccountID}
	switch eventType {
	case event.AccessCodeSetOnDevice, event.AccessCodeScheduledOnDevice, event.AccessCodeDeleted:
		if c.Code != nil {
			e.Code = *c.Code
		}
	case event.AccessCodeFailedToSet, event.AccessCodeFailedToRemove:
		e.AccessCodeErrors, e.AccessCodeWarnings = presentErrors(c.Errors), presentWarnings(c.Warnings)
		e.ConnectedAccountErrors, e.ConnectedAccountWarnings = []client.AcsError{}, []client.AcsWarning{}
		e.DeviceErrors, e.DeviceWarnings = []client.DeviceError{}, []client.DeviceWarning{}
	}
	return e
}
