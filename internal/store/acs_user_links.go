package store

import "context"

// UnlinkedAcsUserMatching finds a live user of a system that belongs to no
// user identity and has the given email address or phone number, for
// linking it to an identity that has those. ErrNotFound when there is none.
func (tx *Tx) UnlinkedAcsUserMatching(ctx context.Context, workspaceID, acsSystemID string, email, phone *string) (AcsUser, error) {
	if email == nil && phone == nil {
		return AcsUser{}, ErrNotFound
	}
	var w where
	w.add("u.workspace_id = ?", workspaceID)
	w.add("u.acs_system_id = ?", acsSystemID)
	w.add("u.deleted_at IS NULL AND u.delete_requested_at IS NULL AND u.user_identity_id IS NULL")
	switch {
	case email != nil && phone != nil:
		w.add("(LOWER(u.email_address) = LOWER(?) OR u.phone_number = ?)", *email, *phone)
	case email != nil:
		w.add("LOWER(u.email_address) = LOWER(?)", *email)
	default:
		w.add("u.phone_number = ?", *phone)
	}
	return oneAcsUser(tx.q.QueryRowContext(ctx, acsUserSelect+w.sql()+" ORDER BY u.created_at, u.acs_user_id LIMIT 1", w.args...))
}
