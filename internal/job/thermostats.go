package job

import (
	"context"
	"errors"

	"github.com/riverqueue/river"

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
	return q.scheduleAt(ctx, tx, thermostatDueArgs{Due: due}, due.Time())
}
