package api

import (
	"net/http"
	"reflect"
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
		ops = append(ops, o)
	}
	return ops
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
		{authPublishableKey, "publishable_key"}, {authBridgeClientSession, "bridge_client_session"},
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
