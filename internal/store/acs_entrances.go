package store

import (
	"context"
	"time"
)

// AcsEntrance is a door, gate or other entrance of an access system.
type AcsEntrance struct {
	AcsEntranceID          string
	WorkspaceID            string
	AcsSystemID            string
	ExternalID             string
	DisplayName            string
	CanUnlockWithCard      bool
	CanUnlockWithCode      bool
	CanUnlockWithMobileKey bool
	CanUnlockWithCloudKey  bool
	CreatedAt              time.Time
}

// InsertAcsEntrance stores an entrance of the workspace.
func (tx *Tx) InsertAcsEntrance(ctx context.Context, workspaceID string, e AcsEntrance) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO acs_entrances (acs_entrance_id, workspace_id, acs_system_id,
		external_id, display_name, can_unlock_with_card, can_unlock_with_code, can_unlock_with_mobile_key,
		can_unlock_with_cloud_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.AcsEntranceID, workspaceID, e.AcsSystemID, e.ExternalID, e.DisplayName, e.CanUnlockWithCard,
		e.CanUnlockWithCode, e.CanUnlockWithMobileKey, e.CanUnlockWithCloudKey, ms(e.CreatedAt))
	return err
}
