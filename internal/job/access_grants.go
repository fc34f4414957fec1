package job

import (
	"context"
	"errors"

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

// ScheduleAccessGrant inserts, in tx, the job of a grant's end and returns
// its id (grant.Scheduler).
func (q *Queue) ScheduleAccessGrant(ctx context.Context, tx *store.Tx, due grant.Due) (int64, error) {
	return q.scheduleAt(ctx, tx, accessGrantDueArgs{Due: due}, due.Time())
}
