package api

import (
	"maps"
	"slices"
	"strings"
)

// UnimplementedSpecPath returns a path of the official API, taking POST,
// that the route table does not serve yet; "" once it serves them all.
func UnimplementedSpecPath() string {
	served := map[string]bool{}
	for _, rt := range (&Server{}).routeTable() {
		served[rt.Path] = true
	}
	for _, path := range slices.Sorted(maps.Keys(specOperations)) {
		if !served[path] && strings.Contains(specOperations[path].Methods, "POST") {
			return path
		}
	}
	return ""
}
