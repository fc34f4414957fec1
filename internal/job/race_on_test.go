//go:build race

package job_test

// raceEnabled: the race detector slows the pure-Go SQLite down about
// fortyfold, so the heaviest tests use fewer objects under it.
const raceEnabled = true
