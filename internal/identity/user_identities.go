package identity

import (
	"context"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/param"
	"github.com/lintel-dev/lintel/internal/store"
)

// Create makes a user identity. Its key, email address and phone number are
// each unique in the workspace (409 conflict otherwise). For every system
// in AcsSystemIDs the identity gets a user: an existing unlinked user with
// the same email address or phone number, or a new one.
func (s *Service) Create(ctx context.Context, p lintel.Principal, in client.UserIdentitiesCreateParams) (client.UserIdentity, error) {
	var out client.UserIdentity
	ident, err := NewIdentity(in.UserIdentityKey, in.EmailAddress, in.PhoneNumber, in.FullName, "")
	if err != nil {
		return out, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := InsertTx(ctx, tx, p.WorkspaceID, ident); err != nil {
			return err
		}
		for _, id := range lintel.Distinct(in.AcsSystemIDs) {
			if err := s.acs.CreateUserForIdentityTx(ctx, tx, p, ident, id); err != nil {
				return err
			}
		}
		got, err := tx.UserIdentity(ctx, p.WorkspaceID, ident.UserIdentityID)
		if err != nil {
			return err
		}
		list, err := presentIdentities(ctx, tx, p.WorkspaceID, []store.UserIdentity{got})
		if err != nil {
			return err
		}
		out = list[0]
		return nil
	})
	return out, err
}

// NewIdentity checks the details of a new user identity (the phone
// number is kept in E.164); field prefixes the names in its errors.
func NewIdentity(key, email, phone, fullName *string, field string) (store.UserIdentity, error) {
	ident := store.UserIdentity{UserIdentityID: lintel.NewID(), UserIdentityKey: key, EmailAddress: email, FullName: fullName}
	if phone != nil {
		normal, ok := param.NormalizePhone(*phone)
		if !ok {
			return ident, invalid(field+"phone_number", param.MsgInvalidPhone)
		}
		ident.PhoneNumber = &normal
	}
	return ident, nil
}

// InsertTx stores a new user identity of the workspace in the caller's
// transaction; a key, email address or phone number another identity
// holds is a conflict.
func InsertTx(ctx context.Context, tx *store.Tx, workspaceID string, ident store.UserIdentity) error {
	if err := checkTaken(ctx, tx, workspaceID, ident); err != nil {
		return err
	}
	ident.CreatedAt = tx.Now()
	if err := tx.InsertUserIdentity(ctx, workspaceID, ident); err != nil {
		return conflict(err, "")
	}
	return nil
}

// PresentTx turns stored identities of the workspace into API objects.
func PresentTx(ctx context.Context, tx *store.Tx, workspaceID string, idents []store.UserIdentity) ([]client.UserIdentity, error) {
	return presentIdentities(ctx, tx, workspaceID, idents)
}

// checkTaken refuses a key, email address or phone number another identity
// of the workspace already holds.
func checkTaken(ctx context.Context, tx *store.Tx, workspaceID string, u store.UserIdentity) error {
	field, err := tx.UserIdentityTaken(ctx, workspaceID, u.UserIdentityID, u.UserIdentityKey, u.EmailAddress, u.PhoneNumber)
	if err != nil || field == "" {
		return err
	}
	return conflict(store.ErrConflict, field)
}

// conflict turns the store's ErrConflict into the 409 answer, naming the
// field when it is known.
func conflict(err error, field string) error {
	if !errors.Is(err, store.ErrConflict) {
		return err
	}
	msg := "A user identity with this user_identity_key, email_address or phone_number already exists"
	e := &lintel.Error{Code: lintel.EConflict, Message: msg}
	if field != "" {
		e.Message = "A user identity with this " + field + " already exists"
		e.Data = map[string]any{"field": field}
	}
	return e
}

// IdentityRef addresses a user identity by id or by key; when both are
// given they must designate the same identity.
type IdentityRef struct {
	UserIdentityID  string
	UserIdentityKey string
}

func findIdentity(ctx context.Context, tx *store.Tx, workspaceID string, ref IdentityRef) (store.UserIdentity, error) {
	var u store.UserIdentity
	var err error
	switch {
	case ref.UserIdentityID != "":
		u, err = tx.UserIdentity(ctx, workspaceID, ref.UserIdentityID)
	case ref.UserIdentityKey != "":
		u, err = tx.UserIdentityByKey(ctx, workspaceID, ref.UserIdentityKey)
	default:
		return u, invalid("user_identity_id", "Required: give user_identity_id or user_identity_key")
	}
	if err != nil {
		return u, notFound(err, errIdentityNotFound)
	}
	if ref.UserIdentityKey != "" && (u.UserIdentityKey == nil || *u.UserIdentityKey != ref.UserIdentityKey) {
		return u, errIdentityNotFound
	}
	return u, nil
}

// inScope reports whether the caller may see the identity: a client
// session sees only its own identities.
func inScope(p lintel.Principal, userIdentityID string) bool {
	return !p.IsClientSession() || slices.Contains(p.UserIdentityIDs, userIdentityID)
}

// Get returns one identity of the caller's workspace.
func (s *Service) Get(ctx context.Context, p lintel.Principal, ref IdentityRef) (client.UserIdentity, error) {
	var out client.UserIdentity
	err := s.store.View(ctx, func(tx *store.Tx) error {
		u, err := findIdentity(ctx, tx, p.WorkspaceID, ref)
		if err != nil {
			return err
		}
		if !inScope(p, u.UserIdentityID) {
			return errIdentityNotFound
		}
		list, err := presentIdentities(ctx, tx, p.WorkspaceID, []store.UserIdentity{u})
		if err != nil {
			return err
		}
		out = list[0]
		return nil
	})
	return out, err
}

// List returns one page of the workspace's identities; a client session
// sees only its own.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.UserIdentitiesListParams) ([]client.UserIdentity, page.Pagination, error) {
	req, err := page.ListRequest(in, page.MaxLimit)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	f := store.UserIdentityFilter{Search: in.Search, CreatedBefore: in.CreatedBefore,
		WithUserOnSystem: in.CredentialManagerAcsSystemID}
	if len(in.UserIdentityIDs) > 0 {
		f.UserIdentityIDs = in.UserIdentityIDs
	}
	if p.IsClientSession() {
		f.ScopeUserIdentityIDs = append([]string{}, p.UserIdentityIDs...)
	}
	var out []client.UserIdentity
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListUserIdentities(ctx, p.WorkspaceID, f, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(u store.UserIdentity) page.Key {
			return page.Key{CreatedAt: u.CreatedAt, ID: u.UserIdentityID}
		})
		out, err = presentIdentities(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, pg, err
}

// Update changes an identity's key, email address, phone number or full
// name; null clears one. Uniqueness holds as for Create.
func (s *Service) Update(ctx context.Context, p lintel.Principal, in client.UserIdentitiesUpdateParams) error {
	var phone *string
	if ph := in.PhoneNumber; ph.Set && !ph.Null {
		n, ok := param.NormalizePhone(ph.Value)
		if !ok {
			return invalid("phone_number", param.MsgInvalidPhone)
		}
		phone = &n
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		u, err := tx.UserIdentity(ctx, p.WorkspaceID, in.UserIdentityID)
		if err != nil {
			return notFound(err, errIdentityNotFound)
		}
		apply := func(dst **string, v client.Nullable[string]) {
			switch {
			case !v.Set:
			case v.Null:
				*dst = nil
			default:
				val := v.Value
				*dst = &val
			}
		}
		apply(&u.UserIdentityKey, in.UserIdentityKey)
		apply(&u.EmailAddress, in.EmailAddress)
		apply(&u.FullName, in.FullName)
		if in.PhoneNumber.Set {
			u.PhoneNumber = phone
		}
		if err := checkTaken(ctx, tx, p.WorkspaceID, u); err != nil {
			return err
		}
		return conflict(tx.UpdateUserIdentity(ctx, p.WorkspaceID, u), "")
	})
}

// Delete deletes an identity. In one transaction each of its users is
// deleted exactly as /acs/users/delete deletes one (credentials
// invalidated, the deletion handed to the system's connector), every
// client session that may act for it is revoked, an audit row records who
// did it, and the identity is gone.
func (s *Service) Delete(ctx context.Context, p lintel.Principal, userIdentityID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.UserIdentity(ctx, p.WorkspaceID, userIdentityID); err != nil {
			return notFound(err, errIdentityNotFound)
		}
		users, err := tx.AcsUsersOfIdentity(ctx, p.WorkspaceID, userIdentityID)
		if err != nil {
			return err
		}
		ids := make([]string, len(users))
		for i, u := range users {
			ids[i] = u.AcsUserID
		}
		if err := s.acs.DeleteUsersTx(ctx, tx, p, ids); err != nil {
			return err
		}
		revoked, err := tx.RevokeClientSessionsOfIdentity(ctx, p.WorkspaceID, userIdentityID)
		if err != nil {
			return err
		}
		for _, id := range revoked {
			if err := audit.Record(ctx, tx, p, "client_session.revoke", "client_session", id, audit.Succeeded); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, p, "user_identity.delete", "user_identity", userIdentityID, audit.Succeeded); err != nil {
			return err
		}
		return notFound(tx.DeleteUserIdentity(ctx, p.WorkspaceID, userIdentityID), errIdentityNotFound)
	})
}

// AddAcsUser links a user to an identity named by id or key. A key that
// names no identity creates one from the user's details. A user already
// linked to another identity, or an identity that already has a user on
// the same system, is refused.
func (s *Service) AddAcsUser(ctx context.Context, p lintel.Principal, in client.UserIdentitiesAddAcsUserParams) error {
	if in.UserIdentityID == "" && in.UserIdentityKey == "" {
		return invalid("user_identity_id", "Required: give user_identity_id or user_identity_key")
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		u, err := tx.AcsUser(ctx, p.WorkspaceID, in.AcsUserID)
		if err != nil {
			return notFound(err, errUserNotFound)
		}
		if u.DeleteRequestedAt != nil {
			return errUserNotFound
		}
		ident, err := findIdentity(ctx, tx, p.WorkspaceID, IdentityRef{UserIdentityID: in.UserIdentityID, UserIdentityKey: in.UserIdentityKey})
		if errors.Is(err, errIdentityNotFound) && in.UserIdentityID == "" {
			ident, err = identityFromUser(ctx, tx, p.WorkspaceID, in.UserIdentityKey, u)
		}
		if err != nil {
			return err
		}
		if u.UserIdentityID != nil {
			if *u.UserIdentityID == ident.UserIdentityID {
				return nil
			}
			return invalid("acs_user_id", "The user is linked to another user identity; remove it from that identity first")
		}
		others, err := tx.AcsUsersOfIdentity(ctx, p.WorkspaceID, ident.UserIdentityID)
		if err != nil {
			return err
		}
		for _, o := range others {
			if o.AcsSystemID == u.AcsSystemID {
				return invalid("acs_user_id", "The user identity already has a user on this access system")
			}
		}
		return tx.SetAcsUserIdentity(ctx, p.WorkspaceID, u.AcsUserID, &ident.UserIdentityID)
	})
}

// identityFromUser creates an identity with the key, taking the user's
// name, and its email address and phone number unless another identity
// holds them.
func identityFromUser(ctx context.Context, tx *store.Tx, workspaceID, key string, u store.AcsUser) (store.UserIdentity, error) {
	ident := store.UserIdentity{UserIdentityID: lintel.NewID(), UserIdentityKey: &key, FullName: u.FullName,
		CreatedAt: tx.Now()}
	if field, err := tx.UserIdentityTaken(ctx, workspaceID, "", nil, u.EmailAddress, nil); err != nil {
		return ident, err
	} else if field == "" {
		ident.EmailAddress = u.EmailAddress
	}
	if u.PhoneNumber != nil {
		if phone, ok := param.NormalizePhone(*u.PhoneNumber); ok {
			field, err := tx.UserIdentityTaken(ctx, workspaceID, "", nil, nil, &phone)
			if err != nil {
				return ident, err
			}
			if field == "" {
				ident.PhoneNumber = &phone
			}
		}
	}
	return ident, conflict(tx.InsertUserIdentity(ctx, workspaceID, ident), "")
}

// RemoveAcsUser unlinks a user from an identity. The user stays on its
// access system with its credentials.
func (s *Service) RemoveAcsUser(ctx context.Context, p lintel.Principal, in client.UserIdentitiesRemoveAcsUserParams) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.UserIdentity(ctx, p.WorkspaceID, in.UserIdentityID); err != nil {
			return notFound(err, errIdentityNotFound)
		}
		u, err := tx.AcsUser(ctx, p.WorkspaceID, in.AcsUserID)
		if err != nil {
			return notFound(err, errUserNotFound)
		}
		if u.UserIdentityID == nil || *u.UserIdentityID != in.UserIdentityID {
			return lintel.NotFound("acs_user", "The user is not linked to the user identity")
		}
		if err := tx.SetAcsUserIdentity(ctx, p.WorkspaceID, u.AcsUserID, nil); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "user_identity.remove_acs_user", "acs_user", u.AcsUserID, audit.Succeeded)
	})
}

// ListAcsUsers returns the users linked to an identity.
func (s *Service) ListAcsUsers(ctx context.Context, p lintel.Principal, userIdentityID string) ([]client.AcsUser, error) {
	out := []client.AcsUser{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if err := s.visibleIdentity(ctx, tx, p, userIdentityID); err != nil {
			return err
		}
		users, err := tx.AcsUsersOfIdentity(ctx, p.WorkspaceID, userIdentityID)
		if err != nil {
			return err
		}
		list, err := s.acs.PresentUsersTx(ctx, tx, p.WorkspaceID, users)
		if list != nil {
			out = list
		}
		return err
	})
	return out, err
}

// ListAcsSystems returns the systems on which an identity has users.
func (s *Service) ListAcsSystems(ctx context.Context, p lintel.Principal, userIdentityID string) ([]client.AcsSystem, error) {
	out := []client.AcsSystem{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if err := s.visibleIdentity(ctx, tx, p, userIdentityID); err != nil {
			return err
		}
		systems, err := tx.ListAcsSystems(ctx, p.WorkspaceID, store.AcsSystemFilter{UserIdentityIDs: []string{userIdentityID}})
		if err != nil {
			return err
		}
		list, err := acs.PresentSystemsTx(ctx, tx, p.WorkspaceID, systems)
		if list != nil {
			out = list
		}
		return err
	})
	return out, err
}

// ListAccessibleEntrances returns the entrances an identity's users can
// open, through access groups, direct grants or credentials.
func (s *Service) ListAccessibleEntrances(ctx context.Context, p lintel.Principal, userIdentityID string) ([]client.AcsEntrance, error) {
	out := []client.AcsEntrance{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if err := s.visibleIdentity(ctx, tx, p, userIdentityID); err != nil {
			return err
		}
		entrances, err := tx.AcsEntrancesOfIdentity(ctx, p.WorkspaceID, userIdentityID)
		if err != nil {
			return err
		}
		list, err := acs.PresentEntrancesTx(ctx, tx, p.WorkspaceID, entrances)
		if list != nil {
			out = list
		}
		return err
	})
	return out, err
}

// visibleIdentity checks that the identity exists in the caller's
// workspace and, for a client session, is one of its own.
func (s *Service) visibleIdentity(ctx context.Context, tx *store.Tx, p lintel.Principal, userIdentityID string) error {
	if !inScope(p, userIdentityID) {
		return errIdentityNotFound
	}
	_, err := tx.UserIdentity(ctx, p.WorkspaceID, userIdentityID)
	return notFound(err, errIdentityNotFound)
}

// presentIdentities turns stored identities into API objects, with the ids
// of their users.
func presentIdentities(ctx context.Context, tx *store.Tx, workspaceID string, idents []store.UserIdentity) ([]client.UserIdentity, error) {
	ids := make([]string, len(idents))
	for i, u := range idents {
		ids[i] = u.UserIdentityID
	}
	users, err := tx.AcsUserIDsOfIdentities(ctx, workspaceID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]client.UserIdentity, len(idents))
	for i, u := range idents {
		out[i] = presentIdentity(u, users[u.UserIdentityID])
	}
	return out, nil
}

func presentIdentity(u store.UserIdentity, acsUserIDs []string) client.UserIdentity {
	if acsUserIDs == nil {
		acsUserIDs = []string{}
	}
	display := "Unnamed user identity"
	for _, v := range []*string{u.FullName, u.EmailAddress, u.PhoneNumber, u.UserIdentityKey} {
		if v != nil && *v != "" {
			display = *v
			break
		}
	}
	return client.UserIdentity{
		UserIdentityID: u.UserIdentityID, UserIdentityKey: u.UserIdentityKey, EmailAddress: u.EmailAddress,
		PhoneNumber: u.PhoneNumber, DisplayName: display, FullName: u.FullName,
		MergedUserIdentityIDs: []string{}, MergedUserIdentityKeys: []string{}, AcsUserIDs: acsUserIDs,
		CreatedAt: client.NewTime(u.CreatedAt), WorkspaceID: u.WorkspaceID,
		Errors: []client.UserIdentityError{}, Warnings: []client.AcsWarning{},
	}
}
