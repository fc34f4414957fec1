// Package page implements keyset pagination: opaque cursors that carry the
// position of the last item returned and a hash of the filters they were
// issued for, so that following cursors visits every object exactly once
// and a cursor reused with other filters is refused.
package page

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/lintel-dev/lintel"
)

// MaxLimit caps a page; larger requested limits are clamped to it.
const MaxLimit = 500

// Key is a position in a list ordered by (created_at, id).
type Key struct {
	CreatedAt time.Time
	ID        string
}

// Request is the pagination part of a list call, decoded and checked.
type Request struct {
	Limit int
	// After is the position to continue from; nil for the first page.
	After *Key
	// filters identifies the query, to refuse foreign cursors.
	filters string
}

type cursor struct {
	CreatedAt int64  `json:"c"`
	ID        string `json:"i"`
	Filters   string `json:"f"`
}

// NewRequest checks limit and cursor for a list whose other parameters are
// filters (any JSON-encodable value, typically the params struct without
// limit and page_cursor). defaultLimit applies when limit is 0.
func NewRequest(limit, defaultLimit int, pageCursor *string, filters any) (Request, error) {
	r := Request{Limit: limit}
	if r.Limit <= 0 {
		r.Limit = defaultLimit
	}
	r.Limit = min(r.Limit, MaxLimit)
	r.filters = hashFilters(filters)
	if pageCursor == nil || *pageCursor == "" {
		return r, nil
	}
	bad := errInvalidCursor()
	raw, err := base64.RawURLEncoding.DecodeString(*pageCursor)
	if err != nil || len(raw) > 1024 {
		return r, bad
	}
	var c cursor
	if err := json.Unmarshal(raw, &c); err != nil || !lintel.IsUUID(c.ID) {
		return r, bad
	}
	if c.Filters != r.filters {
		return r, &lintel.Error{Code: lintel.EInvalidInput,
			Message: "page_cursor was issued for other parameters; repeat the original parameters with it",
			Fields:  map[string][]string{"page_cursor": {"Cursor does not match the other parameters"}}}
	}
	r.After = &Key{CreatedAt: time.UnixMilli(c.CreatedAt).UTC(), ID: c.ID}
	return r, nil
}

// ListRequest is NewRequest for a list's params struct, from which it
// reads limit and page_cursor, as the API names them in every list; every
// other parameter is a filter the cursor is bound to.
func ListRequest(params any, defaultLimit int) (Request, error) {
	var fields map[string]any
	b, err := json.Marshal(params)
	if err == nil {
		err = json.Unmarshal(b, &fields)
	}
	if err != nil {
		return Request{}, fmt.Errorf("page: list params %T: %w", params, err)
	}
	limit, _ := fields["limit"].(float64)
	var pageCursor *string
	if c, ok := fields["page_cursor"].(string); ok {
		pageCursor = &c
	}
	delete(fields, "limit")
	delete(fields, "page_cursor")
	return NewRequest(int(limit), defaultLimit, pageCursor, fields)
}

// Fetch is how many rows a store query should read: one more than the
// limit, to learn whether another page exists.
func (r Request) Fetch() int { return r.Limit + 1 }

// Result turns the rows a query returned (up to Fetch of them) into a page:
// at most Limit items and the pagination object. key gives an item's position.
func Result[T any](r Request, rows []T, key func(T) Key) ([]T, Pagination) {
	if rows == nil {
		rows = []T{}
	}
	if len(rows) <= r.Limit {
		return rows, Pagination{}
	}
	rows = rows[:r.Limit]
	last := key(rows[len(rows)-1])
	raw, _ := json.Marshal(cursor{CreatedAt: last.CreatedAt.UnixMilli(), ID: last.ID, Filters: r.filters})
	c := base64.RawURLEncoding.EncodeToString(raw)
	return rows, Pagination{HasNextPage: true, NextPageCursor: &c}
}

// Pagination is the pagination object of a response, before the edge adds
// the next page's URL.
type Pagination struct {
	HasNextPage    bool
	NextPageCursor *string
}

func hashFilters(filters any) string {
	b, _ := json.Marshal(filters)
	// Re-encode with sorted keys so field order never matters.
	var m map[string]any
	if json.Unmarshal(b, &m) == nil {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var sb strings.Builder
		for _, k := range keys {
			v, _ := json.Marshal(m[k])
			fmt.Fprintf(&sb, "%s=%s;", k, v)
		}
		b = []byte(sb.String())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
