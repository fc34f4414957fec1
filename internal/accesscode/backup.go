package accesscode

import (
	"context"
	"math"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// everything is a page request that reads every row.
var everything = page.Request{Limit: math.MaxInt32 - 1}

// poolSize is how many backup codes a device keeps ready once a code of it
// asked for the backup pool.
const poolSize = 2

// A device's backup pool is codes programmed ahead, kept out of the lists,
// so that one can stand in at once for a time-bound code the lock lost or
// refused (access_codes/pull_backup_access_code). A pulled backup code
// takes the place of the code it stands in for until that code's ends_at,
// when it comes off the lock; the pool is topped up.

// fillPool programs backup codes on d until poolSize wait in its pool, as
// far as the device has room.
func (s *Service) fillPool(ctx context.Context, tx *store.Tx, d store.Device) error {
	codes, err := tx.AccessCodesOfDevice(ctx, d.WorkspaceID, d.DeviceID)
	if err != nil {
		return err
	}
	free := 0
	for _, c := range codes {
		if c.IsBackup && c.PulledFor == nil && c.Status != statusRemoving {
			free++
		}
	}
	for ; free < poolSize; free++ {
		if checkRoom(d, codes, 1) != nil {
			return nil
		}
		code, err := generate(d, codes, 0)
		if err != nil {
			return nil // no code left for a backup: the pool stays short
		}
		id := lintel.NewID()
		c := store.AccessCode{AccessCodeID: id, WorkspaceID: d.WorkspaceID, DeviceID: d.DeviceID, ExternalID: id,
			IsManaged: true, Code: &code, Status: statusSetting, IsBackup: true, CreatedAt: tx.Now()}
		if err := tx.InsertAccessCode(ctx, d.WorkspaceID, c); err != nil {
			return err
		}
		codes = append(codes, c)
		if err := s.program(ctx, tx, d, c, ""); err != nil {
			return err
		}
	}
	return nil
}

// backupAvailable reports, per device of the codes, whether its pool has a
// backup code on the lock ready to be pulled.
func (s *Service) backupAvailable(ctx context.Context, tx *store.Tx, ws string, codes []store.AccessCode) (map[string]bool, error) {
	out := map[string]bool{}
	for _, c := range codes {
		if _, seen := out[c.DeviceID]; seen || !c.UseBackupAccessCodePool {
			continue
		}
		all, err := tx.AccessCodesOfDevice(ctx, ws, c.DeviceID)
		if err != nil {
			return nil, err
		}
		out[c.DeviceID] = readyBackup(all) != nil
	}
	return out, nil
}

// readyBackup is the oldest code of a pool that the lock holds, or nil.
func readyBackup(codes []store.AccessCode) *store.AccessCode {
	for i, c := range codes {
		if c.IsBackup && c.PulledFor == nil && c.Status == statusSet {
			return &codes[i]
		}
	}
	return nil
}

// PullBackup takes a backup code from the device's pool to stand in for a
// time-bound code until its ends_at, and returns it. Pulling again returns
// the same backup code.
func (s *Service) PullBackup(ctx context.Context, p lintel.Principal, in client.AccessCodesPullBackupAccessCodeParams) (client.AccessCode, error) {
	var out client.AccessCode
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		c, d, err := managed(ctx, tx, p, in.AccessCodeID, "")
		if err != nil {
			return err
		}
		if c.PulledBackupAccessCodeID != nil {
			out, err = s.load(ctx, tx, p.WorkspaceID, *c.PulledBackupAccessCodeID)
			if err == nil {
				return nil
			}
		}
		switch {
		case c.StartsAt == nil || c.EndsAt == nil:
			return invalid("access_code_id", "Only a time-bound access code has backup codes")
		case !c.UseBackupAccessCodePool:
			return invalid("access_code_id", "The access code was not created with use_backup_access_code_pool")
		case c.IsBackup:
			return invalid("access_code_id", "The access code is itself a backup code")
		}
		all, err := tx.AccessCodesOfDevice(ctx, p.WorkspaceID, d.DeviceID)
		if err != nil {
			return err
		}
		b := readyBackup(all)
		if b == nil {
			return &lintel.Error{Code: "empty_backup_access_code_pool", Message: "The device has no backup access code ready"}
		}
		backup := *b
		backup.PulledFor, backup.Name, backup.EndsAt = &c.AccessCodeID, c.Name, c.EndsAt
		start := tx.Now()
		if c.StartsAt.Before(start) {
			start = *c.StartsAt
		}
		backup.StartsAt = &start
		if err := tx.UpdateAccessCode(ctx, p.WorkspaceID, backup); err != nil {
			return err
		}
		c.PulledBackupAccessCodeID = &backup.AccessCodeID
		c.Warnings = withIssue(c.Warnings, warnUsingBackup, "A backup access code stands in for this one", tx.Now())
		if err := tx.UpdateAccessCode(ctx, p.WorkspaceID, c); err != nil {
			return err
		}
		if err := s.schedule(ctx, tx, backup, nil, tx.Now()); err != nil {
			return err
		}
		e := codeEvent(event.AccessCodeBackupPulled, d, c)
		e.BackupAccessCodeID = backup.AccessCodeID
		if err := s.events.Record(ctx, tx, p.WorkspaceID, e); err != nil {
			return err
		}
		if err := s.fillPool(ctx, tx, d); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, p.WorkspaceID, backup.AccessCodeID)
		return err
	})
	return out, err
}
