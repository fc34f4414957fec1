package acs

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// This file is what access grants (internal/grant) need from the ACS
// domain, in the caller's transaction.

// GrantCredentialTx gives a user identity a credential of one access
// method on a system, opening the listed entrances of that system, and
// hands it to the system's connector. The identity's user on the system is
// found, linked or created as for acs/credentials/create with a user
// identity; createdUserID is that user's id when this call created it. A
// code credential gets code, or a random one.
func (s *Service) GrantCredentialTx(ctx context.Context, tx *store.Tx, sys store.AcsSystem, userIdentityID, accessMethod, code string,
	entranceIDs []string, starts, ends *time.Time) (c store.AcsCredential, createdUserID string, err error) {
	ws := sys.WorkspaceID
	_, err = tx.AcsUserOfIdentity(ctx, ws, userIdentityID, sys.AcsSystemID)
	existed := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return c, "", err
	}
	u, err := s.userForIdentity(ctx, tx, sys, userIdentityID)
	if err != nil {
		return c, "", err
	}
	if !existed && u.CreatedAt.Equal(tx.Now()) {
		createdUserID = u.AcsUserID
	}
	c = store.AcsCredential{AcsCredentialID: lintel.NewID(), AcsSystemID: sys.AcsSystemID, AcsUserID: &u.AcsUserID,
		ExternalID: lintel.NewID(), AccessMethod: accessMethod, DisplayName: credentialDisplayName(u, accessMethod),
		ExternalType: strPtr(credentialExternalType[sys.ExternalType]), StartsAt: starts, EndsAt: ends, CreatedAt: tx.Now()}
	if accessMethod == "code" {
		if code == "" {
			if code, err = randomCode(); err != nil {
				return c, "", err
			}
		}
		c.Code = &code
	}
	if err := s.issue(ctx, tx, sys, u, c, entranceIDs); err != nil {
		return c, "", err
	}
	c, err = tx.AcsCredential(ctx, ws, c.AcsCredentialID)
	return c, createdUserID, err
}

// AwaitsEncodingTx reports whether a live credential is a card that is
// issued only when an encoder writes it.
func AwaitsEncodingTx(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID string) (bool, error) {
	return awaitsEncoding(ctx, tx, workspaceID, acsCredentialID)
}

// SetCredentialTimesTx moves the validity of a live credential of the
// workspace and hands the change to its system's connector; a credential
// gone is left alone.
func (s *Service) SetCredentialTimesTx(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID string, starts, ends *time.Time) error {
	c, err := tx.AcsCredential(ctx, workspaceID, acsCredentialID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if sameTime(c.StartsAt, starts) && sameTime(c.EndsAt, ends) {
		return nil
	}
	c.StartsAt, c.EndsAt = starts, ends
	if err := tx.UpdateAcsCredential(ctx, workspaceID, c); err != nil {
		return err
	}
	return s.pushCredentialUpdate(ctx, tx, c, "Updating the credential's validity on the access system")
}

// SetCredentialEntrancesTx makes the entrances of its system that a live
// credential of the workspace opens exactly entranceIDs, and hands the
// change to the system's connector; it reports whether anything changed. A
// credential gone is left alone. The links are lintel's: a removed entrance
// stops opening for the credential at once, whatever the connector does.
func (s *Service) SetCredentialEntrancesTx(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID string, entranceIDs []string) (bool, error) {
	c, err := tx.AcsCredential(ctx, workspaceID, acsCredentialID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	current, err := tx.AcsEntrances(ctx, workspaceID, store.AcsEntranceFilter{AcsCredentialID: c.AcsCredentialID})
	if err != nil {
		return false, err
	}
	changed := false
	for _, e := range current {
		if slices.Contains(entranceIDs, e.AcsEntranceID) {
			continue
		}
		removed, err := tx.RemoveAcsCredentialEntrance(ctx, workspaceID, c.AcsCredentialID, e.AcsEntranceID)
		if err != nil {
			return false, err
		}
		changed = changed || removed
	}
	for _, id := range entranceIDs {
		added, err := tx.AddAcsCredentialEntrance(ctx, workspaceID, c.AcsCredentialID, id)
		if err != nil {
			return false, err
		}
		changed = changed || added
	}
	if !changed {
		return false, nil
	}
	return true, s.pushCredentialUpdate(ctx, tx, c, "Updating the entrances the credential opens on the access system")
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// PresentCredentialsTx turns stored credentials of the workspace into API
// objects.
func (s *Service) PresentCredentialsTx(ctx context.Context, tx *store.Tx, workspaceID string, creds []store.AcsCredential) ([]client.AcsCredential, error) {
	return s.presentCredentials(ctx, tx, workspaceID, creds)
}

// UnlockTx unlocks an entrance with a cloud key credential of the
// workspace, as acs/entrances/unlock does, in the caller's transaction; it
// returns the attempt's id.
func (s *Service) UnlockTx(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID, acsEntranceID string) (string, error) {
	return s.unlock(ctx, tx, workspaceID, client.AcsEntrancesUnlockParams{AcsCredentialID: acsCredentialID, AcsEntranceID: acsEntranceID})
}

// AssignCardTx gives a live card credential of the workspace the number
// of a physical card and issues it.
func (s *Service) AssignCardTx(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID, cardNumber string) error {
	c, err := tx.AcsCredential(ctx, workspaceID, acsCredentialID)
	if err != nil {
		return notFound(err, errCredentialNotFound)
	}
	if c.AccessMethod != "card" {
		return invalid("access_method_id", "Only a card credential takes a card number; this one is a "+c.AccessMethod)
	}
	return s.writeCard(ctx, tx, c, cardNumber)
}
