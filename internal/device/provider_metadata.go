package device

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
	_ "time/tzdata" // time zones are checked against Go's database, whatever the host has

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/store"
)

// zoneMetadata are the provider metadata devices/report_provider_metadata
// takes, by field, with the manufacturer whose devices take each: a time
// zone the provider's lock schedules its codes in.
var zoneMetadata = []struct{ field, manufacturer string }{
	{"omnitec_metadata", "omnitec"}, {"schlage_metadata", "schlage"}, {"ultraloq_metadata", "ultraloq"},
}

// reportedZone is one device's report: its id and, by metadata field, the
// time zone given.
type reportedZone struct {
	deviceID string
	field    string
	zone     string
}

// ReportProviderMetadata records what the caller reports of devices of
// its workspace that their provider keeps: the time zone of each, given
// in the metadata of the device's own brand (schlage_metadata for a
// Schlage lock). Every device must be the caller's and every zone an IANA
// zone; the reports are recorded together or not at all. The device then
// shows the zone as location.time_zone.
func (s *Service) ReportProviderMetadata(ctx context.Context, p lintel.Principal, in client.DevicesReportProviderMetadataParams) error {
	reports, err := readReports(in.Devices)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		var v lintel.InvalidInput
		for i, r := range reports {
			d, err := s.visible(ctx, tx, p, r.deviceID)
			if err != nil {
				return err
			}
			if r.field == "" {
				continue
			}
			for _, m := range zoneMetadata {
				if m.field == r.field && m.manufacturer != d.Manufacturer {
					v.Add("devices."+strconv.Itoa(i)+"."+r.field, "The device is not a "+m.manufacturer+" device")
				}
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		for _, r := range reports {
			if r.field == "" {
				continue
			}
			if err := tx.SetDeviceTimeZone(ctx, p.WorkspaceID, r.deviceID, r.zone); err != nil {
				return notFound(err, errDeviceNotFound)
			}
		}
		return nil
	})
}

// readReports reads the devices parameter: a non-empty array of objects,
// each with a device_id and at most one brand's metadata with a known time
// zone.
func readReports(raw json.RawMessage) ([]reportedZone, error) {
	var v lintel.InvalidInput
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || len(items) == 0 {
		v.Add("devices", "Expected a non-empty array of devices")
		return nil, v.Err()
	}
	out := make([]reportedZone, len(items))
	for i, item := range items {
		at := "devices." + strconv.Itoa(i)
		if err := json.Unmarshal(item["device_id"], &out[i].deviceID); err != nil || !lintel.IsUUID(out[i].deviceID) {
			v.Add(at+".device_id", "Required: the UUID of a device")
		}
		for _, m := range zoneMetadata {
			doc, ok := item[m.field]
			if !ok || string(doc) == "null" {
				continue
			}
			if out[i].field != "" {
				v.Add(at+"."+m.field, "Give the metadata of one brand, the device's")
				continue
			}
			out[i].field = m.field
			var meta struct {
				TimeZone *string `json:"time_zone"`
			}
			if err := json.Unmarshal(doc, &meta); err != nil || meta.TimeZone == nil {
				v.Add(at+"."+m.field+".time_zone", "Required: an IANA time zone")
				continue
			}
			if !knownZone(*meta.TimeZone) {
				v.Add(at+"."+m.field+".time_zone", "Not an IANA time zone")
				continue
			}
			out[i].zone = *meta.TimeZone
		}
	}
	return out, v.Err()
}

// knownZone reports whether name is an IANA time zone ("Local" and "" name
// the server's own, not a zone).
func knownZone(name string) bool {
	if name == "" || name == "Local" {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}
