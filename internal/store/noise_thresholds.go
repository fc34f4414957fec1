package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// NoiseThreshold is a noise threshold of a noise sensor as stored: a level
// in force every day between two times of day, kept as the caller wrote
// them ("20:00:00[America/Los_Angeles]").
type NoiseThreshold struct {
	NoiseThresholdID       string
	WorkspaceID            string
	DeviceID               string
	Name                   string
	StartsDailyAt          string
	EndsDailyAt            string
	NoiseThresholdDecibels float64
	NoiseThresholdNRS      *float64
	CreatedAt              time.Time
}

const noiseThresholdColumns = `noise_threshold_id, workspace_id, device_id, name, starts_daily_at, ends_daily_at,
	noise_threshold_decibels, noise_threshold_nrs, created_at`

func scanNoiseThreshold(r rowScanner) (NoiseThreshold, error) {
	var n NoiseThreshold
	var nrs sql.NullFloat64
	var created int64
	err := r.Scan(&n.NoiseThresholdID, &n.WorkspaceID, &n.DeviceID, &n.Name, &n.StartsDailyAt, &n.EndsDailyAt,
		&n.NoiseThresholdDecibels, &nrs, &created)
	if nrs.Valid {
		n.NoiseThresholdNRS = &nrs.Float64
	}
	n.CreatedAt = fromMS(created)
	return n, err
}

// InsertNoiseThreshold stores a noise threshold of the workspace. Its
// device must be of the workspace; otherwise nothing is written and it
// returns ErrNotFound.
func (tx *Tx) InsertNoiseThreshold(ctx context.Context, workspaceID string, n NoiseThreshold) error {
	return execOne(ctx, tx, `INSERT INTO noise_thresholds (`+noiseThresholdColumns+`)
		SELECT $1, $2, $3, $4, $5, $6, CAST($7 AS DOUBLE PRECISION), CAST($8 AS DOUBLE PRECISION), CAST($9 AS BIGINT)
		WHERE `+inWorkspace("devices", "device_id", "$2", "$3"),
		n.NoiseThresholdID, workspaceID, n.DeviceID, n.Name, n.StartsDailyAt, n.EndsDailyAt, n.NoiseThresholdDecibels,
		n.NoiseThresholdNRS, ms(n.CreatedAt))
}

// NoiseThreshold loads a noise threshold of the workspace.
func (tx *Tx) NoiseThreshold(ctx context.Context, workspaceID, noiseThresholdID string) (NoiseThreshold, error) {
	n, err := scanNoiseThreshold(tx.q.QueryRowContext(ctx, `SELECT `+noiseThresholdColumns+` FROM noise_thresholds
		WHERE workspace_id = $1 AND noise_threshold_id = $2`, workspaceID, noiseThresholdID))
	if errors.Is(err, sql.ErrNoRows) {
		return n, ErrNotFound
	}
	return n, err
}

// NoiseThresholdsOfDevice lists the noise thresholds of a device of the
// workspace, oldest first.
func (tx *Tx) NoiseThresholdsOfDevice(ctx context.Context, workspaceID, deviceID string) ([]NoiseThreshold, error) {
	return queryList(ctx, tx, scanNoiseThreshold, `SELECT `+noiseThresholdColumns+` FROM noise_thresholds
		WHERE workspace_id = $1 AND device_id = $2 ORDER BY created_at, noise_threshold_id`, workspaceID, deviceID)
}

// UpdateNoiseThreshold rewrites a noise threshold of the workspace (all but
// its id, device and creation time); ErrNotFound if it is not the
// workspace's.
func (tx *Tx) UpdateNoiseThreshold(ctx context.Context, workspaceID string, n NoiseThreshold) error {
	return execOne(ctx, tx, `UPDATE noise_thresholds SET name = $1, starts_daily_at = $2, ends_daily_at = $3,
		noise_threshold_decibels = $4, noise_threshold_nrs = $5 WHERE workspace_id = $6 AND noise_threshold_id = $7`,
		n.Name, n.StartsDailyAt, n.EndsDailyAt, n.NoiseThresholdDecibels, n.NoiseThresholdNRS, workspaceID, n.NoiseThresholdID)
}

// DeleteNoiseThreshold deletes a noise threshold of the workspace;
// ErrNotFound if it is not the workspace's.
func (tx *Tx) DeleteNoiseThreshold(ctx context.Context, workspaceID, noiseThresholdID string) error {
	return execOne(ctx, tx, `DELETE FROM noise_thresholds WHERE workspace_id = $1 AND noise_threshold_id = $2`,
		workspaceID, noiseThresholdID)
}
