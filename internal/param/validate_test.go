package param

import (
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		dst  any
		want fields
	}{
		{"zero sink", &sink{}, nil},
		{"zero sink by value", sink{}, nil},
		{"zero values count as not given", &required{
			I: 0, B: false, F: 0, // cannot tell 0 from absent: not reported
			Obj: schedule{StartsAt: utc("2026-01-01T00:00:00Z")},
		}, fields{
			"s": {msgRequired}, "ps": {msgRequired}, "pi": {msgRequired}, "t": {msgRequired},
			"l": {msgRequired}, "n": {msgRequired}, "pobj": {msgRequired}, "nobj": {msgRequired},
			"m": {msgRequired}, "r": {msgRequired},
		}},
		{"a required plain struct is checked inside", &required{}, fields{
			"s": {msgRequired}, "ps": {msgRequired}, "pi": {msgRequired}, "t": {msgRequired},
			"l": {msgRequired}, "n": {msgRequired}, "pobj": {msgRequired}, "nobj": {msgRequired},
			"m": {msgRequired}, "r": {msgRequired}, "obj.starts_at": {msgRequired},
		}},
		{"every required field set", &required{
			S: "x", PS: ptr(""), PI: ptr(0), T: utc("2026-01-01T00:00:00Z"), L: []string{},
			N:    Nullable[string]{Set: true, Null: true},
			Obj:  schedule{StartsAt: utc("2026-01-01T00:00:00Z")},
			PObj: &schedule{StartsAt: utc("2026-01-01T00:00:00Z")},
			NObj: Nullable[schedule]{Set: true, Null: true},
			M:    map[string]any{}, R: json.RawMessage("0"),
		}, nil},
		{"rules on values", &sink{
			ID:       "x",
			Name:     strings.Repeat("n", 11),
			Code:     "abc",
			Email:    ptr(""),
			When:     "now",
			Mode:     "c",
			Types:    []string{"x", "q"},
			IDs:      []string{},
			Tags:     make([]string, 501),
			Limit:    501,
			Count:    ptr(0),
			Small:    0,
			Ratio:    2,
			PRatio:   ptr(-1.0),
			Note:     "\x00",
			Plain:    "\xff",
			Schedule: &schedule{},
			Phone:    Nullable[string]{Set: true, Value: "123456"},
			Size:     Nullable[int]{Set: true, Value: 0},
			Window:   Nullable[schedule]{Set: true},
		}, fields{
			"id":                        {msgInvalidUUID},
			"name":                      {"String must contain at most 10 character(s)"},
			"code":                      {"String must contain at least 4 character(s)"},
			"email":                     {msgInvalidEmail},
			"when":                      {msgInvalidTime},
			"mode":                      {"Invalid enum value. Expected 'a' | 'b', received 'c'"},
			"types.1":                   {"Invalid enum value. Expected 'x' | 'y', received 'q'"},
			"ids":                       {"Array must contain at least 1 element(s)"},
			"tags":                      {"Array must contain at most 500 element(s)"},
			"limit":                     {"Number must be less than or equal to 500"},
			"count":                     {msgPositive},
			"ratio":                     {"Number must be less than or equal to 1"},
			"p_ratio":                   {msgPositive},
			"note":                      {msgNUL},
			"Plain":                     {msgNotUTF8},
			"access_schedule.starts_at": {msgRequired},
			"phone":                     {"String must contain at most 5 character(s)"},
			"window.starts_at":          {msgRequired},
		}},
		{"an empty string is not checked unless required", &sink{ID: "", Name: ""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantInvalid(t, Validate(tt.dst), tt.want)
		})
	}
}

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	var one, two deleteParams
	err := DecodeJSON([]byte(`{"acs_user_id":"x"}`), &one)
	if got, want := err.Error(), "invalid_input: Invalid input: acs_user_id: Invalid uuid"; got != want {
		t.Errorf("one error: %q, want %q", got, want)
	}
	err = DecodeJSON([]byte(`{"acs_user_id":"x","acs_system_id":1}`), &two)
	if got, want := err.Error(), "invalid_input: 2 Input Errors: acs_user_id: Invalid uuid, acs_system_id: Expected string, received number"; got != want {
		t.Errorf("two errors: %q, want %q", got, want)
	}
}

// Bad destinations and bad struct tags are programming errors: a plain
// error, never an invalid_input one, and never a panic.
func TestBadDestinations(t *testing.T) {
	t.Parallel()
	type (
		badRule struct {
			A string `v:"uuidd"`
		}
		badMin struct {
			A string `v:"min=x"`
		}
		noArg struct {
			A string `v:"max"`
		}
		argOnFlag struct {
			A string `v:"uuid=1"`
		}
		ruleOnInt struct {
			A int `v:"uuid"`
		}
		emptyEnum struct {
			A string `v:"enum=a||b"`
		}
		minAboveMax struct {
			A string `v:"min=5,max=4"`
		}
		negativeMax struct {
			A string `v:"max=-1"`
		}
		twoFormats struct {
			A string `v:"uuid,email"`
		}
		positiveStr struct {
			A string `v:"positive"`
		}
		chanField    struct{ A chan int }
		intSlice     struct{ A []int }
		ptrPtr       struct{ A **string }
		ptrSlice     struct{ A *[]string }
		nullablePtr  struct{ A Nullable[*string] }
		ptrNullable  struct{ A *Nullable[string] }
		float32Field struct{ A float32 }
		uintField    struct{ A uint }
		dotted       struct {
			A string `json:"a.b"`
		}
		twice struct {
			A string `json:"X"`
			X string
		}
		inner     struct{ X string }
		embedding struct{ inner }
		recursive struct{ Next *recursive }
	)
	for _, dst := range []any{
		nil, sink{}, (*sink)(nil), new(int), new(string),
		&badRule{}, &badMin{}, &noArg{}, &argOnFlag{}, &ruleOnInt{}, &emptyEnum{}, &minAboveMax{},
		&negativeMax{}, &twoFormats{}, &positiveStr{}, &chanField{}, &intSlice{}, &ptrPtr{}, &ptrSlice{},
		&nullablePtr{}, &ptrNullable{}, &float32Field{}, &uintField{}, &dotted{}, &twice{}, &embedding{},
		&recursive{},
	} {
		for name, err := range map[string]error{
			"DecodeJSON":  DecodeJSON([]byte(`{}`), dst),
			"DecodeQuery": DecodeQuery(url.Values{}, dst),
		} {
			var e *lintel.Error
			if err == nil || errors.As(err, &e) {
				t.Errorf("%s(%T) = %v, want a plain error", name, dst, err)
			}
		}
	}
	if err := Validate(nil); err == nil {
		t.Error("Validate(nil) = nil")
	}
	if err := Validate((*sink)(nil)); err == nil {
		t.Error("Validate((*sink)(nil)) = nil")
	}
	if err := Validate(3); err == nil {
		t.Error("Validate(3) = nil")
	}
}

func TestFields(t *testing.T) {
	t.Parallel()
	type params struct {
		ID       string             `json:"acs_user_id" v:"required,uuid"`
		Email    Nullable[string]   `json:"email_address" v:"email"`
		Types    []string           `json:"event_types" v:"enum=a|b,max=10"`
		Limit    *int               `json:"limit" v:"positive,max=500"`
		Schedule *schedule          `json:"access_schedule"`
		Meta     map[string]any     `json:"custom_metadata"`
		Raw      json.RawMessage    `json:"raw"`
		Ratio    float64            `json:"ratio" v:"min=0"`
		On       bool               `json:"on"`
		Name     string             `json:"full_name" v:"nonempty"`
		Hidden   string             `json:"-"`
		Windows  Nullable[schedule] `json:"window"`
	}
	i64 := func(n int64) *int64 { return &n }
	starts := FieldInfo{Name: "starts_at", Path: "access_schedule.starts_at", GoType: reflect.TypeFor[time.Time](), Kind: "string", Format: "date-time", Required: true}
	ends := FieldInfo{Name: "ends_at", Path: "access_schedule.ends_at", GoType: reflect.TypeFor[*time.Time](), Kind: "string", Format: "date-time", Nullable: true}
	want := []FieldInfo{
		{Name: "acs_user_id", Path: "acs_user_id", GoType: reflect.TypeFor[string](), Kind: "string", Format: "uuid", Required: true, Max: i64(1000)},
		{Name: "email_address", Path: "email_address", GoType: reflect.TypeFor[Nullable[string]](), Kind: "string", Format: "email", Nullable: true, Max: i64(320)},
		{Name: "event_types", Path: "event_types", GoType: reflect.TypeFor[[]string](), Kind: "array", Max: i64(10),
			Items: &FieldInfo{GoType: reflect.TypeFor[string](), Kind: "string", Max: i64(1000), Enum: []string{"a", "b"}}},
		{Name: "limit", Path: "limit", GoType: reflect.TypeFor[*int](), Kind: "integer", Nullable: true, Positive: true, Max: i64(500)},
		{Name: "access_schedule", Path: "access_schedule", GoType: reflect.TypeFor[*schedule](), Kind: "object", Nullable: true, Fields: []FieldInfo{starts, ends}},
		{Name: "custom_metadata", Path: "custom_metadata", GoType: reflect.TypeFor[map[string]any](), Kind: "object"},
		{Name: "raw", Path: "raw", GoType: reflect.TypeFor[json.RawMessage](), Kind: "any"},
		{Name: "ratio", Path: "ratio", GoType: reflect.TypeFor[float64](), Kind: "number", Min: i64(0)},
		{Name: "on", Path: "on", GoType: reflect.TypeFor[bool](), Kind: "boolean"},
		{Name: "full_name", Path: "full_name", GoType: reflect.TypeFor[string](), Kind: "string", Min: i64(1), Max: i64(1000)},
		{Name: "window", Path: "window", GoType: reflect.TypeFor[Nullable[schedule]](), Kind: "object", Nullable: true, Fields: []FieldInfo{
			{Name: "starts_at", Path: "window.starts_at", GoType: reflect.TypeFor[time.Time](), Kind: "string", Format: "date-time", Required: true},
			{Name: "ends_at", Path: "window.ends_at", GoType: reflect.TypeFor[*time.Time](), Kind: "string", Format: "date-time", Nullable: true},
		}},
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[params](), reflect.TypeFor[*params]()} {
		got := Fields(typ)
		if len(got) != len(want) {
			t.Fatalf("Fields(%v): %d fields, want %d", typ, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("Fields(%v)[%d]:\n got %+v\nwant %+v", typ, i, got[i], want[i])
			}
		}
	}

	for _, typ := range []reflect.Type{reflect.TypeFor[int](), reflect.TypeFor[struct{ A chan int }]()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Fields(%v) did not panic", typ)
				}
			}()
			Fields(typ)
		}()
	}
}

// The first decode of a type builds its plan; many at once must agree.
func TestConcurrentFirstUse(t *testing.T) {
	t.Parallel()
	type fresh struct {
		ID string `json:"id" v:"required,uuid"`
	}
	done := make(chan error)
	for range 16 {
		go func() {
			var dst fresh
			done <- DecodeJSON([]byte(`{"id":"`+uuidA+`"}`), &dst)
		}()
	}
	for range 16 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
