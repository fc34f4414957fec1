// Package client is the Go SDK of lintel, a self-hosted server for the Seam
// Connect access-control API. It also holds the request and resource types
// the server itself uses, so the two cannot drift apart.
//
// Build a Client with New, from options or from the environment
// (SEAM_API_KEY, or SEAM_PERSONAL_ACCESS_TOKEN with SEAM_WORKSPACE_ID; and
// SEAM_ENDPOINT or LINTEL_ENDPOINT), then call the API through the
// Client's route groups, which mirror its paths:
//
//	c, err := client.New(client.WithEndpoint("http://127.0.0.1:4555"), client.WithAPIKey(key))
//	…
//	err = c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{AcsUserID: id})
//
// /acs/users/delete is c.Acs.Users.Delete, taking AcsUsersDeleteParams: the
// parameters type of a route is named after its path. Methods of routes that
// answer with an object return it; list routes return a slice, and the
// paginated ones also have a Page form (one page and its Pagination) and an
// All form, an iter.Seq2 over every item of every page. Methods of routes
// that start an action attempt wait for it (see WithActionAttemptWait).
//
// Errors the API answers with are *Error values carrying the HTTP status, the
// error type, its message, the request id and any validation errors.
// Idempotent requests (GET, PUT, DELETE) are retried with back-off after a
// network error, a 429 or a 5xx, honouring Retry-After. Every call takes a
// context, which bounds it, retries and waiting included.
//
// Client.Do calls any route by path, for generic tools; the lintel command
// line is built on it.
package client

//go:generate go run ../internal/sdkgen -o routes_gen.go
