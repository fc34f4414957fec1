package api

import (
	"reflect"
	"strings"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/page"
)

// listPage wraps one page of a paginated list for writeResult.
func listPage[T any](items []T, pg page.Pagination) pageResult {
	if items == nil {
		items = []T{}
	}
	return pageResult{items: items, pagination: client.Pagination{HasNextPage: pg.HasNextPage, NextPageCursor: pg.NextPageCursor}}
}

// The cursors a paginated route hands out are sealed with the server key
// for the caller's workspace and the route: the domain sees the plain
// keyset cursor, the client an opaque value it cannot edit or carry to
// another workspace or list.

// cursorScope binds a cursor to the workspace and the route.
func cursorScope(rt *route, p lintel.Principal) string { return p.WorkspaceID + "\x00" + rt.Path }

// openCursor replaces the sealed page_cursor of in, a pointer to the
// route's params, with the cursor it seals; one that does not open is 400.
func (s *Server) openCursor(rt *route, p lintel.Principal, in any) error {
	f := reflect.ValueOf(in).Elem().Field(rt.cursorField)
	c, _ := f.Interface().(*string)
	if c == nil || *c == "" {
		return nil
	}
	plain, err := s.svc.Cursors.Open(cursorScope(rt, p), *c)
	if err != nil {
		return err
	}
	f.Set(reflect.ValueOf(&plain))
	return nil
}

// sealCursor seals the next page's cursor of a page.
func (s *Server) sealCursor(rt *route, p lintel.Principal, pg pageResult) (pageResult, error) {
	if pg.pagination.NextPageCursor == nil {
		return pg, nil
	}
	sealed, err := s.svc.Cursors.Seal(cursorScope(rt, p), *pg.pagination.NextPageCursor)
	if err != nil {
		return pg, err
	}
	pg.pagination.NextPageCursor = &sealed
	return pg, nil
}

// cursorField is the index of the page_cursor field (a *string) of a params
// struct type, or -1.
func cursorField(t reflect.Type) int {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "page_cursor" && f.Type == reflect.TypeFor[*string]() {
			return i
		}
	}
	return -1
}
