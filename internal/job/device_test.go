package job_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// setLockSandbox stores a sandbox configuration on W_A's lock i and sets
// whether its simulated lock is online.
func (e *env) setLockSandbox(i int, c connector.SandboxConfig, online bool) store.Device {
	e.t.Helper()
	ctx := context.Background()
	var d store.Device
	err := e.st.InTx(ctx, func(tx *store.Tx) error {
		id := e.A.Accounts[0].DeviceIDs[i]
		if err := tx.SetDeviceConnectorConfig(ctx, e.A.WorkspaceID, id, c.String()); err != nil {
			return err
		}
		var err error
		if d, err = tx.Device(ctx, e.A.WorkspaceID, id); err != nil {
			return err
		}
		lock, err := tx.SandboxDevice(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
		if err != nil {
			return err
		}
		lock.Online = online
		return tx.SandboxPutDevice(ctx, d.WorkspaceID, lock)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// lockState reads what lintel and the simulated lock say of a device's
// locked state.
func (e *env) lockState(d store.Device) (lintelLocked, lockLocked bool) {
	e.t.Helper()
	e.view(func(ctx context.Context, tx *store.Tx) error {
		got, err := tx.Device(ctx, d.WorkspaceID, d.DeviceID)
		if err != nil {
			return err
		}
		lock, err := tx.SandboxDevice(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
		lintelLocked, lockLocked = got.Locked != nil && *got.Locked, lock.Locked
		return err
	})
	return lintelLocked, lockLocked
}

// waitAttempt waits until an attempt has ended and returns it.
func (e *env) waitAttempt(id string) client.ActionAttempt {
	e.t.Helper()
	var got client.ActionAttempt
	e.eventually("the attempt ended", func() (bool, error) {
		var err error
		got, err = e.app.Attempts.Get(context.Background(), principal(e.A), id)
		return err == nil && got.Status != client.ActionAttemptStatusPending, err
	})
	return got
}

// lockEvents returns W_A's lock.* events about the device.
func (e *env) lockEvents(deviceID string) []client.Event {
	e.t.Helper()
	evs, err := e.app.EventLog.List(context.Background(), principal(e.A),
		client.EventsListParams{Since: "2000-01-01T00:00:00.000Z", EventTypes: []string{"lock.locked", "lock.unlocked"}})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []client.Event
	for _, ev := range evs {
		if ev.DeviceID == deviceID {
			out = append(out, ev)
		}
	}
	return out
}

// TestQueuedUnlockOfARemoteLock: an unlock of a lock in remote mode during
// an outage stays pending while the queue retries it, and succeeds once
// the outage ends: the lock (lintel's view and the simulated lock's) is
// unlocked only then, with one lock.unlocked event naming the attempt.
func TestQueuedUnlockOfARemoteLock(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true})
		ctx := context.Background()
		d := e.setLockSandbox(0, connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: 5,
			OutageUntil: e.clock.Now().Add(time.Hour).UnixMilli()}, true)
		a, err := e.app.Devices.UnlockDoor(ctx, principal(e.A), d.DeviceID)
		if err != nil || a.Status != client.ActionAttemptStatusPending || a.ActionType != "UNLOCK_DOOR" {
			t.Fatalf("UnlockDoor = %+v, %v; want a pending attempt", a, err)
		}
		e.eventually("the unlock was retried", func() (bool, error) {
			jobs, err := e.app.Jobs.JobsOfKind(ctx, "connector_mutation")
			return len(jobs) == 1 && jobs[0].Attempt >= 3, err
		})
		if lintelLocked, lockLocked := e.lockState(d); !lintelLocked || !lockLocked {
			t.Errorf("during the outage: lintel says locked %v, the lock %v; want both locked", lintelLocked, lockLocked)
		}
		if evs := e.lockEvents(d.DeviceID); len(evs) != 0 {
			t.Errorf("lock events before the lock answered: %+v", evs)
		}
		e.clock.Advance(2 * time.Hour)
		if got := e.waitAttempt(a.ActionAttemptID); got.Status != client.ActionAttemptStatusSuccess {
			t.Errorf("attempt = %+v", got)
		}
		if lintelLocked, lockLocked := e.lockState(d); lintelLocked || lockLocked {
			t.Errorf("after the unlock: lintel says locked %v, the lock %v; want both unlocked", lintelLocked, lockLocked)
		}
		evs := e.lockEvents(d.DeviceID)
		if len(evs) != 1 || evs[0].EventType != "lock.unlocked" || evs[0].ActionAttemptID != a.ActionAttemptID || evs[0].Method != "remote" {
			t.Errorf("lock events = %+v; want one lock.unlocked of the attempt, method remote", evs)
		}
		e.checkJobsSettled("connector_mutation", "completed", 0)
	})
}

// TestQueuedLockOfAnOfflineLock: a lock that is offline refuses at once —
// the attempt ends in device_offline after one try, and nothing changes.
// A lock whose outage outlasts the retry budget ends its attempt in
// failed_to_confirm_on_device.
func TestQueuedLockOfAnOfflineLock(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true, backoff: job.Backoff{Base: time.Millisecond, Max: 4 * time.Millisecond, Attempts: 4, Jitter: 0.2}})
		ctx := context.Background()
		// Every sandbox August starts locked: unlock it inline first, so
		// that locking it means something.
		d := e.setLockSandbox(1, connector.SandboxConfig{}, true)
		if a, err := e.app.Devices.UnlockDoor(ctx, principal(e.A), d.DeviceID); err != nil || a.Status != client.ActionAttemptStatusSuccess {
			t.Fatalf("inline UnlockDoor = %+v, %v; want success at once", a, err)
		}
		d = e.setLockSandbox(1, connector.SandboxConfig{Mode: connector.SandboxRemote}, false)
		a, err := e.app.Devices.LockDoor(ctx, principal(e.A), d.DeviceID)
		if err != nil || a.Status != client.ActionAttemptStatusPending {
			t.Fatalf("LockDoor = %+v, %v; want a pending attempt", a, err)
		}
		if got := e.waitAttempt(a.ActionAttemptID); got.Error == nil || got.Error.Type != "device_offline" {
			t.Errorf("attempt = %+v; want device_offline", got)
		}
		// Refused at once, not retried to the end of the budget (a loaded
		// machine may still rescue a slow first attempt).
		e.checkJobsSettled("connector_mutation", "cancelled", 0)
		if jobs, err := e.app.Jobs.JobsOfKind(ctx, "connector_mutation"); err != nil || len(jobs) != 1 || jobs[0].Attempt >= 4 {
			t.Errorf("the refused lock's job: %+v, %v; want one job, cancelled before its budget", jobs, err)
		}
		if lintelLocked, lockLocked := e.lockState(d); lintelLocked || lockLocked {
			t.Errorf("after a refused lock: lintel says locked %v, the lock %v; want both unlocked", lintelLocked, lockLocked)
		}

		d = e.setLockSandbox(1, connector.SandboxConfig{Mode: connector.SandboxRemote,
			OutageUntil: e.clock.Now().Add(time.Hour).UnixMilli()}, true)
		a, err = e.app.Devices.LockDoor(ctx, principal(e.A), d.DeviceID)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.waitAttempt(a.ActionAttemptID); got.Error == nil || got.Error.Type != "failed_to_confirm_on_device" {
			t.Errorf("attempt = %+v; want failed_to_confirm_on_device", got)
		}
		if lintelLocked, _ := e.lockState(d); lintelLocked {
			t.Error("a lock that never confirmed shows locked")
		}
		if evs := e.lockEvents(d.DeviceID); len(evs) != 1 || evs[0].EventType != "lock.unlocked" {
			t.Errorf("lock events = %+v; want only the inline unlock's", evs)
		}
	})
}

// recordingReconciler records the devices a reconciliation hands it.
type recordingReconciler struct {
	mu    sync.Mutex
	calls map[string][]connector.ProviderAccessCode
}

func (r *recordingReconciler) ReconcileDevice(_ context.Context, _ *store.Tx, d store.Device, codes []connector.ProviderAccessCode) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls[d.DeviceID] = codes
	return nil
}

// TestDeviceReconciliation: a lock gone from its sandbox account becomes
// device.removed; a lock whose state drifted (unlocked, offline, battery)
// takes the lock's, with its events; each device still there is handed to
// the registered reconcilers with the codes on it; a second pass finds
// nothing; the other workspace is untouched. The periodic reconciliation
// does the same in the background.
func TestDeviceReconciliation(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true, noWorkers: true, reconcileEvery: time.Hour})
		ctx := context.Background()
		rec := &recordingReconciler{calls: map[string][]connector.ProviderAccessCode{}}
		e.app.Devices.OnReconcile(rec)
		account := e.A.Accounts[0].ConnectedAccountID
		front, back := e.A.Accounts[0].DeviceIDs[0], e.A.Accounts[0].DeviceIDs[1]
		err := e.st.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.SandboxDeleteDevice(ctx, e.A.WorkspaceID, account, "august-jane-back"); err != nil {
				return err
			}
			if err := tx.SandboxPutAccessCode(ctx, e.A.WorkspaceID, account, "august-jane-front",
				store.SandboxAccessCode{ExternalID: "guest", Code: "4821"}); err != nil {
				return err
			}
			return tx.SandboxPutDevice(ctx, e.A.WorkspaceID, store.SandboxDevice{ConnectedAccountID: account,
				ExternalID: "august-jane-front", Online: false, Locked: false, BatteryLevel: 0.3})
		})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := e.app.Devices.Reconcile(ctx, e.A.WorkspaceID, account)
		if err != nil || rep.Checked != 2 || rep.Removed != 1 || rep.Drifted != 1 {
			t.Fatalf("Reconcile = %+v, %v; want 2 checked, 1 removed, 1 drifted", rep, err)
		}
		e.view(func(ctx context.Context, tx *store.Tx) error {
			if _, err := tx.Device(ctx, e.A.WorkspaceID, back); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("the lock gone from the account is still a device: %v", err)
			}
			d, err := tx.Device(ctx, e.A.WorkspaceID, front)
			if err != nil {
				return err
			}
			if d.Online || d.Locked == nil || *d.Locked || d.BatteryLevel == nil || *d.BatteryLevel != 0.3 ||
				len(d.Errors) != 1 || d.Errors[0].Code != "device_offline" {
				t.Errorf("front after reconciliation = %+v", d)
			}
			return nil
		})
		if codes := rec.calls[front]; len(rec.calls) != 1 || len(codes) != 1 || codes[0].Code != "4821" {
			t.Errorf("reconciler calls = %+v; want the front door with its code", rec.calls)
		}
		evs, err := e.app.EventLog.List(ctx, principal(e.A), client.EventsListParams{Since: "2000-01-01T00:00:00.000Z",
			EventTypes: []string{"device.removed", "lock.unlocked", "device.disconnected"}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, ev := range evs {
			got[ev.EventType] = ev.DeviceID
			if ev.EventType == "lock.unlocked" && ev.Method != "unknown" {
				t.Errorf("lock.unlocked by reconciliation: %+v", ev)
			}
		}
		if len(evs) != 3 || got["device.removed"] != back || got["lock.unlocked"] != front || got["device.disconnected"] != front {
			t.Errorf("events = %+v", evs)
		}
		if rep, err := e.app.Devices.Reconcile(ctx, e.A.WorkspaceID, account); err != nil || rep.Removed+rep.Drifted != 0 {
			t.Errorf("a second pass = %+v, %v; want nothing to repair", rep, err)
		}
		// Different workspace: W_B's reconciliation of W_A's account finds
		// nothing, and W_B's own locks are as they were.
		if rep, err := e.app.Devices.Reconcile(ctx, e.B.WorkspaceID, account); err != nil || rep.Checked != 0 {
			t.Errorf("W_B reconciling W_A's account = %+v, %v", rep, err)
		}
		e.view(func(ctx context.Context, tx *store.Tx) error {
			ds, err := tx.DevicesOfConnectedAccount(ctx, e.B.WorkspaceID, e.B.Accounts[0].ConnectedAccountID)
			if err != nil || len(ds) != 2 || !ds[0].Online || ds[0].Locked == nil || !*ds[0].Locked {
				t.Errorf("W_B's locks = %+v, %v", ds, err)
			}
			return err
		})

		// In the background: the lock comes back online, and the periodic
		// reconciliation finds it.
		err = e.st.InTx(ctx, func(tx *store.Tx) error {
			return tx.SandboxPutDevice(ctx, e.A.WorkspaceID, store.SandboxDevice{ConnectedAccountID: account,
				ExternalID: "august-jane-front", Online: true, Locked: false, BatteryLevel: 0.3})
		})
		if err != nil {
			t.Fatal(err)
		}
		e.startWorkers()
		e.eventually("the background reconciliation brought the lock back online", func() (bool, error) {
			var online bool
			err := e.st.View(ctx, func(tx *store.Tx) error {
				d, err := tx.Device(ctx, e.A.WorkspaceID, front)
				online = d.Online && len(d.Errors) == 0
				return err
			})
			return online, err
		})
	})
}

// TestConnectedAccountSyncReconcilesDevices: connected_accounts/sync of an
// account with locks queues a reconciliation of its devices (once while it
// waits), and the workers run it: a managed code someone took off the lock
// is programmed again, a code that appeared on the lock becomes an
// unmanaged code, a lock gone from the account becomes device.removed and
// its code access_code.deleted. W_B's account is not W_A's to sync.
func TestConnectedAccountSyncReconcilesDevices(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true, noWorkers: true})
		ctx := context.Background()
		account := e.A.Accounts[0].ConnectedAccountID
		front, back := e.A.Accounts[0].DeviceIDs[0], e.A.Accounts[0].DeviceIDs[1]
		kept, _, err := e.app.AccessCodes.Create(ctx, principal(e.A), client.AccessCodesCreateParams{DeviceID: front, Code: "4821"})
		if err != nil || kept.Status != "set" {
			t.Fatalf("Create = %+v, %v", kept, err)
		}
		var frontDevice store.Device
		err = e.st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if frontDevice, err = tx.Device(ctx, e.A.WorkspaceID, front); err != nil {
				return err
			}
			if err := tx.SandboxDeleteAccessCode(ctx, e.A.WorkspaceID, account, frontDevice.ExternalID, kept.AccessCodeID); err != nil {
				return err
			}
			if err := tx.SandboxPutAccessCode(ctx, e.A.WorkspaceID, account, frontDevice.ExternalID,
				store.SandboxAccessCode{ExternalID: "found-on-the-lock", Code: "7777"}); err != nil {
				return err
			}
			gone, err := tx.Device(ctx, e.A.WorkspaceID, back)
			if err != nil {
				return err
			}
			return tx.SandboxDeleteDevice(ctx, e.A.WorkspaceID, account, gone.ExternalID)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := e.codesOnLock(frontDevice); !slices.Equal(got, []string{"7777"}) {
			t.Fatalf("codes on the lock before the sync = %v", got)
		}
		for range 2 { // the second request finds the first still queued
			if err := e.app.Acs.SyncConnectedAccount(ctx, principal(e.A), account); err != nil {
				t.Fatal(err)
			}
		}
		if jobs, err := e.app.Jobs.JobsOfKind(ctx, "device_reconcile"); err != nil || len(jobs) != 1 {
			t.Fatalf("device reconciliations queued = %d, %v; want 1", len(jobs), err)
		}
		if err := e.app.Acs.SyncConnectedAccount(ctx, principal(e.A), e.B.Accounts[0].ConnectedAccountID); lintel.ErrorCode(err) != "connected_account_not_found" {
			t.Errorf("W_A synced W_B's connected account: %v", err)
		}
		e.startWorkers()
		e.eventually("the sync reconciled the devices", func() (bool, error) {
			jobs, err := e.app.Jobs.JobsOfKind(ctx, "device_reconcile")
			return err == nil && len(jobs) == 1 && jobs[0].State == rivertype.JobStateCompleted, err
		})
		if got := e.codesOnLock(frontDevice); !slices.Equal(got, []string{"4821", "7777"}) {
			t.Errorf("codes on the lock after the sync = %v; want the managed code back beside the foreign one", got)
		}
		if c, found := e.accessCode(kept.AccessCodeID); !found || c.Status != "set" {
			t.Errorf("managed code after the sync = %+v, found %v", c, found)
		}
		unmanaged, _, err := e.app.AccessCodes.ListUnmanaged(ctx, principal(e.A), client.AccessCodesUnmanagedListParams{DeviceID: front})
		if err != nil || len(unmanaged) != 1 || unmanaged[0].Code == nil || *unmanaged[0].Code != "7777" {
			t.Errorf("unmanaged codes = %+v, %v; want the code found on the lock", unmanaged, err)
		}
		evs, err := e.app.EventLog.List(ctx, principal(e.A), client.EventsListParams{Since: "2000-01-01T00:00:00.000Z",
			EventTypes: []string{"device.removed", "access_code.unmanaged.created"}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, ev := range evs {
			got[ev.EventType] = ev.DeviceID
		}
		if len(evs) != 2 || got["device.removed"] != back || got["access_code.unmanaged.created"] != front {
			t.Errorf("events = %+v", evs)
		}
	})
}

// TestDeletingALockEndsItsPendingActions: a lock deleted while an unlock
// waits in the queue for it (remote mode, an outage) takes the queued
// mutation with it; the attempt then ends at once in device_removed, with
// its action_attempt.unlock_door.failed event, instead of staying pending
// for ever, and the job settles without touching anything.
func TestDeletingALockEndsItsPendingActions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{locks: true})
		ctx := context.Background()
		d := e.setLockSandbox(0, connector.SandboxConfig{Mode: connector.SandboxRemote,
			OutageUntil: e.clock.Now().Add(time.Hour).UnixMilli()}, true)
		a, err := e.app.Devices.UnlockDoor(ctx, principal(e.A), d.DeviceID)
		if err != nil || a.Status != client.ActionAttemptStatusPending {
			t.Fatalf("UnlockDoor = %+v, %v; want a pending attempt", a, err)
		}
		if err := e.app.Devices.Delete(ctx, principal(e.A), d.DeviceID); err != nil {
			t.Fatal(err)
		}
		got, err := e.app.Attempts.Get(ctx, principal(e.A), a.ActionAttemptID)
		if err != nil || got.Status != client.ActionAttemptStatusError || got.Error == nil || got.Error.Type != "device_removed" {
			t.Fatalf("attempt right after the delete = %+v, %v; want error device_removed", got, err)
		}
		evs, err := e.app.EventLog.List(ctx, principal(e.A), client.EventsListParams{Since: "2000-01-01T00:00:00.000Z",
			EventTypes: []string{"action_attempt.unlock_door.failed"}})
		if err != nil || len(evs) != 1 || evs[0].ActionAttemptID != a.ActionAttemptID {
			t.Errorf("action_attempt.unlock_door.failed events = %+v, %v; want one of the attempt", evs, err)
		}
		// The outage ends: the job finds its mutation gone and does nothing.
		e.clock.Advance(2 * time.Hour)
		e.checkJobsSettled("connector_mutation", "completed", 0)
		if got, err := e.app.Attempts.Get(ctx, principal(e.A), a.ActionAttemptID); err != nil || got.Error == nil || got.Error.Type != "device_removed" {
			t.Errorf("attempt after the job settled = %+v, %v", got, err)
		}
	})
}
