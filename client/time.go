package client

import (
	"encoding/json"
	"time"
)

// TimeLayout is how lintel writes times: UTC with milliseconds, the form
// JavaScript's toISOString produces.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Time is a timestamp as it travels on the wire (see TimeLayout).
type Time struct{ time.Time }

// NewTime wraps t, converted to UTC.
func NewTime(t time.Time) Time { return Time{t.UTC()} }

// MarshalJSON writes the time in TimeLayout.
func (t Time) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(TimeLayout)+2)
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, TimeLayout)
	return append(b, '"'), nil
}

// UnmarshalJSON reads any RFC 3339 time.
func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	t.Time = v.UTC()
	return nil
}
