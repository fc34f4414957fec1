package instantkey

import (
	"context"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

// Visit is a key's page as its holder sees it: the key, its workspace's
// name and, while the key works, what its identity may open.
type Visit struct {
	Key       store.InstantKey
	Workspace string
	// Locks are the managed locks the identity may open: those its
	// granted access grants name, directly or through their spaces, and
	// those it was given access to (grant_access_to_device). Entrances
	// are the access system entrances it may open.
	Locks     []client.Device
	Entrances []client.AcsEntrance
}

// UsesLeft is how many unlocks the key still allows.
func (v Visit) UsesLeft() int { return max(v.Key.MaxUseCount-v.Key.UseCount, 0) }

// Open finds the key of a page's token and what it opens. A token that
// names no key (a deleted one) is ErrInvalidLink; a key whose uses are
// spent is ErrSpent, one past its expiry or whose client session was
// revoked ErrExpired, each with the Visit filled as far as the key, its
// workspace and its locks (the page names the lock its last use opened).
func (s *Service) Open(ctx context.Context, token string) (Visit, error) {
	var v Visit
	var ended error
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var err error
		v, err = s.visit(ctx, tx, token)
		if errors.Is(err, ErrSpent) || errors.Is(err, ErrExpired) {
			ended = err
		} else if err != nil {
			return err
		}
		ids, err := s.deviceIDs(ctx, tx, v.Key)
		if err != nil {
			return err
		}
		v.Locks, err = s.locks.ManagedLocksTx(ctx, tx, v.Key.WorkspaceID, ids)
		return err
	})
	if err != nil {
		return v, err
	}
	if ended != nil {
		return v, ended
	}
	v.Entrances, err = s.identities.ListAccessibleEntrances(ctx, lintel.Principal{Kind: lintel.AuthSystem,
		WorkspaceID: v.Key.WorkspaceID}, v.Key.UserIdentityID)
	return v, err
}

// deviceIDs are the devices the key's identity may open: those its
// granted access grants name and those it was given access to.
func (s *Service) deviceIDs(ctx context.Context, tx *store.Tx, k store.InstantKey) ([]string, error) {
	granted, err := s.grants.DeviceIDsOfIdentityTx(ctx, tx, k.WorkspaceID, k.UserIdentityID)
	if err != nil {
		return nil, err
	}
	direct, err := s.identities.AccessibleDeviceIDsTx(ctx, tx, k.WorkspaceID, k.UserIdentityID)
	if err != nil {
		return nil, err
	}
	return lintel.Distinct(granted, direct), nil
}

// visit loads the key of token and its workspace's name, and says whether
// the key still works.
func (s *Service) visit(ctx context.Context, tx *store.Tx, token string) (Visit, error) {
	var v Visit
	if token == "" {
		return v, ErrInvalidLink
	}
	k, err := tx.InstantKeyByToken(ctx, secret.HashLong(token))
	if errors.Is(err, store.ErrNotFound) {
		return v, ErrInvalidLink
	}
	if err != nil {
		return v, err
	}
	v.Key = k
	w, err := tx.Workspace(ctx, k.WorkspaceID)
	if err != nil {
		return v, err
	}
	v.Workspace = w.Name
	switch {
	case k.UseCount >= k.MaxUseCount:
		return v, ErrSpent
	case !tx.Now().Before(k.ExpiresAt):
		return v, ErrExpired
	}
	if _, err := tx.LiveClientSession(ctx, k.WorkspaceID, k.ClientSessionID); errors.Is(err, store.ErrNotFound) {
		return v, ErrExpired
	} else if err != nil {
		return v, err
	}
	return v, nil
}

// Unlock opens one of the identity's locks through a key's page, as
// /locks/unlock_door does (an UNLOCK_DOOR action attempt handed to the
// lock's connector), and counts one use of the key, in one transaction.
// The use that spends the key expires it and revokes its client session.
// A lock the identity may not open is ErrNotYours; a lock that
// cannot be unlocked remotely is invalid input, and costs no use. Nor does
// an attempt that failed at once (a lock lintel knows to be offline): the
// page says why, and the guest may try again when the lock is back.
func (s *Service) Unlock(ctx context.Context, token, deviceID string) (Visit, client.ActionAttempt, error) {
	var v Visit
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = s.visit(ctx, tx, token); err != nil {
			return err
		}
		ws := v.Key.WorkspaceID
		ids, err := s.deviceIDs(ctx, tx, v.Key)
		if err != nil {
			return err
		}
		if !slices.Contains(ids, deviceID) {
			return ErrNotYours
		}
		if out, err = s.locks.UnlockDoorTx(ctx, tx, ws, deviceID); err != nil {
			return err
		}
		k := v.Key
		if out.Status != client.ActionAttemptStatusError {
			k, err = tx.UseInstantKey(ctx, ws, v.Key.InstantKeyID)
			if errors.Is(err, store.ErrNotFound) {
				return ErrSpent // another use took the last one first; the attempt rolls back
			}
			if err != nil {
				return err
			}
			v.Key = k
		}
		// The key's holder acts through the key's client session.
		p := lintel.Principal{Kind: lintel.AuthClientSession, WorkspaceID: ws, ActorID: k.ClientSessionID,
			UserIdentityIDs: []string{k.UserIdentityID}, RequestID: lintel.RequestIDFrom(ctx)}
		if err := audit.Record(ctx, tx, p, "instant_key.unlock", "device", deviceID, audit.Succeeded); err != nil {
			return err
		}
		if k.UseCount >= k.MaxUseCount {
			return s.endSession(ctx, tx, p, k.ClientSessionID)
		}
		return nil
	})
	return v, out, err
}
