package lintel

// Distinct returns the non-empty strings of the lists, each once, in the
// order first seen; never nil. Lists a request names (ids, event types)
// go through it, so that a repeat changes nothing.
func Distinct(lists ...[]string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, list := range lists {
		for _, s := range list {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
