package client

import "encoding/json"

// Nullable is a parameter that may be absent, explicitly null, or set:
// {Set: true, Null: true} sends null, {Set: true, Value: v} sends v, and the
// zero value leaves the parameter out. Use it where null means something
// other than leaving the parameter out, such as clearing a value on update
// or filtering for "has no email". The server decodes it the same way.
type Nullable[T any] struct {
	Set   bool // the parameter was given, as null or as a value
	Null  bool // the parameter was null (JSON null, or "key=" in a query)
	Value T    // the value when Set and not Null
}

// Null returns a parameter set to null.
func Null[T any]() Nullable[T] { return Nullable[T]{Set: true, Null: true} }

// Value returns a parameter set to v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{Set: true, Value: v} }

// NullableParam marks the type for the server's parameter decoder.
func (Nullable[T]) NullableParam() {}

// MarshalJSON writes what a client sends for the parameter: null, or the
// value. A field that may be left out needs the omitzero option, which
// IsZero serves, so that an unset Nullable is not sent at all.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Set || n.Null {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// IsZero reports whether the parameter is left out.
func (n Nullable[T]) IsZero() bool { return !n.Set }

// UnmarshalJSON reads what MarshalJSON writes (an SDK reading an answer
// that carries a Nullable, such as an event's thermostat_schedule_id).
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = Value(v)
	return nil
}
