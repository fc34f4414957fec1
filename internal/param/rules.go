package param

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lintel-dev/lintel"
)

// Messages, worded as zod words them where zod has a word for it.
const (
	msgRequired     = "Required"
	msgInvalidUUID  = "Invalid uuid"
	msgInvalidEmail = "Invalid email"
	msgInvalidTime  = "Invalid datetime"
	// MsgInvalidPhone is also what services say of a phone number they
	// check themselves.
	MsgInvalidPhone = "Must be a phone number in E.164 format, e.g. +15555550100"
	msgPositive     = "Number must be greater than 0"
	msgNotFinite    = "Number must be finite"
	msgNotInteger   = "Expected integer, received float"
	msgSingleValue  = "Expected a single value"
	// A string the database cannot store is refused here rather than
	// turning into a 500 further down.
	msgNotUTF8 = "String must be valid UTF-8"
	msgNUL     = "String must not contain NUL characters"
)

func msgType(want, got string) string { return "Expected " + want + ", received " + got }

func msgMaxLength(n int) string {
	return "String must contain at most " + strconv.Itoa(n) + " character(s)"
}

func msgMinLength(n int) string {
	return "String must contain at least " + strconv.Itoa(n) + " character(s)"
}

func msgMaxItems(n int) string {
	return "Array must contain at most " + strconv.Itoa(n) + " element(s)"
}

func msgMinItems(n int) string {
	return "Array must contain at least " + strconv.Itoa(n) + " element(s)"
}

func msgMinNumber(n int64) string {
	return "Number must be greater than or equal to " + strconv.FormatInt(n, 10)
}

func msgMaxNumber(n int64) string {
	return "Number must be less than or equal to " + strconv.FormatInt(n, 10)
}

// presence is what a field holds as far as its rules are concerned.
type presence uint8

const (
	absent  presence = iota
	null             // given as null: nothing more to check
	present          // holds a value to check
	unknown          // a zero number or bool in a built struct: maybe absent, maybe 0
)

// source says where a struct's values came from.
type source uint8

const (
	decoded source = iota // a decoder filled it and knows which keys it saw
	built                 // the caller filled it; absence is inferred from zero values
)

func validateStruct(errs *lintel.InvalidInput, p *plan, v reflect.Value) {
	for i := range p.fields {
		f := &p.fields[i]
		checkField(errs, f, v.Field(f.index), built, true)
	}
}

// checkField applies f's rules to fv, the struct field. seen only matters
// for decoded structs: whether the request carried a non-null value.
// Decoders call it for every field they did not already find malformed.
func checkField(errs *lintel.InvalidInput, f *field, fv reflect.Value, src source, seen bool) {
	v, state := presenceOf(f, fv, src, seen)
	switch state {
	case absent:
		if f.rules.required {
			errs.Add(f.path, msgRequired)
		}
		return
	case null, unknown:
		return
	}
	switch f.kind {
	case kindString:
		if checkString(errs, f.path, -1, v.String(), &f.rules.str) && src == decoded {
			v.SetString(canonical(v.String(), &f.rules.str))
		}
	case kindInt:
		checkInt(errs, f.path, v.Int(), &f.rules.num)
	case kindFloat:
		checkFloat(errs, f.path, v.Float(), &f.rules.num)
	case kindStrings:
		checkStrings(errs, f, v, src)
	case kindStruct:
		// A decoder has already checked the members as it read them.
		if src == built {
			validateStruct(errs, f.sub, v)
		}
	}
}

func presenceOf(f *field, fv reflect.Value, src source, seen bool) (reflect.Value, presence) {
	switch f.wrap {
	case wrapPointer:
		if fv.IsNil() {
			return fv, absent
		}
		return fv.Elem(), present
	case wrapNullable:
		if !fv.Field(0).Bool() {
			return fv, absent
		}
		if fv.Field(1).Bool() {
			return fv, null
		}
		return fv.Field(2), present
	}
	if src == decoded && !seen {
		return fv, absent
	}
	switch f.kind {
	case kindString:
		// A decoder saw "" and checks it (so "" is an invalid uuid), unless
		// the field is required: then "" is as good as missing, as it is
		// for Validate.
		if fv.Len() == 0 && (src == built || f.rules.required) {
			return fv, absent
		}
	case kindRaw:
		if fv.Len() == 0 {
			return fv, absent
		}
	case kindStrings, kindMap:
		if fv.IsNil() {
			return fv, absent
		}
	case kindTime:
		if isZeroTime(fv) {
			return fv, absent
		}
	case kindInt, kindFloat, kindBool:
		if src == built && fv.IsZero() {
			return fv, unknown
		}
	}
	return fv, present
}

func isZeroTime(v reflect.Value) bool {
	if v.CanAddr() {
		return v.Addr().Interface().(*time.Time).IsZero()
	}
	return v.Interface().(time.Time).IsZero()
}

// checkString applies string rules to s, the value of path or, when
// index >= 0, its element at index, and reports whether s passed. An
// over-long string gets the length message alone, so a huge value is
// neither parsed nor echoed back in an enum message.
func checkString(errs *lintel.InvalidInput, path string, index int, s string, r *stringRules) (ok bool) {
	ok = true
	add := func(msg string) {
		key := path
		if index >= 0 {
			key = path + "." + strconv.Itoa(index)
		}
		errs.Add(key, msg)
		ok = false
	}
	if !utf8.ValidString(s) {
		add(msgNotUTF8)
		return
	}
	if strings.IndexByte(s, 0) >= 0 {
		add(msgNUL)
		return
	}
	// A string's byte length bounds its character count from above, so
	// counting is only needed near the limits.
	n := len(s)
	if n > r.max || n < r.min {
		n = utf8.RuneCountInString(s)
	}
	if n > r.max {
		add(msgMaxLength(r.max))
		return
	}
	if n < r.min {
		add(msgMinLength(r.min))
	}
	switch r.format {
	case formatUUID:
		if !isUUID(s) {
			add(msgInvalidUUID)
		}
	case formatEmail:
		if !isEmail(s) {
			add(msgInvalidEmail)
		}
	case formatDatetime:
		if _, ok := parseDatetime(s); !ok {
			add(msgInvalidTime)
		}
	case formatPhone:
		if _, ok := NormalizePhone(s); !ok {
			add(MsgInvalidPhone)
		}
	}
	if r.enum != nil && !slices.Contains(r.enum, s) {
		add(r.enumPrefix + s + "'")
	}
	return ok
}

// canonical is the one spelling of a value that passed its rules: a UUID in
// lower case (the form lintel issues and stores, so "0193…-ABCD" finds the
// object "0193…-abcd" rather than missing it), a phone number in E.164.
func canonical(s string, r *stringRules) string {
	switch r.format {
	case formatUUID:
		return strings.ToLower(s)
	case formatPhone:
		n, _ := NormalizePhone(s)
		return n
	}
	return s
}

// NormalizePhone checks that s is an E.164 number once the usual
// separators are removed ("+1 (555) 555-0100" → "+15555550100") and
// returns that form.
func NormalizePhone(s string) (string, bool) {
	n := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '(', ')', '.':
			return -1
		}
		return r
	}, s)
	if len(n) < 8 || len(n) > 16 || n[0] != '+' || n[1] == '0' {
		return "", false
	}
	for _, c := range n[1:] {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	return n, true
}

// checkStrings checks a []string's length, then each element; the elements
// of an array already too long are not looked at, which bounds the number of
// messages. A decoded value is rewritten in its canonical spelling; a struct the
// caller built is left as it is.
func checkStrings(errs *lintel.InvalidInput, f *field, v reflect.Value, src source) {
	n := v.Len()
	if n > f.rules.maxItems {
		errs.Add(f.path, msgMaxItems(f.rules.maxItems))
		return
	}
	if n < f.rules.minItems {
		errs.Add(f.path, msgMinItems(f.rules.minItems))
	}
	for i := range n {
		if e := v.Index(i); checkString(errs, f.path, i, e.String(), &f.rules.str) && src == decoded {
			e.SetString(canonical(e.String(), &f.rules.str))
		}
	}
}

func checkInt(errs *lintel.InvalidInput, path string, n int64, r *numberRules) {
	if r.positive && n <= 0 {
		errs.Add(path, msgPositive)
	}
	if r.hasMin && n < r.min {
		errs.Add(path, msgMinNumber(r.min))
	}
	if r.hasMax && n > r.max {
		errs.Add(path, msgMaxNumber(r.max))
	}
}

func checkFloat(errs *lintel.InvalidInput, path string, x float64, r *numberRules) {
	if r.positive && !(x > 0) {
		errs.Add(path, msgPositive)
	}
	if r.hasMin && x < float64(r.min) {
		errs.Add(path, msgMinNumber(r.min))
	}
	if r.hasMax && x > float64(r.max) {
		errs.Add(path, msgMaxNumber(r.max))
	}
}

// isUUID accepts the 36-character hyphenated form with any version bits,
// like zod; the braced, URN and unhyphenated forms other parsers take are
// refused so that one id has one spelling.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

// isEmail follows zod's email pattern: a local part of letters, digits and
// _'+-. not starting or ending with a dot, no ".." anywhere, and a domain of
// at least two labels whose last is two or more letters.
func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || strings.Contains(s, "..") {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' {
		return false
	}
	for i := range len(local) {
		c := local[i]
		if !isAlnum(c) && !strings.ContainsRune("_'+-.", rune(c)) {
			return false
		}
	}
	if last := local[len(local)-1]; last == '.' || last == '\'' {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for i, label := range labels {
		if label == "" {
			return false
		}
		if i == len(labels)-1 {
			if len(label) < 2 {
				return false
			}
			for j := range len(label) {
				if !isLetter(label[j]) {
					return false
				}
			}
			continue
		}
		if !isAlnum(label[0]) {
			return false
		}
		for j := range len(label) {
			if !isAlnum(label[j]) && label[j] != '-' {
				return false
			}
		}
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isAlnum(c byte) bool { return isLetter(c) || isDigit(c) }

// parseDatetime accepts YYYY-MM-DDTHH:MM:SS, then up to nine fractional
// digits, then "Z" or ±HH:MM, the shapes JavaScript's toISOString and RFC
// 3339 produce; time.Parse then checks the ranges (no February 30th). The
// result is in UTC, which is what lintel stores and returns.
func parseDatetime(s string) (time.Time, bool) {
	const shape = "dddd-dd-ddTdd:dd:dd"
	if len(s) < len(shape)+1 {
		return time.Time{}, false
	}
	for i := range len(shape) {
		if shape[i] == 'd' && !isDigit(s[i]) || shape[i] != 'd' && s[i] != shape[i] {
			return time.Time{}, false
		}
	}
	rest := s[len(shape):]
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && isDigit(rest[n]) {
			n++
		}
		if n == 1 || n > 10 {
			return time.Time{}, false
		}
		rest = rest[n:]
	}
	switch {
	case rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
		isDigit(rest[1]) && isDigit(rest[2]) && isDigit(rest[4]) && isDigit(rest[5]):
		if rest[1:3] > "23" || rest[4:6] > "59" {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
