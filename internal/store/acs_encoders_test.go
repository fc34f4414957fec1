package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func encoderIDs(list []store.AcsEncoder) []string {
	out := []string{}
	for _, e := range list {
		out = append(out, e.AcsEncoderID)
	}
	return out
}

func TestAcsEncoders(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		sysA, sysB := a.Systems[0], b.Systems[0]
		desk := store.AcsEncoder{AcsEncoderID: lintel.NewID(), AcsSystemID: sysA.AcsSystemID, ExternalID: "desk", DisplayName: "Front desk"}
		other := store.AcsEncoder{AcsEncoderID: lintel.NewID(), AcsSystemID: a.Systems[1].AcsSystemID, ExternalID: "o", DisplayName: "Other"}
		bDesk := store.AcsEncoder{AcsEncoderID: lintel.NewID(), AcsSystemID: sysB.AcsSystemID, ExternalID: "desk", DisplayName: "B's desk"}
		inTx(t, st, func(tx *store.Tx) error {
			for i, e := range []*store.AcsEncoder{&desk, &other} {
				e.CreatedAt = tx.Now().Add(time.Duration(i) * time.Millisecond)
				if err := tx.InsertAcsEncoder(ctx, a.WorkspaceID, *e); err != nil {
					return err
				}
			}
			bDesk.CreatedAt = tx.Now()
			if err := tx.InsertAcsEncoder(ctx, b.WorkspaceID, bDesk); err != nil {
				return err
			}
			// Different workspace: W_B cannot put an encoder on W_A's system.
			stray := store.AcsEncoder{AcsEncoderID: lintel.NewID(), AcsSystemID: sysA.AcsSystemID, ExternalID: "x", DisplayName: "x", CreatedAt: tx.Now()}
			wantNotFound(t, "InsertAcsEncoder by W_B on W_A's system", tx.InsertAcsEncoder(ctx, b.WorkspaceID, stray))
			return nil
		})
		userA := sysA.AcsUserIDs[0]
		credA, credB := sysA.CredentialIDs[userA][0], sysB.CredentialIDs[sysB.AcsUserIDs[0]][0]
		inTx(t, st, func(tx *store.Tx) error {
			next := `{"error_code":"encoding_interrupted"}`
			e := desk
			e.NextEncode, e.CardCredentialID = &next, &credA
			if err := tx.SetAcsEncoderState(ctx, a.WorkspaceID, e); err != nil {
				return err
			}
			// Different workspace: W_B changes nothing of W_A's encoder,
			// and encodes none of W_A's credentials.
			e.NextScan = &next
			wantNotFound(t, "SetAcsEncoderState by W_B", tx.SetAcsEncoderState(ctx, b.WorkspaceID, e))
			_, err := tx.EncodeAcsCredential(ctx, b.WorkspaceID, credA, "CARD")
			wantNotFound(t, "EncodeAcsCredential by W_B", err)
			if _, err := tx.EncodeAcsCredential(ctx, b.WorkspaceID, credB, "B-CARD"); err != nil {
				return err
			}
			was, err := tx.EncodeAcsCredential(ctx, a.WorkspaceID, credA, "A-CARD")
			if err != nil {
				return err
			}
			c, err := tx.AcsCredential(ctx, a.WorkspaceID, credA)
			if err != nil {
				return err
			}
			if c.CardNumber == nil || *c.CardNumber != "A-CARD" || !c.IsIssued || c.IssuedAt == nil {
				t.Errorf("credential after encoding = %+v (was issued: %v)", c, was)
			}
			_, err = tx.EncodeAcsCredential(ctx, a.WorkspaceID, lintel.NewID(), "x")
			wantNotFound(t, "EncodeAcsCredential unknown", err)
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.AcsEncoder(ctx, a.WorkspaceID, desk.AcsEncoderID)
			if err != nil {
				return err
			}
			if got.DisplayName != "Front desk" || got.NextEncode == nil || got.NextScan != nil || got.CardCredentialID == nil ||
				*got.CardCredentialID != credA || got.ConnectedAccountID == "" || got.WorkspaceID != a.WorkspaceID {
				t.Errorf("AcsEncoder = %+v", got)
			}
			_, err = tx.AcsEncoder(ctx, b.WorkspaceID, desk.AcsEncoderID)
			wantNotFound(t, "AcsEncoder from W_B", err)
			for _, c := range []struct {
				name string
				ws   string
				f    store.AcsEncoderFilter
				r    page.Request
				want []string
			}{
				{"all", a.WorkspaceID, store.AcsEncoderFilter{}, page.Request{}, []string{desk.AcsEncoderID, other.AcsEncoderID}},
				{"one page", a.WorkspaceID, store.AcsEncoderFilter{}, page.Request{Limit: 1}, []string{desk.AcsEncoderID, other.AcsEncoderID}},
				{"by system", a.WorkspaceID, store.AcsEncoderFilter{AcsSystemIDs: []string{sysA.AcsSystemID}}, page.Request{}, []string{desk.AcsEncoderID}},
				{"by ids", a.WorkspaceID, store.AcsEncoderFilter{AcsEncoderIDs: []string{other.AcsEncoderID}}, page.Request{}, []string{other.AcsEncoderID}},
				{"no ids", a.WorkspaceID, store.AcsEncoderFilter{AcsEncoderIDs: []string{}}, page.Request{}, []string{}},
				{"W_B's", b.WorkspaceID, store.AcsEncoderFilter{}, page.Request{}, []string{bDesk.AcsEncoderID}},
				{"W_B by W_A's system", b.WorkspaceID, store.AcsEncoderFilter{AcsSystemIDs: []string{sysA.AcsSystemID}}, page.Request{}, []string{}},
				{"W_B by W_A's ids", b.WorkspaceID, store.AcsEncoderFilter{AcsEncoderIDs: []string{desk.AcsEncoderID}}, page.Request{}, []string{}},
			} {
				got, err := tx.ListAcsEncoders(ctx, c.ws, c.f, c.r)
				if err != nil {
					return err
				}
				if !slices.Equal(encoderIDs(got), c.want) {
					t.Errorf("ListAcsEncoders %s = %v, want %v", c.name, encoderIDs(got), c.want)
				}
			}
			return nil
		})
	})
}
