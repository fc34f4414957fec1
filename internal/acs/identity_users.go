package acs

import (
	"cmp"
	"context"
	"errors"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// userForIdentity returns the live user of a user identity on a system, for
// the routes that name a user by identity (credentials/create and assign,
// access_groups/add_user, entrances/grant_access). As Seam documents, a user
// of the system that belongs to no identity and has the identity's email
// address or phone number is linked to it, and if there is none a user is
// created for the identity. Both lookups stay within the workspace: an
// identity of another workspace is not found.
func (s *Service) userForIdentity(ctx context.Context, tx *store.Tx, sys store.AcsSystem, identityID string) (store.AcsUser, error) {
	ws := sys.WorkspaceID
	ident, err := tx.UserIdentity(ctx, ws, identityID)
	if err != nil {
		return store.AcsUser{}, notFound(err, errIdentityNotFound)
	}
	u, err := tx.AcsUserOfIdentity(ctx, ws, identityID, sys.AcsSystemID)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return u, err
	}
	u, err = tx.UnlinkedAcsUserMatching(ctx, ws, sys.AcsSystemID, ident.EmailAddress, ident.PhoneNumber)
	switch {
	case err == nil:
		u.UserIdentityID = &ident.UserIdentityID
		if err := tx.UpdateAcsUser(ctx, ws, u); err != nil {
			return u, err
		}
	case errors.Is(err, store.ErrNotFound):
		now := tx.Now()
		u = store.AcsUser{AcsUserID: lintel.NewID(), AcsSystemID: sys.AcsSystemID, UserIdentityID: &ident.UserIdentityID,
			ExternalID: lintel.NewID(), FullName: ident.FullName, EmailAddress: ident.EmailAddress,
			PhoneNumber: ident.PhoneNumber, IsManaged: true, CreatedAt: now, LastSuccessfulSyncAt: &now}
		if u.FullName == nil {
			u.FullName = strPtr(cmp.Or(deref(ident.EmailAddress), deref(ident.PhoneNumber), deref(ident.UserIdentityKey)))
		}
		if err := tx.InsertAcsUser(ctx, ws, u); err != nil {
			return u, err
		}
		if err := s.push(ctx, tx, sys, connector.Mutation{Kind: connector.CreateUser, ObjectID: u.AcsUserID,
			User: providerUser(u)}, "creating", "Creating the user on the access system"); err != nil {
			return u, err
		}
	default:
		return u, err
	}
	return tx.AcsUser(ctx, ws, u.AcsUserID)
}
