package acs

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// This file is what the user identity domain (internal/identity) needs from
// the ACS domain, in the caller's transaction.

// CreateUserForIdentityTx gives an identity a user on an access system: an
// existing user of that system with the identity's email address or phone
// number and no identity yet is linked; otherwise a new user is created
// with the identity's details and handed to the system's connector.
func (s *Service) CreateUserForIdentityTx(ctx context.Context, tx *store.Tx, p lintel.Principal, ident store.UserIdentity, acsSystemID string) error {
	sys, err := tx.AcsSystem(ctx, p.WorkspaceID, acsSystemID)
	if err != nil {
		return notFound(err, errSystemNotFound)
	}
	_, err = s.userForIdentity(ctx, tx, sys, ident.UserIdentityID)
	return err
}

// PresentUsersTx turns stored users of the workspace into API objects.
func (s *Service) PresentUsersTx(ctx context.Context, tx *store.Tx, workspaceID string, users []store.AcsUser) ([]client.AcsUser, error) {
	return s.presentUsers(ctx, tx, workspaceID, users)
}

// PresentEntrancesTx turns stored entrances of the workspace into API
// objects.
func PresentEntrancesTx(ctx context.Context, tx *store.Tx, workspaceID string, entrances []store.AcsEntrance) ([]client.AcsEntrance, error) {
	accountOf := map[string]string{}
	out := make([]client.AcsEntrance, 0, len(entrances))
	for _, e := range entrances {
		ca, ok := accountOf[e.AcsSystemID]
		if !ok {
			sys, err := tx.AcsSystem(ctx, workspaceID, e.AcsSystemID)
			if err != nil {
				return nil, err
			}
			ca = sys.ConnectedAccountID
			accountOf[e.AcsSystemID] = ca
		}
		out = append(out, client.AcsEntrance{
			AcsEntranceID: e.AcsEntranceID, AcsSystemID: e.AcsSystemID, ConnectedAccountID: ca,
			CreatedAt: client.NewTime(e.CreatedAt), DisplayName: e.DisplayName, SpaceIDs: []string{},
			CanUnlockWithCard: e.CanUnlockWithCard, CanUnlockWithCode: e.CanUnlockWithCode,
			CanUnlockWithMobileKey: e.CanUnlockWithMobileKey, CanUnlockWithCloudKey: e.CanUnlockWithCloudKey,
			Errors: []client.AcsError{}, Warnings: []client.AcsWarning{},
		})
	}
	return out, withSpaces(ctx, tx, workspaceID, out)
}
