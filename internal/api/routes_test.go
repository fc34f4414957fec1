package api

import (
	"strings"
	"testing"
)

// TestRoutesMatchSpec checks every route of the table against Seam's
// OpenAPI document: the same methods, the same accepted credential kinds
// (among those lintel supports), the same response key.
func TestRoutesMatchSpec(t *testing.T) {
	t.Parallel()
	for _, rt := range (&Server{}).routeTable() {
		spec, ok := specOperations[rt.Path]
		if !ok {
			if rt.Auth&authNone == 0 {
				t.Errorf("%s: not in the spec, yet requires credentials", rt.Path)
			}
			continue
		}
		if got := strings.ReplaceAll(rt.Methods.String(), " ", ""); !sameSet(got, spec.Methods) {
			t.Errorf("%s: methods %s, spec says %s", rt.Path, got, spec.Methods)
		}
		if rt.Auth != spec.Auth {
			t.Errorf("%s: auth %v, spec says %v", rt.Path, rt.Auth.schemes(), spec.Auth.schemes())
		}
		if rt.ResponseKey != spec.ResponseKey {
			t.Errorf("%s: response key %q, spec says %q", rt.Path, rt.ResponseKey, spec.ResponseKey)
		}
	}
}

func sameSet(a, b string) bool {
	as, bs := strings.Split(a, ","), strings.Split(b, ",")
	if len(as) != len(bs) {
		return false
	}
	m := map[string]bool{}
	for _, x := range as {
		m[x] = true
	}
	for _, x := range bs {
		if !m[x] {
			return false
		}
	}
	return true
}
