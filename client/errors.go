package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Error is an error the API answered with. Every call of the SDK that
// reaches the server and gets a 4xx or 5xx back returns an *Error; use
// errors.As to read it:
//
//	var apiErr *client.Error
//	if errors.As(err, &apiErr) && apiErr.Type == "acs_user_not_found" { … }
//
// Its JSON form is the "error" object of the API's error envelope, so
// json.Marshal(map[string]any{"error": apiErr}) prints what the server sent.
type Error struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int `json:"-"`
	// Type is the machine-readable kind of error: "invalid_input",
	// "unauthorized", "acs_user_not_found", … A response that is not in the
	// API's error envelope (a proxy's HTML page, say) gets TypeUnexpectedResponse,
	// except a 401, which is always TypeUnauthorized.
	Type string `json:"type"`
	// Message is meant for people.
	Message string `json:"message"`
	// RequestID identifies the request in the server's log: the
	// seam-request-id response header, or the envelope's request_id.
	RequestID string `json:"request_id,omitempty"`
	// Data is optional structured context some errors carry.
	Data map[string]any `json:"data,omitempty"`
	// ValidationErrors explains an invalid_input error per parameter, in the
	// shape of zod's format(): {"_errors": [...], "<param>": {"_errors":
	// [...]}}, nested for members of objects. FieldErrors flattens it.
	ValidationErrors map[string]any `json:"validation_errors,omitempty"`
}

// Error types the SDK itself gives to responses that do not say theirs.
const (
	// TypeUnauthorized is the type of every 401: the credentials are
	// missing, wrong, or not accepted by the route.
	TypeUnauthorized = "unauthorized"
	// TypeUnexpectedResponse is the type of an error response that is not
	// in the API's error envelope.
	TypeUnexpectedResponse = "unexpected_response"
)

// Error returns "type: message (HTTP status, request id)".
func (e *Error) Error() string {
	s := fmt.Sprintf("%s: %s (HTTP %d", e.Type, e.Message, e.StatusCode)
	if e.RequestID != "" {
		s += ", request " + e.RequestID
	}
	return s + ")"
}

// FieldErrors flattens ValidationErrors into messages per dotted parameter
// name ("access_schedule.starts_at"); messages about the request as a whole
// are under "".
func (e *Error) FieldErrors() map[string][]string {
	out := map[string][]string{}
	var walk func(prefix string, node map[string]any)
	walk = func(prefix string, node map[string]any) {
		keys := make([]string, 0, len(node))
		for k := range node {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "_errors" {
				msgs, _ := node[k].([]any)
				for _, m := range msgs {
					if s, ok := m.(string); ok {
						out[prefix] = append(out[prefix], s)
					}
				}
				continue
			}
			child, ok := node[k].(map[string]any)
			if !ok {
				continue
			}
			name := k
			if prefix != "" {
				name = prefix + "." + k
			}
			walk(name, child)
		}
	}
	walk("", e.ValidationErrors)
	return out
}

// errorFromResponse builds the *Error for a response with status >= 400.
func errorFromResponse(status int, header http.Header, body []byte) *Error {
	var env struct {
		Error *Error `json:"error"`
	}
	e := &Error{}
	ct := strings.ToLower(header.Get("Content-Type"))
	if (ct == "" || strings.HasPrefix(ct, "application/json")) &&
		json.Unmarshal(body, &env) == nil && env.Error != nil && env.Error.Type != "" {
		e = env.Error
	} else {
		e.Type = TypeUnexpectedResponse
		e.Message = fmt.Sprintf("%d %s: %s", status, http.StatusText(status), snippet(body))
	}
	e.StatusCode = status
	if id := header.Get("seam-request-id"); id != "" {
		e.RequestID = id
	}
	// Seam's SDKs treat every 401 as unauthorized whatever the body says;
	// so does this one, so callers can test one type.
	if status == http.StatusUnauthorized {
		e.Type = TypeUnauthorized
	}
	return e
}

// snippet shortens a response body for an error message.
func snippet(body []byte) string {
	s := strings.TrimSpace(string(body))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}
