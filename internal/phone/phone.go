// Package phone is the domain of app users' phones: each belongs to a user
// identity and carries the mobile keys of the identity's access system
// users. A lost phone is deactivated: it leaves the API, and the mobile
// keys it carried are revoked on their access systems exactly as
// /acs/credentials/delete revokes one, so that whoever holds the phone
// opens nothing; the user gets new credentials on a new phone.
package phone

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// mobileKey is the access method of the credentials a phone carries.
const mobileKey = "mobile_key"

// Errors of this domain.
var (
	errPhoneNotFound      = lintel.NotFound("phone", "Phone not found")
	errIdentityNotFound   = lintel.NotFound("user_identity", "User identity not found")
	errCredentialNotFound = lintel.NotFound("acs_credential", "Credential not found")
)

// everything reads a whole list: phones/list is not paginated.
var everything = page.Request{Limit: 1 << 30}

// Service is the phones domain.
type Service struct {
	store  *store.Store
	acs    *acs.Service
	events *event.Recorder
}

// NewService builds the phones domain. It revokes a deactivated phone's
// credentials through the ACS domain.
func NewService(st *store.Store, acsService *acs.Service, events *event.Recorder) *Service {
	return &Service{store: st, acs: acsService, events: events}
}

// notFound maps the store's ErrNotFound to a domain error.
func notFound(err error, as *lintel.Error) error {
	if errors.Is(err, store.ErrNotFound) {
		return as
	}
	return err
}

// inScope reports whether the caller may see the identity's phones: a
// client session sees only those of its own identities.
func inScope(p lintel.Principal, userIdentityID string) bool {
	return !p.IsClientSession() || slices.Contains(p.UserIdentityIDs, userIdentityID)
}

// CreateSandboxPhone gives a user identity of the workspace a simulated
// phone, with the spec's defaults for what the request leaves out.
func (s *Service) CreateSandboxPhone(ctx context.Context, p lintel.Principal, in client.PhonesSimulateCreateSandboxPhoneParams) (client.Phone, error) {
	meta := client.SandboxPhoneMetadata{}
	if in.PhoneMetadata != nil {
		meta = *in.PhoneMetadata
	}
	assa := client.SandboxAssaAbloyMetadata{}
	if in.AssaAbloyMetadata != nil {
		assa = *in.AssaAbloyMetadata
	}
	ph := store.Phone{DeviceID: lintel.NewID(), UserIdentityID: in.UserIdentityID, DeviceType: "android_phone",
		Manufacturer: cmp.Or(meta.DeviceManufacturer, "Samsung"), Model: cmp.Or(meta.DeviceModel, "Samsung Galaxy S10"),
		OSVersion: cmp.Or(meta.OSVersion, "10"), AppVersion: cmp.Or(assa.ApplicationVersion, "1.0.0"),
		BLECapability: orBool(assa.BLECapability, true), HCECapability: orBool(assa.HCECapability, false),
		NFCCapability: orBool(assa.NFCCapability, false), SeosAppletVersion: cmp.Or(assa.SeosAppletVersion, "1.0.0"),
		SeosTSMEndpointID: 1}
	if meta.OperatingSystem == "ios" {
		ph.DeviceType = "ios_phone"
	}
	if assa.SeosTSMEndpointID != nil {
		ph.SeosTSMEndpointID = *assa.SeosTSMEndpointID
	}
	if in.CustomSDKInstallationID != "" {
		ph.CustomSDKInstallationID = &in.CustomSDKInstallationID
	}
	var out client.Phone
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		ph.CreatedAt = tx.Now()
		if err := tx.InsertPhone(ctx, p.WorkspaceID, ph); err != nil {
			return notFound(err, errIdentityNotFound)
		}
		if err := audit.Record(ctx, tx, p, "phone.create_sandbox_phone", "phone", ph.DeviceID, audit.Succeeded); err != nil {
			return err
		}
		ph.WorkspaceID = p.WorkspaceID
		var err error
		out, err = present(ph)
		return err
	})
	return out, err
}

// Get returns one phone of the caller's workspace.
func (s *Service) Get(ctx context.Context, p lintel.Principal, deviceID string) (client.Phone, error) {
	var out client.Phone
	err := s.store.View(ctx, func(tx *store.Tx) error {
		ph, err := s.phone(ctx, tx, p, deviceID)
		if err != nil {
			return err
		}
		out, err = present(ph)
		return err
	})
	return out, err
}

// phone loads a phone the caller may see.
func (s *Service) phone(ctx context.Context, tx *store.Tx, p lintel.Principal, deviceID string) (store.Phone, error) {
	ph, err := tx.Phone(ctx, p.WorkspaceID, deviceID)
	if err != nil {
		return ph, notFound(err, errPhoneNotFound)
	}
	if !inScope(p, ph.UserIdentityID) {
		return ph, errPhoneNotFound
	}
	return ph, nil
}

// List returns the workspace's phones, oldest first: those of an owner,
// and those that carry a credential (the phones of the identity whose
// user holds it, when it is a mobile key). A named identity or credential
// must be of the workspace.
func (s *Service) List(ctx context.Context, p lintel.Principal, in client.PhonesListParams) ([]client.Phone, error) {
	out := []client.Phone{}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var f store.PhoneFilter
		if p.IsClientSession() {
			f.UserIdentityIDs = slices.Clone(p.UserIdentityIDs)
		}
		if id := in.OwnerUserIdentityID; id != "" {
			if _, err := tx.UserIdentity(ctx, p.WorkspaceID, id); err != nil {
				return notFound(err, errIdentityNotFound)
			}
			f.UserIdentityIDs = narrow(f.UserIdentityIDs, id)
		}
		if id := in.AcsCredentialID; id != "" {
			c, err := tx.AcsCredential(ctx, p.WorkspaceID, id)
			if err != nil {
				return notFound(err, errCredentialNotFound)
			}
			holder := ""
			if c.AccessMethod == mobileKey && c.UserIdentityID != nil {
				holder = *c.UserIdentityID
			}
			f.UserIdentityIDs = narrow(f.UserIdentityIDs, holder)
		}
		rows, err := tx.ListPhones(ctx, p.WorkspaceID, f, everything)
		if err != nil {
			return err
		}
		for _, ph := range rows {
			c, err := present(ph)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// narrow intersects a filter of identity ids (nil: any) with one id ("":
// none).
func narrow(ids []string, id string) []string {
	if id == "" || (ids != nil && !slices.Contains(ids, id)) {
		return []string{}
	}
	return []string{id}
}

// Deactivate deactivates a lost phone. In one transaction the phone leaves
// the API; each mobile key of its owner's access system users is
// invalidated (acs_credential.invalidated) and deleted as
// /acs/credentials/delete deletes one, its revocation handed to the access
// system's connector (acs_credential.deleted once the system has revoked
// it); an audit row records who did it; and phone.deactivated is recorded.
// Deactivating again is not found.
func (s *Service) Deactivate(ctx context.Context, p lintel.Principal, deviceID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.phone(ctx, tx, p, deviceID); err != nil {
			return err
		}
		// The claim: of concurrent deactivations one deletes the phone,
		// the others find it gone.
		ph, err := tx.DeletePhone(ctx, p.WorkspaceID, deviceID)
		if err != nil {
			return notFound(err, errPhoneNotFound)
		}
		keys, err := tx.ListAcsCredentials(ctx, p.WorkspaceID, store.AcsCredentialFilter{
			UserIdentityID: ph.UserIdentityID, AccessMethod: mobileKey}, everything)
		if err != nil {
			return err
		}
		for _, c := range keys {
			e := client.Event{EventType: event.AcsCredentialInvalid, AcsSystemID: c.AcsSystemID,
				ConnectedAccountID: c.ConnectedAccountID, AcsCredentialID: c.AcsCredentialID}
			if err := s.events.Record(ctx, tx, p.WorkspaceID, e); err != nil {
				return err
			}
			if err := s.acs.DeleteCredentialTx(ctx, tx, p, c.AcsCredentialID); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, p, "phone.deactivate", "phone", ph.DeviceID, audit.Succeeded); err != nil {
			return err
		}
		meta, err := customMetadata(ph.CustomMetadata)
		if err != nil {
			return err
		}
		return s.events.Record(ctx, tx, p.WorkspaceID, client.Event{EventType: event.PhoneDeactivated,
			DeviceID: ph.DeviceID, DeviceCustomMetadata: meta})
	})
}

// present turns a stored phone into the API's. A sandbox phone's
// credential service endpoint is the phone itself, active while the phone
// is.
func present(ph store.Phone) (client.Phone, error) {
	meta, err := customMetadata(ph.CustomMetadata)
	if err != nil {
		return client.Phone{}, err
	}
	out := client.Phone{DeviceID: ph.DeviceID, DeviceType: ph.DeviceType, DisplayName: ph.Model,
		WorkspaceID: ph.WorkspaceID, CreatedAt: client.NewTime(ph.CreatedAt), CustomMetadata: meta,
		Errors: []client.DeviceError{}, Warnings: []client.DeviceWarning{},
		Properties: client.PhoneProperties{AssaAbloyCredentialServiceMetadata: &client.PhoneCredentialServiceMetadata{
			HasActiveEndpoint: true, Endpoints: []client.PhoneEndpoint{{EndpointID: ph.DeviceID, IsActive: true}}}}}
	if ph.Nickname != nil {
		out.Nickname, out.DisplayName = *ph.Nickname, *ph.Nickname
	}
	return out, nil
}

// customMetadata decodes a stored custom metadata object; never nil.
func customMetadata(doc string) (map[string]any, error) {
	out := map[string]any{}
	if doc == "" {
		return out, nil
	}
	err := json.Unmarshal([]byte(doc), &out)
	return out, err
}

func orBool(v *bool, fallback bool) bool {
	if v == nil {
		return fallback
	}
	return *v
}
