package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ActionAttempt is an operation the server carries out in the background,
// such as unlocking an entrance or encoding a card. Routes that start one
// answer with it while it is still pending; the SDK's methods for them wait
// for it to finish (see WithActionAttemptWait).
type ActionAttempt struct {
	ActionAttemptID string `json:"action_attempt_id" v:"uuid"`
	// ActionType says what the attempt does, e.g. "UNLOCK_DOOR".
	ActionType string `json:"action_type"`
	// Status is "pending", "success" or "error".
	Status string `json:"status"`
	// Result is what a successful attempt produced; null otherwise. Its
	// shape depends on ActionType.
	Result json.RawMessage `json:"result"`
	// Error says why an attempt failed; nil otherwise.
	Error *ActionAttemptError `json:"error"`
}

// Status values of an ActionAttempt.
const (
	ActionAttemptStatusPending = "pending"
	ActionAttemptStatusSuccess = "success"
	ActionAttemptStatusError   = "error"
)

// ActionAttemptError is why an action attempt failed. WaitForActionAttempt
// returns it as its error when the attempt ends in status "error".
type ActionAttemptError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// Error returns "action attempt failed: type: message".
func (e *ActionAttemptError) Error() string {
	return "action attempt failed: " + e.Type + ": " + e.Message
}

// ErrActionAttemptTimeout is returned (wrapped) by WaitForActionAttempt when
// the attempt is still pending at the deadline. The attempt goes on; it
// can be waited for again.
var ErrActionAttemptTimeout = errors.New("action attempt still pending")

// WaitOptions says how to wait for an action attempt. Zero fields take the
// defaults.
type WaitOptions struct {
	// Timeout is how long to wait in all (default 10 s, as in Seam's SDKs).
	Timeout time.Duration
	// PollingInterval is the pause between two polls of
	// /action_attempts/get (default 250 ms).
	PollingInterval time.Duration

	disabled bool // set by WithoutActionAttemptWait
}

func (o WaitOptions) withDefaults() WaitOptions {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.PollingInterval <= 0 {
		o.PollingInterval = 250 * time.Millisecond
	}
	return o
}

// WaitForActionAttempt polls /action_attempts/get until the attempt is no
// longer pending and returns it. An attempt that ends in "error" is
// returned with its *ActionAttemptError as the error; one still pending
// after opts.Timeout with an error wrapping ErrActionAttemptTimeout.
func (c *Client) WaitForActionAttempt(ctx context.Context, attempt ActionAttempt, opts WaitOptions) (ActionAttempt, error) {
	opts.disabled = false
	return c.conn.waitForActionAttempt(ctx, attempt, opts.withDefaults())
}

// resolveActionAttempt waits for an attempt a route just started, as the
// client is configured to.
func (c *conn) resolveActionAttempt(ctx context.Context, attempt ActionAttempt) (ActionAttempt, error) {
	if c.wait.disabled {
		return attempt, nil
	}
	return c.waitForActionAttempt(ctx, attempt, c.wait)
}

func (c *conn) waitForActionAttempt(ctx context.Context, a ActionAttempt, opts WaitOptions) (ActionAttempt, error) {
	deadline := time.Now().Add(opts.Timeout)
	// The number of polls is bounded too, so that the loop ends even if
	// the clock misbehaves.
	polls := int(opts.Timeout/opts.PollingInterval) + 1
	for poll := 0; ; poll++ {
		switch a.Status {
		case ActionAttemptStatusSuccess:
			return a, nil
		case ActionAttemptStatusError:
			if a.Error == nil {
				return a, &ActionAttemptError{Type: "unknown", Message: "the attempt failed without saying why"}
			}
			return a, a.Error
		}
		remaining := time.Until(deadline)
		if remaining <= 0 || poll >= polls {
			return a, fmt.Errorf("%w: %s after %s", ErrActionAttemptTimeout, a.ActionAttemptID, opts.Timeout)
		}
		if err := c.sleep(ctx, min(opts.PollingInterval, remaining)); err != nil {
			return a, err
		}
		var next ActionAttempt
		err := c.call(ctx, http.MethodGet, "/action_attempts/get",
			map[string]string{"action_attempt_id": a.ActionAttemptID}, "action_attempt", &next, nil)
		if err != nil {
			return a, err
		}
		a = next
	}
}

// ActionAttemptsGetParams are the parameters of /action_attempts/get.
type ActionAttemptsGetParams struct {
	ActionAttemptID string `json:"action_attempt_id" v:"required,uuid"`
}

// ActionAttemptsListParams are the parameters of /action_attempts/list.
// lintel has no devices, so a DeviceID filter matches no attempt.
type ActionAttemptsListParams struct {
	ActionAttemptIDs []string `json:"action_attempt_ids,omitempty" v:"uuid"`
	DeviceID         string   `json:"device_id,omitempty" v:"uuid"`
	Limit            int      `json:"limit,omitempty" v:"min=1"`
	PageCursor       *string  `json:"page_cursor,omitempty"`
}

// UnlockDoorResult is the result of a successful UNLOCK_DOOR attempt.
type UnlockDoorResult struct {
	// WasConfirmedByDevice says whether the access system confirmed that
	// the entrance unlocked.
	WasConfirmedByDevice bool `json:"was_confirmed_by_device"`
}
