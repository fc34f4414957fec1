package workspace

import (
	"context"
	"errors"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/store"
)

// errNotSandbox refuses to reset a workspace that is not a sandbox.
var errNotSandbox = lintel.Errorf(lintel.EInvalidInput, "Only a sandbox workspace can be reset; this workspace is not a sandbox")

// ResetSandbox empties the caller's sandbox workspace back to how it was
// created, in one transaction: every connected account and everything
// behind it (access systems, users, credentials, access groups,
// entrances), Connect Webviews, user identities, client sessions, action
// attempts and the event log are deleted. The workspace itself, its settings, members, API
// keys, publishable keys and webhooks stay, and so does the audit log,
// which records the reset. No deleted event is recorded: the log is
// emptied with the rest, and a reset is not a deletion of each object. It
// answers the RESET_SANDBOX_WORKSPACE action attempt, already succeeded.
// A workspace that is not a sandbox is refused and nothing changes.
func (s *Service) ResetSandbox(ctx context.Context, p lintel.Principal) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		w, err := tx.Workspace(ctx, p.WorkspaceID)
		if errors.Is(err, store.ErrNotFound) {
			return errWorkspaceNotFound
		}
		if err != nil {
			return err
		}
		if !w.IsSandbox {
			return errNotSandbox
		}
		if err := tx.ResetWorkspace(ctx, p.WorkspaceID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "workspace.reset_sandbox", "workspace", p.WorkspaceID, audit.Succeeded); err != nil {
			return err
		}
		// Started after the reset, which deletes action attempts.
		id, err := attempt.Start(ctx, tx, p.WorkspaceID, attempt.ResetSandboxWorkspace)
		if err != nil {
			return err
		}
		if err := attempt.Succeed(ctx, tx, s.events, p.WorkspaceID, id, struct{}{}); err != nil {
			return err
		}
		out, err = attempt.Load(ctx, tx, p.WorkspaceID, id)
		return err
	})
	return out, err
}
