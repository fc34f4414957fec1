package api

import (
	"context"

	"github.com/lintel-dev/lintel"
)

// AddPanicRoute registers a route whose handler panics, to test recovery.
func (s *Server) AddPanicRoute(path string) {
	rt := &route{Path: path, Methods: get | post, Auth: authNone, handle: op(func(ctx context.Context, p lintel.Principal, in struct{}) (any, error) {
		panic("handler exploded at internal/api/x.go:42")
	})}
	s.mux.Handle(path, s.serveRoute(rt))
}
