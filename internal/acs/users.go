package acs

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// UserRef addresses one ACS user: by id, or by user identity together with
// the access system. When several are given they must designate the same
// user.
type UserRef struct {
	AcsUserID      string
	UserIdentityID string
	AcsSystemID    string
}

// Check reports a combination that cannot address a user, naming the fields.
func (r UserRef) Check() error {
	var v lintel.InvalidInput
	switch {
	case r.AcsUserID == "" && r.UserIdentityID == "" && r.AcsSystemID == "":
		v.Add("acs_user_id", "Required: give acs_user_id, or user_identity_id together with acs_system_id")
	case r.AcsUserID == "" && r.UserIdentityID != "" && r.AcsSystemID == "":
		v.Add("acs_system_id", "Required with user_identity_id")
	case r.AcsUserID == "" && r.UserIdentityID == "" && r.AcsSystemID != "":
		v.Add("user_identity_id", "Required with acs_system_id (or give acs_user_id)")
	}
	return v.Err()
}

// findUser loads the live user a ref designates in the workspace.
func findUser(ctx context.Context, tx *store.Tx, workspaceID string, ref UserRef) (store.AcsUser, error) {
	if err := ref.Check(); err != nil {
		return store.AcsUser{}, err
	}
	var u store.AcsUser
	var err error
	if ref.AcsUserID != "" {
		u, err = tx.AcsUser(ctx, workspaceID, ref.AcsUserID)
	} else {
		u, err = tx.AcsUserOfIdentity(ctx, workspaceID, ref.UserIdentityID, ref.AcsSystemID)
	}
	if err != nil {
		return u, notFound(err, errUserNotFound)
	}
	if ref.AcsSystemID != "" && u.AcsSystemID != ref.AcsSystemID {
		return u, errUserNotFound
	}
	if ref.UserIdentityID != "" && (u.UserIdentityID == nil || *u.UserIdentityID != ref.UserIdentityID) {
		return u, errUserNotFound
	}
	return u, nil
}

// inScope reports whether a client session may see the user.
func inScope(p lintel.Principal, u store.AcsUser) bool { return identityInScope(p, u.UserIdentityID) }

// identityInScope reports whether the caller may see a user of this
// identity (nil: a user without one).
func identityInScope(p lintel.Principal, userIdentityID *string) bool {
	if !p.IsClientSession() {
		return true
	}
	return userIdentityID != nil && slices.Contains(p.UserIdentityIDs, *userIdentityID)
}

// GetUser returns one user of the caller's workspace.
func (s *Service) GetUser(ctx context.Context, p lintel.Principal, ref UserRef) (client.AcsUser, error) {
	var out client.AcsUser
	err := s.store.View(ctx, func(tx *store.Tx) error {
		u, err := findUser(ctx, tx, p.WorkspaceID, ref)
		if err != nil {
			return err
		}
		if !inScope(p, u) {
			return errUserNotFound
		}
		users, err := s.presentUsers(ctx, tx, p.WorkspaceID, []store.AcsUser{u})
		if err != nil {
			return err
		}
		out = users[0]
		return nil
	})
	return out, err
}

// ListUsers returns one page of the workspace's users. A filter naming a
// system or identity that is not in the workspace (or, for a client
// session, not its own) is not found, as for the other lists.
func (s *Service) ListUsers(ctx context.Context, p lintel.Principal, in client.AcsUsersListParams) ([]client.AcsUser, page.Pagination, error) {
	req, err := page.ListRequest(in, page.MaxLimit)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	f := store.AcsUserFilter{
		AcsSystemID: in.AcsSystemID, UserIdentityID: in.UserIdentityID, Search: in.Search, CreatedBefore: in.CreatedBefore,
	}
	if e := in.UserIdentityEmailAddress; e.Set {
		f.IdentityEmailSet = true
		if !e.Null {
			f.IdentityEmail = &e.Value
		}
	}
	if ph := in.UserIdentityPhoneNumber; ph.Set {
		f.IdentityPhoneSet = true
		if !ph.Null {
			f.IdentityPhone = &ph.Value
		}
	}
	if p.IsClientSession() {
		f.UserIdentityIDs = append([]string{}, p.UserIdentityIDs...)
	}
	var out []client.AcsUser
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		if err := checkFilterIDs(ctx, tx, p, filterIDs{AcsSystemID: in.AcsSystemID, UserIdentityID: in.UserIdentityID}); err != nil {
			return err
		}
		rows, err := tx.ListAcsUsers(ctx, p.WorkspaceID, f, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(u store.AcsUser) page.Key { return page.Key{CreatedAt: u.CreatedAt, ID: u.AcsUserID} })
		out, err = s.presentUsers(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, pg, err
}

// CreateUser creates a user on an access system, optionally linked to a
// user identity and added to access groups.
func (s *Service) CreateUser(ctx context.Context, p lintel.Principal, in client.AcsUsersCreateParams) (client.AcsUser, error) {
	var out client.AcsUser
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, in.AcsSystemID)
		if err != nil {
			return notFound(err, errSystemNotFound)
		}
		u := store.AcsUser{
			AcsUserID: lintel.NewID(), AcsSystemID: sys.AcsSystemID, ExternalID: lintel.NewID(),
			FullName: strPtr(in.FullName), PhoneNumber: strPtr(in.PhoneNumber), IsManaged: true,
			CreatedAt: tx.Now(),
		}
		u.EmailAddress = strPtr(cmp.Or(in.EmailAddress, in.Email))
		if in.UserIdentityID != "" {
			if _, err := tx.UserIdentity(ctx, p.WorkspaceID, in.UserIdentityID); err != nil {
				return notFound(err, errIdentityNotFound)
			}
			u.UserIdentityID = &in.UserIdentityID
		}
		if sch := in.AccessSchedule; sch != nil {
			if err := checkSchedule(sch.StartsAt, sch.EndsAt); err != nil {
				return err
			}
			u.AccessStartsAt, u.AccessEndsAt = sch.StartsAt, sch.EndsAt
			if u.AccessStartsAt == nil {
				now := tx.Now()
				u.AccessStartsAt = &now
			}
		}
		now := tx.Now()
		u.LastSuccessfulSyncAt = &now
		if err := tx.InsertAcsUser(ctx, p.WorkspaceID, u); err != nil {
			return err
		}
		if err := s.push(ctx, tx, sys, connector.Mutation{Kind: connector.CreateUser, ObjectID: u.AcsUserID,
			User: providerUser(u)}, "creating", "Creating the user on the access system"); err != nil {
			return err
		}
		for _, gid := range lintel.Distinct(in.AcsAccessGroupIDs) {
			if err := s.addToGroup(ctx, tx, p, sys, u, gid); err != nil {
				return err
			}
		}
		got, err := tx.AcsUser(ctx, p.WorkspaceID, u.AcsUserID)
		if err != nil {
			return err
		}
		users, err := s.presentUsers(ctx, tx, p.WorkspaceID, []store.AcsUser{got})
		if err != nil {
			return err
		}
		out = users[0]
		return nil
	})
	return out, err
}

// UpdateUser changes a user's information or access schedule.
func (s *Service) UpdateUser(ctx context.Context, p lintel.Principal, in client.AcsUsersUpdateParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		u, err := findUser(ctx, tx, p.WorkspaceID, UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: in.AcsSystemID})
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
		if in.FullName != nil {
			u.FullName = in.FullName
		}
		if in.EmailAddress != nil {
			u.EmailAddress = in.EmailAddress
		} else if in.Email != nil {
			u.EmailAddress = in.Email
		}
		if in.PhoneNumber != nil {
			u.PhoneNumber = in.PhoneNumber
		}
		if sch := in.AccessSchedule; sch.Set {
			if sch.Null {
				u.AccessStartsAt, u.AccessEndsAt = nil, nil
			} else {
				starts, ends := sch.Value.StartsAt, sch.Value.EndsAt
				if starts == nil {
					starts = u.AccessStartsAt
				}
				if err := checkSchedule(starts, ends); err != nil {
					return err
				}
				u.AccessStartsAt, u.AccessEndsAt = starts, ends
			}
		}
		if err := tx.UpdateAcsUser(ctx, p.WorkspaceID, u); err != nil {
			return err
		}
		return s.push(ctx, tx, sys, connector.Mutation{Kind: connector.UpdateUser, ObjectID: u.AcsUserID,
			User: providerUser(u)}, "updating_user_information", "Updating the user on the access system")
	})
}

// SetSuspended suspends or unsuspends a user.
func (s *Service) SetSuspended(ctx context.Context, p lintel.Principal, ref UserRef, suspended bool) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		u, err := findUser(ctx, tx, p.WorkspaceID, ref)
		if err != nil {
			return err
		}
		if u.DeleteRequestedAt != nil {
			return errUserNotFound
		}
		if u.IsSuspended == suspended {
			return nil
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, u.AcsSystemID)
		if err != nil {
			return err
		}
		u.IsSuspended = suspended
		if err := tx.UpdateAcsUser(ctx, p.WorkspaceID, u); err != nil {
			return err
		}
		action, kind := "acs_user.unsuspend", connector.UnsuspendUser
		if suspended {
			action, kind = "acs_user.suspend", connector.SuspendUser
		}
		if err := audit.Record(ctx, tx, p, action, "acs_user", u.AcsUserID, audit.Succeeded); err != nil {
			return err
		}
		return s.push(ctx, tx, sys, connector.Mutation{Kind: kind, ObjectID: u.AcsUserID, User: providerUser(u)},
			"updating_suspension_state", "Updating the suspension state on the access system")
	})
}

// DeleteUser deletes a user, in a transaction of its own: see
// DeleteUserTx.
func (s *Service) DeleteUser(ctx context.Context, p lintel.Principal, ref UserRef) error {
	if err := ref.Check(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.DeleteUserTx(ctx, tx, p, ref)
	})
}

// DeleteUserTx deletes the user a ref designates, in the caller's
// transaction; every deletion of a user goes through it. The deletion is
// claimed (exactly one transaction gets it), then every credential of the
// user is invalidated and leaves the API, the user leaves its access
// groups, its entrances and its user identity, an audit row records who
// did it, and the deletion is handed to the system's connector. An inline
// connector makes it final at once, with its events (acs_user.deleted and
// one acs_credential.deleted per credential); otherwise the user stays
// visible as "deleting" until the access system confirms. A user already
// being deleted changes nothing and is no error; a ref that designates no
// live user of the workspace is acs_user_not_found. As with every error in
// a transaction, an error leaves the caller's transaction to roll back.
func (s *Service) DeleteUserTx(ctx context.Context, tx *store.Tx, p lintel.Principal, ref UserRef) error {
	if err := ref.Check(); err != nil {
		return err
	}
	id := ref.AcsUserID
	if ref.UserIdentityID != "" {
		// The identity is checked before the claim, which unlinks it. By
		// id alone, the usual case, the claim comes first and reads the
		// user in the same statement.
		u, err := findUser(ctx, tx, p.WorkspaceID, ref)
		if err != nil {
			return err
		}
		id = u.AcsUserID
	}
	// The claim takes the user's access away with it: its credentials,
	// groups and entrances (one round trip on PostgreSQL).
	u, creds, err := tx.ClaimAcsUserDeleteRevoking(ctx, p.WorkspaceID, id)
	if errors.Is(err, store.ErrNotFound) {
		// Absent, of another workspace, or already being deleted (by an
		// earlier request, or a concurrent one on PostgreSQL; SQLite
		// serialises writers): a pending deletion answers as a repeat.
		_, err := findUser(ctx, tx, p.WorkspaceID, UserRef{AcsUserID: id, AcsSystemID: ref.AcsSystemID})
		return err
	}
	if err != nil {
		return err
	}
	if ref.AcsSystemID != "" && u.AcsSystemID != ref.AcsSystemID {
		return errUserNotFound // the claim and the revocation roll back with the transaction
	}
	if err := audit.Record(ctx, tx, p, "acs_user.delete", "acs_user", u.AcsUserID, audit.Succeeded); err != nil {
		return err
	}
	// The mutation carries the credentials it took out of service, so that
	// finishing it records their events without reading them back.
	m := connector.Mutation{Kind: connector.DeleteUser, ObjectID: u.AcsUserID, UserExternalID: u.ExternalID,
		CredentialIDs: make([]string, len(creds))}
	for i, c := range creds {
		m.CredentialIDs[i] = c.AcsCredentialID
	}
	return s.push(ctx, tx, u.System(), m, "deleting", "Deleting the user from the access system")
}

// DeleteUsersTx deletes each of the users of the workspace as DeleteUserTx
// does, in the caller's transaction, for deleting all the users of
// something (a user identity, an access system). A user that is already
// being deleted, or has gone since the caller listed it, is skipped.
func (s *Service) DeleteUsersTx(ctx context.Context, tx *store.Tx, p lintel.Principal, acsUserIDs []string) error {
	for _, id := range acsUserIDs {
		if err := s.DeleteUserTx(ctx, tx, p, UserRef{AcsUserID: id}); err != nil && !errors.Is(err, errUserNotFound) {
			return err
		}
	}
	return nil
}

// finishUserDelete makes a deletion final: the user becomes a tombstone and
// one acs_user.deleted plus one acs_credential.deleted per credential it
// held are recorded. It does nothing if the deletion is already final.
func (s *Service) finishUserDelete(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	// Inline, this transaction claimed the deletion, and there was never
	// a pending mutation; queued, the first confirmation finishes it.
	if m.Inline {
		if err := tx.FinishClaimedAcsUserDelete(ctx, m.WorkspaceID, m.ObjectID); err != nil {
			return err
		}
	} else {
		if err := tx.FinishAcsUserDelete(ctx, m.WorkspaceID, m.ObjectID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil // already final: never twice
			}
			return err
		}
		if err := tx.DeletePendingMutations(ctx, m.WorkspaceID, m.ObjectID, ""); err != nil {
			return err
		}
	}
	events := make([]client.Event, 0, len(m.CredentialIDs)+1)
	for _, id := range m.CredentialIDs {
		e := clientEvent(event.AcsCredentialDeleted, m)
		e.AcsCredentialID = id
		events = append(events, e)
	}
	events = append(events, clientEvent(event.AcsUserDeleted, m))
	return s.events.Record(ctx, tx, m.WorkspaceID, events...)
}

// clientEvent starts an event about the user or system of a mutation.
func clientEvent(eventType string, m connector.Mutation) client.Event {
	e := client.Event{EventType: eventType, AcsSystemID: m.AcsSystemID}
	switch objectTypeOf(m.Kind) {
	case "acs_user":
		e.AcsUserID = m.ObjectID
	case "acs_credential":
		e.AcsCredentialID = m.ObjectID
	}
	return e
}

// presentUsers turns stored users into API objects, with their pending
// mutations, warnings and errors.
func (s *Service) presentUsers(ctx context.Context, tx *store.Tx, workspaceID string, users []store.AcsUser) ([]client.AcsUser, error) {
	pending, err := pendingMutationsOf(ctx, tx, workspaceID, users, func(u store.AcsUser) string { return u.AcsUserID })
	if err != nil {
		return nil, err
	}
	out := make([]client.AcsUser, len(users))
	for i, u := range users {
		out[i] = presentUser(u, pending[u.AcsUserID])
	}
	return out, nil
}

func presentUser(u store.AcsUser, pending []store.PendingMutation) client.AcsUser {
	c := client.AcsUser{
		AcsUserID: u.AcsUserID, AcsSystemID: u.AcsSystemID, WorkspaceID: u.WorkspaceID,
		ConnectedAccountID: u.ConnectedAccountID, CreatedAt: client.NewTime(u.CreatedAt),
		FullName: deref(u.FullName), EmailAddress: deref(u.EmailAddress), Email: deref(u.EmailAddress),
		PhoneNumber: deref(u.PhoneNumber), IsSuspended: u.IsSuspended, IsManaged: true,
		UserIdentityFullName: u.UserIdentityFullName, UserIdentityEmailAddress: u.UserIdentityEmailAddress,
		UserIdentityPhoneNumber: u.UserIdentityPhoneNumber,
		ExternalType:            userExternalType[u.ExternalType],
		PendingMutations:        []client.PendingMutation{}, Errors: []client.AcsError{}, Warnings: []client.AcsWarning{},
	}
	c.ExternalTypeDisplayName = userExternalTypeDisplay[c.ExternalType]
	c.DisplayName = cmp.Or(c.FullName, c.EmailAddress, c.PhoneNumber, "Unnamed user")
	if u.UserIdentityID != nil {
		c.UserIdentityID = *u.UserIdentityID
	}
	if u.LastSuccessfulSyncAt != nil {
		t := client.NewTime(*u.LastSuccessfulSyncAt)
		c.LastSuccessfulSyncAt = &t
	}
	if u.AccessStartsAt != nil {
		sch := &client.AccessSchedule{StartsAt: client.NewTime(*u.AccessStartsAt)}
		if u.AccessEndsAt != nil {
			t := client.NewTime(*u.AccessEndsAt)
			sch.EndsAt = &t
		}
		c.AccessSchedule = sch
	}
	for _, m := range pending {
		c.PendingMutations = append(c.PendingMutations, client.PendingMutation{
			CreatedAt: client.NewTime(m.CreatedAt), Message: m.Message, MutationCode: m.MutationCode})
	}
	if u.DeleteRequestedAt != nil {
		c.Warnings = append(c.Warnings, client.AcsWarning{CreatedAt: client.NewTime(*u.DeleteRequestedAt),
			WarningCode: "being_deleted", Message: "The user is being deleted from the access system"})
	}
	c.Errors = presentErrors(u.Errors)
	return c
}

// userExternalType maps a system's external type to its users' type.
var userExternalType = map[string]string{
	"pti_site":                            "pti_user",
	"brivo_account":                       "brivo_user",
	"hid_credential_manager_organization": "hid_credential_manager_user",
	"salto_ks_site":                       "salto_site_user",
	"latch_building":                      "latch_user",
	"dormakaba_community_site":            "dormakaba_community_user",
	"salto_space_system":                  "salto_space_user",
	"avigilon_alta_org":                   "avigilon_alta_user",
	"kisi_organization":                   "kisi_user",
}

var userExternalTypeDisplay = map[string]string{
	"pti_user": "PTI user", "brivo_user": "Brivo user", "hid_credential_manager_user": "HID Credential Manager user",
	"salto_site_user": "Salto site user", "latch_user": "Latch user", "dormakaba_community_user": "dormakaba Community user",
	"salto_space_user": "Salto Space user", "avigilon_alta_user": "Avigilon Alta user", "kisi_user": "Kisi user",
}

func providerUser(u store.AcsUser) *connector.ProviderUser {
	return &connector.ProviderUser{ExternalID: u.ExternalID, FullName: u.FullName, EmailAddress: u.EmailAddress,
		PhoneNumber: u.PhoneNumber, IsSuspended: u.IsSuspended}
}

func checkSchedule(starts, ends *time.Time) error {
	if starts != nil && ends != nil && !ends.After(*starts) {
		var v lintel.InvalidInput
		v.Add("access_schedule.ends_at", "Must be after starts_at")
		return v.Err()
	}
	return nil
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
