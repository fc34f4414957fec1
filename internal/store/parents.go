package store

// A write that names a parent row (a system, a user, an identity) selects
// that parent within the workspace, so that another workspace's id writes
// nothing and the method reports ErrNotFound. The foreign keys only check
// that the parent exists somewhere; these conditions check whose it is. The
// domain layer loads every parent within the workspace first, so they only
// ever fire on a bug: they are the store's own line of defence.
//
// The fragments are static SQL of this package; ws and id are placeholders
// ("$2"). Tables and columns are fixed below, never taken from input.

// inWorkspace renders "the row table.idCol = id belongs to workspace ws".
func inWorkspace(table, idCol, ws, id string) string {
	return `EXISTS (SELECT 1 FROM ` + table + ` p WHERE p.workspace_id = ` + ws + ` AND p.` + idCol + ` = ` + id + `)`
}

// nullOrInWorkspace is inWorkspace for an optional parent: a NULL id passes.
// The CAST gives PostgreSQL the parameter's type where the statement alone
// would not (a parameter in a SELECT list is resolved as text anyway).
func nullOrInWorkspace(table, idCol, ws, id string) string {
	return `(CAST(` + id + ` AS TEXT) IS NULL OR ` + inWorkspace(table, idCol, ws, id) + `)`
}
