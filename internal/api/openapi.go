package api

import (
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/lintel-dev/lintel/internal/openapi"
)

// operations describes the route table for the OpenAPI document and the CLI.
func (s *Server) operations() []openapi.Operation {
	var ops []openapi.Operation
	for _, rt := range s.routes {
		o := openapi.Operation{
			Path: rt.Path, Summary: rt.Summary, ResponseKey: rt.ResponseKey, AlsoKey: rt.AlsoKey,
			Response: rt.Response, Paginated: rt.Paginated, Params: rt.handle.params,
			Security: rt.Auth.schemes(), ActionAttemptType: rt.ActionAttemptType,
		}
		// A list route declares its response as a slice of the resource.
		if o.Response != nil && o.Response.Kind() == reflect.Slice {
			o.Response, o.List = o.Response.Elem(), true
		}
		for _, m := range strings.Split(strings.ReplaceAll(rt.Methods.String(), " ", ""), ",") {
			if m != http.MethodHead {
				o.Methods = append(o.Methods, m)
			}
		}
		o.Methods = documentedMethods(o.Methods)
		ops = append(ops, o)
	}
	return ops
}

// documentedMethods keeps POST and one alternate method of a route that
// accepts more (access_codes/update: PATCH, POST and PUT): Seam's
// blueprint loader, which the CLI runs on the document, refuses a path with
// more. The alternate kept is the one the official SDK sends (PATCH before
// PUT); the route still serves every method.
func documentedMethods(ms []string) []string {
	if len(ms) <= 2 {
		return ms
	}
	for _, alt := range []string{http.MethodGet, http.MethodDelete, http.MethodPatch, http.MethodPut} {
		if slices.Contains(ms, alt) {
			return []string{http.MethodPost, alt}
		}
	}
	return []string{http.MethodPost}
}

func (a authKinds) schemes() []string {
	var out []string
	for _, x := range []struct {
		k    authKinds
		name string
	}{
		{authAPIKey, "api_key"}, {authPATWithWorkspace, "pat_with_workspace"},
		{authPATWithoutWorkspace, "pat_without_workspace"}, {authConsoleWithWorkspace, "console_session_with_workspace"},
		{authConsoleWithoutWorkspace, "console_session_without_workspace"}, {authClientSession, "client_session"},
		{authPublishableKey, "publishable_key"},
	} {
		if a&x.k != 0 {
			out = append(out, x.name)
		}
	}
	return out
}

func (s *Server) openAPIDocument() ([]byte, error) {
	return openapi.Document(serverVersion(s.cfg.Version), s.operations())
}

func serverVersion(v string) string {
	if v == "" {
		return "dev"
	}
	return v
}

// Operations describes every route of the table without a running server:
// the CLI builds its commands from it and the SDK generator its methods.
func Operations() []openapi.Operation {
	return (&Server{routes: (&Server{}).routeTable()}).operations()
}
