package store_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoWireOrConnectorTypes holds the rule of the package documentation:
// the store speaks in its own row types, so none of its files imports the
// API's wire types (client) or a connector's model.
func TestNoWireOrConnectorTypes(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			switch path {
			case "github.com/lintel-dev/lintel/client", "github.com/lintel-dev/lintel/internal/connector":
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
