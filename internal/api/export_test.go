package api

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
)

// AddPanicRoute registers a route whose handler panics, to test recovery.
func (s *Server) AddPanicRoute(path string) {
	rt := &route{Path: path, Methods: get | post, Auth: authNone, handle: op(func(ctx context.Context, p lintel.Principal, in struct{}) (any, error) {
		panic("handler exploded at internal/api/x.go:42")
	})}
	s.mux.Handle(path, s.serveRoute(rt))
}

// IDRoute is a route of the table with the id parameters of its params
// type: the fields whose json name ends in _id or _ids.
type IDRoute struct {
	Path     string
	Methods  []string
	IDParams []string
}

// IDRoutes lists the routes of the real route table that take an id
// parameter, found by reflection on each route's params type.
func IDRoutes() []IDRoute {
	var out []IDRoute
	for _, rt := range (&Server{}).routeTable() {
		ids := idParams(rt.handle.params)
		if len(ids) == 0 {
			continue
		}
		out = append(out, IDRoute{Path: rt.Path, Methods: strings.Split(strings.ReplaceAll(rt.Methods.String(), " ", ""), ","), IDParams: ids})
	}
	return out
}

// idParams walks a params struct, embedded structs included, for fields
// whose json name ends in _id or _ids.
func idParams(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, idParams(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_ids") {
			out = append(out, name)
		}
	}
	return out
}

// RouteInfo is a route of the table: its path, methods and params type,
// and whether an API key may call it.
type RouteInfo struct {
	Path    string
	Methods []string
	Params  reflect.Type
	APIKey  bool
	// BridgeClient is a route that only a Seam Bridge client's session
	// token may call.
	BridgeClient bool
}

// Routes lists the real route table.
func Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range (&Server{}).routeTable() {
		out = append(out, RouteInfo{Path: rt.Path, Methods: strings.Split(strings.ReplaceAll(rt.Methods.String(), " ", ""), ","),
			Params: rt.handle.params, APIKey: rt.Auth&authAPIKey != 0, BridgeClient: rt.Auth == authBridgeClientSession})
	}
	return out
}

// WorkspaceLimiterBuckets feeds n requests of distinct workspaces, each
// tick apart on a fake clock, through a limiter of cfg and returns the
// most buckets it held at once.
func WorkspaceLimiterBuckets(cfg WorkspaceLimits, n int, tick time.Duration) int {
	now := time.Unix(0, 0)
	l := newWorkspaceLimiter(cfg, func() time.Time { return now })
	most := 0
	for i := range n {
		now = now.Add(tick)
		_ = l.allow(fmt.Sprintf("ws-%d", i), i%2 == 0)
		most = max(most, l.size())
	}
	return most
}
