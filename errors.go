// Package lintel holds the domain vocabulary shared by every part of the server:
// the error type that crosses from the domain to the HTTP edge, and the principal
// that says who is calling on behalf of which workspace.
package lintel

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. The HTTP edge maps each to a status in exactly one place.
const (
	EInvalidInput     = "invalid_input"
	EUnauthorized     = "unauthorized"
	ENotFound         = "not_found"
	EMethodNotAllowed = "method_not_allowed"
	EPayloadTooLarge  = "payload_too_large"
	EUnsupportedMedia = "invalid_content_type"
	EConflict         = "conflict"
	ERateLimited      = "rate_limited"
	EInternal         = "internal_server_error"
	ENotImplemented   = "not_implemented"
	EUnavailable      = "service_unavailable"
	// EIdempotencyKeyReused: an Idempotency-Key sent again with another
	// route or other parameters (400).
	EIdempotencyKeyReused = "idempotency_key_reused"
	// EIdempotencyKeyInUse: the first request with this Idempotency-Key has
	// not answered yet (409); retry.
	EIdempotencyKeyInUse = "idempotency_key_in_use"
)

// Error is a failure the caller is meant to see. Code is either one of the
// constants above or "<resource>_not_found". Anything that is not an *Error
// reaching the edge becomes a 500 with a generic message.
type Error struct {
	Code    string
	Message string
	// Data is optional structured context, sent as error.data.
	Data map[string]any
	// Fields holds per-parameter messages for invalid_input, keyed by the
	// parameter name (dotted for nested fields).
	Fields map[string][]string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound is the error for an object that does not exist in the caller's
// workspace; resource is the spec's name ("acs_user", "acs_system", …).
// Objects of other workspaces get exactly the same error.
func NotFound(resource, message string) *Error {
	return &Error{Code: resource + "_not_found", Message: message}
}

// ErrorCode returns the code of err if it is an *Error, else EInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// InvalidInput collects validation failures for one request.
type InvalidInput struct {
	fields map[string][]string
	order  []string
}

// Add records message for field. An empty field is a form-level error.
func (v *InvalidInput) Add(field, message string) {
	if v.fields == nil {
		v.fields = map[string][]string{}
	}
	if _, ok := v.fields[field]; !ok {
		v.order = append(v.order, field)
	}
	v.fields[field] = append(v.fields[field], message)
}

// Empty reports whether no failure was recorded.
func (v *InvalidInput) Empty() bool { return len(v.fields) == 0 }

// Err returns nil when nothing was recorded, else an invalid_input *Error whose
// message lists every failure, like Seam's "2 Input Errors: …".
func (v *InvalidInput) Err() error {
	if v.Empty() {
		return nil
	}
	var parts []string
	n := 0
	for _, f := range v.order {
		for _, m := range v.fields[f] {
			n++
			if f == "" {
				parts = append(parts, m)
			} else {
				parts = append(parts, f+": "+m)
			}
		}
	}
	msg := strings.Join(parts, ", ")
	if n > 1 {
		msg = fmt.Sprintf("%d Input Errors: %s", n, msg)
	} else {
		msg = "Invalid input: " + msg
	}
	return &Error{Code: EInvalidInput, Message: msg, Fields: v.fields}
}

// ValidationErrors renders Fields in the shape of zod's format(), which the
// official SDK reads: {"_errors": [...], "<field>": {"_errors": [...]}}.
// Dotted names nest ("access_schedule.starts_at").
func (e *Error) ValidationErrors() map[string]any {
	out := map[string]any{"_errors": []string{}}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msgs := e.Fields[k]
		if k == "" {
			out["_errors"] = append(out["_errors"].([]string), msgs...)
			continue
		}
		node := out
		for _, part := range strings.Split(k, ".") {
			child, ok := node[part].(map[string]any)
			if !ok {
				child = map[string]any{"_errors": []string{}}
				node[part] = child
			}
			node = child
		}
		node["_errors"] = append(node["_errors"].([]string), msgs...)
	}
	return out
}
