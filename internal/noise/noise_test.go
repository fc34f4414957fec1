package noise

import (
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/store"
)

func TestInForce(t *testing.T) {
	t.Parallel()
	at := func(h, m int) time.Time { return time.Date(2026, 7, 1, h, m, 0, 0, time.UTC) }
	for _, c := range []struct {
		starts, ends string
		t            time.Time
		want         bool
	}{
		{"07:00", "22:00", at(7, 0), true}, // the start is included
		{"07:00", "22:00", at(21, 59), true},
		{"07:00", "22:00", at(22, 0), false}, // the end is not
		{"07:00", "22:00", at(6, 59), false},
		{"22:00:00", "07:00:00", at(23, 30), true}, // past midnight
		{"22:00:00", "07:00:00", at(3, 0), true},
		{"22:00:00", "07:00:00", at(7, 0), false},
		{"22:00:00", "07:00:00", at(12, 0), false},
		{"00:00", "00:00", at(12, 0), true}, // all day
		{"08:30:15", "08:30:20", time.Date(2026, 7, 1, 8, 30, 17, 0, time.UTC), true},
		// Summer in Los Angeles is UTC-7: 05:00 UTC is 22:00 there.
		{"22:00:00[America/Los_Angeles]", "07:00:00[America/Los_Angeles]", at(5, 0), true},
		{"22:00:00[America/Los_Angeles]", "07:00:00[America/Los_Angeles]", at(14, 0), false},
		{"22:00:00[America/Los_Angeles]", "07:00:00[America/Los_Angeles]", at(13, 59), true},
		{"noon", "07:00", at(12, 0), false}, // never in force when the times do not parse
	} {
		n := store.NoiseThreshold{StartsDailyAt: c.starts, EndsDailyAt: c.ends}
		if got := InForce(n, c.t); got != c.want {
			t.Errorf("InForce(%s to %s, %s) = %v, want %v", c.starts, c.ends, c.t.Format(time.TimeOnly), got, c.want)
		}
	}
}

func TestParseDaily(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in      string
		seconds int
		zone    string
		ok      bool
	}{
		{"00:00", 0, "", true},
		{"23:59:59", 86399, "", true},
		{"20:00:00[America/Los_Angeles]", 72000, "America/Los_Angeles", true},
		{"07:05[Europe/Paris]", 25500, "Europe/Paris", true},
		{"24:00", 0, "", false},
		{"7:00", 0, "", false},
		{"07:60", 0, "", false},
		{"07:00:00Z", 0, "", false},
		{"07:00[Mars/Olympus]", 0, "", false},
		{"07:00[../../etc/passwd]", 0, "", false},
		{"", 0, "", false},
	} {
		got, err := parseDaily(c.in)
		if (err == nil) != c.ok || (c.ok && (got.seconds != c.seconds || got.zone != c.zone)) {
			t.Errorf("parseDaily(%q) = %+v, %v; want %d %q ok=%v", c.in, got, err, c.seconds, c.zone, c.ok)
		}
	}
}
