package acs

import (
	"context"
	"errors"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// AddUserToGroup adds a user to an access group of the same system.
func (s *Service) AddUserToGroup(ctx context.Context, p lintel.Principal, in client.AcsUsersAddToAccessGroupParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		u, err := findUser(ctx, tx, p.WorkspaceID, UserRef{AcsUserID: in.AcsUserID})
		if err != nil {
			return err
		}
		if u.DeleteRequestedAt != nil {
			return errUserNotFound
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, u.AcsSystemID)
		if err != nil {
			return err
		}
		return s.addToGroup(ctx, tx, p, sys, u, in.AcsAccessGroupID)
	})
}

// addToGroup adds u to the group within tx. A group of another system is
// refused; adding an existing member changes nothing.
func (s *Service) addToGroup(ctx context.Context, tx *store.Tx, p lintel.Principal, sys store.AcsSystem, u store.AcsUser, groupID string) error {
	g, err := tx.AcsAccessGroup(ctx, p.WorkspaceID, groupID)
	if err != nil {
		return notFound(err, errAccessGroupNotFound)
	}
	if g.AcsSystemID != u.AcsSystemID {
		var v lintel.InvalidInput
		v.Add("acs_access_group_id", "The access group belongs to another access system than the user")
		return v.Err()
	}
	added, err := tx.AddAccessGroupMember(ctx, p.WorkspaceID, g.AcsAccessGroupID, u.AcsUserID)
	if err != nil || !added {
		return err
	}
	return s.push(ctx, tx, sys, connector.Mutation{Kind: connector.AddToGroup, ObjectID: u.AcsUserID,
		UserExternalID: u.ExternalID, GroupExternalID: g.ExternalID},
		"updating_group_membership", "Adding the user to an access group on the access system")
}

// RemoveUserFromGroup removes a user, named by id or by user identity, from
// an access group.
func (s *Service) RemoveUserFromGroup(ctx context.Context, p lintel.Principal, in client.AcsUsersRemoveFromAccessGroupParams) error {
	if in.AcsUserID == "" && in.UserIdentityID == "" {
		var v lintel.InvalidInput
		v.Add("acs_user_id", "Required: give acs_user_id or user_identity_id")
		return v.Err()
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		g, err := tx.AcsAccessGroup(ctx, p.WorkspaceID, in.AcsAccessGroupID)
		if err != nil {
			return notFound(err, errAccessGroupNotFound)
		}
		u, err := findUser(ctx, tx, p.WorkspaceID, UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: g.AcsSystemID})
		if err != nil {
			return err
		}
		if err := tx.RemoveAccessGroupMember(ctx, p.WorkspaceID, g.AcsAccessGroupID, u.AcsUserID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return lintel.NotFound("acs_user", "The user is not a member of the access group")
			}
			return err
		}
		if err := audit.Record(ctx, tx, p, "acs_access_group.remove_user", "acs_user", u.AcsUserID, audit.Succeeded); err != nil {
			return err
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, g.AcsSystemID)
		if err != nil {
			return err
		}
		return s.push(ctx, tx, sys, connector.Mutation{Kind: connector.RemoveFromGroup, ObjectID: u.AcsUserID,
			UserExternalID: u.ExternalID, GroupExternalID: g.ExternalID},
			"updating_group_membership", "Removing the user from an access group on the access system")
	})
}
