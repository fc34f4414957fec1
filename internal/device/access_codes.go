package device

import (
	"context"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// LockCodes lists the codes a lock holds, through its connector, for the
// access codes domain's reconciliation (accesscode.Service.ReconcileDevice).
func (s *Service) LockCodes(ctx context.Context, tx *store.Tx, d store.Device) ([]connector.ProviderAccessCode, error) {
	c, err := s.connectors.ForDevice(d)
	if err != nil {
		return nil, err
	}
	return c.AccessCodes(ctx, tx, d)
}
