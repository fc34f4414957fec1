package acs

// SetReconcilePageSize changes the page size of reconciliation for a test
// and returns the function that restores it.
func SetReconcilePageSize(n int) (restore func()) {
	old := reconcilePageSize
	reconcilePageSize = n
	return func() { reconcilePageSize = old }
}
