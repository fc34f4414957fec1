package accesscode

import (
	"crypto/rand"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
)

// The rules a lock sets for its codes come from the provider catalogue
// (store.Device's code columns); a code that breaks one is refused with
// invalid_input naming the field, before anything changes.

// checkCode adds to v what is wrong with code on d, under field.
func checkCode(v *lintel.InvalidInput, field, code string, d store.Device) {
	if d.CodeDigitsOnly && strings.Trim(code, "0123456789") != "" {
		v.Add(field, "The device accepts codes of digits only")
		return
	}
	if n := utf8.RuneCountInString(code); len(d.SupportedCodeLengths) > 0 && !slices.Contains(d.SupportedCodeLengths, n) {
		v.Add(field, "The device accepts codes of length "+lengths(d.SupportedCodeLengths)+", not "+strconv.Itoa(n))
		return
	}
	for _, c := range d.CodeConstraints {
		if msg := breaks(c, code); msg != "" {
			v.Add(field, msg)
		}
	}
}

func lengths(ls []int) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = strconv.Itoa(l)
	}
	return strings.Join(parts, ", ")
}

// breaks says how code breaks one of Seam's code constraint types, or ""
// if it keeps it (or lintel does not know the constraint).
func breaks(constraint, code string) string {
	switch constraint {
	case "no_zeros":
		if strings.Contains(code, "0") {
			return "The device accepts no code containing 0"
		}
	case "cannot_start_with_12":
		if strings.HasPrefix(code, "12") {
			return "The device accepts no code starting with 12"
		}
	case "cannot_contain_089":
		if strings.ContainsAny(code, "089") {
			return "The device accepts no code containing 0, 8 or 9"
		}
	case "cannot_contain_0789":
		if strings.ContainsAny(code, "0789") {
			return "The device accepts no code containing 0, 7, 8 or 9"
		}
	case "no_triple_consecutive_ints":
		for i := 0; i+2 < len(code); i++ {
			if code[i+1] == code[i]+1 && code[i+2] == code[i]+2 {
				return "The device accepts no code with three consecutive digits"
			}
		}
	case "no_ascending_or_descending_sequence":
		up, down := true, true
		for i := 1; i < len(code); i++ {
			up = up && code[i] == code[i-1]+1
			down = down && code[i] == code[i-1]-1
		}
		if len(code) > 1 && (up || down) {
			return "The device accepts no code that is an ascending or descending sequence"
		}
	case "at_least_three_unique_digits":
		seen := map[rune]bool{}
		for _, r := range code {
			seen[r] = true
		}
		if len(seen) < 3 {
			return "The device accepts only codes of at least three different digits"
		}
	}
	return ""
}

// checkName adds to v a name longer than the device takes.
func checkName(v *lintel.InvalidInput, name string, d store.Device) {
	if d.CodeNameMaxLength != nil && utf8.RuneCountInString(name) > *d.CodeNameMaxLength {
		v.Add("name", "The device takes names of at most "+strconv.Itoa(*d.CodeNameMaxLength)+" characters")
	}
}

// window reads starts_at and ends_at: both or neither, starts_at before
// ends_at, ends_at not past.
func window(v *lintel.InvalidInput, startsAt, endsAt string, now time.Time) (starts, ends *time.Time) {
	parse := func(field, s string) *time.Time {
		if s == "" {
			return nil
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			v.Add(field, "Invalid datetime")
			return nil
		}
		t = t.UTC().Truncate(time.Millisecond)
		return &t
	}
	starts, ends = parse("starts_at", startsAt), parse("ends_at", endsAt)
	switch {
	case startsAt != "" && endsAt == "":
		v.Add("ends_at", "Required with starts_at: a time-bound code has both")
	case endsAt != "" && startsAt == "":
		v.Add("starts_at", "Required with ends_at: a time-bound code has both")
	case starts != nil && ends != nil && !starts.Before(*ends):
		v.Add("ends_at", "Must be after starts_at")
	case ends != nil && !ends.After(now):
		v.Add("ends_at", "Must be in the future")
	}
	return starts, ends
}

// holds reports whether c takes a place among the codes on its device.
func holds(c store.AccessCode) bool {
	return !c.IsManaged || c.Status != statusRemoving
}

// checkRoom refuses a new code on a device whose codes fill it.
func checkRoom(d store.Device, codes []store.AccessCode, adding int) error {
	if d.MaxActiveCodesSupported == nil {
		return nil
	}
	n := 0
	for _, c := range codes {
		if holds(c) {
			n++
		}
	}
	if n+adding > *d.MaxActiveCodesSupported {
		return invalid("device_id", "The device holds at most "+strconv.Itoa(*d.MaxActiveCodesSupported)+" access codes")
	}
	return nil
}

// taken reports whether another code of the device has this PIN.
func taken(codes []store.AccessCode, code, exceptID string) bool {
	for _, c := range codes {
		if c.AccessCodeID != exceptID && holds(c) && c.Code != nil && *c.Code == code {
			return true
		}
	}
	return false
}

// generate makes a code the device accepts and does not hold yet: of the
// preferred length if the device takes it, else of its shortest length.
func generate(d store.Device, codes []store.AccessCode, preferred int) (string, error) {
	length := 4
	if len(d.SupportedCodeLengths) > 0 {
		length = slices.Min(d.SupportedCodeLengths)
	}
	if preferred > 0 && (len(d.SupportedCodeLengths) == 0 || slices.Contains(d.SupportedCodeLengths, preferred)) {
		length = preferred
	}
	for range 1000 {
		var b strings.Builder
		for range length {
			n, err := rand.Int(rand.Reader, big.NewInt(10))
			if err != nil {
				return "", err
			}
			b.WriteByte(byte('0' + n.Int64()))
		}
		code := b.String()
		var v lintel.InvalidInput
		checkCode(&v, "code", code, d)
		if v.Empty() && !taken(codes, code, "") {
			return code, nil
		}
	}
	return "", invalid("device_id", "No free code of length "+strconv.Itoa(length)+" is left on the device")
}
