package api

import (
	"context"
	"net/http"
	"reflect"
	"strings"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/param"
)

// authKinds is a set of the credential kinds a route accepts, named like the
// security schemes of Seam's OpenAPI document.
type authKinds uint16

const (
	authAPIKey authKinds = 1 << iota
	authPATWithWorkspace
	authPATWithoutWorkspace
	authConsoleWithWorkspace
	authConsoleWithoutWorkspace
	authClientSession
	authPublishableKey
	// authBridgeClientSession is a Seam Bridge client's session token.
	authBridgeClientSession
	// authNone marks a route that needs no credentials at all.
	authNone
)

// workspaceAuth is the usual set: every kind that acts on one workspace,
// except client sessions.
const workspaceAuth = authAPIKey | authPATWithWorkspace | authConsoleWithWorkspace

// codeAuth is the set of the access code routes: the workspace's and
// client sessions.
const codeAuth = workspaceAuth | authClientSession

// Methods accepted by a route, as a bit set.
type methods uint8

const (
	get methods = 1 << iota
	post
	put
	patch
	del
)

func (m methods) allows(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead:
		return m&get != 0
	case http.MethodPost:
		return m&post != 0
	case http.MethodPut:
		return m&put != 0
	case http.MethodPatch:
		return m&patch != 0
	case http.MethodDelete:
		return m&del != 0
	}
	return false
}

// String lists the methods like an Allow header: "GET, POST".
func (m methods) String() string {
	var out []string
	for _, x := range []struct {
		bit  methods
		name string
	}{{get, "GET"}, {post, "POST"}, {put, "PUT"}, {patch, "PATCH"}, {del, "DELETE"}} {
		if m&x.bit != 0 {
			out = append(out, x.name)
		}
	}
	return strings.Join(out, ", ")
}

// spec_operations.go is written from Seam's OpenAPI document, which stays
// outside the repository: LINTEL_SEAM_SPEC names the file.
//go:generate go run gen_spec_operations.go -spec=$LINTEL_SEAM_SPEC

// specOperation is one path of Seam's OpenAPI document (spec_operations.go).
type specOperation struct {
	Methods     string
	Auth        authKinds
	ResponseKey string
}

// route is one line of the route table.
type route struct {
	Path    string
	Methods methods
	Auth    authKinds
	// ResponseKey is the key holding the result in the response body; empty
	// for routes that answer {"ok": true} alone.
	ResponseKey string
	// BodyKey holds the result of a route whose spec names no response key
	// yet whose response schema requires one: client_sessions/grant_access
	// answers {"client_session": …, "ok": true}. The SDK ignores it.
	BodyKey string
	// AlsoKey repeats the result under a second key, where Seam's response
	// carries it twice: locks/list answers {"devices": …, "locks": …}.
	AlsoKey string
	// Paginated routes answer with a "pagination" object beside the key.
	Paginated bool
	// Creates marks a route that creates an object: it honours the
	// Idempotency-Key header (idempotency.go), so a retry answers again
	// what the first request answered instead of creating a second one.
	Creates bool
	// ActionAttemptType is the action_type of the action attempt a route
	// starts (UNLOCK_DOOR for /acs/entrances/unlock); the OpenAPI document
	// must name it for Seam's CLI to load.
	ActionAttemptType string
	// Summary is one line for the OpenAPI document and the CLI's help.
	Summary string
	// Response is the type under ResponseKey, for the OpenAPI document: a
	// resource, or a slice of one for lists.
	Response reflect.Type
	handle   handler
	// cursorField is the index of page_cursor in a paginated route's
	// params struct, set by New.
	cursorField int
}

// handler runs a decoded request; params is a pointer to the route's
// parameter struct.
type handler struct {
	params reflect.Type
	call   func(ctx context.Context, p lintel.Principal, params any) (any, error)
}

// op adapts a typed handler function to the route table: the parameter type
// P is what the edge decodes, validates and documents.
func op[P any](fn func(ctx context.Context, p lintel.Principal, in P) (any, error)) handler {
	return handler{
		params: reflect.TypeFor[P](),
		call: func(ctx context.Context, p lintel.Principal, params any) (any, error) {
			return fn(ctx, p, *params.(*P))
		},
	}
}

// decode reads the request's parameters into a new value of the route's
// parameter type: the query string for GET and DELETE, the JSON body
// otherwise.
func (h handler) decode(r *http.Request, body []byte) (any, error) {
	v := reflect.New(h.params).Interface()
	var err error
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodDelete {
		err = param.DecodeQuery(r.URL.Query(), v)
	} else {
		err = param.DecodeJSON(body, v)
	}
	return v, err
}

// writes reports whether a route changes state, for the per-workspace
// budgets: the routes Seam lets clients call with GET are the reads.
func (rt *route) writes() bool { return rt.Methods&get == 0 }

// keyed is what a handler returns when its route answers another key
// beside its response key: access_codes/create answers the code and the
// action attempt that programs it.
type keyed struct {
	result any
	key    string
	value  any
}

// withKeys answers result under the route's response key and value under
// key.
func withKeys(result any, key string, value any) keyed {
	return keyed{result: result, key: key, value: value}
}

// pageResult is what a paginated handler returns (see listPage).
type pageResult struct {
	items      any
	pagination client.Pagination
}

// allows reports whether the principal's kind is accepted by the set.
func (a authKinds) allows(p lintel.Principal) bool {
	switch p.Kind {
	case lintel.AuthAPIKey:
		return a&authAPIKey != 0
	case lintel.AuthPAT:
		if p.WorkspaceID != "" {
			return a&authPATWithWorkspace != 0
		}
		return a&authPATWithoutWorkspace != 0
	case lintel.AuthConsoleSession:
		if p.WorkspaceID != "" {
			return a&authConsoleWithWorkspace != 0
		}
		return a&authConsoleWithoutWorkspace != 0
	case lintel.AuthClientSession:
		return a&authClientSession != 0
	case lintel.AuthPublishableKey:
		return a&authPublishableKey != 0
	case lintel.AuthBridgeClientSession:
		return a&authBridgeClientSession != 0
	}
	return false
}
