package store

import (
	"context"
	"database/sql"
	"errors"
	"sync/atomic"
	"time"
)

// IdempotencyKey is a key a client sent with a request that creates,
// claimed in its workspace. Status and Response are zero until the first
// request's answer is recorded.
type IdempotencyKey struct {
	Key string
	// Fingerprint identifies the route and the parameters the key was
	// first used with.
	Fingerprint string
	Status      int
	Response    []byte
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

// Recorded reports whether the first request's answer is stored.
func (k IdempotencyKey) Recorded() bool { return k.Status != 0 }

// IdempotencyKey loads a key of the workspace that has not expired at now.
func (tx *Tx) IdempotencyKey(ctx context.Context, workspaceID, key string, now time.Time) (IdempotencyKey, error) {
	var k IdempotencyKey
	var status sql.NullInt64
	var response sql.NullString
	var created, expires int64
	err := tx.q.QueryRowContext(ctx, `SELECT idempotency_key, fingerprint, status, response, created_at, expires_at
		FROM idempotency_keys WHERE workspace_id = $1 AND idempotency_key = $2 AND expires_at > $3`,
		workspaceID, key, ms(now)).Scan(&k.Key, &k.Fingerprint, &status, &response, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return k, ErrNotFound
	}
	if err != nil {
		return k, err
	}
	k.Status, k.Response = int(status.Int64), []byte(response.String)
	k.CreatedAt, k.ExpiresAt = fromMS(created), fromMS(expires)
	return k, nil
}

// ClaimIdempotencyKey stores k in the workspace, unless the workspace
// holds it already unexpired: then it returns ErrConflict and changes
// nothing. An expired claim of the same key is replaced, and the
// workspace's other expired keys are deleted on the way, so the table holds
// at most a workspace's last TTL of keys. On PostgreSQL a concurrent claim
// of the same key waits for the first transaction and then conflicts, or
// proceeds if it rolled back; on SQLite claims are serialized anyway.
func (tx *Tx) ClaimIdempotencyKey(ctx context.Context, workspaceID string, k IdempotencyKey) error {
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE workspace_id = $1 AND expires_at <= $2
		AND idempotency_key <> $3`, workspaceID, ms(k.CreatedAt), k.Key); err != nil {
		return err
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO idempotency_keys
		(workspace_id, idempotency_key, fingerprint, status, response, created_at, expires_at)
		VALUES ($1, $2, $3, NULL, NULL, $4, $5)
		ON CONFLICT (workspace_id, idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint,
			status = NULL, response = NULL, created_at = excluded.created_at, expires_at = excluded.expires_at
		WHERE idempotency_keys.expires_at <= excluded.created_at`,
		workspaceID, k.Key, k.Fingerprint, ms(k.CreatedAt), ms(k.ExpiresAt))
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrConflict
	}
	return nil
}

// RecordIdempotentResponse stores the answer of the request that claimed
// key, for its retries.
func (tx *Tx) RecordIdempotentResponse(ctx context.Context, workspaceID, key string, status int, response []byte) error {
	return execOne(ctx, tx, `UPDATE idempotency_keys SET status = $1, response = $2
		WHERE workspace_id = $3 AND idempotency_key = $4`, status, string(response), workspaceID, key)
}

// IdempotencyClaim is a key to claim in the first write transaction a
// request runs (see WithIdempotencyClaim): the transaction that creates is
// the one that stores the key, so a crash leaves both or neither.
type IdempotencyClaim struct {
	WorkspaceID string
	Key         IdempotencyKey
	claimed     atomic.Bool
	taken       atomic.Bool
}

// Claimed reports whether a transaction that held the claim committed.
func (c *IdempotencyClaim) Claimed() bool { return c.claimed.Load() }

// Taken reports whether a transaction found the key claimed by another
// request (and failed with ErrConflict).
func (c *IdempotencyClaim) Taken() bool { return c.taken.Load() }

type claimKey struct{}

// WithIdempotencyClaim returns a context under which the first InTx to
// commit also claims c's key, at its start, before anything it writes. The
// transaction itself still goes explicitly to the code that writes; the
// context only carries what the HTTP edge knows and the domain does not.
func WithIdempotencyClaim(ctx context.Context, c *IdempotencyClaim) context.Context {
	return context.WithValue(ctx, claimKey{}, c)
}

// withClaim wraps fn so that it claims the key of ctx's pending claim first.
func withClaim(ctx context.Context, fn func(tx *Tx) error) func(tx *Tx) error {
	c, _ := ctx.Value(claimKey{}).(*IdempotencyClaim)
	if c == nil || c.Claimed() {
		return fn
	}
	return func(tx *Tx) error {
		if err := tx.ClaimIdempotencyKey(ctx, c.WorkspaceID, c.Key); err != nil {
			if errors.Is(classify(err), ErrConflict) {
				c.taken.Store(true)
			}
			return err
		}
		tx.AfterCommit(func() { c.claimed.Store(true) })
		return fn(tx)
	}
}
