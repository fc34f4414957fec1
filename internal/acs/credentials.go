package acs

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// CreateCredential issues a new credential to a user, named by id or by
// user identity together with the access system, and hands it to the
// system's connector. An inline connector issues it at once; otherwise it
// shows as waiting to be issued until the access system confirms.
func (s *Service) CreateCredential(ctx context.Context, p lintel.Principal, in client.AcsCredentialsCreateParams) (client.AcsCredential, error) {
	if err := checkNewCredential(in, time.Now()); err != nil {
		return client.AcsCredential{}, err
	}
	var out client.AcsCredential
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		u, sys, err := s.credentialHolder(ctx, tx, p, in)
		if err != nil {
			return err
		}
		c := store.AcsCredential{AcsCredentialID: lintel.NewID(), AcsSystemID: sys.AcsSystemID, AcsUserID: &u.AcsUserID,
			ExternalID: lintel.NewID(), AccessMethod: in.AccessMethod, DisplayName: credentialDisplayName(u, in.AccessMethod),
			ExternalType: strPtr(credentialExternalType[sys.ExternalType]), StartsAt: in.StartsAt, EndsAt: in.EndsAt,
			IsMultiPhoneSyncCredential: in.IsMultiPhoneSyncCredential, CreatedAt: tx.Now()}
		if in.AccessMethod == "code" {
			code := in.Code
			if code == "" {
				if code, err = randomCode(); err != nil {
					return err
				}
			}
			c.Code = &code
		}
		if id := in.CredentialManagerAcsSystemID; id != "" {
			m, err := tx.AcsSystem(ctx, ws, id)
			if err != nil {
				return notFound(err, errSystemNotFound)
			}
			if !m.IsCredentialManager {
				return invalid("credential_manager_acs_system_id", "The access system is not a credential manager")
			}
			c.CredentialManagerAcsSystemID = &id
		}
		var entranceIDs []string
		for _, id := range lintel.Distinct(in.AllowedAcsEntranceIDs) {
			e, err := tx.AcsEntrance(ctx, ws, id)
			if err != nil {
				return notFound(err, errEntranceNotFound)
			}
			if e.AcsSystemID != sys.AcsSystemID {
				return invalid("allowed_acs_entrance_ids", "The entrance "+id+" belongs to another access system than the credential")
			}
			entranceIDs = append(entranceIDs, id)
		}
		if err := s.issue(ctx, tx, sys, u, c, entranceIDs); err != nil {
			return err
		}
		out, err = s.loadCredential(ctx, tx, ws, c.AcsCredentialID)
		return err
	})
	return out, err
}

// issue stores a new credential of u on sys, with the entrances it
// opens, and hands it to the system's connector.
func (s *Service) issue(ctx context.Context, tx *store.Tx, sys store.AcsSystem, u store.AcsUser, c store.AcsCredential, entranceIDs []string) error {
	ws := sys.WorkspaceID
	if err := tx.InsertAcsCredential(ctx, ws, c); err != nil {
		return err
	}
	for _, id := range entranceIDs {
		if _, err := tx.AddAcsCredentialEntrance(ctx, ws, c.AcsCredentialID, id); err != nil {
			return err
		}
	}
	return s.push(ctx, tx, sys, connector.Mutation{Kind: connector.IssueCredential, ObjectID: c.AcsCredentialID,
		Credential: providerCredential(c, &u)}, pendingCodeOf(connector.IssueCredential),
		"Issuing the credential on the access system")
}

// checkNewCredential refuses, naming the fields, what no lookup can make
// valid.
func checkNewCredential(in client.AcsCredentialsCreateParams, now time.Time) error {
	var v lintel.InvalidInput
	switch {
	case in.AcsUserID == "" && in.UserIdentityID == "":
		v.Add("acs_user_id", "Required: give acs_user_id, or user_identity_id together with acs_system_id")
	case in.AcsUserID == "" && in.AcsSystemID == "":
		v.Add("acs_system_id", "Required with user_identity_id")
	}
	if in.Code != "" {
		if in.AccessMethod != "code" {
			v.Add("code", "Only a credential with access_method code has a code")
		} else if !isDigits(in.Code) {
			v.Add("code", "Must contain only digits")
		}
	}
	if in.IsMultiPhoneSyncCredential && in.AccessMethod != "mobile_key" {
		v.Add("is_multi_phone_sync_credential", "Only a credential with access_method mobile_key can be a multi-phone sync credential")
	}
	checkValidity(&v, in.StartsAt, in.EndsAt, now)
	return v.Err()
}

// checkValidity checks a credential's validity window: it ends in the
// future, after it starts.
func checkValidity(v *lintel.InvalidInput, starts, ends *time.Time, now time.Time) {
	if ends == nil {
		return
	}
	if !ends.After(now) {
		v.Add("ends_at", "Must be in the future")
	} else if starts != nil && !ends.After(*starts) {
		v.Add("ends_at", "Must be after starts_at")
	}
}

// credentialHolder resolves the user a new credential is for, and its
// system.
func (s *Service) credentialHolder(ctx context.Context, tx *store.Tx, p lintel.Principal, in client.AcsCredentialsCreateParams) (store.AcsUser, store.AcsSystem, error) {
	if in.AcsUserID != "" {
		u, err := liveUser(ctx, tx, p.WorkspaceID, UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: in.AcsSystemID})
		if err != nil {
			return u, store.AcsSystem{}, err
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, u.AcsSystemID)
		return u, sys, err
	}
	sys, err := tx.AcsSystem(ctx, p.WorkspaceID, in.AcsSystemID)
	if err != nil {
		return store.AcsUser{}, sys, notFound(err, errSystemNotFound)
	}
	u, err := s.userForIdentity(ctx, tx, sys, in.UserIdentityID)
	return u, sys, err
}

// liveUser is findUser for changes: a user whose deletion is under way is
// not found.
func liveUser(ctx context.Context, tx *store.Tx, workspaceID string, ref UserRef) (store.AcsUser, error) {
	u, err := findUser(ctx, tx, workspaceID, ref)
	if err == nil && u.DeleteRequestedAt != nil {
		return u, errUserNotFound
	}
	return u, err
}

// GetCredential returns one live credential of the caller's workspace.
func (s *Service) GetCredential(ctx context.Context, p lintel.Principal, acsCredentialID string) (client.AcsCredential, error) {
	var out client.AcsCredential
	err := s.store.View(ctx, func(tx *store.Tx) error {
		c, err := credentialInScope(ctx, tx, p, acsCredentialID)
		if err != nil {
			return err
		}
		creds, err := s.presentCredentials(ctx, tx, p.WorkspaceID, []store.AcsCredential{c})
		if err == nil {
			out = creds[0]
		}
		return err
	})
	return out, err
}

// credentialInScope loads a live credential the caller may see.
func credentialInScope(ctx context.Context, tx *store.Tx, p lintel.Principal, acsCredentialID string) (store.AcsCredential, error) {
	c, err := tx.AcsCredential(ctx, p.WorkspaceID, acsCredentialID)
	if err != nil {
		return c, notFound(err, errCredentialNotFound)
	}
	if p.IsClientSession() && (c.UserIdentityID == nil || !slices.Contains(p.UserIdentityIDs, *c.UserIdentityID)) {
		return c, errCredentialNotFound
	}
	return c, nil
}

// ListCredentials returns one page of the workspace's live credentials. A
// filter naming an object that is not in the workspace (or, for a client
// session, not in its scope) is not found.
func (s *Service) ListCredentials(ctx context.Context, p lintel.Principal, in client.AcsCredentialsListParams) ([]client.AcsCredential, page.Pagination, error) {
	req, err := page.ListRequest(in, page.MaxLimit)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	f := store.AcsCredentialFilter{AcsSystemID: in.AcsSystemID, AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID,
		CreatedBefore: in.CreatedBefore, IsMultiPhoneSyncCredential: in.IsMultiPhoneSyncCredential, Search: in.Search}
	if p.IsClientSession() {
		f.UserIdentityIDs = append([]string{}, p.UserIdentityIDs...)
	}
	var out []client.AcsCredential
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		if err := checkFilterIDs(ctx, tx, p, filterIDs{AcsSystemID: in.AcsSystemID, AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID}); err != nil {
			return err
		}
		rows, err := tx.ListAcsCredentials(ctx, p.WorkspaceID, f, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(c store.AcsCredential) page.Key {
			return page.Key{CreatedAt: c.CreatedAt, ID: c.AcsCredentialID}
		})
		out, err = s.presentCredentials(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, pg, err
}

// UpdateCredential changes a credential's code or the end of its validity,
// and hands the change to the system's connector.
func (s *Service) UpdateCredential(ctx context.Context, p lintel.Principal, in client.AcsCredentialsUpdateParams) error {
	var v lintel.InvalidInput
	if in.Code != nil && !isDigits(*in.Code) {
		v.Add("code", "Must contain only digits")
	}
	checkValidity(&v, nil, in.EndsAt, time.Now())
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.AcsCredential(ctx, p.WorkspaceID, in.AcsCredentialID)
		if err != nil {
			return notFound(err, errCredentialNotFound)
		}
		if in.Code != nil && c.AccessMethod != "code" {
			return invalid("code", "Only a credential with access_method code has a code")
		}
		if in.EndsAt != nil && c.StartsAt != nil && !in.EndsAt.After(*c.StartsAt) {
			return invalid("ends_at", "Must be after starts_at")
		}
		changed := false
		if in.Code != nil && (c.Code == nil || *c.Code != *in.Code) {
			c.Code, changed = in.Code, true
		}
		if in.EndsAt != nil && (c.EndsAt == nil || !c.EndsAt.Equal(*in.EndsAt)) {
			c.EndsAt, changed = in.EndsAt, true
		}
		if !changed {
			return nil
		}
		if err := tx.UpdateAcsCredential(ctx, p.WorkspaceID, c); err != nil {
			return err
		}
		return s.pushCredentialUpdate(ctx, tx, c, "Updating the credential on the access system")
	})
}

// pushCredentialUpdate hands a credential's new state to its system.
func (s *Service) pushCredentialUpdate(ctx context.Context, tx *store.Tx, c store.AcsCredential, message string) error {
	sys, err := tx.AcsSystem(ctx, c.WorkspaceID, c.AcsSystemID)
	if err != nil {
		return err
	}
	var holder *store.AcsUser
	if c.AcsUserID != nil {
		u, err := tx.AcsUser(ctx, c.WorkspaceID, *c.AcsUserID)
		if err != nil {
			return err
		}
		holder = &u
	}
	return s.push(ctx, tx, sys, connector.Mutation{Kind: connector.UpdateCredential, ObjectID: c.AcsCredentialID,
		Credential: providerCredential(c, holder)}, pendingCodeOf(connector.UpdateCredential), message)
}

// DeleteCredential deletes a credential: in one transaction it is
// invalidated and leaves the API, an audit row records who did it, and its
// revocation is handed to the system's connector. acs_credential.deleted is
// recorded when the access system has revoked it. Deleting again is not
// found.
func (s *Service) DeleteCredential(ctx context.Context, p lintel.Principal, acsCredentialID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		return s.DeleteCredentialTx(ctx, tx, p, acsCredentialID)
	})
}

// DeleteCredentialTx is DeleteCredential in the caller's transaction, for
// the domains that revoke credentials as part of their own change (a
// deactivated phone's mobile keys).
func (s *Service) DeleteCredentialTx(ctx context.Context, tx *store.Tx, p lintel.Principal, acsCredentialID string) error {
	c, err := tx.AcsCredential(ctx, p.WorkspaceID, acsCredentialID)
	if err != nil {
		return notFound(err, errCredentialNotFound)
	}
	// The claim: of concurrent deletes, one wins and the others find the
	// credential gone.
	if err := tx.InvalidateAcsCredential(ctx, p.WorkspaceID, c.AcsCredentialID); err != nil {
		return notFound(err, errCredentialNotFound)
	}
	if err := tx.DeletePendingMutations(ctx, p.WorkspaceID, c.AcsCredentialID, ""); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, p, "acs_credential.delete", "acs_credential", c.AcsCredentialID, audit.Succeeded); err != nil {
		return err
	}
	sys, err := tx.AcsSystem(ctx, p.WorkspaceID, c.AcsSystemID)
	if err != nil {
		return err
	}
	// No pending row: the credential has already left the API.
	return s.push(ctx, tx, sys, connector.Mutation{Kind: connector.RevokeCredential, ObjectID: c.AcsCredentialID,
		CredentialExternalID: c.ExternalID}, "", "")
}

// finishCredentialIssue marks a credential issued once the access system
// has it, and records acs_credential.issued once.
func (s *Service) finishCredentialIssue(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	if err := tx.DeletePendingMutations(ctx, m.WorkspaceID, m.ObjectID, pendingCodeOf(m.Kind)); err != nil {
		return err
	}
	if awaits, err := awaitsEncoding(ctx, tx, m.WorkspaceID, m.ObjectID); err != nil || awaits {
		return err
	}
	issued, err := tx.MarkAcsCredentialIssued(ctx, m.WorkspaceID, m.ObjectID)
	if err != nil || !issued {
		return err
	}
	if err := s.events.Record(ctx, tx, m.WorkspaceID, clientEvent(event.AcsCredentialIssued, m)); err != nil {
		return err
	}
	if s.methods == nil {
		return nil
	}
	return s.methods.CredentialIssued(ctx, tx, m.WorkspaceID, m.ObjectID)
}

// awaitsEncoding reports whether a credential is a card of a system with
// encoders: such a card is issued when an encoder writes it, not when the
// access system has it.
func awaitsEncoding(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID string) (bool, error) {
	c, err := tx.AcsCredential(ctx, workspaceID, acsCredentialID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil || c.AccessMethod != "card" || c.IsIssued {
		return false, err
	}
	encoders, err := tx.ListAcsEncoders(ctx, workspaceID, store.AcsEncoderFilter{AcsSystemIDs: []string{c.AcsSystemID}},
		page.Request{Limit: 1})
	return len(encoders) > 0, err
}

// finishCredentialDelete makes a credential's deletion final and records
// acs_credential.deleted, never twice.
func (s *Service) finishCredentialDelete(ctx context.Context, tx *store.Tx, m connector.Mutation) error {
	if err := tx.FinishAcsCredentialDelete(ctx, m.WorkspaceID, m.ObjectID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}
	if err := tx.DeletePendingMutations(ctx, m.WorkspaceID, m.ObjectID, ""); err != nil {
		return err
	}
	return s.events.Record(ctx, tx, m.WorkspaceID, clientEvent(event.AcsCredentialDeleted, m))
}

// AssignCredential gives a credential to a user of the same access system,
// named by id or by user identity; a credential held by someone else moves.
func (s *Service) AssignCredential(ctx context.Context, p lintel.Principal, in client.AcsCredentialsAssignParams) error {
	if err := checkOneHolder(in.AcsUserID, in.UserIdentityID, true); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.AcsCredential(ctx, p.WorkspaceID, in.AcsCredentialID)
		if err != nil {
			return notFound(err, errCredentialNotFound)
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, c.AcsSystemID)
		if err != nil {
			return err
		}
		u, err := s.userOnSystem(ctx, tx, p, sys, in.AcsUserID, in.UserIdentityID, "acs_user_id", "credential")
		if err != nil {
			return err
		}
		if c.AcsUserID != nil && *c.AcsUserID == u.AcsUserID {
			return nil
		}
		c.AcsUserID = &u.AcsUserID
		if err := tx.UpdateAcsCredential(ctx, p.WorkspaceID, c); err != nil {
			return err
		}
		return s.pushCredentialUpdate(ctx, tx, c, "Assigning the credential on the access system")
	})
}

// UnassignCredential takes a credential from its user. When a user is
// named, the credential must be assigned to it.
func (s *Service) UnassignCredential(ctx context.Context, p lintel.Principal, in client.AcsCredentialsUnassignParams) error {
	if err := checkOneHolder(in.AcsUserID, in.UserIdentityID, false); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.AcsCredential(ctx, p.WorkspaceID, in.AcsCredentialID)
		if err != nil {
			return notFound(err, errCredentialNotFound)
		}
		if in.AcsUserID != "" || in.UserIdentityID != "" {
			u, err := findUser(ctx, tx, p.WorkspaceID, UserRef{AcsUserID: in.AcsUserID, UserIdentityID: in.UserIdentityID, AcsSystemID: c.AcsSystemID})
			if err != nil {
				return err
			}
			if c.AcsUserID == nil || *c.AcsUserID != u.AcsUserID {
				return lintel.NotFound("acs_user", "The credential is not assigned to this user")
			}
		}
		if c.AcsUserID == nil {
			return nil
		}
		c.AcsUserID = nil
		if err := tx.UpdateAcsCredential(ctx, p.WorkspaceID, c); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "acs_credential.unassign", "acs_credential", c.AcsCredentialID, audit.Succeeded); err != nil {
			return err
		}
		return s.pushCredentialUpdate(ctx, tx, c, "Unassigning the credential on the access system")
	})
}

// checkOneHolder checks that at most one of acs_user_id and
// user_identity_id is given, and one if required.
func checkOneHolder(acsUserID, userIdentityID string, required bool) error {
	var v lintel.InvalidInput
	switch {
	case acsUserID != "" && userIdentityID != "":
		v.Add("user_identity_id", "Give only one of acs_user_id and user_identity_id")
	case required && acsUserID == "" && userIdentityID == "":
		v.Add("acs_user_id", "Required: give acs_user_id or user_identity_id")
	}
	return v.Err()
}

// userOnSystem resolves the live user a change names, by id or by user
// identity, on sys: a user of another system is refused (naming field),
// since no link may cross systems; an identity without a user there gets
// one (see userForIdentity). what names the object the user is linked to.
func (s *Service) userOnSystem(ctx context.Context, tx *store.Tx, p lintel.Principal, sys store.AcsSystem, acsUserID, userIdentityID, field, what string) (store.AcsUser, error) {
	if userIdentityID != "" {
		return s.userForIdentity(ctx, tx, sys, userIdentityID)
	}
	u, err := liveUser(ctx, tx, p.WorkspaceID, UserRef{AcsUserID: acsUserID})
	if err != nil {
		return u, err
	}
	if u.AcsSystemID != sys.AcsSystemID {
		return u, invalid(field, "The user belongs to another access system than the "+what)
	}
	return u, nil
}

// ListCredentialEntrances returns the entrances a credential opens: its own
// and those its user may open through access groups and direct grants.
func (s *Service) ListCredentialEntrances(ctx context.Context, p lintel.Principal, acsCredentialID string) ([]client.AcsEntrance, error) {
	var out []client.AcsEntrance
	err := s.store.View(ctx, func(tx *store.Tx) error {
		c, err := credentialInScope(ctx, tx, p, acsCredentialID)
		if err != nil {
			return err
		}
		rows, err := tx.AcsEntrances(ctx, p.WorkspaceID, store.AcsEntranceFilter{AcsCredentialID: c.AcsCredentialID})
		if err != nil {
			return err
		}
		out, err = presentEntrances(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, err
}

// presentCredentials turns stored credentials into API objects. A
// credential with a mutation the access system has not confirmed is not in
// sync with it; one not issued yet carries the waiting_to_be_issued warning.
func (s *Service) presentCredentials(ctx context.Context, tx *store.Tx, workspaceID string, creds []store.AcsCredential) ([]client.AcsCredential, error) {
	pending, err := pendingMutationsOf(ctx, tx, workspaceID, creds, func(c store.AcsCredential) string { return c.AcsCredentialID })
	if err != nil {
		return nil, err
	}
	out := make([]client.AcsCredential, len(creds))
	for i, c := range creds {
		out[i] = presentCredential(c, len(pending[c.AcsCredentialID]) == 0)
	}
	return out, nil
}

func presentCredential(c store.AcsCredential, synced bool) client.AcsCredential {
	out := client.AcsCredential{
		AcsCredentialID: c.AcsCredentialID, AcsSystemID: c.AcsSystemID, WorkspaceID: c.WorkspaceID,
		ConnectedAccountID: c.ConnectedAccountID, AcsUserID: deref(c.AcsUserID), UserIdentityID: deref(c.UserIdentityID),
		DisplayName: c.DisplayName, AccessMethod: c.AccessMethod, Code: c.Code, CardNumber: c.CardNumber,
		StartsAt: timePtr(c.StartsAt), EndsAt: timePtr(c.EndsAt), IsIssued: c.IsIssued, IssuedAt: timePtr(c.IssuedAt),
		IsOneTimeUse: c.IsOneTimeUse, IsMultiPhoneSyncCredential: c.IsMultiPhoneSyncCredential,
		IsLatestDesiredStateSyncedWithProvider: &synced, CreatedAt: client.NewTime(c.CreatedAt), IsManaged: true,
		Errors: []client.AcsError{}, Warnings: []client.AcsWarning{},
	}
	out.ExternalType = deref(c.ExternalType)
	if out.ExternalType == "" {
		out.ExternalType = credentialExternalType[c.SystemExternalType]
	}
	out.ExternalTypeDisplayName = credentialExternalTypeDisplay[out.ExternalType]
	if out.DisplayName == "" {
		out.DisplayName = accessMethodLabel[c.AccessMethod]
	}
	if !c.IsIssued {
		out.Warnings = append(out.Warnings, client.AcsWarning{CreatedAt: client.NewTime(c.CreatedAt),
			WarningCode: "waiting_to_be_issued", Message: "The credential is waiting to be issued by the access system"})
	}
	out.Errors = presentErrors(c.Errors)
	return out
}

// providerCredential is a credential as the access system holds it.
func providerCredential(c store.AcsCredential, holder *store.AcsUser) *connector.ProviderCredential {
	pc := &connector.ProviderCredential{ExternalID: c.ExternalID, AccessMethod: c.AccessMethod, Code: c.Code, CardNumber: c.CardNumber}
	if holder != nil {
		pc.UserExternalID = &holder.ExternalID
	}
	return pc
}

// credentialExternalType maps a system's external type to its credentials'.
var credentialExternalType = map[string]string{
	"pti_site":                             "pti_card",
	"brivo_account":                        "brivo_credential",
	"hid_credential_manager_organization":  "hid_credential",
	"visionline_system":                    "visionline_card",
	"salto_ks_site":                        "salto_ks_credential",
	"assa_abloy_vostio":                    "assa_abloy_vostio_key",
	"assa_abloy_vostio_credential_service": "assa_abloy_vostio_key",
	"salto_space_system":                   "salto_space_key",
	"latch_building":                       "latch_access",
	"dormakaba_ambiance_site":              "dormakaba_ambiance_credential",
	"hotek_site":                           "hotek_card",
	"avigilon_alta_org":                    "avigilon_alta_credential",
	"kisi_organization":                    "kisi_credential",
	"akiles_organization":                  "akiles_credential",
}

var credentialExternalTypeDisplay = map[string]string{
	"pti_card": "PTI card", "brivo_credential": "Brivo credential", "hid_credential": "HID credential",
	"visionline_card": "Visionline card", "salto_ks_credential": "Salto KS credential",
	"assa_abloy_vostio_key": "ASSA ABLOY Vostio key", "salto_space_key": "Salto Space key",
	"latch_access": "Latch access", "dormakaba_ambiance_credential": "dormakaba Ambiance credential",
	"hotek_card": "Hotek card", "salto_ks_tag": "Salto KS tag", "avigilon_alta_credential": "Avigilon Alta credential",
	"kisi_credential": "Kisi credential", "akiles_credential": "Akiles credential",
}

var accessMethodLabel = map[string]string{
	"code": "PIN code", "card": "Card", "mobile_key": "Mobile key", "cloud_key": "Cloud key",
}

// credentialDisplayName names a new credential after its holder and kind.
func credentialDisplayName(u store.AcsUser, accessMethod string) string {
	holder := cmp.Or(deref(u.FullName), deref(u.EmailAddress), deref(u.PhoneNumber))
	if holder == "" {
		return accessMethodLabel[accessMethod]
	}
	return holder + " " + lowerFirst(accessMethodLabel[accessMethod])
}

// randomCode draws a six-digit PIN for a code credential created without
// one.
func randomCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// loadCredential reads a live credential back for the response.
func (s *Service) loadCredential(ctx context.Context, tx *store.Tx, workspaceID, acsCredentialID string) (client.AcsCredential, error) {
	c, err := tx.AcsCredential(ctx, workspaceID, acsCredentialID)
	if err != nil {
		return client.AcsCredential{}, err
	}
	creds, err := s.presentCredentials(ctx, tx, workspaceID, []store.AcsCredential{c})
	if err != nil {
		return client.AcsCredential{}, err
	}
	return creds[0], nil
}

// presentErrors turns the errors column of a user or credential into the
// errors the API shows: never null.
func presentErrors(doc string) []client.AcsError {
	out := []client.AcsError{}
	for _, e := range store.ObjectErrors(doc) {
		out = append(out, client.AcsError{CreatedAt: client.NewTime(e.CreatedAt), Message: e.Message, ErrorCode: e.ErrorCode})
	}
	return out
}

func timePtr(t *time.Time) *client.Time {
	if t == nil {
		return nil
	}
	ct := client.NewTime(*t)
	return &ct
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
