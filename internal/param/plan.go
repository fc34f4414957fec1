package param

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults from RELIABILITY.md: every string and array is bounded even when
// the spec names no limit, so no parameter can carry a megabyte on its own.
const (
	defaultMaxString = 1000
	defaultMaxEmail  = 320
	defaultMaxItems  = 500
)

// kind is what a field holds once its pointer or Nullable wrapper is removed.
type kind uint8

const (
	kindString kind = iota + 1
	kindInt
	kindFloat
	kindBool
	kindTime
	kindStrings
	kindStruct
	kindMap
	kindRaw
)

// wrapper is how a field holds its value.
type wrapper uint8

const (
	wrapNone     wrapper = iota
	wrapPointer          // *T: nil when absent or null
	wrapNullable         // Nullable[T]: records absent, null and set apart
)

type format uint8

const (
	formatNone format = iota
	formatUUID
	formatEmail
	formatDatetime
	formatPhone
)

// plan is what the decoders need to know about one struct type, worked out
// once per type so that a request only walks slices.
type plan struct {
	fields []field
	byName map[string]int // wire name → index in fields
	// byFold maps each wire name's case-folded form to its index, to
	// refuse a key that differs from a parameter's name only in case.
	byFold map[string]int
	// foldPaths maps the case-folded dotted path of every parameter, at
	// any depth, to the path: the same check for query strings.
	foldPaths map[string]string
}

type field struct {
	index  int    // index of the Go struct field
	name   string // wire name within its object
	path   string // dotted name from the root: error key and query key
	prefix string // path + ".", for finding nested query keys
	goType reflect.Type
	elem   reflect.Type // the value type inside the wrapper
	kind   kind
	wrap   wrapper
	rules  rules
	sub    *plan // members of a nested struct
}

type rules struct {
	required bool
	str      stringRules // a string field, or each element of a []string
	minItems int
	maxItems int
	num      numberRules
}

type stringRules struct {
	min, max   int // length in characters
	format     format
	enum       []string
	enumPrefix string // the fixed start of the enum message
}

type numberRules struct {
	min, max       int64
	hasMin, hasMax bool
	positive       bool
}

var (
	timeType       = reflect.TypeFor[time.Time]()
	rawType        = reflect.TypeFor[json.RawMessage]()
	mapType        = reflect.TypeFor[map[string]any]()
	stringsType    = reflect.TypeFor[[]string]()
	nullableMarker = reflect.TypeFor[interface{ NullableParam() }]()
)

// plans caches *planEntry by struct type; a type's plan never changes.
var plans sync.Map

type planEntry struct {
	p   *plan
	err error
}

func planFor(t reflect.Type) (*plan, error) {
	if e, ok := plans.Load(t); ok {
		e := e.(*planEntry)
		return e.p, e.err
	}
	p, err := buildPlan(t, "", map[reflect.Type]bool{})
	e, _ := plans.LoadOrStore(t, &planEntry{p: p, err: err})
	return e.(*planEntry).p, e.(*planEntry).err
}

// buildPlan reads the fields of struct type t. Nested structs get their own
// plan with their dotted paths baked in, so a type nested under two parents
// is planned twice; visiting stops a type that contains itself.
func buildPlan(t reflect.Type, base string, visiting map[reflect.Type]bool) (*plan, error) {
	if visiting[t] {
		return nil, fmt.Errorf("param: %v contains itself, which is not supported", t)
	}
	visiting[t] = true
	defer delete(visiting, t)

	p := &plan{byName: map[string]int{}, byFold: map[string]int{}, foldPaths: map[string]string{}}
	for i := range t.NumField() {
		sf := t.Field(i)
		name := sf.Name
		tagged := false
		if tag, ok := sf.Tag.Lookup("json"); ok {
			if tag == "-" {
				continue
			}
			if n, _, _ := strings.Cut(tag, ","); n != "" {
				name, tagged = n, true
			}
		}
		// encoding/json would promote an embedded struct's fields; rather
		// than copy that rule, embedding is refused.
		if sf.Anonymous && !tagged {
			return nil, fmt.Errorf("param: %v.%s: embedded fields are not supported; name the field with a json tag", t, sf.Name)
		}
		if !sf.IsExported() {
			continue
		}
		if strings.Contains(name, ".") {
			return nil, fmt.Errorf("param: %v.%s: the name %q contains a dot, which query strings use for nesting", t, sf.Name, name)
		}
		if _, dup := p.byName[name]; dup {
			return nil, fmt.Errorf("param: %v: two fields are named %q", t, name)
		}
		path := name
		if base != "" {
			path = base + "." + name
		}
		f, err := buildField(sf, name, path, visiting)
		if err != nil {
			return nil, fmt.Errorf("param: %v.%s: %w", t, sf.Name, err)
		}
		p.byName[name] = len(p.fields)
		p.byFold[foldKey([]byte(name))] = len(p.fields)
		p.foldPaths[foldKey([]byte(path))] = path
		if f.sub != nil {
			maps.Copy(p.foldPaths, f.sub.foldPaths)
		}
		p.fields = append(p.fields, f)
	}
	return p, nil
}

func buildField(sf reflect.StructField, name, path string, visiting map[reflect.Type]bool) (field, error) {
	f := field{
		index:  sf.Index[0],
		name:   name,
		path:   path,
		prefix: path + ".",
		goType: sf.Type,
		elem:   sf.Type,
	}
	switch {
	case sf.Type.Kind() == reflect.Pointer:
		f.wrap, f.elem = wrapPointer, sf.Type.Elem()
	case sf.Type.Kind() == reflect.Struct && sf.Type.Implements(nullableMarker):
		f.wrap, f.elem = wrapNullable, sf.Type.Field(2).Type
	}
	if f.wrap != wrapNone && (f.elem.Kind() == reflect.Pointer || f.elem.Implements(nullableMarker)) {
		return f, fmt.Errorf("type %v: a pointer or Nullable cannot wrap another", sf.Type)
	}
	k, err := kindOf(f.elem)
	if err != nil {
		return f, err
	}
	if f.wrap == wrapPointer && k == kindStrings {
		return f, fmt.Errorf("type %v is not supported; use []string or Nullable[[]string]", sf.Type)
	}
	f.kind = k
	if f.rules, err = parseRules(sf.Tag.Get("v"), k); err != nil {
		return f, err
	}
	if k == kindStruct {
		if f.sub, err = buildPlan(f.elem, path, visiting); err != nil {
			return f, err
		}
	}
	return f, nil
}

func kindOf(t reflect.Type) (kind, error) {
	switch t {
	case timeType:
		return kindTime, nil
	case rawType:
		return kindRaw, nil
	case mapType:
		return kindMap, nil
	case stringsType:
		return kindStrings, nil
	}
	switch t.Kind() {
	case reflect.String:
		return kindString, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt, nil
	case reflect.Float64:
		return kindFloat, nil
	case reflect.Bool:
		return kindBool, nil
	case reflect.Struct:
		return kindStruct, nil
	}
	return 0, fmt.Errorf("type %v is not supported", t)
}

// parseRules reads a `v` tag and fills in the default limits, refusing rules
// that make no sense for the kind so a typo fails at the first request (and
// in tests) instead of silently checking nothing.
func parseRules(tag string, k kind) (rules, error) {
	var r rules
	var minSet, maxSet, nonempty bool
	var min, max int64
	var enum []string
	for item := range strings.SplitSeq(tag, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, arg, hasArg := strings.Cut(item, "=")
		fits := true
		switch key {
		case "required":
			r.required = true
		case "uuid", "email", "datetime", "phone":
			fits = k == kindString || k == kindStrings || (key == "datetime" && k == kindTime)
			if r.str.format != formatNone {
				return r, fmt.Errorf("rule %q: only one of uuid, email, datetime and phone may be given", item)
			}
			r.str.format = map[string]format{"uuid": formatUUID, "email": formatEmail, "datetime": formatDatetime, "phone": formatPhone}[key]
		case "nonempty":
			fits = k == kindString || k == kindStrings
			nonempty = true
		case "positive":
			fits = k == kindInt || k == kindFloat
			r.num.positive = true
		case "min", "max":
			fits = k == kindString || k == kindStrings || k == kindInt || k == kindFloat
			n, err := strconv.ParseInt(arg, 10, 64)
			if err != nil || !hasArg {
				return r, fmt.Errorf("rule %q: want %s=<integer>", item, key)
			}
			if key == "min" {
				minSet, min = true, n
			} else {
				maxSet, max = true, n
			}
		case "enum":
			fits = k == kindString || k == kindStrings
			enum = strings.Split(arg, "|")
			if !hasArg || slices.Contains(enum, "") {
				return r, fmt.Errorf("rule %q: want enum=a|b|c with no empty value", item)
			}
		default:
			return r, fmt.Errorf("unknown rule %q", item)
		}
		if (key == "min" || key == "max" || key == "enum") != hasArg {
			return r, fmt.Errorf("rule %q: wrong use of '='", item)
		}
		if !fits {
			return r, fmt.Errorf("rule %q does not apply to this field's type", item)
		}
	}
	if minSet && maxSet && min > max {
		return r, fmt.Errorf("min=%d is above max=%d", min, max)
	}

	switch k {
	case kindInt, kindFloat:
		r.num = numberRules{min: min, max: max, hasMin: minSet, hasMax: maxSet, positive: r.num.positive}
		return r, nil
	case kindString, kindStrings:
	default:
		return r, nil
	}

	// Lengths and counts: the tag's min and max apply to the string, or to
	// the number of elements; elements keep the default string cap.
	if minSet && (min < 0 || min > math.MaxInt32) || maxSet && (max < 0 || max > math.MaxInt32) {
		return r, fmt.Errorf("min and max must be between 0 and %d", math.MaxInt32)
	}
	lower := int(min)
	if nonempty && lower < 1 {
		lower = 1
	}
	stringCap := defaultMaxString
	if r.str.format == formatEmail {
		stringCap = defaultMaxEmail
	}
	r.str.enum = enum
	if enum != nil {
		r.str.enumPrefix = "Invalid enum value. Expected '" + strings.Join(enum, "' | '") + "', received '"
	}
	if k == kindString {
		r.str.min, r.str.max = lower, stringCap
		if maxSet {
			r.str.max = int(max)
		}
		return r, nil
	}
	r.str.max = stringCap
	r.minItems, r.maxItems = lower, defaultMaxItems
	if maxSet {
		r.maxItems = int(max)
	}
	return r, nil
}

// FieldInfo describes one parameter exactly as the decoders treat it, so
// that the OpenAPI and CLI generators cannot drift from what the server
// accepts.
type FieldInfo struct {
	// Name is the parameter's name on the wire (the json tag).
	Name string
	// Path is the dotted name from the top-level struct, as used for query
	// keys and error Fields ("access_schedule.starts_at").
	Path string
	// GoType is the Go type of the struct field, wrapper included
	// (*string, param.Nullable[time.Time]).
	GoType reflect.Type
	// Kind is the JSON type: "string", "integer", "number", "boolean",
	// "array", "object", or "any" for a json.RawMessage.
	Kind string
	// Format is "uuid", "email", "date-time" (time.Time fields and the
	// datetime rule) or "".
	Format string
	// Required is true when the parameter must be given.
	Required bool
	// Nullable is true when null is accepted as a value of its own: the field
	// is a pointer (null → nil) or a Nullable (null → Null).
	Nullable bool
	// Min and Max bound the length of a string in characters, the number of
	// elements of an array, or the value of a number; nil means unbounded.
	// Strings and arrays always have a Max (the defaults included).
	Min, Max *int64
	// Positive is true when a number must be greater than 0.
	Positive bool
	// Enum lists the allowed values of a string.
	Enum []string
	// Items describes each element of an array.
	Items *FieldInfo
	// Fields describes the members of an object decoded into a struct; it is
	// nil for a free-form object (map[string]any).
	Fields []FieldInfo
}

// Fields describes the parameters of the params struct type t (or a pointer
// to it), in field order. A type the decoders cannot use is a programming
// error that a generator should surface at once, so Fields panics on one.
func Fields(t reflect.Type) []FieldInfo {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("param.Fields: %v is not a struct type", t))
	}
	p, err := planFor(t)
	if err != nil {
		panic(err.Error())
	}
	return p.infos()
}

func (p *plan) infos() []FieldInfo {
	out := make([]FieldInfo, len(p.fields))
	for i := range p.fields {
		out[i] = p.fields[i].info()
	}
	return out
}

func (f *field) info() FieldInfo {
	fi := FieldInfo{
		Name:     f.name,
		Path:     f.path,
		GoType:   f.goType,
		Required: f.rules.required,
		Nullable: f.wrap != wrapNone,
	}
	switch f.kind {
	case kindString:
		fi.Kind = "string"
		f.rules.str.describe(&fi)
	case kindTime:
		fi.Kind, fi.Format = "string", "date-time"
	case kindInt, kindFloat:
		fi.Kind = "integer"
		if f.kind == kindFloat {
			fi.Kind = "number"
		}
		n := f.rules.num
		if n.hasMin {
			fi.Min = &n.min
		}
		if n.hasMax {
			fi.Max = &n.max
		}
		fi.Positive = n.positive
	case kindBool:
		fi.Kind = "boolean"
	case kindStrings:
		fi.Kind = "array"
		fi.Min, fi.Max = lowerBound(f.rules.minItems), upperBound(f.rules.maxItems)
		item := FieldInfo{Kind: "string", GoType: f.elem.Elem()}
		f.rules.str.describe(&item)
		fi.Items = &item
	case kindStruct:
		fi.Kind = "object"
		fi.Fields = f.sub.infos()
	case kindMap:
		fi.Kind = "object"
	case kindRaw:
		fi.Kind = "any"
	}
	return fi
}

func (s stringRules) describe(fi *FieldInfo) {
	fi.Format = [...]string{formatNone: "", formatUUID: "uuid", formatEmail: "email", formatDatetime: "date-time", formatPhone: ""}[s.format]
	fi.Min, fi.Max = lowerBound(s.min), upperBound(s.max)
	if s.enum != nil {
		fi.Enum = append([]string(nil), s.enum...)
	}
}

// lowerBound turns a length minimum into FieldInfo's form: a minimum of 0
// is no bound at all.
func lowerBound(n int) *int64 {
	if n == 0 {
		return nil
	}
	return upperBound(n)
}

func upperBound(n int) *int64 {
	v := int64(n)
	return &v
}
