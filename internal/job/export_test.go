package job

import (
	"context"
	"encoding/json"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// JobsOfKind lists the jobs of one kind, for tests to inspect attempts.
func (q *Queue) JobsOfKind(ctx context.Context, kind string) ([]*rivertype.JobRow, error) {
	var out []*rivertype.JobRow
	params := river.NewJobListParams().Kinds(kind).First(10_000)
	res, err := q.client.JobList(ctx, params)
	if err != nil {
		return nil, err
	}
	out = append(out, res.Jobs...)
	return out, nil
}

// QueueReconcileRest queues the continuation of a system's reconciliation
// after the external id after, to run at at, as a half-way chain would.
func (q *Queue) QueueReconcileRest(ctx context.Context, workspaceID, acsSystemID, after string, at time.Time) error {
	_, err := q.client.Insert(ctx, reconcileArgs{WorkspaceID: workspaceID, AcsSystemID: acsSystemID, After: after},
		&river.InsertOpts{ScheduledAt: at})
	return err
}

// ReconcileArgsOf decodes the arguments of a reconcile job: its system
// and where it starts.
func ReconcileArgsOf(j *rivertype.JobRow) (acsSystemID, after string, err error) {
	var a reconcileArgs
	err = json.Unmarshal(j.EncodedArgs, &a)
	return a.AcsSystemID, a.After, err
}

// SetAfterLastClaim makes f run once a webhook's job has found nothing
// left to claim and has completed, before its worker returns.
func (q *Queue) SetAfterLastClaim(f func()) { q.afterLastClaim = f }
