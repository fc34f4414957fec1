package job

import (
	"context"
	"encoding/json"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/internal/accesscode"
	"github.com/lintel-dev/lintel/internal/grant"
)

// RunNow makes a job (a scheduled or snoozed one) available at once.
func (q *Queue) RunNow(ctx context.Context, jobID int64) error {
	_, err := q.client.JobRetry(ctx, jobID)
	return err
}

// DueOf decodes the arguments of an access code's scheduled job.
func DueOf(j *rivertype.JobRow) (accesscode.Due, error) {
	var a accessCodeDueArgs
	err := json.Unmarshal(j.EncodedArgs, &a)
	return a.Due, err
}

// GrantDueOf decodes the arguments of an access grant's scheduled job.
func GrantDueOf(j *rivertype.JobRow) (grant.Due, error) {
	var a accessGrantDueArgs
	err := json.Unmarshal(j.EncodedArgs, &a)
	return a.Due, err
}
