package device

import (
	"context"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// Reconciliation compares the devices lintel holds of a connected account
// with those the provider's account holds, and repairs lintel's view: a
// device gone from the account is removed (device.removed), a lock whose
// state drifted takes the provider's (locked, online, battery), with the
// events a provider's report would bring. Then, device by device, each
// registered DeviceReconciler compares what it keeps with the device (the
// access codes domain: the codes on the lock), and the ClimateReconcilers
// compare a thermostat's climate with the one it holds.

// DeviceReconciler reconciles what a domain keeps about one device with
// the device itself, in the reconciliation's transaction. codes are the
// codes on the lock as its connector lists them; a reconciler queues what
// must go back to the device through Push.
type DeviceReconciler interface {
	ReconcileDevice(ctx context.Context, tx *store.Tx, d store.Device, codes []connector.ProviderAccessCode) error
}

// OnReconcile adds a reconciler run for every device still on its account.
func (s *Service) OnReconcile(r DeviceReconciler) { s.reconcilers = append(s.reconcilers, r) }

// ClimateReconciler makes lintel's view of a managed thermostat's climate
// the one the device holds, c, in the reconciliation's transaction, with
// the events a change at the device brings; it reports whether the two
// differed (the thermostats domain).
type ClimateReconciler interface {
	ReconcileClimate(ctx context.Context, tx *store.Tx, d store.Device, c connector.ProviderClimate) (bool, error)
}

// OnReconcileClimate adds a reconciler run for every managed thermostat
// still on its account.
func (s *Service) OnReconcileClimate(r ClimateReconciler) {
	s.climateReconcilers = append(s.climateReconcilers, r)
}

// ReconcileReport says what a reconciliation of an account found.
type ReconcileReport struct {
	Checked int `json:"checked"`
	Removed int `json:"removed"`
	// Drifted counts the devices whose state lintel corrected.
	Drifted int `json:"drifted"`
	// Unreachable counts the devices whose codes could not be read (a
	// remote lock during an outage): they are compared next time.
	Unreachable int `json:"unreachable"`
}

// Reconcile reconciles the devices of a connected account of the
// workspace, in one transaction that reads one snapshot: a lock's codes and
// lintel's are read by separate statements, and a code created or deleted
// between them must not look like a difference (store.InSnapshotTx).
func (s *Service) Reconcile(ctx context.Context, workspaceID, connectedAccountID string) (ReconcileReport, error) {
	var rep ReconcileReport
	err := s.store.InSnapshotTx(ctx, func(tx *store.Tx) error {
		rep = ReconcileReport{}
		devices, err := tx.DevicesOfConnectedAccount(ctx, workspaceID, connectedAccountID)
		if err != nil || len(devices) == 0 {
			return err
		}
		c, err := s.connectors.ForDevice(devices[0])
		if err != nil {
			return err
		}
		held, err := c.Devices(ctx, tx, workspaceID, connectedAccountID)
		if err != nil {
			return err
		}
		byID := map[string]connector.ProviderDevice{}
		for _, h := range held {
			byID[h.ExternalID] = h
		}
		for _, d := range devices {
			rep.Checked++
			h, ok := byID[d.ExternalID]
			if !ok {
				rep.Removed++
				if err := s.removeTx(ctx, tx, d); err != nil {
					return err
				}
				continue
			}
			drifted, err := s.correctDrift(ctx, tx, &d, h)
			if err != nil {
				return err
			}
			for _, r := range s.climateReconcilers {
				if h.Climate == nil || !d.IsManaged {
					break
				}
				changed, err := r.ReconcileClimate(ctx, tx, d, *h.Climate)
				if err != nil {
					return err
				}
				drifted = drifted || changed
			}
			if drifted {
				rep.Drifted++
			}
			if len(s.reconcilers) == 0 || !d.IsManaged {
				continue
			}
			codes, err := c.AccessCodes(ctx, tx, d)
			if errors.Is(err, connector.ErrUnavailable) {
				rep.Unreachable++
				continue
			}
			if err != nil {
				return err
			}
			for _, r := range s.reconcilers {
				if err := r.ReconcileDevice(ctx, tx, d, codes); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return rep, err
}

// correctDrift makes lintel's view of d the provider's h (the battery of a
// device that has one) and records what changed: lock.locked or lock.unlocked (method unknown: lintel did not do
// it), device.disconnected or device.connected as the lock went offline or
// came back (its device_offline error with it).
func (s *Service) correctDrift(ctx context.Context, tx *store.Tx, d *store.Device, h connector.ProviderDevice) (bool, error) {
	var events []client.Event
	if slices.Contains(LockTypes, d.DeviceType) && (d.Locked == nil || *d.Locked != h.Locked) {
		locked := h.Locked
		d.Locked = &locked
		e := s.deviceEvent(event.LockUnlocked, *d)
		if locked {
			e.EventType = event.LockLocked
		}
		e.Method = "unknown"
		events = append(events, e)
	}
	if d.Online != h.Online {
		d.Online = h.Online
		if h.Online {
			d.Errors = withoutIssue(withoutIssue(d.Errors, errDeviceOfflineIssue), errDeviceDisconnected)
			events = append(events, s.deviceEvent(event.DeviceConnected, *d))
		} else {
			d.Errors = append(withoutIssue(d.Errors, errDeviceOfflineIssue), store.DeviceIssue{Code: errDeviceOfflineIssue,
				Message: "The device is offline", CreatedAt: tx.Now()})
			events = append(events, s.errorEvent(event.DeviceDisconnected, *d, errDeviceDisconnected))
		}
	}
	// A thermostat is wired to the house: it has no battery to drift.
	batteryDrift := !slices.Contains(ThermostatTypes, d.DeviceType) &&
		(d.BatteryLevel == nil || *d.BatteryLevel != h.BatteryLevel)
	if batteryDrift {
		level := h.BatteryLevel
		d.BatteryLevel = &level
	}
	if len(events) == 0 && !batteryDrift {
		return false, nil
	}
	if err := tx.UpdateDevice(ctx, d.WorkspaceID, *d); err != nil {
		return false, err
	}
	return true, s.events.Record(ctx, tx, d.WorkspaceID, events...)
}
