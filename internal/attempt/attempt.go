// Package attempt keeps action attempts: the records of operations carried
// out on an access system on a caller's behalf, such as unlocking an
// entrance. The domain that starts an operation records its attempt here,
// in its own transaction, and ends it once the access system answered;
// callers read attempts back (the SDKs poll them until they end).
package attempt

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Action types, as Seam's API names them.
const (
	UnlockDoor            = "UNLOCK_DOOR"
	LockDoor              = "LOCK_DOOR"
	ResetSandboxWorkspace = "RESET_SANDBOX_WORKSPACE"
)

// defaultListLimit is the spec's default page size for action_attempts/list.
const defaultListLimit = 500

// ErrNotFound is the error of an action attempt that is not the caller's.
var ErrNotFound = lintel.NotFound("action_attempt", "Action attempt not found")

// Start records a pending attempt of actionType in the workspace and
// returns its id.
func Start(ctx context.Context, tx *store.Tx, workspaceID, actionType string) (string, error) {
	return start(ctx, tx, workspaceID, actionType, nil)
}

// StartOnDevice records a pending attempt of actionType on a device of the
// workspace and returns its id.
func StartOnDevice(ctx context.Context, tx *store.Tx, workspaceID, actionType, deviceID string) (string, error) {
	return start(ctx, tx, workspaceID, actionType, &deviceID)
}

func start(ctx context.Context, tx *store.Tx, workspaceID, actionType string, deviceID *string) (string, error) {
	id := lintel.NewID()
	err := tx.InsertActionAttempt(ctx, workspaceID, store.ActionAttempt{ActionAttemptID: id, ActionType: actionType,
		Status: client.ActionAttemptStatusPending, CreatedAt: tx.Now(), UpdatedAt: tx.Now(), DeviceID: deviceID})
	return id, err
}

// Recorder records events in the transaction that caused them
// (event.Recorder).
type Recorder interface {
	Record(ctx context.Context, tx *store.Tx, workspaceID string, events ...client.Event) error
}

// Succeed ends a pending attempt with its result and records its
// action_attempt.<action>.succeeded event. An attempt that has already
// ended is left as it is, and no event is recorded twice.
func Succeed(ctx context.Context, tx *store.Tx, rec Recorder, workspaceID, actionAttemptID string, result any) error {
	doc, err := json.Marshal(result)
	if err != nil {
		return err
	}
	s := string(doc)
	return finish(ctx, tx, rec, workspaceID, actionAttemptID, client.ActionAttemptStatusSuccess, &s, nil)
}

// Fail ends a pending attempt with an error — errorType is a stable,
// machine-readable code (the SDKs' error code), message says what happened —
// and records its action_attempt.<action>.failed event. An attempt that has
// already ended is left as it is, and no event is recorded twice.
func Fail(ctx context.Context, tx *store.Tx, rec Recorder, workspaceID, actionAttemptID, errorType, message string) error {
	doc, err := json.Marshal(client.ActionAttemptError{Type: errorType, Message: message})
	if err != nil {
		return err
	}
	s := string(doc)
	return finish(ctx, tx, rec, workspaceID, actionAttemptID, client.ActionAttemptStatusError, nil, &s)
}

// finish ends the attempt and records the event of its ending, when
// Seam's event types have one for its action (UNLOCK_DOOR:
// action_attempt.unlock_door.succeeded or .failed). The store reports an
// attempt that is no longer pending as not found: ending it again does
// nothing.
func finish(ctx context.Context, tx *store.Tx, rec Recorder, workspaceID, actionAttemptID, status string, result, failure *string) error {
	actionType, err := tx.FinishActionAttempt(ctx, workspaceID, actionAttemptID, status, result, failure)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	eventType := EventType(actionType, status)
	if !event.IsType(eventType) {
		return nil
	}
	return rec.Record(ctx, tx, workspaceID, client.Event{EventType: eventType,
		ActionAttemptID: actionAttemptID, ActionType: actionType, Status: status})
}

// EventType is the type of the event that an attempt of actionType ending
// with status records: action_attempt.unlock_door.succeeded, and so on.
func EventType(actionType, status string) string {
	outcome := "failed"
	if status == client.ActionAttemptStatusSuccess {
		outcome = "succeeded"
	}
	return "action_attempt." + strings.ToLower(actionType) + "." + outcome
}

// Load returns an attempt of the workspace as the API shows it.
func Load(ctx context.Context, tx *store.Tx, workspaceID, actionAttemptID string) (client.ActionAttempt, error) {
	a, err := tx.ActionAttempt(ctx, workspaceID, actionAttemptID)
	if errors.Is(err, store.ErrNotFound) {
		return client.ActionAttempt{}, ErrNotFound
	}
	if err != nil {
		return client.ActionAttempt{}, err
	}
	return present(a)
}

// Service answers the action attempt routes.
type Service struct {
	store *store.Store
}

// NewService builds the action attempt service.
func NewService(st *store.Store) *Service { return &Service{store: st} }

// Get returns one action attempt of the caller's workspace. A client
// session sees only the attempts on the devices of its connected accounts
// (locking or unlocking them is what it may start).
func (s *Service) Get(ctx context.Context, p lintel.Principal, actionAttemptID string) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if p.IsClientSession() {
			if ok, err := sessionSees(ctx, tx, p, actionAttemptID); err != nil || !ok {
				return cmp.Or(err, error(ErrNotFound))
			}
		}
		var err error
		out, err = Load(ctx, tx, p.WorkspaceID, actionAttemptID)
		return err
	})
	return out, err
}

// sessionSees reports whether a client session may see an attempt: one on
// a device of its connected accounts.
func sessionSees(ctx context.Context, tx *store.Tx, p lintel.Principal, actionAttemptID string) (bool, error) {
	a, err := tx.ActionAttempt(ctx, p.WorkspaceID, actionAttemptID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.DeviceID == nil) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	d, err := tx.Device(ctx, p.WorkspaceID, *a.DeviceID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	cs, err := tx.LiveClientSession(ctx, p.WorkspaceID, p.ActorID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil && slices.Contains(cs.ConnectedAccountIDs, d.ConnectedAccountID), err
}

// List returns one page of the workspace's action attempts, oldest first:
// all of them, or those named by in.ActionAttemptIDs, each of which must be
// of the workspace.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.ActionAttemptsListParams) ([]client.ActionAttempt, page.Pagination, error) {
	req, err := page.ListRequest(in, defaultListLimit)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	var ids []string
	if len(in.ActionAttemptIDs) > 0 {
		ids = lintel.Distinct(in.ActionAttemptIDs)
	}

	out := []client.ActionAttempt{}
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		for _, id := range in.ActionAttemptIDs {
			if _, err := tx.ActionAttempt(ctx, p.WorkspaceID, id); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return ErrNotFound
				}
				return err
			}
		}
		rows, err := tx.ListActionAttempts(ctx, p.WorkspaceID, store.ActionAttemptFilter{IDs: ids, DeviceID: in.DeviceID}, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(a store.ActionAttempt) page.Key {
			return page.Key{CreatedAt: a.CreatedAt, ID: a.ActionAttemptID}
		})
		for _, a := range rows {
			c, err := present(a)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, pg, err
}

// present turns a stored attempt into the API's: result only on success,
// error only on error, as the spec's variants require.
func present(a store.ActionAttempt) (client.ActionAttempt, error) {
	out := client.ActionAttempt{ActionAttemptID: a.ActionAttemptID, ActionType: a.ActionType, Status: a.Status,
		Result: json.RawMessage("null")}
	switch a.Status {
	case client.ActionAttemptStatusSuccess:
		if a.Result != nil {
			out.Result = json.RawMessage(*a.Result)
		} else {
			out.Result = json.RawMessage("{}")
		}
	case client.ActionAttemptStatusError:
		out.Error = &client.ActionAttemptError{Type: "unknown", Message: "The action failed"}
		if a.Error != nil {
			if err := json.Unmarshal([]byte(*a.Error), out.Error); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}
