package api

import (
	"testing"

	"github.com/lintel-dev/lintel/internal/openapi"
)

// The document lintel serves at /openapi.json must load in the Seam CLI
// (`seam … --remote-schema`); the interop suite proves it with the real
// CLI, this test catches a route that breaks the loader's rules sooner.
func TestOpenAPIDocumentPassesBlueprintRules(t *testing.T) {
	t.Parallel()
	doc, err := openapi.Document("test", Operations())
	if err != nil {
		t.Fatal(err)
	}
	if err := openapi.Check(doc); err != nil {
		t.Fatal(err)
	}
}
