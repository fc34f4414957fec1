package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

// mutationArgs are the arguments of a job that pushes one mutation to an
// access system whose connector does not apply it inline.
type mutationArgs struct {
	Mutation connector.Mutation `json:"mutation"`
}

func (mutationArgs) Kind() string { return "connector_mutation" }

func (mutationArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: queueMutations} }

// errBudgetSpent is the cause given when a mutation is failed because its
// job ran out of attempts.
var errBudgetSpent = errors.New("the retry budget is spent")

// mutationWorker applies queued mutations. One attempt:
//  1. returns at once if the mutation was already finished or failed (a
//     job may run again after its worker died);
//  2. waits (snoozes) while a mutation of the same subject queued before it
//     is still waiting, so that a user is never deleted before it is
//     created, nor given a credential after its deletion;
//  3. sends the mutation to the access system, outside any transaction;
//  4. in one transaction, claims the mutation and applies and finishes it
//     (acs.Service.ApplyQueued): pending state cleared, events recorded;
//  5. on failure, retries with back-off and jitter until the budget is
//     spent, then fails the mutation (acs.Service.FailQueued); an error
//     the connector calls final (a device offline) fails it at once. The
//     access methods waiting for it are told of each retry (the first
//     one delays them: grant.Service.IssueDelayed) and, in the failing transaction, of the
//     failure (grant.Service.IssueFailedTx).
//
// A device mutation (Mutation.DeviceID set) goes the same way through the
// devices domain (device.Service) instead of the ACS one.
//
// Its job has one attempt more than the budget: if a worker dies during the
// last attempt, the rescued job runs once more just to fail the mutation.
type mutationWorker struct {
	river.WorkerDefaults[mutationArgs]
	q *Queue
}

func (w *mutationWorker) NextRetry(job *river.Job[mutationArgs]) time.Time {
	return time.Now().Add(w.q.cfg.Mutations.Delay(job.Attempt))
}

func (w *mutationWorker) Work(ctx context.Context, job *river.Job[mutationArgs]) error {
	m := job.Args.Mutation
	log := w.q.log.With("job_id", job.ID, "job_kind", job.Kind, "attempt", job.Attempt, "mutation", m.Kind,
		"workspace_id", m.WorkspaceID, "acs_system_id", m.AcsSystemID, "device_id", m.DeviceID, "object_id", m.ObjectID, "request_id", m.RequestID)
	var pending, behind bool
	err := w.q.store.View(ctx, func(tx *store.Tx) error {
		var err error
		if pending, err = tx.QueuedMutationPending(ctx, m.WorkspaceID, job.ID); err != nil || !pending {
			return err
		}
		behind, err = tx.QueuedMutationBefore(ctx, m.WorkspaceID, m.Subject(), job.ID)
		return err
	})
	switch {
	case err != nil:
		return err
	case !pending:
		log.Debug("mutation already settled")
		return nil
	case behind:
		return river.JobSnooze(w.q.cfg.Mutations.Delay(snoozes(job.Metadata) + 1))
	}
	budget := job.MaxAttempts - 1
	if job.Attempt > budget {
		return w.fail(ctx, job, log, errBudgetSpent)
	}
	domain, err := w.q.mutationsOf(m)
	if err != nil {
		return err
	}
	err = domain.SendQueued(ctx, m)
	if errors.Is(err, store.ErrNotFound) {
		// The access system or device is gone, and its objects with it.
		return w.fail(ctx, job, log, errors.New("the access system or device no longer exists"))
	}
	if err == nil {
		err = w.q.store.InTx(ctx, func(tx *store.Tx) error {
			claimed, err := tx.ClaimQueuedMutation(ctx, m.WorkspaceID, job.ID)
			if err != nil || !claimed {
				return err
			}
			return domain.ApplyQueued(ctx, tx, m)
		})
	}
	if err == nil {
		log.Info("mutation applied")
		w.wakeNext(ctx, job, log)
		return nil
	}
	if job.Attempt >= budget || connector.IsFinal(err) {
		return w.fail(ctx, job, log, err)
	}
	log.Info("mutation not applied; will retry", "err", err)
	if w.q.grants != nil {
		// The access methods waiting for it are delayed from now on.
		if derr := w.q.grants.IssueDelayed(ctx, m); derr != nil {
			log.Warn("could not record the delay of the access methods waiting for the mutation", "err", derr)
		}
	}
	return err
}

// fail gives up on the mutation and cancels its job.
func (w *mutationWorker) fail(ctx context.Context, job *river.Job[mutationArgs], log *slog.Logger, cause error) error {
	m := job.Args.Mutation
	var claimed bool
	err := w.q.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		claimed, err = tx.ClaimQueuedMutation(ctx, m.WorkspaceID, job.ID)
		if err != nil || !claimed {
			return err
		}
		domain, err := w.q.mutationsOf(m)
		if err != nil {
			return err
		}
		if err := domain.FailQueued(ctx, tx, m, cause); err != nil {
			return err
		}
		if w.q.grants == nil {
			return nil
		}
		return w.q.grants.IssueFailedTx(ctx, tx, m)
	})
	if err != nil {
		return err
	}
	if !claimed {
		// Settled meanwhile by someone else (its device or access system
		// was deleted while this attempt ran): nothing is left to fail.
		log.Debug("mutation settled while it was being sent")
		return nil
	}
	log.Warn("mutation failed for good", "cause", cause)
	w.q.metrics.mutationsFailed.WithLabelValues(m.Kind).Inc()
	w.wakeNext(ctx, job, log)
	return river.JobCancel(fmt.Errorf("mutation failed: %w", cause))
}

// wakeNext makes the next mutation of the same subject, which may be
// snoozing behind this one, available at once.
func (w *mutationWorker) wakeNext(ctx context.Context, job *river.Job[mutationArgs], log *slog.Logger) {
	m := job.Args.Mutation
	var next int64
	var ok bool
	err := w.q.store.View(ctx, func(tx *store.Tx) error {
		var err error
		next, ok, err = tx.NextQueuedMutation(ctx, m.WorkspaceID, m.Subject(), job.ID)
		return err
	})
	if err == nil && ok {
		_, err = w.q.client.JobRetry(ctx, next)
	}
	if err != nil {
		log.Warn("could not wake the next mutation of the subject; it will find its turn later", "err", err)
	}
}

// snoozes reads how often River has snoozed a job.
func snoozes(metadata []byte) int {
	var md struct {
		Snoozes int `json:"snoozes"`
	}
	_ = json.Unmarshal(metadata, &md)
	return md.Snoozes
}
