// Package audit keeps the record of who changed what: one append-only row
// per destructive action, written in the transaction of the change.
package audit

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
)

// Outcomes of an audited action.
const (
	Succeeded = "succeeded"
	Denied    = "denied"
)

// Record writes an audit row for an action of p on an object.
func Record(ctx context.Context, tx *store.Tx, p lintel.Principal, action, objectType, objectID, outcome string) error {
	return tx.InsertAudit(ctx, p.WorkspaceID, store.AuditRecord{
		AuditID:         lintel.NewID(),
		Action:          action,
		ObjectType:      objectType,
		ObjectID:        objectID,
		ActorKind:       string(p.Kind),
		ActorID:         p.ActorID,
		ActorShortToken: p.ShortToken,
		ActorUserID:     p.UserID,
		RequestID:       p.RequestID,
		SourceIP:        p.SourceIP,
		Outcome:         outcome,
		OccurredAt:      tx.Now(),
	})
}
