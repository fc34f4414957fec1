package api

import (
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
