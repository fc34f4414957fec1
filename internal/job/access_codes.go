package job

import (
	"context"
	"errors"

	"github.com/riverqueue/river"

	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/store"
)

// accessCodeDueArgs are the arguments of a job scheduled at a time-bound
// access code's starts_at or ends_at, inserted in the transaction that
// created the code or moved its times.
type accessCodeDueArgs struct {
	Due accesscode.Due `json:"due"`
}

func (accessCodeDueArgs) Kind() string { return "access_code_due" }

func (accessCodeDueArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMutations}
}

// accessCodeDueWorker programs a code at its start and takes it off at its
// end (accesscode.Service.RunDue). A job that runs before its time by the
// domain's clock snoozes until then; one whose code has moved or gone does
// nothing.
type accessCodeDueWorker struct {
	river.WorkerDefaults[accessCodeDueArgs]
	q *Queue
}

func (w *accessCodeDueWorker) Work(ctx context.Context, job *river.Job[accessCodeDueArgs]) error {
	if w.q.codes == nil {
		return errors.New("job: the access codes domain is not wired")
	}
	wait, err := w.q.codes.RunDue(ctx, job.Args.Due)
	if err != nil {
		return err
	}
	if wait > 0 {
		return river.JobSnooze(wait)
	}
	return nil
}

// SetAccessCodes wires the access codes domain, whose time-bound codes the
// queue runs.
func (q *Queue) SetAccessCodes(s *accesscode.Service) { q.codes = s }

// ScheduleAccessCode inserts, in tx, the job of one of a code's times and
// returns its id (accesscode.Scheduler).
func (q *Queue) ScheduleAccessCode(ctx context.Context, tx *store.Tx, due accesscode.Due) (int64, error) {
	return q.scheduleAt(ctx, tx, accessCodeDueArgs{Due: due}, due.Time())
}
