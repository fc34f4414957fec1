package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// Phone is an app user's mobile phone as stored: it belongs to a user
// identity, and what it reports of itself and of its credential service
// endpoint (the assa_abloy_* columns of the migration) is kept as it came.
type Phone struct {
	DeviceID       string
	WorkspaceID    string
	UserIdentityID string
	// DeviceType is ios_phone or android_phone.
	DeviceType              string
	Nickname                *string
	Manufacturer            string
	Model                   string
	OSVersion               string
	CustomSDKInstallationID *string
	AppVersion              string
	BLECapability           bool
	HCECapability           bool
	NFCCapability           bool
	SeosAppletVersion       string
	SeosTSMEndpointID       float64
	// CustomMetadata is a JSON object.
	CustomMetadata string
	CreatedAt      time.Time
}

const phoneColumns = `device_id, workspace_id, user_identity_id, device_type, nickname, manufacturer, model, os_version,
	custom_sdk_installation_id, app_version, ble_capability, hce_capability, nfc_capability, seos_applet_version,
	seos_tsm_endpoint_id, custom_metadata, created_at`

func scanPhone(r rowScanner) (Phone, error) {
	var p Phone
	var nickname, sdk sql.NullString
	var created int64
	err := r.Scan(&p.DeviceID, &p.WorkspaceID, &p.UserIdentityID, &p.DeviceType, &nickname, &p.Manufacturer, &p.Model,
		&p.OSVersion, &sdk, &p.AppVersion, &p.BLECapability, &p.HCECapability, &p.NFCCapability, &p.SeosAppletVersion,
		&p.SeosTSMEndpointID, &p.CustomMetadata, &created)
	p.Nickname, p.CustomSDKInstallationID = nullString(nickname), nullString(sdk)
	p.CreatedAt = fromMS(created)
	return p, err
}

// InsertPhone stores a phone of the workspace. Its user identity must be of
// the workspace; otherwise nothing is written and it returns ErrNotFound.
func (tx *Tx) InsertPhone(ctx context.Context, workspaceID string, p Phone) error {
	if p.CustomMetadata == "" {
		p.CustomMetadata = "{}"
	}
	return execOne(ctx, tx, `INSERT INTO phones (`+phoneColumns+`)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CAST($11 AS BOOLEAN), CAST($12 AS BOOLEAN),
		CAST($13 AS BOOLEAN), $14, CAST($15 AS DOUBLE PRECISION), $16, CAST($17 AS BIGINT)
		WHERE `+inWorkspace("user_identities", "user_identity_id", "$2", "$3"),
		p.DeviceID, workspaceID, p.UserIdentityID, p.DeviceType, p.Nickname, p.Manufacturer, p.Model, p.OSVersion,
		p.CustomSDKInstallationID, p.AppVersion, p.BLECapability, p.HCECapability, p.NFCCapability, p.SeosAppletVersion,
		p.SeosTSMEndpointID, p.CustomMetadata, ms(p.CreatedAt))
}

// Phone loads a phone of the workspace.
func (tx *Tx) Phone(ctx context.Context, workspaceID, deviceID string) (Phone, error) {
	p, err := scanPhone(tx.q.QueryRowContext(ctx, `SELECT `+phoneColumns+` FROM phones
		WHERE workspace_id = $1 AND device_id = $2`, workspaceID, deviceID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// PhoneFilter narrows ListPhones. Empty fields do not filter; a nil slice
// does not filter, an empty one matches nothing.
type PhoneFilter struct {
	UserIdentityIDs []string
}

// ListPhones lists phones of the workspace, oldest first, one page.
func (tx *Tx) ListPhones(ctx context.Context, workspaceID string, f PhoneFilter, r page.Request) ([]Phone, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	if f.UserIdentityIDs != nil {
		w.in("user_identity_id", f.UserIdentityIDs)
	}
	w.after(r, "created_at", "device_id")
	q := `SELECT ` + phoneColumns + ` FROM phones` + w.sql() + ` ORDER BY created_at, device_id` + w.limit(r.Fetch())
	return queryList(ctx, tx, scanPhone, q, w.args...)
}

// DeletePhone deletes a phone of the workspace and returns it: of
// concurrent deletions one finds it, the others get ErrNotFound.
func (tx *Tx) DeletePhone(ctx context.Context, workspaceID, deviceID string) (Phone, error) {
	p, err := scanPhone(tx.q.QueryRowContext(ctx, `DELETE FROM phones WHERE workspace_id = $1 AND device_id = $2
		RETURNING `+phoneColumns, workspaceID, deviceID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}
