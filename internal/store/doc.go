// Package store keeps lintel's state in SQLite or PostgreSQL through
// database/sql. One SQL text serves both dialects ($n placeholders, standard
// SQL); every method that touches tenant data takes the workspace id, so a row
// of another workspace is simply not found.
//
// # Which types live where
//
// The store speaks in its own row types, one per table family, declared in
// the file of the methods that read and write them (AcsUser in acs_users.go,
// Event in events.go, Workspace in workspaces.go). It imports neither the
// wire types of package client nor the model of a connector, for three
// reasons:
//
//   - A client type is the API's shape and changes when the API does; a
//     table changes only with a migration. Kept apart, a renamed or added
//     wire field never silently changes what is stored, and an API change
//     needs no migration unless the data changes.
//   - The domain packages (acs, identity, workspace, event, webhook, …) are
//     the one place where a row becomes what the API shows: each has a
//     present function per type (acs.presentUser, event.Present, …) that
//     turns store.X into client.X, and builds the row from the request's
//     params on the way in.
//   - A connector's model (connector.ProviderUser, connector.Mutation) is
//     what crosses to an access system and what a queued River job carries
//     as JSON; that JSON outlives the process that queued it, so it must
//     not change when a table does. Job arguments are types of the package
//     that owns the job (connector.Mutation, webhook.Delivery), never a
//     store struct. The sandbox connector keeps its simulated access system
//     in this package's sandbox tables, through their own row types
//     (SandboxUser, SandboxCredential), and converts.
//
// A column holding a JSON document is one of two kinds. A document the
// store never looks inside (an event's payload, a workspace's Connect
// Webview customization, a system's connector configuration) is a string of
// JSON in the row type, and the package that writes it owns its shape. A
// document the store edits itself (an object's errors, added and removed by
// code) has a store type (ObjectError) whose JSON is the stored format.
//
// A new domain follows the same pattern: a store file per table family with
// its row type and its methods (each with a different-workspace test, see
// TestEveryTxMethodIsCovered); a domain package that presents the rows as
// client types; connector types for what goes to the access system.
//
// # Errors
//
// A lookup that finds nothing in the workspace returns ErrNotFound. The
// driver errors the store recognises are classified by their codes
// (SQLite's extended result codes, PostgreSQL's SQLSTATE) and wrapped, so
// that errors.Is(err, store.ErrX) holds while the driver's error stays in
// the chain for the logs:
//
//   - ErrConflict: a unique or primary key would be violated.
//   - ErrSerialization: PostgreSQL could not serialize the transaction, or
//     found a deadlock, and InTx's retries did not get it through.
//   - ErrUnavailable: the database cannot serve right now: disk full,
//     read-only, an I/O error, a lock not granted in time, out of memory,
//     too many connections, a connection refused or lost.
//
// Every error leaving InTx, View and Read is classified; a method whose
// caller must tell a class apart inside the transaction (InsertUserIdentity
// and ErrConflict) classifies its own. No package above the store looks at
// a driver's error type or message text: they test these errors with
// errors.Is, and the HTTP edge answers ErrUnavailable and ErrSerialization
// with 503.
package store
