package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"testing"
)

// promisedRoutesFile is the list of routes lintel promises, kept in the
// repository so that a route removed from the table shows in review; the
// interop suite fails when one of them is missing from /openapi.json,
// answers 501 or is not exercised by an official client.
const promisedRoutesFile = "../../interop/promised-routes.json"

var update = flag.Bool("update", false, "rewrite "+promisedRoutesFile+" from the route table")

// promisedRoutes is the file's content.
type promisedRoutes struct {
	Comment string   `json:"//"`
	Routes  []string `json:"routes"`
}

func renderPromisedRoutes() []byte {
	doc := promisedRoutes{
		Comment: "The routes lintel promises: generated from internal/api/routes.go by `go generate -run TestPromisedRoutes ./internal/api`; do not edit. " +
			"The interop suite requires each to be in /openapi.json, never to answer 501, and to be exercised by an official client.",
	}
	for _, rt := range (&Server{}).routeTable() {
		doc.Routes = append(doc.Routes, rt.Path)
	}
	slices.Sort(doc.Routes)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// TestPromisedRoutesUpToDate fails when the committed list differs from
// the route table.
func TestPromisedRoutesUpToDate(t *testing.T) {
	want := renderPromisedRoutes()
	if *update {
		if err := os.WriteFile(promisedRoutesFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(promisedRoutesFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		var old promisedRoutes
		_ = json.Unmarshal(got, &old)
		var fresh promisedRoutes
		_ = json.Unmarshal(want, &fresh)
		var added, removed []string
		for _, r := range fresh.Routes {
			if !slices.Contains(old.Routes, r) {
				added = append(added, r)
			}
		}
		for _, r := range old.Routes {
			if !slices.Contains(fresh.Routes, r) {
				removed = append(removed, r)
			}
		}
		t.Errorf("interop/promised-routes.json is not the route table's list (added %v, removed %v): run `go generate -run TestPromisedRoutes ./internal/api` "+
			"and commit the file; each added route then needs an interop test (interop/test/suites) that exercises it with an official client", added, removed)
	}
}
