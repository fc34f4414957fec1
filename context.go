package lintel

import "context"

type requestIDKey struct{}

// WithRequestID returns ctx carrying the id of the request being served, so
// that work it causes (queued mutations, their logs) can name it.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id carried by ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
