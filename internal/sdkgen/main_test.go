package main

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/openapi"
)

// TestGeneratedFileIsCurrent fails when a route was added or changed
// without regenerating the SDK.
func TestGeneratedFileIsCurrent(t *testing.T) {
	t.Parallel()
	want, err := generate(api.Operations())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../client/routes_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("client/routes_gen.go is stale: run go generate ./client")
	}
}

// TestGenerateEveryShape generates methods for every kind of route the table
// can hold and type-checks them with the rest of package client.
func TestGenerateEveryShape(t *testing.T) {
	t.Parallel()
	params := reflect.TypeFor[client.WorkspacesListParams]()
	res := reflect.TypeFor[client.Workspace]()
	ops := []openapi.Operation{
		{Path: "/things/get", Methods: []string{"GET", "POST"}, Params: params, ResponseKey: "thing", Response: res, Summary: "Get a thing"},
		{Path: "/things/list", Methods: []string{"GET", "POST"}, Params: params, ResponseKey: "things", Response: res, List: true, Paginated: true},
		{Path: "/things/plain_list", Methods: []string{"POST"}, Params: params, ResponseKey: "things", Response: res, List: true},
		{Path: "/things/delete", Methods: []string{"POST", "DELETE"}, Params: params},
		{Path: "/things/unlock", Methods: []string{"POST"}, Params: params, ResponseKey: "action_attempt", Response: reflect.TypeFor[client.ActionAttempt]()},
		{Path: "/things/raw", Methods: []string{"POST", "PUT"}, Params: params, ResponseKey: "raw"},
		{Path: "/things/deep/nested/get", Methods: []string{"PATCH", "POST"}, Params: params, ResponseKey: "thing", Response: res},
		{Path: "/things", Methods: []string{"POST"}, Params: params},
	}
	src, err := generate(ops)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"func (g *ThingsClient) Get(ctx context.Context, params WorkspacesListParams) (Workspace, error)",
		"func (g *ThingsClient) List(ctx context.Context, params WorkspacesListParams) ([]Workspace, error)",
		"func (g *ThingsClient) ListPage(ctx context.Context, params WorkspacesListParams) ([]Workspace, Pagination, error)",
		"func (g *ThingsClient) ListAll(ctx context.Context, params WorkspacesListParams) iter.Seq2[Workspace, error]",
		"func (g *ThingsClient) PlainList(ctx context.Context, params WorkspacesListParams) ([]Workspace, error)",
		"func (g *ThingsClient) Delete(ctx context.Context, params WorkspacesListParams) error",
		`g.conn.call(ctx, http.MethodDelete, "/things/delete"`,
		"return g.conn.resolveActionAttempt(ctx, out)",
		"func (g *ThingsClient) Raw(ctx context.Context, params WorkspacesListParams) (json.RawMessage, error)",
		`g.conn.call(ctx, http.MethodPut, "/things/raw"`,
		"Things *ThingsClient",
		"Deep *ThingsDeepClient",
		"func (g *ThingsDeepNestedClient) Get(",
		"// /things has no method of its own",
	} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("generated source lacks %q", want)
		}
	}
	typeCheck(t, src)
}

func TestGenerateRefusesForeignTypes(t *testing.T) {
	t.Parallel()
	type local struct{}
	_, err := generate([]openapi.Operation{{Path: "/x/get", Methods: []string{"POST"}, Params: reflect.TypeFor[local]()}})
	if err == nil || !strings.Contains(err.Error(), "package client") {
		t.Fatalf("err = %v, want a complaint about the params type", err)
	}
}

// typeCheck checks src as client/routes_gen.go with the package's other
// non-test files.
func typeCheck(t *testing.T, src []byte) {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("../../client/*.go")
	if err != nil {
		t.Fatal(err)
	}
	var parsed []*ast.File
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || filepath.Base(f) == "routes_gen.go" {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, af)
	}
	gen, err := parser.ParseFile(fset, "routes_gen.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	parsed = append(parsed, gen)
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("github.com/lintel-dev/lintel/client", fset, parsed, nil); err != nil {
		t.Fatalf("generated source does not compile: %v\n%s", err, src)
	}
}
