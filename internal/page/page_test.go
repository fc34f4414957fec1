package page_test

import (
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
)

// listParams is shaped like the API's list params: limit and page_cursor
// beside the filters.
type listParams struct {
	AcsSystemID string  `json:"acs_system_id,omitempty"`
	Limit       int     `json:"limit,omitempty"`
	PageCursor  *string `json:"page_cursor,omitempty"`
}

func TestListRequest(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		limit, want int
	}{{0, 7}, {3, 3}, {page.MaxLimit + 1, page.MaxLimit}} {
		r, err := page.ListRequest(listParams{Limit: c.limit}, 7)
		if err != nil || r.Limit != c.want || r.After != nil {
			t.Errorf("limit %d: %+v, %v; want limit %d, no cursor", c.limit, r, err, c.want)
		}
	}

	// A cursor continues the list it was issued for, whatever the limit,
	// and only that list.
	first, err := page.ListRequest(listParams{AcsSystemID: "a", Limit: 1}, 7)
	if err != nil {
		t.Fatal(err)
	}
	last := page.Key{CreatedAt: time.UnixMilli(1700000000123).UTC(), ID: lintel.NewID()}
	rows := []page.Key{last, {CreatedAt: last.CreatedAt.Add(time.Millisecond), ID: lintel.NewID()}}
	_, pg := page.Result(first, rows, func(k page.Key) page.Key { return k })
	if !pg.HasNextPage || pg.NextPageCursor == nil {
		t.Fatalf("pagination = %+v, want a next page", pg)
	}
	next, err := page.ListRequest(listParams{AcsSystemID: "a", Limit: 5, PageCursor: pg.NextPageCursor}, 7)
	if err != nil || next.Limit != 5 || next.After == nil || *next.After != last {
		t.Errorf("next page: %+v, %v; want after %+v", next, err, last)
	}
	if _, err := page.ListRequest(listParams{AcsSystemID: "b", PageCursor: pg.NextPageCursor}, 7); lintel.ErrorCode(err) != lintel.EInvalidInput {
		t.Errorf("cursor with other filters: %v, want invalid_input", err)
	}
	bad := "not a cursor"
	if _, err := page.ListRequest(listParams{PageCursor: &bad}, 7); lintel.ErrorCode(err) != lintel.EInvalidInput {
		t.Errorf("bad cursor: %v, want invalid_input", err)
	}
}
