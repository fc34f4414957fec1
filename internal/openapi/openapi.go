// Package openapi writes lintel's OpenAPI 3 document from the route table and
// the Go types of parameters and resources, so the document cannot drift
// from what the server does.
package openapi

import (
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/param"
)

// Operation describes one route.
type Operation struct {
	Path        string
	Methods     []string // upper case, POST included
	Security    []string // security scheme names; empty for public routes
	Summary     string
	ResponseKey string
	// AlsoKey holds the same result a second time, if set.
	AlsoKey string
	// Response is the resource type under ResponseKey; List says the key
	// holds an array of it.
	Response  reflect.Type
	List      bool
	Paginated bool
	Params    reflect.Type
	// ActionAttemptType is the action_type of the action attempt the route
	// starts ("UNLOCK_DOOR"), for routes answering with one.
	ActionAttemptType string
}

// SecuritySchemes are the schemes lintel supports, named as in Seam's document.
var SecuritySchemes = map[string]string{
	"api_key":                           "API Key",
	"pat_with_workspace":                "API Token",
	"pat_without_workspace":             "API Token",
	"console_session_with_workspace":    "Console Session Token",
	"console_session_without_workspace": "Console Session Token",
	"client_session":                    "Client Session Token",
	"publishable_key":                   "Publishable Key",
	"bridge_client_session":             "Bridge Client Session Token",
}

type doc = map[string]any

// Document renders the OpenAPI document as JSON.
func Document(version string, ops []Operation) ([]byte, error) {
	g := &generator{schemas: doc{}, names: map[reflect.Type]string{}}
	// Resources first, named and placed before any operation refers to them.
	taken := map[string]reflect.Type{"pagination": nil}
	for _, t := range responseTypes(ops) {
		name := snake(t.Name())
		if other, dup := taken[name]; dup {
			return nil, fmt.Errorf("resource name %q of %v is taken by %v", name, t, other)
		}
		taken[name] = t
		g.names[t] = name
	}
	for _, t := range responseTypes(ops) {
		g.resource(t, ops)
	}
	paths := doc{}
	for _, op := range ops {
		item := doc{}
		for _, m := range op.Methods {
			o, err := g.operation(op, m)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", m, op.Path, err)
			}
			item[strings.ToLower(m)] = o
		}
		paths[op.Path] = item
	}
	schemes := doc{}
	for name, format := range SecuritySchemes {
		schemes[name] = doc{"type": "http", "scheme": "bearer", "bearerFormat": format}
	}
	schemes["publishable_key"] = doc{"type": "apiKey", "in": "header", "name": "seam-publishable-key"}
	g.schemas["pagination"] = doc{
		"type": "object",
		"properties": doc{
			"has_next_page":    doc{"type": "boolean"},
			"next_page_cursor": doc{"type": "string", "nullable": true},
			"next_page_url":    doc{"type": "string", "format": "uri", "nullable": true},
		},
		"required": []string{"has_next_page", "next_page_cursor", "next_page_url"},
	}
	out := doc{
		"openapi":    "3.0.0",
		"info":       doc{"title": "lintel (Seam Connect compatible)", "version": version},
		"servers":    []doc{{"url": "/"}},
		"security":   []doc{},
		"tags":       g.tags(ops),
		"paths":      paths,
		"components": doc{"schemas": g.schemas, "securitySchemes": schemes},
	}
	return json.MarshalIndent(out, "", "  ")
}

type generator struct {
	schemas doc
	names   map[reflect.Type]string
}

func (g *generator) tags(ops []Operation) []doc {
	seen := map[string]bool{}
	var out []doc
	for _, op := range ops {
		t := tagOf(op.Path)
		if !seen[t] {
			seen[t] = true
			out = append(out, doc{"name": t, "description": strings.TrimPrefix(t, "/")})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["name"].(string) < out[j]["name"].(string) })
	return out
}

func tagOf(p string) string {
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	return "/" + parts[0]
}

// responseTypes lists the resource types the operations answer with, in
// the order they first appear.
func responseTypes(ops []Operation) []reflect.Type {
	var out []reflect.Type
	seen := map[reflect.Type]bool{}
	for _, op := range ops {
		if op.Response != nil && !seen[op.Response] {
			seen[op.Response] = true
			out = append(out, op.Response)
		}
	}
	return out
}

// resource renders a resource type as a named component schema. Seam's
// tooling (the CLI's blueprint loader) requires each to carry the route
// group it belongs to (x-route-path), and that group must exist.
func (g *generator) resource(t reflect.Type, ops []Operation) {
	name := g.names[t]
	routePath := resourceRoutePath(name, t, ops)
	if name == actionAttemptResource {
		if types := actionAttemptTypes(ops); len(types) > 0 {
			g.schemas[name] = g.actionAttempt(t, routePath, types)
			return
		}
	}
	s := g.object(t, nil)
	s["x-route-path"] = routePath
	if seamOnly(routePath) {
		s["x-undocumented"] = seamOnlyNote
	}
	g.schemas[name] = s
}

// seamOnlyNote marks what lives under /seam/: routes for Seam's own
// clients (the Seam Bridge client), which Seam's tooling requires to be
// undocumented.
const seamOnlyNote = "For Seam's own clients (the Seam Bridge client), not for integrators."

func seamOnly(routePath string) bool { return strings.HasPrefix(routePath, "/seam/") }

// resourceRoutePath picks the route group a resource belongs to: the group
// whose own routes answer with it under its singular or plural name
// (/acs/entrances for acs_entrance), else the first group answering with it.
func resourceRoutePath(name string, t reflect.Type, ops []Operation) string {
	first := ""
	for _, op := range ops {
		if op.Response != t {
			continue
		}
		group := path.Dir(op.Path)
		if first == "" {
			first = group
		}
		if op.ResponseKey == name && path.Base(op.Path) == "get" {
			return group
		}
	}
	for _, op := range ops {
		if op.Response == t && op.List && path.Base(op.Path) == "list" && path.Base(path.Dir(op.Path)) == path.Base(op.ResponseKey) {
			return path.Dir(op.Path)
		}
	}
	return first
}

// actionAttemptResource is the name Seam's document and SDKs give to the
// record of an operation carried out in the background.
const actionAttemptResource = "action_attempt"

// actionAttemptTypes lists the action types the operations start, sorted.
func actionAttemptTypes(ops []Operation) []string {
	seen := map[string]bool{}
	var out []string
	for _, op := range ops {
		if t := op.ActionAttemptType; t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// actionAttempt renders the action attempt resource the way Seam's tooling
// reads it: one variant per action type and status, each pinning
// action_type and status, with result set only on success and error only on
// error. The SDKs learn the valid action types from these variants.
func (g *generator) actionAttempt(t reflect.Type, routePath string, types []string) doc {
	var variants []doc
	for _, at := range types {
		for _, status := range []string{"pending", "success", "error"} {
			v := g.object(t, nil)
			props := v["properties"].(doc)
			props["action_type"] = doc{"type": "string", "enum": []string{at}}
			props["status"] = doc{"type": "string", "enum": []string{status}}
			// result is set on success only, error on error only.
			for f, setWhen := range map[string]string{"result": "success", "error": "error"} {
				s, ok := props[f].(doc)
				if !ok {
					continue
				}
				c := doc{}
				for k, x := range s {
					c[k] = x
				}
				if status == setWhen {
					delete(c, "nullable")
				} else {
					c = doc{"type": "object", "nullable": true}
				}
				props[f] = c
			}
			v["x-route-path"] = routePath
			variants = append(variants, v)
		}
	}
	return doc{"oneOf": variants, "x-route-path": routePath}
}

func (g *generator) operation(op Operation, method string) (doc, error) {
	o := doc{
		"operationId": operationID(op.Path, method),
		"summary":     op.Summary,
		"description": op.Summary,
		"tags":        []string{tagOf(op.Path)},
		"x-title":     op.Summary,
		"x-response-key": func() any {
			if op.ResponseKey == "" {
				return nil
			}
			return op.ResponseKey
		}(),
		"x-fern-sdk-group-name":  groupNames(op.Path),
		"x-fern-sdk-method-name": path.Base(op.Path),
	}
	sec := []doc{}
	for _, s := range op.Security {
		sec = append(sec, doc{s: []string{}})
	}
	o["security"] = sec
	if op.Params != nil {
		fields := param.Fields(op.Params)
		if method == "GET" || method == "DELETE" {
			var ps []doc
			// An object parameter is one parameter of type object: the SDK
			// flattens it to dotted keys on the wire, but the document names
			// parameters, not keys (and Seam's loader wants snake_case names).
			for _, f := range fields {
				ps = append(ps, doc{"name": f.Name, "in": "query", "required": f.Required, "schema": fieldSchema(f)})
			}
			if ps != nil {
				o["parameters"] = ps
			}
		} else {
			props := doc{}
			var req []string
			for _, f := range fields {
				props[f.Name] = fieldSchema(f)
				if f.Required {
					req = append(req, f.Name)
				}
			}
			body := doc{"type": "object", "properties": props}
			if len(req) > 0 {
				body["required"] = req
			}
			o["requestBody"] = doc{"content": doc{"application/json": doc{"schema": body}}}
		}
	}
	if op.ActionAttemptType != "" {
		o["x-action-attempt-type"] = op.ActionAttemptType
	}
	if seamOnly(op.Path) {
		o["x-undocumented"] = seamOnlyNote
	}
	props := doc{"ok": doc{"type": "boolean"}}
	req := []string{}
	if op.ResponseKey != "" {
		// Seam's loader wants every response to name its resource by $ref.
		name, ok := g.names[op.Response]
		if !ok {
			return nil, fmt.Errorf("response key %q without a response type", op.ResponseKey)
		}
		s := doc{"$ref": "#/components/schemas/" + name}
		if op.List {
			s = doc{"type": "array", "items": s}
		}
		props[op.ResponseKey] = s
		req = append(req, op.ResponseKey)
		if op.AlsoKey != "" {
			props[op.AlsoKey] = s
			req = append(req, op.AlsoKey)
		}
	}
	if op.Paginated {
		props["pagination"] = doc{"$ref": "#/components/schemas/pagination"}
		req = append(req, "pagination")
	}
	req = append(req, "ok")
	errResp := func(d string) doc { return doc{"description": d} }
	o["responses"] = doc{
		"200": doc{"description": "OK", "content": doc{"application/json": doc{"schema": doc{
			"type": "object", "properties": props, "required": req}}}},
		"400": errResp("Bad Request"),
		"401": errResp("Unauthorized"),
	}
	return o, nil
}

func groupNames(p string) []string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	return parts[:len(parts)-1]
}

func operationID(p, method string) string {
	var b strings.Builder
	up := false
	for i, r := range strings.Trim(p, "/") {
		if r == '/' || r == '_' {
			up = true
			continue
		}
		if up && i > 0 {
			r = unicode.ToUpper(r)
		}
		up = false
		b.WriteRune(r)
	}
	m := strings.ToLower(method)
	return b.String() + strings.ToUpper(m[:1]) + m[1:]
}

// fieldSchema renders a parameter as described by the decoder's plan.
func fieldSchema(f param.FieldInfo) doc {
	// Seam's loader wants a type on every parameter; free-form JSON
	// (json.RawMessage) is documented as an object.
	s := doc{"type": f.Kind}
	if f.Kind == "any" {
		s["type"] = "object"
	}
	if f.Format != "" {
		s["format"] = f.Format
	}
	if f.Nullable {
		s["nullable"] = true
	}
	if len(f.Enum) > 0 {
		s["enum"] = f.Enum
	}
	switch f.Kind {
	case "string":
		if f.Min != nil && *f.Min > 0 {
			s["minLength"] = *f.Min
		}
		if f.Max != nil {
			s["maxLength"] = *f.Max
		}
	case "array":
		if f.Max != nil {
			s["maxItems"] = *f.Max
		}
		if f.Items != nil {
			s["items"] = fieldSchema(*f.Items)
		}
	case "integer", "number":
		if f.Min != nil {
			s["minimum"] = *f.Min
		}
		if f.Max != nil {
			s["maximum"] = *f.Max
		}
		if f.Positive {
			s["minimum"] = 0
			s["exclusiveMinimum"] = true
		}
	case "object":
		if f.Fields != nil {
			props := doc{}
			var req []string
			for _, c := range f.Fields {
				props[c.Name] = fieldSchema(c)
				if c.Required {
					req = append(req, c.Name)
				}
			}
			s["properties"] = props
			if req != nil {
				s["required"] = req
			}
		}
	}
	return s
}

var (
	timeType       = reflect.TypeFor[client.Time]()
	stdTimeType    = reflect.TypeFor[time.Time]()
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	nullableMarker = reflect.TypeFor[interface{ NullableParam() }]()
)

// schema renders the type of a resource's field. Nested structs are written
// out in place, resources included: Seam's loader reads a property only
// from its own type and properties, never through a $ref. stack holds the
// structs being written, to stop on a type that contains itself.
func (g *generator) schema(t reflect.Type, stack []reflect.Type) doc {
	nullable := false
	if t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	if t.Kind() == reflect.Struct && t.Implements(nullableMarker) {
		// client.Nullable: its value, or null.
		t, nullable = t.Field(2).Type, true
	}
	var s doc
	switch {
	case t == timeType || t == stdTimeType:
		s = doc{"type": "string", "format": "date-time"}
	case t == rawMessageType:
		// Any JSON; lintel's free-form values are objects or null.
		s, nullable = doc{"type": "object"}, true
	default:
		switch t.Kind() {
		case reflect.String:
			s = doc{"type": "string"}
		case reflect.Bool:
			s = doc{"type": "boolean"}
		case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
			s = doc{"type": "integer"}
		case reflect.Float32, reflect.Float64:
			s = doc{"type": "number"}
		case reflect.Slice, reflect.Array:
			s = doc{"type": "array", "items": g.schema(t.Elem(), stack)}
		case reflect.Map:
			s = doc{"type": "object", "additionalProperties": true}
		case reflect.Struct:
			s = g.object(t, stack)
		default: // interfaces: any JSON
			s, nullable = doc{"type": "object"}, true
		}
	}
	if nullable {
		s["nullable"] = true
	}
	return s
}

// object renders the exported, JSON-visible fields of a struct. Fields
// without omitempty are required; a `v` tag adds format and enum, a `doc`
// tag the description.
func (g *generator) object(t reflect.Type, stack []reflect.Type) doc {
	if slices.Contains(stack, t) {
		return doc{"type": "object"}
	}
	stack = append(stack, t)
	props := doc{}
	req := []string{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if tag == "-" || !f.IsExported() && !(f.Anonymous && f.Type.Kind() == reflect.Struct) {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			// An embedded struct's fields are the outer struct's on the wire,
			// as encoding/json writes them, even when its type is unexported.
			inner := g.object(f.Type, stack)
			for k, v := range inner["properties"].(doc) {
				props[k] = v
			}
			req = append(req, inner["required"].([]string)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := g.schema(f.Type, stack)
		for _, rule := range strings.Split(f.Tag.Get("v"), ",") {
			k, v, _ := strings.Cut(rule, "=")
			switch k {
			case "uuid", "email", "uri":
				s["format"] = k
			case "datetime":
				s["format"] = "date-time"
			case "enum":
				vals := strings.Split(v, "|")
				if s["type"] == "array" {
					if items, ok := s["items"].(doc); ok {
						items["enum"] = vals
					}
				} else {
					s["enum"] = vals
				}
			case "const":
				if b, err := strconv.ParseBool(v); err == nil {
					s["enum"] = []bool{b}
				} else {
					s["enum"] = []string{v}
				}
			}
		}
		if d := f.Tag.Get("doc"); d != "" {
			s["description"] = d
		}
		props[name] = s
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			req = append(req, name)
		}
	}
	return doc{"type": "object", "properties": props, "required": req}
}

// snake turns a Go type name into the spec's resource name: AcsUser → acs_user.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
