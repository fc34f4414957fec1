package accesscode

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// timelineTypes are the event types a code's timeline shows (the spec's
// enum of timeline events that are also events lintel records).
var timelineTypes = []string{event.AccessCodeCreated, event.AccessCodeChanged, event.AccessCodeDeleted,
	event.AccessCodeScheduledOnDevice, event.AccessCodeSetOnDevice, event.AccessCodeRemovedFromDevice,
	event.AccessCodeFailedToSet, event.AccessCodeFailedToRemove, event.AccessCodeBackupPulled,
	event.AccessCodeUnmanagedCreated, event.AccessCodeUnmanagedRemoved, event.AccessCodeUnmanagedConverted}

// defaultTimelineLimit is the spec's default.
const defaultTimelineLimit = 50

// Timeline returns the life of a code, managed or not, from its events,
// oldest first. It stays readable after the code is deleted, as long as
// its events are kept.
func (s *Service) Timeline(ctx context.Context, p lintel.Principal, in client.AccessCodesGetTimelineParams) ([]client.AccessCodeTimelineEvent, client.TimelinePagination, error) {
	var out []client.AccessCodeTimelineEvent
	var pg client.TimelinePagination
	types := timelineTypes
	if in.EventTypes != nil {
		types = []string{}
		for _, t := range in.EventTypes {
			if slices.Contains(timelineTypes, t) {
				types = append(types, t)
			}
		}
	}
	var v lintel.InvalidInput
	f := store.EventFilter{AccessCodeIDs: []string{in.AccessCodeID}, EventTypes: types}
	for _, b := range []struct {
		field, value string
		to           **time.Time
	}{{"after", in.After, &f.Since}, {"before", in.Before, &f.Until}} {
		if b.value == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, b.value)
		if err != nil {
			v.Add(b.field, "Invalid datetime")
			continue
		}
		*b.to = &t
	}
	if err := v.Err(); err != nil {
		return nil, pg, err
	}
	limit := defaultTimelineLimit
	if in.Limit > 0 {
		limit = in.Limit
	}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if c, err := tx.AccessCode(ctx, p.WorkspaceID, in.AccessCodeID); err == nil {
			if _, err := device(ctx, tx, p, c.DeviceID); err != nil {
				return errAccessCodeNotFound
			}
		} else if p.IsClientSession() {
			return notFound(err, errAccessCodeNotFound)
		}
		f.Limit = math.MaxInt32
		rows, err := tx.ListEvents(ctx, p.WorkspaceID, f)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			if _, err := tx.AccessCode(ctx, p.WorkspaceID, in.AccessCodeID); err != nil {
				return notFound(err, errAccessCodeNotFound)
			}
		}
		slices.Reverse(rows) // oldest first
		pg.HasMore = len(rows) > limit
		if pg.HasMore {
			rows = rows[:limit]
		}
		out = make([]client.AccessCodeTimelineEvent, len(rows))
		for i, r := range rows {
			out[i] = client.AccessCodeTimelineEvent{TimelineEventID: r.EventID, EventType: r.EventType,
				OccurredAt: client.NewTime(r.OccurredAt), Description: describe(r.EventType),
				Actor: client.TimelineActor{Type: "system"}, RelatedResourceIDs: client.TimelineRelatedResource{
					DeviceID: r.DeviceID, ConnectedAccountID: r.ConnectedAccountID, EventID: r.EventID}}
		}
		return nil
	})
	return out, pg, err
}

// describe says in words what a timeline event is.
func describe(eventType string) string {
	switch eventType {
	case event.AccessCodeCreated:
		return "The access code was created"
	case event.AccessCodeChanged:
		return "The access code was changed"
	case event.AccessCodeDeleted:
		return "The access code was deleted"
	case event.AccessCodeScheduledOnDevice:
		return "The access code was scheduled on the device"
	case event.AccessCodeSetOnDevice:
		return "The access code was set on the device"
	case event.AccessCodeRemovedFromDevice:
		return "The access code was removed from the device"
	case event.AccessCodeFailedToSet:
		return "The device did not take the access code"
	case event.AccessCodeFailedToRemove:
		return "The device did not remove the access code"
	case event.AccessCodeBackupPulled:
		return "A backup access code was pulled for the access code"
	case event.AccessCodeUnmanagedCreated:
		return "An access code not created through the API was found on the device"
	case event.AccessCodeUnmanagedRemoved:
		return "The unmanaged access code was removed from the device"
	case event.AccessCodeUnmanagedConverted:
		return "The unmanaged access code was converted to a managed one"
	}
	return eventType
}
