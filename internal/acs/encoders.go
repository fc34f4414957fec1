package acs

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"math/big"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
)

// Encoders write card credentials onto physical cards at a front desk and
// read cards back. lintel's encoders are the sandbox's: an encode or a scan
// is carried out in the transaction of the request, and its action attempt
// ends there, unless a simulation said how the next one ends.

var errEncoderNotFound = lintel.NotFound("acs_encoder", "Encoder not found")

// Action types of encoders, as Seam's API names them.
const (
	actionEncodeCredential       = "ENCODE_CREDENTIAL"
	actionScanCredential         = "SCAN_CREDENTIAL"
	actionScanToAssignCredential = "SCAN_TO_ASSIGN_CREDENTIAL"
)

// Error types of encode and scan attempts that end in "error".
const (
	errNoCredentialOnEncoder = "no_credential_on_encoder"
	errIncompatibleCard      = "incompatible_card_format"
	errCredentialDeleted     = "credential_deleted"
)

// EncoderOutcome is what a simulation asked the next encode or scan to do; it is
// kept on the encoder as JSON until that encode or scan consumes it.
type EncoderOutcome struct {
	// ErrorCode, if set, makes it fail with that error.
	ErrorCode string `json:"error_code,omitempty"`
	// Scenario is how a scan succeeds (Seam's scenario names).
	Scenario string `json:"scenario,omitempty"`
	// AcsCredentialID is the credential on Seam the scan finds.
	AcsCredentialID string `json:"acs_credential_id,omitempty"`
}

func readOutcome(doc *string) EncoderOutcome {
	var o EncoderOutcome
	if doc != nil {
		_ = json.Unmarshal([]byte(*doc), &o)
	}
	return o
}

func (o EncoderOutcome) doc() (*string, error) {
	b, err := json.Marshal(o)
	s := string(b)
	return &s, err
}

func presentEncoder(e store.AcsEncoder) client.AcsEncoder {
	return client.AcsEncoder{AcsEncoderID: e.AcsEncoderID, AcsSystemID: e.AcsSystemID, ConnectedAccountID: e.ConnectedAccountID,
		WorkspaceID: e.WorkspaceID, DisplayName: e.DisplayName, CreatedAt: client.NewTime(e.CreatedAt), Errors: []client.AcsError{}}
}

// GetEncoder returns one encoder of the caller's workspace.
func (s *Service) GetEncoder(ctx context.Context, p lintel.Principal, acsEncoderID string) (client.AcsEncoder, error) {
	var out client.AcsEncoder
	err := s.store.View(ctx, func(tx *store.Tx) error {
		e, err := tx.AcsEncoder(ctx, p.WorkspaceID, acsEncoderID)
		out = presentEncoder(e)
		return notFound(err, errEncoderNotFound)
	})
	return out, err
}

// ListEncoders returns one page of the workspace's encoders, oldest first.
// A system or encoder named by a filter must be of the workspace.
func (s *Service) ListEncoders(ctx context.Context, p lintel.Principal, in client.AcsEncodersListParams) ([]client.AcsEncoder, page.Pagination, error) {
	req, err := page.ListRequest(in, page.MaxLimit)
	if err != nil {
		return nil, page.Pagination{}, err
	}
	var f store.AcsEncoderFilter
	if systems := in.AcsSystemIDs; len(systems) > 0 || in.AcsSystemID != "" {
		if in.AcsSystemID != "" {
			systems = append([]string{in.AcsSystemID}, systems...)
		}
		f.AcsSystemIDs = lintel.Distinct(systems)
	}
	if len(in.AcsEncoderIDs) > 0 {
		f.AcsEncoderIDs = lintel.Distinct(in.AcsEncoderIDs)
	}
	out := []client.AcsEncoder{}
	var pg page.Pagination
	err = s.store.View(ctx, func(tx *store.Tx) error {
		for _, id := range f.AcsSystemIDs {
			if _, err := tx.AcsSystem(ctx, p.WorkspaceID, id); err != nil {
				return notFound(err, errSystemNotFound)
			}
		}
		for _, id := range f.AcsEncoderIDs {
			if _, err := tx.AcsEncoder(ctx, p.WorkspaceID, id); err != nil {
				return notFound(err, errEncoderNotFound)
			}
		}
		rows, err := tx.ListAcsEncoders(ctx, p.WorkspaceID, f, req)
		if err != nil {
			return err
		}
		rows, pg = page.Result(req, rows, func(e store.AcsEncoder) page.Key {
			return page.Key{CreatedAt: e.CreatedAt, ID: e.AcsEncoderID}
		})
		for _, e := range rows {
			out = append(out, presentEncoder(e))
		}
		return nil
	})
	return out, pg, err
}

// EncoderAttempt runs an encoder action in one transaction: fn starts and
// ends its attempt, and the attempt is returned as it then is.
func (s *Service) encoderAttempt(ctx context.Context, p lintel.Principal, fn func(tx *store.Tx) (string, error)) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		id, err := fn(tx)
		if err != nil {
			return err
		}
		out, err = attempt.Load(ctx, tx, p.WorkspaceID, id)
		return err
	})
	return out, err
}

// EncodeCredential writes a card credential of the encoder's system onto a
// card: the credential gets a card number and is issued (again, if it
// already was: acs_credential.reissued), and the card stays on the encoder
// for a scan. The attempt's result is the credential. A simulated failure
// ends the attempt in error and changes nothing.
func (s *Service) EncodeCredential(ctx context.Context, p lintel.Principal, in client.AcsEncodersEncodeCredentialParams) (client.ActionAttempt, error) {
	if in.AcsCredentialID == "" && in.AccessMethodID == "" {
		return client.ActionAttempt{}, invalid("acs_credential_id", "Required: give acs_credential_id or access_method_id")
	}
	return s.encoderAttempt(ctx, p, func(tx *store.Tx) (string, error) {
		e, err := tx.AcsEncoder(ctx, p.WorkspaceID, in.AcsEncoderID)
		if err != nil {
			return "", notFound(err, errEncoderNotFound)
		}
		credentialID := in.AcsCredentialID
		if credentialID == "" {
			if s.methods == nil {
				return "", lintel.NotFound("access_method", "Access method not found")
			}
			if credentialID, err = s.methods.CardCredentialOf(ctx, tx, p.WorkspaceID, in.AccessMethodID, e.AcsSystemID); err != nil {
				return "", err
			}
		}
		return s.EncodeTx(ctx, tx, p.WorkspaceID, e, credentialID)
	})
}

// EncodeTx encodes a credential with an encoder of the workspace in the
// caller's transaction and returns the attempt's id (access methods encode
// through it).
func (s *Service) EncodeTx(ctx context.Context, tx *store.Tx, ws string, e store.AcsEncoder, acsCredentialID string) (string, error) {
	c, err := tx.AcsCredential(ctx, ws, acsCredentialID)
	if err != nil {
		return "", notFound(err, errCredentialNotFound)
	}
	if c.AcsSystemID != e.AcsSystemID {
		return "", invalid("acs_credential_id", "The credential belongs to another access system than the encoder")
	}
	if c.AccessMethod != "card" {
		return "", invalid("acs_credential_id", "Only a credential with access_method card can be encoded; this one is a "+c.AccessMethod)
	}
	id, err := attempt.Start(ctx, tx, ws, actionEncodeCredential)
	if err != nil {
		return "", err
	}
	next := readOutcome(e.NextEncode)
	e.NextEncode = nil
	if next.ErrorCode != "" {
		if err := tx.SetAcsEncoderState(ctx, ws, e); err != nil {
			return "", err
		}
		return id, attempt.Fail(ctx, tx, s.events, ws, id, next.ErrorCode, encodeFailure[next.ErrorCode])
	}
	card := ""
	if c.CardNumber != nil {
		card = *c.CardNumber
	} else if card, err = randomCardNumber(); err != nil {
		return "", err
	}
	if err := s.writeCard(ctx, tx, c, card); err != nil {
		return "", err
	}
	e.CardCredentialID = &c.AcsCredentialID
	if err := tx.SetAcsEncoderState(ctx, ws, e); err != nil {
		return "", err
	}
	cred, err := s.loadCredential(ctx, tx, ws, c.AcsCredentialID)
	if err != nil {
		return "", err
	}
	return id, attempt.Succeed(ctx, tx, s.events, ws, id, cred)
}

// writeCard gives a card credential its card number and issues it (again,
// if it already was: acs_credential.reissued), and tells the access
// methods.
func (s *Service) writeCard(ctx context.Context, tx *store.Tx, c store.AcsCredential, card string) error {
	ws := c.WorkspaceID
	wasIssued, err := tx.EncodeAcsCredential(ctx, ws, c.AcsCredentialID, card)
	if err != nil {
		return err
	}
	eventType := event.AcsCredentialIssued
	if wasIssued {
		eventType = event.AcsCredentialReissued
	}
	if err := s.events.Record(ctx, tx, ws, client.Event{EventType: eventType, AcsSystemID: c.AcsSystemID,
		AcsCredentialID: c.AcsCredentialID, ConnectedAccountID: c.ConnectedAccountID}); err != nil {
		return err
	}
	if s.methods == nil {
		return nil
	}
	if wasIssued {
		return s.methods.CredentialReissued(ctx, tx, ws, c.AcsCredentialID)
	}
	return s.methods.CredentialIssued(ctx, tx, ws, c.AcsCredentialID)
}

// encodeFailure are the messages of simulated encode failures.
var encodeFailure = map[string]string{
	errNoCredentialOnEncoder: "No card was placed on the encoder",
	"encoding_interrupted":   "The card was taken off the encoder before it was written",
	"uncategorized_error":    "The encoder failed to write the card",
	"action_attempt_expired": "The encoder did not answer in time",
}

// randomCardNumber is a new card's number: 16 random hex digits, as
// Visionline-like systems show them.
func randomCardNumber() (string, error) {
	const digits = "0123456789ABCDEF"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(digits))))
		if err != nil {
			return "", err
		}
		b[i] = digits[n.Int64()]
	}
	return string(b), nil
}

// scanned is what a scan read: the card's credential on Seam, if any, and
// the card itself.
type scanned struct {
	result client.ScanCredentialResult
	// credential is the card's live credential on Seam, if it has one.
	credential *store.AcsCredential
}

// scan reads the card on an encoder, as the next simulated outcome (or the
// card last encoded there) says, and consumes the simulation. A failure is
// returned as its error type and message.
func (s *Service) scan(ctx context.Context, tx *store.Tx, ws string, e store.AcsEncoder) (scanned, string, string, error) {
	var out scanned
	next := readOutcome(e.NextScan)
	e.NextScan = nil
	if err := tx.SetAcsEncoderState(ctx, ws, e); err != nil {
		return out, "", "", err
	}
	if next.ErrorCode != "" {
		return out, next.ErrorCode, scanFailure[next.ErrorCode], nil
	}
	out.result.Warnings = []client.ScanCredentialWarning{}
	if next.Scenario == "credential_on_encoder_is_empty" {
		return out, "", "", nil
	}
	if next.Scenario == "credential_does_not_exist_on_seam" {
		card, err := randomCardNumber()
		if err != nil {
			return out, "", "", err
		}
		issued := true
		out.result.AcsCredentialOnEncoder = &client.CredentialOnEncoder{CardNumber: &card, IsIssued: &issued}
		out.result.Warnings = append(out.result.Warnings, client.ScanCredentialWarning{WarningCode: "acs_credential_on_seam_not_found",
			WarningMessage: "The card holds no credential that Seam knows"})
		return out, "", "", nil
	}
	credentialID := next.AcsCredentialID
	if credentialID == "" && e.CardCredentialID != nil {
		credentialID = *e.CardCredentialID
	}
	if credentialID == "" {
		return out, errNoCredentialOnEncoder, scanFailure[errNoCredentialOnEncoder], nil
	}
	c, err := tx.AcsCredential(ctx, ws, credentialID)
	if errors.Is(err, store.ErrNotFound) {
		return out, errNoCredentialOnEncoder, "The card on the encoder holds a credential that was deleted", nil
	}
	if err != nil {
		return out, "", "", err
	}
	out.credential = &c
	onSeam, err := s.loadCredential(ctx, tx, ws, c.AcsCredentialID)
	if err != nil {
		return out, "", "", err
	}
	out.result.AcsCredentialOnSeam = &onSeam
	card := onSeam.CardNumber
	if card == nil {
		generated, err := randomCardNumber()
		if err != nil {
			return out, "", "", err
		}
		card = &generated
	}
	out.result.AcsCredentialOnEncoder = &client.CredentialOnEncoder{CardNumber: card, CreatedAt: &onSeam.CreatedAt,
		IsIssued: &onSeam.IsIssued, StartsAt: onSeam.StartsAt, EndsAt: onSeam.EndsAt}
	if next.Scenario == "credential_on_encoder_needs_update" {
		out.result.Warnings = append(out.result.Warnings, client.ScanCredentialWarning{WarningCode: "acs_credential_on_encoder_out_of_sync",
			WarningMessage: "The card holds older data than the credential on Seam; encode it again"})
	}
	return out, "", "", nil
}

// scanFailure are the messages of scan failures.
var scanFailure = map[string]string{
	errNoCredentialOnEncoder: "No card is on the encoder",
	"uncategorized_error":    "The encoder failed to read the card",
	"action_attempt_expired": "The encoder did not answer in time",
}

// ScanCredential reads the card on an encoder; the attempt's result says
// what the card holds and which credential it is on Seam.
func (s *Service) ScanCredential(ctx context.Context, p lintel.Principal, in client.AcsEncodersScanCredentialParams) (client.ActionAttempt, error) {
	return s.encoderAttempt(ctx, p, func(tx *store.Tx) (string, error) {
		e, err := tx.AcsEncoder(ctx, p.WorkspaceID, in.AcsEncoderID)
		if err != nil {
			return "", notFound(err, errEncoderNotFound)
		}
		id, err := attempt.Start(ctx, tx, p.WorkspaceID, actionScanCredential)
		if err != nil {
			return "", err
		}
		got, errType, msg, err := s.scan(ctx, tx, p.WorkspaceID, e)
		switch {
		case err != nil:
			return "", err
		case errType != "":
			return id, attempt.Fail(ctx, tx, s.events, p.WorkspaceID, id, errType, msg)
		}
		return id, attempt.Succeed(ctx, tx, s.events, p.WorkspaceID, id, got.result)
	})
}

// ScanToAssignCredential reads the card on an encoder and gives it to a
// user of the encoder's system: the card's credential on Seam moves to the
// user, or, for a card Seam does not know, a card credential with its
// number is issued to the user. The attempt's result is the credential.
func (s *Service) ScanToAssignCredential(ctx context.Context, p lintel.Principal, in client.AcsEncodersScanToAssignCredentialParams) (client.ActionAttempt, error) {
	if err := checkOneHolder(in.AcsUserID, in.UserIdentityID, true); err != nil {
		return client.ActionAttempt{}, err
	}
	return s.encoderAttempt(ctx, p, func(tx *store.Tx) (string, error) {
		e, err := tx.AcsEncoder(ctx, p.WorkspaceID, in.AcsEncoderID)
		if err != nil {
			return "", notFound(err, errEncoderNotFound)
		}
		sys, err := tx.AcsSystem(ctx, p.WorkspaceID, e.AcsSystemID)
		if err != nil {
			return "", err
		}
		u, err := s.userOnSystem(ctx, tx, p, sys, in.AcsUserID, in.UserIdentityID, "acs_user_id", "encoder")
		if err != nil {
			return "", err
		}
		id, err := attempt.Start(ctx, tx, p.WorkspaceID, actionScanToAssignCredential)
		if err != nil {
			return "", err
		}
		got, errType, msg, err := s.scan(ctx, tx, p.WorkspaceID, e)
		switch {
		case err != nil:
			return "", err
		case errType != "":
			return id, attempt.Fail(ctx, tx, s.events, p.WorkspaceID, id, errType, msg)
		case got.result.AcsCredentialOnEncoder == nil:
			return id, attempt.Fail(ctx, tx, s.events, p.WorkspaceID, id, errNoCredentialOnEncoder, "The card on the encoder is empty")
		}
		var credentialID string
		if c := got.credential; c != nil {
			if c.AccessMethod != "card" || c.AcsSystemID != sys.AcsSystemID {
				return id, attempt.Fail(ctx, tx, s.events, p.WorkspaceID, id, errIncompatibleCard,
					"The card holds a credential of another access system")
			}
			credentialID = c.AcsCredentialID
			if c.AcsUserID == nil || *c.AcsUserID != u.AcsUserID {
				c.AcsUserID = &u.AcsUserID
				if err := tx.UpdateAcsCredential(ctx, p.WorkspaceID, *c); err != nil {
					return "", err
				}
				if err := s.pushCredentialUpdate(ctx, tx, *c, "Assigning the credential on the access system"); err != nil {
					return "", err
				}
			}
		} else {
			card := *got.result.AcsCredentialOnEncoder.CardNumber
			c := store.AcsCredential{AcsCredentialID: lintel.NewID(), AcsSystemID: sys.AcsSystemID, AcsUserID: &u.AcsUserID,
				ExternalID: lintel.NewID(), AccessMethod: "card", DisplayName: credentialDisplayName(u, "card"),
				ExternalType: strPtr(credentialExternalType[sys.ExternalType]), CardNumber: &card, CreatedAt: tx.Now()}
			if err := tx.InsertAcsCredential(ctx, p.WorkspaceID, c); err != nil {
				return "", err
			}
			if err := s.push(ctx, tx, sys, connector.Mutation{Kind: connector.IssueCredential, ObjectID: c.AcsCredentialID,
				Credential: providerCredential(c, &u)}, pendingCodeOf(connector.IssueCredential),
				"Issuing the credential on the access system"); err != nil {
				return "", err
			}
			// The card already holds it: it is issued as it is read.
			if _, err := tx.EncodeAcsCredential(ctx, p.WorkspaceID, c.AcsCredentialID, card); err != nil {
				return "", err
			}
			credentialID = c.AcsCredentialID
		}
		cred, err := s.loadCredential(ctx, tx, p.WorkspaceID, credentialID)
		if err != nil {
			return "", err
		}
		return id, attempt.Succeed(ctx, tx, s.events, p.WorkspaceID, id, cred)
	})
}

// SimulateEncoder sets how the next encode (encode true) or scan of a
// sandbox workspace's encoder ends: with errorCode, or, errorCode empty, in
// success (a scan as scenario says, finding credentialID on Seam).
func (s *Service) SimulateEncoder(ctx context.Context, p lintel.Principal, acsEncoderID string, encode bool, o EncoderOutcome) error {
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		w, err := tx.Workspace(ctx, p.WorkspaceID)
		if err != nil {
			return err
		}
		if !w.IsSandbox {
			return errNotSandbox
		}
		e, err := tx.AcsEncoder(ctx, p.WorkspaceID, acsEncoderID)
		if err != nil {
			return notFound(err, errEncoderNotFound)
		}
		if o.AcsCredentialID != "" {
			c, err := tx.AcsCredential(ctx, p.WorkspaceID, o.AcsCredentialID)
			if err != nil {
				return notFound(err, errCredentialNotFound)
			}
			if c.AcsSystemID != e.AcsSystemID {
				return invalid("acs_credential_id", "The credential belongs to another access system than the encoder")
			}
		}
		doc, err := o.doc()
		if err != nil {
			return err
		}
		if o == (EncoderOutcome{}) {
			doc = nil
		}
		if encode {
			e.NextEncode = doc
		} else {
			e.NextScan = doc
		}
		return tx.SetAcsEncoderState(ctx, p.WorkspaceID, e)
	})
}

// Outcomes of the simulate routes.

// EncodeWillFail is the outcome of next_credential_encode_will_fail (the
// credential, if given, must be of the encoder's system).
func EncodeWillFail(errorCode, acsCredentialID string) EncoderOutcome {
	if errorCode == "" {
		errorCode = errNoCredentialOnEncoder
	}
	return EncoderOutcome{ErrorCode: errorCode, AcsCredentialID: acsCredentialID}
}

// ScanWillFail is the outcome of next_credential_scan_will_fail.
func ScanWillFail(errorCode, acsCredentialIDOnSeam string) EncoderOutcome {
	if errorCode == "" {
		errorCode = errNoCredentialOnEncoder
	}
	return EncoderOutcome{ErrorCode: errorCode, AcsCredentialID: acsCredentialIDOnSeam}
}

// ScanWillSucceed is the outcome of next_credential_scan_will_succeed.
func ScanWillSucceed(scenario, acsCredentialIDOnSeam string) EncoderOutcome {
	if scenario == "credential_exists_on_seam" {
		scenario = ""
	}
	return EncoderOutcome{Scenario: scenario, AcsCredentialID: acsCredentialIDOnSeam}
}
