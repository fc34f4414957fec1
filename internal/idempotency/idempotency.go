// Package idempotency implements the Idempotency-Key convention (Stripe's)
// for the routes that create: the first request's answer is kept with the
// key in its workspace for a day and given again to every retry, so a
// client that lost an answer can ask again without creating twice.
//
// The key is claimed in the transaction that creates (store.InTx claims it
// under store.WithIdempotencyClaim), so a crash leaves the object and the
// key together or neither; the answer is recorded just after. A retry while
// the first request runs, or after it died between its commit and that
// recording, gets 409 and never a second object. A request that fails
// without creating anything claims nothing: its retry runs again.
package idempotency

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
)

// Header is the request header that carries the key.
const Header = "Idempotency-Key"

// ReplayedHeader marks an answer given again ("true").
const ReplayedHeader = "Idempotent-Replayed"

// MaxKeyLength bounds a key, as Stripe does.
const MaxKeyLength = 255

// DefaultTTL is how long a key and its answer are kept.
const DefaultTTL = 24 * time.Hour

// Config tunes the Service. The zero value keeps keys DefaultTTL on the
// wall clock.
type Config struct {
	TTL time.Duration
	// Now is the clock; tests move it past the TTL.
	Now func() time.Time
}

// Service claims keys and keeps the answers.
type Service struct {
	store *store.Store
	cfg   Config
}

// NewService returns the service over st.
func NewService(st *store.Store, cfg Config) *Service {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{store: st, cfg: cfg}
}

// Answer is a recorded response.
type Answer struct {
	Status int
	Body   []byte
}

// Fingerprint identifies a request by its route and its decoded
// parameters, so that whitespace, key order and ignored fields do not
// make two requests differ while any parameter the server reads does.
func Fingerprint(route string, params any) (string, error) {
	b, err := json.Marshal(params)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte(route))
	h.Write([]byte{0})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Begin looks key up in the workspace. A recorded answer for the same
// fingerprint comes back to be replayed; a key used with another route or
// other parameters is refused (400 idempotency_key_reused); one whose first
// request has not answered is 409 idempotency_key_in_use. Otherwise Begin
// returns the claim to run the request under (store.WithIdempotencyClaim).
func (s *Service) Begin(ctx context.Context, p lintel.Principal, key, fingerprint string) (*Answer, *store.IdempotencyClaim, error) {
	if err := checkKey(p, key); err != nil {
		return nil, nil, err
	}
	now := s.cfg.Now().UTC().Truncate(time.Millisecond)
	var k store.IdempotencyKey
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		var err error
		k, err = tx.IdempotencyKey(ctx, p.WorkspaceID, key, now)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, &store.IdempotencyClaim{WorkspaceID: p.WorkspaceID, Key: store.IdempotencyKey{
			Key: key, Fingerprint: fingerprint, CreatedAt: now, ExpiresAt: now.Add(s.cfg.TTL)}}, nil
	case err != nil:
		return nil, nil, err
	case k.Fingerprint != fingerprint:
		return nil, nil, ErrReused()
	case !k.Recorded():
		return nil, nil, ErrInUse()
	}
	return &Answer{Status: k.Status, Body: k.Response}, nil, nil
}

// Finish records the answer of a request run under c. The answer of one
// that claimed its key is always recorded; a successful one that wrote no
// transaction (it found what it would have created) claims the key now,
// with its answer, so a retry gets the same.
func (s *Service) Finish(ctx context.Context, c *store.IdempotencyClaim, a Answer) error {
	ctx = context.WithoutCancel(ctx) // the object exists: record its answer even if the client left
	if c.Claimed() {
		return s.store.InTx(ctx, func(tx *store.Tx) error {
			return tx.RecordIdempotentResponse(ctx, c.WorkspaceID, c.Key.Key, a.Status, a.Body)
		})
	}
	if a.Status >= 300 {
		return nil
	}
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.ClaimIdempotencyKey(ctx, c.WorkspaceID, c.Key); err != nil {
			return err
		}
		return tx.RecordIdempotentResponse(ctx, c.WorkspaceID, c.Key.Key, a.Status, a.Body)
	})
	if errors.Is(err, store.ErrConflict) {
		return nil // a concurrent request with the key got there first; this answer stands
	}
	return err
}

// ErrReused is the error for a key sent again with another route or body.
func ErrReused() error {
	return &lintel.Error{Code: lintel.EIdempotencyKeyReused,
		Message: "This Idempotency-Key was already used with another route or other parameters; use a new key for a new request"}
}

// ErrInUse is the error for a retry while the first request runs.
func ErrInUse() error {
	return &lintel.Error{Code: lintel.EIdempotencyKeyInUse,
		Message: "A request with this Idempotency-Key has not answered yet; retry it shortly"}
}

// checkKey refuses a key Stripe would refuse (empty, longer than 255, not
// printable ASCII) and one sent without a workspace to keep it in.
func checkKey(p lintel.Principal, key string) error {
	bad := func(msg string) error {
		var v lintel.InvalidInput
		v.Add(Header, msg)
		return v.Err()
	}
	if key == "" || len(key) > MaxKeyLength {
		return bad("Must be 1 to 255 characters")
	}
	for i := range len(key) {
		if key[i] < 0x20 || key[i] > 0x7e {
			return bad("Must be printable ASCII")
		}
	}
	if p.WorkspaceID == "" {
		return bad("Keys are kept per workspace: send the seam-workspace header with it")
	}
	return nil
}
