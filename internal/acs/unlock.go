package acs

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// Error types of unlock attempts that end in "error"; the SDKs raise them
// as the failed attempt's error code.
const (
	errNoAccess            = "no_access_to_entrance"
	errUserSuspended       = "acs_user_suspended"
	errCredentialNotActive = "acs_credential_not_active"
	errUnlockNotConfirmed  = "failed_to_unlock_on_acs_system"
)

// UnlockEntrance opens an entrance remotely with a cloud_key credential and
// returns the action attempt that tracks it.
//
// What the request itself gets wrong is answered at once: an entrance or
// credential not of the workspace is not found, a credential that is not a
// cloud key or an entrance that cannot be opened with one is invalid input.
// What the access system would turn down at the door (a credential that
// does not open this entrance, whose user is suspended, or that is outside
// its validity window) ends the attempt in "error", as a refusal from the
// system would. Otherwise the unlock goes to the system's connector: an
// inline system confirms it in this transaction (the attempt answers
// "success"); a queued one leaves it pending until a worker has it.
func (s *Service) UnlockEntrance(ctx context.Context, p lintel.Principal, in client.AcsEntrancesUnlockParams) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		id, err := s.unlock(ctx, tx, p.WorkspaceID, in)
		if err != nil {
			return err
		}
		out, err = attempt.Load(ctx, tx, p.WorkspaceID, id)
		return err
	})
	return out, err
}

// unlock checks the request, starts its attempt and either ends it with a
// refusal or hands the unlock to the connector; it returns the attempt's id.
func (s *Service) unlock(ctx context.Context, tx *store.Tx, ws string, in client.AcsEntrancesUnlockParams) (string, error) {
	e, err := tx.AcsEntrance(ctx, ws, in.AcsEntranceID)
	if err != nil {
		return "", notFound(err, errEntranceNotFound)
	}
	c, err := tx.AcsCredential(ctx, ws, in.AcsCredentialID)
	if err != nil {
		return "", notFound(err, errCredentialNotFound)
	}
	if c.AccessMethod != "cloud_key" {
		return "", invalid("acs_credential_id", "Only a credential with access_method cloud_key unlocks an entrance remotely; this one is a "+c.AccessMethod)
	}
	if !e.CanUnlockWithCloudKey {
		return "", invalid("acs_entrance_id", "The entrance cannot be unlocked with a cloud_key credential")
	}
	var user *store.AcsUser
	if c.AcsUserID != nil {
		u, err := tx.AcsUser(ctx, ws, *c.AcsUserID)
		if err != nil {
			return "", err
		}
		user = &u
	}
	id, err := attempt.Start(ctx, tx, ws, attempt.UnlockDoor)
	if err != nil {
		return "", err
	}
	errType, msg, err := refusal(ctx, tx, e, c, user)
	if err != nil {
		return "", err
	}
	if errType != "" {
		return id, attempt.Fail(ctx, tx, s.events, ws, id, errType, msg)
	}
	sys, err := tx.AcsSystem(ctx, ws, e.AcsSystemID)
	if err != nil {
		return "", err
	}
	m := connector.Mutation{Kind: connector.UnlockEntrance, ObjectID: id,
		CredentialExternalID: c.ExternalID, EntranceExternalID: e.ExternalID}
	if user != nil {
		// On a queued system the unlock waits for the user's earlier
		// changes, the issue of the credential among them.
		m.UserExternalID = user.ExternalID
	}
	// An unlock leaves no pending mutation on any object: its attempt is
	// what callers watch.
	return id, s.push(ctx, tx, sys, m, "", "")
}

// refusal says why the access system would not let credential c of user u
// open entrance e, as an attempt error type and message; "" if it would.
func refusal(ctx context.Context, tx *store.Tx, e store.AcsEntrance, c store.AcsCredential, u *store.AcsUser) (string, string, error) {
	now := tx.Now()
	switch {
	case c.AcsSystemID != e.AcsSystemID:
		return errNoAccess, "The credential belongs to another access system than the entrance", nil
	case u != nil && u.IsSuspended:
		return errUserSuspended, "The credential's user is suspended", nil
	case c.StartsAt != nil && now.Before(*c.StartsAt), c.EndsAt != nil && !now.Before(*c.EndsAt):
		return errCredentialNotActive, "The credential is not valid at this time", nil
	}
	rows, err := tx.AcsEntrances(ctx, e.WorkspaceID, store.AcsEntranceFilter{AcsEntranceIDs: []string{e.AcsEntranceID},
		AcsCredentialID: c.AcsCredentialID})
	if err != nil {
		return "", "", err
	}
	if len(rows) == 0 {
		return errNoAccess, "The credential does not open this entrance", nil
	}
	return "", "", nil
}

// finishUnlock ends the attempt of an unlock the access system confirmed.
func (s *Service) finishUnlock(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	return attempt.Succeed(ctx, tx, s.events, m.WorkspaceID, m.ObjectID, client.UnlockDoorResult{WasConfirmedByDevice: true})
}

// failUnlock ends the attempt of an unlock the access system never
// confirmed.
func (s *Service) failUnlock(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	return attempt.Fail(ctx, tx, s.events, m.WorkspaceID, m.ObjectID, errUnlockNotConfirmed, "The access system did not confirm the unlock")
}
