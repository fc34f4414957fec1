package acs

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/page"
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
// accounts. lintel keeps no customer keys, user identifier keys or spaces
// on accounts, so filtering by one of them finds none.
func (s *Service) ListConnectedAccounts(ctx context.Context, p lintel.Principal, in client.ConnectedAccountsListParams) ([]client.ConnectedAccount, page.Pagination, error) {
	filters := in
	filters.Limit, filters.PageCursor = 0, nil
	req, err := page.NewRequest(in.Limit, page.MaxLimit, in.PageCursor, filters)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	out := []client.ConnectedAccount{}
	if in.UserIdentifierKey != "" || in.CustomerKey != "" || in.SpaceID != "" {
		return out, page.Pagination{}, nil
	}
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListConnectedAccounts(ctx, p.WorkspaceID, store.ConnectedAccountFilter{Search: in.Search}, req)
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

func presentConnectedAccount(c store.ConnectedAccount) client.ConnectedAccount {
	out := client.ConnectedAccount{
		ConnectedAccountID: c.ConnectedAccountID, WorkspaceID: c.WorkspaceID, CreatedAt: client.NewTime(c.CreatedAt),
		AccountType: c.AccountType, AccountTypeDisplayName: c.AccountTypeDisplayName, DisplayName: c.DisplayName,
		CustomMetadata: map[string]any{}, AutomaticallyManageNewDevices: c.AutomaticallyManageNewDevices,
		AcceptedCapabilities: []string{"access_control"},
		Errors:               []client.AcsError{}, Warnings: []client.AcsWarning{},
	}
	_ = json.Unmarshal([]byte(c.CustomMetadata), &out.CustomMetadata)
	if out.CustomMetadata == nil {
		out.CustomMetadata = map[string]any{}
	}
	return out
}
