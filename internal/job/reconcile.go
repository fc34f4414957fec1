package job

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/store"
)

// reconcileAllArgs are the arguments of the periodic job that queues the
// reconciliation of every access system and of every account's devices.
type reconcileAllArgs struct{}

func (reconcileAllArgs) Kind() string { return "acs_reconcile_all" }

func (reconcileAllArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueReconcile, MaxAttempts: 3}
}

// reconcileArgs are the arguments of the job that reconciles one system,
// or the rest of it after the external id After: a job reconciles for at
// most Config.ReconcileSlice, then queues the rest as a job of its own, so
// that a system of any size is reconciled in jobs that each end well within
// the job timeout.
type reconcileArgs struct {
	WorkspaceID string `json:"workspace_id"`
	AcsSystemID string `json:"acs_system_id"`
	After       string `json:"after,omitempty"`
}

// How a background reconciliation shares the machine: pages spaced so that
// it keeps to a tenth of one core.
// Measured with a million users present (bench/README.md), deletes during
// the start-up reconciliation ran at 0.63-0.78x those with none when it
// went back to back or at a quarter of a core, 0.93x at a tenth.
const reconcilePause = 9

func (reconcileArgs) Kind() string { return "acs_reconcile" }

// InsertOpts keeps at most one reconciliation of a system from the same
// point waiting or running: a system that is slow to answer does not pile
// them up.
func (reconcileArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueReconcile, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true,
		ByState: unfinished}}
}

// unfinished are the states of a job that is not over.
var unfinished = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
	rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}

// systemsUnderReconciliation returns the ids of the systems whose
// reconciliation is under way: a job of its chain is waiting or running.
// A chain always has one (each job queues the rest before it ends), so a
// system absent from the set has none in progress.
func (q *Queue) systemsUnderReconciliation(ctx context.Context) (map[string]bool, error) {
	const page = 1000
	out := map[string]bool{}
	params := river.NewJobListParams().Kinds(reconcileArgs{}.Kind()).States(unfinished...).First(page)
	for {
		res, err := q.client.JobList(ctx, params)
		if err != nil {
			return nil, err
		}
		for _, j := range res.Jobs {
			var a reconcileArgs
			if err := json.Unmarshal(j.EncodedArgs, &a); err != nil {
				return nil, fmt.Errorf("reconcile job %d: %w", j.ID, err)
			}
			out[a.AcsSystemID] = true
		}
		if len(res.Jobs) < page {
			return out, nil
		}
		params = params.After(res.LastCursor)
	}
}

// Reconcile queues a reconciliation of each of the workspace's systems
// whose reconciliation is not already under way (acs.Queue); it reports how
// many it queued.
func (q *Queue) Reconcile(ctx context.Context, workspaceID string, acsSystemIDs []string) (int, error) {
	starts := make([]reconcileArgs, len(acsSystemIDs))
	for i, id := range acsSystemIDs {
		starts[i] = reconcileArgs{WorkspaceID: workspaceID, AcsSystemID: id}
	}
	return q.startReconciliations(ctx, starts)
}

// startReconciliations queues the first job of each reconciliation in
// starts, except for systems whose reconciliation is still under way (a
// large one, whose chain of slices outlasts a period, is not started over
// from its first page); it reports how many it queued.
func (q *Queue) startReconciliations(ctx context.Context, starts []reconcileArgs) (int, error) {
	busy, err := q.systemsUnderReconciliation(ctx)
	if err != nil {
		return 0, err
	}
	var params []river.InsertManyParams
	for _, a := range starts {
		if !busy[a.AcsSystemID] {
			params = append(params, river.InsertManyParams{Args: a})
		}
	}
	if len(params) == 0 {
		return 0, nil
	}
	if _, err := q.client.InsertMany(ctx, params); err != nil {
		return 0, fmt.Errorf("queue reconciliation: %w", err)
	}
	return len(params), nil
}

type reconcileAllWorker struct {
	river.WorkerDefaults[reconcileAllArgs]
	q *Queue
}

func (w *reconcileAllWorker) Work(ctx context.Context, job *river.Job[reconcileAllArgs]) error {
	if err := w.q.queueDeviceReconciliations(ctx); err != nil {
		return err
	}
	var systems []store.AcsSystem
	err := w.q.store.View(ctx, func(tx *store.Tx) error {
		var err error
		systems, err = tx.AllAcsSystems(ctx)
		return err
	})
	if err != nil || len(systems) == 0 {
		return err
	}
	starts := make([]reconcileArgs, len(systems))
	for i, s := range systems {
		starts[i] = reconcileArgs{WorkspaceID: s.WorkspaceID, AcsSystemID: s.AcsSystemID}
	}
	_, err = w.q.startReconciliations(ctx, starts)
	return err
}

// queueDeviceReconciliations queues the reconciliation of the devices of
// every account that has some.
func (q *Queue) queueDeviceReconciliations(ctx context.Context) error {
	if q.devices == nil {
		return nil
	}
	var accounts []store.DeviceAccount
	err := q.store.View(ctx, func(tx *store.Tx) error {
		var err error
		accounts, err = tx.AllDeviceAccounts(ctx)
		return err
	})
	if err != nil || len(accounts) == 0 {
		return err
	}
	params := make([]river.InsertManyParams, len(accounts))
	for i, a := range accounts {
		params[i] = river.InsertManyParams{Args: deviceReconcileArgs(a)}
	}
	_, err = q.client.InsertMany(ctx, params)
	return err
}

// ReconcileDevices queues a reconciliation of the devices of a connected
// account of the workspace, unless one is already waiting or running
// (acs.Queue: connected_accounts/sync); it reports whether it queued one.
func (q *Queue) ReconcileDevices(ctx context.Context, workspaceID, connectedAccountID string) (bool, error) {
	res, err := q.client.Insert(ctx, deviceReconcileArgs{WorkspaceID: workspaceID, ConnectedAccountID: connectedAccountID}, nil)
	if err != nil {
		return false, fmt.Errorf("queue device reconciliation: %w", err)
	}
	return !res.UniqueSkippedAsDuplicate, nil
}

// deviceReconcileArgs are the arguments of the job that reconciles the
// devices of one connected account.
type deviceReconcileArgs struct {
	WorkspaceID        string `json:"workspace_id"`
	ConnectedAccountID string `json:"connected_account_id"`
}

func (deviceReconcileArgs) Kind() string { return "device_reconcile" }

// InsertOpts keeps at most one reconciliation of an account's devices
// waiting or running.
func (deviceReconcileArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueReconcile, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true,
		ByState: unfinished}}
}

type deviceReconcileWorker struct {
	river.WorkerDefaults[deviceReconcileArgs]
	q *Queue
}

func (w *deviceReconcileWorker) NextRetry(job *river.Job[deviceReconcileArgs]) time.Time {
	return time.Now().Add(w.q.cfg.Mutations.Delay(job.Attempt))
}

func (w *deviceReconcileWorker) Work(ctx context.Context, job *river.Job[deviceReconcileArgs]) error {
	if w.q.devices == nil {
		return nil
	}
	log := w.q.log.With("job_id", job.ID, "job_kind", job.Kind, "attempt", job.Attempt,
		"workspace_id", job.Args.WorkspaceID, "connected_account_id", job.Args.ConnectedAccountID)
	rep, err := w.q.devices.Reconcile(ctx, job.Args.WorkspaceID, job.Args.ConnectedAccountID)
	if err != nil {
		log.Info("device reconciliation failed; will retry", "err", err)
		return err
	}
	if rep.Removed+rep.Drifted > 0 {
		log.Info("device reconciliation repaired differences", "checked", rep.Checked, "removed", rep.Removed,
			"drifted", rep.Drifted, "unreachable", rep.Unreachable)
	}
	return nil
}

type reconcileWorker struct {
	river.WorkerDefaults[reconcileArgs]
	q *Queue
}

func (w *reconcileWorker) NextRetry(job *river.Job[reconcileArgs]) time.Time {
	return time.Now().Add(w.q.cfg.Mutations.Delay(job.Attempt))
}

func (w *reconcileWorker) Work(ctx context.Context, job *river.Job[reconcileArgs]) error {
	rep, rest, err := w.q.acs.ReconcileFrom(ctx, job.Args.WorkspaceID, job.Args.AcsSystemID, job.Args.After,
		acs.ReconcileLimits{For: w.q.cfg.ReconcileSlice, Pause: reconcilePause})
	log := w.q.log.With("job_id", job.ID, "job_kind", job.Kind, "attempt", job.Attempt,
		"workspace_id", job.Args.WorkspaceID, "acs_system_id", job.Args.AcsSystemID)
	if err != nil {
		log.Info("reconciliation failed; will retry", "err", err)
		return err
	}
	w.q.metrics.observeReconcile(rep)
	if rest != "" {
		// Pages already compared stay done: the rest is a job of its own.
		if _, err := w.q.client.Insert(ctx, reconcileArgs{WorkspaceID: job.Args.WorkspaceID,
			AcsSystemID: job.Args.AcsSystemID, After: rest}, nil); err != nil {
			return err
		}
	}
	if rep.DeletesFinished+rep.Requeued+rep.DeletedExternally > 0 {
		log.Info("reconciliation repaired differences", "checked", rep.Checked, "in_flight", rep.InFlight,
			"deletes_finished", rep.DeletesFinished, "requeued", rep.Requeued, "deleted_externally", rep.DeletedExternally,
			"tombstoned", rep.Tombstoned, "unknown", rep.Unknown)
	} else {
		log.Debug("reconciliation found no difference", "checked", rep.Checked)
	}
	return nil
}
