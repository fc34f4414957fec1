package job

import (
	"context"

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
