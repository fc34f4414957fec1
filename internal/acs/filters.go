package acs

import (
	"context"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
)

// filterIDs are the object ids a list may be filtered by.
type filterIDs struct {
	AcsSystemID, AcsUserID, UserIdentityID, AcsCredentialID, ConnectedAccountID string
}

// checkFilterIDs looks every filter id up in the caller's workspace (and,
// for a client session, its scope): an unknown id is not found, exactly as
// an id of another workspace.
func checkFilterIDs(ctx context.Context, tx *store.Tx, p lintel.Principal, f filterIDs) error {
	ws := p.WorkspaceID
	if f.ConnectedAccountID != "" {
		if _, err := tx.ConnectedAccount(ctx, ws, f.ConnectedAccountID); err != nil {
			return notFound(err, lintel.NotFound("connected_account", "Connected account not found"))
		}
	}
	if f.AcsSystemID != "" {
		if _, err := tx.AcsSystem(ctx, ws, f.AcsSystemID); err != nil {
			return notFound(err, errSystemNotFound)
		}
	}
	if f.AcsUserID != "" {
		ident, err := tx.AcsUserIdentity(ctx, ws, f.AcsUserID)
		if err != nil {
			return notFound(err, errUserNotFound)
		}
		if !identityInScope(p, ident) {
			return errUserNotFound
		}
	}
	if f.UserIdentityID != "" {
		if _, err := tx.UserIdentity(ctx, ws, f.UserIdentityID); err != nil {
			return notFound(err, errIdentityNotFound)
		}
		if p.IsClientSession() && !slices.Contains(p.UserIdentityIDs, f.UserIdentityID) {
			return errIdentityNotFound
		}
	}
	if f.AcsCredentialID != "" {
		if _, err := credentialInScope(ctx, tx, p, f.AcsCredentialID); err != nil {
			return err
		}
	}
	return nil
}
