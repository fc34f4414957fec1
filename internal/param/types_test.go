package param

import (
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
)

// deleteParams is the shape of the hot path: /acs/users/delete.
type deleteParams struct {
	AcsUserID      string `json:"acs_user_id" v:"uuid"`
	UserIdentityID string `json:"user_identity_id" v:"uuid"`
	AcsSystemID    string `json:"acs_system_id" v:"uuid"`
}

type schedule struct {
	StartsAt time.Time  `json:"starts_at" v:"required"`
	EndsAt   *time.Time `json:"ends_at"`
}

// sink has a field of every supported type and a rule of every kind, none
// required, so that each test case names only the problem it is about.
type sink struct {
	ID       string              `json:"id" v:"uuid"`
	Name     string              `json:"name" v:"nonempty,max=10"`
	Note     string              `json:"note"`
	Code     string              `json:"code" v:"min=4,max=8"`
	Email    *string             `json:"email" v:"email"`
	When     string              `json:"when" v:"datetime"`
	Mode     string              `json:"mode" v:"enum=a|b"`
	Types    []string            `json:"types" v:"enum=x|y,max=3"`
	IDs      []string            `json:"ids" v:"uuid,nonempty"`
	Tags     []string            `json:"tags"`
	Limit    int                 `json:"limit" v:"min=1,max=500"`
	Count    *int                `json:"count" v:"positive"`
	Small    int8                `json:"small"`
	On       bool                `json:"on"`
	Off      *bool               `json:"off"`
	Ratio    float64             `json:"ratio" v:"max=1"`
	PRatio   *float64            `json:"p_ratio" v:"positive"`
	At       time.Time           `json:"at"`
	Until    *time.Time          `json:"until"`
	Schedule *schedule           `json:"access_schedule"`
	Meta     map[string]any      `json:"meta"`
	Raw      json.RawMessage     `json:"raw"`
	Phone    Nullable[string]    `json:"phone" v:"max=5"`
	Size     Nullable[int]       `json:"size" v:"max=9"`
	Since    Nullable[time.Time] `json:"since"`
	Labels   Nullable[[]string]  `json:"labels"`
	Window   Nullable[schedule]  `json:"window"`
	Hidden   string              `json:"-"`
	Plain    string              // no tag: named like encoding/json would
	private  string
}

// required has `required` on a field of every type.
type required struct {
	S    string             `json:"s" v:"required"`
	PS   *string            `json:"ps" v:"required"`
	I    int                `json:"i" v:"required"`
	PI   *int               `json:"pi" v:"required"`
	B    bool               `json:"b" v:"required"`
	F    float64            `json:"f" v:"required"`
	T    time.Time          `json:"t" v:"required"`
	L    []string           `json:"l" v:"required"`
	N    Nullable[string]   `json:"n" v:"required"`
	Obj  schedule           `json:"obj" v:"required"`
	PObj *schedule          `json:"pobj" v:"required"`
	NObj Nullable[schedule] `json:"nobj" v:"required"`
	M    map[string]any     `json:"m" v:"required"`
	R    json.RawMessage    `json:"r" v:"required"`
}

// embedded has a plain nested struct, not required: its members' rules
// apply whether or not the object is given.
type embedded struct {
	Schedule schedule `json:"access_schedule"`
	Note     string   `json:"note"`
}

// fields is shorthand for the expected Fields of an invalid_input error.
type fields = map[string][]string

// wantInvalid asserts that err is nil when want is nil, and otherwise an
// invalid_input *lintel.Error with exactly want as its Fields.
func wantInvalid(t *testing.T, err error, want fields) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v (fields %q)", err, errFields(err))
		}
		return
	}
	var e *lintel.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v (%T), want an invalid_input *lintel.Error with fields %q", err, err, want)
	}
	if e.Code != lintel.EInvalidInput {
		t.Errorf("code = %q, want %q", e.Code, lintel.EInvalidInput)
	}
	if !maps.EqualFunc(e.Fields, want, slices.Equal) {
		t.Errorf("fields:\n got %q\nwant %q", e.Fields, want)
	}
}

func errFields(err error) fields {
	var e *lintel.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

func wantValue(t *testing.T, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded:\n got %+v\nwant %+v", got, want)
	}
}

func ptr[T any](v T) *T { return &v }

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}
