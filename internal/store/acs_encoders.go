package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lintel-dev/lintel/internal/page"
)

// AcsEncoder is an encoder of an access system: a device at a front desk
// that writes card credentials onto cards. NextEncode and NextScan are what
// a sandbox simulation asked the next encode or scan to do (a JSON document
// the acs package reads; nil: the default outcome); CardCredentialID is
// the credential last written onto the card lying on the encoder.
type AcsEncoder struct {
	AcsEncoderID     string
	WorkspaceID      string
	AcsSystemID      string
	ExternalID       string
	DisplayName      string
	NextEncode       *string
	NextScan         *string
	CardCredentialID *string
	CreatedAt        time.Time

	// Read-only, joined from the encoder's system.
	ConnectedAccountID string
}

const acsEncoderSelect = `SELECT n.acs_encoder_id, n.workspace_id, n.acs_system_id, n.external_id, n.display_name,
	n.next_encode, n.next_scan, n.card_credential_id, n.created_at, s.connected_account_id
	FROM acs_encoders n JOIN acs_systems s ON s.acs_system_id = n.acs_system_id`

func scanAcsEncoder(r rowScanner) (AcsEncoder, error) {
	var e AcsEncoder
	var encode, scan, card sql.NullString
	var created int64
	err := r.Scan(&e.AcsEncoderID, &e.WorkspaceID, &e.AcsSystemID, &e.ExternalID, &e.DisplayName,
		&encode, &scan, &card, &created, &e.ConnectedAccountID)
	e.NextEncode, e.NextScan, e.CardCredentialID = nullString(encode), nullString(scan), nullString(card)
	e.CreatedAt = fromMS(created)
	return e, err
}

// InsertAcsEncoder stores an encoder of the workspace. Its system must be
// of the workspace; otherwise nothing is written and it returns
// ErrNotFound.
func (tx *Tx) InsertAcsEncoder(ctx context.Context, workspaceID string, e AcsEncoder) error {
	return execOne(ctx, tx, `INSERT INTO acs_encoders (acs_encoder_id, workspace_id, acs_system_id, external_id,
		display_name, created_at)
		SELECT $1, $2, $3, $4, $5, CAST($6 AS BIGINT)
		WHERE `+inWorkspace("acs_systems", "acs_system_id", "$2", "$3"),
		e.AcsEncoderID, workspaceID, e.AcsSystemID, e.ExternalID, e.DisplayName, ms(e.CreatedAt))
}

// AcsEncoder loads an encoder of the workspace.
func (tx *Tx) AcsEncoder(ctx context.Context, workspaceID, acsEncoderID string) (AcsEncoder, error) {
	e, err := scanAcsEncoder(tx.q.QueryRowContext(ctx, acsEncoderSelect+`
		WHERE n.workspace_id = $1 AND n.acs_encoder_id = $2`, workspaceID, acsEncoderID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNotFound
	}
	return e, err
}

// AcsEncoderFilter narrows the encoder list. Nil slices do not filter,
// empty ones match nothing.
type AcsEncoderFilter struct {
	AcsSystemIDs  []string
	AcsEncoderIDs []string
}

// ListAcsEncoders lists encoders of the workspace, oldest first, one page
// (a request without a limit: all of them).
func (tx *Tx) ListAcsEncoders(ctx context.Context, workspaceID string, f AcsEncoderFilter, r page.Request) ([]AcsEncoder, error) {
	w := &where{}
	w.add("n.workspace_id = ?", workspaceID)
	if f.AcsSystemIDs != nil {
		w.in("n.acs_system_id", f.AcsSystemIDs)
	}
	if f.AcsEncoderIDs != nil {
		w.in("n.acs_encoder_id", f.AcsEncoderIDs)
	}
	w.after(r, "n.created_at", "n.acs_encoder_id")
	limit := r.Fetch()
	if r.Limit <= 0 {
		limit = noLimit(-1)
	}
	q := acsEncoderSelect + w.sql() + " ORDER BY n.created_at, n.acs_encoder_id" + w.limit(limit)
	return queryList(ctx, tx, scanAcsEncoder, q, w.args...)
}

// SetAcsEncoderState writes what an encoder will do next and the card on
// it. An encoder of another workspace is ErrNotFound.
func (tx *Tx) SetAcsEncoderState(ctx context.Context, workspaceID string, e AcsEncoder) error {
	return execOne(ctx, tx, `UPDATE acs_encoders SET next_encode = $1, next_scan = $2, card_credential_id = $3
		WHERE workspace_id = $4 AND acs_encoder_id = $5`,
		e.NextEncode, e.NextScan, e.CardCredentialID, workspaceID, e.AcsEncoderID)
}

// EncodeAcsCredential records that a live credential was written onto a
// card: its card number, issued now (again, if it already was). It reports
// whether the credential had been issued before; a credential of another
// workspace, or gone, is ErrNotFound.
func (tx *Tx) EncodeAcsCredential(ctx context.Context, workspaceID, acsCredentialID, cardNumber string) (bool, error) {
	var was bool
	err := tx.q.QueryRowContext(ctx, `SELECT is_issued FROM acs_credentials
		WHERE workspace_id = $1 AND acs_credential_id = $2 AND invalidated_at IS NULL`, workspaceID, acsCredentialID).Scan(&was)
	if errors.Is(err, sql.ErrNoRows) {
		return false, ErrNotFound
	}
	if err != nil {
		return false, err
	}
	return was, execOne(ctx, tx, `UPDATE acs_credentials SET card_number = $1, is_issued = $2, issued_at = $3
		WHERE workspace_id = $4 AND acs_credential_id = $5 AND invalidated_at IS NULL`,
		cardNumber, true, ms(tx.now), workspaceID, acsCredentialID)
}
