package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestActionAttempts(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := twoWorkspaces(t, st)
		var ids []string
		inTx(t, st, func(tx *store.Tx) error {
			for i := range 5 {
				id := lintel.NewID()
				ids = append(ids, id)
				created := tx.Now().Add(time.Duration(i) * time.Millisecond)
				if err := tx.InsertActionAttempt(ctx, a.WorkspaceID, store.ActionAttempt{ActionAttemptID: id,
					ActionType: "UNLOCK_DOOR", Status: "pending", CreatedAt: created, UpdatedAt: created}); err != nil {
					return err
				}
			}
			return nil
		})

		t.Run("get", func(t *testing.T) {
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.ActionAttempt(ctx, a.WorkspaceID, ids[0])
				if err != nil {
					return err
				}
				if got.ActionType != "UNLOCK_DOOR" || got.Status != "pending" || got.Result != nil || got.Error != nil || got.WorkspaceID != a.WorkspaceID {
					t.Errorf("ActionAttempt = %+v", got)
				}
				// Different workspace.
				if _, err := tx.ActionAttempt(ctx, b.WorkspaceID, ids[0]); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("ActionAttempt from W_B: %v", err)
				}
				return nil
			})
		})

		t.Run("list", func(t *testing.T) {
			seen := map[string]bool{}
			var cursor *string
			for range 10 {
				req, err := page.NewRequest(2, 500, cursor, nil)
				if err != nil {
					t.Fatal(err)
				}
				var rows []store.ActionAttempt
				view(t, st, func(tx *store.Tx) error {
					rows, err = tx.ListActionAttempts(ctx, a.WorkspaceID, store.ActionAttemptFilter{}, req)
					return err
				})
				rows, pg := page.Result(req, rows, func(x store.ActionAttempt) page.Key {
					return page.Key{CreatedAt: x.CreatedAt, ID: x.ActionAttemptID}
				})
				for _, x := range rows {
					if seen[x.ActionAttemptID] {
						t.Errorf("attempt %s listed twice", x.ActionAttemptID)
					}
					seen[x.ActionAttemptID] = true
				}
				if !pg.HasNextPage {
					break
				}
				cursor = pg.NextPageCursor
			}
			if len(seen) != len(ids) {
				t.Errorf("paged through %d attempts, want %d", len(seen), len(ids))
			}
			req, _ := page.NewRequest(0, 500, nil, nil)
			view(t, st, func(tx *store.Tx) error {
				rows, err := tx.ListActionAttempts(ctx, a.WorkspaceID, store.ActionAttemptFilter{IDs: []string{ids[1], ids[3], lintel.NewID()}}, req)
				if err != nil || len(rows) != 2 || rows[0].ActionAttemptID != ids[1] || rows[1].ActionAttemptID != ids[3] {
					t.Errorf("by ids: %+v, %v", rows, err)
				}
				if rows, err := tx.ListActionAttempts(ctx, a.WorkspaceID, store.ActionAttemptFilter{IDs: []string{}}, req); err != nil || len(rows) != 0 {
					t.Errorf("empty ids: %d rows, %v", len(rows), err)
				}
				// Different workspace: nothing, with or without ids.
				if rows, err := tx.ListActionAttempts(ctx, b.WorkspaceID, store.ActionAttemptFilter{}, req); err != nil || len(rows) != 0 {
					t.Errorf("W_B's list: %d rows, %v", len(rows), err)
				}
				if rows, err := tx.ListActionAttempts(ctx, b.WorkspaceID, store.ActionAttemptFilter{IDs: ids}, req); err != nil || len(rows) != 0 {
					t.Errorf("W_B's list of W_A's ids: %d rows, %v", len(rows), err)
				}
				return nil
			})
		})

		t.Run("finish", func(t *testing.T) {
			result, failure := `{"was_confirmed_by_device":true}`, `{"type":"x","message":"y"}`
			inTx(t, st, func(tx *store.Tx) error {
				// Different workspace: nothing changes.
				if _, err := tx.FinishActionAttempt(ctx, b.WorkspaceID, ids[0], "success", &result, nil); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("FinishActionAttempt from W_B: %v", err)
				}
				if got, err := tx.ActionAttempt(ctx, a.WorkspaceID, ids[0]); err != nil || got.Status != "pending" || got.Result != nil {
					t.Errorf("after W_B's finish, W_A's attempt = %+v, %v", got, err)
				}
				if typ, err := tx.FinishActionAttempt(ctx, a.WorkspaceID, ids[0], "success", &result, nil); err != nil {
					return err
				} else if typ != "UNLOCK_DOOR" {
					t.Errorf("FinishActionAttempt returned action type %q, want UNLOCK_DOOR", typ)
				}
				if _, err := tx.FinishActionAttempt(ctx, a.WorkspaceID, ids[1], "error", nil, &failure); err != nil {
					return err
				}
				// An attempt ends once.
				if _, err := tx.FinishActionAttempt(ctx, a.WorkspaceID, ids[0], "error", nil, &failure); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("finishing a finished attempt: %v", err)
				}
				return nil
			})
			view(t, st, func(tx *store.Tx) error {
				ok, err := tx.ActionAttempt(ctx, a.WorkspaceID, ids[0])
				if err != nil || ok.Status != "success" || ok.Result == nil || *ok.Result != result || ok.Error != nil {
					t.Errorf("succeeded attempt = %+v, %v", ok, err)
				}
				failed, err := tx.ActionAttempt(ctx, a.WorkspaceID, ids[1])
				if err != nil || failed.Status != "error" || failed.Error == nil || *failed.Error != failure || failed.Result != nil {
					t.Errorf("failed attempt = %+v, %v", failed, err)
				}
				return nil
			})
		})

		t.Run("on a device", func(t *testing.T) {
			device, onDevice := lintel.NewID(), lintel.NewID()
			inTx(t, st, func(tx *store.Tx) error {
				return tx.InsertActionAttempt(ctx, a.WorkspaceID, store.ActionAttempt{ActionAttemptID: onDevice,
					ActionType: "LOCK_DOOR", Status: "pending", CreatedAt: tx.Now(), UpdatedAt: tx.Now(), DeviceID: &device})
			})
			view(t, st, func(tx *store.Tx) error {
				got, err := tx.ListActionAttempts(ctx, a.WorkspaceID, store.ActionAttemptFilter{DeviceID: device}, page.Request{Limit: 10})
				if err != nil || len(got) != 1 || got[0].ActionAttemptID != onDevice || got[0].DeviceID == nil || *got[0].DeviceID != device {
					t.Errorf("attempts on the device = %+v, %v", got, err)
				}
				// Different workspace.
				if got, err := tx.ListActionAttempts(ctx, b.WorkspaceID, store.ActionAttemptFilter{DeviceID: device}, page.Request{Limit: 10}); err != nil || len(got) != 0 {
					t.Errorf("W_B lists W_A's attempts on the device: %+v, %v", got, err)
				}
				if got, err := tx.PendingActionAttemptsOfDevice(ctx, a.WorkspaceID, device); err != nil || len(got) != 1 || got[0] != onDevice {
					t.Errorf("pending attempts on the device = %v, %v", got, err)
				}
				if got, err := tx.PendingActionAttemptsOfDevice(ctx, b.WorkspaceID, device); err != nil || len(got) != 0 {
					t.Errorf("W_B sees W_A's pending attempts on the device: %v, %v", got, err)
				}
				return nil
			})
			failure := `{"type":"x","message":"y"}`
			inTx(t, st, func(tx *store.Tx) error {
				_, err := tx.FinishActionAttempt(ctx, a.WorkspaceID, onDevice, "error", nil, &failure)
				return err
			})
			view(t, st, func(tx *store.Tx) error {
				if got, err := tx.PendingActionAttemptsOfDevice(ctx, a.WorkspaceID, device); err != nil || len(got) != 0 {
					t.Errorf("an ended attempt is still pending: %v, %v", got, err)
				}
				return nil
			})
		})

		// Different workspace: an attempt W_B records is W_B's alone.
		t.Run("different workspace insert", func(t *testing.T) {
			theirs := lintel.NewID()
			inTx(t, st, func(tx *store.Tx) error {
				return tx.InsertActionAttempt(ctx, b.WorkspaceID, store.ActionAttempt{ActionAttemptID: theirs,
					ActionType: "UNLOCK_DOOR", Status: "pending", CreatedAt: tx.Now(), UpdatedAt: tx.Now()})
			})
			view(t, st, func(tx *store.Tx) error {
				if _, err := tx.ActionAttempt(ctx, a.WorkspaceID, theirs); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("W_B's attempt from W_A: %v, want ErrNotFound", err)
				}
				if got, err := tx.ListActionAttempts(ctx, a.WorkspaceID, store.ActionAttemptFilter{IDs: []string{theirs}}, page.Request{Limit: 10}); err != nil || len(got) != 0 {
					t.Errorf("W_B's attempt listed in W_A: %+v, %v", got, err)
				}
				return nil
			})
		})
	})
}
