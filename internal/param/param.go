// Package param turns request parameters (a JSON body, or a query string for
// GET and DELETE) into the Go struct a handler declares, and checks them
// against the rules written in the struct's tags.
//
// A params struct names each parameter with a `json:"name"` tag and may add a
// `v:"..."` tag of comma-separated rules:
//
//	required     the parameter must be given (null does not count, except for a Nullable)
//	uuid         a hyphenated UUID, any version, either case
//	email        an email address; implies max=320
//	datetime     RFC 3339 with optional fractional seconds, "Z" or a ±hh:mm offset
//	min=N        string length in characters, array length, or number value
//	max=N        likewise; strings default to 1000, emails to 320, arrays to 500
//	nonempty     at least one character (string) or one element (array)
//	positive     a number greater than 0
//	enum=a|b|c   one of the listed strings (for []string, every element)
//
// For []string, uuid, email, datetime and enum apply to each element, and
// min, max and nonempty to the number of elements; each element is a string
// capped at 1000 characters (320 for emails). Every string must also be
// valid UTF-8 without NUL characters, which no database column here stores.
//
// Both decoders report every problem at once as an invalid_input
// *lintel.Error whose Fields are keyed by the dotted parameter name
// ("access_schedule.starts_at", "event_types.2"); the messages follow zod's,
// because Seam's SDKs and users already know them.
//
// Parsing is strict where two readers could disagree about a body: duplicate
// keys, keys differing only in case, trailing data, a BOM and invalid UTF-8
// are refused rather than resolved, and keys match field names exactly.
package param

import (
	"fmt"
	"net/url"
	"reflect"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
)

// Nullable is a parameter that may be absent, explicitly null, or set. It
// is the public client.Nullable, so that the SDK and the server share it;
// the plan builder recognises it by its NullableParam method.
type Nullable[T any] = client.Nullable[T]

// DecodeJSON fills dst, a non-nil pointer to a params struct, from a JSON
// request body. An empty or whitespace-only body counts as {}. dst is zeroed
// first, so fields the body leaves out hold their zero value.
//
// It returns nil, or an invalid_input *lintel.Error for anything wrong with
// the body. A plain error means dst is not a usable params struct, which is a
// programming error.
func DecodeJSON(body []byte, dst any) error {
	v, p, err := destination(dst)
	if err != nil {
		return err
	}
	v.SetZero()
	start, err := checkBody(body)
	if err != nil {
		return err
	}
	var d jsonDecoder
	var obj []byte
	if start >= 0 {
		obj = body[start:]
	}
	d.object(p, obj, v)
	return d.errs.Err()
}

// DecodeQuery fills dst, a non-nil pointer to a params struct, from a URL
// query, as Seam's SDK serialises it: repeated keys for arrays, "key=" for
// null (or an empty array), dotted keys for nested objects. Unknown keys,
// including the SDK's "_strict", are ignored. Free-form fields (map[string]any
// and json.RawMessage) can only come from a JSON body and stay empty here.
//
// Errors are as for DecodeJSON.
func DecodeQuery(q url.Values, dst any) error {
	v, p, err := destination(dst)
	if err != nil {
		return err
	}
	v.SetZero()
	d := queryDecoder{q: q}
	d.caseVariants(p)
	d.object(p, v)
	return d.errs.Err()
}

// Validate runs the rules of dst's struct tags on a struct the caller built
// itself; dst is a struct or a pointer to one. A struct cannot tell an absent
// number or bool from its zero value, so Validate treats those zero values,
// empty strings, nil slices and maps, and zero times as not given: it is never
// stricter than the decoders, which know what the request carried.
func Validate(dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return fmt.Errorf("param: Validate needs a struct or a non-nil pointer to one, got %T", dst)
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("param: Validate needs a struct or a non-nil pointer to one, got %T", dst)
	}
	p, err := planFor(v.Type())
	if err != nil {
		return err
	}
	var errs lintel.InvalidInput
	validateStruct(&errs, p, v)
	return errs.Err()
}

// destination checks that dst can be decoded into and returns the struct it
// points to with its plan.
func destination(dst any) (reflect.Value, *plan, error) {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, nil, fmt.Errorf("param: destination must be a non-nil pointer to a struct, got %T", dst)
	}
	v = v.Elem()
	p, err := planFor(v.Type())
	if err != nil {
		return reflect.Value{}, nil, err
	}
	return v, p, nil
}
