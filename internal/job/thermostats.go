package job

import (
	"context"
	"errors"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/thermostat"
)

// thermostatDueArgs are the arguments of a job scheduled at a thermostat
// schedule's starts_at or ends_at, inserted in the transaction that
// created the schedule or moved its times.
type thermostatDueArgs struct {
	Due thermostat.Due `json:"due"`
}

func (thermostatDueArgs) Kind() string { return "thermostat_schedule_due" }

func (thermostatDueArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMutations}
}

// thermostatDueWorker starts and ends thermostat schedules
// (thermostat.Service.RunDue). A job that runs before its time by the
// domain's clock snoozes until then; one whose schedule has moved or gone
// does nothing.
type thermostatDueWorker struct {
	river.WorkerDefaults[thermostatDueArgs]
	q *Queue
}

func (w *thermostatDueWorker) Work(ctx context.Context, job *river.Job[thermostatDueArgs]) error {
	if w.q.thermostats == nil {
		return errors.New("job: the thermostats domain is not wired")
	}
	wait, err := w.q.thermostats.RunDue(ctx, job.Args.Due)
	if err != nil {
		return err
	}
	if wait > 0 {
		return river.JobSnooze(wait)
	}
	return nil
}

// SetThermostats wires the thermostats domain, whose schedules the queue
// runs.
func (q *Queue) SetThermostats(s *thermostat.Service) { q.thermostats = s }

// ScheduleThermostat inserts, in tx, the job of one of a schedule's times
// and returns its id (thermostat.Scheduler).
func (q *Queue) ScheduleThermostat(ctx context.Context, tx *store.Tx, due thermostat.Due) (int64, error) {
	if tx.SQL() == nil {
		return 0, errors.New("job: ScheduleThermostat needs a write transaction")
	}
	res, err := q.client.InsertTx(ctx, tx.SQL(), thermostatDueArgs{Due: due}, &river.InsertOpts{ScheduledAt: due.Time()})
	if err != nil {
		return 0, fmt.Errorf("schedule thermostat: %w", err)
	}
	return res.Job.ID, nil
}

// CancelThermostatJob cancels, in tx, a job of a schedule's times
// (thermostat.Scheduler). A job that has finished stays as it is; one that
// River has already cleaned away is no error. A job running now is marked
// for cancellation and finds nothing to do (RunDue).
func (q *Queue) CancelThermostatJob(ctx context.Context, tx *store.Tx, jobID int64) error {
	if tx.SQL() == nil {
		return errors.New("job: CancelThermostatJob needs a write transaction")
	}
	if _, err := q.client.JobCancelTx(ctx, tx.SQL(), jobID); err != nil && !errors.Is(err, rivertype.ErrNotFound) {
		return fmt.Errorf("cancel thermostat job: %w", err)
	}
	return nil
}
