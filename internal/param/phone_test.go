package param

import "testing"

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"+15555550100", "+15555550100", true},
		{"+1 (555) 555-0100", "+15555550100", true},
		{"+44 20 7946 0958", "+442079460958", true},
		{"+49.30.123456", "+4930123456", true},
		{"15555550100", "", false},       // no country code marker
		{"+0555550100", "", false},       // country codes do not start with 0
		{"+1555", "", false},             // too short
		{"+1234567890123456", "", false}, // 16 digits: too long
		{"+1 555 CALL NOW", "", false},
		{"", "", false},
	} {
		got, ok := NormalizePhone(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
