package acs

import (
	"context"
	"errors"
	"time"

	"github.com/lintel-dev/lintel"
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
