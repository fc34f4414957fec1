package lintel_test

import (
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
)

func TestDistinct(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		lists [][]string
		want  []string
	}{
		{"none", nil, []string{}},
		{"empty lists", [][]string{nil, {}}, []string{}},
		{"repeats, first order kept", [][]string{{"b", "a", "b", "c", "a"}}, []string{"b", "a", "c"}},
		{"across lists, empty strings left out", [][]string{{"", "a"}, {"b", "a", ""}}, []string{"a", "b"}},
	} {
		if got := lintel.Distinct(c.lists...); got == nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: Distinct(%q) = %#v, want %q", c.name, c.lists, got, c.want)
		}
	}
}
