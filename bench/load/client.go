// Package load drives a Seam-compatible server with a fixed, bounded amount
// of work and measures it: throughput, latency percentiles, errors by status
// and the server's memory. It uses the standard library only, so the same
// generator measures lintel, Seam's fake and the in-memory ceiling alike.
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client calls one server with one API key.
type Client struct {
	base string
	key  string
	http *http.Client
}

// NewClient returns a client for base (which must be a loopback address)
// that keeps up to conns connections open.
func NewClient(base, key string, conns int) (*Client, error) {
	if err := CheckLoopback(base); err != nil {
		return nil, err
	}
	t := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns + 8,
		MaxIdleConnsPerHost: conns + 8,
		MaxConnsPerHost:     0,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	return &Client{base: strings.TrimRight(base, "/"), key: key,
		http: &http.Client{Transport: t, Timeout: 30 * time.Second}}, nil
}

// CheckLoopback refuses any base URL whose host is not a loopback address:
// the generator is a load test and must never leave the machine.
func CheckLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("base url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("base url %q: scheme must be http or https", base)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("base url %q: only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed", base)
	}
	return nil
}

// Close drops the idle connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// response is what one call brought back.
type response struct {
	status int
	body   []byte
	took   time.Duration
}

// post sends params as a JSON body.
func (c *Client) post(ctx context.Context, path string, params any) (response, error) {
	b, err := json.Marshal(params)
	if err != nil {
		return response{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(b))
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	return c.do(req)
}

// del sends params as a query string with the DELETE method.
func (c *Client) del(ctx context.Context, path string, q url.Values) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, c.base+path+"?"+q.Encode(), nil)
	if err != nil {
		return response{}, err
	}
	return c.do(req)
}

func (c *Client) do(req *http.Request) (response, error) {
	req.Header.Set("Authorization", "Bearer "+c.key)
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		return response{took: time.Since(start)}, err
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	res.Body.Close()
	took := time.Since(start)
	if err != nil {
		return response{status: res.StatusCode, took: took}, err
	}
	return response{status: res.StatusCode, body: body, took: took}, nil
}

// callError describes a response that was not a success, for messages.
func callError(path string, r response) error {
	msg := string(r.body)
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return fmt.Errorf("%s: HTTP %d: %s", path, r.status, msg)
}
