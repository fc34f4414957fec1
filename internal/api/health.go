package api

import (
	"context"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

func (s *Server) health(ctx context.Context, p lintel.Principal, in client.HealthParams) (any, error) {
	return client.Health{OK: true, Message: "lintel is up", Version: s.cfg.Version,
		LastServiceEvaluationAt: client.NewTime(time.Now()), ServiceHealthStatuses: []client.ServiceHealth{}}, nil
}
