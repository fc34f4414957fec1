package client

// Pagination tells a caller of a paginated list how to get the next page.
type Pagination struct {
	HasNextPage    bool    `json:"has_next_page"`
	NextPageCursor *string `json:"next_page_cursor"`
	NextPageURL    *string `json:"next_page_url"`
}
