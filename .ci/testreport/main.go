// Command testreport reads `go test -json` events on its standard input and
// prints what plain `go test` would: each package's result line, and the
// output of every test that failed. At the end it prints how many
// PostgreSQL subtests (a test named …/postgres: storetest.ForEach and
// storetest.Backends) passed, skipped and failed, and it exits non-zero when
// any test or package failed, when the input held no package result, or
// when fewer than -min-postgres PostgreSQL subtests passed. `make test
// PGMIN=n` runs the suite through it; .ci/run does.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one line of go test -json (go doc test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail events
	Test       string
	Output     string
}

func main() {
	minPostgres := flag.Int("min-postgres", 0, "fail when fewer PostgreSQL subtests passed")
	flag.Parse()
	r := newReport(os.Stdout)
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		r.line(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(2)
	}
	if !r.finish(*minPostgres) {
		os.Exit(1)
	}
}

type report struct {
	out      io.Writer
	output   map[string][]string // test output held until the test ends, by package and test
	packages int
	failed   bool
	postgres map[string]int // action → count
}

func newReport(out io.Writer) *report {
	return &report{out: out, output: map[string][]string{}, postgres: map[string]int{}}
}

func (r *report) line(b []byte) {
	var e event
	if err := json.Unmarshal(b, &e); err != nil || e.Action == "" {
		// Not an event (a crash of go test itself): pass it on.
		fmt.Fprintln(r.out, string(b))
		return
	}
	key := e.Package + " " + e.Test
	switch {
	case e.Action == "build-output":
		fmt.Fprint(r.out, e.Output)
	case e.Action == "build-fail":
		r.failed = true
	case e.Action == "output" && e.Test == "":
		// The package's own lines: "ok …", "FAIL …", a panic outside tests.
		o := strings.TrimSpace(e.Output)
		if strings.HasPrefix(o, "FAIL\t") {
			r.flush(e.Package, true)
		}
		if o != "PASS" && o != "FAIL" && !strings.HasPrefix(o, "=== ") {
			fmt.Fprint(r.out, e.Output)
		}
	case e.Action == "output":
		if !strings.HasPrefix(e.Output, "=== ") { // RUN, PAUSE, CONT, NAME
			r.output[key] = append(r.output[key], e.Output)
		}
	case e.Test == "" && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
		r.packages++
		r.failed = r.failed || e.Action == "fail"
		r.flush(e.Package, e.Action == "fail")
	case e.Action == "pass" || e.Action == "fail" || e.Action == "skip":
		if e.Action == "fail" {
			r.failed = true
			fmt.Fprint(r.out, strings.Join(r.output[key], ""))
		}
		delete(r.output, key)
		if strings.HasSuffix(e.Test, "/postgres") {
			r.postgres[e.Action]++
		}
	}
}

// flush forgets the output held for a package's tests that never ended (a
// timeout's panic, a crash), printing it first when the package failed: it
// says what they were doing.
func (r *report) flush(pkg string, print bool) {
	for k, lines := range r.output {
		if strings.HasPrefix(k, pkg+" ") {
			if print {
				fmt.Fprint(r.out, strings.Join(lines, ""))
			}
			delete(r.output, k)
		}
	}
}

// finish prints the PostgreSQL count and reports whether the run passed.
func (r *report) finish(minPostgres int) bool {
	fmt.Fprintf(r.out, "PostgreSQL subtests: %d passed, %d skipped, %d failed\n",
		r.postgres["pass"], r.postgres["skip"], r.postgres["fail"])
	ok := !r.failed
	if r.packages == 0 {
		fmt.Fprintln(r.out, "testreport: no package result in the input")
		ok = false
	}
	if r.postgres["pass"] < minPostgres {
		fmt.Fprintf(r.out, "testreport: %d PostgreSQL subtests passed, fewer than %d (is LINTEL_TEST_DATABASE_URL set?)\n",
			r.postgres["pass"], minPostgres)
		ok = false
	}
	return ok
}
