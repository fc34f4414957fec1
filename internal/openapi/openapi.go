// Package openapi writes lintel's OpenAPI 3 document from the route table and
// the Go types of parameters and resources, so the document cannot drift
// from what the server does.
package openapi

import (
	"encoding/json"
	"fmt"
	"path"
	"reflect"
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
	// Response is the resource type under ResponseKey; List says the key
	// holds an array of it.
	Response  reflect.Type
	List      bool
	Paginated bool
	Params    reflect.Type
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
}

type doc = map[string]any

// Document renders the OpenAPI document as JSON.
func Document(version string, ops []Operation) ([]byte, error) {
	g := &generator{schemas: doc{}, names: map[reflect.Type]string{}}
	// Resources first, so that each gets the route path of its own group:
	// acs_entrance belongs to /acs/entrances even though /acs/users lists
	// entrances too. A resource no group is named after takes the group of
	// the first route that returns it.
	for _, own := range []bool{true, false} {
		for _, op := range ops {
			if op.Response != nil && ownGroup(op) == own {
				g.resource(op.Response, path.Dir(op.Path))
			}
		}
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

// ownGroup reports whether op's group is named after the resource it
// returns (/acs/entrances for acs_entrance).
func ownGroup(op Operation) bool {
	group := strings.ReplaceAll(strings.Trim(path.Dir(op.Path), "/"), "/", "_")
	return group == snake(op.Response.Name())+"s"
}

// resource registers a resource type as a named component schema carrying
// the route path of its group (x-route-path), as Seam's tooling expects.
func (g *generator) resource(t reflect.Type, routePath string) {
	if _, ok := g.names[t]; ok {
		return
	}
	name := snake(t.Name())
	g.names[t] = name
	s := g.object(t)
	s["x-route-path"] = routePath
	g.schemas[name] = s
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
			for _, f := range fields {
				ps = append(ps, doc{"name": f.Path, "in": "query", "required": f.Required, "schema": fieldSchema(f)})
				if f.Kind == "object" {
					continue
				}
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
	props := doc{"ok": doc{"type": "boolean"}}
	req := []string{}
	if op.ResponseKey != "" {
		var s doc
		if name, ok := g.names[op.Response]; ok {
			s = doc{"$ref": "#/components/schemas/" + name}
		} else {
			s = g.schema(op.Response)
		}
		if op.List {
			s = doc{"type": "array", "items": s}
		}
		props[op.ResponseKey] = s
		req = append(req, op.ResponseKey)
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
	s := doc{}
	switch f.Kind {
	case "any":
	default:
		s["type"] = f.Kind
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

var timeType = reflect.TypeFor[client.Time]()
var stdTimeType = reflect.TypeFor[time.Time]()

// schema renders a response type: a $ref for registered resources, inline
// otherwise.
func (g *generator) schema(t reflect.Type) doc {
	nullable := false
	if t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	var s doc
	switch {
	case t == timeType || t == stdTimeType:
		s = doc{"type": "string", "format": "date-time"}
	case g.names[t] != "":
		if nullable {
			return doc{"allOf": []doc{{"$ref": "#/components/schemas/" + g.names[t]}}, "nullable": true}
		}
		return doc{"$ref": "#/components/schemas/" + g.names[t]}
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
		case reflect.Slice:
			s = doc{"type": "array", "items": g.schema(t.Elem())}
		case reflect.Map:
			s = doc{"type": "object", "additionalProperties": true}
		case reflect.Struct:
			s = g.object(t)
		case reflect.Interface:
			s = doc{}
		default:
			s = doc{}
		}
	}
	if nullable {
		s["nullable"] = true
	}
	return s
}

// object renders the exported, JSON-visible fields of a struct. Fields
// without omitempty are required; a `v` tag adds format and enum.
func (g *generator) object(t reflect.Type) doc {
	props := doc{}
	req := []string{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		s := g.schema(f.Type)
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
