package param

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/lintel-dev/lintel"
)

// maxDepth bounds nesting of objects and arrays. Real parameters nest two or
// three levels; the bound keeps recursion (here and in encoding/json for
// free-form fields) small whatever the body.
const maxDepth = 64

// maxKeyErrors stops the scan of a body made of thousands of repeated keys
// from producing an error response as large as the body.
const maxKeyErrors = 20

// Messages for bodies that are not a JSON object; they go under the
// form-level key "".
const (
	msgBOM           = "Invalid JSON: byte order mark is not allowed"
	msgNotUTF8Body   = "Invalid JSON: body is not valid UTF-8"
	msgEOF           = "Invalid JSON: unexpected end of input"
	msgTooDeep       = "Invalid JSON: nesting deeper than 64 levels"
	msgTrailing      = "Invalid JSON: unexpected data after the object"
	msgDuplicateKey  = "Duplicate key"
	msgCaseKeyPrefix = "Key differs only in case from '"
	msgSurrogate     = "Invalid JSON: lone surrogate in a \\u escape"
)

// checkBody verifies the whole body before anything is decoded: JSON syntax,
// a single top-level object, nesting depth, and keys repeated within one
// object, exactly or up to case. encoding/json would take the last of two
// duplicate keys and match fields case-insensitively; another parser in
// front of lintel could pick the other value, so such bodies are refused.
// It returns the offset of the object, or -1 for a body that is only
// whitespace.
func checkBody(body []byte) (int, error) {
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		return -1, formError(msgBOM)
	}
	if !utf8.Valid(body) {
		return -1, formError(msgNotUTF8Body)
	}
	c := checker{data: body}
	c.ws()
	start := c.pos
	if start == len(body) {
		return -1, nil
	}
	if !c.value() {
		if c.syntax != "" {
			return -1, formError(c.syntax)
		}
		return -1, c.keys.Err()
	}
	if body[start] != '{' {
		return -1, formError("Expected object, received " + jsonType(body[start]))
	}
	c.ws()
	if c.pos < len(body) {
		return -1, formError(msgTrailing)
	}
	if !c.keys.Empty() {
		return -1, c.keys.Err()
	}
	return start, nil
}

func formError(msg string) error {
	var errs lintel.InvalidInput
	errs.Add("", msg)
	return errs.Err()
}

// jsonType names the JSON type of the value starting with b, in zod's words.
func jsonType(b byte) string {
	switch b {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// checker is a strict JSON validator over one body.
type checker struct {
	data   []byte
	pos    int
	depth  int
	syntax string // the first syntax error; it ends the scan
	keys   lintel.InvalidInput
	nkeys  int
	// path[d] is the key or index being read in the container at depth d,
	// so a repeated key can be reported under its full dotted name.
	path [maxDepth + 1]pathSegment
}

type pathSegment struct {
	key     []byte
	index   int
	isIndex bool
}

func (c *checker) ws() {
	for c.pos < len(c.data) {
		switch c.data[c.pos] {
		case ' ', '\t', '\n', '\r':
			c.pos++
		default:
			return
		}
	}
}

func (c *checker) eof() bool {
	c.syntax = msgEOF
	return false
}

func (c *checker) unexpected() bool {
	if c.pos >= len(c.data) {
		return c.eof()
	}
	r, _ := utf8.DecodeRune(c.data[c.pos:])
	c.syntax = "Invalid JSON: unexpected character " + strconv.QuoteRune(r) + " at offset " + strconv.Itoa(c.pos)
	return false
}

// value reads one JSON value; false means the scan must stop.
func (c *checker) value() bool {
	if c.pos >= len(c.data) {
		return c.eof()
	}
	switch b := c.data[c.pos]; {
	case b == '{':
		return c.object()
	case b == '[':
		return c.array()
	case b == '"':
		_, ok := c.str()
		return ok
	case b == 't':
		return c.literal("true")
	case b == 'f':
		return c.literal("false")
	case b == 'n':
		return c.literal("null")
	case b == '-' || isDigit(b):
		return c.number()
	}
	return c.unexpected()
}

func (c *checker) enter() bool {
	c.pos++
	c.depth++
	if c.depth > maxDepth {
		c.syntax = msgTooDeep
		return false
	}
	c.ws()
	return true
}

func (c *checker) object() bool {
	if !c.enter() {
		return false
	}
	if c.pos < len(c.data) && c.data[c.pos] == '}' {
		c.pos++
		c.depth--
		return true
	}
	// Keys seen so far: a short list for the usual few keys, a map keyed
	// by case-folded key once the object grows, so a body of 100k keys
	// stays linear.
	var small [16][]byte
	seen := small[:0]
	var folded map[string][]byte
	for {
		if c.pos >= len(c.data) {
			return c.eof()
		}
		if c.data[c.pos] != '"' {
			return c.unexpected()
		}
		raw, ok := c.str()
		if !ok {
			return false
		}
		key := raw[1 : len(raw)-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			key = appendUnquoted(nil, raw)
		}
		c.path[c.depth] = pathSegment{key: key}

		var prev []byte
		found := false
		if folded == nil {
			for _, k := range seen {
				if bytes.Equal(k, key) {
					prev, found = k, true
					break
				}
			}
			for _, k := range seen {
				if !found && bytes.EqualFold(k, key) {
					prev, found = k, true
				}
			}
			if !found && len(seen) < cap(seen) {
				seen = append(seen, key)
			} else if !found {
				folded = make(map[string][]byte, 2*len(seen))
				for _, k := range seen {
					folded[foldKey(k)] = k
				}
				folded[foldKey(key)] = key
			}
		} else {
			fk := foldKey(key)
			if prev, found = folded[fk]; !found {
				folded[fk] = key
			}
		}
		if found && !c.repeatedKey(prev, key) {
			return false
		}

		c.ws()
		if c.pos >= len(c.data) {
			return c.eof()
		}
		if c.data[c.pos] != ':' {
			return c.unexpected()
		}
		c.pos++
		c.ws()
		if !c.value() {
			return false
		}
		c.ws()
		if c.pos >= len(c.data) {
			return c.eof()
		}
		switch c.data[c.pos] {
		case ',':
			c.pos++
			c.ws()
		case '}':
			c.pos++
			c.depth--
			return true
		default:
			return c.unexpected()
		}
	}
}

// repeatedKey records key, which repeats prev within one object. It returns
// false once enough has been reported to refuse the body.
func (c *checker) repeatedKey(prev, key []byte) bool {
	msg := msgDuplicateKey
	if !bytes.Equal(prev, key) {
		msg = msgCaseKeyPrefix + string(prev) + "'"
	}
	c.keys.Add(c.pathString(), msg)
	c.nkeys++
	return c.nkeys < maxKeyErrors
}

func (c *checker) pathString() string {
	var b strings.Builder
	for d := 1; d <= c.depth; d++ {
		if d > 1 {
			b.WriteByte('.')
		}
		if s := c.path[d]; s.isIndex {
			b.WriteString(strconv.Itoa(s.index))
		} else {
			b.Write(s.key)
		}
	}
	return b.String()
}

func (c *checker) array() bool {
	if !c.enter() {
		return false
	}
	if c.pos < len(c.data) && c.data[c.pos] == ']' {
		c.pos++
		c.depth--
		return true
	}
	for i := 0; ; i++ {
		c.path[c.depth] = pathSegment{index: i, isIndex: true}
		if !c.value() {
			return false
		}
		c.ws()
		if c.pos >= len(c.data) {
			return c.eof()
		}
		switch c.data[c.pos] {
		case ',':
			c.pos++
			c.ws()
		case ']':
			c.pos++
			c.depth--
			return true
		default:
			return c.unexpected()
		}
	}
}

// str reads a string and returns it with its quotes. The body is already
// known to be valid UTF-8, so only escapes and control characters are left
// to check.
func (c *checker) str() ([]byte, bool) {
	start := c.pos
	c.pos++
	for c.pos < len(c.data) {
		switch b := c.data[c.pos]; {
		case b == '"':
			c.pos++
			return c.data[start:c.pos], true
		case b == '\\':
			c.pos++
			if c.pos >= len(c.data) {
				return nil, c.eof()
			}
			switch c.data[c.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				c.pos++
			case 'u':
				c.pos++
				r, ok := c.hex4()
				if !ok {
					return nil, false
				}
				// A surrogate must be a high one followed by an escaped
				// low one: a lone half is no character, and readers
				// disagree on it (U+FFFD, an error, the raw code unit).
				if utf16.IsSurrogate(r) {
					lo := rune(-1)
					if r < 0xdc00 && c.pos+1 < len(c.data) && c.data[c.pos] == '\\' && c.data[c.pos+1] == 'u' {
						c.pos += 2
						if lo, ok = c.hex4(); !ok {
							return nil, false
						}
					}
					if utf16.DecodeRune(r, lo) == unicode.ReplacementChar {
						c.syntax = msgSurrogate
						return nil, false
					}
				}
			default:
				return nil, c.unexpected()
			}
		case b < 0x20:
			return nil, c.unexpected()
		default:
			c.pos++
		}
	}
	return nil, c.eof()
}

// hex4 reads the four hex digits of a \u escape.
func (c *checker) hex4() (rune, bool) {
	for i := range 4 {
		if c.pos+i >= len(c.data) {
			c.pos += i
			return 0, c.eof()
		}
		if !isHex(c.data[c.pos+i]) {
			c.pos += i
			return 0, c.unexpected()
		}
	}
	r, _ := hex4(c.data[c.pos:])
	c.pos += 4
	return r, true
}

func (c *checker) literal(word string) bool {
	for i := range len(word) {
		if c.pos >= len(c.data) {
			return c.eof()
		}
		if c.data[c.pos] != word[i] {
			return c.unexpected()
		}
		c.pos++
	}
	return true
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; whatever
// follows is for the caller to judge.
func (c *checker) number() bool {
	if c.data[c.pos] == '-' {
		c.pos++
	}
	if c.pos >= len(c.data) {
		return c.eof()
	}
	switch {
	case c.data[c.pos] == '0':
		c.pos++
	case isDigit(c.data[c.pos]):
		c.digits()
	default:
		return c.unexpected()
	}
	if c.pos < len(c.data) && c.data[c.pos] == '.' {
		c.pos++
		if !c.needDigits() {
			return false
		}
	}
	if c.pos < len(c.data) && (c.data[c.pos] == 'e' || c.data[c.pos] == 'E') {
		c.pos++
		if c.pos < len(c.data) && (c.data[c.pos] == '+' || c.data[c.pos] == '-') {
			c.pos++
		}
		if !c.needDigits() {
			return false
		}
	}
	return true
}

func (c *checker) digits() {
	for c.pos < len(c.data) && isDigit(c.data[c.pos]) {
		c.pos++
	}
}

func (c *checker) needDigits() bool {
	if c.pos >= len(c.data) {
		return c.eof()
	}
	if !isDigit(c.data[c.pos]) {
		return c.unexpected()
	}
	c.digits()
	return true
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func isHex(b byte) bool {
	return isDigit(b) || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// isNumber reports whether s is a JSON number; query floats use the same
// grammar so that "NaN", "Inf", "0x10" and "1_000" are refused.
func isNumber(s string) bool {
	c := checker{data: []byte(s)}
	return s != "" && (s[0] == '-' || isDigit(s[0])) && c.number() && c.pos == len(s)
}

// foldKey maps every key to one representative of its case-insensitive
// class: each rune becomes the smallest rune of its simple case-folding
// orbit, the relation bytes.EqualFold tests.
func foldKey(key []byte) string {
	b := make([]byte, 0, len(key))
	for i := 0; i < len(key); {
		r, n := utf8.DecodeRune(key[i:])
		i += n
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			b = append(b, byte(r))
			continue
		}
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b = utf8.AppendRune(b, least)
	}
	return string(b)
}

// The functions below walk a body that checkBody has accepted, so they skip
// rather than verify; they still stop at the end of the data.

func skipWS(d []byte, i int) int {
	for i < len(d) && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r') {
		i++
	}
	return i
}

func skipString(d []byte, i int) int {
	for i++; i < len(d); i++ {
		switch d[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(d)
}

// skipValue returns the offset just past the value starting at d[i].
func skipValue(d []byte, i int) int {
	if i >= len(d) {
		return len(d)
	}
	switch d[i] {
	case '"':
		return skipString(d, i)
	case '{', '[':
		depth := 0
		for i < len(d) {
			switch d[i] {
			case '"':
				i = skipString(d, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(d)
	}
	for i < len(d) {
		switch d[i] {
		case ' ', '\t', '\n', '\r', ',', '}', ']':
			return i
		}
		i++
	}
	return i
}

// members iterates over the members of a checked object: raw quoted keys
// and raw values.
type members struct {
	d []byte
	i int
}

func newMembers(obj []byte) members { return members{d: obj, i: 1} }

func (m *members) next() (key, val []byte, ok bool) {
	m.i = skipWS(m.d, m.i)
	if m.i < len(m.d) && m.d[m.i] == ',' {
		m.i = skipWS(m.d, m.i+1)
	}
	if m.i >= len(m.d) || m.d[m.i] != '"' {
		return nil, nil, false
	}
	ks := m.i
	m.i = skipString(m.d, m.i)
	key = m.d[ks:m.i]
	m.i = skipWS(m.d, m.i) + 1 // the colon
	m.i = skipWS(m.d, m.i)
	vs := m.i
	m.i = skipValue(m.d, m.i)
	return key, m.d[vs:m.i], vs < m.i
}

// elements iterates over the elements of a checked array.
type elements struct {
	d []byte
	i int
}

func newElements(arr []byte) elements { return elements{d: arr, i: 1} }

func (e *elements) next() ([]byte, bool) {
	e.i = skipWS(e.d, e.i)
	if e.i < len(e.d) && e.d[e.i] == ',' {
		e.i = skipWS(e.d, e.i+1)
	}
	if e.i >= len(e.d) || e.d[e.i] == ']' {
		return nil, false
	}
	vs := e.i
	e.i = skipValue(e.d, e.i)
	return e.d[vs:e.i], vs < e.i
}

// unquote decodes a checked JSON string, quotes included.
func unquote(raw []byte) string {
	if len(raw) < 2 {
		return ""
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner)
	}
	return string(appendUnquoted(make([]byte, 0, len(inner)), raw))
}

// appendUnquoted appends the decoded form of a checked JSON string. A lone
// or reversed surrogate becomes U+FFFD, as encoding/json does, so the result
// is always valid UTF-8.
func appendUnquoted(b, raw []byte) []byte {
	s := raw[1 : len(raw)-1]
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b = append(b, c)
			i++
			continue
		}
		i++
		switch s[i] {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(s[i+1:])
			if !ok {
				b = append(b, s[i])
				i++
				continue
			}
			i += 5
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					r2, _ = hex4(s[i+2:])
				}
				if pair := utf16.DecodeRune(r, r2); pair != unicode.ReplacementChar {
					r = pair
					i += 6
				} else {
					r = unicode.ReplacementChar
				}
			}
			b = utf8.AppendRune(b, r)
			continue
		default: // '"', '\\', '/'
			b = append(b, s[i])
		}
		i++
	}
	return b
}

func hex4(s []byte) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case isDigit(c):
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
