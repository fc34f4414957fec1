package acs

import (
	"context"
	"errors"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
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

// GetAccessGroup returns one live access group of the caller's workspace.
func (s *Service) GetAccessGroup(ctx context.Context, p lintel.Principal, groupID string) (client.AcsAccessGroup, error) {
	var out client.AcsAccessGroup
	err := s.store.View(ctx, func(tx *store.Tx) error {
		g, err := accessGroupInScope(ctx, tx, p, groupID)
		if err != nil {
			return err
		}
		groups, err := s.presentAccessGroups(ctx, tx, p.WorkspaceID, []store.AcsAccessGroup{g})
		if err == nil {
			out = groups[0]
		}
		return err
	})
	return out, err
}

// accessGroupInScope loads a live group the caller may see: a client
// session sees only groups with a member of its identities.
func accessGroupInScope(ctx context.Context, tx *store.Tx, p lintel.Principal, groupID string) (store.AcsAccessGroup, error) {
	g, err := tx.AcsAccessGroup(ctx, p.WorkspaceID, groupID)
	if err != nil {
		return g, notFound(err, errAccessGroupNotFound)
	}
	if p.IsClientSession() {
		ok, err := tx.AccessGroupHasMemberOf(ctx, p.WorkspaceID, g.AcsAccessGroupID, p.UserIdentityIDs)
		if err != nil {
			return g, err
		}
		if !ok {
			return g, errAccessGroupNotFound
		}
	}
	return g, nil
}

// ListAccessGroups returns the workspace's live access groups. A filter
// naming an object that is not in the workspace is not found.
func (s *Service) ListAccessGroups(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsListParams) ([]client.AcsAccessGroup, error) {
	var out []client.AcsAccessGroup
	err := s.store.View(ctx, func(tx *store.Tx) error {
		err := checkFilterIDs(ctx, tx, p, filterIDs{AcsSystemID: in.AcsSystemID, AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID})
		if err != nil {
			return err
		}
		rows, err := tx.ListAcsAccessGroups(ctx, p.WorkspaceID, store.AcsAccessGroupFilter{AcsSystemID: in.AcsSystemID,
			AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, Search: in.Search})
		if err != nil {
			return err
		}
		out, err = s.presentAccessGroups(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, err
}

// AddUserToAccessGroup adds a user, named by id or by user identity, to an
// access group; as acs/users/add_to_access_group, the user must belong to
// the group's system.
func (s *Service) AddUserToAccessGroup(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsAddUserParams) error {
	if err := checkOneHolder(in.AcsUserID, in.UserIdentityID, true); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		g, err := tx.AcsAccessGroup(ctx, p.WorkspaceID, in.AcsAccessGroupID)
		if err != nil {
			return notFound(err, errAccessGroupNotFound)
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, g.AcsSystemID)
		if err != nil {
			return err
		}
		if in.UserIdentityID == "" {
			// addToGroup refuses a user of another system.
			u, err := liveUser(ctx, tx, p.WorkspaceID, UserRef{AcsUserID: in.AcsUserID})
			if err != nil {
				return err
			}
			return s.addToGroup(ctx, tx, p, sys, u, g.AcsAccessGroupID)
		}
		u, err := s.userForIdentity(ctx, tx, sys, in.UserIdentityID)
		if err != nil {
			return err
		}
		return s.addToGroup(ctx, tx, p, sys, u, g.AcsAccessGroupID)
	})
}

// RemoveUserFromAccessGroup is acs/users/remove_from_access_group under
// the access group's name; the user is named by id or by user identity,
// not both.
func (s *Service) RemoveUserFromAccessGroup(ctx context.Context, p lintel.Principal, in client.AcsAccessGroupsRemoveUserParams) error {
	if err := checkOneHolder(in.AcsUserID, in.UserIdentityID, false); err != nil {
		return err
	}
	return s.RemoveUserFromGroup(ctx, p, client.AcsUsersRemoveFromAccessGroupParams{
		AcsAccessGroupID: in.AcsAccessGroupID, AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID})
}

// ListAccessGroupUsers returns the live users who are members of a group.
func (s *Service) ListAccessGroupUsers(ctx context.Context, p lintel.Principal, groupID string) ([]client.AcsUser, error) {
	var out []client.AcsUser
	err := s.store.View(ctx, func(tx *store.Tx) error {
		g, err := accessGroupInScope(ctx, tx, p, groupID)
		if err != nil {
			return err
		}
		users, err := tx.AccessGroupMembers(ctx, p.WorkspaceID, g.AcsAccessGroupID)
		if err != nil {
			return err
		}
		out, err = s.presentUsers(ctx, tx, p.WorkspaceID, users)
		return err
	})
	return out, err
}

// ListAccessGroupEntrances returns the entrances a group opens.
func (s *Service) ListAccessGroupEntrances(ctx context.Context, p lintel.Principal, groupID string) ([]client.AcsEntrance, error) {
	var out []client.AcsEntrance
	err := s.store.View(ctx, func(tx *store.Tx) error {
		g, err := accessGroupInScope(ctx, tx, p, groupID)
		if err != nil {
			return err
		}
		rows, err := tx.AcsEntrances(ctx, p.WorkspaceID, store.AcsEntranceFilter{AcsAccessGroupID: g.AcsAccessGroupID})
		if err != nil {
			return err
		}
		out, err = presentEntrances(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, err
}

// DeleteAccessGroup deletes a group: in one transaction it leaves the API
// (a tombstone stays), its members leave it (each removal handed to the
// system's connector), an audit row records who did it and
// acs_access_group.deleted is recorded. Deleting again is not found.
func (s *Service) DeleteAccessGroup(ctx context.Context, p lintel.Principal, groupID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		g, err := accessGroupInScope(ctx, tx, p, groupID)
		if err != nil {
			return err
		}
		members, err := tx.AccessGroupMembers(ctx, p.WorkspaceID, g.AcsAccessGroupID)
		if err != nil {
			return err
		}
		if err := tx.DeleteAcsAccessGroup(ctx, p.WorkspaceID, g.AcsAccessGroupID); err != nil {
			return notFound(err, errAccessGroupNotFound)
		}
		if err := audit.Record(ctx, tx, p, "acs_access_group.delete", "acs_access_group", g.AcsAccessGroupID, audit.Succeeded); err != nil {
			return err
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, g.AcsSystemID)
		if err != nil {
			return err
		}
		for _, u := range members {
			if err := s.push(ctx, tx, sys, connector.Mutation{Kind: connector.RemoveFromGroup, ObjectID: u.AcsUserID,
				UserExternalID: u.ExternalID, GroupExternalID: g.ExternalID},
				pendingCodeOf(connector.RemoveFromGroup), "Removing the user from a deleted access group on the access system"); err != nil {
				return err
			}
		}
		return s.events.Record(ctx, tx, p.WorkspaceID, client.Event{EventType: event.AcsAccessGroupDeleted,
			AcsSystemID: g.AcsSystemID, ConnectedAccountID: g.ConnectedAccountID, AcsAccessGroupID: g.AcsAccessGroupID})
	})
}

// presentAccessGroups turns stored groups into API objects, with their
// pending mutations.
func (s *Service) presentAccessGroups(ctx context.Context, tx *store.Tx, workspaceID string, groups []store.AcsAccessGroup) ([]client.AcsAccessGroup, error) {
	pending, err := pendingMutationsOf(ctx, tx, workspaceID, groups, func(g store.AcsAccessGroup) string { return g.AcsAccessGroupID })
	if err != nil {
		return nil, err
	}
	out := make([]client.AcsAccessGroup, len(groups))
	for i, g := range groups {
		c := client.AcsAccessGroup{
			AcsAccessGroupID: g.AcsAccessGroupID, AcsSystemID: g.AcsSystemID, WorkspaceID: g.WorkspaceID,
			ConnectedAccountID: g.ConnectedAccountID, Name: g.Name, DisplayName: g.Name,
			AccessGroupType: g.AccessGroupType, AccessGroupTypeDisplayName: g.AccessGroupTypeDisplayName,
			ExternalType: g.AccessGroupType, ExternalTypeDisplayName: g.AccessGroupTypeDisplayName,
			CreatedAt: client.NewTime(g.CreatedAt), IsManaged: true,
			PendingMutations: []client.PendingMutation{}, Errors: []client.AcsError{}, Warnings: []client.AcsWarning{},
		}
		if g.AccessStartsAt != nil {
			c.AccessSchedule = &client.AccessSchedule{StartsAt: client.NewTime(*g.AccessStartsAt), EndsAt: timePtr(g.AccessEndsAt)}
		}
		for _, m := range pending[g.AcsAccessGroupID] {
			c.PendingMutations = append(c.PendingMutations, client.PendingMutation{
				CreatedAt: client.NewTime(m.CreatedAt), Message: m.Message, MutationCode: m.MutationCode})
		}
		out[i] = c
	}
	return out, nil
}
