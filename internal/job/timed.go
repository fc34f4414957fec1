package job

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/internal/store"
)

// Timed jobs run at a time of something a domain keeps (a thermostat
// schedule's start, an access code's end, an access grant's end). The
// domain keeps their ids with the thing, and cancels them in the
// transaction that moves its times or deletes it; their workers still do
// nothing for a time the thing no longer has (a job already running when
// the change commits, or one scheduled before lintel kept the ids).

// scheduleAt inserts, in tx, a timed job that runs at at and returns its
// id.
func (q *Queue) scheduleAt(ctx context.Context, tx *store.Tx, args river.JobArgs, at time.Time) (int64, error) {
	if tx.SQL() == nil {
		return 0, fmt.Errorf("job: scheduling %s needs a write transaction", args.Kind())
	}
	res, err := q.client.InsertTx(ctx, tx.SQL(), args, &river.InsertOpts{ScheduledAt: at})
	if err != nil {
		return 0, fmt.Errorf("schedule %s: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

// CancelJobs cancels, in tx, the timed jobs of the ids given, skipping the
// nil ones (thermostat.Scheduler, accesscode.Scheduler, grant.Scheduler).
// A job that has finished stays as it is; one that River has already
// cleaned away is no error. A job running now is marked for cancellation
// and finds nothing to do.
func (q *Queue) CancelJobs(ctx context.Context, tx *store.Tx, jobIDs ...*int64) error {
	for _, id := range jobIDs {
		if id == nil {
			continue
		}
		if tx.SQL() == nil {
			return errors.New("job: CancelJobs needs a write transaction")
		}
		if _, err := q.client.JobCancelTx(ctx, tx.SQL(), *id); err != nil && !errors.Is(err, rivertype.ErrNotFound) {
			return fmt.Errorf("cancel job %d: %w", *id, err)
		}
	}
	return nil
}
