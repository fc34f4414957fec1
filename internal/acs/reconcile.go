package acs

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/store"
)

// ReconcileReport counts what one reconciliation of a system found and did.
type ReconcileReport struct {
	// Checked is the number of managed users compared.
	Checked int `json:"checked"`
	// InFlight users were skipped: a queued mutation of theirs is on its way.
	InFlight int `json:"in_flight"`
	// DeletesFinished were pending deletions the system no longer holds.
	DeletesFinished int `json:"deletes_finished"`
	// Requeued mutations: deletions, creations and updates pushed again.
	Requeued int `json:"requeued"`
	// DeletedExternally users vanished from the system outside lintel.
	DeletedExternally int `json:"deleted_externally"`
	// Tombstoned users the system still holds under the external id of a
	// user deleted in lintel; they are never brought back.
	Tombstoned int `json:"tombstoned"`
	// Unknown users the system holds that lintel never managed.
	Unknown int `json:"unknown"`
	// PagesRepaired counts the pages that differed and were compared again,
	// and repaired, in a write transaction; the others were only read.
	PagesRepaired int `json:"pages_repaired"`
}

// Reconcile compares what lintel wants an access system to hold with what
// the system holds (Connector.Users), and repairs the difference:
//   - a pending deletion the system no longer holds is finished; one it
//     still holds, with no job on its way, is pushed again;
//   - a user whose creation failed is pushed again;
//   - a user whose details differ is pushed again as an update;
//   - a managed user that vanished from the system gets the
//     deleted_externally error, and its credentials are invalidated, with
//     one acs_credential.invalidated event each, once;
//   - a user the system holds under the external id of a user deleted in
//     lintel (a tombstone) is never brought back.
//
// Users with queued mutations still waiting are left to them. The system
// is walked in pages of external ids, each page in its own transaction: the
// listing and the repairs of a page see one state, memory stays bounded
// whatever the size of the system, and the writer is never held for long.
// A page is first compared in a read transaction; only one that differs is
// compared again, and repaired, in a write transaction. So a system that
// matches costs the single SQLite writer nothing, however large it is.
// A system that is gone is not an error: there is nothing left to reconcile.
func (s *Service) Reconcile(ctx context.Context, workspaceID, acsSystemID string) (ReconcileReport, error) {
	rep, _, err := s.ReconcileFrom(ctx, workspaceID, acsSystemID, "", ReconcileLimits{})
	return rep, err
}

// ReconcileLimits bound one call of ReconcileFrom. The zero value reconciles
// the whole system, page after page.
type ReconcileLimits struct {
	// For is how long the call may go on: it stops after the page that
	// crosses it. Zero: no limit.
	For time.Duration
	// Pause spaces the pages: after a page that took d, the next one starts
	// Pause×d later: with Pause 9 a reconciliation keeps to a tenth of one
	// core, leaving the rest to the requests.
	Pause float64
}

// ReconcileFrom reconciles a system as Reconcile does, from the page after
// the external id `after` ("" from the start), within lim. It returns
// where it stopped, to be passed back as `after`, or "" when the system is
// done.
func (s *Service) ReconcileFrom(ctx context.Context, workspaceID, acsSystemID, after string, lim ReconcileLimits) (ReconcileReport, string, error) {
	var total ReconcileReport
	start := time.Now()
	for {
		var rep ReconcileReport
		var next string
		var done bool
		page := func(repair bool) func(tx *store.Tx) error {
			return func(tx *store.Tx) error {
				rep = ReconcileReport{} // the store may run this function again
				var err error
				next, done, err = s.reconcilePage(ctx, tx, workspaceID, acsSystemID, after, repair, &rep)
				return err
			}
		}
		began := time.Now()
		err := s.store.View(ctx, page(false))
		if errors.Is(err, errNeedsRepair) {
			err = s.store.InSnapshotTx(ctx, page(true))
			rep.PagesRepaired = 1
		}
		if err != nil {
			return total, after, err
		}
		total.add(rep)
		if done {
			return total, "", nil
		}
		after = next
		if lim.For > 0 && time.Since(start) >= lim.For {
			return total, after, nil
		}
		if lim.Pause > 0 {
			pause := time.Duration(lim.Pause * float64(time.Since(began)))
			if lim.For > 0 && time.Since(start)+pause >= lim.For {
				return total, after, nil // the next page starts the next call
			}
			t := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				t.Stop()
				return total, after, ctx.Err()
			case <-t.C:
			}
		}
	}
}

// reconcilePageSize is how many users of each side one page compares (a
// variable for tests).
var reconcilePageSize = 500

// errNeedsRepair ends a read-only comparison of a page at its first
// difference.
var errNeedsRepair = errors.New("reconcile: the page needs repairs")

// reconcilePage compares the users of both sides whose external ids sort
// after `after`, up to the end of the shorter full page, and repairs them;
// without repair it stops with errNeedsRepair where a repair is due. It
// returns where the next page starts, or done.
func (s *Service) reconcilePage(ctx context.Context, tx *store.Tx, workspaceID, acsSystemID, after string, repair bool, rep *ReconcileReport) (string, bool, error) {
	sys, err := tx.AcsSystem(ctx, workspaceID, acsSystemID)
	if errors.Is(err, store.ErrNotFound) {
		return "", true, nil
	}
	if err != nil {
		return "", false, err
	}
	c, err := s.connectors.For(sys)
	if err != nil {
		return "", false, err
	}
	// lintel's users are read before the system's. On PostgreSQL a write
	// transaction reads at READ COMMITTED: each statement sees what has
	// committed when it starts. A user created in between (its row and the
	// system's, one transaction) is then held by the system but not yet in
	// lintel's list, an unknown user this page leaves alone; the other order
	// would find it in lintel but not on the system and invalidate its
	// credentials as deleted outside lintel.
	users, err := tx.ManagedAcsUsersOfSystem(ctx, workspaceID, acsSystemID, after, reconcilePageSize)
	if err != nil {
		return "", false, err
	}
	held, err := c.Users(ctx, tx, sys, after, reconcilePageSize)
	if err != nil {
		return "", false, err
	}
	// The page ends at the last id of whichever side filled its page first:
	// beyond it, that side has not been read yet.
	upTo, done := "", true
	for _, last := range []string{lastHeld(held), lastUser(users)} {
		if last != "" && (done || last < upTo) {
			upTo, done = last, false
		}
	}
	if len(held) < reconcilePageSize && len(users) < reconcilePageSize {
		upTo, done = "", true
	}
	within := func(ext string) bool { return done || ext <= upTo }
	inFlight, err := tx.QueuedSubjectsOfSystem(ctx, workspaceID, acsSystemID)
	if err != nil {
		return "", false, err
	}
	byExternalID := make(map[string]connector.ProviderUser, len(held))
	for _, p := range held {
		if within(p.ExternalID) {
			byExternalID[p.ExternalID] = p
		}
	}
	for _, u := range users {
		if !within(u.ExternalID) {
			break
		}
		p, present := byExternalID[u.ExternalID]
		delete(byExternalID, u.ExternalID)
		rep.Checked++
		if inFlight[connector.Mutation{AcsSystemID: acsSystemID, UserExternalID: u.ExternalID}.Subject()] {
			rep.InFlight++
			continue
		}
		if !repair && needsRepair(u, p, present) {
			return "", false, errNeedsRepair
		}
		if err := s.reconcileUser(ctx, tx, sys, u, p, present, rep); err != nil {
			return "", false, err
		}
	}
	for ext := range byExternalID {
		taken, err := tx.AcsUserExternalIDTaken(ctx, workspaceID, acsSystemID, ext)
		if err != nil {
			return "", false, err
		}
		if taken {
			rep.Tombstoned++
		} else {
			rep.Unknown++
		}
	}
	return upTo, done, nil
}

func lastHeld(ps []connector.ProviderUser) string {
	if len(ps) < reconcilePageSize {
		return ""
	}
	return ps[len(ps)-1].ExternalID
}

func lastUser(us []store.AcsUser) string {
	if len(us) < reconcilePageSize {
		return ""
	}
	return us[len(us)-1].ExternalID
}

// add sums another page's counts into r.
func (r *ReconcileReport) add(o ReconcileReport) {
	r.Checked += o.Checked
	r.InFlight += o.InFlight
	r.DeletesFinished += o.DeletesFinished
	r.Requeued += o.Requeued
	r.DeletedExternally += o.DeletedExternally
	r.Tombstoned += o.Tombstoned
	r.Unknown += o.Unknown
	r.PagesRepaired += o.PagesRepaired
}

// needsRepair reports whether reconcileUser would change anything for u.
func needsRepair(u store.AcsUser, p connector.ProviderUser, present bool) bool {
	switch {
	case u.DeleteRequestedAt != nil:
		return true
	case !present:
		return !slices.Contains(userErrorCodes(u), errDeletedExternally) ||
			slices.Contains(userErrorCodes(u), errFailedToCreate)
	}
	return !sameDetails(u, p)
}

// reconcileUser repairs one managed user against what the system holds of
// it (p, if present); needsRepair tells when it changes nothing.
func (s *Service) reconcileUser(ctx context.Context, tx *store.Tx, sys store.AcsSystem, u store.AcsUser, p connector.ProviderUser, present bool, rep *ReconcileReport) error {
	m := connector.Mutation{WorkspaceID: u.WorkspaceID, AcsSystemID: u.AcsSystemID, ObjectID: u.AcsUserID}
	errs := userErrorCodes(u)
	switch {
	case u.DeleteRequestedAt != nil:
		// The deletion was requested and its job is over: the credentials
		// it took out of service get their events when it is final.
		creds, err := tx.CredentialIDsInvalidatedWithUser(ctx, u.WorkspaceID, u.AcsUserID, *u.DeleteRequestedAt)
		if err != nil {
			return err
		}
		m.Kind, m.UserExternalID, m.CredentialIDs = connector.DeleteUser, u.ExternalID, creds
		if present {
			c, err := s.connectors.For(sys)
			if err != nil {
				return err
			}
			if !c.Inline(sys) {
				rep.Requeued++
				return s.push(ctx, tx, sys, m, "deleting", "Deleting the user from the access system")
			}
			// The system applies changes inline now (a sandbox switched
			// back): delete the user there, then finish the deletion
			// requested earlier like a queued one.
			if err := c.Apply(ctx, tx, sys, m); err != nil {
				return err
			}
		}
		rep.DeletesFinished++
		return s.finishUserDelete(ctx, tx, m)
	case !present && slices.Contains(errs, errFailedToCreate):
		m.Kind, m.User = connector.CreateUser, providerUser(u)
		rep.Requeued++
		return s.push(ctx, tx, sys, m, "creating", "Creating the user on the access system")
	case !present:
		if slices.Contains(errs, errDeletedExternally) {
			return nil
		}
		// A deletion committed since the page was read took the user from
		// both sides: read it again (a new statement sees it) before
		// calling it deleted outside lintel.
		now, err := tx.AcsUser(ctx, u.WorkspaceID, u.AcsUserID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && now.DeleteRequestedAt != nil) {
			return nil
		}
		if err != nil {
			return err
		}
		rep.DeletedExternally++
		return s.userDeletedExternally(ctx, tx, u)
	case !sameDetails(u, p):
		m.Kind, m.User = connector.UpdateUser, providerUser(u)
		rep.Requeued++
		return s.push(ctx, tx, sys, m, "updating_user_information", "Updating the user on the access system")
	}
	return nil
}

const errDeletedExternally = "deleted_externally"

// userDeletedExternally records that a managed user vanished from its
// access system: the user carries deleted_externally and its credentials,
// which no longer open anything, are invalidated.
func (s *Service) userDeletedExternally(ctx context.Context, tx *store.Tx, u store.AcsUser) error {
	added, err := tx.AddAcsUserError(ctx, u.WorkspaceID, u.AcsUserID, store.ObjectError{CreatedAt: tx.Now(),
		ErrorCode: errDeletedExternally, Message: "The user was deleted from the access system outside lintel"})
	if err != nil || !added {
		return err
	}
	creds, err := tx.InvalidateCredentialsOfUser(ctx, u.WorkspaceID, u.AcsUserID)
	if err != nil {
		return err
	}
	for _, c := range creds {
		if err := s.events.Record(ctx, tx, u.WorkspaceID, client.Event{EventType: event.AcsCredentialInvalid,
			AcsSystemID: u.AcsSystemID, AcsUserID: u.AcsUserID, AcsCredentialID: c.AcsCredentialID}); err != nil {
			return err
		}
	}
	s.log.Warn("user deleted outside lintel", "workspace_id", u.WorkspaceID, "acs_system_id", u.AcsSystemID,
		"acs_user_id", u.AcsUserID, "credentials_invalidated", len(creds))
	return nil
}

// sameDetails reports whether the system holds the user as lintel wants it.
func sameDetails(u store.AcsUser, p connector.ProviderUser) bool {
	return deref(u.FullName) == deref(p.FullName) && deref(u.EmailAddress) == deref(p.EmailAddress) &&
		deref(u.PhoneNumber) == deref(p.PhoneNumber) && u.IsSuspended == p.IsSuspended
}

func userErrorCodes(u store.AcsUser) []string {
	var codes []string
	for _, e := range store.ObjectErrors(u.Errors) {
		codes = append(codes, e.ErrorCode)
	}
	return codes
}
