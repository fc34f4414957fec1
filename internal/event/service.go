package event

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// DefaultListLimit is how many events events/list returns unless told
// otherwise; it is also the most it returns.
const DefaultListLimit = 500

var errEventNotFound = lintel.NotFound("event", "Event not found")

// Service reads the event log for events/get and events/list.
type Service struct {
	store *store.Store
}

// NewService builds the event reading service.
func NewService(st *store.Store) *Service { return &Service{store: st} }

// scope returns the identities a client session is limited to, or nil for
// every other caller.
func scope(p lintel.Principal) []string {
	if !p.IsClientSession() {
		return nil
	}
	return append([]string{}, p.UserIdentityIDs...)
}

// Get returns one event of the caller's workspace by id, or the newest
// event of a type or of a device. A client session sees only events about
// its identities.
func (s *Service) Get(ctx context.Context, p lintel.Principal, in client.EventsGetParams) (client.Event, error) {
	var out client.Event
	if in.EventID == "" && in.EventType == "" && in.DeviceID == "" {
		var v lintel.InvalidInput
		v.Add("event_id", "Required: give event_id, event_type or device_id")
		return out, v.Err()
	}
	if in.EventType != "" && !IsType(in.EventType) {
		var v lintel.InvalidInput
		v.Add("event_type", "Invalid enum value '"+in.EventType+"'")
		return out, v.Err()
	}
	f := store.EventFilter{ScopeUserIdentityIDs: scope(p), Limit: 1}
	if in.DeviceID != "" {
		f.DeviceIDs = []string{in.DeviceID}
	}
	if in.EventID != "" {
		f.EventIDs = []string{in.EventID}
	}
	if in.EventType != "" {
		f.EventTypes = []string{in.EventType}
	}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		events, err := tx.ListEvents(ctx, p.WorkspaceID, f)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return errEventNotFound
		}
		out, err = Present(events[0])
		return err
	})
	return out, err
}

// List returns the caller's events in a time window, newest first: since a
// time (inclusive), or strictly between two. Exactly one of since and
// between is required. At most DefaultListLimit events are returned.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.EventsListParams) ([]client.Event, error) {
	f, none, err := listFilter(in)
	if err != nil {
		return nil, err
	}
	out := []client.Event{}
	if none {
		return out, nil
	}
	f.ScopeUserIdentityIDs = scope(p)
	err = s.store.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListEvents(ctx, p.WorkspaceID, f)
		if err != nil {
			return err
		}
		out, err = presentAll(rows)
		return err
	})
	return out, err
}

// listFilter checks the parameters of events/list and turns them into a
// store filter. none reports a filter that no event can match (lintel has
// no customers, and files no event under an access code's id filter here).
func listFilter(in client.EventsListParams) (f store.EventFilter, none bool, err error) {
	var v lintel.InvalidInput
	switch {
	case in.Since == "" && len(in.Between) == 0:
		v.Add("", "Must specify either since or between")
	case in.Since != "" && len(in.Between) > 0:
		v.Add("", "Must specify either since or between, not both")
	case in.Since != "":
		t, ok := parseTime(in.Since)
		if !ok {
			v.Add("since", "Invalid datetime")
		}
		f.Since = &t
	default:
		start, ok1 := parseTime(in.Between[0])
		end, ok2 := parseTime(in.Between[1])
		if !ok1 {
			v.Add("between.0", "Invalid datetime")
		}
		if !ok2 {
			v.Add("between.1", "Invalid datetime")
		}
		// The interval is exclusive; times are stored in milliseconds, so
		// one millisecond inside each end is the same interval.
		after, before := start.Add(time.Millisecond), end.Add(-time.Millisecond)
		f.Since, f.Until = &after, &before
	}
	types := in.EventTypes
	if in.EventType != "" {
		types = append(append([]string{}, types...), in.EventType)
	}
	for i, t := range in.EventTypes {
		if !IsType(t) {
			v.Add("event_types."+strconv.Itoa(i), "Invalid enum value '"+t+"'")
		}
	}
	if in.EventType != "" && !IsType(in.EventType) {
		v.Add("event_type", "Invalid enum value '"+in.EventType+"'")
	}
	f.Limit = DefaultListLimit
	if in.Limit != nil {
		f.Limit = int(math.Min(math.Floor(*in.Limit), DefaultListLimit))
		if f.Limit < 1 {
			v.Add("limit", "Number must be greater than or equal to 1")
		}
	}
	if in.UnstableOffset != nil {
		f.Offset = int(math.Min(math.Floor(*in.UnstableOffset), math.MaxInt32))
	}
	if err := v.Err(); err != nil {
		return f, false, err
	}
	if len(types) > 0 {
		f.EventTypes = types
	}
	if len(in.EventIDs) > 0 {
		f.EventIDs = in.EventIDs
	}
	if ids := append(append([]string{}, in.AcsSystemIDs...), nonEmpty(in.AcsSystemID)...); len(ids) > 0 {
		f.AcsSystemIDs = ids
	}
	f.AcsUserID, f.AcsCredentialID, f.AcsAccessGroupID = in.AcsUserID, in.AcsCredentialID, in.AcsAccessGroupID
	f.AcsEntranceID, f.AcsEncoderID, f.UserIdentityID = in.AcsEntranceID, in.AcsEncoderID, in.UserIdentityID
	f.ConnectedAccountID, f.ConnectWebviewID = in.ConnectedAccountID, in.ConnectWebviewID
	if ids := append(append([]string{}, in.DeviceIDs...), nonEmpty(in.DeviceID)...); len(ids) > 0 {
		f.DeviceIDs = ids
	}
	if ids := append(append([]string{}, in.AccessGrantIDs...), nonEmpty(in.AccessGrantID)...); len(ids) > 0 {
		f.AccessGrantIDs = ids
	}
	if ids := append(append([]string{}, in.AccessMethodIDs...), nonEmpty(in.AccessMethodID)...); len(ids) > 0 {
		f.AccessMethodIDs = ids
	}
	if ids := append(append([]string{}, in.SpaceIDs...), nonEmpty(in.SpaceID)...); len(ids) > 0 {
		f.SpaceIDs = ids
	}
	none = in.AccessCodeID != "" || len(in.AccessCodeIDs) > 0 || in.CustomerKey != ""
	return f, none, nil
}

// parseTime reads a timestamp as the SDK sends it (toISOString), any RFC
// 3339 time, or a bare date (midnight UTC).
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
