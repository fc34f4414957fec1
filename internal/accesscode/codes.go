package accesscode

import (
	"context"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Action types of the attempts access code routes start.
const (
	actionCreate  = "CREATE_ACCESS_CODE"
	actionUpdate  = "UPDATE_ACCESS_CODE"
	actionDelete  = "DELETE_ACCESS_CODE"
	actionConvert = "CONVERT_ACCESS_CODE_TO_MANAGED"
)

// Default page sizes of the lists (the spec's).
const (
	defaultListLimit          = 55000
	defaultUnmanagedListLimit = 300000
)

// spec is a new code as the create routes describe it, checked.
type spec struct {
	name                   *string
	code                   string
	commonCodeKey          *string
	starts, ends           *time.Time
	allowExternal          bool
	offline, oneTimeUse    bool
	preferNativeScheduling bool
	useBackupPool          bool
	preferredLength        int
}

func firstBool(vs ...*bool) bool {
	for _, v := range vs {
		if v != nil {
			return *v
		}
	}
	return false
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Create programs a new code on a device and returns it with the action
// attempt that tracks its programming.
func (s *Service) Create(ctx context.Context, p lintel.Principal, in client.AccessCodesCreateParams) (client.AccessCode, client.ActionAttempt, error) {
	var out client.AccessCode
	var aa client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := device(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		now := s.clock()
		var v lintel.InvalidInput
		sp := spec{name: optString(in.Name), code: in.Code, commonCodeKey: optString(in.CommonCodeKey),
			allowExternal: firstBool(in.IsExternalModificationAllowed, in.AllowExternalModification),
			offline:       firstBool(in.IsOfflineAccessCode, in.UseOfflineAccessCode), oneTimeUse: firstBool(in.IsOneTimeUse),
			preferNativeScheduling: firstBool(in.PreferNativeScheduling), useBackupPool: firstBool(in.UseBackupAccessCodePool)}
		if in.PreferredCodeLength != nil {
			sp.preferredLength = int(*in.PreferredCodeLength)
		}
		sp.starts, sp.ends = window(&v, in.StartsAt, in.EndsAt, now)
		if err := v.Err(); err != nil {
			return err
		}
		c, attemptID, err := s.create(ctx, tx, d, sp, true)
		if err != nil {
			return err
		}
		if out, err = s.load(ctx, tx, p.WorkspaceID, c.AccessCodeID); err != nil {
			return err
		}
		aa, err = attempt.Load(ctx, tx, p.WorkspaceID, attemptID)
		return err
	})
	return out, aa, err
}

// create checks a new code against its device, stores it with its
// access_code.created event, starts its life (programmed now, or at its
// starts_at) and returns it with its action attempt's id. A code not
// given is generated. strict refuses a code the device cannot take; it is
// false only when create_multiple may fall back on a random code, which
// then it does.
func (s *Service) create(ctx context.Context, tx *store.Tx, d store.Device, sp spec, strict bool) (store.AccessCode, string, error) {
	ws := d.WorkspaceID
	var c store.AccessCode
	var v lintel.InvalidInput
	if !d.CanProgramOnlineAccessCodes && !d.CanProgramOfflineAccessCodes {
		v.Add("device_id", "The device cannot hold access codes")
	}
	if sp.offline {
		if !d.CanProgramOfflineAccessCodes {
			v.Add("is_offline_access_code", "The device cannot program offline access codes")
		}
		if sp.starts == nil {
			v.Add("is_offline_access_code", "An offline access code must be time-bound: give starts_at and ends_at")
		}
	} else if !d.CanProgramOnlineAccessCodes && d.CanProgramOfflineAccessCodes {
		v.Add("is_offline_access_code", "The device holds offline access codes only")
	}
	if sp.name != nil {
		checkName(&v, *sp.name, d)
	}
	if sp.code != "" && strict {
		checkCode(&v, "code", sp.code, d)
	}
	if err := v.Err(); err != nil {
		return c, "", err
	}
	codes, err := tx.AccessCodesOfDevice(ctx, ws, d.DeviceID)
	if err != nil {
		return c, "", err
	}
	if err := checkRoom(d, codes, 1); err != nil {
		return c, "", err
	}
	code := sp.code
	if code != "" && !strict {
		var cv lintel.InvalidInput
		if checkCode(&cv, "code", code, d); !cv.Empty() || taken(codes, code, "") {
			code = ""
		}
	}
	if code != "" && taken(codes, code, "") {
		return c, "", errDuplicateCode("code")
	}
	if code == "" {
		if code, err = generate(d, codes, sp.preferredLength); err != nil {
			return c, "", err
		}
	}
	now := s.clock()
	id := lintel.NewID()
	c = store.AccessCode{AccessCodeID: id, WorkspaceID: ws, DeviceID: d.DeviceID, ExternalID: id, IsManaged: true,
		Name: sp.name, Code: &code, CommonCodeKey: sp.commonCodeKey, StartsAt: sp.starts, EndsAt: sp.ends,
		Status: statusUnset, IsExternalModificationAllowed: sp.allowExternal, IsOneTimeUse: sp.oneTimeUse,
		IsOfflineAccessCode: sp.offline, PreferNativeScheduling: sp.preferNativeScheduling,
		UseBackupAccessCodePool: sp.useBackupPool, CreatedAt: tx.Now()}
	if err := tx.InsertAccessCode(ctx, ws, c); err != nil {
		return c, "", notFound(err, errDeviceNotFound)
	}
	if err := s.events.Record(ctx, tx, ws, codeEvent(event.AccessCodeCreated, d, c)); err != nil {
		return c, "", err
	}
	attemptID, err := attempt.StartOnDevice(ctx, tx, ws, actionCreate, d.DeviceID)
	if err != nil {
		return c, "", err
	}
	if err := s.begin(ctx, tx, d, c, now, attemptID); err != nil {
		return c, "", err
	}
	if sp.useBackupPool {
		if err := s.fillPool(ctx, tx, d); err != nil {
			return c, "", err
		}
	}
	return c, attemptID, nil
}

// begin starts a new code's life: a code whose window is open goes to the
// lock now; one whose window is ahead waits, unset, for a job at its
// starts_at, unless the lock keeps the schedule itself (native scheduling)
// and has it now. An offline code is the lock's algorithm's: nothing goes
// to the lock. A time-bound code gets its job at ends_at.
func (s *Service) begin(ctx context.Context, tx *store.Tx, d store.Device, c store.AccessCode, now time.Time, attemptID string) error {
	if err := s.schedule(ctx, tx, c, nil, now); err != nil {
		return err
	}
	ahead := c.StartsAt != nil && c.StartsAt.After(now)
	switch {
	case c.IsOfflineAccessCode:
		c.OnDevice = true
		eventType := event.AccessCodeSetOnDevice
		if ahead {
			eventType = event.AccessCodeScheduledOnDevice
		} else {
			c.Status = statusSet
		}
		if err := tx.UpdateAccessCode(ctx, c.WorkspaceID, c); err != nil {
			return err
		}
		if err := s.events.Record(ctx, tx, c.WorkspaceID, codeEvent(eventType, d, c)); err != nil {
			return err
		}
		return s.succeed(ctx, tx, c.WorkspaceID, attemptID, c.AccessCodeID)
	case ahead && !c.PreferNativeScheduling:
		return s.succeed(ctx, tx, c.WorkspaceID, attemptID, c.AccessCodeID)
	case !ahead:
		c.Status = statusSetting
		if err := tx.UpdateAccessCode(ctx, c.WorkspaceID, c); err != nil {
			return err
		}
	}
	return s.program(ctx, tx, d, c, attemptID)
}

// schedule inserts the jobs of a time-bound code's start (if ahead) and
// end, in place of those it had, which it cancels, and keeps their ids
// with the code. With prev (the code before a change), only the jobs of
// the times that moved are replaced.
// A code with a start ahead and no end (an access grant's that never
// ends) gets the job of its start only.
func (s *Service) schedule(ctx context.Context, tx *store.Tx, c store.AccessCode, prev *store.AccessCode, now time.Time) error {
	start, end := c.StartJobID, c.EndJobID
	var old []*int64
	for _, j := range []struct {
		moved, due bool
		what       string
		at         *time.Time
		id         **int64
	}{
		{prev == nil || !sameTime(prev.StartsAt, c.StartsAt), c.StartsAt != nil && c.StartsAt.After(now), DueStart, c.StartsAt, &start},
		{prev == nil || !sameTime(prev.EndsAt, c.EndsAt), c.StartsAt != nil && c.EndsAt != nil, DueEnd, c.EndsAt, &end},
	} {
		if !j.moved {
			continue
		}
		old, *j.id = append(old, *j.id), nil
		if !j.due {
			continue
		}
		if s.sched == nil {
			return errNoScheduler
		}
		id, err := s.sched.ScheduleAccessCode(ctx, tx, Due{WorkspaceID: c.WorkspaceID, AccessCodeID: c.AccessCodeID,
			What: j.what, At: j.at.UnixMilli()})
		if err != nil {
			return err
		}
		*j.id = &id
	}
	if start == c.StartJobID && end == c.EndJobID {
		return nil
	}
	if err := s.cancelJobs(ctx, tx, old...); err != nil {
		return err
	}
	return tx.SetAccessCodeJobs(ctx, c.WorkspaceID, c.AccessCodeID, start, end)
}

// cancelJobs cancels those of a code's jobs whose ids are set.
func (s *Service) cancelJobs(ctx context.Context, tx *store.Tx, ids ...*int64) error {
	if s.sched == nil {
		return nil // without a queue no job was scheduled
	}
	return s.sched.CancelJobs(ctx, tx, ids...)
}

// forgetJobs cancels a code's jobs and clears their ids, when the code is
// being deleted: its row goes, or it stays removing until the lock
// confirms.
func (s *Service) forgetJobs(ctx context.Context, tx *store.Tx, c *store.AccessCode) error {
	if c.StartJobID == nil && c.EndJobID == nil {
		return nil
	}
	if err := s.cancelJobs(ctx, tx, c.StartJobID, c.EndJobID); err != nil {
		return err
	}
	c.StartJobID, c.EndJobID = nil, nil
	return tx.SetAccessCodeJobs(ctx, c.WorkspaceID, c.AccessCodeID, nil, nil)
}

// succeed ends an action attempt (if any) in success. The result of a
// creation or an update is the code as it is now (the spec's
// {"access_code": …}); of anything else, an empty object.
func (s *Service) succeed(ctx context.Context, tx *store.Tx, ws, attemptID, accessCodeID string) error {
	if attemptID == "" {
		return nil
	}
	aa, err := attempt.Load(ctx, tx, ws, attemptID)
	if err != nil {
		return err
	}
	result := map[string]any{}
	if aa.ActionType == actionCreate || aa.ActionType == actionUpdate {
		if c, err := s.load(ctx, tx, ws, accessCodeID); err == nil {
			result["access_code"] = c
		}
	}
	return attempt.Succeed(ctx, tx, s.events, ws, attemptID, result)
}

// load presents a managed code of the workspace.
func (s *Service) load(ctx context.Context, tx *store.Tx, ws, accessCodeID string) (client.AccessCode, error) {
	c, err := tx.AccessCode(ctx, ws, accessCodeID)
	if err != nil {
		return client.AccessCode{}, notFound(err, errAccessCodeNotFound)
	}
	avail, err := s.backupAvailable(ctx, tx, ws, []store.AccessCode{c})
	if err != nil {
		return client.AccessCode{}, err
	}
	return present(c, avail[c.DeviceID]), nil
}

// managed loads a managed code of the workspace that the caller may see;
// deviceID, when given, must be its device.
func managed(ctx context.Context, tx *store.Tx, p lintel.Principal, accessCodeID, deviceID string) (store.AccessCode, store.Device, error) {
	c, err := tx.AccessCode(ctx, p.WorkspaceID, accessCodeID)
	if err != nil || !c.IsManaged || (deviceID != "" && c.DeviceID != deviceID) || (c.IsBackup && c.PulledFor == nil) {
		return c, store.Device{}, notFound(orNotFound(err), errAccessCodeNotFound)
	}
	d, err := device(ctx, tx, p, c.DeviceID)
	if err != nil {
		return c, d, notFound(orNotFound(nil), errAccessCodeNotFound)
	}
	return c, d, nil
}

// orNotFound is err, or store.ErrNotFound for a row the caller may not
// see.
func orNotFound(err error) error {
	if err == nil {
		return store.ErrNotFound
	}
	return err
}

// Get returns a managed code of the caller's workspace, by id or by its
// device and code.
func (s *Service) Get(ctx context.Context, p lintel.Principal, in client.AccessCodesGetParams) (client.AccessCode, error) {
	var out client.AccessCode
	err := s.store.View(ctx, func(tx *store.Tx) error {
		id, err := findID(ctx, tx, p, in, true)
		if err != nil {
			return err
		}
		if _, _, err := managed(ctx, tx, p, id, in.DeviceID); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, p.WorkspaceID, id)
		return err
	})
	return out, err
}

// findID resolves get's parameters to a code's id: access_code_id, or
// device_id with code.
func findID(ctx context.Context, tx *store.Tx, p lintel.Principal, in client.AccessCodesGetParams, isManaged bool) (string, error) {
	if in.AccessCodeID != "" {
		return in.AccessCodeID, nil
	}
	if in.DeviceID == "" || in.Code == "" {
		return "", invalid("access_code_id", "Required: give access_code_id, or device_id with code")
	}
	if _, err := device(ctx, tx, p, in.DeviceID); err != nil {
		return "", err
	}
	rows, err := tx.ListAccessCodes(ctx, p.WorkspaceID, store.AccessCodeFilter{IsManaged: isManaged,
		DeviceIDs: []string{in.DeviceID}, Code: in.Code}, page.Request{Limit: 1})
	if err != nil {
		return "", err
	}
	if len(rows) == 0 {
		return "", errAccessCodeNotFound
	}
	return rows[0].AccessCodeID, nil
}

// List returns one page of the caller's managed codes, oldest first.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.AccessCodesListParams) ([]client.AccessCode, page.Pagination, error) {
	var out []client.AccessCode
	var pg page.Pagination
	if in.DeviceID == "" && in.AccessCodeIDs == nil && in.AccessGrantID == "" && in.AccessGrantKey == "" &&
		in.AccessMethodID == "" && in.UserIdentifierKey == "" {
		return nil, pg, invalid("device_id", "Required: give device_id, access_code_ids, access_grant_id, access_grant_key, access_method_id or user_identifier_key")
	}
	r, err := page.ListRequest(in, defaultListLimit)
	if err != nil {
		return nil, pg, err
	}
	err = s.store.View(ctx, func(tx *store.Tx) error {
		f := store.AccessCodeFilter{IsManaged: true, AccessCodeIDs: in.AccessCodeIDs, Search: in.Search}
		if in.DeviceID != "" {
			if _, err := device(ctx, tx, p, in.DeviceID); err != nil {
				return err
			}
			f.DeviceIDs = []string{in.DeviceID}
		}
		if in.AccessGrantID != "" || in.AccessGrantKey != "" || in.AccessMethodID != "" {
			ids, err := codesOfGrant(ctx, tx, p.WorkspaceID, in.AccessGrantID, in.AccessGrantKey, in.AccessMethodID)
			if err != nil {
				return err
			}
			f.AccessCodeIDs = intersect(f.AccessCodeIDs, ids)
		}
		if in.CustomerKey != "" {
			f.AccessCodeIDs = []string{} // lintel keeps no customer keys on codes
		}
		accounts, err := sessionAccounts(ctx, tx, p)
		if err != nil {
			return err
		}
		if in.UserIdentifierKey != "" {
			keyed, err := accountsOfKey(ctx, tx, p.WorkspaceID, in.UserIdentifierKey)
			if err != nil {
				return err
			}
			accounts = intersect(accounts, keyed)
		}
		f.ConnectedAccountIDs = accounts
		rows, err := tx.ListAccessCodes(ctx, p.WorkspaceID, f, r)
		if err != nil {
			return err
		}
		rows, pg = page.Result(r, rows, func(c store.AccessCode) page.Key { return page.Key{CreatedAt: c.CreatedAt, ID: c.AccessCodeID} })
		avail, err := s.backupAvailable(ctx, tx, p.WorkspaceID, rows)
		if err != nil {
			return err
		}
		out = make([]client.AccessCode, len(rows))
		for i, c := range rows {
			out[i] = present(c, avail[c.DeviceID])
		}
		return nil
	})
	return out, pg, err
}

// accountsOfKey is the connected accounts of the live client session with
// this user identifier key; none if there is none.
func accountsOfKey(ctx context.Context, tx *store.Tx, ws, key string) ([]string, error) {
	cs, err := tx.LiveClientSessionByUserIdentifierKey(ctx, ws, key)
	if err != nil {
		return []string{}, ignoreNotFound(err)
	}
	return append([]string{}, cs.ConnectedAccountIDs...), nil
}

func ignoreNotFound(err error) error {
	if err == nil || notFound(err, errAccessCodeNotFound) == errAccessCodeNotFound {
		return nil
	}
	return err
}

// intersect is b narrowed to a; a nil a does not narrow.
func intersect(a, b []string) []string {
	if a == nil {
		return b
	}
	out := []string{}
	for _, x := range b {
		if contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}

// GenerateCode returns a code the device would accept and does not hold.
func (s *Service) GenerateCode(ctx context.Context, p lintel.Principal, in client.AccessCodesGenerateCodeParams) (client.AccessCode, error) {
	var out client.AccessCode
	err := s.store.View(ctx, func(tx *store.Tx) error {
		d, err := device(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		codes, err := tx.AccessCodesOfDevice(ctx, p.WorkspaceID, d.DeviceID)
		if err != nil {
			return err
		}
		code, err := generate(d, codes, 0)
		if err != nil {
			return err
		}
		// A code nothing holds yet: it has an id of its own, never stored.
		out = present(store.AccessCode{AccessCodeID: lintel.NewID(), WorkspaceID: p.WorkspaceID, DeviceID: d.DeviceID,
			Code: &code, Status: statusUnset, CreatedAt: tx.Now()}, false)
		return nil
	})
	return out, err
}
