package acs

import (
	"context"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// GetSystem returns one access system of the caller's workspace.
func (s *Service) GetSystem(ctx context.Context, p lintel.Principal, acsSystemID string) (client.AcsSystem, error) {
	var out client.AcsSystem
	err := s.store.View(ctx, func(tx *store.Tx) error {
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, acsSystemID)
		if err != nil {
			return notFound(err, errSystemNotFound)
		}
		systems, err := PresentSystemsTx(ctx, tx, p.WorkspaceID, []store.AcsSystem{sys})
		if err != nil {
			return err
		}
		out = systems[0]
		return nil
	})
	return out, err
}

// ListSystems returns the access systems of the caller's workspace; a
// client session sees the systems on which its identities have users.
func (s *Service) ListSystems(ctx context.Context, p lintel.Principal, in client.AcsSystemsListParams) ([]client.AcsSystem, error) {
	out := []client.AcsSystem{}
	if in.CustomerKey != "" {
		return out, nil // lintel has no customers: nothing belongs to one
	}
	f := store.AcsSystemFilter{ConnectedAccountID: in.ConnectedAccountID, Search: in.Search}
	if p.IsClientSession() {
		f.UserIdentityIDs = append([]string{}, p.UserIdentityIDs...)
	}
	err := s.store.View(ctx, func(tx *store.Tx) error {
		rows, err := tx.ListAcsSystems(ctx, p.WorkspaceID, f)
		if err != nil {
			return err
		}
		out, err = PresentSystemsTx(ctx, tx, p.WorkspaceID, rows)
		return err
	})
	return out, err
}

// PresentSystemsTx turns stored systems of the workspace into API objects,
// with their user and access group counts, and the account_disconnected
// error while their connected account is disconnected.
func PresentSystemsTx(ctx context.Context, tx *store.Tx, workspaceID string, systems []store.AcsSystem) ([]client.AcsSystem, error) {
	ids := make([]string, len(systems))
	for i, sys := range systems {
		ids[i] = sys.AcsSystemID
	}
	counts, err := tx.CountAcsSystemObjects(ctx, workspaceID, ids)
	if err != nil {
		return nil, err
	}
	disconnectedAt := map[string]*time.Time{}
	out := make([]client.AcsSystem, len(systems))
	for i, sys := range systems {
		at, ok := disconnectedAt[sys.ConnectedAccountID]
		if !ok {
			ca, err := tx.ConnectedAccount(ctx, workspaceID, sys.ConnectedAccountID)
			if err != nil {
				return nil, err
			}
			at = ca.DisconnectedAt
			disconnectedAt[sys.ConnectedAccountID] = at
		}
		out[i] = presentSystem(sys, counts[sys.AcsSystemID])
		if at != nil {
			out[i].Errors = append(out[i].Errors, accountDisconnected(client.NewTime(*at)))
		}
	}
	return out, nil
}

func presentSystem(sys store.AcsSystem, n store.AcsSystemCounts) client.AcsSystem {
	return client.AcsSystem{
		AcsSystemID: sys.AcsSystemID, WorkspaceID: sys.WorkspaceID,
		ConnectedAccountID: sys.ConnectedAccountID, ConnectedAccountIDs: []string{sys.ConnectedAccountID},
		Name: sys.Name, CreatedAt: client.NewTime(sys.CreatedAt),
		ExternalType: sys.ExternalType, ExternalTypeDisplayName: sys.ExternalTypeDisplayName,
		SystemType: sys.ExternalType, SystemTypeDisplayName: sys.ExternalTypeDisplayName,
		IsCredentialManager: sys.IsCredentialManager,
		Location:            client.AcsSystemLocation{TimeZone: sys.TimeZone},
		// lintel serves no images; the alt text still names the system.
		ImageURL: "", ImageAltText: sys.ExternalTypeDisplayName + " logo",
		AcsUserCount: n.Users, AcsAccessGroupCount: n.AccessGroups,
		Errors: []client.AcsError{}, Warnings: []client.AcsWarning{},
	}
}
