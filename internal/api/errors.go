package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
)

// statusOf maps an error code to its HTTP status. It is the only place
// where the domain's errors meet HTTP.
func statusOf(code string) int {
	switch {
	case code == lintel.EInvalidInput:
		return http.StatusBadRequest
	case code == lintel.EUnauthorized:
		return http.StatusUnauthorized
	case code == lintel.ENotFound, strings.HasSuffix(code, "_not_found"):
		return http.StatusNotFound
	case code == lintel.EMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case code == lintel.EConflict, code == lintel.EIdempotencyKeyInUse:
		return http.StatusConflict
	case code == lintel.EPayloadTooLarge:
		return http.StatusRequestEntityTooLarge
	case code == lintel.EUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case code == lintel.ERateLimited:
		return http.StatusTooManyRequests
	case code == lintel.ENotImplemented:
		return http.StatusNotImplemented
	case code == lintel.EUnavailable:
		return http.StatusServiceUnavailable
	case code == lintel.EInternal:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

type errorBody struct {
	Error errorDetail `json:"error"`
	OK    bool        `json:"ok"`
}

type errorDetail struct {
	Type             string         `json:"type"`
	Message          string         `json:"message"`
	RequestID        string         `json:"request_id"`
	Data             map[string]any `json:"data,omitempty"`
	ValidationErrors map[string]any `json:"validation_errors,omitempty"`
}

// writeError writes the error envelope. An error that is not a *lintel.Error
// is a 500 with a generic message; its detail goes to the log only.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	rid := RequestID(r.Context())
	var e *lintel.Error
	if !errors.As(err, &e) {
		switch {
		case errors.Is(err, store.ErrUnavailable):
			s.log.Warn("database unavailable", "request_id", rid, "path", r.URL.Path, "err", err)
			e = &lintel.Error{Code: lintel.EUnavailable, Message: "The database cannot accept writes right now; try again later"}
		case errors.Is(err, store.ErrSerialization):
			s.log.Warn("transaction not serializable", "request_id", rid, "path", r.URL.Path, "err", err)
			e = &lintel.Error{Code: lintel.EUnavailable, Message: "The database is busy; try again"}
		default:
			s.log.Error("internal error", "request_id", rid, "path", r.URL.Path, "err", err)
			e = &lintel.Error{Code: lintel.EInternal, Message: "Internal server error"}
		}
	}
	status := statusOf(e.Code)
	d := errorDetail{Type: e.Code, Message: e.Message, RequestID: rid, Data: e.Data}
	if e.Code == lintel.EInvalidInput && len(e.Fields) > 0 {
		d.ValidationErrors = e.ValidationErrors()
	}
	if status >= 400 && status < 500 {
		s.log.Info("request refused", "request_id", rid, "type", e.Code, "status", status)
	}
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable || e.Code == lintel.EIdempotencyKeyInUse {
		after := "1"
		if secs, ok := e.Data["retry_after_seconds"].(int); ok && secs > 1 {
			after = strconv.Itoa(secs)
		}
		w.Header().Set("Retry-After", after)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(errorBody{Error: d, OK: false})
}
