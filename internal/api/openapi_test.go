package api

import (
	"context"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

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

// The document is valid OpenAPI 3 for a general-purpose validator too
// (kin-openapi): references resolve, schemas are well formed, every path's
// parameters and operations follow the specification.
func TestOpenAPIDocumentIsValidOpenAPI(t *testing.T) {
	t.Parallel()
	doc, err := openapi.Document("test", Operations())
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := loaded.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := loaded.Paths.Len(); n < 60 {
		t.Errorf("%d paths in the document; want every route", n)
	}
}
