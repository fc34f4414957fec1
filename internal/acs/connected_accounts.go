package acs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
)

var errConnectedAccountNotFound = lintel.NotFound("connected_account", "Connected account not found")

// GetConnectedAccount returns one connected account of the caller's
// workspace, by id or by the email address it was connected with. lintel's
// accounts are not connected with an email address, so an email finds none.
// A client session sees only the accounts it was created for.
func (s *Service) GetConnectedAccount(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsGetParams) (client.ConnectedAccount, error) {
	var out client.ConnectedAccount
	if in.ConnectedAccountID == "" && in.Email == "" {
		var v lintel.InvalidInput
		v.Add("connected_account_id", "Required: give connected_account_id or email")
		return out, v.Err()
	}
	if in.ConnectedAccountID == "" {
		return out, errConnectedAccountNotFound
	}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if p.IsClientSession() {
			cs, err := tx.LiveClientSession(ctx, p.WorkspaceID, p.ActorID)
			if err != nil {
				return notFound(err, errConnectedAccountNotFound)
			}
			if !slices.Contains(cs.ConnectedAccountIDs, in.ConnectedAccountID) {
				return errConnectedAccountNotFound
			}
		}
		ca, err := tx.ConnectedAccount(ctx, p.WorkspaceID, in.ConnectedAccountID)
		if err != nil {
			return notFound(err, errConnectedAccountNotFound)
		}
		out = presentConnectedAccount(ca)
		return nil
	})
	return out, err
}

// ListConnectedAccounts returns one page of the workspace's connected
// accounts, or those added to a space. lintel keeps no customer keys or
// user identifier keys on accounts, so filtering by one of them finds none.
func (s *Service) ListConnectedAccounts(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsListParams) ([]client.ConnectedAccount, page.Pagination, error) {
	req, err := page.ListRequest(in, page.MaxLimit)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	out := []client.ConnectedAccount{}
	if in.UserIdentifierKey != "" || in.CustomerKey != "" {
		return out, page.Pagination{}, nil
	}
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListConnectedAccounts(ctx, p.WorkspaceID, store.ConnectedAccountFilter{Search: in.Search,
			SpaceID: in.SpaceID}, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(c store.ConnectedAccount) page.Key {
			return page.Key{CreatedAt: c.CreatedAt, ID: c.ConnectedAccountID}
		})
		for _, c := range rows {
			out = append(out, presentConnectedAccount(c))
		}
		return nil
	})
	return out, pg, err
}

// SyncConnectedAccount asks for a sync of a connected account of the
// caller's workspace: a reconciliation of each of its systems with the
// access system behind it, and one of its devices with the provider's
// account (the devices gone, their state, the access codes on them), are
// queued for the background workers (one already under way is left to
// it). It returns once they are queued, not when they are done.
func (s *Service) SyncConnectedAccount(ctx context.Context, p lintel.Principal, connectedAccountID string) error {
	var systems []string
	var hasDevices bool
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if _, err := tx.ConnectedAccount(ctx, p.WorkspaceID, connectedAccountID); err != nil {
			return notFound(err, errConnectedAccountNotFound)
		}
		rows, err := tx.ListAcsSystems(ctx, p.WorkspaceID, store.AcsSystemFilter{ConnectedAccountID: connectedAccountID})
		if err != nil {
			return err
		}
		for _, sys := range rows {
			systems = append(systems, sys.AcsSystemID)
		}
		devices, err := tx.DevicesOfConnectedAccount(ctx, p.WorkspaceID, connectedAccountID)
		hasDevices = len(devices) > 0
		return err
	})
	if err != nil || (len(systems) == 0 && !hasDevices) {
		return err
	}
	if s.queue == nil {
		return errors.New("syncing a connected account needs the background queue, which is not running")
	}
	var n int
	if len(systems) > 0 {
		if n, err = s.queue.Reconcile(ctx, p.WorkspaceID, systems); err != nil {
			return err
		}
	}
	var devicesQueued bool
	if hasDevices {
		if devicesQueued, err = s.queue.ReconcileDevices(ctx, p.WorkspaceID, connectedAccountID); err != nil {
			return err
		}
	}
	s.log.Info("connected account sync requested", "workspace_id", p.WorkspaceID, "connected_account_id", connectedAccountID,
		"systems", len(systems), "queued", n, "devices_queued", devicesQueued)
	return nil
}

// Bounds of a connected account's custom metadata: values are strings of
// at most maxMetadataString characters, booleans or null (Seam's schema);
// lintel also bounds the number and length of keys.
const (
	maxMetadataKeys   = 50
	maxMetadataKey    = 40
	maxMetadataString = 500
)

// UpdateConnectedAccount changes a connected account of the caller's
// workspace and returns it. lintel's accounts reach access control systems
// only and belong to no customer, so accepted_capabilities must be exactly
// access_control and customer_key is refused. An audit row records who did
// it.
func (s *Service) UpdateConnectedAccount(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsUpdateParams) (client.ConnectedAccount, error) {
	var out client.ConnectedAccount
	var v lintel.InvalidInput
	if in.CustomerKey != "" {
		v.Add("customer_key", "lintel has no customers to move a connected account to")
	}
	var metadata string
	if in.CustomMetadata != nil {
		CheckCustomMetadata(&v, in.CustomMetadata)
		doc, err := json.Marshal(in.CustomMetadata)
		if err != nil {
			return out, err
		}
		metadata = string(doc)
	}
	if err := v.Err(); err != nil {
		return out, err
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		ca, err := tx.ConnectedAccount(ctx, p.WorkspaceID, in.ConnectedAccountID)
		if err != nil {
			return notFound(err, errConnectedAccountNotFound)
		}
		if want := capabilities(ca.AccountType); in.AcceptedCapabilities != nil && !slices.Equal(in.AcceptedCapabilities, want) {
			return invalid("accepted_capabilities", fmt.Sprintf("A %s account has the capabilities %q and no others", ca.AccountType, want))
		}
		if in.DisplayName != nil {
			ca.DisplayName = *in.DisplayName
		}
		if in.CustomMetadata != nil {
			ca.CustomMetadata = metadata
		}
		if in.AutomaticallyManageNewDevices != nil {
			ca.AutomaticallyManageNewDevices = *in.AutomaticallyManageNewDevices
		}
		if err := tx.UpdateConnectedAccount(ctx, p.WorkspaceID, ca); err != nil {
			return notFound(err, errConnectedAccountNotFound)
		}
		if err := audit.Record(ctx, tx, p, "connected_account.update", "connected_account", ca.ConnectedAccountID, audit.Succeeded); err != nil {
			return err
		}
		out = presentConnectedAccount(ca)
		return nil
	})
	return out, err
}

// CheckCustomMetadata reports what in m breaks the bounds of custom
// metadata.
func CheckCustomMetadata(v *lintel.InvalidInput, m map[string]any) {
	if len(m) > maxMetadataKeys {
		v.Add("custom_metadata", fmt.Sprintf("At most %d keys", maxMetadataKeys))
		return
	}
	for k, val := range m {
		field := "custom_metadata." + k
		if k == "" || utf8.RuneCountInString(k) > maxMetadataKey {
			v.Add("custom_metadata", fmt.Sprintf("Keys must have 1 to %d characters", maxMetadataKey))
			continue
		}
		switch x := val.(type) {
		case nil, bool:
		case string:
			if utf8.RuneCountInString(x) > maxMetadataString {
				v.Add(field, fmt.Sprintf("At most %d characters", maxMetadataString))
			}
		default:
			v.Add(field, "Expected a string, a boolean or null")
		}
	}
}

// PresentConnectedAccount turns a stored connected account into the API's.
func PresentConnectedAccount(c store.ConnectedAccount) client.ConnectedAccount {
	return presentConnectedAccount(c)
}

func presentConnectedAccount(c store.ConnectedAccount) client.ConnectedAccount {
	out := client.ConnectedAccount{
		ConnectedAccountID: c.ConnectedAccountID, WorkspaceID: c.WorkspaceID, CreatedAt: client.NewTime(c.CreatedAt),
		AccountType: c.AccountType, AccountTypeDisplayName: c.AccountTypeDisplayName, DisplayName: c.DisplayName,
		CustomMetadata: map[string]any{}, AutomaticallyManageNewDevices: c.AutomaticallyManageNewDevices,
		AcceptedCapabilities: capabilities(c.AccountType),
		Errors:               []client.AcsError{}, Warnings: []client.AcsWarning{},
	}
	if c.UserIdentifierEmail != nil {
		out.UserIdentifier = &client.UserIdentifier{Email: *c.UserIdentifierEmail}
	}
	_ = json.Unmarshal([]byte(c.CustomMetadata), &out.CustomMetadata)
	if out.CustomMetadata == nil {
		out.CustomMetadata = map[string]any{}
	}
	if c.DisconnectedAt != nil {
		out.Errors = append(out.Errors, accountDisconnected(client.NewTime(*c.DisconnectedAt)))
	}
	return out
}

// capabilities are the accepted_capabilities of an account of a type: its
// provider's, access_control for the seed's own sandbox accounts.
func capabilities(accountType string) []string {
	if p, ok := provider.Lookup(accountType); ok {
		return []string{p.Capability}
	}
	return []string{provider.CapabilityAccessControl}
}
