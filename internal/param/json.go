package param

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/lintel-dev/lintel"
)

// jsonDecoder fills structs from a body checkBody has accepted.
type jsonDecoder struct {
	errs lintel.InvalidInput
}

// object decodes the members of obj (nil when the object is absent) into v
// following p. Keys match field names exactly; unknown keys are ignored.
func (d *jsonDecoder) object(p *plan, obj []byte, v reflect.Value) {
	// Values by field index; nil means the key was not there. Small
	// structs, the usual case, need no allocation.
	var buf [16][]byte
	var vals [][]byte
	if len(p.fields) <= len(buf) {
		vals = buf[:len(p.fields)]
	} else {
		vals = make([][]byte, len(p.fields))
	}
	if obj != nil {
		m := newMembers(obj)
		for {
			key, val, ok := m.next()
			if !ok {
				break
			}
			name := key[1 : len(key)-1]
			if bytes.IndexByte(name, '\\') >= 0 {
				name = []byte(unquote(key))
			}
			if i, found := p.byName[string(name)]; found {
				vals[i] = val
			} else if i, found := p.byFold[foldKey(name)]; found {
				// A lone key that differs from a parameter only in case:
				// another reader might take it for the parameter, so it
				// is refused like the duplicate spelling is.
				f := &p.fields[i]
				d.errs.Add(f.path[:len(f.path)-len(f.name)]+string(name), msgCaseKeyPrefix+f.name+"'")
			}
		}
	}
	for i := range p.fields {
		f := &p.fields[i]
		d.field(f, vals[i], v.Field(f.index))
	}
}

func (d *jsonDecoder) field(f *field, raw []byte, fv reflect.Value) {
	if raw == nil || raw[0] == 'n' {
		switch {
		case raw != nil && f.wrap == wrapNullable:
			fv.Field(0).SetBool(true)
			fv.Field(1).SetBool(true)
		case f.kind == kindStruct && f.wrap == wrapNone && !f.rules.required:
			// A plain struct is always there, so its members' rules
			// apply even when the object is left out.
			d.object(f.sub, nil, fv)
			return
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
	if !d.value(f, raw, target) {
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

// value decodes raw, a non-null JSON value, into target. It returns false
// after recording why raw does not fit the field.
func (d *jsonDecoder) value(f *field, raw []byte, target reflect.Value) bool {
	got := jsonType(raw[0])
	switch f.kind {
	case kindString:
		if got != "string" {
			break
		}
		target.SetString(unquote(raw))
		return true
	case kindInt:
		if got != "number" {
			break
		}
		n, msg := parseIntLiteral(raw)
		if msg == "" && target.OverflowInt(n) {
			msg = msgIntRange(n, target.Type().Bits())
		}
		if msg != "" {
			d.errs.Add(f.path, msg)
			return false
		}
		target.SetInt(n)
		return true
	case kindFloat:
		if got != "number" {
			break
		}
		// The literal is valid JSON, so the only failure left is
		// overflow to ±Inf; underflow quietly gives 0.
		x, err := strconv.ParseFloat(string(raw), 64)
		if err != nil || math.IsInf(x, 0) {
			d.errs.Add(f.path, msgNotFinite)
			return false
		}
		target.SetFloat(x)
		return true
	case kindBool:
		if got != "boolean" {
			break
		}
		target.SetBool(raw[0] == 't')
		return true
	case kindTime:
		if got != "string" {
			break
		}
		t, ok := parseDatetime(unquote(raw))
		if !ok {
			d.errs.Add(f.path, msgInvalidTime)
			return false
		}
		*target.Addr().Interface().(*time.Time) = t
		return true
	case kindStrings:
		if got != "array" {
			break
		}
		return d.strings(f, raw, target)
	case kindStruct:
		if got != "object" {
			break
		}
		d.object(f.sub, raw, target)
		return true
	case kindMap:
		if got != "object" {
			break
		}
		// Numbers stay json.Number: a free-form value is stored and
		// returned as given, and 1e400 is no reason to refuse it.
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			d.errs.Add(f.path, msgType("object", got))
			return false
		}
		*target.Addr().Interface().(*map[string]any) = m
		return true
	case kindRaw:
		*target.Addr().Interface().(*json.RawMessage) = bytes.Clone(raw)
		return true
	}
	d.errs.Add(f.path, msgType(expected(f.kind), got))
	return false
}

// expected names what a field of kind k takes, in zod's words.
func expected(k kind) string {
	switch k {
	case kindInt, kindFloat:
		return "number"
	case kindBool:
		return "boolean"
	case kindStrings:
		return "array"
	case kindStruct, kindMap:
		return "object"
	}
	return "string"
}

func (d *jsonDecoder) strings(f *field, raw []byte, target reflect.Value) bool {
	// Count first: an array over its cap is refused without decoding
	// (or reporting on) thousands of elements.
	n := 0
	for e := newElements(raw); ; n++ {
		if _, ok := e.next(); !ok {
			break
		}
	}
	if n > f.rules.maxItems {
		d.errs.Add(f.path, msgMaxItems(f.rules.maxItems))
		return false
	}
	list := make([]string, 0, n)
	ok := true
	e := newElements(raw)
	for i := 0; ; i++ {
		el, more := e.next()
		if !more {
			break
		}
		if el[0] != '"' {
			d.errs.Add(f.path+"."+strconv.Itoa(i), msgType("string", jsonType(el[0])))
			ok = false
			continue
		}
		list = append(list, unquote(el))
	}
	if ok {
		*target.Addr().Interface().(*[]string) = list
	}
	return ok
}

// parseIntLiteral reads a JSON number literal as an int64, exactly: 1e3 and
// 2.0 are integers, 1.5 is not, and 1e400 or 2^63 are out of range rather
// than rounded. On failure it returns the message for the caller to report.
func parseIntLiteral(lit []byte) (int64, string) {
	neg := len(lit) > 0 && lit[0] == '-'
	if neg {
		lit = lit[1:]
	}
	i := 0
	for i < len(lit) && isDigit(lit[i]) {
		i++
	}
	intPart, frac := lit[:i], []byte(nil)
	if i < len(lit) && lit[i] == '.' {
		j := i + 1
		for j < len(lit) && isDigit(lit[j]) {
			j++
		}
		frac, i = lit[i+1:j], j
	}
	// The exponent saturates: anything past a million digits is already
	// far outside int64 either way.
	exp := 0
	if i < len(lit) && (lit[i] == 'e' || lit[i] == 'E') {
		i++
		expNeg := i < len(lit) && lit[i] == '-'
		if i < len(lit) && (lit[i] == '-' || lit[i] == '+') {
			i++
		}
		for ; i < len(lit) && isDigit(lit[i]); i++ {
			if exp < 1_000_000 {
				exp = exp*10 + int(lit[i]-'0')
			}
		}
		if expNeg {
			exp = -exp
		}
	}

	// The value is digits × 10^scale, with digits free of leading and
	// trailing zeros.
	digits := make([]byte, 0, 24)
	digits = append(append(digits, intPart...), frac...)
	for len(digits) > 0 && digits[0] == '0' {
		digits = digits[1:]
	}
	if len(digits) == 0 {
		return 0, ""
	}
	scale := exp - len(frac)
	for digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		scale++
	}
	if scale < 0 {
		return 0, msgNotInteger
	}
	if len(digits)+scale > 19 {
		return 0, msgIntRange(boolSign(neg), 64)
	}
	s := make([]byte, 0, 20)
	if neg {
		s = append(s, '-')
	}
	s = append(s, digits...)
	for range scale {
		s = append(s, '0')
	}
	n, err := strconv.ParseInt(string(s), 10, 64)
	if err != nil {
		return 0, msgIntRange(boolSign(neg), 64)
	}
	return n, ""
}

func boolSign(neg bool) int64 {
	if neg {
		return -1
	}
	return 1
}

// msgIntRange is the message for an integer that does not fit in bits bits,
// on the side of n's sign.
func msgIntRange(n int64, bits int) string {
	if n < 0 {
		return msgMinNumber(-1 << (bits - 1))
	}
	return msgMaxNumber(1<<(bits-1) - 1)
}
