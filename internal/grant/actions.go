package grant

import (
	"context"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/attempt"
	"github.com/lintel-dev/lintel/internal/store"
)

// actionAssignCredential is the action type of access_methods/assign_card.
const actionAssignCredential = "ASSIGN_CREDENTIAL"

// credentialsOf returns the credentials a live method of the workspace was
// resolved into, optionally only those on one access system.
func credentialsOf(ctx context.Context, tx *store.Tx, ws string, m store.AccessMethod, acsSystemID string) ([]string, error) {
	objects, err := tx.AccessMethodObjects(ctx, ws, []string{m.AccessMethodID})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, o := range objects[m.AccessMethodID] {
		if o.ObjectType == store.ObjectAcsCredential && (acsSystemID == "" || (o.AcsSystemID != nil && *o.AcsSystemID == acsSystemID)) {
			out = append(out, o.ObjectID)
		}
	}
	return out, nil
}

// UnlockDoor opens an entrance remotely with a cloud key access method: the
// unlock goes, as acs/entrances/unlock, to the access system with the
// method's credential there, and answers an UNLOCK_DOOR action attempt.
func (s *Service) UnlockDoor(ctx context.Context, p lintel.Principal, in client.AccessMethodsUnlockDoorParams) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		m, err := tx.AccessMethod(ctx, ws, in.AccessMethodID)
		if err != nil {
			return notFound(err, errMethodNotFound)
		}
		e, err := tx.AcsEntrance(ctx, ws, in.AcsEntranceID)
		if err != nil {
			return notFound(err, errEntranceNotFound)
		}
		if m.Mode != "cloud_key" {
			return invalid("access_method_id", "Only an access method of mode cloud_key unlocks a door remotely; this one is "+m.Mode)
		}
		creds, err := credentialsOf(ctx, tx, ws, m, e.AcsSystemID)
		if err != nil {
			return err
		}
		if len(creds) == 0 {
			return invalid("acs_entrance_id", "The access method gives no access on this entrance's access system")
		}
		id, err := s.acs.UnlockTx(ctx, tx, ws, creds[0], e.AcsEntranceID)
		if err != nil {
			return err
		}
		out, err = attempt.Load(ctx, tx, ws, id)
		return err
	})
	return out, err
}

// AssignCard gives the cards of a card access method the number of a
// physical card: each card credential takes it and is issued, and so is
// the method. The ASSIGN_CREDENTIAL attempt's result is the method.
func (s *Service) AssignCard(ctx context.Context, p lintel.Principal, in client.AccessMethodsAssignCardParams) (client.ActionAttempt, error) {
	var out client.ActionAttempt
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		ws := p.WorkspaceID
		m, err := tx.AccessMethod(ctx, ws, in.AccessMethodID)
		if err != nil {
			return notFound(err, errMethodNotFound)
		}
		if m.Mode != "card" {
			return invalid("access_method_id", "Only an access method of mode card takes a card; this one is "+m.Mode)
		}
		creds, err := credentialsOf(ctx, tx, ws, m, "")
		if err != nil {
			return err
		}
		id, err := attempt.Start(ctx, tx, ws, actionAssignCredential)
		if err != nil {
			return err
		}
		for _, c := range creds {
			if err := s.acs.AssignCardTx(ctx, tx, ws, c, in.CardNumber); err != nil {
				return err
			}
		}
		now, err := tx.AccessMethod(ctx, ws, m.AccessMethodID)
		if err != nil {
			return err
		}
		shown, err := presentMethods(ctx, tx, ws, []store.AccessMethod{now})
		if err != nil {
			return err
		}
		if err := attempt.Succeed(ctx, tx, s.events, ws, id, shown[0]); err != nil {
			return err
		}
		out, err = attempt.Load(ctx, tx, ws, id)
		return err
	})
	return out, err
}
