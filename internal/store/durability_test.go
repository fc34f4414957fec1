package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestParseDurability(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want store.Durability
		err  bool
	}{
		{"", store.DurabilityFull, false},
		{"full", store.DurabilityFull, false},
		{" Process ", store.DurabilityProcess, false},
		{"normal", "", true},
		{"off", "", true},
	} {
		got, err := store.ParseDurability(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseDurability(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.err)
		}
		if err != nil && !strings.Contains(err.Error(), "full or process") {
			t.Errorf("ParseDurability(%q): %v does not name the choices", tc.in, err)
		}
	}
}

// TestDurabilityModes opens SQLite in each mode and reads what every
// connection reports, and checks that PostgreSQL refuses the relaxed mode.
func TestDurabilityModes(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		d    store.Durability
		want string
	}{
		{"", "FULL"},
		{store.DurabilityFull, "FULL"},
		{store.DurabilityProcess, "NORMAL"},
	} {
		st, err := store.Open(ctx, storetest.SQLiteURL(t), store.Options{Durability: tc.d})
		if err != nil {
			t.Fatal(err)
		}
		settings, err := st.DurabilitySettings(ctx)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, s := range settings {
			if s.Name == "synchronous" {
				n++
				if s.Value != tc.want {
					t.Errorf("durability %q: %s connection synchronous = %s, want %s", tc.d, s.Connection, s.Value, tc.want)
				}
			}
		}
		if n == 0 {
			t.Errorf("durability %q: no connection reported synchronous", tc.d)
		}
	}
	if url := storetest.PostgresURL(); url != "" {
		_, err := store.Open(ctx, url, store.Options{Durability: store.DurabilityProcess})
		if err == nil || !strings.Contains(err.Error(), "is for SQLite") {
			t.Errorf("PostgreSQL with durability process: %v, want a refusal", err)
		}
	}
}
