package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// maxResponseBytes bounds what the SDK reads of one response.
const maxResponseBytes = 64 << 20

// maxRetryAfter caps how long a Retry-After header can make a retry wait.
const maxRetryAfter = time.Minute

// conn is what every call goes through: where to send it, with which
// headers, and how to retry it.
type conn struct {
	endpoint string
	header   http.Header
	http     *http.Client
	retries  int
	timeout  time.Duration
	wait     WaitOptions
	// sleep waits for d or until ctx ends; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// Do calls the route at path (such as "/acs/users/delete") the way Seam's
// CLI does: POST with params as the JSON body. params may be nil, a params
// struct, a map or a json.RawMessage. Do decodes the whole response body
// (the response key, "pagination" if any, and "ok") into out unless out is
// nil. An error answer is returned as an *Error.
//
// The typed methods (c.Acs.Users.Delete, …) are easier to use; Do is for
// generic tools such as the lintel CLI. POST is never retried.
func (c *Client) Do(ctx context.Context, path string, params, out any) error {
	body, err := c.conn.send(ctx, http.MethodPost, path, params)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("client: decoding the answer of %s: %w", path, err)
	}
	return nil
}

// call sends a request and decodes the value under key into out; with
// pagination non-nil it also decodes the response's "pagination". An empty
// key means the route answers {"ok": true} alone.
func (c *conn) call(ctx context.Context, method, path string, params any, key string, out any, pagination *Pagination) error {
	body, err := c.send(ctx, method, path, params)
	if err != nil || key == "" {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return fmt.Errorf("client: decoding the answer of %s: %w", path, err)
	}
	raw, ok := fields[key]
	if !ok {
		return fmt.Errorf("client: the answer of %s has no %q", path, key)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("client: decoding %q of %s: %w", key, path, err)
	}
	if pagination != nil {
		raw, ok := fields["pagination"]
		if !ok {
			return fmt.Errorf("client: the answer of %s has no \"pagination\"", path)
		}
		if err := json.Unmarshal(raw, pagination); err != nil {
			return fmt.Errorf("client: decoding \"pagination\" of %s: %w", path, err)
		}
	}
	return nil
}

// send makes the request, retrying idempotent methods, and returns the
// body of a 2xx answer, or an *Error for a 4xx or 5xx.
func (c *conn) send(ctx context.Context, method, path string, params any) ([]byte, error) {
	target := c.endpoint + path
	var payload []byte
	if method == http.MethodGet || method == http.MethodDelete {
		q, err := encodeQuery(params)
		if err != nil {
			return nil, fmt.Errorf("client: %s: %w", path, err)
		}
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
	} else {
		var err error
		if payload, err = encodeBody(params); err != nil {
			return nil, fmt.Errorf("client: %s: %w", path, err)
		}
	}
	idempotent := method == http.MethodGet || method == http.MethodPut || method == http.MethodDelete
	for attempt := 1; ; attempt++ {
		status, header, body, err := c.attempt(ctx, method, target, payload)
		retry := idempotent && attempt <= c.retries
		switch {
		case err != nil:
			if ctx.Err() != nil || !retry {
				return nil, err
			}
		case status < 300:
			return body, nil
		case status == http.StatusTooManyRequests || status >= 500:
			if !retry {
				return nil, errorFromResponse(status, header, body)
			}
		default:
			return nil, errorFromResponse(status, header, body)
		}
		if err := c.sleep(ctx, retryDelay(attempt, header)); err != nil {
			return nil, err
		}
	}
}

// attempt makes one request, bounded by the per-attempt timeout.
func (c *conn) attempt(ctx context.Context, method, target string, payload []byte) (int, http.Header, []byte, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("client: %w", err)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("client: reading the answer: %w", err)
	}
	if len(data) > maxResponseBytes {
		return 0, nil, nil, fmt.Errorf("client: the answer is larger than %d bytes", maxResponseBytes)
	}
	return resp.StatusCode, resp.Header, data, nil
}

// retryDelay is how long to wait before retry n (1, 2, …): exponential
// back-off, 200 ms, 400 ms, …, with up to 20% jitter, or the server's
// Retry-After if that is longer.
func retryDelay(n int, header http.Header) time.Duration {
	d := time.Duration(100<<min(n, 10)) * time.Millisecond
	d += time.Duration(rand.Int64N(int64(d)/5 + 1))
	if ra := retryAfter(header); ra > d {
		d = min(ra, maxRetryAfter)
	}
	return d
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(header http.Header) time.Duration {
	v := header.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(s, 0)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// encodeBody renders params as a JSON object; nil is {}.
func encodeBody(params any) ([]byte, error) {
	switch p := params.(type) {
	case nil:
		return []byte("{}"), nil
	case json.RawMessage:
		if len(bytes.TrimSpace(p)) == 0 {
			return []byte("{}"), nil
		}
		if !json.Valid(p) {
			return nil, errors.New("params are not valid JSON")
		}
		return p, nil
	}
	return json.Marshal(params)
}
