package param

import (
	"math"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
)

// queryDecoder fills structs from a query string. Every value arrives as a
// string and is read as the field's type says, the way Seam's server coerces
// query parameters by the operation's schema.
type queryDecoder struct {
	q    url.Values
	errs lintel.InvalidInput
}

// caseVariants refuses query keys that differ from a parameter's dotted
// path only in case (ACS_USER_ID=…), as the JSON decoder refuses such keys.
func (d *queryDecoder) caseVariants(p *plan) {
	for k := range d.q {
		if path, ok := p.foldPaths[foldKey([]byte(k))]; ok && path != k {
			d.errs.Add(k, msgCaseKeyPrefix+path+"'")
		}
	}
}

func (d *queryDecoder) object(p *plan, v reflect.Value) {
	for i := range p.fields {
		f := &p.fields[i]
		fv := v.Field(f.index)
		switch f.kind {
		case kindStruct:
			d.structField(f, fv)
		case kindMap:
			d.mapField(f, fv)
		case kindRaw:
			// Free-form values only come in JSON bodies.
			checkField(&d.errs, f, fv, decoded, false)
		case kindStrings:
			d.stringsField(f, fv)
		default:
			d.scalarField(f, fv)
		}
	}
}

// structField reads a nested object, which the SDK flattens to dotted keys
// (access_schedule.starts_at=…); "access_schedule=" alone means null.
func (d *queryDecoder) structField(f *field, fv reflect.Value) {
	vals, self := d.q[f.path]
	members := false
	for k := range d.q {
		if strings.HasPrefix(k, f.prefix) {
			members = true
			break
		}
	}
	switch {
	case self && slices.ContainsFunc(vals, func(s string) bool { return s != "" }):
		d.errs.Add(f.path, msgType("object", "string"))
		return
	case self && (len(vals) > 1 || members):
		d.errs.Add(f.path, msgSingleValue)
		return
	case self && f.wrap == wrapNullable:
		fv.Field(0).SetBool(true)
		fv.Field(1).SetBool(true)
		return
	case (self || !members) && f.wrap == wrapNone && !f.rules.required:
		// As in JSON, a plain struct's members are checked even when
		// the object is absent or null.
		d.object(f.sub, fv)
		return
	case self || !members:
		checkField(&d.errs, f, fv, decoded, false)
		return
	}
	switch f.wrap {
	case wrapPointer:
		ptr := reflect.New(f.elem)
		d.object(f.sub, ptr.Elem())
		fv.Set(ptr)
	case wrapNullable:
		fv.Field(0).SetBool(true)
		d.object(f.sub, fv.Field(2))
	default:
		d.object(f.sub, fv)
	}
	checkField(&d.errs, f, fv, decoded, true)
}

// mapField reads a free-form object of scalars, which the SDK flattens to
// dotted keys (custom_metadata_has.site=berlin). A query holds no types:
// each value is a string, and "key=" is null.
func (d *queryDecoder) mapField(f *field, fv reflect.Value) {
	m := map[string]any{}
	for k, vals := range d.q {
		name, ok := strings.CutPrefix(k, f.prefix)
		switch {
		case !ok:
			continue
		case name == "" || strings.Contains(name, "."):
			d.errs.Add(f.path, msgType("object of scalars", "nested key "+k))
			continue
		case len(vals) != 1:
			d.errs.Add(k, msgSingleValue)
			continue
		}
		if vals[0] == "" {
			m[name] = nil
		} else {
			m[name] = vals[0]
		}
	}
	if len(m) == 0 {
		checkField(&d.errs, f, fv, decoded, false)
		return
	}
	*fv.Addr().Interface().(*map[string]any) = m
	checkField(&d.errs, f, fv, decoded, true)
}

// stringsField reads an array: the key once per element, or "key=" alone
// for an empty array.
func (d *queryDecoder) stringsField(f *field, fv reflect.Value) {
	vals, ok := d.q[f.path]
	if !ok || len(vals) == 0 {
		checkField(&d.errs, f, fv, decoded, false)
		return
	}
	list := []string{}
	if len(vals) > 1 || vals[0] != "" {
		// A copy, so the struct does not share memory with the caller's
		// url.Values.
		list = slices.Clone(vals)
	}
	target := fv
	if f.wrap == wrapNullable {
		fv.Field(0).SetBool(true)
		target = fv.Field(2)
	}
	*target.Addr().Interface().(*[]string) = list
	checkField(&d.errs, f, fv, decoded, true)
}

func (d *queryDecoder) scalarField(f *field, fv reflect.Value) {
	vals, ok := d.q[f.path]
	if !ok || len(vals) == 0 {
		checkField(&d.errs, f, fv, decoded, false)
		return
	}
	if len(vals) > 1 {
		d.errs.Add(f.path, msgSingleValue)
		return
	}
	s := vals[0]
	if s == "" {
		// "key=" is how the SDK sends null.
		if f.wrap == wrapNullable {
			fv.Field(0).SetBool(true)
			fv.Field(1).SetBool(true)
		}
		checkField(&d.errs, f, fv, decoded, false)
		return
	}
	target := fv
	var ptr reflect.Value
	switch f.wrap {
	case wrapPointer:
		ptr = reflect.New(f.elem)
		target = ptr.Elem()
	case wrapNullable:
		target = fv.Field(2)
	}
	if msg := setScalar(f.kind, s, target); msg != "" {
		d.errs.Add(f.path, msg)
		return
	}
	switch f.wrap {
	case wrapPointer:
		fv.Set(ptr)
	case wrapNullable:
		fv.Field(0).SetBool(true)
	}
	checkField(&d.errs, f, fv, decoded, true)
}

// setScalar converts a non-empty query value to the field's kind and stores
// it, or returns why it cannot.
func setScalar(k kind, s string, target reflect.Value) string {
	switch k {
	case kindString:
		target.SetString(s)
	case kindInt:
		n, msg := parseQueryInt(s)
		if msg == "" && target.OverflowInt(n) {
			msg = msgIntRange(n, target.Type().Bits())
		}
		if msg != "" {
			return msg
		}
		target.SetInt(n)
	case kindFloat:
		if !isNumber(s) {
			return msgType("number", "string")
		}
		x, _ := strconv.ParseFloat(s, 64)
		if math.IsInf(x, 0) {
			return msgNotFinite
		}
		target.SetFloat(x)
	case kindBool:
		switch s {
		case "true":
			target.SetBool(true)
		case "false":
			target.SetBool(false)
		default:
			return msgType("boolean", "string")
		}
	case kindTime:
		t, ok := parseDatetime(s)
		if !ok {
			return msgInvalidTime
		}
		*target.Addr().Interface().(*time.Time) = t
	}
	return ""
}

// parseQueryInt reads a base-10 integer: an optional minus sign and digits,
// nothing else, so "+1", " 1", "1e3" and "0x10" are refused.
func parseQueryInt(s string) (int64, string) {
	digits := strings.TrimPrefix(s, "-")
	plain := digits != ""
	for i := range len(digits) {
		if !isDigit(digits[i]) {
			plain = false
			break
		}
	}
	if !plain {
		if isNumber(s) {
			return 0, msgNotInteger
		}
		return 0, msgType("number", "string")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, msgIntRange(boolSign(strings.HasPrefix(s, "-")), 64)
	}
	return n, ""
}
