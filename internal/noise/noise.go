// Package noise is the domain of noise sensors' thresholds: a level of
// noise, in decibels or in NoiseAware's Noise Risk Score, in force every day
// between two times of day in a time zone. A sandbox sensor programs a
// threshold at once (its action attempt succeeds in the same transaction),
// and a simulated disturbance triggers the thresholds in force at that
// moment, each reported by noise_sensor.noise_threshold_triggered.
package noise

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"
	// The sandbox evaluates quiet hours in any IANA time zone, wherever
	// lintel runs.
	_ "time/tzdata"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/device"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// Action types of this domain, as Seam's API names them.
const (
	actionCreate = "CREATE_NOISE_THRESHOLD"
	actionUpdate = "UPDATE_NOISE_THRESHOLD"
	actionDelete = "DELETE_NOISE_THRESHOLD"
)

// Errors of this domain.
var (
	errDeviceNotFound    = lintel.NotFound("device", "Device not found")
	errThresholdNotFound = lintel.NotFound("noise_threshold", "Noise threshold not found")
	errNotSandbox        = lintel.Errorf(lintel.EInvalidInput, "Only the noise sensors of a sandbox workspace hear simulated disturbances")
)

// The sandbox's model of a disturbance: it is this much louder than the
// threshold it triggers. A NoiseAware threshold given in NRS alone is
// heard in decibels on the sandbox's scale: a quiet room (40 dB) at NRS 0,
// 10 dB more for every 20 NRS.
const (
	disturbanceMargin = 5.0
	quietRoomDecibels = 40.0
)

func decibelsOfNRS(nrs float64) float64 { return quietRoomDecibels + nrs/2 }

// Service is the noise threshold domain.
type Service struct {
	store  *store.Store
	events *event.Recorder
	now    func() time.Time
}

// NewService builds the noise threshold domain; it reads the time of day
// from the clock (time.Now when nil).
func NewService(st *store.Store, events *event.Recorder, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{store: st, events: events, now: clock}
}

// SetClock replaces the clock that says which thresholds are in force (for
// tests).
func (s *Service) SetClock(clock func() time.Time) { s.now = clock }

// Create adds a threshold to a noise sensor of the workspace. It answers
// the threshold and the action attempt that programmed it.
func (s *Service) Create(ctx context.Context, p lintel.Principal, in client.NoiseThresholdsCreateParams) (client.NoiseThresholdCreated, error) {
	var out client.NoiseThresholdCreated
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := sensor(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		n := store.NoiseThreshold{NoiseThresholdID: lintel.NewID(), DeviceID: d.DeviceID, Name: in.Name,
			StartsDailyAt: in.StartsDailyAt, EndsDailyAt: in.EndsDailyAt, NoiseThresholdNRS: in.NoiseThresholdNRS,
			CreatedAt: tx.Now()}
		if err := settle(&n, d, in.NoiseThresholdDecibels, in.NoiseThresholdDecibels == nil && in.NoiseThresholdNRS == nil); err != nil {
			return err
		}
		if err := tx.InsertNoiseThreshold(ctx, p.WorkspaceID, n); err != nil {
			return notFound(err, errDeviceNotFound)
		}
		n.WorkspaceID = p.WorkspaceID
		out.NoiseThreshold = present(n)
		if out.ActionAttempt, err = s.programmed(ctx, tx, p, actionCreate); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "noise_threshold.create", "noise_threshold", n.NoiseThresholdID, audit.Succeeded)
	})
	return out, err
}

// settle checks a threshold about to be stored, naming the field at fault:
// its times of day, its levels (noise_threshold_nrs only on NoiseAware
// sensors) and the name it gets when it has none. A NoiseAware threshold
// given in NRS alone gets its decibels from the sandbox's scale.
func settle(n *store.NoiseThreshold, d store.Device, decibels *float64, noLevel bool) error {
	var v lintel.InvalidInput
	start, err := parseDaily(n.StartsDailyAt)
	if err != nil {
		v.Add("starts_daily_at", err.Error())
	}
	end, err2 := parseDaily(n.EndsDailyAt)
	if err2 != nil {
		v.Add("ends_daily_at", err2.Error())
	}
	if err == nil && err2 == nil && start.zone != end.zone {
		v.Add("ends_daily_at", "Must be in the time zone of starts_daily_at")
	}
	switch {
	case noLevel:
		v.Add("noise_threshold_decibels", "Required: give noise_threshold_decibels or noise_threshold_nrs")
	case decibels != nil:
		if *decibels <= 0 || *decibels > 150 {
			v.Add("noise_threshold_decibels", "Must be greater than 0 and at most 150")
		}
		n.NoiseThresholdDecibels = *decibels
	}
	if nrs := n.NoiseThresholdNRS; nrs != nil {
		switch {
		case d.DeviceType != "noiseaware_activity_zone":
			v.Add("noise_threshold_nrs", "Only NoiseAware sensors measure the Noise Risk Score")
		case *nrs < 0 || *nrs > 100:
			v.Add("noise_threshold_nrs", "Must be between 0 and 100")
		case decibels == nil:
			n.NoiseThresholdDecibels = decibelsOfNRS(*nrs)
		}
	}
	if n.Name == "" {
		n.Name = fmt.Sprintf("Noise threshold from %s to %s", n.StartsDailyAt, n.EndsDailyAt)
	}
	return v.Err()
}

// programmed records the attempt that programmed a threshold on a sandbox
// sensor: it succeeds at once.
func (s *Service) programmed(ctx context.Context, tx *store.Tx, p lintel.Principal, actionType string) (client.ActionAttempt, error) {
	id, err := attempt.Start(ctx, tx, p.WorkspaceID, actionType)
	if err != nil {
		return client.ActionAttempt{}, err
	}
	// The spec's result of these actions is an empty object.
	if err := attempt.Succeed(ctx, tx, s.events, p.WorkspaceID, id, struct{}{}); err != nil {
		return client.ActionAttempt{}, err
	}
	return attempt.Load(ctx, tx, p.WorkspaceID, id)
}

// Get returns one threshold of the caller's workspace.
func (s *Service) Get(ctx context.Context, p lintel.Principal, noiseThresholdID string) (client.NoiseThreshold, error) {
	var out client.NoiseThreshold
	err := s.store.View(ctx, func(tx *store.Tx) error {
		n, err := threshold(ctx, tx, p, noiseThresholdID, "")
		out = present(n)
		return err
	})
	return out, err
}

// List returns the thresholds of a noise sensor of the caller's workspace,
// oldest first. The sandbox programs every threshold at once, so
// is_programmed=false finds none.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.NoiseThresholdsListParams) ([]client.NoiseThreshold, error) {
	out := []client.NoiseThreshold{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if _, err := sensor(ctx, tx, p, in.DeviceID); err != nil {
			return err
		}
		if in.IsProgrammed != nil && !*in.IsProgrammed {
			return nil
		}
		rows, err := tx.NoiseThresholdsOfDevice(ctx, p.WorkspaceID, in.DeviceID)
		for _, n := range rows {
			out = append(out, present(n))
		}
		return err
	})
	return out, err
}

// Update changes a threshold of a noise sensor of the workspace; absent
// fields keep their value. It answers the attempt that reprogrammed it.
func (s *Service) Update(ctx context.Context, p lintel.Principal, in client.NoiseThresholdsUpdateParams) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		n, err := threshold(ctx, tx, p, in.NoiseThresholdID, in.DeviceID)
		if err != nil {
			return err
		}
		d, err := sensor(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		if in.Name != nil {
			n.Name = *in.Name
		}
		if in.StartsDailyAt != nil {
			n.StartsDailyAt = *in.StartsDailyAt
		}
		if in.EndsDailyAt != nil {
			n.EndsDailyAt = *in.EndsDailyAt
		}
		decibels := in.NoiseThresholdDecibels
		if in.NoiseThresholdNRS != nil {
			n.NoiseThresholdNRS = in.NoiseThresholdNRS
		} else if decibels == nil {
			decibels = &n.NoiseThresholdDecibels
		}
		if err := settle(&n, d, decibels, false); err != nil {
			return err
		}
		if err := tx.UpdateNoiseThreshold(ctx, p.WorkspaceID, n); err != nil {
			return notFound(err, errThresholdNotFound)
		}
		if out, err = s.programmed(ctx, tx, p, actionUpdate); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "noise_threshold.update", "noise_threshold", n.NoiseThresholdID, audit.Succeeded)
	})
	return out, err
}

// Delete removes a threshold of a noise sensor of the workspace. It
// answers the attempt that removed it from the sensor.
func (s *Service) Delete(ctx context.Context, p lintel.Principal, in client.NoiseThresholdsDeleteParams) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := threshold(ctx, tx, p, in.NoiseThresholdID, in.DeviceID); err != nil {
			return err
		}
		if err := tx.DeleteNoiseThreshold(ctx, p.WorkspaceID, in.NoiseThresholdID); err != nil {
			return notFound(err, errThresholdNotFound)
		}
		var err error
		if out, err = s.programmed(ctx, tx, p, actionDelete); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "noise_threshold.delete", "noise_threshold", in.NoiseThresholdID, audit.Succeeded)
	})
	return out, err
}

// TriggerNoiseThreshold simulates a disturbance at a sandbox noise sensor
// now: each threshold in force at this moment is exceeded, and
// noise_sensor.noise_threshold_triggered is recorded for it, with the
// level heard. Outside every threshold's hours nothing is recorded.
func (s *Service) TriggerNoiseThreshold(ctx context.Context, p lintel.Principal, deviceID string) error {
	now := s.now()
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := sensor(ctx, tx, p, deviceID)
		if err != nil {
			return err
		}
		w, err := tx.Workspace(ctx, p.WorkspaceID)
		if err != nil {
			return err
		}
		if !w.IsSandbox {
			return errNotSandbox
		}
		rows, err := tx.NoiseThresholdsOfDevice(ctx, p.WorkspaceID, d.DeviceID)
		if err != nil {
			return err
		}
		metadata := map[string]any{}
		if err := json.Unmarshal([]byte(d.CustomMetadata), &metadata); err != nil {
			return err
		}
		var events []client.Event
		for _, n := range rows {
			if !InForce(n, now) {
				continue
			}
			e := client.Event{EventType: event.NoiseThresholdTriggered, DeviceID: d.DeviceID,
				ConnectedAccountID: d.ConnectedAccountID, DeviceCustomMetadata: metadata,
				NoiseThresholdID: n.NoiseThresholdID, NoiseThresholdName: n.Name,
				NoiseLevelDecibels: new(n.NoiseThresholdDecibels + disturbanceMargin)}
			if n.NoiseThresholdNRS != nil {
				e.NoiseLevelNRS = new(*n.NoiseThresholdNRS + disturbanceMargin)
			}
			events = append(events, e)
		}
		if len(events) == 0 {
			return nil
		}
		return s.events.Record(ctx, tx, p.WorkspaceID, events...)
	})
}

// sensor loads a noise sensor the caller may reach: of the workspace, of
// the client session's connected accounts, and a noise sensor.
func sensor(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Device, error) {
	d, err := tx.Device(ctx, p.WorkspaceID, deviceID)
	if err != nil {
		return d, notFound(err, errDeviceNotFound)
	}
	if p.IsClientSession() {
		cs, err := tx.LiveClientSession(ctx, p.WorkspaceID, p.ActorID)
		if err != nil {
			return d, notFound(err, errDeviceNotFound)
		}
		if !slices.Contains(cs.ConnectedAccountIDs, d.ConnectedAccountID) {
			return d, errDeviceNotFound
		}
	}
	if !slices.Contains(device.NoiseSensorTypes, d.DeviceType) {
		return d, invalid("device_id", "The device is not a noise sensor")
	}
	return d, nil
}

// threshold loads a threshold the caller may reach; deviceID, when given,
// must be its sensor.
func threshold(ctx context.Context, tx *store.Tx, p lintel.Principal, noiseThresholdID, deviceID string) (store.NoiseThreshold, error) {
	n, err := tx.NoiseThreshold(ctx, p.WorkspaceID, noiseThresholdID)
	if err != nil {
		return n, notFound(err, errThresholdNotFound)
	}
	if deviceID != "" && n.DeviceID != deviceID {
		return n, errThresholdNotFound
	}
	if _, err := sensor(ctx, tx, p, n.DeviceID); err != nil {
		return n, notFound(err, errThresholdNotFound)
	}
	return n, nil
}

// daily is a parsed time of day: seconds since midnight in a zone ("" for
// UTC).
type daily struct {
	seconds int
	zone    string
}

// dailyFormat is "HH:MM", "HH:MM:SS", either followed by an IANA time zone
// in brackets, as Seam writes quiet hours ("20:00:00[America/Los_Angeles]").
var dailyFormat = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(?:\[([A-Za-z][A-Za-z0-9_+\-/]*)\])?$`)

var errDailyFormat = errors.New("Expected a time of day such as 22:00, 22:00:00 or 22:00:00[America/Los_Angeles]")

func parseDaily(s string) (daily, error) {
	m := dailyFormat.FindStringSubmatch(s)
	if m == nil {
		return daily{}, errDailyFormat
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	sec, _ := strconv.Atoi(cmp.Or(m[3], "0"))
	if m[4] != "" {
		if _, err := time.LoadLocation(m[4]); err != nil {
			return daily{}, fmt.Errorf("Unknown time zone %q", m[4])
		}
	}
	return daily{seconds: h*3600 + min*60 + sec, zone: m[4]}, nil
}

// InForce reports whether a threshold is in force at t: between its start
// (included) and its end (excluded) on the clock of its time zone, the
// window running past midnight when it ends before it starts, all day when
// both are the same time. A threshold whose times do not parse is never in
// force.
func InForce(n store.NoiseThreshold, t time.Time) bool {
	start, err := parseDaily(n.StartsDailyAt)
	if err != nil {
		return false
	}
	end, err := parseDaily(n.EndsDailyAt)
	if err != nil {
		return false
	}
	loc := time.UTC
	if start.zone != "" {
		loc, _ = time.LoadLocation(start.zone)
	}
	local := t.In(loc)
	now := local.Hour()*3600 + local.Minute()*60 + local.Second()
	switch {
	case start.seconds == end.seconds:
		return true
	case start.seconds < end.seconds:
		return start.seconds <= now && now < end.seconds
	}
	return now >= start.seconds || now < end.seconds
}

// present turns a stored threshold into the API's.
func present(n store.NoiseThreshold) client.NoiseThreshold {
	return client.NoiseThreshold{NoiseThresholdID: n.NoiseThresholdID, DeviceID: n.DeviceID, Name: n.Name,
		StartsDailyAt: n.StartsDailyAt, EndsDailyAt: n.EndsDailyAt, NoiseThresholdDecibels: n.NoiseThresholdDecibels,
		NoiseThresholdNRS: n.NoiseThresholdNRS}
}

// notFound maps the store's ErrNotFound to a domain error.
func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

func invalid(field, message string) error {
	var v lintel.InvalidInput
	v.Add(field, message)
	return v.Err()
}
