package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// QueuedMutation is a mutation handed to the job queue and not yet
// finished or failed; JobID is the queue's id of the job carrying it.
type QueuedMutation struct {
	JobID int64
	// AcsSystemID is the access system the mutation goes to, or DeviceID
	// the device: one of them is set.
	AcsSystemID string
	DeviceID    string
	// Subject orders mutations: those of one subject are applied in JobID
	// order (see connector.Mutation.Subject).
	Subject   string
	ObjectID  string
	Kind      string
	CreatedAt time.Time
}

// InsertQueuedMutation records a mutation handed to the queue, in the
// transaction that queued its job. Its system (or device) must be of the
// workspace; otherwise nothing is written and it returns ErrNotFound.
func (tx *Tx) InsertQueuedMutation(ctx context.Context, workspaceID string, q QueuedMutation) error {
	if q.DeviceID != "" {
		return execOne(ctx, tx, `INSERT INTO queued_mutations (workspace_id, job_id, acs_system_id, device_id, subject,
			object_id, kind, created_at)
			SELECT $1, CAST($2 AS BIGINT), '', $3, $4, $5, $6, CAST($7 AS BIGINT)
			WHERE `+inWorkspace("devices", "device_id", "$1", "$3"),
			workspaceID, q.JobID, q.DeviceID, q.Subject, q.ObjectID, q.Kind, ms(q.CreatedAt))
	}
	return execOne(ctx, tx, `INSERT INTO queued_mutations (workspace_id, job_id, acs_system_id, subject,
		object_id, kind, created_at)
		SELECT $1, CAST($2 AS BIGINT), $3, $4, $5, $6, CAST($7 AS BIGINT)
		WHERE `+inWorkspace("acs_systems", "acs_system_id", "$1", "$3"),
		workspaceID, q.JobID, q.AcsSystemID, q.Subject, q.ObjectID, q.Kind, ms(q.CreatedAt))
}

// ClaimQueuedMutation deletes the record of a queued mutation and reports
// whether it was there: exactly one caller finishes (or fails) a mutation,
// however often its job runs.
func (tx *Tx) ClaimQueuedMutation(ctx context.Context, workspaceID string, jobID int64) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `DELETE FROM queued_mutations WHERE workspace_id = $1 AND job_id = $2`,
		workspaceID, jobID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// QueuedMutationPending reports whether a queued mutation is still waiting
// to be finished or failed.
func (tx *Tx) QueuedMutationPending(ctx context.Context, workspaceID string, jobID int64) (bool, error) {
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM queued_mutations WHERE workspace_id = $1 AND job_id = $2`,
		workspaceID, jobID).Scan(&n)
	return n > 0, err
}

// QueuedMutationBefore reports whether a mutation of the same subject,
// queued before the given job, is still waiting.
func (tx *Tx) QueuedMutationBefore(ctx context.Context, workspaceID, subject string, jobID int64) (bool, error) {
	var n int
	err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM queued_mutations WHERE workspace_id = $1 AND subject = $2
		AND job_id < $3`, workspaceID, subject, jobID).Scan(&n)
	return n > 0, err
}

// QueuedSubjectsOfSystem returns the subjects of an access system that
// have queued mutations still waiting.
func (tx *Tx) QueuedSubjectsOfSystem(ctx context.Context, workspaceID, acsSystemID string) (map[string]bool, error) {
	rows, err := queryList(ctx, tx, scanString, `SELECT DISTINCT subject FROM queued_mutations WHERE workspace_id = $1 AND acs_system_id = $2`,
		workspaceID, acsSystemID)
	out := make(map[string]bool, len(rows))
	for _, s := range rows {
		out[s] = true
	}
	return out, err
}

// NextQueuedMutation returns the job of the next mutation of a subject
// queued after the given job, if any.
func (tx *Tx) NextQueuedMutation(ctx context.Context, workspaceID, subject string, jobID int64) (int64, bool, error) {
	var next int64
	err := tx.q.QueryRowContext(ctx, `SELECT job_id FROM queued_mutations WHERE workspace_id = $1 AND subject = $2
		AND job_id > $3 ORDER BY job_id LIMIT 1`, workspaceID, subject, jobID).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return next, err == nil, err
}

// JobCount is how many jobs of one kind are in one state.
type JobCount struct {
	Kind  string
	State string
	Count int64
}

// JobCounts counts the job queue's unfinished jobs by kind and state, for
// metrics. It reads River's own table.
func (tx *Tx) JobCounts(ctx context.Context) ([]JobCount, error) {
	return queryList(ctx, tx, func(r rowScanner) (JobCount, error) {
		var c JobCount
		return c, r.Scan(&c.Kind, &c.State, &c.Count)
	}, `SELECT kind, state, COUNT(*) FROM river_job
		WHERE state IN ('available', 'pending', 'retryable', 'running', 'scheduled')
		GROUP BY kind, state ORDER BY kind, state`)
}
