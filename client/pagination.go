package client

import (
	"context"
	"iter"
)

// Pagination tells a caller of a paginated list how to get the next page:
// call the route again with the same parameters and page_cursor set to
// NextPageCursor. The cursor is opaque.
type Pagination struct {
	HasNextPage    bool    `json:"has_next_page"`
	NextPageCursor *string `json:"next_page_cursor"`
	NextPageURL    *string `json:"next_page_url"`
}

// paginate yields every item of every page of a paginated list route,
// fetching the next page only when the caller has consumed the previous
// one. Each page is requested with the original params plus page_cursor,
// as Seam's SDKs do. It stops after the last page, when a cursor comes back
// a second time (a server that loops would otherwise never end), at the
// first error (yielded with T's zero value), or when the caller stops.
func paginate[T any](ctx context.Context, c *conn, method, path, key string, params any) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		p, err := paramsObject(params)
		if err != nil {
			yield(zero, err)
			return
		}
		seen := map[string]bool{}
		for {
			var items []T
			var pg Pagination
			if err := c.call(ctx, method, path, p, key, &items, &pg); err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if !pg.HasNextPage || pg.NextPageCursor == nil || *pg.NextPageCursor == "" || seen[*pg.NextPageCursor] {
				return
			}
			seen[*pg.NextPageCursor] = true
			p["page_cursor"] = *pg.NextPageCursor
		}
	}
}
