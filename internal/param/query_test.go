package param

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("bad test query %q: %v", raw, err)
	}
	return q
}

func TestDecodeQueryRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query string
		want  fields
	}{
		// Keys that differ from a parameter only in case.
		{"a lone case variant", `NOTE=x`, fields{"NOTE": {"Key differs only in case from 'note'"}}},
		{"a case variant of a nested member", `access_schedule.STARTS_AT=2026-01-01T00:00:00Z`, fields{
			"access_schedule.STARTS_AT": {"Key differs only in case from 'access_schedule.starts_at'"},
			"access_schedule.starts_at": {msgRequired}}},

		// Coercion.
		{"word for an int", `limit=ten`, fields{"limit": {"Expected number, received string"}}},
		{"plus sign for an int", `limit=%2B5`, fields{"limit": {"Expected number, received string"}}},
		{"space in an int", `limit=%205`, fields{"limit": {"Expected number, received string"}}},
		{"hex for an int", `limit=0x10`, fields{"limit": {"Expected number, received string"}}},
		{"fraction for an int", `limit=1.5`, fields{"limit": {msgNotInteger}}},
		{"exponent for an int", `limit=1e3`, fields{"limit": {msgNotInteger}}},
		{"2^63 for an int", `count=9223372036854775808`, fields{"count": {"Number must be less than or equal to 9223372036854775807"}}},
		{"-2^63-1 for an int", `count=-9223372036854775809`, fields{"count": {"Number must be greater than or equal to -9223372036854775808"}}},
		{"beyond int8", `small=200`, fields{"small": {"Number must be less than or equal to 127"}}},
		{"word for a bool", `on=yes`, fields{"on": {"Expected boolean, received string"}}},
		{"1 for a bool", `off=1`, fields{"off": {"Expected boolean, received string"}}},
		{"TRUE for a bool", `on=TRUE`, fields{"on": {"Expected boolean, received string"}}},
		{"word for a float", `ratio=half`, fields{"ratio": {"Expected number, received string"}}},
		{"NaN for a float", `ratio=NaN`, fields{"ratio": {"Expected number, received string"}}},
		{"Inf for a float", `ratio=Inf`, fields{"ratio": {"Expected number, received string"}}},
		{"1e400 for a float", `p_ratio=1e400`, fields{"p_ratio": {msgNotFinite}}},
		{"bad time", `at=2026-01-01`, fields{"at": {msgInvalidTime}}},
		{"bad Nullable time", `since=noon`, fields{"since": {msgInvalidTime}}},
		{"value for an object", `access_schedule=x`, fields{"access_schedule": {"Expected object, received string"}}},
		{"null and members for an object", `access_schedule=&access_schedule.starts_at=2026-01-01T00:00:00Z`, fields{"access_schedule": {msgSingleValue}}},

		// Repetition.
		{"string twice", `note=a&note=b`, fields{"note": {msgSingleValue}}},
		{"int twice", `limit=1&limit=2`, fields{"limit": {msgSingleValue}}},
		{"Nullable twice", `phone=&phone=1`, fields{"phone": {msgSingleValue}}},
		{"object member twice", `meta.a=1&meta.a=2`, fields{"meta.a": {msgSingleValue}}},
		{"nested member of a free-form object", `meta.a.b=1`, fields{"meta": {"Expected object of scalars, received nested key meta.a.b"}}},

		// Strings.
		{"invalid uuid", `id=nope`, fields{"id": {msgInvalidUUID}}},
		{"invalid email", `email=jane%40`, fields{"email": {msgInvalidEmail}}},
		{"email longer than 320", `email=` + strings.Repeat("a", 309) + `%40example.com`, fields{"email": {"String must contain at most 320 character(s)"}}},
		{"invalid datetime string", `when=2026-01-01T00%3A00%3A00`, fields{"when": {msgInvalidTime}}},
		{"shorter than min", `code=abc`, fields{"code": {"String must contain at least 4 character(s)"}}},
		{"longer than max", `code=abcdefghi`, fields{"code": {"String must contain at most 8 character(s)"}}},
		{"longer than the default 1000", `note=` + strings.Repeat("a", 1001), fields{"note": {"String must contain at most 1000 character(s)"}}},
		{"not in enum", `mode=c`, fields{"mode": {"Invalid enum value. Expected 'a' | 'b', received 'c'"}}},
		{"invalid UTF-8", `note=%FF`, fields{"note": {msgNotUTF8}}},
		{"NUL", `note=a%00`, fields{"note": {msgNUL}}},
		{"Nullable string too long", `phone=123456`, fields{"phone": {"String must contain at most 5 character(s)"}}},

		// Arrays.
		{"array element not in enum", `types=x&types=z`, fields{"types.1": {"Invalid enum value. Expected 'x' | 'y', received 'z'"}}},
		{"array longer than max", `types=x&types=x&types=x&types=y`, fields{"types": {"Array must contain at most 3 element(s)"}}},
		{"array longer than the default 500", strings.Repeat(`tags=t&`, 501), fields{"tags": {"Array must contain at most 500 element(s)"}}},
		{"empty array with nonempty", `ids=`, fields{"ids": {"Array must contain at least 1 element(s)"}}},
		{"array element not a uuid", `ids=` + uuidA + `&ids=x`, fields{"ids.1": {msgInvalidUUID}}},
		{"array element invalid UTF-8", `tags=ok&tags=%C3`, fields{"tags.1": {msgNotUTF8}}},
		{"array element longer than 1000", `tags=` + strings.Repeat("a", 1001), fields{"tags.0": {"String must contain at most 1000 character(s)"}}},

		// Numbers.
		{"below min", `limit=0`, fields{"limit": {"Number must be greater than or equal to 1"}}},
		{"negative", `limit=-1`, fields{"limit": {"Number must be greater than or equal to 1"}}},
		{"above max", `limit=1000000000`, fields{"limit": {"Number must be less than or equal to 500"}}},
		{"zero with positive", `count=0`, fields{"count": {msgPositive}}},
		{"float zero with positive", `p_ratio=0`, fields{"p_ratio": {msgPositive}}},
		{"float above max", `ratio=1.5`, fields{"ratio": {"Number must be less than or equal to 1"}}},

		// Nested objects.
		{"nested required", `access_schedule.ends_at=2026-01-01T00%3A00%3A00Z`, fields{"access_schedule.starts_at": {msgRequired}}},
		{"nested invalid", `access_schedule.starts_at=x`, fields{"access_schedule.starts_at": {msgInvalidTime}}},
		{"Nullable object member", `window.ends_at=2026-01-01T00%3A00%3A00Z`, fields{"window.starts_at": {msgRequired}}},

		{"all errors are reported", `id=x&limit=0&mode=c&types=z&access_schedule.starts_at=x&on=maybe&_strict=true`, fields{
			"id":                        {msgInvalidUUID},
			"limit":                     {"Number must be greater than or equal to 1"},
			"mode":                      {"Invalid enum value. Expected 'a' | 'b', received 'c'"},
			"types.0":                   {"Invalid enum value. Expected 'x' | 'y', received 'z'"},
			"access_schedule.starts_at": {msgInvalidTime},
			"on":                        {"Expected boolean, received string"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var dst sink
			wantInvalid(t, DecodeQuery(mustQuery(t, tt.query), &dst), tt.want)
		})
	}
}

func TestDecodeQueryRequired(t *testing.T) {
	t.Parallel()
	// Free-form fields (m, r) cannot come in a query, so a required one
	// always fails there.
	all := fields{}
	for _, k := range []string{"s", "ps", "i", "pi", "b", "f", "t", "l", "n", "obj", "pobj", "nobj", "m", "r"} {
		all[k] = []string{msgRequired}
	}
	nulls := fields{}
	for k, v := range all {
		if k != "n" && k != "nobj" && k != "l" {
			nulls[k] = v
		}
	}
	tests := []struct {
		name  string
		query string
		want  fields
	}{
		{"nothing", ``, all},
		{"only _strict", `_strict=true`, all},
		{"every field null", `s=&ps=&i=&pi=&b=&f=&t=&l=&n=&obj=&pobj=&nobj=&m=&r=`, nulls},
		{"every field given", `s=x&ps=y&i=0&pi=0&b=false&f=0&t=2026-01-01T00:00:00Z&l=&n=&obj.starts_at=2026-01-01T00:00:00Z&pobj.starts_at=2026-01-01T00:00:00Z&nobj=`, fields{
			"m": {msgRequired},
			"r": {msgRequired},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var dst required
			wantInvalid(t, DecodeQuery(mustQuery(t, tt.query), &dst), tt.want)
		})
	}
}

func TestDecodeQueryValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query string
		want  sink
	}{
		{"nothing", ``, sink{}},
		{"the SDK's _strict is ignored", `_strict=true`, sink{}},
		{"every field", `id=` + uuidA + `&name=Jane&note=a+b%26c&code=1234&email=jane%40example.com` +
			`&when=2026-01-01T00%3A00%3A00.000Z&mode=a&types=x&types=y&ids=` + uuidA + `&tags=` +
			`&limit=10&count=3&small=-128&on=true&off=false&ratio=-2.5e-1&p_ratio=1e-300` +
			`&at=2026-01-01T01%3A00%3A00%2B01%3A00&until=2026-06-30T12%3A34%3A56.5Z` +
			`&access_schedule.starts_at=2026-01-01T00%3A00%3A00Z&access_schedule.ends_at=` +
			`&meta.x=1&raw=1&phone=12345&size=-3&since=2026-01-01T00%3A00%3A00Z&labels=a&labels=` +
			`&window.starts_at=2026-01-01T00%3A00%3A00Z&unknown=1&_strict=true`,
			sink{
				ID:       uuidA,
				Name:     "Jane",
				Note:     "a b&c",
				Code:     "1234",
				Email:    ptr("jane@example.com"),
				When:     "2026-01-01T00:00:00.000Z",
				Mode:     "a",
				Types:    []string{"x", "y"},
				IDs:      []string{uuidA},
				Tags:     []string{},
				Limit:    10,
				Count:    ptr(3),
				Small:    -128,
				On:       true,
				Off:      ptr(false),
				Ratio:    -0.25,
				PRatio:   ptr(1e-300),
				At:       utc("2026-01-01T00:00:00Z"),
				Until:    ptr(utc("2026-06-30T12:34:56.5Z")),
				Schedule: &schedule{StartsAt: utc("2026-01-01T00:00:00Z")},
				Meta:     map[string]any{"x": "1"},
				Phone:    Nullable[string]{Set: true, Value: "12345"},
				Size:     Nullable[int]{Set: true, Value: -3},
				Since:    Nullable[time.Time]{Set: true, Value: utc("2026-01-01T00:00:00Z")},
				Labels:   Nullable[[]string]{Set: true, Value: []string{"a", ""}},
				Window:   Nullable[schedule]{Set: true, Value: schedule{StartsAt: utc("2026-01-01T00:00:00Z")}},
			}},
		{"key= is null", `id=&email=&count=&off=&until=&access_schedule=&phone=&size=&since=&window=`, sink{
			Phone:  Nullable[string]{Set: true, Null: true},
			Size:   Nullable[int]{Set: true, Null: true},
			Since:  Nullable[time.Time]{Set: true, Null: true},
			Window: Nullable[schedule]{Set: true, Null: true},
		}},
		{"key= is an empty array", `types=&labels=`, sink{Types: []string{}, Labels: Nullable[[]string]{Set: true, Value: []string{}}}},
		{"leading zeros and minus zero", `limit=007&small=-0`, sink{Limit: 7}},
		{"keys match exactly", `Plain=z&Hidden=h&-=h`, sink{Plain: "z"}},
		{"an object of scalars, key= null", `meta.site=berlin&meta.gone=`, sink{Meta: map[string]any{"site": "berlin", "gone": nil}}},
		{"largest int64", `count=9223372036854775807`, sink{Count: ptr(9223372036854775807)}},
		{"array of 500", strings.Repeat(`tags=t&`, 500), sink{Tags: strings.Split(strings.Repeat("t", 500), "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := sink{Note: "stale"}
			wantInvalid(t, DecodeQuery(mustQuery(t, tt.query), &got), nil)
			wantValue(t, got, tt.want)
			wantInvalid(t, Validate(&got), nil)
		})
	}
}

func TestDecodeQueryPlainNestedStruct(t *testing.T) {
	t.Parallel()
	var dst embedded
	wantInvalid(t, DecodeQuery(mustQuery(t, `note=x`), &dst), fields{"access_schedule.starts_at": {msgRequired}})
	wantInvalid(t, DecodeQuery(mustQuery(t, `access_schedule=`), &dst), fields{"access_schedule.starts_at": {msgRequired}})
	wantInvalid(t, DecodeQuery(mustQuery(t, `access_schedule.starts_at=2026-01-01T00:00:00Z`), &dst), nil)
	wantValue(t, dst, embedded{Schedule: schedule{StartsAt: utc("2026-01-01T00:00:00Z")}})
}

func TestDecodeQueryDoesNotShareTheCallersSlices(t *testing.T) {
	t.Parallel()
	q := url.Values{"tags": {"a", "b"}}
	var dst sink
	wantInvalid(t, DecodeQuery(q, &dst), nil)
	q["tags"][0] = "changed"
	if dst.Tags[0] != "a" {
		t.Errorf("Tags[0] = %q after the caller changed its url.Values", dst.Tags[0])
	}
}
