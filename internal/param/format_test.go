package param

import (
	"strings"
	"testing"
)

func TestFormats(t *testing.T) {
	t.Parallel()
	emails := map[string]bool{
		"jane@example.com":          true,
		"j.a_n+e-'x@sub.example.io": true,
		"JANE@EXAMPLE.COM":          true,
		"a@b-.co":                   true,
		"":                          false,
		"@example.com":              false,
		"jane":                      false,
		"jane@@example.com":         false,
		"jane@ex@ample.com":         false,
		".jane@example.com":         false,
		"jane.@example.com":         false,
		"jane'@example.com":         false,
		"ja ne@example.com":         false,
		"jané@example.com":          false,
		"jane@example":              false,
		"jane@example.c":            false,
		"jane@example.c0m":          false,
		"jane@-example.com":         false,
		"jane@exa_mple.com":         false,
		"jane@example..com":         false,
		"jane@.example.com":         false,
		"jane@example.com.":         false,
	}
	for s, want := range emails {
		if got := isEmail(s); got != want {
			t.Errorf("isEmail(%q) = %v, want %v", s, got, want)
		}
	}
	uuids := map[string]bool{
		uuidA:                                  true,
		strings.ToUpper(uuidA):                 true,
		"00000000-0000-0000-0000-000000000000": true,
		"ffffffff-ffff-ffff-ffff-ffffffffffff": true,
		uuidA[:35]:                             false,
		uuidA + "0":                            false,
		"0b9d62c7-6a4e-4c1a-9d4e_2f1f3a6b8c01": false,
		"0b9d62c76a4e-4c1a-9d4e-2f1f3a6b8c01-": false,
		"urn:uuid:" + uuidA:                    false,
	}
	for s, want := range uuids {
		if got := isUUID(s); got != want {
			t.Errorf("isUUID(%q) = %v, want %v", s, got, want)
		}
	}
	times := map[string]bool{
		"2026-01-01T00:00:00Z":           true,
		"2026-01-01T00:00:00.1Z":         true,
		"2026-01-01T00:00:00.123456789Z": true,
		"2026-01-01T23:59:59-23:59":      true,
		"2024-02-29T00:00:00Z":           true,
		"2025-02-29T00:00:00Z":           false,
		"2026-13-01T00:00:00Z":           false,
		"2026-01-01T00:60:00Z":           false,
		"2026-01-01T00:00:60Z":           false,
		"2026-01-01 00:00:00Z":           false,
		"2026-01-01t00:00:00Z":           false,
		"2026-01-01T00:00:00+0100":       false,
		"2026-01-01T00:00:00+01:60":      false,
		"2026-01-01T00:00:00.Z":          false,
		"2026-1-01T00:00:00Z":            false,
		"+2026-01-01T00:00:00Z":          false,
		"2026-01-01T00:00:00ZZ":          false,
	}
	for s, want := range times {
		if _, got := parseDatetime(s); got != want {
			t.Errorf("parseDatetime(%q) = %v, want %v", s, got, want)
		}
	}
	numbers := map[string]bool{
		"0": true, "-0": true, "1.5": true, "1e5": true, "1E+5": true, "-1.25e-3": true,
		"": false, "-": false, "01": false, "1.": false, ".5": false, "1e": false, "1e+": false,
		"+1": false, "0x10": false, "NaN": false, "Inf": false, "1_000": false, " 1": false, "1 ": false,
	}
	for s, want := range numbers {
		if got := isNumber(s); got != want {
			t.Errorf("isNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestFoldKey(t *testing.T) {
	t.Parallel()
	same := [][2]string{{"abc", "ABC"}, {"k", "\u212a"}, {"ǅ", "ǆ"}, {"σ", "ς"}, {"ſ", "S"}, {"Ω", "\u2126"}}
	for _, p := range same {
		if foldKey([]byte(p[0])) != foldKey([]byte(p[1])) {
			t.Errorf("foldKey(%q) != foldKey(%q)", p[0], p[1])
		}
	}
	if foldKey([]byte("straße")) == foldKey([]byte("strasse")) {
		t.Error("foldKey treats ß as ss, which bytes.EqualFold does not")
	}
}
