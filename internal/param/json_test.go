package param

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

const uuidA = "0b9d62c7-6a4e-4c1a-9d4e-2f1f3a6b8c01"

func TestDecodeJSONRefusesMalformedBodies(t *testing.T) {
	t.Parallel()
	form := func(msg string) fields { return fields{"": {msg}} }
	deep := func(n int) string {
		return `{"raw":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
	}
	tests := []struct {
		name string
		body string
		want fields
	}{
		{"truncated", `{"note":"a"`, form(msgEOF)},
		{"truncated string", `{"note":"a`, form(msgEOF)},
		{"truncated literal", `{"on":tr`, form(msgEOF)},
		{"missing value", `{"note":}`, form("Invalid JSON: unexpected character '}' at offset 8")},
		{"trailing comma", `{"note":"a",}`, form("Invalid JSON: unexpected character '}' at offset 12")},
		{"single quotes", `{'note':1}`, form(`Invalid JSON: unexpected character '\'' at offset 1`)},
		{"missing colon", `{"note" "a"}`, form(`Invalid JSON: unexpected character '"' at offset 8`)},
		{"leading zero", `{"limit":01}`, form("Invalid JSON: unexpected character '1' at offset 10")},
		{"NaN", `{"ratio":NaN}`, form("Invalid JSON: unexpected character 'N' at offset 9")},
		{"bare minus", `{"ratio":-}`, form("Invalid JSON: unexpected character '}' at offset 10")},
		{"control character in string", "{\"note\":\"a\x01\"}", form(`Invalid JSON: unexpected character '\x01' at offset 10`)},
		{"bad escape", `{"note":"\x"}`, form("Invalid JSON: unexpected character 'x' at offset 10")},
		{"short unicode escape", `{"note":"\u12"}`, form(`Invalid JSON: unexpected character '"' at offset 13`)},
		{"fraction without digits", `{"ratio":1.}`, form("Invalid JSON: unexpected character '}' at offset 11")},
		{"exponent without digits", `{"ratio":1e}`, form("Invalid JSON: unexpected character '}' at offset 11")},
		{"misspelt literal", `{"on":ture}`, form("Invalid JSON: unexpected character 'u' at offset 7")},
		{"unquoted key", `{note:1}`, form("Invalid JSON: unexpected character 'n' at offset 1")},
		{"missing comma", `{"a":1 "b":2}`, form(`Invalid JSON: unexpected character '"' at offset 7`)},
		{"unclosed array", `{"tags":["a"`, form(msgEOF)},
		{"array missing comma", `{"tags":["a" "b"]}`, form(`Invalid JSON: unexpected character '"' at offset 13`)},
		{"non-ASCII junk", `{"a":é}`, form("Invalid JSON: unexpected character 'é' at offset 5")},
		{"array", `[]`, form("Expected object, received array")},
		{"string", `"x"`, form("Expected object, received string")},
		{"number", `12`, form("Expected object, received number")},
		{"boolean", `true`, form("Expected object, received boolean")},
		{"null", `null`, form("Expected object, received null")},
		{"two objects", `{}{}`, form(msgTrailing)},
		{"object then junk", `{} x`, form(msgTrailing)},
		{"byte order mark", "\xef\xbb\xbf{}", form(msgBOM)},
		{"invalid UTF-8", "{\"note\":\"\xff\"}", form(msgNotUTF8Body)},
		{"invalid UTF-8 in an unknown key", "{\"\xc3\":1}", form(msgNotUTF8Body)},
		{"nesting 65 deep", deep(64), form(msgTooDeep)},
		{"nesting 10000 deep", deep(10000), form(msgTooDeep)},
		{"duplicate key", `{"id":"` + uuidA + `","id":"` + uuidA + `"}`, fields{"id": {msgDuplicateKey}}},
		{"duplicate unknown key", `{"zz":1,"zz":2}`, fields{"zz": {msgDuplicateKey}}},
		{"duplicate key spelled with an escape", `{"note":"a","\u006eote":"b"}`, fields{"note": {msgDuplicateKey}}},
		{"key differing in case", `{"note":"a","NOTE":"b"}`, fields{"NOTE": {"Key differs only in case from 'note'"}}},
		{"key differing in case, non-ASCII", `{"straße":1,"STRASSE":2,"ǅ":3,"ǆ":4}`, fields{"ǆ": {"Key differs only in case from 'ǅ'"}}},
		{"Kelvin sign folds to k", "{\"k\":1,\"\u212a\":2}", fields{"\u212a": {"Key differs only in case from 'k'"}}},
		{"duplicate key in a nested object", `{"meta":{"x":{"y":1,"y":2}}}`, fields{"meta.x.y": {msgDuplicateKey}}},
		{"case variant inside an array", `{"meta":{"l":[{},{"k":1,"K":2}]}}`, fields{"meta.l.1.K": {"Key differs only in case from 'k'"}}},
		{"duplicates reported together", `{"a":1,"a":2,"b":{"c":1,"C":2}}`, fields{
			"a":   {msgDuplicateKey},
			"b.C": {"Key differs only in case from 'c'"},
		}},
		{"syntax error wins over duplicates", `{"a":1,"a":2`, form(msgEOF)},
		{"lone high surrogate", `{"note":"a\ud800b"}`, form(msgSurrogate)},
		{"lone high surrogate at the end", `{"note":"\ud800"}`, form(msgSurrogate)},
		{"lone low surrogate", `{"note":"\udc00"}`, form(msgSurrogate)},
		{"reversed surrogates", `{"note":"\udc00\ud800"}`, form(msgSurrogate)},
		{"high surrogate then another escape", `{"note":"\ud800\n"}`, form(msgSurrogate)},
		{"two high surrogates", `{"note":"\ud800\ud800"}`, form(msgSurrogate)},
		{"lone surrogate in a key", `{"\ud800":1}`, form(msgSurrogate)},
		{"lone surrogate in free-form metadata", `{"meta":{"x":"\udfff"}}`, form(msgSurrogate)},
		{"high surrogate, short escape", `{"note":"\ud800\u12"}`, form(`Invalid JSON: unexpected character '"' at offset 19`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var dst sink
			wantInvalid(t, DecodeJSON([]byte(tt.body), &dst), tt.want)
		})
	}
}

func TestDecodeJSONDuplicateKeysInLargeObjects(t *testing.T) {
	t.Parallel()
	// Past the short list, keys are tracked by their case-folded form.
	var b strings.Builder
	b.WriteString(`{"meta":{`)
	for i := range 40 {
		b.WriteString(`"k` + strings.Repeat("x", i) + `":1,`)
	}
	b.WriteString(`"K":2,"kxxx":3}}`)
	var dst sink
	wantInvalid(t, DecodeJSON([]byte(b.String()), &dst), fields{
		"meta.K":    {"Key differs only in case from 'k'"},
		"meta.kxxx": {msgDuplicateKey},
	})

	// The same with case variants beyond ASCII.
	b.Reset()
	b.WriteString(`{"meta":{`)
	for i := range 20 {
		b.WriteString(`"ǅ` + strings.Repeat("x", i) + `":1,`)
	}
	b.WriteString(`"ǆ":2,"ǄXX":3}}`)
	wantInvalid(t, DecodeJSON([]byte(b.String()), &dst), fields{
		"meta.ǆ":   {"Key differs only in case from 'ǅ'"},
		"meta.ǄXX": {"Key differs only in case from 'ǅxx'"},
	})

	// A flood of repeated keys is cut short.
	flood := `{"a":1` + strings.Repeat(`,"a":1`, 10000) + `}`
	err := DecodeJSON([]byte(flood), &dst)
	if got := len(errFields(err)["a"]); got != maxKeyErrors {
		t.Errorf("flood of duplicates: %d messages, want %d", got, maxKeyErrors)
	}
}

func TestDecodeJSONRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want fields
	}{
		// Types.
		{"number for a string", `{"note":1}`, fields{"note": {"Expected string, received number"}}},
		{"boolean for a string", `{"note":true}`, fields{"note": {"Expected string, received boolean"}}},
		{"object for a string", `{"note":{}}`, fields{"note": {"Expected string, received object"}}},
		{"array for a string", `{"email":[]}`, fields{"email": {"Expected string, received array"}}},
		{"string for an int", `{"limit":"5"}`, fields{"limit": {"Expected number, received string"}}},
		{"fraction for an int", `{"limit":1.5}`, fields{"limit": {msgNotInteger}}},
		{"fraction with an exponent for an int", `{"limit":5e-1}`, fields{"limit": {msgNotInteger}}},
		{"tiny exponent for an int", `{"count":1e-9999999999999}`, fields{"count": {msgNotInteger}}},
		{"1e400 for an int", `{"limit":1e400}`, fields{"limit": {"Number must be less than or equal to 9223372036854775807"}}},
		{"2^63 for an int", `{"limit":9223372036854775808}`, fields{"limit": {"Number must be less than or equal to 9223372036854775807"}}},
		{"-2^63-1 for an int", `{"count":-9223372036854775809}`, fields{"count": {"Number must be greater than or equal to -9223372036854775808"}}},
		{"huge exponent for an int", `{"count":-1e99999999999999999999}`, fields{"count": {"Number must be greater than or equal to -9223372036854775808"}}},
		{"beyond int8", `{"small":128}`, fields{"small": {"Number must be less than or equal to 127"}}},
		{"below int8", `{"small":-129}`, fields{"small": {"Number must be greater than or equal to -128"}}},
		{"string for a bool", `{"on":"true"}`, fields{"on": {"Expected boolean, received string"}}},
		{"number for a bool", `{"off":1}`, fields{"off": {"Expected boolean, received number"}}},
		{"string for a float", `{"ratio":"0.5"}`, fields{"ratio": {"Expected number, received string"}}},
		{"1e400 for a float", `{"p_ratio":1e400}`, fields{"p_ratio": {msgNotFinite}}},
		{"number for a time", `{"at":5}`, fields{"at": {"Expected string, received number"}}},
		{"string for an array", `{"types":"x"}`, fields{"types": {"Expected array, received string"}}},
		{"non-strings in an array", `{"tags":["x",1,null,{}]}`, fields{
			"tags.1": {"Expected string, received number"},
			"tags.2": {"Expected string, received null"},
			"tags.3": {"Expected string, received object"},
		}},
		{"array for an object", `{"access_schedule":[]}`, fields{"access_schedule": {"Expected object, received array"}}},
		{"string for a free-form object", `{"meta":"x"}`, fields{"meta": {"Expected object, received string"}}},
		{"number for a Nullable string", `{"phone":5}`, fields{"phone": {"Expected string, received number"}}},
		{"string for a Nullable int", `{"size":"5"}`, fields{"size": {"Expected number, received string"}}},

		// Strings.
		{"invalid uuid", `{"id":"nope"}`, fields{"id": {msgInvalidUUID}}},
		{"empty uuid", `{"id":""}`, fields{"id": {msgInvalidUUID}}},
		{"uuid in braces", `{"id":"{` + uuidA + `}"}`, fields{"id": {msgInvalidUUID}}},
		{"uuid without hyphens", `{"id":"` + strings.ReplaceAll(uuidA, "-", "") + `"}`, fields{"id": {msgInvalidUUID}}},
		{"uuid with a non-hex digit", `{"id":"` + strings.Replace(uuidA, "0", "g", 1) + `"}`, fields{"id": {msgInvalidUUID}}},
		{"invalid email", `{"email":"jane@"}`, fields{"email": {msgInvalidEmail}}},
		{"email with two dots", `{"email":"jane..doe@example.com"}`, fields{"email": {msgInvalidEmail}}},
		{"email with one label", `{"email":"jane@localhost"}`, fields{"email": {msgInvalidEmail}}},
		{"email longer than 320", `{"email":"` + strings.Repeat("a", 309) + `@example.com"}`, fields{"email": {"String must contain at most 320 character(s)"}}},
		{"datetime without a time", `{"when":"2026-01-01"}`, fields{"when": {msgInvalidTime}}},
		{"datetime without a zone", `{"when":"2026-01-01T00:00:00"}`, fields{"when": {msgInvalidTime}}},
		{"datetime on February 30th", `{"when":"2026-02-30T00:00:00Z"}`, fields{"when": {msgInvalidTime}}},
		{"datetime with hour 24", `{"when":"2026-01-01T24:00:00Z"}`, fields{"when": {msgInvalidTime}}},
		{"datetime with a lowercase z", `{"when":"2026-01-01T00:00:00z"}`, fields{"when": {msgInvalidTime}}},
		{"datetime with ten fractional digits", `{"when":"2026-01-01T00:00:00.0123456789Z"}`, fields{"when": {msgInvalidTime}}},
		{"datetime with offset 24:00", `{"when":"2026-01-01T00:00:00+24:00"}`, fields{"when": {msgInvalidTime}}},
		{"time.Time with a bad value", `{"until":"tomorrow"}`, fields{"until": {msgInvalidTime}}},
		{"shorter than min", `{"code":"abc"}`, fields{"code": {"String must contain at least 4 character(s)"}}},
		{"longer than max", `{"code":"abcdefghi"}`, fields{"code": {"String must contain at most 8 character(s)"}}},
		{"max counts characters, not bytes", `{"name":"ééééééééééé"}`, fields{"name": {"String must contain at most 10 character(s)"}}},
		{"longer than the default 1000", `{"note":"` + strings.Repeat("a", 1001) + `"}`, fields{"note": {"String must contain at most 1000 character(s)"}}},
		{"empty with nonempty", `{"name":""}`, fields{"name": {"String must contain at least 1 character(s)"}}},
		{"not in enum", `{"mode":"c"}`, fields{"mode": {"Invalid enum value. Expected 'a' | 'b', received 'c'"}}},
		{"enum is case-sensitive", `{"mode":"A"}`, fields{"mode": {"Invalid enum value. Expected 'a' | 'b', received 'A'"}}},
		{"NUL in a string", `{"note":"a\u0000b"}`, fields{"note": {msgNUL}}},
		{"Nullable string too long", `{"phone":"123456"}`, fields{"phone": {"String must contain at most 5 character(s)"}}},

		// Arrays.
		{"array element not in enum", `{"types":["x","z"]}`, fields{"types.1": {"Invalid enum value. Expected 'x' | 'y', received 'z'"}}},
		{"array longer than max", `{"types":["x","x","x","x"]}`, fields{"types": {"Array must contain at most 3 element(s)"}}},
		{"array longer than the default 500", `{"tags":[` + strings.Repeat(`"t",`, 500) + `"t"]}`, fields{"tags": {"Array must contain at most 500 element(s)"}}},
		{"empty array with nonempty", `{"ids":[]}`, fields{"ids": {"Array must contain at least 1 element(s)"}}},
		{"array element not a uuid", `{"ids":["` + uuidA + `","x"]}`, fields{"ids.1": {msgInvalidUUID}}},
		{"array element longer than 1000", `{"tags":["` + strings.Repeat("a", 1001) + `"]}`, fields{"tags.0": {"String must contain at most 1000 character(s)"}}},

		// Numbers.
		{"below min", `{"limit":0}`, fields{"limit": {"Number must be greater than or equal to 1"}}},
		{"negative below min", `{"limit":-1}`, fields{"limit": {"Number must be greater than or equal to 1"}}},
		{"above max", `{"limit":501}`, fields{"limit": {"Number must be less than or equal to 500"}}},
		{"1e9 above max", `{"limit":1e9}`, fields{"limit": {"Number must be less than or equal to 500"}}},
		{"zero with positive", `{"count":0}`, fields{"count": {msgPositive}}},
		{"negative with positive", `{"count":-5}`, fields{"count": {msgPositive}}},
		{"float zero with positive", `{"p_ratio":0}`, fields{"p_ratio": {msgPositive}}},
		{"float above max", `{"ratio":1.5}`, fields{"ratio": {"Number must be less than or equal to 1"}}},
		{"Nullable int above max", `{"size":10}`, fields{"size": {"Number must be less than or equal to 9"}}},

		// Nested objects.
		{"nested required", `{"access_schedule":{}}`, fields{"access_schedule.starts_at": {msgRequired}}},
		{"nested invalid datetime", `{"access_schedule":{"starts_at":"x","ends_at":1}}`, fields{
			"access_schedule.starts_at": {msgInvalidTime},
			"access_schedule.ends_at":   {"Expected string, received number"},
		}},
		{"nested keys are case-sensitive", `{"access_schedule":{"Starts_At":"2026-01-01T00:00:00Z"}}`, fields{
			"access_schedule.starts_at": {msgRequired}, "access_schedule.Starts_At": {"Key differs only in case from 'starts_at'"}}},
		{"a lone case variant is refused", `{"ID":"` + uuidA + `"}`, fields{"ID": {"Key differs only in case from 'id'"}}},
		{"Nullable object with a missing member", `{"window":{}}`, fields{"window.starts_at": {msgRequired}}},

		// Everything at once.
		{"all errors are reported", `{"id":"x","limit":0,"mode":"c","types":[1],"access_schedule":{}}`, fields{
			"id":                        {msgInvalidUUID},
			"limit":                     {"Number must be greater than or equal to 1"},
			"mode":                      {"Invalid enum value. Expected 'a' | 'b', received 'c'"},
			"types.0":                   {"Expected string, received number"},
			"access_schedule.starts_at": {msgRequired},
		}},
		{"several rules of one field", `{"name":"", "code":"é"}`, fields{
			"name": {"String must contain at least 1 character(s)"},
			"code": {"String must contain at least 4 character(s)"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var dst sink
			wantInvalid(t, DecodeJSON([]byte(tt.body), &dst), tt.want)
		})
	}
}

func TestDecodeJSONRequired(t *testing.T) {
	t.Parallel()
	all := fields{}
	for _, k := range []string{"s", "ps", "i", "pi", "b", "f", "t", "l", "n", "obj", "pobj", "nobj", "m", "r"} {
		all[k] = []string{msgRequired}
	}
	allButNullable := fields{}
	for k, v := range all {
		if k != "n" && k != "nobj" {
			allButNullable[k] = v
		}
	}
	tests := []struct {
		name string
		body string
		want fields
	}{
		{"empty body", ``, all},
		{"whitespace body", " \n\t\r ", all},
		{"empty object", `{}`, all},
		{"every field null", `{"s":null,"ps":null,"i":null,"pi":null,"b":null,"f":null,"t":null,"l":null,"n":null,"obj":null,"pobj":null,"nobj":null,"m":null,"r":null}`, allButNullable},
		{"every field given", `{"s":"x","ps":"","i":0,"pi":0,"b":false,"f":0,"t":"2026-01-01T00:00:00Z","l":[],"n":"","obj":{"starts_at":"2026-01-01T00:00:00Z"},"pobj":{"starts_at":"2026-01-01T00:00:00Z"},"nobj":null,"m":{},"r":0}`, nil},
		{"empty string for a required string", `{"s":"","ps":"","i":0,"pi":0,"b":false,"f":0,"t":"2026-01-01T00:00:00Z","l":[],"n":null,"obj":{"starts_at":"2026-01-01T00:00:00Z"},"pobj":{"starts_at":"2026-01-01T00:00:00Z"},"nobj":null,"m":{},"r":0}`, fields{"s": {msgRequired}}},
		{"zero time for a required time", `{"s":"x","ps":"","i":0,"pi":0,"b":false,"f":0,"t":"0001-01-01T00:00:00Z","l":[],"n":null,"obj":{"starts_at":"2026-01-01T00:00:00Z"},"pobj":{"starts_at":"2026-01-01T00:00:00Z"},"nobj":null,"m":{},"r":0}`, fields{"t": {msgRequired}}},
		{"required nested members still checked", `{"s":"x","ps":"","i":0,"pi":0,"b":false,"f":0,"t":"2026-01-01T00:00:00Z","l":[],"n":null,"obj":{},"pobj":{},"nobj":{},"m":{},"r":0}`, fields{
			"obj.starts_at":  {msgRequired},
			"pobj.starts_at": {msgRequired},
			"nobj.starts_at": {msgRequired},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var dst required
			wantInvalid(t, DecodeJSON([]byte(tt.body), &dst), tt.want)
		})
	}
}

func TestDecodeJSONPlainNestedStruct(t *testing.T) {
	t.Parallel()
	// A plain (non-pointer) struct is always there: leaving it out still
	// checks its members, exactly as Validate would.
	var dst embedded
	wantInvalid(t, DecodeJSON([]byte(`{"note":"x"}`), &dst), fields{"access_schedule.starts_at": {msgRequired}})
	wantInvalid(t, DecodeJSON([]byte(`{"access_schedule":null}`), &dst), fields{"access_schedule.starts_at": {msgRequired}})
	wantInvalid(t, DecodeJSON([]byte(`{"access_schedule":{"starts_at":"2026-01-01T00:00:00Z"}}`), &dst), nil)
	wantValue(t, dst, embedded{Schedule: schedule{StartsAt: utc("2026-01-01T00:00:00Z")}})
}

func TestDecodeJSONValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want sink
	}{
		{"empty", `{}`, sink{}},
		{"every field", `{
			"id": "` + strings.ToUpper(uuidA) + `",
			"name": "Jane",
			"note": "a \"quoted\" \\ note \u00e9 \ud83d\ude00",
			"code": "1234",
			"email": "jane.doe+x@example.co.uk",
			"when": "2026-01-01T00:00:00.000Z",
			"mode": "b",
			"types": ["x", "y"],
			"ids": ["` + uuidA + `"],
			"tags": [],
			"limit": 500,
			"count": 3,
			"small": -128,
			"on": true,
			"off": false,
			"ratio": -0.25e1,
			"p_ratio": 1e-300,
			"at": "2026-01-01T01:00:00+01:00",
			"until": "2026-06-30T12:34:56.123456789Z",
			"access_schedule": {"starts_at": "2026-01-01T00:00:00.000Z", "ends_at": null},
			"meta": {"n": 12345678901234567890, "s": "x", "l": [1, null]},
			"raw": [1, {"a": "b"}],
			"phone": "12345",
			"size": 9,
			"since": "2026-01-01T00:00:00Z",
			"labels": ["a"],
			"window": {"starts_at": "2026-01-01T00:00:00Z"}
		}`, sink{
			ID:       uuidA, // read in any case, kept in the one spelling lintel issues
			Name:     "Jane",
			Note:     "a \"quoted\" \\ note é 😀",
			Code:     "1234",
			Email:    ptr("jane.doe+x@example.co.uk"),
			When:     "2026-01-01T00:00:00.000Z",
			Mode:     "b",
			Types:    []string{"x", "y"},
			IDs:      []string{uuidA},
			Tags:     []string{},
			Limit:    500,
			Count:    ptr(3),
			Small:    -128,
			On:       true,
			Off:      ptr(false),
			Ratio:    -2.5,
			PRatio:   ptr(1e-300),
			At:       utc("2026-01-01T00:00:00Z"),
			Until:    ptr(utc("2026-06-30T12:34:56.123456789Z")),
			Schedule: &schedule{StartsAt: utc("2026-01-01T00:00:00Z")},
			Meta:     map[string]any{"n": json.Number("12345678901234567890"), "s": "x", "l": []any{json.Number("1"), nil}},
			Raw:      json.RawMessage(`[1, {"a": "b"}]`),
			Phone:    Nullable[string]{Set: true, Value: "12345"},
			Size:     Nullable[int]{Set: true, Value: 9},
			Since:    Nullable[time.Time]{Set: true, Value: utc("2026-01-01T00:00:00Z")},
			Labels:   Nullable[[]string]{Set: true, Value: []string{"a"}},
			Window:   Nullable[schedule]{Set: true, Value: schedule{StartsAt: utc("2026-01-01T00:00:00Z")}},
		}},
		{"nulls", `{"id":null,"email":null,"types":null,"count":null,"until":null,"access_schedule":null,"meta":null,"raw":null,"phone":null,"size":null,"since":null,"labels":null,"window":null}`, sink{
			Phone:  Nullable[string]{Set: true, Null: true},
			Size:   Nullable[int]{Set: true, Null: true},
			Since:  Nullable[time.Time]{Set: true, Null: true},
			Labels: Nullable[[]string]{Set: true, Null: true},
			Window: Nullable[schedule]{Set: true, Null: true},
		}},
		{"empty string in a Nullable is a value", `{"phone":""}`, sink{Phone: Nullable[string]{Set: true}}},
		{"integers written as floats", `{"limit":1.5e2,"count":20.0,"small":-0}`, sink{Limit: 150, Count: ptr(20)}},
		{"largest int64", `{"meta":{},"count":9223372036854775807}`, sink{Meta: map[string]any{}, Count: ptr(9223372036854775807)}},
		{"smallest int64", `{"size":-9.223372036854775808e18}`, sink{Size: Nullable[int]{Set: true, Value: -9223372036854775808}}},
		{"unknown keys are ignored", `{"foo":1,"bar":{"x":[1,2]},"_strict":true}`, sink{}},
		{"keys match exactly", `{"Plain":"z"}`, sink{Plain: "z"}},
		{"escaped key", `{"n\u006fte":"x"}`, sink{Note: "x"}},
		{"json:\"-\" and unexported fields are skipped", `{"-":"x","Hidden":"x","private":"x"}`, sink{}},
		{"surrogate pair", `{"note":"a\ud83d\ude00b"}`, sink{Note: "a\U0001F600b"}},
		{"string of 1000 characters", `{"note":"` + strings.Repeat("é", 1000) + `"}`, sink{Note: strings.Repeat("é", 1000)}},
		{"email of 320 characters", `{"email":"` + strings.Repeat("a", 308) + `@example.com"}`, sink{Email: ptr(strings.Repeat("a", 308) + "@example.com")}},
		{"array of 500", `{"tags":[` + strings.Repeat(`"t",`, 499) + `"t"]}`, sink{Tags: strings.Split(strings.Repeat("t", 500), "")}},
		{"nesting 64 deep", `{"raw":` + strings.Repeat("[", 63) + strings.Repeat("]", 63) + `}`, sink{Raw: json.RawMessage(strings.Repeat("[", 63) + strings.Repeat("]", 63))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := sink{Note: "stale", Hidden: "kept?", private: "p"}
			wantInvalid(t, DecodeJSON([]byte(tt.body), &got), nil)
			wantValue(t, got, tt.want)
			wantInvalid(t, Validate(&got), nil)
		})
	}
}
