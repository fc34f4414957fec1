package acs

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// defaultEntranceLimit is the spec's default page size for entrances/list;
// page.NewRequest clamps it to page.MaxLimit like any other.
const defaultEntranceLimit = 900

// GetEntrance returns one entrance of the caller's workspace.
func (s *Service) GetEntrance(ctx context.Context, p lintel.Principal, acsEntranceID string) (client.AcsEntrance, error) {
	var out client.AcsEntrance
	err := s.store.View(ctx, func(tx *store.Tx) error {
		e, err := entranceInScope(ctx, tx, p, acsEntranceID)
		if err != nil {
			return err
		}
		list, err := presentEntrances(ctx, tx, p.WorkspaceID, []store.AcsEntrance{e})
		if err == nil {
			out = list[0]
		}
		return err
	})
	return out, err
}

// entranceInScope loads an entrance the caller may see: a client session
// sees only the entrances users of its identities may open.
func entranceInScope(ctx context.Context, tx *store.Tx, p lintel.Principal, acsEntranceID string) (store.AcsEntrance, error) {
	e, err := tx.AcsEntrance(ctx, p.WorkspaceID, acsEntranceID)
	if err != nil {
		return e, notFound(err, errEntranceNotFound)
	}
	if p.IsClientSession() {
		rows, err := tx.AcsEntrances(ctx, p.WorkspaceID, store.AcsEntranceFilter{
			AcsEntranceIDs: []string{e.AcsEntranceID}, UserIdentityIDs: scopeOf(p)})
		if err != nil {
			return e, err
		}
		if len(rows) == 0 {
			return e, errEntranceNotFound
		}
	}
	return e, nil
}

// scopeOf is a client session's identities as a store filter: nil (no
// restriction) for every other caller, never nil for a client session.
func scopeOf(p lintel.Principal) []string {
	if !p.IsClientSession() {
		return nil
	}
	return append([]string{}, p.UserIdentityIDs...)
}

// ListEntrances returns one page of the workspace's entrances. A filter
// naming an object that is not in the workspace is not found.
func (s *Service) ListEntrances(ctx context.Context, p lintel.Principal, in client.AcsEntrancesListParams) ([]client.AcsEntrance, page.Pagination, error) {
	req, err := page.ListRequest(in, defaultEntranceLimit)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	f := store.AcsEntranceFilter{AcsSystemID: in.AcsSystemID, ConnectedAccountID: in.ConnectedAccountID,
		AcsCredentialID: in.AcsCredentialID, Search: in.Search, UserIdentityIDs: scopeOf(p)}
	if len(in.AcsEntranceIDs) > 0 {
		f.AcsEntranceIDs = lintel.Distinct(in.AcsEntranceIDs)
	}
	var out []client.AcsEntrance
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		err := checkFilterIDs(ctx, tx, p, filterIDs{AcsSystemID: in.AcsSystemID, AcsCredentialID: in.AcsCredentialID,
			ConnectedAccountID: in.ConnectedAccountID})
		if err != nil {
			return err
		}
		for _, id := range f.AcsEntranceIDs {
			if _, err := tx.AcsEntrance(ctx, p.WorkspaceID, id); err != nil {
				return notFound(err, errEntranceNotFound)
			}
		}
		rows, err := tx.ListAcsEntrances(ctx, p.WorkspaceID, f, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(e store.AcsEntrance) page.Key {
			return page.Key{CreatedAt: e.CreatedAt, ID: e.AcsEntranceID}
		})
		out, err = presentEntrances(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, pg, err
}

// GrantEntranceAccess lets a user of the entrance's system, named by id or
// by user identity, open the entrance directly, and hands the grant to the
// system's connector. Granting again changes nothing.
func (s *Service) GrantEntranceAccess(ctx context.Context, p lintel.Principal, in client.AcsEntrancesGrantAccessParams) error {
	if err := checkOneHolder(in.AcsUserID, in.UserIdentityID, true); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		e, err := tx.AcsEntrance(ctx, p.WorkspaceID, in.AcsEntranceID)
		if err != nil {
			return notFound(err, errEntranceNotFound)
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, e.AcsSystemID)
		if err != nil {
			return err
		}
		u, err := s.userOnSystem(ctx, tx, p, sys, in.AcsUserID, in.UserIdentityID, "acs_user_id", "entrance")
		if err != nil {
			return err
		}
		added, err := tx.GrantUserEntrance(ctx, p.WorkspaceID, u.AcsUserID, e.AcsEntranceID)
		if err != nil || !added {
			return err
		}
		return s.push(ctx, tx, sys, connector.Mutation{Kind: connector.GrantEntrance, ObjectID: u.AcsUserID,
			UserExternalID: u.ExternalID, EntranceExternalID: e.ExternalID},
			pendingCodeOf(connector.GrantEntrance), "Granting the user access to an entrance on the access system")
	})
}

// ListEntranceCredentials returns the live credentials that open an
// entrance: those allowed it themselves and those of users who may open it
// through access groups or direct grants.
func (s *Service) ListEntranceCredentials(ctx context.Context, p lintel.Principal, acsEntranceID string) ([]client.AcsCredential, error) {
	var out []client.AcsCredential
	err := s.store.View(ctx, func(tx *store.Tx) error {
		e, err := entranceInScope(ctx, tx, p, acsEntranceID)
		if err != nil {
			return err
		}
		rows, err := tx.CredentialsWithAccessTo(ctx, p.WorkspaceID, e.AcsEntranceID, scopeOf(p))
		if err != nil {
			return err
		}
		out, err = s.presentCredentials(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, err
}

// ListUserEntrances returns the entrances a user may open: those of its
// access groups, its direct grants and those of its credentials.
func (s *Service) ListUserEntrances(ctx context.Context, p lintel.Principal, ref UserRef) ([]client.AcsEntrance, error) {
	var out []client.AcsEntrance
	err := s.store.View(ctx, func(tx *store.Tx) error {
		u, err := findUser(ctx, tx, p.WorkspaceID, ref)
		if err != nil {
			return err
		}
		if !inScope(p, u) {
			return errUserNotFound
		}
		rows, err := tx.AcsEntrances(ctx, p.WorkspaceID, store.AcsEntranceFilter{AcsUserID: u.AcsUserID})
		if err != nil {
			return err
		}
		out, err = presentEntrances(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, err
}

// RevokeUserAccess takes a user out of every access group and ends its
// direct entrance grants, handing each change to the system's connector;
// an audit row records who did it. The entrances of the user's credentials
// stay: they go with the credentials.
func (s *Service) RevokeUserAccess(ctx context.Context, p lintel.Principal, ref UserRef) error {
	if err := ref.Check(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		u, err := liveUser(ctx, tx, p.WorkspaceID, ref)
		if err != nil {
			return err
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, u.AcsSystemID)
		if err != nil {
			return err
		}
		groups, err := tx.RemoveUserFromAllGroups(ctx, p.WorkspaceID, u.AcsUserID)
		if err != nil {
			return err
		}
		entrances, err := tx.RevokeUserEntrances(ctx, p.WorkspaceID, u.AcsUserID)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "acs_user.revoke_access_to_all_entrances", "acs_user", u.AcsUserID, audit.Succeeded); err != nil {
			return err
		}
		for _, g := range groups {
			if err := s.push(ctx, tx, sys, connector.Mutation{Kind: connector.RemoveFromGroup, ObjectID: u.AcsUserID,
				UserExternalID: u.ExternalID, GroupExternalID: g.ExternalID},
				pendingCodeOf(connector.RemoveFromGroup), "Removing the user from an access group on the access system"); err != nil {
				return err
			}
		}
		for _, e := range entrances {
			if err := s.push(ctx, tx, sys, connector.Mutation{Kind: connector.RevokeEntrance, ObjectID: u.AcsUserID,
				UserExternalID: u.ExternalID, EntranceExternalID: e.ExternalID},
				pendingCodeOf(connector.RevokeEntrance), "Revoking the user's access to an entrance on the access system"); err != nil {
				return err
			}
		}
		return nil
	})
}

// presentEntrances turns stored entrances of the workspace into API
// objects, with the spaces that hold them.
func presentEntrances(ctx context.Context, tx *store.Tx, workspaceID string, rows []store.AcsEntrance) ([]client.AcsEntrance, error) {
	out := make([]client.AcsEntrance, len(rows))
	for i, e := range rows {
		out[i] = presentEntrance(e)
	}
	return out, withSpaces(ctx, tx, workspaceID, out)
}

// withSpaces fills in the spaces that hold each entrance.
func withSpaces(ctx context.Context, tx *store.Tx, workspaceID string, entrances []client.AcsEntrance) error {
	ids := make([]string, len(entrances))
	for i, e := range entrances {
		ids[i] = e.AcsEntranceID
	}
	spaces, err := tx.SpacesOf(ctx, workspaceID, store.SpaceAcsEntrance, ids)
	if err != nil {
		return err
	}
	for i := range entrances {
		if sp := spaces[entrances[i].AcsEntranceID]; sp != nil {
			entrances[i].SpaceIDs = sp
		}
	}
	return nil
}

func presentEntrance(e store.AcsEntrance) client.AcsEntrance {
	return client.AcsEntrance{
		AcsEntranceID: e.AcsEntranceID, AcsSystemID: e.AcsSystemID, ConnectedAccountID: e.ConnectedAccountID,
		DisplayName: e.DisplayName, SpaceIDs: []string{}, CanUnlockWithCard: e.CanUnlockWithCard,
		CanUnlockWithCode: e.CanUnlockWithCode, CanUnlockWithMobileKey: e.CanUnlockWithMobileKey,
		CanUnlockWithCloudKey: e.CanUnlockWithCloudKey, CreatedAt: client.NewTime(e.CreatedAt),
		Errors: []client.AcsError{}, Warnings: []client.AcsWarning{},
	}
}
