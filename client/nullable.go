package client

import "github.com/lintel-dev/lintel/internal/param"

// Nullable is a parameter that may be absent, explicitly null, or set:
// {Set: true, Null: true} sends null, {Set: true, Value: v} sends v, and the
// zero value leaves the parameter out. The server decodes it the same way.
type Nullable[T any] = param.Nullable[T]
