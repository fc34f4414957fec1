package store

import "context"

// SetDeviceTimeZone records the time zone reported for a device of the
// workspace, replacing the one it had. A device of another workspace (or
// none) is ErrNotFound and nothing is written.
func (tx *Tx) SetDeviceTimeZone(ctx context.Context, workspaceID, deviceID, timeZone string) error {
	return execOne(ctx, tx, `INSERT INTO device_time_zones (workspace_id, device_id, time_zone, updated_at)
		SELECT d.workspace_id, d.device_id, $3, CAST($4 AS BIGINT) FROM devices d
		WHERE d.workspace_id = $1 AND d.device_id = $2
		ON CONFLICT (device_id) DO UPDATE SET time_zone = excluded.time_zone, updated_at = excluded.updated_at`,
		workspaceID, deviceID, timeZone, ms(tx.now))
}

// DeviceTimeZones returns the time zones reported for devices of the
// workspace, by device id; a device without one is absent.
func (tx *Tx) DeviceTimeZones(ctx context.Context, workspaceID string, deviceIDs []string) (map[string]string, error) {
	out := map[string]string{}
	if len(deviceIDs) == 0 {
		return out, nil
	}
	var w where
	w.add("workspace_id = ?", workspaceID)
	w.in("device_id", deviceIDs)
	rows, err := queryList(ctx, tx, func(r rowScanner) ([2]string, error) {
		var row [2]string
		return row, r.Scan(&row[0], &row[1])
	}, `SELECT device_id, time_zone FROM device_time_zones`+w.sql(), w.args...)
	for _, r := range rows {
		out[r[0]] = r[1]
	}
	return out, err
}
