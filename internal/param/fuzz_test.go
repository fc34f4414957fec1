package param

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel"
)

// The seed corpus lives in testdata/fuzz/<FuzzName>/; these add a few
// shapes from the table tests.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		``,
		`{}`,
		`{"acs_user_id":"` + uuidA + `"}`,
		`{"id":"x","limit":1.5e2,"types":["x",1],"access_schedule":{"starts_at":"2026-01-01T00:00:00.000Z","ends_at":null}}`,
		`{"note":"a","NOTE":"b","meta":{"k":[{"x":1,"x":2}]}}`,
		`{"phone":null,"size":9,"labels":[],"window":{},"raw":[1e400,"\ud800"]}`,
		`{"s":"","ps":"","i":-0,"pi":9223372036854775807,"b":true,"f":1e-400,"t":"0001-01-01T00:00:00Z","l":[],"n":null,"obj":{},"pobj":null,"m":{},"r":0}`,
		`{}{}`,
		`{"ID":"` + uuidA + `","Note":"\ud800","note":"\ud83d\ude00"}`,
		`{"id":"0B9D62C7-6A4E-4C1A-9D4E-2F1F3A6B8C01","ids":["0B9D62C7-6A4E-4C1A-9D4E-2F1F3A6B8C01"],"note":"\udc00\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		blank := len(bytes.TrimLeft(body, " \t\r\n")) == 0
		for _, newDst := range []func() any{
			func() any { return new(sink) },
			func() any { return new(required) },
			func() any { return new(deleteParams) },
		} {
			dst := newDst()
			err := DecodeJSON(body, dst)
			checkOutcome(t, dst, err)
			if err == nil && !blank && !json.Valid(body) {
				t.Fatalf("accepted a body encoding/json calls invalid: %q", body)
			}
			if err == nil && !blank {
				var top map[string]json.RawMessage
				if json.Unmarshal(body, &top) == nil {
					checkCanonical(t, dst, slices.Collect(maps.Keys(top)))
				}
				// A lone surrogate is refused, never read as U+FFFD.
				if hasReplacement(reflect.ValueOf(dst)) && !bytes.Contains(body, []byte("\uFFFD")) &&
					!bytes.Contains(bytes.ToLower(body), []byte(`\ufffd`)) {
					t.Fatalf("decoded U+FFFD the body %q does not hold", body)
				}
			}
			again := newDst()
			err2 := DecodeJSON(body, again)
			if !reflect.DeepEqual(errFields(err), errFields(err2)) || !reflect.DeepEqual(dst, again) {
				t.Fatalf("two decodes of %q differ", body)
			}
		}
	})
}

func FuzzDecodeQuery(f *testing.F) {
	for _, s := range []string{
		``,
		`acs_user_id=` + uuidA + `&_strict=true`,
		`limit=1&user_identity_email_address=&_strict=true`,
		`between=2026-01-01T00%3A00%3A00.000Z&between=2026-02-01T00%3A00%3A00.000Z&types=x&types=y&limit=10`,
		`access_schedule.starts_at=2026-01-01T00%3A00%3A00Z&access_schedule.ends_at=&window=&labels=`,
		`limit=1e3&count=-9223372036854775809&on=TRUE&ratio=NaN&note=%FF%00&id=a&id=b`,
		`s=&ps=&i=0&b=false&t=2026-01-01T00:00:00Z&l=&n=&obj.starts_at=x&nobj=`,
		`ID=` + uuidA + `&Access_Schedule.Starts_At=2026-01-01T00%3A00%3A00Z`,
		`id=0B9D62C7-6A4E-4C1A-9D4E-2F1F3A6B8C01&ids=0B9D62C7-6A4E-4C1A-9D4E-2F1F3A6B8C01`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		// ParseQuery keeps what it could read even when it reports an
		// error; the server sees the same.
		q, _ := url.ParseQuery(raw)
		for _, dst := range []any{new(sink), new(required), new(deleteParams)} {
			err := DecodeQuery(q, dst)
			checkOutcome(t, dst, err)
			if err == nil {
				checkCanonical(t, dst, slices.Collect(maps.Keys(q)))
			}
		}
	})
}

// checkOutcome asserts the decoders' contract: a decoded struct passes
// Validate, and a refusal is an invalid_input error naming something.
func checkOutcome(t *testing.T, dst any, err error) {
	t.Helper()
	if err == nil {
		if verr := Validate(dst); verr != nil {
			t.Fatalf("decoded %+v, which Validate refuses: %v", dst, verr)
		}
		return
	}
	var e *lintel.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *lintel.Error", err, err)
	}
	if e.Code != lintel.EInvalidInput || len(e.Fields) == 0 {
		t.Fatalf("error %q: code %q, fields %q", e.Message, e.Code, e.Fields)
	}
	for k, msgs := range e.Fields {
		if len(msgs) == 0 {
			t.Fatalf("field %q has no message", k)
		}
		for _, m := range msgs {
			if m == "" {
				t.Fatalf("field %q has an empty message", k)
			}
		}
	}
}

// checkCanonical asserts what an accepted request never holds: a top-level
// key that differs from a parameter's name only in case (another reader
// could take it for the parameter), or a UUID in any spelling but the
// lower-case one lintel issues.
func checkCanonical(t *testing.T, dst any, keys []string) {
	t.Helper()
	v := reflect.ValueOf(dst).Elem()
	p, err := planFor(v.Type())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		for _, f := range p.fields {
			if k != f.name && bytes.EqualFold([]byte(k), []byte(f.name)) {
				t.Fatalf("accepted key %q, a case variant of %q", k, f.name)
			}
		}
	}
	for _, f := range p.fields {
		if f.rules.str.format != formatUUID {
			continue
		}
		fv := v.Field(f.index)
		var ids []string
		switch {
		case f.kind == kindStrings:
			ids = fv.Interface().([]string)
		case f.wrap == wrapPointer && !fv.IsNil():
			ids = []string{fv.Elem().String()}
		case f.wrap == wrapNone && f.kind == kindString:
			ids = []string{fv.String()}
		}
		for _, id := range ids {
			if id != strings.ToLower(id) {
				t.Fatalf("%s decoded as %q, not in lower case", f.path, id)
			}
		}
	}
}

// hasReplacement reports whether any string reachable from v holds U+FFFD.
func hasReplacement(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.ContainsRune(v.String(), '\uFFFD')
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && hasReplacement(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && hasReplacement(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return false
		}
		for i := range v.Len() {
			if hasReplacement(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if hasReplacement(it.Key()) || hasReplacement(it.Value()) {
				return true
			}
		}
	}
	return false
}
