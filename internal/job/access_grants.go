package job

import (
	"context"
	"errors"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/lintel-dev/lintel/internal/grant"
	"github.com/lintel-dev/lintel/internal/store"
)

// accessGrantDueArgs are the arguments of a job scheduled at an access
// grant's ends_at, inserted in the transaction that created the grant or
// moved its end.
type accessGrantDueArgs struct {
	Due grant.Due `json:"due"`
}

func (accessGrantDueArgs) Kind() string { return "access_grant_due" }

func (accessGrantDueArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMutations}
}

// accessGrantDueWorker ends a grant at its end (grant.Service.RunDue). A
// job that runs before its time by the domain's clock snoozes until then;
// one whose grant has moved or gone does nothing.
type accessGrantDueWorker struct {
	river.WorkerDefaults[accessGrantDueArgs]
	q *Queue
}

func (w *accessGrantDueWorker) Work(ctx context.Context, job *river.Job[accessGrantDueArgs]) error {
	if w.q.grants == nil {
		return errors.New("job: the access grants domain is not wired")
	}
	wait, err := w.q.grants.RunDue(ctx, job.Args.Due)
	if err != nil {
		return err
	}
	if wait > 0 {
		return river.JobSnooze(wait)
	}
	return nil
}

// SetAccessGrants wires the access grants domain, whose grants the queue
// ends on time.
func (q *Queue) SetAccessGrants(s *grant.Service) { q.grants = s }

// ScheduleAccessGrant inserts, in tx, the job of a grant's end
// (grant.Scheduler).
func (q *Queue) ScheduleAccessGrant(ctx context.Context, tx *store.Tx, due grant.Due) error {
	if tx.SQL() == nil {
		return errors.New("job: ScheduleAccessGrant needs a write transaction")
	}
	if _, err := q.client.InsertTx(ctx, tx.SQL(), accessGrantDueArgs{Due: due},
		&river.InsertOpts{ScheduledAt: due.Time()}); err != nil {
		return fmt.Errorf("schedule access grant: %w", err)
	}
	return nil
}
