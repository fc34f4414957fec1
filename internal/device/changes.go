package device

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Update changes a managed device of the caller's workspace: its name
// (null gives it back the provider's), its custom metadata (merged: a key
// set to null or "" is removed) and whether it is managed. Making it
// unmanaged records device.converted_to_unmanaged; renaming it
// device.name_changed; an audit row records who did it.
func (s *Service) Update(ctx context.Context, p lintel.Principal, in client.DevicesUpdateParams) error {
	name := in.Name
	if in.Properties != nil && in.Properties.Name.Set {
		if name.Set {
			return invalid("properties.name", "Give the name once: name or properties.name")
		}
		name = in.Properties.Name
	}
	if name.Set && !name.Null && name.Value == "" {
		return invalid("name", "Must not be empty; null gives the device back its provider's name")
	}
	if err := checkMetadata(in.CustomMetadata); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.visible(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		if !d.IsManaged {
			return invalid("device_id", "The device is unmanaged: change it with /devices/unmanaged/update")
		}
		var events []client.Event
		if name.Set {
			before := displayName(d)
			d.Nickname = nil
			if !name.Null {
				d.Nickname = &name.Value
			}
			if displayName(d) != before {
				events = append(events, s.deviceEvent(event.DeviceNameChanged, d))
			}
		}
		if d.CustomMetadata, err = mergeMetadata(d.CustomMetadata, in.CustomMetadata); err != nil {
			return err
		}
		unmanage := in.IsManaged != nil && !*in.IsManaged
		if unmanage {
			d.IsManaged = false
			events = append(events, s.deviceEvent(event.DeviceConvertedToUnmanaged, d))
		}
		if err := tx.UpdateDevice(ctx, p.WorkspaceID, d); err != nil {
			return notFound(err, errDeviceNotFound)
		}
		if unmanage {
			if err := s.managedChangedTx(ctx, tx, d); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, p, "device.update", "device", d.DeviceID, audit.Succeeded); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, p.WorkspaceID, events...)
	})
}

// Delete deletes a device of the caller's workspace from lintel, with what
// lintel holds of it (the OnDeviceGone hooks say what that is beyond the
// device), and records device.deleted. The device stays on its
// provider's account: connecting the account again brings it back.
func (s *Service) Delete(ctx context.Context, p lintel.Principal, deviceID string) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.visible(ctx, tx, p, deviceID)
		if err != nil {
			return err
		}
		if err := s.goneTx(ctx, tx, d); err != nil {
			return err
		}
		if err := tx.DeleteDevice(ctx, p.WorkspaceID, d.DeviceID); err != nil {
			return notFound(err, errDeviceNotFound)
		}
		if err := audit.Record(ctx, tx, p, "device.delete", "device", d.DeviceID, audit.Succeeded); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, p.WorkspaceID, s.deviceEvent(event.DeviceDeleted, d))
	})
}

// GetUnmanaged returns one unmanaged device of the caller's workspace, by
// id or by name.
func (s *Service) GetUnmanaged(ctx context.Context, p lintel.Principal, in client.DevicesGetParams) (client.Device, error) {
	return s.get(ctx, p, in, store.DeviceFilter{IsManaged: ptr(false)})
}

// ListUnmanaged returns one page of the caller's unmanaged devices, with
// the filters of List.
func (s *Service) ListUnmanaged(ctx context.Context, p lintel.Principal, in client.DevicesListParams) ([]client.Device, page.Pagination, error) {
	return s.list(ctx, p, in, false)
}

// UpdateUnmanaged changes an unmanaged device of the caller's workspace:
// its custom metadata, and is_managed true makes it managed again
// (device.unmanaged.converted_to_managed).
func (s *Service) UpdateUnmanaged(ctx context.Context, p lintel.Principal, in client.DevicesUnmanagedUpdateParams) error {
	if in.IsManaged != nil && !*in.IsManaged {
		return invalid("is_managed", "Only true is accepted: the device is unmanaged already")
	}
	if err := checkMetadata(in.CustomMetadata); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.visible(ctx, tx, p, in.DeviceID)
		if err != nil {
			return err
		}
		if d.IsManaged {
			return errDeviceNotFound
		}
		if d.CustomMetadata, err = mergeMetadata(d.CustomMetadata, in.CustomMetadata); err != nil {
			return err
		}
		var events []client.Event
		if in.IsManaged != nil {
			d.IsManaged = true
			events = append(events, s.deviceEvent(event.DeviceUnmanagedConverted, d))
		}
		if err := tx.UpdateDevice(ctx, p.WorkspaceID, d); err != nil {
			return notFound(err, errDeviceNotFound)
		}
		if d.IsManaged {
			if err := s.managedChangedTx(ctx, tx, d); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, p, "device.unmanaged.update", "device", d.DeviceID, audit.Succeeded); err != nil {
			return err
		}
		return s.events.Record(ctx, tx, p.WorkspaceID, events...)
	})
}

// deviceEvent is an event about a device, with its account and metadata.
func (s *Service) deviceEvent(eventType string, d store.Device) client.Event {
	e := client.Event{EventType: eventType, DeviceID: d.DeviceID, ConnectedAccountID: d.ConnectedAccountID,
		DeviceCustomMetadata: map[string]any{}}
	if eventType == event.DeviceNameChanged || eventType == event.DeviceDeleted {
		e.DeviceName = displayName(d)
	}
	_ = json.Unmarshal([]byte(d.CustomMetadata), &e.DeviceCustomMetadata)
	return e
}

// displayName is the name a device goes by: its nickname, or its
// provider's name.
func displayName(d store.Device) string {
	if d.Nickname != nil && *d.Nickname != "" {
		return *d.Nickname
	}
	return d.Name
}

// checkMetadata refuses custom metadata outside Seam's bounds; a key may
// not hold a period.
func checkMetadata(m map[string]any) error {
	var v lintel.InvalidInput
	acs.CheckCustomMetadata(&v, m)
	for k := range m {
		if slices.Contains([]byte(k), '.') {
			v.Add("custom_metadata", "Keys must not contain a period")
		}
	}
	return v.Err()
}

// mergeMetadata merges change into the stored metadata doc: a key set to
// null or "" is removed, any other value set.
func mergeMetadata(doc string, change map[string]any) (string, error) {
	if len(change) == 0 {
		return doc, nil
	}
	m := map[string]any{}
	if doc != "" {
		if err := json.Unmarshal([]byte(doc), &m); err != nil {
			return doc, err
		}
	}
	for k, v := range change {
		if v == nil || v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	return string(b), err
}

func ptr[T any](v T) *T { return &v }
