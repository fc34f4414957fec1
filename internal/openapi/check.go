package openapi

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Check reports where an OpenAPI document breaks the rules of
// @seamapi/blueprint, which the Seam CLI uses to load a server's
// /openapi.json (`seam … --remote-schema`) and which refuses the whole
// document on the first violation. The rules, as the loader applies them:
//
//   - every path has a POST operation and at most one other method, but
//     for the paths the loader lets have three (threeMethodPaths);
//   - every operation has an x-response-key (null for none); a key names a
//     property of the 200 body that is a $ref (or an array of $ref) to a
//     component schema;
//   - an operation answering with an action_attempt (outside
//     /action_attempts) names its x-action-attempt-type, one of the
//     action_type values of the action_attempt variants;
//   - every component schema but pagination carries an x-route-path that is
//     a route of the document (a path without its last segment);
//   - every property and request parameter has a type (directly or through
//     allOf/oneOf) and a lower_snake_case name, not starting with ext_.
//
// Check returns nil when the document passes; the interop suite proves the
// same against the real loader.
func Check(raw []byte) error {
	var d struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return err
	}
	c := &checker{routes: map[string]bool{}}
	for p := range d.Paths {
		c.routes[path.Dir(p)] = true
	}
	actionTypes := map[string]bool{}
	if aa := d.Components.Schemas[actionAttemptResource]; aa != nil {
		for _, v := range asSlice(aa["oneOf"]) {
			if e := asSlice(asMap(asMap(asMap(v)["properties"])["action_type"])["enum"]); len(e) == 1 {
				actionTypes[fmt.Sprint(e[0])] = true
			}
		}
	}
	for _, p := range sortedKeys(d.Paths) {
		c.path(p, d.Paths[p], d.Components.Schemas, actionTypes)
	}
	for _, name := range sortedKeys(d.Components.Schemas) {
		if name == "pagination" {
			continue
		}
		c.component(name, d.Components.Schemas[name])
	}
	if len(c.problems) == 0 {
		return nil
	}
	return fmt.Errorf("the document breaks Seam's blueprint rules:\n  %s", strings.Join(c.problems, "\n  "))
}

// threeMethodPaths are the paths whose operations the loader accepts by
// three methods (Seam's own document gives them POST, PATCH and PUT).
var threeMethodPaths = []string{"/access_codes/update", "/noise_sensors/noise_thresholds/update"}

type checker struct {
	routes   map[string]bool
	problems []string
}

func (c *checker) addf(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) path(p string, item map[string]json.RawMessage, schemas map[string]map[string]any, actionTypes map[string]bool) {
	if _, ok := item["post"]; !ok {
		c.addf("%s: no POST operation", p)
	}
	if len(item) > 2 && !slices.Contains(threeMethodPaths, p) {
		c.addf("%s: %d methods; POST and at most one other", p, len(item))
	}
	for _, m := range sortedKeys(item) {
		var op map[string]any
		if err := json.Unmarshal(item[m], &op); err != nil {
			c.addf("%s %s: %v", m, p, err)
			continue
		}
		where := strings.ToUpper(m) + " " + p
		if s, _ := op["operationId"].(string); s == "" {
			c.addf("%s: no operationId", where)
		}
		for _, q := range asSlice(op["parameters"]) {
			q := asMap(q)
			name, _ := q["name"].(string)
			c.property(where+" parameter", name, asMap(q["schema"]))
		}
		body := asMap(asMap(asMap(asMap(op["requestBody"])["content"])["application/json"])["schema"])
		for _, name := range sortedKeys(asMap(body["properties"])) {
			c.property(where+" body", name, asMap(asMap(body["properties"])[name]))
		}
		key, present := op["x-response-key"]
		if !present {
			c.addf("%s: no x-response-key", where)
			continue
		}
		k, _ := key.(string)
		if k == "" {
			continue
		}
		ok200 := asMap(asMap(op["responses"])["200"])
		if _, ok := ok200["description"].(string); !ok {
			c.addf("%s: 200 response without a description", where)
		}
		props := asMap(asMap(asMap(asMap(ok200["content"])["application/json"])["schema"])["properties"])
		prop := asMap(props[k])
		ref, _ := prop["$ref"].(string)
		if ref == "" {
			ref, _ = asMap(prop["items"])["$ref"].(string)
		}
		resource := strings.TrimPrefix(ref, "#/components/schemas/")
		if ref == "" || schemas[resource] == nil {
			c.addf("%s: response key %q does not $ref a component schema", where, k)
			continue
		}
		if resource == actionAttemptResource && !strings.HasPrefix(p, "/action_attempts") {
			at, _ := op["x-action-attempt-type"].(string)
			if !actionTypes[at] {
				c.addf("%s: answers an action attempt without a known x-action-attempt-type (%q)", where, at)
			}
		}
	}
}

func (c *checker) component(name string, s map[string]any) {
	c.routePath("schema "+name, s)
	if variants, ok := s["oneOf"]; ok {
		for i, v := range asSlice(variants) {
			v := asMap(v)
			where := fmt.Sprintf("schema %s variant %d", name, i)
			c.routePath(where, v)
			c.properties(where, v)
		}
		return
	}
	c.properties("schema "+name, s)
}

func (c *checker) routePath(where string, s map[string]any) {
	rp, _ := s["x-route-path"].(string)
	if rp == "" {
		c.addf("%s: no x-route-path", where)
	} else if !c.routes[rp] {
		c.addf("%s: x-route-path %s is not a route of the document", where, rp)
	}
}

func (c *checker) properties(where string, s map[string]any) {
	props := asMap(s["properties"])
	for _, name := range sortedKeys(props) {
		c.property(where, name, asMap(props[name]))
	}
}

var snakeCase = regexp.MustCompile(`^_*[a-z][a-z0-9]*(?:_[a-z0-9]+)*$`)

// property checks one property or parameter and, for objects and arrays,
// what it contains.
func (c *checker) property(where, name string, s map[string]any) {
	if !snakeCase.MatchString(name) {
		c.addf("%s: name %q is not lower_snake_case", where, name)
	}
	if strings.HasPrefix(name, "ext_") {
		c.addf("%s: name %q starts with ext_", where, name)
	}
	where += "." + name
	if _, ok := s["$ref"]; ok {
		c.addf("%s: a $ref property; Seam's loader reads only inline types", where)
		return
	}
	_, typed := s["type"].(string)
	_, union := s["oneOf"]
	_, all := s["allOf"]
	if !typed && !union && !all {
		c.addf("%s: no type", where)
		return
	}
	for _, k := range []string{"oneOf", "allOf"} {
		for i, v := range asSlice(s[k]) {
			c.nested(fmt.Sprintf("%s.%s[%d]", where, k, i), asMap(v))
		}
	}
	switch s["type"] {
	case "object":
		c.properties(where, s)
	case "array":
		if items, ok := s["items"].(map[string]any); ok {
			c.nested(where+"[]", items)
		}
	}
}

// nested checks a schema that has no name of its own (array items, union
// members).
func (c *checker) nested(where string, s map[string]any) {
	if _, ok := s["$ref"]; ok {
		c.addf("%s: a $ref; Seam's loader reads only inline types", where)
		return
	}
	if s["type"] == "object" {
		c.properties(where, s)
	}
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
