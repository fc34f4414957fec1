package grant

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// requested is one access method a caller asked for.
type requested struct {
	Mode string `json:"mode"`
	Code string `json:"code,omitempty"`
	// InstantKeyMaxUseCount is accepted and kept for mobile keys.
	InstantKeyMaxUseCount *int `json:"instant_key_max_use_count,omitempty"`
}

// modeNames are the access method modes and their display names.
var modeNames = map[string]string{"code": "PIN Code", "card": "Card", "mobile_key": "Mobile Key", "cloud_key": "Cloud Key"}

// parseRequested checks requested_access_methods: an array of objects,
// each with a known mode; a code only for mode code, 4 to 9 digits.
func parseRequested(raw json.RawMessage, field string) ([]requested, error) {
	var list []requested
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&list); err != nil || list == nil {
		return nil, invalid(field, "Expected an array of objects with a mode")
	}
	var v lintel.InvalidInput
	if len(list) == 0 {
		v.Add(field, "Array must contain at least 1 element(s)")
	}
	for i, r := range list {
		at := field + "." + strconv.Itoa(i)
		if _, ok := modeNames[r.Mode]; !ok {
			v.Add(at+".mode", "Invalid enum value. Expected 'code' | 'card' | 'mobile_key' | 'cloud_key'")
		}
		if r.Code != "" {
			if r.Mode != "code" {
				v.Add(at+".code", "Only an access method of mode code has a code")
			} else if len(r.Code) < 4 || len(r.Code) > 9 || !digits(r.Code) {
				v.Add(at+".code", "Must be 4 to 9 digits")
			}
		}
		if r.InstantKeyMaxUseCount != nil && *r.InstantKeyMaxUseCount < 1 {
			v.Add(at+".instant_key_max_use_count", "Number must be greater than or equal to 1")
		}
	}
	return list, v.Err()
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// reach is what a grant's places come to: the entrances and the devices
// it opens.
type reach struct {
	entrances []store.AcsEntrance
	devices   []store.Device
}

// reachOf expands a grant's places: its spaces give their entrances and
// devices. Every place must be of the workspace (checked when the grant was
// made); one that went since is skipped.
func reachOf(ctx context.Context, tx *store.Tx, ws string, places []store.AccessGrantPlace) (reach, error) {
	var r reach
	var spaces, entranceIDs, deviceIDs []string
	for _, p := range places {
		switch p.Type {
		case store.PlaceSpace:
			spaces = append(spaces, p.ID)
		case store.PlaceAcsEntrance:
			entranceIDs = append(entranceIDs, p.ID)
		case store.PlaceDevice:
			deviceIDs = append(deviceIDs, p.ID)
		}
	}
	inSpaces, err := tx.SpaceMembers(ctx, ws, spaces, store.SpaceAcsEntrance)
	if err != nil {
		return r, err
	}
	devicesInSpaces, err := tx.SpaceMembers(ctx, ws, spaces, store.SpaceDevice)
	if err != nil {
		return r, err
	}
	for _, id := range spaces {
		entranceIDs = append(entranceIDs, inSpaces[id]...)
		deviceIDs = append(deviceIDs, devicesInSpaces[id]...)
	}
	for _, id := range lintel.Distinct(entranceIDs) {
		e, err := tx.AcsEntrance(ctx, ws, id)
		if err != nil {
			if notFound(err, errEntranceNotFound) == errEntranceNotFound {
				continue
			}
			return r, err
		}
		r.entrances = append(r.entrances, e)
	}
	for _, id := range lintel.Distinct(deviceIDs) {
		d, err := tx.Device(ctx, ws, id)
		if err != nil {
			if notFound(err, errDeviceNotFound) == errDeviceNotFound {
				continue
			}
			return r, err
		}
		r.devices = append(r.devices, d)
	}
	return r, nil
}

// grantReach is what a grant's places come to now (reachOf).
func grantReach(ctx context.Context, tx *store.Tx, g store.AccessGrant) (reach, error) {
	places, err := tx.AccessGrantPlaces(ctx, g.WorkspaceID, []string{g.AccessGrantID})
	if err != nil {
		return reach{}, err
	}
	return reachOf(ctx, tx, g.WorkspaceID, places[g.AccessGrantID])
}

// opens reports whether an entrance opens with an access method's mode.
func opens(e store.AcsEntrance, mode string) bool {
	switch mode {
	case "code":
		return e.CanUnlockWithCode
	case "card":
		return e.CanUnlockWithCard
	case "mobile_key":
		return e.CanUnlockWithMobileKey
	case "cloud_key":
		return e.CanUnlockWithCloudKey
	}
	return false
}

// issues accumulates what resolving a grant found to warn about or fail
// on.
type issues struct {
	errors, warnings []client.AccessGrantIssue
}

func (is *issues) warn(now time.Time, w client.AccessGrantIssue) {
	for _, x := range is.warnings {
		if x.WarningCode == w.WarningCode && x.DeviceID == w.DeviceID {
			return
		}
	}
	w.CreatedAt = client.NewTime(now)
	is.warnings = append(is.warnings, w)
}

// addMethod resolves one requested access method of a grant: on each
// access system with an entrance of the grant that opens with the mode,
// the identity gets a credential for those entrances; with mode code, each
// lock of the grant gets an access code, one PIN shared by all where they
// take it. It returns the method (nil if no place takes the mode) and
// records access_method.created.
func (s *Service) addMethod(ctx context.Context, tx *store.Tx, g store.AccessGrant, r reach, req requested, is *issues) (*store.AccessMethod, error) {
	ws := g.WorkspaceID
	now := tx.Now()
	bySystem, systems, locks := takers(r, req.Mode, now, is)
	if len(systems) == 0 && len(locks) == 0 {
		return nil, nil
	}
	m := store.AccessMethod{AccessMethodID: lintel.NewID(), WorkspaceID: ws, AccessGrantID: g.AccessGrantID, Mode: req.Mode,
		DisplayName: modeNames[req.Mode], CreatedAt: now}
	pin := req.Code
	if req.Mode == "code" {
		if pin == "" {
			shared, err := accesscode.SharedCodeTx(ctx, tx, locks)
			if err != nil {
				return nil, err
			}
			pin = shared
		}
		if pin != "" {
			m.Code = &pin
		}
	}
	if err := tx.InsertAccessMethod(ctx, ws, m); err != nil {
		return nil, err
	}
	for _, d := range locks {
		if err := s.codeOn(ctx, tx, g, &m, d, is); err != nil {
			return nil, err
		}
	}
	for _, sysID := range systems {
		if err := s.credentialOn(ctx, tx, g, &m, sysID, bySystem[sysID]); err != nil {
			return nil, err
		}
	}
	if err := tx.UpdateAccessMethod(ctx, ws, m); err != nil {
		return nil, err
	}
	events := []client.Event{methodEvent(event.AccessMethodCreated, m)}
	if m.IsEncodingRequired {
		events = append(events, methodEvent(event.AccessMethodEncodingRequired, m))
	}
	if err := s.events.Record(ctx, tx, ws, events...); err != nil {
		return nil, err
	}
	return &m, nil
}

// takers returns what in r takes an access method of a mode: the
// entrances that open with it, by access system (systems in order), and,
// for mode code, the locks that hold codes; the grant warns about the
// devices that do not.
func takers(r reach, mode string, now time.Time, is *issues) (map[string][]string, []string, []store.Device) {
	bySystem := map[string][]string{}
	var systems []string
	for _, e := range r.entrances {
		if !opens(e, mode) {
			continue
		}
		if _, ok := bySystem[e.AcsSystemID]; !ok {
			systems = append(systems, e.AcsSystemID)
		}
		bySystem[e.AcsSystemID] = append(bySystem[e.AcsSystemID], e.AcsEntranceID)
	}
	var locks []store.Device
	if mode == "code" {
		for _, d := range r.devices {
			if accesscode.HoldsCodes(d) {
				locks = append(locks, d)
			} else {
				is.warn(now, client.AccessGrantIssue{WarningCode: "device_does_not_support_access_codes", DeviceID: d.DeviceID,
					Message: "The device does not hold access codes"})
			}
		}
	}
	return bySystem, systems, locks
}

// codeOn puts a method's PIN on a lock for its grant's window (the code
// the lock takes becomes the method's PIN if it had none) and records the
// code as the method's object there.
func (s *Service) codeOn(ctx context.Context, tx *store.Tx, g store.AccessGrant, m *store.AccessMethod, d store.Device, is *issues) error {
	pin := deref(m.Code)
	c, err := s.codes.CreateForGrantTx(ctx, tx, d, pin, g.Name, &g.StartsAt, g.EndsAt)
	if err != nil {
		return err
	}
	if got := deref(c.Code); pin == "" {
		m.Code = &got
	} else if got != pin {
		is.warn(tx.Now(), client.AccessGrantIssue{WarningCode: "requested_code_unavailable", DeviceID: d.DeviceID,
			OriginalCode: pin, NewCode: got, Message: "The device would not take the code; it got another one"})
	}
	deviceID := d.DeviceID
	return tx.AddAccessMethodObject(ctx, g.WorkspaceID, store.AccessMethodObject{AccessMethodID: m.AccessMethodID,
		ObjectType: store.ObjectAccessCode, ObjectID: c.AccessCodeID, DeviceID: &deviceID})
}

// credentialOn gives a method's grant's identity a credential of its mode
// on an access system, opening the entrances listed, and records the
// credential (and the user, when the grant created it) as the method's
// objects there. A code credential's PIN becomes the method's if it had
// none; a card that waits for an encoder makes the method require encoding.
func (s *Service) credentialOn(ctx context.Context, tx *store.Tx, g store.AccessGrant, m *store.AccessMethod, sysID string, entranceIDs []string) error {
	ws := g.WorkspaceID
	sys, err := tx.AcsSystem(ctx, ws, sysID)
	if err != nil {
		return err
	}
	c, createdUser, err := s.acs.GrantCredentialTx(ctx, tx, sys, g.UserIdentityID, m.Mode, deref(m.Code), entranceIDs, &g.StartsAt, g.EndsAt)
	if err != nil {
		return err
	}
	if m.Mode == "code" && m.Code == nil && c.Code != nil {
		pin := *c.Code
		m.Code = &pin
	}
	if err := tx.AddAccessMethodObject(ctx, ws, store.AccessMethodObject{AccessMethodID: m.AccessMethodID,
		ObjectType: store.ObjectAcsCredential, ObjectID: c.AcsCredentialID, AcsSystemID: &sysID}); err != nil {
		return err
	}
	if createdUser != "" {
		if err := tx.AddAccessMethodObject(ctx, ws, store.AccessMethodObject{AccessMethodID: m.AccessMethodID,
			ObjectType: store.ObjectAcsUser, ObjectID: createdUser, AcsSystemID: &sysID}); err != nil {
			return err
		}
	}
	if m.Mode == "card" && !m.IsEncodingRequired {
		if m.IsEncodingRequired, err = acs.AwaitsEncodingTx(ctx, tx, ws, c.AcsCredentialID); err != nil {
			return err
		}
	}
	return nil
}

// shownState reads what a grant shows of its requested methods, and its
// warnings and errors.
func shownState(g store.AccessGrant) ([]client.RequestedAccessMethod, issues, error) {
	var shown []client.RequestedAccessMethod
	var is issues
	if err := json.Unmarshal([]byte(orEmpty(g.RequestedAccessMethods)), &shown); err != nil {
		return nil, is, err
	}
	if err := json.Unmarshal([]byte(orEmpty(g.Warnings)), &is.warnings); err != nil {
		return nil, is, err
	}
	if err := json.Unmarshal([]byte(orEmpty(g.Errors)), &is.errors); err != nil {
		return nil, is, err
	}
	return shown, is, nil
}

// setShownState writes what shownState reads back into g.
func setShownState(g *store.AccessGrant, shown []client.RequestedAccessMethod, is issues) error {
	for _, x := range []struct {
		dst *string
		v   any
	}{{&g.RequestedAccessMethods, shown}, {&g.Warnings, nonNilIssues(is.warnings)}, {&g.Errors, nonNilIssues(is.errors)}} {
		b, err := json.Marshal(x.v)
		if err != nil {
			return err
		}
		*x.dst = string(b)
	}
	return nil
}

// resolve adds the requested methods to a grant and returns them as the
// grant shows them; a mode no place of the grant takes becomes the
// grant's error cannot_create_requested_access_methods, with its event.
func (s *Service) resolve(ctx context.Context, tx *store.Tx, g *store.AccessGrant, r reach, reqs []requested) error {
	shown, is, err := shownState(*g)
	if err != nil {
		return err
	}
	var methods []store.AccessMethod
	var failed []string
	for _, req := range reqs {
		m, err := s.addMethod(ctx, tx, *g, r, req, &is)
		if err != nil {
			return err
		}
		ra := client.RequestedAccessMethod{Mode: req.Mode, DisplayName: modeNames[req.Mode], Code: req.Code,
			CreatedAt: client.NewTime(tx.Now()), CreatedAccessMethodIDs: []string{}}
		if m != nil {
			ra.CreatedAccessMethodIDs = []string{m.AccessMethodID}
			methods = append(methods, *m)
		} else {
			failed = append(failed, req.Mode)
		}
		shown = append(shown, ra)
	}
	var events []client.Event
	if len(failed) > 0 {
		msg := "No place of the access grant takes these access methods: " + joinModes(failed)
		is.errors = append(is.errors, client.AccessGrantIssue{ErrorCode: errCannotCreateMethods,
			Message: msg, CreatedAt: client.NewTime(tx.Now()), MissingDeviceIDs: []string{}})
		events = append(events, client.Event{EventType: event.AccessGrantCouldNotCreateMethod, AccessGrantID: g.AccessGrantID,
			ErrorMessage: msg})
	} else {
		is.settleMissing(shown)
	}
	if err := setShownState(g, shown, is); err != nil {
		return err
	}
	if err := tx.UpdateAccessGrant(ctx, g.WorkspaceID, *g); err != nil {
		return err
	}
	if err := s.events.Record(ctx, tx, g.WorkspaceID, events...); err != nil {
		return err
	}
	for _, m := range methods {
		if err := s.refresh(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// errCannotCreateMethods is the grant's error while a requested mode has
// no method: no place of the grant takes it.
const errCannotCreateMethods = "cannot_create_requested_access_methods"

// settleMissing clears the grant's cannot_create_requested_access_methods
// once every mode requested has a method (a later request of the mode, or
// a place the grant reaches since, created it). Clearing records no event:
// none says so.
func (is *issues) settleMissing(shown []client.RequestedAccessMethod) {
	created := map[string]bool{}
	for _, ra := range shown {
		created[ra.Mode] = created[ra.Mode] || len(ra.CreatedAccessMethodIDs) > 0
	}
	for _, ok := range created {
		if !ok {
			return
		}
	}
	is.errors = slices.DeleteFunc(is.errors, func(e client.AccessGrantIssue) bool { return e.ErrorCode == errCannotCreateMethods })
}

// markMissing is settleMissing for a grant whose places changed (follow):
// when a requested mode has no method any more, because the place that took
// it left the grant, the grant gets its cannot_create_requested_access_methods
// error, naming the modes without a method, and the event that says so is
// returned to be recorded; nil when the error was already there as it is,
// or went because no mode is missing.
func (is *issues) markMissing(g store.AccessGrant, shown []client.RequestedAccessMethod, now time.Time) *client.Event {
	var missing []string
	for _, ra := range shown {
		if len(ra.CreatedAccessMethodIDs) == 0 && !slices.Contains(missing, ra.Mode) {
			missing = append(missing, ra.Mode)
		}
	}
	if len(missing) == 0 {
		is.settleMissing(shown)
		return nil
	}
	msg := "No place of the access grant takes these access methods: " + joinModes(missing)
	if slices.ContainsFunc(is.errors, func(e client.AccessGrantIssue) bool {
		return e.ErrorCode == errCannotCreateMethods && e.Message == msg
	}) {
		return nil
	}
	is.errors = slices.DeleteFunc(is.errors, func(e client.AccessGrantIssue) bool { return e.ErrorCode == errCannotCreateMethods })
	is.errors = append(is.errors, client.AccessGrantIssue{ErrorCode: errCannotCreateMethods,
		Message: msg, CreatedAt: client.NewTime(now), MissingDeviceIDs: []string{}})
	return &client.Event{EventType: event.AccessGrantCouldNotCreateMethod, AccessGrantID: g.AccessGrantID, ErrorMessage: msg}
}

func joinModes(modes []string) string {
	out := ""
	for i, m := range modes {
		if i > 0 {
			out += ", "
		}
		out += m
	}
	return out
}

func nonNilIssues(l []client.AccessGrantIssue) []client.AccessGrantIssue {
	if l == nil {
		return []client.AccessGrantIssue{}
	}
	return l
}

func orEmpty(s string) string {
	if s == "" {
		return "[]"
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// methodEvent is an access_method.* event about m.
func methodEvent(eventType string, m store.AccessMethod) client.Event {
	return client.Event{EventType: eventType, AccessMethodID: m.AccessMethodID, AccessGrantIDs: []string{m.AccessGrantID}}
}
